"""Round 4: the mode of a long description is read from its mode cues only (lexicon entries
``fields: [mode]`` or ``states: mode``); without a cue the verdict is none. Texts written for
these tests, one per class of cue, not taken from the development sets."""

import pytest

from ror_assistant.matching import Matcher


@pytest.fixture(scope="module")
def matcher() -> Matcher:
    return Matcher.default()


@pytest.mark.parametrize(("text", "code"), [
    ("Notre unité de réanimation polyvalente accueille les adultes en défaillance d'organe", "28"),
    ("La prise en charge des insuffisants cardiaques se fait en séjour de quelques jours", "28"),
    ("Les enfants viennent à la journée pour leurs perfusions de biothérapie", "29"),
    ("Le centre propose des séances de dialyse trois fois par semaine", "32"),
    ("L'équipe mobile intra-hospitalière de gériatrie intervient à la demande des services", "52"),
    ("L'équipe de liaison intervient auprès des personnes hospitalisées en chirurgie", "52"),
    ("Le CATTP de secteur propose des ateliers aux adultes suivis", "42"),
    ("Le centre médico-psychologique reçoit les adultes du secteur sur rendez-vous", "32"),
    ("Une salle d'hémodynamique et une salle d'électrophysiologie ouvertes en 2021", "55"),
    ("Les résidents de la maison de retraite participent aux animations", "46"),
    ("Notre accueil de jour reçoit des personnes atteintes de maladie d'Alzheimer", "47"),
    ("La PASS reçoit sans rendez-vous les personnes sans couverture sociale", "17"),
    ("L'UHCD, rattachée au service des urgences, garde les patients moins de 24 heures", "13"),
    ("Le service assure aussi des téléconsultations de suivi pour les patients éloignés", "32"),
    ("Les patients suivis au CMP peuvent vivre chez des familles d'accueil rémunérées par l'hôpital", "41"),
    ("Une maraude sillonne la ville deux soirs par semaine avec une infirmière", "59"),
    ("Le SMUR réalise les interventions primaires et les transferts du département", "11"),
    ("En salle de réveil, les opérés sont surveillés jusqu'au retour en chambre", "55"),
    ("Bilans programmés : entrée le matin, sortie le soir après les examens", "29"),
    ("Enregistrements du sommeil : entrée le soir vers 20 heures, sortie le matin", "30"),
    ("Réadaptation cardiaque en hospitalistion complète de trois semaines", "28"),  # a typo in the cue
    ("Deux médecins assurent une consult de dermatologie pour les détenus", "32"),
    ("Le CHRS accueille des familles orientées par le service intégré d'accueil", "46"),
    ("Les LHSS reçoivent des personnes sans domicile le temps de leurs soins", "46"),
    ("Le dispositif assure la mise à l'abri des personnes à la rue pendant l'hiver", "46"),
    ("L'équipe de liaison en addictologie intervient dans les différents services de l'hôpital", "52"),
])
def test_a_description_states_its_mode_through_a_cue(matcher, text, code):
    assert matcher.match("mode", text).candidates[0].code == code


def test_a_description_without_mode_cue_gets_no_guessed_mode(matcher):
    result = matcher.match("mode", "Nos médecins prennent en charge les maladies du foie et du pancréas")
    assert result.verdict == "none"
    assert result.candidates == []


def test_home_care_is_a_question_between_had_and_lieux_de_vie(matcher):
    result = matcher.match("mode", "Les infirmières interviennent à domicile sept jours sur sept")
    assert result.verdict == "ambiguous"
    assert {candidate.code for candidate in result.candidates[:2]} == {"31", "49"}


def test_mode_cues_do_not_change_the_activity_query(matcher):
    # « réanimation », « CMP » are mode cues *and* activity words: the activity still sees them
    assert matcher.match("activite", "réanimation polyvalente adultes").candidates[0].code == "127"
    assert matcher.match("activite", "CMP adultes").candidates[0].code == "229"


def test_short_mode_answers_are_still_read_whole(matcher):
    assert matcher.match("mode", "équipe mobile intra-hospitalière").candidates[0].code == "52"
    assert matcher.match("mode", "HC et HDJ").concepts


@pytest.mark.parametrize(("text", "code"), [
    ("ELSA", "404"),
    ("CSAPA", "404"),
    ("EMG", "050"),
    ("EMSP", "170"),
    ("USP", "170"),
    ("UNV", "098"),
    ("USINV", "356"),
    ("USIC", "354"),
    ("UMJ", "152"),
    ("centre mémoire", "597"),
    ("CMP adultes", "229"),
    ("CATTP adolescents", "228"),
    ("CMPEA", "228"),
])
def test_structure_names_imply_their_activity(matcher, text, code):
    candidates = matcher.match("activite", text).candidates
    assert code in [candidate.code for candidate in candidates[:2]]
    assert candidates[0].code == code or text == "CMPEA"


