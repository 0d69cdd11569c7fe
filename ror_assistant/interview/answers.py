"""From a person's answer to what storage records, and back.

The engine decides *when*; this module knows *what*: which proposals a line of text gives for
each answer kind (matcher for codes, parsing for the rest, rules for validation), which storage
function records a confirmed proposal, how to take it back (``annuler``), and how a unit's
recorded values read for each question (summary, templates, "is it answered?").
Storage, matching and rules own their logic; this module only calls them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Literal

from sqlmodel import Session

from ror_assistant.description import (
    Address,
    ChosenHow,
    CodedAnswer,
    Contact,
    Patientele,
    Telecom,
    UnitDescription,
)
from ror_assistant import storage
from ror_assistant.interview.dialog import Dialog, Question
from ror_assistant.interview.horaires import HorairesAnswer, find_horaires, horaires_labels
from ror_assistant.interview.parsing import address_label
from ror_assistant.matching import Matcher, MatchResult, age_range_hint, aliases
from ror_assistant.matching.champ_modes import MEDICO_SOCIAL_CHAMPS
from ror_assistant.matching.normalize import normalize
from ror_assistant.matching.results import Candidate, bare_label
from ror_assistant.matching.matcher import HOSPITAL_MODES, SURE_MARGIN
from ror_assistant.nomenclature import Catalog
from ror_assistant.rules import validation
from ror_assistant.rules.validation import Age, AgeRange, Checked
from ror_assistant.storage import Database
from ror_assistant.storage.models import SINGLE_VALUED, EntiteGeographique
from ror_assistant.textfold import fold

#: Contact attributes live on the unit's first contact, not among its coded values.
CONTACT_CODES = {"natureContact": "nature", "fonctionContact": "fonction", "niveauConfidentialite": "confidentialite"}

#: UCUM day unit of the matcher's hints → the unit letters of the description ("j").
_UCUM = {"d": "j"}

#: JDV_J225 canal of an e-mail address (courrier électronique).
EMAIL_CANAL = "3"


#: Below this score an unsure guess from the opening description is not worth showing.
OPENING_GUESS_MIN_SCORE = 70

#: The activité is guessed from lower: over the 840 interview descriptions of benchmarks/data
#: (round 13), the first activité of an unsure reading scoring 55–70 is right 83 % of the time
#: (86 % on even ids, 81 % on odd), as often as from 70 up (85 %); under 55, 59 %. A mode
#: guessed from 55–70 is right 67 % of the time against 80 % from 70: the mode keeps 70.
OPENING_ACTIVITE_GUESS_MIN_SCORE = 55


@dataclass(frozen=True)
class Proposal:
    """A value the engine proposes for one question; nothing is written until it is confirmed.

    ``code``/``value_set`` are set for coded answers; ``value`` holds the parsed value of the
    other kinds (AgeRange, Address, TelecomValue, bool, int).
    """

    question: str
    attribute: str
    label: str
    code: str | None = None
    value_set: str | None = None
    score: float | None = None
    margin: float | None = None
    free_text: str = ""
    via: str = ""
    value: object = None
    uncertain: bool = False  # a best guess the matcher is not sure of: front ends say « à vérifier »


@dataclass(frozen=True)
class TelecomValue:
    """A phone number or e-mail address with its canal (JDV_J225) inferred from its shape."""

    canal: str
    adresse: str


# -- reading the unit ---------------------------------------------------------------------
def describe(db: Database, unit_id: int, session: Session | None = None) -> UnitDescription:
    """The unit as stored (inside ``session`` when given, so a write sees its own changes)."""
    if session is not None:
        session.flush()
        return storage.unit_description(session, unit_id)
    with db.read() as reading:
        return storage.unit_description(reading, unit_id)


def set_step(session: Session, user: str, unit_id: int, step: str) -> None:
    storage.set_interview_step(session, user, unit_id, step)


def recorded(unit: UnitDescription, question: Question, catalog: Catalog) -> list[str]:
    """What the unit holds for ``question``, as labels (empty list = not answered)."""
    kind, attribute = question.kind, question.attribute
    if kind == "opening":
        return []
    if attribute in CONTACT_CODES:
        contact = unit.contacts[0] if unit.contacts else None
        code = getattr(contact, CONTACT_CODES[attribute]) if contact else None
        if not code:
            return []
        concept = catalog.resolve(_value_set_id(catalog, attribute), code)
        return [concept.libelle if concept else code]
    if kind in {"coded", "choice"}:
        return [answer.label or answer.code for answer in unit.codes(attribute)]
    if kind == "age_range":
        ages = unit.patientele
        if ages.age_min is None or ages.age_max is None:
            return []
        return [str(AgeRange(Age(ages.age_min, ages.age_min_unit), Age(ages.age_max, ages.age_max_unit)))]
    if kind == "address":
        address = unit.address
        return [address_label(address)] if (address.libelle_voie or address.lieu_dit) and address.code_postal else []
    if kind == "contact":
        return [telecom.adresse for contact in unit.contacts for telecom in contact.telecoms if telecom.adresse]
    if kind == "yes_no":
        return [] if unit.unite_sensible is None else ["oui" if unit.unite_sensible else "non"]
    if kind == "number":
        nature = "lits" if attribute == "litsInstalles" else "places"
        return [str(capacity.nombre) for capacity in unit.capacities if capacity.nature == nature]
    if kind == "horaires":
        return horaires_labels(unit.horaires)
    return []


# -- proposals ----------------------------------------------------------------------------
def _from_candidates(question: Question, result: MatchResult, text: str) -> tuple[Proposal, ...]:
    return tuple(
        Proposal(question=question.id, attribute=question.attribute, label=candidate.label, code=candidate.code,
                 value_set=candidate.value_set, score=round(candidate.score, 1), margin=round(result.margin, 1),
                 free_text=text, via=candidate.via)
        for candidate in result.candidates)


@dataclass(frozen=True)
class CodedReply:
    """Proposals for a coded answer, the sentence that goes with them, whether the answer
    named several distinct concepts ("HC et HDJ") where the question takes only one, and
    whether the proposals come from the unit's name alone, not from the person's words
    (``to_choose``, as in :class:`ror_assistant.interview.engine.Reply`)."""

    proposals: tuple[Proposal, ...]
    message: str
    result: MatchResult
    several: bool = False
    to_choose: bool = False
    note: str = ""
    """Why the first proposal is not the words' own reading (the champ's terms), for a front
    end that takes it at once: it shows this instead of the whole message."""


def coded_proposals(matcher: Matcher, question: Question, text: str, limit: int,
                    aliases: Mapping[str, str] | None = None, unit_name: str = "",
                    oi_path: Sequence[str] = (), champ: str | None = None) -> CodedReply:
    """Candidates of the matcher for ``text`` on a coded question (``aliases``: the answers
    learnt locally for this text, see :func:`aliases_for`; ``unit_name`` and ``oi_path``: the
    unit's name and the pôle / service / UF names above it, which the answer may count on, see
    :func:`read_in_context`; ``champ``: the unit's champ d'activité code if confirmed, in whose
    terms a mode is proposed, see :meth:`Matcher.mode_in_champ`)."""
    context = question_context(matcher, question.field or "", unit_name, oi_path)
    result, read = read_in_context(matcher, question, text, limit, aliases, context)
    result = own_name_first(matcher, question, result, unit_name)
    placed = team_place_first(matcher, question, result, unit_name)
    if placed is not result:
        result, read = placed, ""  # the answer's own places said it, whatever the name adds
    in_champ = matcher.mode_in_champ(result, champ) if question.field == "mode" else result
    champ_note = _champ_note(matcher, champ, result, in_champ)
    result = in_champ
    proposals = _from_candidates(question, result, text)
    parts = [part for part in result.concepts if part.verdict == "sure" and part.best]
    if result.verdict == "none":
        offered = tuple(proposal for code in offered_codes(question, champ)
                        if (proposal := proposal_for_code(matcher.catalog, question, code)) is not None)
        if offered:  # a mode told in words nothing reads: the usual ones, to pick from
            return CodedReply(offered, f"Je n'ai pas reconnu « {text} » dans la liste « {question.title} ». "
                                       "Voici les plus courants : choisissez un numéro, ou reformulez.", result)
        message = (f"Je n'ai rien trouvé pour « {text} » dans la liste « {question.title} ». "
                   "Reformulez avec d'autres mots, ou tapez « aide » pour un exemple.")
        return CodedReply((), message, result)
    if len(parts) > 1:
        found = tuple({part.best.code: _from_candidates(question, part, part.text)[0] for part in parts}.values())
        if question.multiple:
            return CodedReply(found, "Je propose ceci. Confirmez tout (Entrée ou « oui ») "
                                     "ou donnez les numéros à garder.", result)
        return CodedReply(found, f"Une unité du ROR n'a qu'une seule valeur pour « {question.title} » : "
                                 "choisissez le numéro de celle de cette unité.", result, several=True)
    guide = " Si vous hésitez, tapez « ? » pour quelques questions oui / non." if question.guide else ""
    why = _context_said(read, text, context, unit_name)
    if result.verdict == "sure":
        proposed = f"{why}, je propose" if why else "Je propose"
        return CodedReply(proposals[:3], f"{proposed} « {proposals[0].label} ».{champ_note} Confirmez (Entrée ou "
                                         f"« oui ») ou choisissez un autre numéro.{guide if read == 'name' else ''}",
                          result, to_choose=read == "name", note=champ_note.strip())
    return CodedReply(proposals, f"{why + ' : ' if why else ''}{result.follow_up}{champ_note} Choisissez un numéro, "
                                 f"ou précisez avec d'autres mots.{guide}", result, to_choose=read == "name",
                      note=champ_note.strip())


def offered_codes(question: Question, champ: str | None) -> tuple[str, ...]:
    """The usual codes a question offers when nothing is recognised, those of a hospital left
    out for a médico-social or social unit (ror-model.md CP5: no hospitalisation in an EHPAD)."""
    if champ in MEDICO_SOCIAL_CHAMPS and question.field == "mode":
        return tuple(code for code in question.offer if code not in HOSPITAL_MODES)
    return tuple(question.offer)


def _champ_note(matcher: Matcher, champ: str | None, read: MatchResult, in_champ: MatchResult) -> str:
    """The sentence that says why a mode is proposed in the champ's terms, when its first code
    changed: « Unité du champ « Médico-social (MS) » : on y parle d'« Accueil de jour » plutôt
    que d'« Hospitalisation de jour (HJ) ». »"""
    if read.best is None or in_champ.best is None or read.best.code == in_champ.best.code or champ is None:
        return ""
    label = matcher.codes_of("champ").get(champ, champ)
    return (f" Unité du champ « {label} » : on y parle d'« {in_champ.best.label} » "
            f"plutôt que d'« {read.best.label} ».")


