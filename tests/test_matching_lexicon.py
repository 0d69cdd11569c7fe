"""The lexicon file: validated at load, errors name the file and the line."""

import pytest

from ror_assistant.errors import DataFileError
from ror_assistant.matching import Matcher
from ror_assistant.matching.lexicon import load_lexicon
from ror_assistant.matching.normalize import normalize


@pytest.fixture(scope="module")
def matcher() -> Matcher:
    return Matcher.default()


def test_bundled_lexicon_loads_with_meaning_and_source():
    lexicon = load_lexicon()
    assert len(lexicon.entries) > 50
    assert all(entry.meaning and entry.source for entry in lexicon.entries)


def test_broken_entry_is_reported_with_file_and_line(tmp_path):
    path = tmp_path / "lexicon.yaml"
    path.write_text(
        "entries:\n"
        "  - term: HDJ\n"
        "    kind: acronym\n"
        "    expansion: hospitalisation de jour\n"
        "    meaning: hospitalisation de jour\n"
        "    source: TRE_R213\n"
        "  - term: USIC\n"
        "    kind: acronyme\n"
        "    expansion: soins intensifs de cardiologie\n"
        "    meaning: unité de soins intensifs\n"
        "    source: TRE_R211\n",
        encoding="utf-8")
    with pytest.raises(DataFileError) as caught:
        load_lexicon(path)
    assert caught.value.line == 8
    assert "lexicon.yaml" in str(caught.value)


def test_truncation_without_completions_is_refused(tmp_path):
    path = tmp_path / "lexicon.yaml"
    path.write_text("entries:\n  - term: néonat\n    kind: truncation\n    meaning: néonatal\n    source: usage\n",
                    encoding="utf-8")
    with pytest.raises(DataFileError) as caught:
        load_lexicon(path)
    assert caught.value.line == 2


def test_acronym_keeps_typed_reading_and_adds_expansion():
    groups = load_lexicon().groups(normalize("HDJ").words, "mode")
    assert [[word.text for word in reading] for reading in groups[0].readings] == [
        ["hdj"], ["hospitalisation", "jour"]]


def test_mode_spans_are_removed_from_activity_queries():
    lexicon = load_lexicon()
    assert lexicon.groups(normalize("HDJ").words, "activite") == ()
    groups = lexicon.groups(normalize("hospit complète onco").words, "activite")
    assert [group.typed for group in groups] == ["onco"]
    spans = lexicon.foreign_spans(normalize("hospit complète onco").words, "activite")
    assert [(start, end, entry.states) for start, end, entry in spans] == [(0, 2, "mode")]


def test_chirurgie_stays_an_activity_word_when_ambulatoire_is_a_mode():
    groups = load_lexicon().groups(normalize("chirurgie ambulatoire").words, "activite")
    assert [group.typed for group in groups] == ["chirurgie"]


def test_context_entry_applies_only_next_to_its_context_words():
    lexicon = load_lexicon()
    in_smr = lexicon.groups(normalize("SMR cardio").words, "activite")
    readings = [" ".join(word.text for word in reading) for reading in in_smr[-1].readings]
    assert "affections cardiovasculaires" in readings and "cardio" in readings
    alone = lexicon.groups(normalize("cardio").words, "activite")
    assert alone[0].readings[0][0].completes  # the general truncation entry, no SMR reading
    assert all("affections" not in word.text for reading in alone[0].readings for word in reading)


@pytest.mark.parametrize(("text", "code"), [
    ("SMR cardio", "235"), ("SSR neuro", "234"), ("SMR locomoteur", "233"), ("SMR pneumologie", "236"),
    ("SSR addicto", "240"), ("service de réadaptation gastro-entérologie", "237"),
])
def test_smr_mentions_read_next_to_ssr_or_smr(matcher, text, code):
    assert matcher.match("activite", text).best.code == code


@pytest.mark.parametrize(("text", "code"), [
    # round 13: a SMR described by its patients' illnesses reads the mention that treats them
    ("SMR AVC", "234"), ("SMR fractures", "233"), ("SMR prothèse de hanche", "233"), ("SMR BPCO", "236"),
    ("réadaptation post-infarctus", "235"), ("SMR dialysés", "243"), ("SMR alcool", "240"),
    # unless the SMR names its own mention: the elderly after a fracture are geriatric
    ("SMR gériatrique, patients âgés après fracture", "241"),
])
def test_smr_illnesses_read_the_mention_that_treats_them(matcher, text, code):
    assert matcher.match("activite", text).best.code == code


def test_an_illness_outside_a_smr_keeps_its_specialty(matcher):
    assert matcher.match("activite", "AVC").best.code == "098"
    assert matcher.match("activite", "alcool").best.code == "003"