def test_a_bare_cmp_asks_for_the_age_group(matcher):
    result = matcher.match("activite", "CMP")
    assert result.verdict == "ambiguous"
    assert {candidate.code for candidate in result.candidates[:3]} <= {"227", "228", "229", "051"}


def test_a_long_sentence_naming_several_activities_returns_them_all(matcher):
    text = ("Situé au deuxième étage du bâtiment principal, notre service regroupe la néphrologie avec "
            "dialyse chronique, la diabétologie et la rhumatologie inflammatoire")
    whole = matcher.match("activite", text)
    codes = [candidate.code for candidate in whole.candidates]
    assert {"039", "131"} <= set(codes[:4])
    assert len(whole.concepts) == 3
    assert [candidate.score for candidate in whole.candidates] == sorted(
        (candidate.score for candidate in whole.candidates), reverse=True)


def test_a_long_sentence_about_one_activity_gets_no_concepts(matcher):
    text = ("Le service de cardiologie du centre hospitalier accueille les patients souffrant "
            "d'insuffisance cardiaque, sept jours sur sept")
    result = matcher.match("activite", text)
    assert result.candidates[0].code == "013"
    assert result.concepts == []


def test_coordination_shares_a_trailing_modifier(matcher):
    # « … et surveillance continue pédiatriques »: the adjective reads with its own part at least
    result = matcher.match("activite", "réanimation et surveillance continue pédiatriques")
    assert "391" in [candidate.code for candidate in result.candidates[:3]]
    assert len(result.concepts) == 2


@pytest.mark.parametrize("text", [
    "Les patients de cardiologie sont souvent adressés par les urgences ou par leur médecin traitant",
    "En cas d'aggravation, le patient est transféré en réanimation au centre hospitalier universitaire",
])
def test_an_implied_mode_is_a_proposal_never_sure(matcher, text):
    # cues that only imply the mode are often incidental in a description
    assert matcher.match("mode", text).verdict == "ambiguous"


def test_a_stated_mode_or_a_capacity_in_lits_can_be_sure(matcher):
    assert matcher.match("mode", "Les enfants sont accueillis en hôpital de jour pour leurs bilans allergologiques").verdict == "sure"
    assert matcher.match("mode", "Le service de gastro-entérologie dispose de 24 lits et d'un plateau d'endoscopie").verdict == "sure"


def test_a_unit_named_without_mode_cue_is_proposed_as_hospitalisation_complete(matcher):
    """« Unité de … » with nothing else about the mode reads as an inpatient unit: proposed,
    never sure; a cue of its own wins (« unité de consultations »)."""
    result = matcher.match("mode", "Unité de médecine gériatrique aiguë du centre hospitalier")
    assert result.candidates[0].code == "28"
    assert result.verdict == "ambiguous"
    assert matcher.match("mode", "Unité de consultations de cardiologie du centre hospitalier").best.code == "32"
    assert matcher.match("mode", "Le pôle de cardiologie du centre hospitalier de la ville").verdict == "none"


@pytest.mark.parametrize(("text", "code"), [
    ("hospitalisés quelques jours", "28"),
    ("une hospitalisation de quelques semaines", "28"),
    ("restent plusieurs nuits", "28"),
    ("hôpital de jour", "29"),
    ("hospitalisation de semaine", "34"),
])
def test_a_plural_duration_is_a_stay_not_the_singular_mode_word(matcher, text, code):
    """« jour », « semaine », « nuit » name HJ, HS, HN only in the singular; in the plural they
    count a stay (lexicon entries matched as written: ``exact``)."""
    assert matcher.match("mode", text).candidates[0].code == code


@pytest.mark.parametrize("text", ["ouvert tous les jours", "fermé les jours fériés", "toutes les semaines"])
def test_how_often_is_no_mode(matcher, text):
    assert matcher.match("mode", text).verdict == "none"


def test_a_mode_cue_inside_a_longer_activity_entry_still_states_the_mode(matcher):
    """« consultation mémoire » is an activity entry of the lexicon; its « consultation » is
    still what the sentence says of the mode."""
    result = matcher.match("mode", "La consultation mémoire du centre hospitalier reçoit les familles")
    assert result.candidates[0].code == "32"