def _context_said(read: Read, text: str, context: str, unit_name: str) -> str:
    """How a reply says where its reading comes from (:func:`read_in_context`): « le nom » when
    the context is the unit's name alone, the names themselves when a service heads it."""
    names = f"le nom « {context} »" if context == unit_name.strip() else f"« {context} »"
    if read == "answer_and_name":
        return f"D'après {names} et votre réponse"
    if read == "name":
        return f"Je n'ai pas reconnu « {text} » ; d'après {names}"
    return ""


def service_above(matcher: Matcher, unit_name: str, oi_path: Sequence[str]) -> str:
    """The level of the organisation above the unit whose name its answers are read after
    (:func:`unit_context`): the nearest that reads an activité, else the nearest; none when the
    unit's name already says it. A level may name a mode or a place rather than a specialty
    (« SMR neurologique › Hospitalisation complète › Aile Est », « Psychiatrie adulte › Secteur
    59G12 › Extra-hospitalier › CATTP »): the specialty is the level above it. Measured in
    docs/matching.md, round 19: over the 960 answers and 2,100 descriptions read at the activité
    question with their organisation, the first activité proposed is right 794 → 799 and
    1,661 → 1,671 times, the first mode 409 → 410 of 480; at the opening, the first activité
    1,375 → 1,383 times, the mode 1,603 → 1,605 of 2,040."""
    levels = [level.strip() for level in oi_path if level.strip()]
    if not levels:
        return ""
    above = next((level for level in reversed(levels)
                  if matcher.match_name("activite", level, limit=1).verdict != "none"), levels[-1])
    return "" if fold(above) in fold(unit_name.strip()) else above


