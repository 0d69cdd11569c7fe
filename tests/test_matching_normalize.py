"""Normalisation: accents, elisions, apostrophes, stop words, quantities kept aside."""

from hypothesis import given, strategies as st

from ror_assistant.matching import Quantity, alias_key, normalize
from ror_assistant.matching.normalize import stem
from ror_assistant.textfold import fold


def words(text: str) -> list[str]:
    return [word.text for word in normalize(text).words]


def test_accents_case_and_elisions_are_removed():
    assert words("L’Hôpital de Jour d'Oncologie") == ["hopital", "jour", "oncologie"]


def test_curly_and_straight_apostrophes_give_the_same_key():
    assert alias_key("l’HDJ d’onco") == alias_key("L'hdj d'ONCO") == "hdj onco"


def test_numbers_with_units_are_kept_aside():
    result = normalize("USIC 8 lits")
    assert words("USIC 8 lits") == ["usic"]
    assert result.quantities == (Quantity(8, "lits"),)


def test_number_without_unit_keeps_the_next_word():
    result = normalize("2 IRM")
    assert [word.text for word in result.words] == ["irm"]
    assert result.quantities == (Quantity(2, ""),)


def test_adjective_and_noun_share_a_stem():
    assert stem("cardiologique") == stem("cardiologie")
    assert stem("pediatriques") == stem("pediatrie")
    assert stem("neonatale") != stem("neonatalogie")


def test_combining_forms_are_joined():
    assert words("cardio-vasculaires") == ["cardiovasculaires"]


@given(st.text())
def test_fold_is_idempotent(text):
    assert fold(fold(text)) == fold(text)


@given(st.text())
def test_normalize_never_raises(text):
    result = normalize(text)
    assert all(word.text for word in result.words)


def test_latin_prefixes_join_their_word():
    """« intra-vitréennes » is one word: « intra » alone would read as intracrânienne."""
    assert [word.text for word in normalize("injections intra-vitréennes").words] == ["injections", "intravitreennes"]
    assert [word.text for word in normalize("équipe mobile extra-hospitalière").words][-1] == "extrahospitaliere"


def test_team_words_describe_any_unit():
    """« équipe pluridisciplinaire » is in most unit descriptions: it must not pull towards
    « Réunion de concertation pluridisciplinaire »."""
    assert [word.text for word in normalize("structure pluridisciplinaire").words] == []


def test_medico_and_socio_join_their_word_without_hyphen_too():
    assert [word.text for word in normalize("institut médico éducatif").words] == ["institut", "medicoeducatif"]
    assert [word.text for word in normalize("centre médico psycho pédagogique").words] == [
        "centre", "medicopsychopedagogique"]
    assert [word.text for word in normalize("suivi psycho").words] == ["suivi", "psycho"]  # a clip stays a clip


def test_two_clips_joined_by_a_hyphen_stay_two_words():
    # the hyphen coordinates two clipped specialties; a combining form before a full word joins it
    assert words("ortho-traumato") == ["ortho", "traumato"]
    assert words("onco-hémato") == ["onco", "hemato"]
    assert words("onco-hématologiques") == ["oncohematologiques"]


def test_an_acronym_the_text_spells_out_before_it_is_dropped():
    from ror_assistant.matching.normalize import without_defined_acronyms
    assert "(UCC)" not in without_defined_acronyms("L'unité commune de chimiothérapie (UCC)")
    assert "(EMGT)" not in without_defined_acronyms("Équipe Mobile de Gériatrie Territoriale (EMGT)")
    # initials that do not match, or an acronym the caller keeps, stay
    assert "(PFR)" in without_defined_acronyms("Plateforme de répit (PFR)")
    assert "(HDJ)" in without_defined_acronyms("hôpital de jour (HDJ)", keep=lambda acronym, spelt: acronym == "hdj")
    # an acronym followed by its spelt-out form: one of the two goes
    assert without_defined_acronyms("le Smur (Structure mobile d'urgence et de réanimation) du CH",
                                    keep=lambda acronym, spelt: True).split() == ["le", "Smur", "du", "CH"]
    assert "Smur" not in without_defined_acronyms("le Smur (Structure mobile d'urgence et de réanimation)")