@pytest.mark.parametrize(("text", "code"), [
    ("Le foyer accueille des adultes handicapés en internat toute l'année", "46"),
    ("L'institut reçoit les enfants en semi-internat du lundi au vendredi", "47"),
    ("Le SSIAD intervient auprès de quarante personnes âgées du canton", "49"),
    ("Les patients y sont hospitalisés pour un bilan de leur épilepsie", "28"),
    ("La postcure accueille des jeunes adultes après une hospitalisation", "28"),
    ("Le centre d'hémodialyse de l'hôpital est ouvert six jours sur sept", "32"),
])
def test_medico_social_and_care_words_imply_their_mode(matcher, text, code):
    """Words of the trade that imply a mode (internat, SSIAD, postcure, hémodialyse…): a
    proposal from the description, to confirm."""
    assert matcher.match("mode", text).candidates[0].code == code


def test_hospitalised_alone_asks_which_hospitalisation(matcher):
    result = matcher.match("mode", "Les patients y sont hospitalisés pour un bilan de leur épilepsie")
    assert result.verdict == "ambiguous"


def test_regulation_and_smur_state_their_mode_in_a_description(matcher):
    result = matcher.match("mode", "Le médecin régulateur du SAMU assure la régulation des appels de la nuit")
    assert result.candidates[0].code == "27"
    result = matcher.match("mode", "Le SMUR du centre hospitalier intervient sur tout le département")
    assert {candidate.code for candidate in result.candidates[:2]} == {"11", "59"}
    assert result.verdict == "ambiguous"


@pytest.mark.parametrize(("text", "code"), [
    ("soins non programmés sans rdv", "56"),
    ("sans rendez-vous", "56"),
    ("consultations sans rendez-vous", "32"),
    ("Le centre reçoit avec ou sans rendez-vous les jeunes de la ville", "32"),
    ("Vous pouvez prendre rendez-vous avec un ORL du centre de santé", "32"),
])
def test_appointments_say_consultation_and_without_one_unscheduled_care(matcher, text, code):
    assert matcher.match("mode", text).candidates[0].code == code


def test_sans_alone_reads_no_label(matcher):
    """« sans leur consentement » is not « Addictologie comportementale (sans substance) »."""
    result = matcher.match("activite", "Cette unité de psychiatrie reçoit les patients sans leur consentement")
    assert result.best.code != "001"


@pytest.mark.parametrize(("text", "field", "code"), [
    ("Le PASA propose des activités thérapeutiques aux personnes atteintes de troubles cognitifs", "mode", "47"),
    ("SOS main", "mode", "33"),
    ("SOS main", "activite", "258"),
])
def test_named_structures_of_the_trade(matcher, text, field, code):
    assert matcher.match(field, text).candidates[0].code == code


def test_a_cue_in_a_partner_structure_is_not_the_units_mode(matcher):
    """« … patients hospitalisés par l'intermédiaire du service des urgences »: the emergency
    department is where they come from; the unit hospitalises them."""
    result = matcher.match("mode", "Le service de néphrologie prend en charge des patients hospitalisés "
                                   "par l'intermédiaire du service des urgences")
    assert result.candidates[0].code == "28"


@pytest.mark.parametrize(("text", "code"), [
    ("équipe mobile qui intervient en EHPAD et à domicile", "11"),
    ("hôpital de nuit", "30"),
    ("hôpital de semaine", "34"),
])
def test_where_a_mobile_team_goes_and_the_hopital_de_forms(matcher, text, code):
    assert matcher.match("mode", text).candidates[0].code == code


def test_a_mode_part_starting_with_a_preposition_is_no_other_mode(matcher):
    assert not matcher.match("mode", "équipe mobile qui intervient en EHPAD et à domicile").concepts
    assert matcher.match("mode", "HC et HDJ").concepts


def test_words_that_one_label_holds_together_are_one_concept(matcher):
    """« accueil de jour et de nuit » is Hébergement (accueil jour et nuit), not two modes."""
    result = matcher.match("mode", "accueil de jour et de nuit")
    assert result.candidates[0].code == "46" and not result.concepts


@pytest.mark.parametrize(("text", "code"), [
    ("Le service propose de vous accueillir en post-cure après le sevrage", "28"),
    ("L'unité de vie protégée de l'établissement reçoit quatorze résidents", "46"),
])
def test_more_words_of_the_trade_for_the_mode(matcher, text, code):
    assert matcher.match("mode", text).candidates[0].code == code