def unit_context(matcher: Matcher, unit_name: str, oi_path: Sequence[str] = ()) -> str:
    """The names an opening description or an activité answer is read after (the mode's:
    :func:`question_context`): the unit's, headed by the service (or pôle, UF) above it
    (:func:`service_above`) — « Néonatologie › Néonat 1 », « Psychiatrie de la personne âgée ›
    Les Saules » —, unless the unit's name already says it. Directories name
    a unit for its place in its service (« Unité A », « Secteur 1 », « UF 4512 »): the service
    says the specialty the answer counts on. Measured in docs/matching.md, round 17: over 240
    answers with their organisation, the first activité proposed is right 69.4 → 77.5 % of the
    time with the nearest level, 73.8 % with every level (a pôle's « Médecine » or « 3 » says
    little), and as often when the service counts only where the name reads nothing."""
    name = unit_name.strip()
    above = service_above(matcher, unit_name, oi_path)
    if not above:
        return name
    return f"{above} › {name}" if name else above


#: An activité the answer reads this well on its own is not replaced by its reading after the
#: unit's name (:func:`read_in_context`): near-exact label words, where the hesitation is
#: between neighbours of the answer's own words.
ANSWER_NAMES_ITSELF = 85

def question_context(matcher: Matcher, field: str, unit_name: str, oi_path: Sequence[str]) -> str:
    """The names an answer at the ``field`` question is read after. The activité: the unit's
    name headed by its service (:func:`unit_context`), whose specialty the units below share.
    The mode belongs to the unit: its own name when that reads a mode (« Accueil de jour Le
    Jardin » in the « EHPAD Les Tilleuls » is a day accueil, not the hébergement above), the
    service only when the name reads none (« Unité B »). Measured in docs/matching.md, round 17:
    over the 160 mode answers of blind36–39, 125 first modes right with the name alone, 125 with
    the service always, 127 this way (the rule was set after blind38–39 were opened)."""
    if field == "mode" and matcher.match_name("mode", unit_name, limit=1).verdict != "none":
        return unit_name.strip()
    return unit_context(matcher, unit_name, oi_path)


Read = Literal["", "answer_and_name", "name"]
"""What an answer's reading comes from (:func:`read_in_context`)."""

NAME_FIELDS = frozenset({"activite", "mode"})
"""Questions a unit's name often answers (« HDJ oncologie », « USIC », « Réa néonat »)."""


def read_in_context(matcher: Matcher, question: Question, text: str, limit: int,
                    aliases: Mapping[str, str] | None, unit_name: str) -> tuple[MatchResult, Read]:
    """The matcher's reading of an answer, and what made it: the answer alone (``""``), the
    answer read after the unit's name (``"answer_and_name"``), or the name alone (``"name"``).
    ``unit_name`` is the unit's name, or its :func:`unit_context` (the service above heading it).

    People answer a question about a unit whose name both sides have on screen: at the
    activité question of « HDJ Rhumatologie », « surtout des bilans et des perfusions »; at the
    mode question of « EMG », « intra-hospitalier, avis auprès des autres équipes ». What the
    answer says on its own comes first: when the matcher is sure of it (or an alias pins it),
    the name changes nothing. Otherwise the answer is read after the name, as
    :func:`opening_proposals` reads a description, and that reading is proposed. When the
    answer alone reads nothing, that reading is the name's own, proposed as such rather than
    the guide or the usual modes: the person may have typed past the suggestion shown with the
    question, and « ? » still starts the guide.
    An activité the answer names well on its own (:data:`ANSWER_NAMES_ITSELF`) stays first
    even so, unless the name only chooses among the answer's candidates: « chimiothérapie » at
    the activité question of an oncology HDJ is its chemotherapy, not the name's oncology. A
    mode is not kept that way: a description says « patients hospitalisés » in passing where
    the name says « Équipe mobile » (24 such modes of the interview descriptions of
    benchmarks/data are the name's, one the answer's). Measured in docs/matching.md, round 16;
    keeping the name's reading only when the matcher is sure of it gained nothing for the
    activité, whose long answers are rarely sure. The reading keeps the answer as typed: that
    is what a confirmation teaches (:mod:`ror_assistant.matching.aliases`).
    """
    result = matcher.match(question.field, text, limit=limit, aliases=aliases)
    if result.verdict == "sure" or question.field not in NAME_FIELDS:
        return result, ""
    read = described_with_name(text, unit_name)
    if read == text:
        return result, ""
    named = matcher.match(question.field, read, limit=limit)
    if named.verdict == "none" or named.best is None:
        return result, ""
    if _same_reading(named, result):
        return result, ""  # « Unité A » says nothing: the reply must not claim the name helped
    if (question.field == "activite" and result.best is not None and result.best.score >= ANSWER_NAMES_ITSELF
            and named.best.code not in {candidate.code for candidate in result.candidates}):
        return result, ""  # « chimiothérapie » in an oncology HDJ: the answer's own activité
    named.text = text
    return named, "answer_and_name" if result.verdict == "ambiguous" else "name"


