"""Reading and writing a unit's opening hours (horaires, ror-model.md §2.4) in French.

A cadre de santé types « lun-ven 9h-12h et 14h-18h » or « 24h/24 », not a grid. :func:`parse_horaires`
turns such a line into plages — one :class:`~ror_assistant.description.Horaire` per day and per
time range, as the ROR wants them (one ``availableTime`` per day and per type of plage) — or
refuses it with one French message saying what could not be read and how to write it.
:func:`horaires_labels` goes the other way (« Du lundi au vendredi, 8 h 30 – 17 h ; samedi,
8 h – 12 h »), and what it writes reads back to the same plages.

Conventions (docs/interview.md, « Horaires »):

- a whole day is 00:00–24:00 (« 24h/24 », « H24 », « jour et nuit »); an end written « 0h »,
  « 24h » or « minuit » is 24:00. FHIR ``availableTime`` would write such a day ``allDay``;
- « du lundi 8h au vendredi 18h » is open without a break: lundi 08:00–24:00, mardi to jeudi
  00:00–24:00, vendredi 00:00–18:00 (one plage per day). A range of days may wrap round the
  week (« du vendredi 18h au lundi 8h », « du samedi au lundi »);
- a plage ends after it begins: a night is written across two days (« du lundi 20h au mardi 8h »);
- « sur rendez-vous » makes every plage of the line a consultation sur RDV (TRE_R252 code 07),
  « sans rendez-vous » one sans RDV (06); otherwise they are horaires de fonctionnement (02).
  One type per answer; the types are the three ror-model.md §2.4 lists (TRE_R252 is not among
  the bundled tables of nomenclatures/nos);
- clauses add up (« en semaine 8h-18h, samedi 8h-12h »); two plages of one day that overlap are
  refused rather than one silently dropped. « sauf le dimanche » / « fermé le dimanche » remove days.

No Textual, no database: the engine, the review sheet and the tests use it alike.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from ror_assistant.description import DAY_NAMES, HORAIRE_TYPES, Horaire
from ror_assistant.rules.validation import Checked
from ror_assistant.textfold import fold

#: TRE_R252 (JDV_J41-TypeHoraire-ROR) codes the assistant writes, as ror-model.md §2.4 lists them.
FONCTIONNEMENT, SANS_RDV, SUR_RDV = "02", "06", "07"
TYPE_LABELS = HORAIRE_TYPES
#: How a label of :func:`horaires_labels` starts for each type (nothing for the usual one).
_TYPE_PREFIX = {SANS_RDV: "Consultations sans rendez-vous : ", SUR_RDV: "Consultations sur rendez-vous : "}

ALL_DAYS = frozenset(range(1, 8))
MIDNIGHT, END_OF_DAY = 0, 24 * 60

HINT = ("écrivez les jours puis les heures, par exemple « du lundi au vendredi de 8h30 à 17h », "
        "« lun-ven 9h-12h et 14h-18h », « en semaine 8h-18h, samedi 8h-12h » ou « 24h/24 ».")


@dataclass(frozen=True)
class HorairesAnswer:
    """The plages of one answer, all of one type (TRE_R252 code)."""

    type_plage: str
    horaires: tuple[Horaire, ...]

    @property
    def label(self) -> str:
        return horaires_labels(self.horaires)[0]


# -- reading ------------------------------------------------------------------------------------

_DAYS = {name: number for number, name in enumerate(DAY_NAMES, start=1)}
_DAYS.update({name[:3]: number for name, number in list(_DAYS.items())})
_DAYS.update({"merc": 3, "vend": 5})

_PHRASES = [  # (token kind, value, pattern) tried in this order at each position of the folded text
    ("full", None, r"24\s*(?:h|heures)?\s*(?:/|sur)\s*24(?:\s*h)?|h\s*24\b|24\s*h\s*24|jour et nuit|nuit et jour"),
    ("days", ALL_DAYS, r"7\s*j(?:ours?)?\s*(?:/|sur)\s*7(?:\s*j(?:ours?)?)?|7\s*/\s*7|tous les jours|"
                       r"chaque jour|toute la semaine|7\s*jours\s*sur\s*7"),
    ("days", frozenset(range(1, 6)), r"jours? ouvres|(?:en |la )?semaine"),
    ("days", frozenset(range(1, 7)), r"jours? ouvrables"),
    ("days", frozenset({6, 7}), r"(?:le |les )?week-?ends?"),
    ("marker", SUR_RDV, r"sur (?:rendez-?\s?vous|rdv)"),
    ("marker", SANS_RDV, r"sans (?:rendez-?\s?vous|rdv)"),
    ("holiday", None, r"(?:les |et )?(?:jours? )?feries?"),
    ("skip", None, r"en continu|sans interruption|non-?stop|a partir d[eu']|apres-midi"),
    ("to", None, r"jusqu'(?:au|a)\b|jusqu'a"),
    ("time", None, r"(\d{1,2})\s*[h:]\s*(?:(\d{2})(?!\s*[h:\d]))?|midi|minuit"),
    ("number", None, r"\d+"),
    ("dash", None, r"-|–|—|‑|>"),
    ("and", None, r",|/|&|\+|\bet\b"),
    ("sep", None, r";|\bpuis\b"),
    ("skip", None, r"[.:()!]"),
    ("word", None, r"[a-z]+'?"),
]
_TOKEN = re.compile("|".join(f"(?P<t{number}>{pattern})" for number, (_, _, pattern) in enumerate(_PHRASES)))
_WORDS = {
    "du": "from", "de": "from", "d'": "from", "des": "from",
    "au": "to", "a": "to", "aux": "to",
    "sauf": "except", "excepte": "except", "hors": "except",
    "ferme": "closed", "fermee": "closed", "fermes": "closed", "fermees": "closed", "fermeture": "closed",
}
#: Words that say nothing about the plages (« ouvert le lundi », « consultations du mardi »).
_FILLER = {
    "le", "la", "les", "l'", "en", "ouvert", "ouverte", "ouverts", "ouvertes", "horaire", "horaires",
    "heure", "heures", "consultation", "consultations", "accueil", "unite", "service", "on", "est", "sont",
    "nous", "sommes", "matin", "matins", "soir", "soirs", "journee", "journees", "y", "c'", "ouverture",
    "plage", "plages", "egalement", "aussi", "seulement", "uniquement", "par", "tous", "toutes",
}


@dataclass(frozen=True)
class _Token:
    kind: str
    value: object
    text: str


class _Refused(Exception):
    def __init__(self, problem: str) -> None:
        super().__init__(problem)
        self.problem = problem


def _minutes(hours: int, minutes: int, text: str) -> int:
    if hours > 24 or minutes > 59 or (hours == 24 and minutes):
        raise _Refused(f"Je ne comprends pas l'heure « {text.strip()} » : les heures vont de 0h à 24h, "
                       "les minutes de 00 à 59.")
    return hours * 60 + minutes


def _tokens(text: str) -> list[_Token]:
    folded = fold(text)
    tokens: list[_Token] = []
    position = 0
    for found in _TOKEN.finditer(folded):
        gap = folded[position:found.start()].strip()
        if gap:
            raise _Refused(f"Je n'ai pas compris « {gap} ».")
        position = found.end()
        # the alternative that matched is the one whose named group took part
        number = next(index for index in range(len(_PHRASES)) if found.group(f"t{index}") is not None)
        kind, value, _ = _PHRASES[number]
        piece = found.group(0)
        if kind == "time":
            if piece == "midi":
                value = 12 * 60
            elif piece == "minuit":
                value = MIDNIGHT
            else:
                digits = re.match(r"(\d{1,2})\s*[h:]\s*(\d{2})?", piece)
                assert digits is not None
                value = _minutes(int(digits.group(1)), int(digits.group(2) or 0), piece)
        elif kind == "number":
            value = int(piece)
        elif kind == "word":
            word = piece.rstrip("s") if piece.rstrip("s") in _DAYS and len(piece) > 4 else piece
            if word in _DAYS:
                kind, value = "day", _DAYS[word]
            elif piece in _WORDS:
                kind = _WORDS[piece]
            elif piece in _FILLER:
                kind = "skip"
        if kind != "skip":
            tokens.append(_Token(kind, value, piece))
    rest = folded[position:].strip()
    if rest:
        raise _Refused(f"Je n'ai pas compris « {rest} ».")
    return tokens


@dataclass
class _Clause:
    days: frozenset[int] | None = None
    times: list[tuple[int, int]] = field(default_factory=list)
    closed: bool = False


def _day_range(first: int, last: int) -> frozenset[int]:
    """Days from ``first`` to ``last`` included, wrapping round the week (samedi → lundi)."""
    span = (last - first) % 7
    return frozenset((first - 1 + step) % 7 + 1 for step in range(span + 1))


def _day_label(day: int) -> str:
    return DAY_NAMES[day - 1]


def time_label(minutes: int) -> str:
    """``510`` → « 8 h 30 », ``1020`` → « 17 h »."""
    hours, rest = divmod(minutes, 60)
    return f"{hours} h {rest:02d}" if rest else f"{hours} h"


def _hhmm(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def _parse_minutes(value: str) -> int:
    hours, minutes = value.split(":")
    return int(hours) * 60 + int(minutes)


class _Reader:
    """Recursive descent over the tokens: clauses of days and times, markers, exceptions."""

    def __init__(self, tokens: list[_Token]) -> None:
        self.tokens, self.position = tokens, 0
        self.clauses: list[_Clause] = []
        self.continuous: list[tuple[int, int, int]] = []  # (day, start, end) of « du lundi 8h au vendredi 18h »
        self.closed_days: set[int] = set()
        self.markers: set[str] = set()
        self.holidays = False

    def peek(self, offset: int = 0) -> _Token | None:
        index = self.position + offset
        return self.tokens[index] if index < len(self.tokens) else None

    def kind(self, offset: int = 0) -> str:
        token = self.peek(offset)
        return token.kind if token else ""

    def take(self) -> _Token:
        token = self.tokens[self.position]
        self.position += 1
        return token

    # -- pieces ----------------------------------------------------------------------------
    def starts_days(self) -> bool:
        offset = 1 if self.kind() == "from" else 0
        return self.kind(offset) in {"day", "days"}

    def starts_times(self) -> bool:
        offset = 1 if self.kind() == "from" else 0
        return self.kind(offset) in {"time", "full"} or (
            self.kind(offset) == "number" and self.kind(offset + 1) in {"dash", "to"}
            and self.kind(offset + 2) in {"time", "number"})

    def continuous_ahead(self) -> bool:
        """« [du] lundi 8h au vendredi 18h »: a day and an hour on each side of « au »."""
        offset = 1 if self.kind() == "from" else 0
        return (self.kind(offset) == "day" and self.kind(offset + 1) == "time"
                and self.kind(offset + 2) in {"to", "dash"} and self.kind(offset + 3) == "day"
                and self.kind(offset + 4) == "time")

    def one_day_set(self) -> frozenset[int]:
        if self.kind() == "from":
            self.take()
        token = self.take()
        if token.kind == "days":
            return token.value  # type: ignore[return-value]
        first = int(token.value)  # type: ignore[arg-type]
        if self.kind() in {"to", "dash"} and self.kind(1) == "day":
            self.take()
            return _day_range(first, int(self.take().value))  # type: ignore[arg-type]
        return frozenset({first})

    def days(self) -> frozenset[int]:
        days = set(self.one_day_set())
        while self.kind() == "and" and self.kind(1) in {"day", "days"}:
            self.take()
            days |= self.one_day_set()
        while self.kind() == "to" and self.kind(1) in {"day", "days"}:  # « lundi au mercredi » after « et »
            self.take()
            days |= self.one_day_set()
        return frozenset(days)

    def hour(self, *, end: bool) -> int:
        token = self.take()
        if token.kind == "number":
            value = int(token.value)  # type: ignore[arg-type]
            minutes = _minutes(value, 0, token.text)
        else:
            minutes = int(token.value)  # type: ignore[arg-type]
        return END_OF_DAY if end and minutes == MIDNIGHT else minutes

    def time_range(self) -> tuple[int, int]:
        if self.kind() == "from":
            self.take()
        if self.kind() == "full":
            self.take()
            return (MIDNIGHT, END_OF_DAY)
        start_token = self.peek()
        start = self.hour(end=False)
        if self.kind() not in {"to", "dash"} or self.kind(1) not in {"time", "number"}:
            assert start_token is not None
            raise _Refused(f"Après « {start_token.text} », il manque l'heure de fin.")
        self.take()
        end_token = self.peek()
        end = self.hour(end=True)
        if end <= start:
            assert end_token is not None
            raise _Refused(f"La fin ({time_label(end)}) n'est pas après le début ({time_label(start)}). "
                           "Pour une nuit, écrivez les deux jours, par exemple « du lundi 20h au mardi 8h ».")
        return (start, end)

    def times(self) -> list[tuple[int, int]]:
        ranges = [self.time_range()]
        while self.kind() in {"and", "sep"} and (self.kind(1) in {"time", "full"} or (
                self.kind(1) == "from" and self.kind(2) in {"time", "number"})
                or (self.kind(1) == "number" and self.kind(2) in {"dash", "to"})):
            self.take()
            ranges.append(self.time_range())
        return ranges

    def continuous_plages(self) -> None:
        if self.kind() == "from":
            self.take()
        first = int(self.take().value)  # type: ignore[arg-type]
        start = self.hour(end=False)
        self.take()
        last = int(self.take().value)  # type: ignore[arg-type]
        end = self.hour(end=True)
        days = sorted(_day_range(first, last), key=lambda day: (day - first) % 7)
        if len(days) == 1:
            if end <= start:
                raise _Refused(f"La fin ({time_label(end)}) n'est pas après le début ({time_label(start)}).")
            self.continuous.append((first, start, end))
            return
        for day in days:
            begin = start if day == first else MIDNIGHT
            finish = end if day == last else END_OF_DAY
            if finish > begin:
                self.continuous.append((day, begin, finish))

    # -- the line --------------------------------------------------------------------------
    def read(self) -> None:
        while self.peek() is not None:
            token = self.peek()
            assert token is not None
            kind = token.kind
            if kind in {"and", "sep"}:
                self.take()
            elif kind == "marker":
                self.markers.add(str(self.take().value))
            elif kind == "holiday":
                self.take()
                self.holidays = True
            elif kind in {"except", "closed"}:
                self.take()
                while self.kind() in {"from", "and"}:
                    self.take()
                if self.kind() == "holiday":  # « sauf jours fériés »: not in the ROR's weekly plages
                    self.take()
                    self.holidays = True
                    continue
                if not self.starts_days():
                    raise _Refused(f"Après « {token.text} », j'attends des jours (par exemple « sauf le dimanche »).")
                removed = self.days()
                if kind == "closed" or not self.clauses:
                    self.closed_days |= removed
                else:
                    clause = self.clauses[-1]
                    clause.days = (clause.days if clause.days is not None else ALL_DAYS) - removed
            elif self.continuous_ahead():
                self.continuous_plages()
            elif self.starts_days():
                self.on_days(self.days())
            elif self.starts_times():
                self.on_times(self.times())
            elif kind in {"time", "number"}:
                raise _Refused(f"« {token.text} » : donnez l'heure de début et l'heure de fin "
                               "(par exemple « 8h-18h »).")
            elif kind == "word":
                raise _Refused(_unknown_word(token.text))
            else:
                raise _Refused(f"Je n'ai pas compris « {token.text} » à cet endroit.")

    def on_days(self, days: frozenset[int]) -> None:
        current = self.clauses[-1] if self.clauses else None
        if current is not None and not current.closed and current.days is None:
            current.days, current.closed = days, True  # « 8h-18h du lundi au vendredi »
        elif current is not None and current.days is not None and not current.times:
            current.days = current.days | days
        else:
            self.clauses.append(_Clause(days=days))

    def on_times(self, times: list[tuple[int, int]]) -> None:
        current = self.clauses[-1] if self.clauses else None
        if current is not None and not current.closed:
            current.times.extend(times)
        else:
            self.clauses.append(_Clause(times=list(times)))

    def plages(self) -> list[tuple[int, int, int]]:
        result = list(self.continuous)
        for clause in self.clauses:
            times = ", ".join(f"{time_label(start)} – {time_label(end)}" for start, end in clause.times)
            if clause.days is None:
                if clause.times == [(MIDNIGHT, END_OF_DAY)]:
                    clause.days = ALL_DAYS  # « 24h/24 » alone: every day
                else:
                    raise _Refused(f"Quels jours pour {times} ? Précisez-les, par exemple « du lundi au vendredi "
                                   f"de 8h à 18h » ou « tous les jours de 8h à 20h ».")
            if not clause.times:
                names = _days_text(clause.days) if clause.days else "ces jours"
                raise _Refused(f"Il manque les heures pour « {names} ».")
            result.extend((day, start, end) for day in clause.days for start, end in clause.times)
        return [plage for plage in result if plage[0] not in self.closed_days]


def _unknown_word(word: str) -> str:
    close = max(DAY_NAMES, key=lambda name: fuzz.ratio(word, name))
    if fuzz.ratio(word, close) >= 70:
        return (f"Jour inconnu « {word} » (vouliez-vous dire « {close} » ?). Les jours s'écrivent en toutes "
                "lettres (lundi … dimanche) ou abrégés (lun, mar, mer, jeu, ven, sam, dim).")
    return f"Je n'ai pas compris « {word} »."


def _merge(plages: Iterable[tuple[int, int, int]]) -> list[tuple[int, int, int]]:
    """Plages sorted by day and start; touching ones joined, overlapping ones refused."""
    merged: list[tuple[int, int, int]] = []
    for day, start, end in sorted(set(plages)):
        if merged and merged[-1][0] == day and start <= merged[-1][2]:
            previous = merged[-1]
            if start < previous[2]:
                raise _Refused(f"{_day_label(day).capitalize()} : les plages {time_label(previous[1])} – "
                               f"{time_label(previous[2])} et {time_label(start)} – {time_label(end)} se chevauchent. "
                               "Donnez une seule fois les heures de chaque jour, par exemple « du lundi au samedi "
                               "8h-20h, dimanche 10h-18h ».")
            merged[-1] = (day, previous[1], max(previous[2], end))
        else:
            merged.append((day, start, end))
    return merged


def parse_horaires(text: str) -> Checked[HorairesAnswer]:
    """Plages of a line like « du lundi au vendredi de 8h30 à 17h », or a French refusal."""
    try:
        reader = _Reader(_tokens(text))
        reader.read()
        if len(reader.markers) > 1:
            raise _Refused("Une réponse ne peut décrire qu'une sorte de plage : les consultations sur "
                           "rendez-vous, ou sans rendez-vous. Donnez l'une, puis « aller horaires » pour l'autre.")
        plages = _merge(reader.plages())
        if not plages:
            raise _Refused("Je n'ai trouvé aucune heure dans cette réponse.")
    except _Refused as refused:
        return Checked.reject(refused.problem, HINT)
    type_plage = next(iter(reader.markers), FONCTIONNEMENT)
    horaires = tuple(Horaire(jour=day, debut=_hhmm(start), fin=_hhmm(end), type_plage=type_plage)
                     for day, start, end in plages)
    answer = HorairesAnswer(type_plage, horaires)
    notice = ("Les jours fériés ne se décrivent pas dans les horaires du ROR : je ne les ai pas notés."
              if reader.holidays else "")
    return Checked.accept(answer, answer.label, notice)


_START = re.compile(r"^(?:lun|mar|mer|jeu|ven|sam|dim|tous|chaque|7\s*j|24|h24|en|la|jours?|du|de|le|les|sur|sans"
                    r"|\d{1,2}\s*h)")
FIND_WINDOW = 16
"""Longest run of words of a description tried as opening hours."""


def find_horaires(text: str) -> Checked[HorairesAnswer] | None:
    """The opening hours a free description states in passing (« … accueille les patients du
    lundi au vendredi de 8h30 à 17h, sur rendez-vous »): the longest run of its words, starting
    at a day or an hour, that :func:`parse_horaires` reads; None when no run does."""
    words = text.replace(",", " , ").replace(".", " . ").split()
    best: Checked[HorairesAnswer] | None = None
    best_length = 0
    for start, word in enumerate(words):
        if not _START.match(fold(word)):
            continue
        for end in range(min(len(words), start + FIND_WINDOW), start + best_length, -1):
            window = " ".join(words[start:end]).strip(" ,.")
            if not re.search(r"\d", window) and not re.search(r"h\s*24|jour et nuit", fold(window)):
                continue
            found = parse_horaires(window)
            if found.ok:
                best, best_length = found, end - start
                break
    return best


# -- writing ------------------------------------------------------------------------------------

def _runs(days: Iterable[int]) -> list[list[int]]:
    runs: list[list[int]] = []
    for day in sorted(days):
        if runs and runs[-1][-1] == day - 1:
            runs[-1].append(day)
        else:
            runs.append([day])
    return runs


def _days_text(days: Iterable[int]) -> str:
    """« du lundi au vendredi », « lundi, mercredi et vendredi », « tous les jours »."""
    days = set(days)
    if days == ALL_DAYS:
        return "tous les jours"
    parts: list[str] = []
    for run in _runs(days):
        if len(run) >= 3:
            parts.append(f"du {_day_label(run[0])} au {_day_label(run[-1])}")
        else:
            parts.extend(_day_label(day) for day in run)
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " et " + parts[-1]


def _times_text(times: Sequence[tuple[int, int]]) -> str:
    if list(times) == [(MIDNIGHT, END_OF_DAY)]:
        return "24 h/24"
    return " et ".join(f"{time_label(start)} – {time_label(end)}" for start, end in times)


def _chain(by_day: dict[int, list[tuple[int, int]]]) -> str | None:
    """« du lundi 8 h au vendredi 18 h, en continu » when the plages are one stretch over
    consecutive days (one plage a day, whole days in between); None otherwise."""
    days = set(by_day)
    if len(days) < 2 or len(days) == 7 or any(len(times) != 1 for times in by_day.values()):
        return None
    first = next((day for day in sorted(days) if (day - 2) % 7 + 1 not in days), None)
    if first is None:
        return None
    order = [(first - 1 + step) % 7 + 1 for step in range(len(days))]
    if set(order) != days:
        return None
    (start, first_end), (last_start, end) = by_day[order[0]][0], by_day[order[-1]][0]
    inner = [by_day[day][0] for day in order[1:-1]]
    if first_end != END_OF_DAY or last_start != MIDNIGHT or any(times != (MIDNIGHT, END_OF_DAY) for times in inner):
        return None
    if start == MIDNIGHT and end == END_OF_DAY:
        return None  # whole days: said as days and « 24 h/24 »
    return f"du {_day_label(order[0])} {time_label(start)} au {_day_label(order[-1])} {time_label(end)}, en continu"


def _one_type(horaires: Sequence[Horaire]) -> str:
    by_day: dict[int, list[tuple[int, int]]] = {}
    for horaire in sorted(horaires, key=lambda item: (item.jour, item.debut)):
        by_day.setdefault(horaire.jour, []).append((_parse_minutes(horaire.debut), _parse_minutes(horaire.fin)))
    chain = _chain(by_day)
    if chain is not None:
        return chain
    groups: dict[tuple[tuple[int, int], ...], list[int]] = {}
    for day, times in by_day.items():
        groups.setdefault(tuple(times), []).append(day)
    if len(groups) == 1 and set(by_day) == ALL_DAYS and next(iter(groups)) == ((MIDNIGHT, END_OF_DAY),):
        return "24 h/24, 7 j/7"
    return " ; ".join(f"{_days_text(days)}, {_times_text(times)}" for times, days in groups.items())


def horaires_labels(horaires: Sequence[Horaire]) -> list[str]:
    """One French line per type of plage: « Du lundi au vendredi, 8 h 30 – 17 h ; samedi, 8 h – 12 h »,
    « Consultations sur rendez-vous : mardi, 9 h – 12 h » (02 first); empty when there is none."""
    types = sorted({horaire.type_plage for horaire in horaires})
    labels = []
    for type_plage in types:
        text = _one_type([horaire for horaire in horaires if horaire.type_plage == type_plage])
        prefix = "" if type_plage == FONCTIONNEMENT else _TYPE_PREFIX.get(type_plage, f"Plages de type {type_plage} : ")
        labels.append(prefix + text if prefix else text[0].upper() + text[1:])
    return labels