@pytest.mark.parametrize(("text", "code"), [
    ("Soins externes et traitements ambulatoires", "20"),
    ("Accueil familial thérapeutique", "41"),
    ("Hospitalisation à domicile (HAD)", "31"),
])
def test_a_mode_label_typed_out_is_read_whole_not_through_its_cues(matcher, text, code):
    # « ambulatoires » alone is a cue of the hôpital de jour; the label's own words win
    result = matcher.match("mode", text)
    assert result.candidates[0].code == code
    assert result.verdict == "sure"


@pytest.mark.parametrize(("text", "first"), [
    ("équipe mobile", "53"),   # unqualified: most teams go both ways, the question is asked
    ("EMSP", "53"),
    ("unité mobile de gériatrie", "53"),
    ("EMSP intra", "52"),      # a qualifier said decides
    ("EMG extra", "11"),
])
def test_an_unqualified_mobile_team_is_first_proposed_both_ways(matcher, text, first):
    result = matcher.match("mode", text)
    assert result.candidates[0].code == first
    if first == "53":
        assert result.verdict == "ambiguous"


def test_hebergement_in_a_health_establishment_is_an_hospitalisation_complete(matcher):
    # mode 46 Hébergement is the médico-social one (ror-model, rule CP5)
    usld = matcher.match("mode", "L'USLD accueille en hébergement des personnes âgées polypathologiques "
                                 "qui nécessitent une permanence médicale")
    assert usld.candidates[0].code == "28"
    assert matcher.match("mode", "L'EHPAD propose un hébergement permanent").candidates[0].code == "46"


@pytest.mark.parametrize("text", ["centre", "Centre Rabelais (IVG)", "centre 15 / régul"])
def test_a_structure_noun_alone_is_never_a_sure_mode(matcher, text):
    assert matcher.match("mode", text).verdict != "sure"


def test_a_named_kind_of_centre_still_is(matcher):
    assert matcher.match("mode", "centre spécialisé").verdict == "sure"


def test_a_denied_hospitalisation_is_not_a_cue_of_one(matcher):
    assert matcher.match("mode", "Le centre assure les soins ne nécessitant pas d'hospitalisation").verdict == "none"
    result = matcher.match("mode", "Les patients ne sont pas hospitalisés, ils viennent en consultation")
    assert result.candidates[0].code == "32"


def test_activity_words_say_nothing_against_a_mode_entry_alone(matcher):
    # « psychiatrie », « âgée » begin activité entries only: for the mode they are silent
    result = matcher.match("mode", "une Unité Mobile de Psychiatrie de la Personne Âgée")
    assert result.candidates[0].code == "53"


def test_days_of_the_week_do_not_lengthen_an_answer(matcher):
    # « (lundi-vendredi) » says when; the answer is still the short « hospit de semaine »
    assert matcher.match("mode", "hospit de semaine (lundi-vendredi)").candidates[0].code == "34"


@pytest.mark.parametrize(("text", "code"), [
    ("L'EHPAD dispose de 80 lits répartis sur trois étages", "46"),
    ("Le cantou, service de 15 lits, accueille des résidents désorientés", "46"),
    ("Le service de cardiologie compte 30 lits", "28"),
])
def test_beds_of_a_residence_are_its_hebergement(matcher, text, code):
    assert matcher.match("mode", text).candidates[0].code == code


@pytest.mark.parametrize("text", [
    "Deux gamma-caméras de dernière génération réalisent les scintigraphies",
    "Le laboratoire réalise les analyses de biologie de la reproduction",
])
def test_heavy_equipment_and_laboratories_are_a_plateau_technique(matcher, text):
    assert matcher.match("mode", text).candidates[0].code == "55"


@pytest.mark.parametrize("text", [
    "Le deuxième accélérateur de particules de radiothérapie sera renouvelé cette année",
    "Centre de radiothérapie", "protonthérapie",
])
def test_radiotherapy_is_given_in_seances_like_dialysis(matcher, text):
    # ATIH CMD 28 « Séances »: the patient comes for each session and goes home
    assert matcher.match("mode", text).candidates[0].code == "32"


def test_two_letters_swapped_in_a_common_word_are_still_read(matcher):
    assert matcher.match("mode", "acceuil de jour").candidates[0].code == "47"
    # a label word one slip away is rewritten before it is read: as sure as « urgences ophtalmo »
    assert matcher.match("activite", "urgneces ophtalmo").candidates[0].code == "154"


def test_operations_in_ambulatoire_are_the_chirurgie_ambulatoire(matcher):
    assert matcher.match("mode", "les patients sont opérés en ambulatoire").candidates[0].code == "09"
    assert matcher.match("mode", "chimiothérapie en ambulatoire").candidates[0].code == "29"