def own_name_first(matcher: Matcher, question: Question, result: MatchResult, unit_name: str) -> MatchResult:
    """An activité or a mode the answer only hesitates over, its proposals led by the one the
    unit's own name reads sure, when that is among them: « USIC » answered « 8 lits :
    infarctus, OAP, troubles de conduction » proposes Soins intensifs de cardiologie before
    Cardiologie générale; « UNV », « Réa néonat », « CeGIDD », « EMG » likewise; a « CATTP »
    whose patients come « deux demi-journées par semaine pour des ateliers » is a group care
    before a day hospital; a « CMP », an « ELSA », an « EMPP » likewise. The name is the unit's, more precise than its service (which
    :func:`read_in_context` reads with it) and than the answer, which tells what the unit
    treats and how rather than what it is; unless the answer's first names the name's activité
    more precisely (« Rythmologie » answered « défibrillateurs, ablations de FA » is Rythmologie
    interventionnelle). An activité answer that hesitates among codes none of which is the
    name's gets it first all the same: « Réa poly » answered « chocs septiques, SDRA, post-op
    lourds » is a Réanimation polyvalente, not the surgical one its words lean to, and « cardio »
    in the « USIC » its intensive care, the cardiology the words name following; a mode answer
    does not, as it says the mode in words of its own. A sure answer is kept unless it
    only repeats words of what the name says (:func:`_repeats`). Measured in docs/matching.md,
    rounds 19 and 20. The answer stays one to choose from."""
    if question.field not in NAME_FIELDS or result.verdict == "none" or len(result.candidates) < 2:
        return result
    named = matcher.match_name(question.field, unit_name, limit=1) if unit_name.strip() else None
    if named is None or named.verdict != "sure" or named.best is None:
        return result
    code = named.best.code
    first = next((candidate for candidate in result.candidates if candidate.code == code), None)
    if first is None and question.field == "activite" and result.verdict == "ambiguous" \
            and len(normalize(result.text).words) <= BRIEF_ANSWER_WORDS:
        first = named.best  # « Réa poly » answered with what it treats: the name says what it is
    if first is None or first is result.candidates[0] or _refines(result.candidates[0].label, first.label):
        return result
    if result.verdict == "sure" and (result.concepts or result.candidates[0].via in PINNED
                                     or not _repeats(result.text, unit_name, first.label)):
        return result
    follow_up = f"Voulez-vous dire « {first.label} », comme le dit le nom « {unit_name.strip()} » ?"
    others = [candidate for candidate in result.candidates if candidate.code != first.code]
    return replace(result, verdict="ambiguous", candidates=[first, *others][:len(result.candidates)],
                   follow_up=follow_up)


#: The mode of a mobile team by where it goes (inside the hospital, outside it): TRE_R213 52
#: intra-hospitalière, 53 extra et intra-hospitalière, 11 extra-hospitalière.
TEAM_MODES = {(True, False): "52", (True, True): "53", (False, True): "11"}
TEAM_PLACES = {"52": "dans l'hôpital", "53": "dans l'hôpital et au dehors", "11": "hors de l'hôpital"}
#: TRE_R213 59 « Equipe d'intervention mobile »: a SMUR's, which goes out to the patient.
INTERVENTION_TEAM = "59"
#: A name that reads the intervention team this well is one (« SMUR »: 96; « Équipe mobile ados »: 78).
INTERVENTION_NAME_SCORE = 90


def team_place_first(matcher: Matcher, question: Question, result: MatchResult, unit_name: str) -> MatchResult:
    """A mobile team's answer at the mode question, its proposals led by the mode the places it
    names say (:meth:`ModePhrases.team_places`): an « EMSP » « au lit du patient dans l'hôpital,
    et aussi en EHPAD et à domicile » is extra et intra-hospitalière, not « sur les lieux de
    vie »; one that goes « dans les étages » only is intra-hospitalière. A team is a unit whose
    name, or the answer's first reading, is one of those modes; a name sure of one (« EMPP »,
    « EMG extra »), or that reads an intervention team as well (« SMUR »), is not contradicted. A sure reading of the places' mode stays; the others
    are asked, the place's mode first. Measured in docs/matching.md, round 20."""
    if question.field != "mode" or result.best is None or result.concepts:
        return result
    reading = matcher.match_name("mode", unit_name, limit=3) if unit_name.strip() else None
    named = reading.best if reading is not None else None
    if result.best.code not in TEAM_MODES.values() and (named is None or named.code not in TEAM_MODES.values()):
        return result
    code = TEAM_MODES.get(matcher.mode_phrases.team_places(result.text))
    if code is None or code == result.best.code:
        return result
    if reading is not None and named is not None and named.code != code and (
            reading.verdict == "sure" and named.code in TEAM_MODES.values()
            or any(candidate.code == INTERVENTION_TEAM and candidate.score >= INTERVENTION_NAME_SCORE
                   for candidate in reading.candidates)):
        return result  # the name says where already: an « EMPP », a « SMUR » go out, whatever wards they name
    label = matcher.codes_of("mode")[code]
    first = next((candidate for candidate in result.candidates if candidate.code == code),
                 Candidate(code, label, result.best.value_set, result.best.score))
    others = [candidate for candidate in result.candidates if candidate.code != code]
    return replace(result, verdict="ambiguous", candidates=[first, *others][:max(len(result.candidates), 2)],
                   follow_up=f"Voulez-vous dire « {label} » (l'équipe intervient {TEAM_PLACES[code]}) ?")


#: An activité answer this short lists what the unit treats; a longer one, a description of
#: several sentences, says enough for its own reading (:func:`own_name_first`).
BRIEF_ANSWER_WORDS = 16

#: Readings the person chose rather than the matcher: a code typed, an alias learnt.
PINNED = frozenset({"alias", "code"})


def _repeats(answer: str, unit_name: str, label: str) -> bool:
    """Every word of ``answer`` is a word of the unit's name or of the label its name reads:
    the answer only repeats part of what the name says (« ambulatoire » for the « UCA »)."""
    said = {word.stem for text in (unit_name, label) for word in normalize(text).words}
    words = {word.stem for word in normalize(answer).words}
    return bool(words) and words <= said


def _refines(label: str, broader: str) -> bool:
    """``label`` is ``broader`` made more precise: its words begin with all of the other's
    (« Rythmologie interventionnelle » of « Rythmologie »)."""
    words, head = fold(label).split(), fold(bare_label(broader)).split()
    return len(words) > len(head) and words[:len(head)] == head


def _same_reading(one: MatchResult, other: MatchResult) -> bool:
    """Both readings propose the same codes, in the same order, with the same verdict and parts."""
    def said(result: MatchResult) -> tuple:
        return (result.verdict, [candidate.code for candidate in result.candidates],
                [(part.verdict, part.best.code if part.best else None) for part in result.concepts])
    return said(one) == said(other)