def test_not_with_sets_an_entry_aside(tmp_path):
    path = tmp_path / "lexicon.yaml"
    path.write_text("entries:\n  - term: fractures\n    kind: synonym\n    expansion: appareil locomoteur\n"
                    "    context: [SMR]\n    not_with: [gériatrique]\n    meaning: en SMR\n    source: usage\n",
                    encoding="utf-8")
    lexicon = load_lexicon(path)
    assert lexicon.groups(normalize("SMR fractures").words, "activite")[-1].readings[0][0].text == "appareil"
    assert lexicon.groups(normalize("SMR gériatrique fractures").words, "activite")[-1].readings[0][0].text == "fractures"


def test_context_of_several_words_is_refused(tmp_path):
    path = tmp_path / "lexicon.yaml"
    path.write_text("entries:\n  - term: cardio\n    kind: synonym\n    expansion: cardiaque\n"
                    "    context: [soins de suite]\n    meaning: en SMR\n    source: usage\n", encoding="utf-8")
    with pytest.raises(DataFileError) as caught:
        load_lexicon(path)
    assert caught.value.line == 2
    assert "un seul mot" in str(caught.value)


@pytest.mark.parametrize(("text", "codes"), [
    ("MAS", {"288", "293"}), ("FAM", {"285", "293"}), ("IME", {"300", "301"}), ("EHPAD", {"285", "293"}),
    ("CMPP", {"289", "227"}), ("SAVS", {"312", "298"}),
])
def test_medico_social_structures_read_as_their_prestations(matcher, text, codes):
    """A structure's acronym (MAS, not « masculins »; FAM, not « familiale ») gives the two
    SERAFIN-PH prestations it is for, as a question between them."""
    result = matcher.match("activite", text)
    assert {candidate.code for candidate in result.candidates[:2]} == codes
    assert result.verdict == "ambiguous"


def test_alone_entry_applies_only_when_it_is_all_the_answer_says(matcher):
    """« médecine » alone (or after a mode, « HDJ médecine ») is médecine polyvalente;
    « médecine oncologique » stays oncologie médicale."""
    for text in ("médecine", "HDJ médecine", "Médecine 2"):
        assert matcher.match("activite", text).best.code == "083", text
    assert matcher.match("activite", "médecine oncologique").best.code == "102"
    lexicon = load_lexicon()
    readings = lexicon.groups(normalize("médecine nucléaire").words, "activite")[0].readings
    assert all("polyvalente" not in word.text for reading in readings for word in reading)


@pytest.mark.parametrize(("text", "code"), [
    ("Pédiatrie", "088"), ("Hôpital de jour pédiatrique", "088"), ("Soins continus", "373"),
    ("Hôpital de jour psychiatrique", "229"), ("psychiatrie enfants", "227"), ("Urologie pédiatrique", "031"),
    ("Unité d'hospitalisation de courte durée", "157"),
])
def test_everyday_unit_names(matcher, text, code):
    assert matcher.match("activite", text).best.code == code


def test_a_clip_of_a_lexicon_word_reads_what_it_abbreviates(matcher):
    """« neuroped » completes no label word; it is the beginning of the vocabulary's
    « neuropédiatrie », read at the trust of a related reading. A clip of a label word
    (« onco ») keeps its label reading."""
    assert matcher.match("activite", "neuroped").candidates[0].code == "610"
    assert matcher.match("activite", "onco").candidates[0].code == "102"


def test_the_first_listed_expansion_wins_a_tie(matcher):
    # « IME » reads both « accompagnements à la scolarisation » and « enseignement et formation »;
    # both fit their label whole, and the lexicon lists the usual one first
    result = matcher.match("activite", "IME")
    assert [candidate.code for candidate in result.candidates[:2]] == ["300", "301"]
    assert result.verdict == "ambiguous"


@pytest.mark.parametrize(("text", "code", "verdict"), [
    ("CMP", "229", "ambiguous"),          # most CMP are adult sector ones; the age is asked
    ("CMP enfants", "227", "sure"),       # the age said wins over the usual one
    ("CMP adultes", "229", "sure"),
    ("psy", "229", "sure"),               # « psy » alone is psychiatrie générale, like « psychiatrie »
    # written out, the CMP reads as its acronym
    ("centre médico-psychologique", "229", "ambiguous"),
    ("centre médico-psychologique pour enfants", "227", "sure"),
])
def test_psychiatry_structures_follow_the_age_the_answer_says(matcher, text, code, verdict):
    result = matcher.match("activite", text)
    assert (result.candidates[0].code, result.verdict) == (code, verdict)


def test_an_age_phrase_counts_as_an_age_said(matcher):
    # « infanto-juvénile » reads enfant et adolescent: the CMP is not the adult one
    codes = [candidate.code for candidate in matcher.match("activite", "CMP infanto-juvénile").candidates[:2]]
    assert set(codes) == {"227", "228"}