def test_a_teleconsultation_is_a_consultation_whose_modality_is_remote(matcher):
    assert (matcher.match("mode", "téléconsultation").candidates[0].code,
            matcher.match("modalite", "téléconsultation").candidates[0].code) == ("32", "04")


@pytest.mark.parametrize(("text", "code"), [
    ("Pneumologie, 12 lits ouverts du lundi au vendredi pour les bilans programmés", "34"),
    ("Six lits d'enregistrement du sommeil : entrée le soir, sortie le matin après l'examen", "30"),
    ("Service de cardiologie de 30 lits, ouvert toute l'année", "28"),
    ("Huit lits occupés en journée pour les bilans de chute et les transfusions", "29"),
    ("Ils travaillent la journée et dorment ici le soir, 6 lits en ville", "30"),
    ("Unité de 14 lits pour des résidents en GIR 1 et 2", "46"),
    ("La maison d'accueil spécialisée ouvre 12 lits pour des adultes polyhandicapés", "46"),
    ("Les 15 lits halte soins santé reçoivent des personnes sans abri malades", "46"),
])
def test_beds_kept_on_weekdays_or_at_night_are_that_hospitalisation(matcher, text, code):
    # ATIH: the span of the stay says the kind of hospitalisation the beds are for
    assert matcher.match("mode", text).candidates[0].code == code


def test_beds_for_under_a_day_after_the_urgences_are_no_sure_full_hospitalisation(matcher):
    result = matcher.match("mode", "8 lits pour garder les patients des urgences moins de 24h")
    assert result.verdict != "sure" or result.candidates[0].code == "13"
    assert "13" in [candidate.code for candidate in result.candidates[:2]]


def test_a_stay_before_after_or_instead_of_the_unit_is_not_its_mode(matcher):
    # « après … chirurgie cardiaque »: the surgery came before; the unit is a day hospital
    assert matcher.match("mode", "Réadaptation en ambulatoire après une chirurgie cardiaque, "
                                 "vingt séances").candidates[0].code == "29"
    crisis = matcher.match("mode", "Entretiens sans rendez-vous jour et nuit pour éviter une hospitalisation")
    assert crisis.candidates[0].code == "56"


@pytest.mark.parametrize(("text", "code"), [
    ("L'équipe mobile de gériatrie passe dans les services à la demande des médecins", "52"),
    ("Équipe mobile d'addictologie : elle se déplace dans les services et en ville", "53"),
    ("L'équipe mobile de soins palliatifs intervient auprès des services, à domicile et en EHPAD", "53"),
])
def test_a_mobile_team_in_the_wards_works_inside_the_hospital(matcher, text, code):
    assert matcher.match("mode", text).candidates[0].code == code


def test_the_home_patients_live_in_or_go_back_to_is_no_mode(matcher):
    # « retour à domicile », « vivant à domicile »: where the patient lives, not where care happens
    assert matcher.match("mode", "Rééducation après une fracture pour préparer le retour à domicile "
                                 "des patients âgés").verdict == "none"
    day = matcher.match("mode", "Personnes âgées vivant à domicile, accueillies une à trois journées par semaine")
    assert day.candidates[0].code in {"29", "47"}
    assert matcher.match("mode", "Soins infirmiers pour le maintien à domicile des personnes âgées"
                         ).candidates[0].code == "49"


def test_ambulatoire_is_ambulatory_surgery_when_operations_are_said(matcher):
    # cataracts, varicose veins, carpal tunnel are operations named without « chirurgie »: the
    # gestures the ATIH follows in ambulatory surgery are now context of the lexicon's entry
    # (round 18; before, this answer was a day hospital to check)
    result = matcher.match("mode", "Cataractes, canal carpien et varices, tout se fait en ambulatoire")
    assert result.candidates[0].code == "09"
    assert matcher.match("mode", "Les patients opérés en ambulatoire sortent le soir").candidates[0].code == "09"
    assert matcher.match("mode", "les chimiothérapies se font en ambulatoire").candidates[0].code == "29"


@pytest.mark.parametrize(("text", "code"), [
    ("SMR cognitivo-comportemental de 10 lits, puis retour au domicile ou en EHPAD", "28"),
    ("Quatre chambres pour des séjours de répit quand l'aidant doit souffler", "46"),
])
def test_where_patients_go_next_is_not_where_they_stay(matcher, text, code):
    assert matcher.match("mode", text).candidates[0].code == code


def test_an_alternative_to_full_hospitalisation_is_not_one(matcher):
    result = matcher.match("mode", "Une alternative à l'hospitalisation temps plein pour des adultes en crise, "
                                   "entretiens et groupes")
    assert result.verdict != "sure" or result.candidates[0].code != "28"