@dataclass(frozen=True)
class Suggestion:
    """What the answers already given or the unit's name point to for an unanswered question:
    shown with the question, proposed by an empty line, recorded only once confirmed."""

    proposals: tuple[Proposal, ...]
    reason: str
    """« d'après l'activité « Rythmologie » », « d'après le nom « HDJ onco adultes » »."""

    @property
    def message(self) -> str:
        return (f"{self.reason[0].upper()}{self.reason[1:]}, je propose « {self.proposals[0].label} ». "
                "Confirmez (Entrée ou « oui »), ou répondez autrement.")


def suggestion(matcher: Matcher, question: Question, unit: UnitDescription) -> Suggestion | None:
    """What the answers already given, or the unit's name, point to for ``question`` (not yet
    answered): the champ from the confirmed activité (or the name); the activité and the mode
    from the name, when the matcher is sure of it or its best guess scores well — the activité
    also from the service, pôle or UF the unit belongs to, nearest first; the ages from age
    words of the name (« adultes »). None otherwise."""
    if question.field == "champ":
        return _champ_suggestion(matcher, question, unit)
    reason = f"d'après le nom « {unit.nom} »"
    if question.kind == "age_range":
        ages = read_ages(unit.nom, whole_line=False)
        if ages is None or not ages.ok:
            return None
        return Suggestion((Proposal(question=question.id, attribute=question.attribute, label=f"Âges : {ages.display}",
                                    value=ages.value, free_text=unit.nom),), reason)
    if question.kind != "coded" or question.field not in NAME_FIELDS:
        return None
    sources = [(unit.nom, reason)]
    if question.field == "activite":  # a unit « HDJ 2 » of the service « Cardiologie »: its activité
        sources += [(name, f"d'après « {name} », dont l'unité fait partie") for name in reversed(unit.oi_path)]
    for name, why in sources:
        # an IME's « Hôpital de jour Les Mésanges »: its accueil de jour
        if (result := _name_reading(matcher, question.field, name, champ_of(unit))) is not None:
            return Suggestion(_from_candidates(question, result, name), why)
    return None


def _name_reading(matcher: Matcher, field: str, name: str, champ: str | None = None) -> MatchResult | None:
    """What a name reads for ``field`` when it is worth proposing (a mode in the terms of the
    unit's ``champ``): sure, or one concept whose best guess scores well."""
    result = matcher.match_name(field, name, limit=1)
    if field == "mode":
        result = matcher.mode_in_champ(result, champ)
    best = result.best
    if best is None or result.concepts or (result.verdict != "sure" and best.score < OPENING_GUESS_MIN_SCORE):
        return None
    return result


def _name_hesitates(matcher: Matcher, name: str, champ: str | None) -> set[str]:
    """The modes a name reads within :data:`SURE_MARGIN` of its first when it reads more than
    one: an « IME » is an internat or an externat, a description that says which decides."""
    result = matcher.mode_in_champ(matcher.match_name("mode", name, limit=3), champ)
    if len(result.candidates) < 2 or result.verdict == "sure":
        return set()
    first = result.candidates[0].score
    return {candidate.code for candidate in result.candidates if candidate.score >= first - SURE_MARGIN}


def champ_of(unit: UnitDescription) -> str | None:
    """The unit's confirmed champ d'activité code, if any: the mode is proposed in its terms."""
    return unit.champ_activite.code if unit.champ_activite is not None else None


def _champ_suggestion(matcher: Matcher, question: Question, unit: UnitDescription) -> Suggestion | None:
    """The champ d'activité a unit's confirmed answers point to, for the champ question when
    the description did not settle it: a confirmed psychiatric activité is psychiatry, a
    « Réadaptation … » one SMR, and so on; the unit's and its service's names count too
    (« SMR », « CMP »). None when nothing points anywhere."""
    activite = unit.activites_operationnelles[0] if unit.activites_operationnelles else None
    mode = unit.mode_prise_en_charge.code if unit.mode_prise_en_charge else None
    names = " ; ".join([unit.nom, *unit.oi_path])
    if activite is not None:
        result = matcher.champ_for_unit(names, (activite.code, activite.label), mode, limit=1)
        reason = f"d'après l'activité « {activite.label} »"
    else:  # nothing confirmed yet: the names read as a short description (« HDJ onco »)
        result = matcher.match_all(names, limit=1).get("champ")
        reason = f"d'après le nom « {unit.nom} »"
    if result is None or result.best is None:
        return None
    return Suggestion(_from_candidates(question, result, names), reason)