@pytest.mark.parametrize(("field", "text", "code"), [
    ("activite", "eeg emg", "346"),          # beside an EEG, EMG is the électromyogramme
    ("activite", "EMG", "050"),              # alone, the équipe mobile de gériatrie
    ("activite", "réa cardiochir", "123"),
    ("activite", "RDR addicto", "450"),
    ("activite", "smr cancéro", "523"),    # the SMR mention « oncologie » (238 is its haematology modality)
    ("mode", "chirurgie de jour", "09"),
    ("mode", "accueil nocturne", "48"),
    ("mode", "télésuivi des insuffisants cardiaques", "37"),
])
def test_more_words_of_the_trade(matcher, field, text, code):
    assert matcher.match(field, text).candidates[0].code == code


@pytest.mark.parametrize(("field", "text", "code"), [
    ("activite", "urgences AVC", "256"),
    ("activite", "AVC", "098"),
    ("activite", "maison des ados", "453"),
    ("mode", "lits de courte durée aux urgences", "13"),
    ("mode", "traitements ambulatoires (injections, transfusions)", "20"),
])
def test_structures_and_label_phrases_people_use(matcher, field, text, code):
    assert matcher.match(field, text).candidates[0].code == code


def test_a_misspelt_lexicon_word_is_read_as_the_word(matcher):
    # no label has « tabagique »; the vocabulary's « sevrage tabagique » does
    assert matcher.match("activite", "sevrage tabagqiue").candidates[0].code == "139"
    # a general qualifier is no misspelling of anything
    assert matcher.match("activite", "pediatrie generale").candidates[0].code == "088"


@pytest.mark.parametrize(("text", "code"), [
    ("santé mentale adultes", "229"),
    ("pôle santé mentale enfants", "227"),
    ("ergothérapie santé mentale", "579"),   # the orientation labels stay readable
])
def test_sante_mentale_is_psychiatry(matcher, text, code):
    assert matcher.match("activite", text).candidates[0].code == code


@pytest.mark.parametrize(("text", "code"), [
    ("pedia", "088"),                 # alone, the general pediatrics
    ("pédia neuro", "610"),           # with a specialty, a clip
    ("medecine infectieuse", "077"),
    ("SMIT", "077"),
])
def test_clips_and_service_names(matcher, text, code):
    assert matcher.match("activite", text).candidates[0].code == code


def test_soins_psychiatriques_is_the_law_s_word_for_psychiatry():
    matcher = Matcher.default()
    assert matcher.match("activite", "soins psychiatriques").candidates[0].code == "229"
    assert matcher.match("activite", "soins psychiatriques pour enfants").candidates[0].code == "227"
    assert matcher.match("activite", "soins intensifs psychiatriques").candidates[0].code == "355"


def test_medico_social_and_smr_abbreviations():
    matcher = Matcher.default()
    assert matcher.match("mode", "AJ alzheimer").candidates[0].code == "47"  # accueil de jour
    assert matcher.match("activite", "SMR PAPD").candidates[0].code == "241"  # the old SSR mention
    assert matcher.match("activite", "hémodialyse en centre").candidates[0].code == "059"


@pytest.mark.parametrize(("text", "code"), [
    ("CAMSP", "32"),                                   # cure ambulatoire
    ("ESAT", "47"),                                    # the workers come by day
    ("SAVS", "49"),                                    # milieu ouvert
    ("IME internat", "46"),                            # the answer says which of the two
    ("ITEP semi-internat", "47"),
    ("Au Foyer d'accueil médicalisé, trente adultes vivent ensemble", "46"),
    ("unité médico-judiciaire", "32"),
    ("service de médecine nucléaire", "55"),
])
def test_structures_say_how_they_receive(matcher, text, code):
    assert matcher.match("mode", text).candidates[0].code == code


def test_an_ime_without_more_asks_day_or_residence(matcher):
    result = matcher.match("mode", "IME")
    assert result.verdict == "ambiguous"
    assert {candidate.code for candidate in result.candidates[:2]} == {"46", "47"}


def test_su_names_the_urgences_for_both_fields(matcher):
    # « SU » states the mode and names the activité: the activité query keeps it
    assert matcher.match("activite", "SU adultes avec circuit court").candidates[0].code == "157"
    assert matcher.match("mode", "SU adultes").candidates[0].code == "33"


def test_gambling_said_many_ways_is_behavioural_addiction(matcher):
    assert matcher.match("activite", "addiction aux jeux, casinos").candidates[0].code == "001"