@pytest.mark.parametrize(("text", "code"), [
    ("acc de jour, jeunes autistes", "47"),
    ("acc familial thérap. (accueillants salariés du CH)", "41"),
    ("hospit. complète, chambres doubles", "28"),
])
def test_a_typed_answer_opening_with_a_label_typed_short_says_that_mode(matcher, text, code):
    result = matcher.match("mode", text)
    assert (result.candidates[0].code, result.verdict) == (code, "sure")


@pytest.mark.parametrize("text", [
    "ils dorment ici et repartent le matin",                       # a mode told is never cut at « et »
    "tous les mardis, chirurgiens et radiologues discutent les dossiers",  # written-out words: no label typed short
    "nuits, dimanches et fériés : un médecin de garde assure les admissions",
])
def test_only_a_label_typed_short_opens_an_answer(matcher, text):
    assert not matcher._labels_typed_short("mode", text)


@pytest.mark.parametrize(("text", "code"), [
    ("4 lits-portes pour les patients en observation après les urgences", "13"),   # the number took « lits »
    ("8 lits ouverts du lundi 8h au vendredi 18h pour les bilans programmés", "34"),  # hours between the days
    ("12 chambres d'hébergement temporaire pour des personnes âgées", "46"),
])
def test_capacities_read_with_what_qualifies_them(matcher, text, code):
    assert matcher.match("mode", text).candidates[0].code == code


@pytest.mark.parametrize(("text", "code"), [
    ("Au SAMU, les appels s'enchaînent toute la nuit dans la salle de régulation du centre.", "27"),
    ("Le service accompagne les adultes handicapés en milieu ouvert, dans leur quartier.", "49"),
    ("Cette unité résidentielle accueille des adultes autistes dans une maison neuve.", "46"),
    # the structure the patients come from, or the one regulating the unit, is not the unit's mode
    ("L'unité accueille des patients dits « à chaud », venant directement des urgences du site.", "28"),
])
def test_structures_and_settings_that_say_a_mode_in_a_sentence(matcher, text, code):
    assert matcher.match("mode", text).candidates[0].code == code


def test_the_regulation_a_unit_works_under_is_not_its_mode(matcher):
    text = ("Le SMUR continue de fonctionner 24h/24, 7j/7, pour les urgences vitales, "
            "sous la régulation du centre 15 du SAMU départemental.")
    assert matcher.match("mode", text).candidates[0].code != "27"


def test_an_airlock_is_no_access_service(matcher):
    # « chambres avec sas »: the rooms' airlock, not the service d'accès aux soins (SAS)
    result = matcher.match("mode", "18 lits d'infectiologie, dont quatre chambres avec sas pour les tuberculoses")
    assert result.candidates[0].code != "27"


def test_a_doctor_on_call_from_home_says_no_home_care(matcher):
    text = "Les urgences enfants ne ferment jamais ; la nuit, le chirurgien pédiatre est d'astreinte de chez lui."
    assert matcher.match("mode", text).candidates[0].code == "33"


@pytest.mark.parametrize("text", [
    "Une unité protégée de 12 lits accueille les personnes désorientées, Alzheimer ou apparentées.",
    "L'UHR de 14 lits, pour les troubles sévères du comportement",
])
def test_beds_of_a_protected_unit_are_the_residents_home(matcher, text):
    assert matcher.match("mode", text).candidates[0].code == "46"


def test_long_term_care_beds_are_a_hospitalisation_even_with_residents_in_gir(matcher):
    text = "L'USLD, 40 lits au rez-de-chaussée : des personnes très dépendantes, GIR 1-2, des résidents trachéotomisés"
    assert matcher.match("mode", text).candidates[0].code == "28"


def test_a_stay_the_residents_come_out_of_is_not_the_units_mode(matcher):
    text = ("À l'EHPAD on garde six chambres pour du temporaire : un monsieur qui sort d'hospit et n'est pas "
            "encore prêt à rentrer, trois mois par an au plus")
    assert matcher.match("mode", text).candidates[0].code == "46"


def test_a_team_leaving_the_hospital_still_goes_out(matcher):
    from ror_assistant.matching.heads import without_other_stays
    assert "sort de l'hôpital" in without_other_stays("l'équipe sort de l'hôpital pour aller en EHPAD")


@pytest.mark.parametrize("text", [
    "Médecine polyvalente, 28 lits ; notre gros sujet : les patients bloqués en attente d'une place d'EHPAD.",
    "15 lits pour les plus de 65 ans avec une dépression sévère, quand ça devient ingérable en EHPAD.",
])
def test_beds_beside_a_residence_named_elsewhere_are_a_hospitalisation(matcher, text):
    assert matcher.match("mode", text).candidates[0].code == "28"


