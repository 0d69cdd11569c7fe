"""The French reader of opening hours: real phrasings, refusals, and generated schedules that
round-trip through a French rendering (hypothesis)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ror_assistant.description import DAY_NAMES, Horaire
from ror_assistant.interview.horaires import find_horaires, horaires_labels, parse_horaires

WEEK = range(1, 8)
WEEKDAYS = range(1, 6)


def plages(text: str) -> list[tuple[int, str, str, str]]:
    checked = parse_horaires(text)
    assert checked.ok, (text, checked.problem)
    return [(h.jour, h.debut, h.fin, h.type_plage) for h in checked.value.horaires]


def every(days, *ranges: tuple[str, str], type_plage: str = "02") -> list[tuple[int, str, str, str]]:
    return [(day, start, end, type_plage) for day in days for start, end in ranges]


@pytest.mark.parametrize(("text", "expected"), [
    ("24h/24", every(WEEK, ("00:00", "24:00"))),
    ("24h/24 7j/7", every(WEEK, ("00:00", "24:00"))),
    ("7 jours sur 7, 24 heures sur 24", every(WEEK, ("00:00", "24:00"))),
    ("H24", every(WEEK, ("00:00", "24:00"))),
    ("tous les jours de 8h à 20h", every(WEEK, ("08:00", "20:00"))),
    ("de 8h à 20h tous les jours", every(WEEK, ("08:00", "20:00"))),
    ("du lundi au vendredi de 8h30 à 17h", every(WEEKDAYS, ("08:30", "17:00"))),
    ("Du Lundi au Vendredi de 08h00 à 17h00", every(WEEKDAYS, ("08:00", "17:00"))),
    ("lun-ven 9h-12h et 14h-18h", every(WEEKDAYS, ("09:00", "12:00"), ("14:00", "18:00"))),
    ("lun.-ven. 9h-12h / 14h-18h", every(WEEKDAYS, ("09:00", "12:00"), ("14:00", "18:00"))),
    ("lundi, mercredi et vendredi 9h–17h", every((1, 3, 5), ("09:00", "17:00"))),
    ("en semaine 8h-18h, samedi 8h-12h", every(WEEKDAYS, ("08:00", "18:00")) + [(6, "08:00", "12:00", "02")]),
    ("lundi 8:30-20h", [(1, "08:30", "20:00", "02")]),
    ("mardi 8 h 30 - 12 h", [(2, "08:30", "12:00", "02")]),
    ("de 8 à 18 du lundi au vendredi", every(WEEKDAYS, ("08:00", "18:00"))),
    ("le week-end de 10h à midi", every((6, 7), ("10:00", "12:00"))),
    ("lun-ven 18h-minuit", every(WEEKDAYS, ("18:00", "24:00"))),
    ("lun-ven 18h-0h", every(WEEKDAYS, ("18:00", "24:00"))),
    ("tous les jours sauf le dimanche de 8h à 20h", every(range(1, 7), ("08:00", "20:00"))),
    ("7j/7 8h-20h, fermé le samedi et le dimanche", every(WEEKDAYS, ("08:00", "20:00"))),
    ("jours ouvrables 9h-19h", every(range(1, 7), ("09:00", "19:00"))),
    ("du samedi au lundi 9h-17h", every((1, 6, 7), ("09:00", "17:00"))),
    ("ouvert du lundi au vendredi de 9h à 17h", every(WEEKDAYS, ("09:00", "17:00"))),
    # hôpital de semaine: open without a break from Monday morning to Friday evening
    ("du lundi 8h au vendredi 18h", [(1, "08:00", "24:00", "02"), *every((2, 3, 4), ("00:00", "24:00")),
                                     (5, "00:00", "18:00", "02")]),
    ("du vendredi 18h au lundi 8h", [(1, "00:00", "08:00", "02"), (5, "18:00", "24:00", "02"),
                                     *every((6, 7), ("00:00", "24:00"))]),
    ("consultations sur rendez-vous du lundi au vendredi 9h-17h", every(WEEKDAYS, ("09:00", "17:00"), type_plage="07")),
    ("sans rendez-vous le mardi de 14h à 17h", [(2, "14:00", "17:00", "06")]),
    ("jeudi 9h-12h sur RDV", [(4, "09:00", "12:00", "07")]),
])
def test_real_phrasings(text, expected):
    assert plages(text) == sorted(expected)


@pytest.mark.parametrize(("text", "words"), [
    ("lundi 18h-8h", "La fin (8 h) n'est pas après le début (18 h)"),
    ("lundi 9h-9h", "n'est pas après le début"),
    ("mecredi 9h-12h", "Jour inconnu « mecredi » (vouliez-vous dire « mercredi » ?)"),
    ("lundi", "Il manque les heures pour « lundi »"),
    ("du lundi au vendredi", "Il manque les heures"),
    ("8h-18h", "Quels jours pour 8 h – 18 h ?"),
    ("lundi 8h", "il manque l'heure de fin"),
    ("lun-ven 25h-26h", "Je ne comprends pas l'heure « 25h »"),
    ("lun-ven 8h65-9h", "les minutes de 00 à 59"),
    ("tous les jours 8h-20h, dimanche 10h-18h", "Dimanche : les plages 8 h – 20 h et 10 h – 18 h se chevauchent"),
    ("sur rdv lundi 9h-12h, sans rdv mardi 9h-12h", "qu'une sorte de plage"),
    ("bonjour", "Je n'ai pas compris « bonjour »"),
    ("fermé", "j'attends des jours"),
])
def test_what_cannot_be_read_is_refused_with_how_to_write_it(text, words):
    checked = parse_horaires(text)
    assert not checked.ok and checked.value is None
    assert words in checked.problem
    assert "du lundi au vendredi de 8h30 à 17h" in checked.hint


def test_holidays_are_noted_as_not_recorded():
    checked = parse_horaires("lun-ven 8h-18h sauf jours fériés")
    assert checked.ok and len(checked.value.horaires) == 5
    assert "jours fériés" in checked.notice


@pytest.mark.parametrize(("text", "label"), [
    ("en semaine 8h30-17h, samedi 8h-12h", "Du lundi au vendredi, 8 h 30 – 17 h ; samedi, 8 h – 12 h"),
    ("24h/24", "24 h/24, 7 j/7"),
    ("lun-ven 24h/24", "Du lundi au vendredi, 24 h/24"),
    ("tous les jours de 8h à 20h", "Tous les jours, 8 h – 20 h"),
    ("lundi, mardi, jeudi 9h-12h et 14h-18h", "Lundi, mardi et jeudi, 9 h – 12 h et 14 h – 18 h"),
    ("du lundi 8h au vendredi 18h", "Du lundi 8 h au vendredi 18 h, en continu"),
    ("sur rendez-vous mardi 14h-17h", "Consultations sur rendez-vous : mardi, 14 h – 17 h"),
])
def test_french_rendering(text, label):
    assert parse_horaires(text).display == label


def test_labels_put_the_horaires_de_fonctionnement_first_then_one_line_per_type():
    horaires = [Horaire(jour=2, debut="14:00", fin="17:00", type_plage="07"),
                Horaire(jour=1, debut="08:00", fin="18:00")]
    assert horaires_labels(horaires) == ["Lundi, 8 h – 18 h", "Consultations sur rendez-vous : mardi, 14 h – 17 h"]
    assert horaires_labels([]) == []


# -- generated schedules -----------------------------------------------------------------------

ABBREVIATIONS = {1: "lun", 2: "mar", 3: "mer", 4: "jeu", 5: "ven", 6: "sam", 7: "dim"}


def written(minutes: int, style: int) -> str:
    """One hour as people write it: 8h, 8h30, 08h00, 8:30."""
    hours, rest = divmod(minutes, 60)
    if style == 0:
        return f"{hours}h{rest:02d}" if rest else f"{hours}h"
    if style == 1:
        return f"{hours:02d}h{rest:02d}"
    return f"{hours}:{rest:02d}"


@st.composite
def schedules(draw):
    """A range of days (no wrap) with one to three ordered, non-touching time ranges."""
    first = draw(st.integers(1, 7))
    last = draw(st.integers(first, 7))
    count = draw(st.integers(1, 3))
    bounds = sorted(draw(st.lists(st.integers(0, 24 * 12).map(lambda five: five * 5), min_size=2 * count,
                                  max_size=2 * count, unique=True)))
    ranges = [(bounds[index], bounds[index + 1]) for index in range(0, len(bounds), 2)]
    if any(end <= start for start, end in ranges) or any(
            ranges[index][1] >= ranges[index + 1][0] for index in range(len(ranges) - 1)):
        ranges = ranges[:1]
    return first, last, ranges


def hhmm(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


@settings(max_examples=300, deadline=None)
@given(schedule=schedules(), day_style=st.integers(0, 2), hour_style=st.integers(0, 2),
       type_word=st.sampled_from([("", "02"), (" sur rendez-vous", "07"), (" sans RDV", "06")]))
def test_generated_day_ranges_and_hours_are_read_back(schedule, day_style, hour_style, type_word):
    first, last, ranges = schedule
    if day_style == 0:
        days = f"du {DAY_NAMES[first - 1]} au {DAY_NAMES[last - 1]}" if first != last else DAY_NAMES[first - 1]
    elif day_style == 1:
        days = f"{ABBREVIATIONS[first]}-{ABBREVIATIONS[last]}" if first != last else ABBREVIATIONS[first]
    else:
        days = ", ".join(DAY_NAMES[day - 1] for day in range(first, last + 1))
    hours = " et ".join(f"de {written(start, hour_style)} à {written(end, hour_style)}" for start, end in ranges)
    text = f"{days} {hours}{type_word[0]}"
    expected = [(day, hhmm(start), hhmm(end), type_word[1]) for day in range(first, last + 1) for start, end in ranges]
    assert plages(text) == expected


@st.composite
def weeks(draw):
    """Any week of plages: per day, zero to two ordered plages (a day may run to 24:00)."""
    plages = []
    for day in WEEK:
        cuts = sorted(draw(st.lists(st.integers(0, 48).map(lambda half: half * 30), max_size=4, unique=True)))
        if len(cuts) % 2:
            cuts = cuts[:-1]
        plages.extend(Horaire(jour=day, debut=hhmm(cuts[index]), fin=hhmm(cuts[index + 1]))
                      for index in range(0, len(cuts), 2) if cuts[index + 1] > cuts[index])
    return plages


def merged(horaires):
    """What a reader makes of plages: touching plages of a day are one."""
    result = []
    for horaire in sorted(horaires, key=lambda item: (item.jour, item.debut)):
        if result and result[-1].jour == horaire.jour and result[-1].fin == horaire.debut:
            result[-1] = result[-1].model_copy(update={"fin": horaire.fin})
        else:
            result.append(horaire)
    return result


@settings(max_examples=300, deadline=None)
@given(week=weeks())
def test_any_week_reads_back_from_its_french_label(week):
    if not week:
        assert horaires_labels(week) == []
        return
    [label] = horaires_labels(week)
    checked = parse_horaires(label)
    assert checked.ok, (label, checked.problem)
    assert list(checked.value.horaires) == merged(week)


@settings(max_examples=500, deadline=None)
@given(text=st.text(max_size=60) | st.lists(st.sampled_from(
    ["lundi", "ven", "du", "au", "de", "à", "-", "8h", "18h30", "12:00", "24h/24", "7j/7", "et", ",", ";", "sauf",
     "fermé", "sur rdv", "sans rdv", "midi", "minuit", "semaine", "week-end", "8", "25h", "fériés", "bonjour"]),
    max_size=12).map(" ".join))
def test_any_line_is_read_or_refused_never_crashes(text):
    checked = parse_horaires(text)
    if checked.ok:
        assert checked.value.horaires and checked.display
        again = parse_horaires(checked.display)
        assert again.ok and again.value == checked.value
    else:
        assert checked.problem and checked.hint


@pytest.mark.parametrize(("text", "label", "type_plage"), [
    ("Hôpital de jour de cardiologie pour adultes, ouvert du lundi au vendredi de 8h30 à 17h",
     "Du lundi au vendredi, 8 h 30 – 17 h", "02"),
    ("Consultations de cardiologie sur rendez-vous le mardi et le jeudi de 9h à 12h",
     "Consultations sur rendez-vous : mardi et jeudi, 9 h – 12 h", "07"),
    ("USIC de 8 lits, 24h/24", "24 h/24, 7 j/7", "02"),
])
def test_hours_stated_in_passing_in_a_description_are_found(text, label, type_plage):
    found = find_horaires(text)
    assert found is not None and found.display == label and found.value.type_plage == type_plage


@pytest.mark.parametrize("text", [
    "Réanimation polyvalente de 12 lits pour adultes", "accueille les enfants de 3 à 16 ans",
    "reçus dès 18 ans", "L’hôpital de jour accueille des enfants, du lundi au vendredi, à la journée.",
])
def test_a_description_without_hours_gives_none(text):
    assert find_horaires(text) is None