def opening_proposals(matcher: Matcher, dialog: Dialog, text: str, unit_name: str = "",
                      oi_path: Sequence[str] = ()) -> list[Proposal]:
    """What a free description gives for the unit's own coded questions, plus its ages and hours.

    The description is read after the unit's name headed by the service above it
    (:func:`described_with_name`, :func:`unit_context`): people describe « HDJ Rhumatologie »
    as « bilans et perfusions de biothérapies », counting on the name for the specialty and the
    mode (round 17: with the service, the first activité proposed is right 37.1 → 47.1 % and
    41.4 → 50.0 % of the time on blind40–41, the mode 50.0 → 54.3 % and 58.0 → 60.9 %). Where
    the description leaves them to guess, what the names read sure is proposed, to check, as
    the questions would suggest it: the mode of the unit's own name (« ELSA », « CMP Les
    Arcades », « LHSS »; round 19, also a good guess of it, as the mode question suggests:
    « SMUR », « UHCD »; 1,606 → 1,647 modes right over 2,040 descriptions, wrong 162 → 173),
    unless the description reads one of the modes the name hesitates between (an « IME » « en
    externat »; round 20: 1,777 → 1,783 of 2,179) or where a team goes (:func:`team_place_first`), the activité of the unit's own name first (« USIC »; round 19: 1,365
    → 1,375 first activités right over 2,100 descriptions, one set losing one), else of the
    name headed by its service (« Service de pneumologie › Unité A »); where the description
    reads no activité worth proposing, the one the activité question would suggest from the
    names (:func:`suggestion`: « UHCD », « PASA », « UDM Nord »; round 19: 1,383 → 1,455 first
    activités right over 2,100 descriptions, 527 → 547 wrong). Round 18, over the descriptions of benchmarks/data with a unit
    name: the mode proposed is right 66.3 → 77.2 % of the time (1,901 with a mode, wrong 190 →
    176), the first activité 60.1 → 64.0 % (1,960, wrong 528 → 519); no set loses. A champ the
    names say (« IME Les Coquelicots », « LHSS ») gives the mode in its terms
    (:meth:`Matcher.mode_in_champ`); one read from the description does not, as it follows a
    hospital unit's « trop lourds pour un EHPAD ». What the description says on its own comes first
    (activités it is sure of, a mode it is sure of: a name must not swallow or contradict
    them); the name fills in what it leaves open, and where the description alone gives only
    guesses, its reading after the name is proposed instead, as at the activité question
    (:func:`read_in_context`; docs/matching.md, round 16: the first activité proposed is right
    56.3 → 61.2 % of the time over the 1,680 interview descriptions of benchmarks/data, wrong
    30.4 → 25.5 %). The matcher's
    ``match_all`` reads it (it also derives the champ from the activité); questions with a
    ``when`` depend on other answers and contact questions on a contact, so they are left to
    the interview. Sure answers are proposed as such; where the matcher hesitates but its best
    guess scores well, that guess is proposed too, marked ``uncertain`` so the person sees it
    must be checked — a description that names three activities should not lose them all
    because none is certain. Everything is confirmed by the person; every sure mode is listed
    so the engine can explain the one-mode rule.
    """
    context = unit_context(matcher, unit_name, oi_path)
    read = described_with_name(text, context)
    with_name = (matcher.match_all(read), read)
    alone = (matcher.match_all(text), text) if read != text else with_name
    named_champ = matcher.champ_for_unit(" ; ".join([unit_name, *oi_path]), None, None, limit=1) if unit_name else None
    unit_champ = named_champ.candidates[0].code if named_champ is not None and named_champ.verdict == "sure" else None
    if unit_champ is not None:  # « IME Les Coquelicots »: its modes are médico-social
        for reading in {id(alone[0]): alone[0], id(with_name[0]): with_name[0]}.values():
            if "mode" in reading:
                reading["mode"] = matcher.mode_in_champ(reading["mode"], unit_champ)
    mode_question = next((question for question in dialog.questions if question.field == "mode"), None)
    for reading in {id(alone[0]): alone[0], id(with_name[0]): with_name[0]}.values():
        if "mode" in reading and mode_question is not None:  # « EMSP »: where the team goes
            reading["mode"] = team_place_first(matcher, mode_question, reading["mode"], unit_name)
    proposals: list[Proposal] = []
    for question in dialog.questions:
        if question.kind != "coded" or question.when or question.attribute in CONTACT_CODES:
            continue
        # what the description says is its own: its activités, and a one-value answer (the
        # mode, the champ) it is sure of; the name fills in what it leaves open
        found = _read_for(question, alone[0].get(question.field or ""), alone[1])
        if not (found if question.multiple else any(not proposal.uncertain for proposal in found.values())):
            found = _read_for(question, with_name[0].get(question.field or ""), with_name[1]) or found
        elif question.multiple and with_name[1] != alone[1]:
            named = _read_for(question, with_name[0].get(question.field or ""), with_name[1])
            if named and all(proposal.uncertain for proposal in found.values()):
                found = named  # only guesses alone: the reading after the name, as at the question
            else:  # guesses the name makes sure (« HDJ Oncologie digestive : les chimiothérapies… »)
                found = {code: named[code] if proposal.uncertain and code in named and not named[code].uncertain
                         else proposal for code, proposal in found.items()}
        if question.field == "activite" and all(proposal.uncertain for proposal in found.values()) \
                and (named := _named(matcher, question, unit_name) or _named(matcher, question, context)) is not None:
            found = {named.code: named, **found}  # « USIC », or « Service de pneumologie › Unité A »: its activité first
        if question.field == "activite" and not found:  # the activité the question would suggest, to check
            guessed = next(((name, result) for name in [unit_name, *reversed(oi_path)]
                            if (result := _name_reading(matcher, "activite", name)) is not None), None)
            if guessed is not None:
                proposal = replace(_from_candidates(question, guessed[1], guessed[0])[0], uncertain=True)
                found = {proposal.code: proposal}
        if not question.multiple and any(not proposal.uncertain for proposal in found.values()):
            found = {code: proposal for code, proposal in found.items() if not proposal.uncertain}
        elif question.field == "mode" and (guess := _name_reading(matcher, "mode", unit_name, unit_champ)) is not None \
                and not (found and next(iter(found)) in _name_hesitates(matcher, unit_name, unit_champ)) \
                and not (found and next(iter(found)) in TEAM_MODES.values() and guess.best.code in TEAM_MODES.values()):
            # (an « EMSP » said to go « dans les étages » only: the places say more than the name)
            named = replace(_from_candidates(question, guess, unit_name)[0], uncertain=True)
            found = {named.code: named}  # « ELSA », « SMUR » say the mode a long description leaves to guess
        elif not question.multiple and found:
            found = dict([next(iter(found.items()))])  # one guess for a one-value question
        proposals.extend(sorted(found.values(), key=lambda proposal: proposal.uncertain))  # sure ones first
    ages = read_ages(text, whole_line=False)
    patientele = next((question for question in dialog.questions if question.kind == "age_range"), None)
    if ages is not None and ages.ok and patientele is not None:
        proposals.append(Proposal(question=patientele.id, attribute=patientele.attribute,
                                  label=f"Âges : {ages.display}", value=ages.value, free_text=text))
    hours = find_horaires(text)
    horaires = next((question for question in dialog.questions if question.kind == "horaires"), None)
    if hours is not None and horaires is not None:
        proposals.append(Proposal(question=horaires.id, attribute=horaires.attribute,
                                  label=f"Horaires : {hours.display}", value=hours.value, free_text=text))
    return proposals