def test_beds_in_the_ehpad_itself_stay_its_residents_home(matcher):
    assert matcher.match("mode", "L'EHPAD a 80 lits et une unité protégée").candidates[0].code == "46"


def test_residents_who_stay_until_the_end_live_in_the_ehpad(matcher):
    text = ("EHPAD de 96 lits, résidents GIR 1 à 4 ; notre projet, c'est que les gens restent ici jusqu'au bout, "
            "on a une convention avec l'équipe de soins palliatifs.")
    assert matcher.match("mode", text).candidates[0].code == "46"


@pytest.mark.parametrize("text", [
    "accueil de nuit grand froid",  # coverage6-modes
    "ouvert la journée pour les activités, et un petit accueil la nuit pour ceux qui en ont besoin",  # blind25
])
def test_a_night_accueil_said_in_a_long_answer_is_a_mode_cue(matcher, text):
    """« accueil de nuit » is read in a long answer as « accueil de jour » is (round 16)."""
    assert matcher.match("mode", text).best.code == "48"


@pytest.mark.parametrize(("text", "code"), [
    ("on passe dans les services, on ne va pas au domicile des patients", "52"),
    ("on ne va jamais au domicile, on passe dans les étages", "52"),
    ("l'équipe intervient à domicile et en EHPAD, jamais dans les services", "11"),
])
def test_a_place_the_team_denies_is_not_where_it_works(matcher, text, code):
    """« pas à domicile », « jamais dans les services »: a denied place says where the team does
    *not* go (round 17); it used to make the team work on both sides."""
    assert matcher.match("mode", text).best.code == code


def test_a_team_that_denies_the_wards_is_not_an_intra_hospital_one(matcher):
    result = matcher.match("mode", "équipe mobile de gériatrie : on va chez les patients, pas dans les services")
    assert result.best.code not in {"52", "53"}


@pytest.mark.parametrize(("text", "code"), [
    ("l'équipe mobile intervient uniquement en dehors de l'hôpital", "11"),
    ("notre équipe sillonne le secteur hors les murs, dans les foyers et les squats", "11"),
    ("l'équipe se déplace dans les services et en dehors de l'hôpital", "53"),
    ("l'équipe mobile va dans les services et aussi à l'extérieur", "53"),
    ("les infirmières de l'équipe passent dans les services, jamais à l'extérieur", "52"),
    ("équipe de liaison : avis dans les services, rien en dehors de l'établissement", "52"),
    ("les médecins extérieurs nous adressent des patients pour des séances", "32"),
])
def test_a_team_working_outside_the_walls_is_extra_hospital(matcher, text, code):
    """« hors les murs », « à l'extérieur », « en dehors de l'hôpital » said of a team: outside the
    hospital, both sides with the wards; denied, it stays inside (round 17). « extérieurs » said of
    the doctors who send patients is no place."""
    assert matcher.match("mode", text).best.code == code


@pytest.mark.parametrize(("text", "code"), [
    ("psychiatrie de liaison : avis en médecine et en chirurgie", "52"),
    ("le gériatre de liaison passe voir les patients âgés en chirurgie", "52"),
    ("addictologie de liaison", "52"),
    # the HAD's liaison nurse works for the HAD, whose mode it is
    ("infirmière de liaison de l'HAD : je repère dans les services les patients qui pourraient rentrer en HAD", "31"),
])
def test_a_specialty_de_liaison_is_an_intra_hospital_team(matcher, text, code):
    """« psychiatrie de liaison », « gériatre de liaison », « addictologie de liaison »: called into
    the other wards, intra-hospitalière (round 17)."""
    assert matcher.match("mode", text).best.code == code


def test_the_residents_of_a_pasa_live_in_the_ehpad_the_pasa_is_a_day_accueil(matcher):
    """« résidents », « EHPAD » say hébergement, unless a PASA is named: then they say where its
    people live, and the unit is the PASA, a day accueil (round 17)."""
    assert matcher.match("mode", "Au PASA, nos résidents de l'EHPAD viennent l'après-midi pour des ateliers"
                         ).best.code == "47"
    assert matcher.match("mode", "EHPAD de 80 lits, les résidents ont des animations").best.code == "46"