def test_sans_is_one_word_with_what_it_governs():
    assert words("Addictologie comportementale (sans substance)")[-1] == "sanssubstance"
    assert words("sans leur consentement") == ["sansconsentement"]
    assert words("avec ou sans rendez-vous") == ["rendez"]


def test_a_capacity_written_in_words_is_a_quantity():
    result = normalize("la nouvelle unité doit compter vingt-quatre lits et six places")
    assert [(quantity.value, quantity.unit) for quantity in result.quantities] == [(24, "lits"), (6, "places")]
    assert "lits" not in [word.text for word in result.words]


def test_a_dotted_acronym_is_one_word():
    assert words("L'U.S.A.P. accueille") == ["usap"]
    assert words("au P.A.S.A. le matin") == ["pasa", "matin"]


def test_filler_verbs_of_labels_are_not_words_to_match():
    # « Activités *visant* la stimulation cognitivo-comportementale »: nobody types « visant »,
    # and a label word nobody types leaves the label never fully read
    assert [word.text for word in normalize("Activités visant la stimulation cognitive").words] == [
        "stimulation", "cognitive"]


def test_pas_negates_the_word_after_it_like_sans():
    assert [word.text for word in normalize("ne nécessitant pas d'hospitalisation").words] == [
        "necessitant", "sanshospitalisation"]
    assert [word.text for word in normalize("pas seulement des consultations").words] == [
        "seulement", "consultations"]


def test_a_place_denied_is_negated_like_a_noun():
    """« pas à domicile », « jamais dans les services »: the place denied is no place of the unit."""
    assert [word.text for word in normalize("pas à domicile").words] == ["sansdomicile"]
    assert [word.text for word in normalize("on ne va jamais dans les services").words] == ["va", "sansservices"]
    # a preposition before anything but a place keeps the old reading: « pas en individuel »
    # is read by the mode phrases, « pas dans un logement classique » still says a logement
    assert "logement" in [word.text for word in normalize("ne tiendraient pas dans un logement classique").words]


def test_aged_n_years_is_an_age_not_older_people():
    normalized = normalize("patients âgés de 15 ans")
    assert [word.text for word in normalized.words] == []
    assert [str(quantity) for quantity in normalized.quantities] == ["15 ans"]
    assert [word.text for word in normalize("personnes âgées dépendantes").words] == ["agees", "dependantes"]


def test_pas_before_an_article_negates_nothing_it_names():
    assert "hopital" in [word.text for word in normalize("on ne fréquente pas un hôpital de jour sans raison").words]


def test_place_names_after_a_site_are_not_words_to_match():
    from ror_assistant.matching.normalize import without_place_names
    assert "Vitré" not in without_place_names("plateforme de répit, antenne de Vitré")
    assert without_place_names("SMUR d'Aurillac") == "SMUR d'"
    assert without_place_names("antenne de pédopsychiatrie") == "antenne de pédopsychiatrie"


def test_au_quotidien_says_how_often_not_the_vie_quotidienne():
    assert [word.text for word in normalize("12 patients hospitalisés au quotidien").words] == ["hospitalises"]
    assert "quotidienne" in [word.text for word in normalize("aide à la vie quotidienne").words]


def test_car_is_the_conjunction_and_car_t_the_cells():
    assert [word.text for word in normalize("car les urgences").words] == ["urgences"]
    assert [word.text for word in normalize("cellules CAR-T").words] == ["cellules", "cart"]
    assert [word.text for word in normalize("CAR T").words] == ["cart"]


def test_a_letter_revealed_by_folding_is_folded_too():
    # hypothesis found « Ǣ »: its macron dropped, « æ » appeared, which folds to « ae »
    assert fold("Ǣ") == fold(fold("Ǣ")) == "ae"