def _named(matcher: Matcher, question: Question, names: str) -> Proposal | None:
    """What the unit's names read sure for ``question``, as a proposal to check, or None."""
    result = matcher.match_name(question.field or "", names, limit=1) if names.strip() else None
    if result is None or result.verdict != "sure":
        return None
    return replace(_from_candidates(question, result, names)[0], uncertain=True)


def _read_for(question: Question, result: MatchResult | None, text: str) -> dict[str, Proposal]:
    """The proposals one reading of the description makes for ``question``, by code: sure
    ones, and good guesses marked uncertain; one per concept where several are named."""
    found: dict[str, Proposal] = {}
    if result is None:
        return found
    several = question.multiple or question.attribute == "modePriseEnCharge"
    minimum = OPENING_ACTIVITE_GUESS_MIN_SCORE if question.field == "activite" else OPENING_GUESS_MIN_SCORE
    parts = [part for part in result.concepts if part.best] if several else []
    for part in parts or [result]:
        if part.best is None:
            continue
        if part.verdict == "sure":
            found.setdefault(part.best.code, _from_candidates(question, part, part.text if parts else text)[0])
        elif part.verdict == "ambiguous" and part.best.score >= minimum:
            guess = _from_candidates(question, part, part.text if parts else text)[0]
            found.setdefault(part.best.code, replace(guess, uncertain=True))
    return found


def described_with_name(text: str, unit_name: str) -> str:
    """« HDJ Rhumatologie : bilans et perfusions » — the unit's name heads its description, as
    a référent would say it, unless the description already says the name. Measured on the
    interview descriptions of benchmarks/data (docs/matching.md, round 10): the specialty or
    the mode the name carries is right far more often than it misleads."""
    name = unit_name.strip()
    if not name or fold(name) in fold(text):
        return text
    return f"{name} : {text}"


def read_ages(text: str, whole_line: bool) -> Checked[AgeRange] | None:
    """Ages of an answer: figures with units for a whole line ("de 3 mois à 17 ans"), else the
    matcher's hint from words ("adultes", "plus de 65 ans"); None when nothing says an age."""
    if whole_line:
        typed = validation.parse_age_range(text)
        if typed.ok:
            return typed
    hint = age_range_hint(text)
    if hint is None:
        return None
    return validation.check_age_range(hint.min, _UCUM.get(hint.min_unit, hint.min_unit),
                                      hint.max, _UCUM.get(hint.max_unit, hint.max_unit))


def telecom_from_text(text: str) -> Checked[TelecomValue]:
    """A phone number (canal mobile or fixe) or an e-mail address (canal 3), normalised."""
    if "@" in text:
        email = validation.check_email(text)
        if not email.ok or email.value is None:
            return Checked.reject(email.problem, email.hint)
        return Checked.accept(TelecomValue(EMAIL_CANAL, email.value), email.display)
    phone = validation.check_phone(text)
    if not phone.ok or phone.value is None:
        return Checked.reject(phone.problem, phone.hint)
    return Checked.accept(TelecomValue(phone.value.canal, phone.value.national), phone.display, phone.notice)


def telecom_label(catalog: Catalog, telecom: TelecomValue) -> str:
    canal = catalog.resolve(_value_set_id(catalog, "canal"), telecom.canal)
    return f"{canal.libelle if canal else telecom.canal} : {telecom.adresse}"


def _value_set_id(catalog: Catalog, attribute: str) -> str:
    return catalog.value_set_for(attribute).id


def choices(catalog: Catalog, question: Question) -> list[tuple[str, str]]:
    """(code, label) of the active codes a ``choice`` question offers, in value set order."""
    return [(concept.code, concept.libelle) for concept in catalog.active_concepts(_value_set_id(catalog, question.attribute))]


def choice_proposals(catalog: Catalog, question: Question, text: str) -> tuple[Proposal, ...]:
    """A ``choice`` answer by number in the list, by code or by (part of) label."""
    options = choices(catalog, question)
    typed = fold(text.strip())
    picked = [(code, label) for number, (code, label) in enumerate(options, start=1)
              if typed in {str(number), fold(code)}]
    if not picked:
        picked = [(code, label) for code, label in options if typed and typed in fold(label)]
    value_set = _value_set_id(catalog, question.attribute)
    return tuple(Proposal(question=question.id, attribute=question.attribute, label=label, code=code,
                          value_set=value_set, free_text=text) for code, label in picked)


def proposal_for_code(catalog: Catalog, question: Question, code: str) -> Proposal | None:
    value_set = _value_set_id(catalog, question.attribute)
    if not catalog.is_active_member(value_set, code):
        return None
    concept = catalog.resolve(value_set, code)
    return Proposal(question=question.id, attribute=question.attribute, label=concept.libelle if concept else code,
                    code=code, value_set=value_set, free_text=code, via="code")


# -- recording ----------------------------------------------------------------------------
Revert = Callable[[Session], None]


def _coded_answer(proposal: Proposal, catalog: Catalog, user: str, how: ChosenHow) -> CodedAnswer:
    assert proposal.code is not None and proposal.value_set is not None
    value_set = catalog.value_set(proposal.value_set)
    return CodedAnswer(attribute=proposal.attribute, code=proposal.code, value_set=value_set.id,
                       value_set_version=value_set.version, label=proposal.label, free_text=proposal.free_text,
                       score=proposal.score, margin=proposal.margin, chosen_how=how, chosen_by=user)


def chosen_how(proposal: Proposal, first: bool) -> ChosenHow:
    """How the review sheet explains the answer: the assistant's first proposal, another choice,
    a local alias or a code typed directly."""
    if proposal.via in ("alias", "code"):
        return proposal.via  # type: ignore[return-value]
    return "proposition" if first else "choix"