@pytest.mark.parametrize("text", ["pédiatrie enfants", "pédiatrie 0-18 ans", "pédiatrie, dont 2 lits pour les ados"])
def test_an_entry_said_alone_stays_alone_beside_the_public(matcher, text):
    # the ages say who is cared for (another field): « pédiatrie » is still the general one
    assert matcher.match("activite", text).candidates[0].code == "088"


@pytest.mark.parametrize(("text", "code"), [
    ("CTB", "175"), ("ODF", "104"), ("CIVG", "105"), ("smurp", "270"), ("USC NCH", "377"),
    ("IH receveur", "071"), ("HD", "059"), ("HD urgence", "058"), ("SSRA", "240"), ("chir vx", "032"),
    ("IPA PCS", "614"), ("IPA MRC", "616"), ("CDAG", "162"),
])
def test_common_hospital_acronyms(matcher, text, code):
    assert matcher.match("activite", text).candidates[0].code == code


@pytest.mark.parametrize(("text", "code"), [
    ("SMUR adulte", "136"),                        # the SMUR with no children, transfers or regulation said
    ("SMUR secondaire", "268"),                    # the secondary SMUR moves patients between hospitals
    ("SMUR pédiatrique", "270"),
    ("médecine de l'ado", "453"),                  # the adolescent is the specialty here, not only the public
])
def test_smur_and_adolescent_medicine_said_the_usual_way(matcher, text, code):
    assert matcher.match("activite", text).candidates[0].code == code


@pytest.mark.parametrize(("text", "code"), [
    ("SOS traumato", "159"),                       # « SOS X »: the emergencies of X…
    ("chir main SOS", "467"),                      # …not a surgery that takes them
    ("urgences migraine", "250"),                  # a migraine at the emergencies is a headache
])
def test_sos_and_migraine_at_the_emergencies(matcher, text, code):
    assert matcher.match("activite", text).candidates[0].code == code


@pytest.mark.parametrize(("text", "code"), [
    ("des lits de long séjour pour des personnes âgées très dépendantes", "333"),
    ("une unité d'hospitalisation de long séjour en psychiatrie, quinze lits", "229"),
])
def test_the_long_stay_is_long_term_care_outside_psychiatry(matcher, text, code):
    assert matcher.match("activite", text).candidates[0].code == code


@pytest.mark.parametrize(("text", "code"), [
    ("kine cardiaque", "420"),                     # beside a care profession, the organ's adjective…
    ("kiné périnéale", "421"),
    ("kine lymphoedème", "422"),
    ("IDE insuf cardiaque", "569"),
    ("ergo neurologique", "577"),                  # …reads the orientation's noun
    ("chirurgie cardiaque", "018"),                # without a care profession it stays a label word
])
def test_a_professions_orientation_said_with_an_adjective(matcher, text, code):
    assert matcher.match("activite", text).candidates[0].code == code


@pytest.mark.parametrize(("text", "code"), [
    ("SI urologie cystectomies", "364"),           # « SI » / « SC » just before a specialty…
    ("lits SI cancéro", "360"),
    ("SC obstet", "385"),
    ("SC neuro lits", "388"),
])
def test_si_and_sc_before_a_specialty(matcher, text, code):
    assert matcher.match("activite", text).candidates[0].code == code


def test_si_as_a_conjunction_reads_nothing_intensive(matcher):
    codes = [candidate.code for candidate in matcher.match("activite", "si besoin on appelle le cardio").candidates]
    assert "354" not in codes[:1]


@pytest.mark.parametrize(("text", "code"), [
    ("unité d'admission du secteur, 25 lits : décompensations psychotiques, crises suicidaires", "229"),
    ("soins brefs pour des adultes en crise suicidaire, deux à trois jours puis relais", "612"),
    ("centre d'accueil de crise : on reçoit les crises suicidaires 24h/24", "612"),
])
def test_a_suicidal_crisis_is_a_reason_for_care_the_crisis_activity_is_told_by_the_unit(matcher, text, code):
    """« crises suicidaires » among an admission unit's patients are psychiatry; the crisis activity
    is told by the structure (accueil de crise) or by brief care (round 17)."""
    assert matcher.match("activite", text).best.code == code


@pytest.mark.parametrize(("text", "field", "code"), [
    ("EMPSA", "mode", "11"), ("EMPSA", "activite", "051"),
    ("ERRSPP", "mode", "53"), ("ERRSPP", "activite", "170"),
])
def test_mobile_teams_of_old_age_psychiatry_and_of_paediatric_palliative_care(matcher, text, field, code):
    """The équipe mobile de psychiatrie du sujet âgé goes out of the hospital; the équipe
    ressource régionale de soins palliatifs pédiatriques supports services and families."""
    result = matcher.match(field, text)
    assert result.verdict == "sure" and result.best.code == code