@pytest.mark.parametrize("text", [
    "Gériatrie aiguë, 20 lits ; beaucoup de patients attendent une place en EHPAD",
    "Psychiatrie du sujet âgé, 18 lits, on prépare la suite avec les familles et les EHPAD",
    "Dix lits de soins palliatifs pour les patients dont les symptômes sont ingérables à la maison",
])
def test_a_residence_or_home_named_elsewhere_leaves_the_beds_a_hospitalisation(matcher, text):
    """« une place en EHPAD » awaited, the EHPAD worked with, symptoms « à la maison »: somewhere
    else than the unit, whose beds stay an hospitalisation complète (round 17)."""
    result = matcher.match("mode", text)
    assert result.best.code == "28" and "46" not in {candidate.code for candidate in result.candidates}


def test_a_stay_offered_instead_of_is_not_the_unit_s(matcher):
    """« plutôt que de garder le patient dans un lit à l'hôpital », as « pour éviter une
    hospitalisation »: the stay avoided is not the unit's mode."""
    text = "Plutôt que de garder le patient dans un lit à l'hôpital, on organise les soins chez lui"
    assert matcher.match("mode", text).best.code in {"31", "49"}


@pytest.mark.parametrize(("text", "codes"), [
    ("accueil de jour : des personnes âgées qui habitent toujours chez elles viennent pour des ateliers", {"47"}),
    ("des personnes qui habitent encore chez elles viennent passer la nuit ici", {"30", "48"}),
])
def test_people_who_live_at_home_say_where_they_live_not_the_unit_s_mode(matcher, text, codes):
    """« qui habitent (toujours) chez elles », as « qui vivent à domicile »: their home, not a care
    at home (round 17)."""
    result = matcher.match("mode", text)
    assert result.best.code in codes and "31" not in {candidate.code for candidate in result.candidates[:2]}


def test_the_stay_of_someone_else_than_the_patients_is_not_the_unit_s(matcher):
    """« quand l'aidant est hospitalisé »: the aidant's stay; the unit's beds are its residents'
    (round 17)."""
    text = "Quatre lits de répit en EHPAD, pour deux à six semaines, quand l'aidant est hospitalisé"
    assert matcher.match("mode", text).best.code == "46"
    assert matcher.match("mode", "Huit lits de médecine, les patients sont hospitalisés quelques jours").best.code == "28"


@pytest.mark.parametrize("text", ["chirurgie", "Chirurgie thoracique", "Neurochirurgie adultes", "Réa chir 2",
                                  "Chir ortho 4e étage"])
def test_a_surgical_discipline_alone_says_no_mode(matcher, text):
    """« chirurgie » names what is done, not how patients are received (round 18)."""
    assert matcher.match("mode", text).verdict == "none"


@pytest.mark.parametrize("text", ["chirurgie de jour", "chir ambu", "UCA", "chirurgie en ambulatoire",
                                  "Chirurgie pédiatrique ambulatoire"])
def test_surgery_said_ambulatory_is_still_its_mode(matcher, text):
    result = matcher.match("mode", text)
    assert result.verdict == "sure" and result.best.code == "09"


def test_a_consultation_named_for_its_activity_still_states_the_mode(matcher):
    """« consultation mémoire » is a lexicon entry for the activité (597); at the mode it is
    « consultation », as « consultation douleur » is (round 18)."""
    for text in ("Consultation mémoire", "consultation mémoire de proximité"):
        assert (matcher.match("mode", text).verdict, matcher.match("mode", text).best.code) == ("sure", "32")
        assert matcher.match("activite", text).best.code == "597"


@pytest.mark.parametrize("text", ["le service d'explorations fonctionnelles, EFR et épreuves d'effort",
                                  "un caisson hyperbare pour les séances d'oxygénothérapie"])
def test_examination_rooms_and_equipment_are_a_plateau_technique(matcher, text):
    assert matcher.match("mode", text).best.code == "55"


@pytest.mark.parametrize("text", ["PUI", "la pharmacie à usage intérieur livre les services",
                                  "stérilisation centrale des instruments du bloc"])
def test_the_pharmacy_and_its_sterilisation_are_a_plateau_technique(matcher, text):
    assert matcher.match("mode", text).best.code == "55"


def test_then_is_no_pharmacy(matcher):
    """« puis » folds to the stem of « PUI »: the acronym is read only as written."""
    assert matcher.match("mode", "on fait les tests puis on revoit les familles").verdict == "none"


@pytest.mark.parametrize("text", ["en ambulatoire : cataractes et amygdalectomies",
                                  "les arthroscopies et les hernies se font en ambulatoire"])
def test_ambulatory_operations_named_by_their_gesture_are_ambulatory_surgery(matcher, text):
    """The gestures the ATIH follows in ambulatory surgery are operations (round 18)."""
    assert matcher.match("mode", text).best.code == "09"