def apply(session: Session, user: str, before: UnitDescription, proposal: Proposal, catalog: Catalog,
          how: ChosenHow) -> Revert:
    """Record a confirmed ``proposal`` for unit ``before`` (as the person saw it, so a change made
    meanwhile by someone else raises ConflictError); return how to take it back."""
    unit_id = before.id
    assert unit_id is not None
    attribute, value = proposal.attribute, proposal.value
    if attribute in CONTACT_CODES:
        return _apply_contact_code(session, user, before, proposal)
    if proposal.code is not None:
        answer = _coded_answer(proposal, catalog, user, how)
        if attribute in SINGLE_VALUED:
            previous = next(iter(before.codes(attribute)), None)
            storage.set_coded(session, user, unit_id, answer, expected=previous.code if previous else None)
            if previous is None:
                return lambda later: storage.clear_coded(later, user, unit_id, attribute, expected=answer.code)
            return lambda later: storage.set_coded(later, user, unit_id, previous, expected=answer.code)
        already = any(item.code == answer.code for item in before.codes(attribute))
        storage.add_coded(session, user, unit_id, answer)
        if already:
            return lambda later: None
        return lambda later: storage.remove_coded(later, user, unit_id, attribute, answer.code)
    if isinstance(value, AgeRange):
        new = Patientele(age_min=value.minimum.value, age_min_unit=value.minimum.unit,
                         age_max=value.maximum.value, age_max_unit=value.maximum.unit)
        storage.set_patientele(session, user, unit_id, new, expected=before.patientele)
        return lambda later: storage.set_patientele(later, user, unit_id, before.patientele, expected=new)
    if isinstance(value, Address):
        storage.set_address(session, user, unit_id, value, expected=before.address)
        return lambda later: storage.set_address(later, user, unit_id, before.address, expected=value)
    if isinstance(value, TelecomValue):
        return _apply_telecom(session, user, before, value)
    if isinstance(value, HorairesAnswer):
        return _apply_horaires(session, user, before, value)
    if isinstance(value, bool):
        storage.set_unite_sensible(session, user, unit_id, value, expected=before.unite_sensible)
        return lambda later: storage.set_unite_sensible(later, user, unit_id, before.unite_sensible, expected=value)
    if isinstance(value, int):
        nature = "lits" if attribute == "litsInstalles" else "places"
        current = next((capacity.nombre for capacity in before.capacities if capacity.nature == nature), None)
        storage.set_capacity(session, user, unit_id, nature, value, expected=current)
        return lambda later: storage.set_capacity(later, user, unit_id, nature, current, expected=value)
    raise ValueError(f"no way to record {proposal!r}")


def _apply_horaires(session: Session, user: str, before: UnitDescription, value: HorairesAnswer) -> Revert:
    """The plages of one type replace the unit's plages of that type (the others stay)."""
    assert before.id is not None
    unit_id, type_plage = before.id, value.type_plage
    previous = [horaire for horaire in before.horaires if horaire.type_plage == type_plage]
    new = list(value.horaires)
    storage.set_horaires(session, user, unit_id, new, expected=previous, type_plage=type_plage)
    return lambda later: storage.set_horaires(later, user, unit_id, previous, expected=new, type_plage=type_plage)


def _apply_telecom(session: Session, user: str, before: UnitDescription, value: TelecomValue) -> Revert:
    """The unit's first contact gets this telecom (created if the unit has no contact yet); the
    contact's confidentiality, if already answered, carries over to the new telecom."""
    assert before.id is not None
    unit_id = before.id
    if not before.contacts:
        telecom = Telecom(canal=value.canal, adresse=value.adresse)
        contact_id = storage.add_contact(session, user, unit_id, Contact(telecoms=[telecom]))
        return lambda later: storage.remove_contact(later, user, contact_id)
    contact = before.contacts[0]
    assert contact.id is not None
    telecom = Telecom(canal=value.canal, adresse=value.adresse, confidentialite=contact.confidentialite)
    new = contact.model_copy(update={"telecoms": [telecom, *contact.telecoms[1:]]})
    storage.update_contact(session, user, contact.id, new, expected=contact)
    return lambda later: storage.update_contact(later, user, contact.id, contact, expected=new)


def _apply_contact_code(session: Session, user: str, before: UnitDescription, proposal: Proposal) -> Revert:
    """Nature, fonction or confidentiality of the unit's first contact. The confidentiality is
    also given to its telecoms: FG_Contact tests the telecom's own level."""
    contact = before.contacts[0]
    assert contact.id is not None
    update: dict[str, object] = {CONTACT_CODES[proposal.attribute]: proposal.code}
    if proposal.attribute == "niveauConfidentialite":
        update["telecoms"] = [telecom.model_copy(update={"confidentialite": proposal.code})
                              for telecom in contact.telecoms]
    new = contact.model_copy(update=update)
    storage.update_contact(session, user, contact.id, new, expected=contact)
    return lambda later: storage.update_contact(later, user, contact.id, contact, expected=new)


def copy_unit_with_mode(session: Session, user: str, unit: UnitDescription, mode: Proposal,
                        catalog: Catalog) -> int:
    """The twin of ``unit`` for another mode de prise en charge (one mode per UE, ror-model.md
    §8): storage copies every answer, then the mode is replaced; returns the new unit's id."""
    assert unit.id is not None and unit.mode_prise_en_charge is not None
    twin = storage.duplicate_unit(session, user, unit.id, f"{unit.nom} – {mode.label}")
    assert twin.id is not None
    storage.set_coded(session, user, twin.id, _coded_answer(mode, catalog, user, "proposition"),
                      expected=unit.mode_prise_en_charge.code)
    return twin.id


def ej_of(db: Database, unit: UnitDescription) -> int | None:
    """The EJ of the unit: aliases are learnt per établissement juridique."""
    with db.read() as session:
        eg = session.get(EntiteGeographique, unit.eg_id)
    return eg.ej_id if eg else None


def aliases_for(db: Database, question: Question, text: str, ej_id: int | None) -> dict[str, str]:
    """The alias learnt for ``text`` on this question's field, as the mapping the matcher takes."""
    with db.read() as session:
        return aliases.aliases_for(session, question.field, text, ej_id)


def eg_address(db: Database, unit: UnitDescription) -> Address | None:
    """The EG's address, proposed as the unit's (most units sit at their establishment)."""
    with db.read() as session:
        eg = session.get(EntiteGeographique, unit.eg_id)
    if eg is None:
        return None
    address = Address(**{name: getattr(eg, name) for name in Address.model_fields})
    return address if (address.libelle_voie or address.lieu_dit) and address.code_postal else None
