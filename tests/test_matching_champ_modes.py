"""Round 18: a mode read in a médico-social or social unit is proposed in that champ's terms
(hébergement, accueil de jour, accueil de nuit), never as a hospitalisation. Texts written for
these tests, not taken from the benchmark sets."""

import pytest

from ror_assistant.matching import Matcher


@pytest.fixture(scope="module")
def matcher() -> Matcher:
    return Matcher.default()


@pytest.mark.parametrize(("text", "hospital", "counterpart"), [
    ("en journée seulement", "29", "47"),
    ("ils dorment ici, c'est leur chez-eux", "28", "46"),
    ("juste pour dormir, ils repartent le matin", "30", "48"),
])
@pytest.mark.parametrize("champ", ["04", "06"])
def test_a_hospital_mode_in_a_medico_social_unit_is_its_counterpart(matcher, text, hospital, counterpart, champ):
    read = matcher.match("mode", text)
    assert read.best.code == hospital
    in_champ = matcher.mode_in_champ(read, champ)
    assert in_champ.best.code == counterpart
    assert in_champ.best.label == matcher.codes_of("mode")[counterpart]
    codes = [candidate.code for candidate in in_champ.candidates]
    assert len(codes) == len(set(codes)) and not {"28", "29", "30"} & set(codes)
    assert in_champ.verdict != "none"


def test_hesitating_between_a_hospital_mode_and_its_counterpart_is_no_longer_hesitating(matcher):
    read = matcher.match("mode", "ils viennent le matin et repartent le soir")
    assert read.verdict == "ambiguous" and [c.code for c in read.candidates[:2]] == ["29", "47"]
    in_champ = matcher.mode_in_champ(read, "04")
    assert in_champ.verdict == "sure" and in_champ.best.code == "47" and in_champ.follow_up is None


def test_a_question_left_open_names_the_champ_s_modes(matcher):
    in_champ = matcher.mode_in_champ(matcher.match("mode", "hospitalisation"), "04")
    assert in_champ.verdict == "ambiguous"
    assert "Hospitalisation complète" not in in_champ.follow_up and in_champ.best.code == "46"


@pytest.mark.parametrize(("text", "social", "hospital"), [
    ("trente résidents, séjours longs", "46", "28"),
    ("accueil de jour", "47", "29"),
    ("accueil de nuit", "48", "30"),
])
@pytest.mark.parametrize("champ", ["02", "03"])
def test_a_medico_social_mode_in_a_smr_or_psychiatric_unit_is_its_hospital_counterpart(matcher, text, social, hospital,
                                                                                       champ):
    """Round 20: SMR and psychiatry hospitalise; their « résidents » and « séjours » are an HC."""
    read = matcher.match("mode", text)
    assert social in [candidate.code for candidate in read.candidates[:2]]
    in_champ = matcher.mode_in_champ(read, champ)
    assert in_champ.best.code == hospital
    assert social not in [candidate.code for candidate in in_champ.candidates]


@pytest.mark.parametrize("champ", ["02", "03"])
def test_smr_and_psychiatric_units_keep_their_hospital_modes(matcher, champ):
    assert matcher.mode_in_champ(matcher.match("mode", "en journée seulement"), champ).best.code == "29"


def test_a_mode_typed_as_its_code_stays_in_any_champ(matcher):
    read = matcher.match("mode", "46")
    assert matcher.mode_in_champ(read, "02") is read
    assert matcher.mode_in_champ(matcher.match("mode", "28"), "04").best.code == "28"


@pytest.mark.parametrize("champ", ["01", "05", None])
def test_health_units_keep_their_hospital_modes(matcher, champ):
    read = matcher.match("mode", "en journée seulement")
    assert matcher.mode_in_champ(read, champ) is read


def test_modes_that_are_not_hospitalisations_are_kept(matcher):
    read = matcher.match("mode", "consultations")
    assert matcher.mode_in_champ(read, "04") is read
