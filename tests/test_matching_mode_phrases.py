"""Modes told rather than named (nomenclatures/mode_phrases.yaml): « ils viennent juste dormir »,
« on les hospitalise chez eux ». Texts written for these tests, one per way of telling a mode."""

import pytest

from ror_assistant.errors import DataFileError
from ror_assistant.matching import Matcher
from ror_assistant.matching.mode_phrases import load_mode_phrases, phrase_text
from ror_assistant.matching.normalize import normalize


@pytest.fixture(scope="module")
def matcher() -> Matcher:
    return Matcher.default()


def test_bundled_phrases_read_the_mode_labels(matcher):
    """Every read is words of an active mode label: read alone, it finds that label first."""
    reads = {read for phrase in load_mode_phrases().phrases for read in phrase.reads}
    assert len(reads) >= 20
    for read in reads:
        best = matcher.match("mode", read).candidates[0]
        said = {word.stem for word in normalize(read).words}
        assert said <= {word.stem for word in normalize(best.label).words}, (read, best.label)


def test_phrase_text_folds_accents_and_apostrophes():
    assert phrase_text("Ils dorment à l’Hôpital") == "ils dorment a l hopital"


@pytest.mark.parametrize(("text", "code"), [
    ("on hospitalise les enfants à la maison", "31"),
    ("les résidents habitent sur place", "46"),
    ("le médecin passe voir les malades dans les services", "52"),
    ("ils arrivent quand ils en ont besoin", "56"),
    ("accueillante familiale agréée par le département", "50"),
    ("surveillance à distance des défibrillateurs", "37"),
    ("avis du dermatologue sur photos", "35"),
    ("gestionnaires de cas pour les situations complexes", "58"),
    ("opérés le matin, ils rentrent chez eux le soir même", "09"),
    ("hospitalisation programmée, fermée le week-end", "34"),
    ("les enfants rentrent chez eux pour le week-end", "34"),
    ("opérés dans la matinée, ils sont chez eux l'après-midi", "09"),
    ("les patients arrivent en ambulance ou avec les pompiers", "33"),
    ("pas de rendez-vous, on reçoit tout le monde", "56"),
    ("elle assiste à distance un collègue pendant l'échographie", "36"),
    ("on regroupe les malades contagieux dans une aile", "38"),
    ("chirurgiens et oncologues discutent les dossiers chaque jeudi", "39"),
    ("un second avis régional pour les cas difficiles", "40"),
    ("les infirmières répondent aux appels du 15 la nuit", "27"),
    ("l'équipe sort de l'hôpital pour aller voir les résidents", "11"),
    ("elle intervient dans leur lieu de vie", "49"),
])
def test_a_mode_told_in_the_persons_words_is_proposed_first(matcher, text, code):
    assert matcher.match("mode", text).candidates[0].code == code


@pytest.mark.parametrize(("text", "codes"), [
    ("ils viennent deux jours par semaine", {"29", "47"}),
    ("elles viennent seulement pour dormir", {"30", "48"}),
    ("les patients arrivent à 8h30 et repartent à 17h", {"29", "47"}),
    ("ils arrivent vers 20h et repartent après le petit-déjeuner", {"30", "48"}),
])
def test_a_told_mode_with_two_readings_is_a_question(matcher, text, codes):
    result = matcher.match("mode", text)
    assert result.verdict == "ambiguous"
    assert {candidate.code for candidate in result.candidates[:2]} == codes


def test_one_told_mode_is_one_answer_not_two(matcher):
    # « … et … » here tells one mode (the night), not two units
    result = matcher.match("mode", "ils dorment à l'hôpital et travaillent le jour")
    assert result.candidates[0].code == "30" and not result.concepts


@pytest.mark.parametrize(("pattern", "line", "said"), [
    ("viennent (dormir", 2, "expression régulière invalide"),
    ("viennent dormir", None, "team_places"),  # the places of mobile teams (round 20) are missing
])
def test_a_bad_phrase_file_names_its_file_line_and_fault(tmp_path, pattern, line, said):
    path = tmp_path / "mode_phrases.yaml"
    path.write_text(f"phrases:\n  - pattern: \"{pattern}\"\n    reads: [accueil de nuit]\n"
                    "    meaning: venir dormir\n    source: TRE_R213 48\n", encoding="utf-8")
    with pytest.raises(DataFileError) as caught:
        load_mode_phrases(path)
    assert line is None or caught.value.line == line
    assert "mode_phrases.yaml" in str(caught.value) and said in str(caught.value)


@pytest.mark.parametrize(("text", "code"), [
    # written for this test, one per way added by the third pass
    ("entrée vers 9h et sortie à 16h30", "29"),
    ("les enfants dorment chez eux, ils viennent pour les soins", "29"),
    ("on opère et la patiente repart dans la journée", "09"),
    ("ils passent la nuit chez nous et la journée au travail", "30"),
    ("ils arrivent le lundi matin et sortent le vendredi", "34"),
    ("on reçoit tout le monde sans rendez-vous 24h/24", "33"),
    ("l'infirmière d'accueil trie selon la gravité", "33"),
    ("ils restent quelques heures en observation après les urgences", "13"),
    ("nous nous déplaçons dans les services de l'hôpital", "52"),
    ("c'est l'hôpital à la maison", "31"),
    ("les dossiers sont présentés chaque jeudi", "39"),
    ("un pédiatre nous envoie des photos et attend notre avis", "35"),
    ("ils passent pour une prise de sang et repartent", "20"),
    ("hospit hebdo", "34"),
    ("semi-internat", "47"),
])
def test_third_pass_ways_of_telling_a_mode(matcher, text, code):
    assert matcher.match("mode", text).candidates[0].code == code


def test_the_urgences_a_stay_follows_tell_the_uhcd_but_other_stays_are_not_the_unit(matcher):
    # « après les urgences » is set aside for the other modes (not the unit's), read by the UHCD entry
    long = "ils restent chez nous moins de 24 heures après leur passage aux urgences, le temps du bilan"
    assert matcher.match("mode", long).candidates[0].code == "13"
    after = "quelques heures en observation dans un lit après le passage aux urgences, puis retour à la maison"
    result = matcher.match("mode", after)
    assert result.candidates[0].code == "13"  # the home one goes back to is no hébergement


def test_an_entry_that_says_one_mode_outweighs_the_looser_ones(matcher):
    phrases = load_mode_phrases().matching("on va chez eux, c'est l'hôpital mais à la maison")
    assert [phrase.reads for phrase in phrases] == [["hospitalisation à domicile"]]
    assert matcher.match("mode", "RCP hebdo").candidates[0].code == "39"  # « hebdo » alone is no HS


@pytest.mark.parametrize(("text", "code"), [
    ("TLE avec les EHPAD", "35"),       # the EHPAD served is no hébergement of the unit
    ("ZSTCD", "13"),
    ("hospit de nuit, psy adulte", "30"),
    ("hosp. de semaine", "34"),
    ("EM intra-CH", "52"),
    ("EM intra/extra", "53"),
    ("en visio, le chirurgien guide l'opérateur", "36"),
])
def test_abbreviations_of_the_mode_and_the_structures_served(matcher, text, code):
    assert matcher.match("mode", text).candidates[0].code == code


def test_structures_served_are_not_the_unit_s_mode_but_its_own_is(matcher):
    assert not matcher.match("mode", "les EHPAD nous envoient leurs ECG").candidates
    assert matcher.match("mode", "EHPAD").candidates[0].code == "46"
    # « hospit de trois semaines » is a length of stay, not the hospitalisation de semaine
    result = matcher.match("mode", "hospit de trois semaines en moyenne, 16 lits, sujets âgés dépressifs")
    assert result.candidates[0].code == "28"


@pytest.mark.parametrize(("text", "code"), [
    ("HTC", "28"), ("HDN", "30"), ("SNP", "56"), ("CSNP", "56"), ("SAS", "27"),
    ("ESA", "49"), ("UHR", "46"), ("accueil temporaire", "46"),
])
def test_acronyms_of_the_mode_from_the_sae_and_the_casf(matcher, text, code):
    assert matcher.match("mode", text).candidates[0].code == code


def test_the_hp_of_ap_hp_is_no_hospitalisation_partielle(matcher):
    text = "la PASS de l'Hôtel-Dieu, AP-HP, reçoit les personnes sans couverture sociale"
    assert matcher.match("mode", text).candidates[0].code == "17"


@pytest.mark.parametrize(("text", "code"), [
    ("HTP", "28"),                    # psychiatry's hospitalisation à temps plein
    ("hospi tps plein", "28"),
    ("UHS", "34"), ("UACA", "09"), ("téléconsult", "32"), ("SU du CH", "33"), ("AFTA", "41"),
    ("ADJ", "47"), ("EMIH", "52"), ("EMGE", "11"), ("PDS en établissement", "01"),
])
def test_abbreviations_of_the_mode_in_use(matcher, text, code):
    assert matcher.match("mode", text).candidates[0].code == code


@pytest.mark.parametrize(("text", "code"), [
    ("On les prend le lundi, ils repartent le vendredi au plus tard", "34"),
    ("Les enfants restent la semaine, école sur place, et rentrent le week-end en famille", "34"),
    ("ils dorment ici et repartent le matin", "30"),
    ("le patient arrive le soir, on pose les capteurs, il dort sur place et repart le matin", "30"),
    ("on passe dans tous les services et aux urgences pour avis psy", "52"),
    ("avis gériatriques dans tous les services de l'hôpital, et déplacements dans les EHPAD", "53"),
])
def test_stays_and_teams_said_another_way(matcher, text, code):
    assert matcher.match("mode", text).candidates[0].code == code


def test_staying_and_sleeping_here_is_still_an_hospitalisation_complete(matcher):
    result = matcher.match("mode", "ils restent une semaine et dorment ici")
    assert result.candidates[0].code == "28"


@pytest.mark.parametrize(("text", "code"), [
    ("en atelier à plusieurs, jamais en individuel", "42"),
    ("on surveille a distance les données de leur pacemaker", "37"),
    ("on va soigner les patients chez eux, comme à l'hôpital", "31"),
])
def test_more_ways_of_telling_a_mode(matcher, text, code):
    assert matcher.match("mode", text).candidates[0].code == code


def test_individual_talks_beside_groups_are_no_group_care(matcher):
    result = matcher.match("mode", "un temps d'entretiens individuels ou en groupe pendant trois semaines d'hospitalisation")
    assert result.candidates[0].code != "42"


@pytest.mark.parametrize(("text", "code"), [
    ("ils vivent chez nous toute l'année, jour et nuit", "46"),
    ("Des adultes polyhandicapés y habitent", "46"),
    ("séjours de 2 à 4 jours, rien le week-end", "34"),
    ("les enfants repartent le vendredi soir", "34"),
    ("on les reçoit à plusieurs ensemble, groupes de 8", "42"),
    ("on garde le patient moins de 24h avant de décider s'il monte en service", "13"),
    ("on coordonne tous les intervenants autour d'eux", "58"),
    ("on est appelés par les services pour un avis au lit du malade", "52"),
    ("l'hôpital vient chez le patient", "31"),
])
def test_ways_of_telling_a_mode_from_blind15(matcher, text, code):
    assert matcher.match("mode", text).candidates[0].code == code


def test_a_night_of_recording_is_no_sure_hospitalisation_complete(matcher):
    result = matcher.match("mode", "nuits d'enregistrement lundi et mercredi ; 2 chambres ; apnées")
    assert "30" in [candidate.code for candidate in result.candidates[:2]] and result.verdict != "sure"


def test_where_the_person_lives_is_their_lieux_de_vie_or_a_mobile_team(matcher):
    result = matcher.match("mode", "l'éducateur intervient là où la personne habite")
    assert {candidate.code for candidate in result.candidates[:2]} == {"49", "11"} and result.verdict != "sure"


@pytest.mark.parametrize(("text", "code"), [
    ("ils arrivent le soir après le travail et repartent le matin", "30"),
    ("on intervient directement à la maison, à l'école ou au travail de la personne", "49"),
    ("on surveile a distance leurs glycémies", "37"),
    ("on les prend en groupe, ateliers de 8 patients, pas d'entretien individuel", "42"),
    ("les infirmières font pansements et perfs aux patients externes, sans hospit", "20"),
    ("le centre d'hébergement de nuit accueille 14 personnes", "48"),
    ("Placements en accueil familial thérapeutique", "41"),
    ("acceuil de jour pour les maladees d'alzheimer", "47"),
])
def test_ways_of_telling_a_mode_from_blind16(matcher, text, code):
    assert matcher.match("mode", text).candidates[0].code == code


def test_a_living_place_in_a_residence_is_not_care_on_the_lieux_de_vie(matcher):
    # only labels of three words or more, written out, count as cues in a sentence
    result = matcher.match("mode", "Deux entités composent ce FAM, lieu de vie, de soin et de sociabilisation.")
    assert result.candidates[0].code == "46"


@pytest.mark.parametrize(("text", "code"), [
    ("ici ils ne passent jamais la nuit, juste des activités en journée", "29"),
    ("les genoux opérés sans nuit à l'hôpital", "09"),
    ("ils sont là en semaine, retour en famille le week-end", "34"),
    ("les familles appellent et le médecin répond, il oriente vers le bon service", "27"),
    ("le tensiomètre transmet les mesures tous les matins à l'équipe", "37"),
    ("ils sont pris à plusieurs pour la relaxation", "42"),
    ("l'enfant est placé dans une famille et l'équipe suit le placement", "50"),
    ("on nous appelle au chevet des malades dans tous les services", "52"),
    ("c'est leur domicile, ils ont leurs meubles", "46"),
    ("quelques heures en observation avant de décider", "13"),
    ("les soins se font chez le patient comme dans un service de l'hôpital", "31"),
    ("l'aide-soignante passe le matin à domicile pour la toilette", "49"),
])
def test_more_modes_told_in_words(matcher, text, code):
    assert matcher.match("mode", text).candidates[0].code == code


@pytest.mark.parametrize("text", [
    "patients gardés moins de 24 heures",             # « heures » written out, not only « 24h »
    "une surveillance rapprochée pour une durée ne dépassant pas 24 heures",
])
def test_a_stay_under_a_day_is_the_uhcd(matcher, text):
    assert matcher.match("mode", text).candidates[0].code == "13"


def test_round_the_clock_written_out_is_read(matcher):
    assert matcher.match("mode", "ils arrivent sans rendez-vous 24 heures sur 24").candidates[0].code == "33"


@pytest.mark.parametrize(("text", "code"), [
    # written for this test, one per way added by the sixth pass
    ("les patients ne viennent que la nuit", "30"),
    ("présents de 20h à 8h", "30"),
    ("hébergement de nuit pour les sans-abri", "48"),
    ("les patients grippés sont regroupés dans une zone dédiée", "38"),
    ("soins pour les gens qui n'ont pas de sécu", "17"),
    ("ils viennent seulement pour passer leur IRM", "55"),
    ("conseil par téléphone via le 15", "27"),
    ("perfusions faites sans hospitalisation", "20"),
    ("passés au bloc le matin, ils sortent en fin d'après-midi", "09"),
    ("surveillance pendant quelques heures", "13"),
    ("une file active d'une centaine de patients dont on coordonne les soins", "58"),
    ("les enfants sont placés chez des assistantes familiales", "50"),
    ("des familles accueillent des patients stabilisés", "41"),
    ("hop de jour", "29"),
    ("hosto de semaine", "34"),
    ("ils arrivent après leur journée de travail", "30"),
    ("entrées en début de semaine", "34"),
    ("observation <24h", "13"),
    ("un avis sans voir le patient", "35"),
    ("le cardiologue les suit à distance", "37"),
    ("groupes fermés de 10", "42"),
    ("bilans le matin, ils repartent dans l'après-midi", "29"),
    ("cataractes opérées, retour à domicile l'après-midi", "09"),
    ("un parent peut dormir auprès de l'enfant", "28"),
    ("deux passages par jour chez les personnes âgées", "49"),
    ("antibiotiques IV à domicile", "31"),
    ("fermé le WE", "34"),
    ("les jeunes rentrent chaque vendredi", "34"),
    ("on accueille des personnes qui vivent chez elles", "47"),
    ("accueil de 20h au matin", "48"),
])
def test_sixth_pass_ways_of_telling_a_mode(matcher, text, code):
    assert matcher.match("mode", text).candidates[0].code == code


def test_the_15_that_calls_a_team_out_is_no_regulation_unit(matcher):
    # the SMUR « déclenché par le 15 » goes out; it does not answer the calls
    text = "interventions primaires et transferts, équipe déclenchée par le 15"
    assert matcher.match("mode", text).candidates[0].code != "27"


@pytest.mark.parametrize(("text", "code"), [
    # written for this test, one per way added by the eighth pass
    ("admission le lundi, départ le vendredi", "34"),
    ("porte ouverte 24h/24", "33"),
    ("au téléphone un médecin conseille les familles", "27"),
    ("on intervient aux demandes des autres services", "52"),
    ("l'équipe intervient aussi bien dans les services qu'à domicile", "53"),
    ("chaque dossier passe en RCP", "39"),
    ("astreinte de réanimation pour tout l'établissement", "01"),
    ("pas de soins directs, on oriente", "58"),
    ("médaillon d'appel relié à une plateforme", "36"),
])
def test_eighth_pass_ways_of_telling_a_mode(matcher, text, code):
    assert matcher.match("mode", text).candidates[0].code == code


@pytest.mark.parametrize(("text", "code"), [
    # written for this test: the ninth pass reads two ideas of one sentence in either order
    ("chaque matin la balance transmet le poids à l'équipe", "37"),
    ("un spécialiste rend son avis sur photos, sans voir le patient", "35"),
    ("le radiologue guide la manipulation par visio", "36"),
    ("en hiver les bronchiolites sont regroupées dans une aile pour limiter la contagion", "38"),
    ("les dossiers difficiles de la région sont rediscutés par des experts", "40"),
    ("le gériatre passe au lit des malades hospitalisés en chirurgie", "52"),
    ("un médecin d'astreinte la nuit, le week-end et les jours fériés", "01"),
    ("les enfants sont opérés et repartent avec leurs parents dans la journée", "09"),
    ("elle vient pour son injection et repart une heure après", "20"),
    ("chacun est reçu seul ou en groupe selon le moment", "54"),
    ("elles habitent au foyer, c'est leur domicile", "46"),
])
def test_ninth_pass_two_ideas_in_either_order(matcher, text, code):
    assert matcher.match("mode", text).candidates[0].code == code


@pytest.mark.parametrize(("text", "not_code"), [
    ("on les garde le temps qu'il faut, nuits comprises", "01"),        # garder a patient is no on-call
    ("en atelier à plusieurs, jamais en individuel", "54"),             # said without the individual
    ("consultations avec ou sans rendez-vous", "56"),                   # appointments still the rule
    ("lieu de consultation de 3e recours pour les patients présentant des douleurs", "40"),
    ("plateau de coronarographie, deux salles, astreinte nuits et week-ends", "01"),   # a platform's on-call
    ("le CMPP reçoit les enfants en séances individuelles ou en groupe", "54"),       # sessions: consultation
])
def test_ninth_pass_is_not_read_where_the_sentence_says_otherwise(matcher, text, not_code):
    candidates = matcher.match("mode", text).candidates
    assert not candidates or candidates[0].code != not_code


@pytest.mark.parametrize(("text", "code"), [("le DAC", "58"), ("SAAD", "49"), ("le SAD du territoire", "49")])
def test_coordination_and_home_services_state_their_mode(matcher, text, code):
    assert matcher.match("mode", text).candidates[0].code == code


@pytest.mark.parametrize(("text", "code"), [
    ("un accueil de jour en EHPAD", "47"),      # the EHPAD is where the day care is, not its mode
    ("accueil de jour de l'EHPAD", "47"),
    ("accueil de nuit en EHPAD", "48"),
    ("EHPAD de 80 lits", "46"),
])
def test_a_day_care_in_a_nursing_home_is_day_care(matcher, text, code):
    assert matcher.match("mode", text).candidates[0].code == code


@pytest.mark.parametrize(("text", "code"), [
    # written for this test: the tenth pass, broader ideas
    ("la nuit un pédiatre au bout du fil conseille les parents", "27"),
    ("nous assurons les gardes d'anesthésie pour tout le territoire", "01"),
    ("des enfants adressés de toute la région pour un bilan d'autisme", "57"),
    ("les patients viennent à six ou huit ensemble pour l'atelier", "42"),
    ("on fait les examens pour les autres services", "55"),
    ("on passe dès qu'un service nous appelle", "52"),
    ("ils arrivent à 20h et repartent à 8h le lendemain", "30"),
    ("l'assistante sociale ouvre leurs droits pendant les soins", "17"),
])
def test_tenth_pass_broader_ideas(matcher, text, code):
    assert matcher.match("mode", text).candidates[0].code == code


def test_arriving_in_the_morning_and_home_at_night_is_a_day_mode(matcher):
    result = matcher.match("mode", "ils arrivent le matin en taxi et rentrent chez eux le soir")
    assert {candidate.code for candidate in result.candidates[:2]} == {"29", "47"}


@pytest.mark.parametrize(("text", "code"), [
    # written for this test: pass 10 after coverage3
    ("entrée à 20h, sortie à 8h, pour les enregistrements", "30"),
    ("café, douche et laverie, mais pas de couchage", "47"),
    ("cinq jours sur sept, les jeunes dorment à l'unité", "34"),
    ("arthroscopies : le patient repart moins de 12 heures après l'intervention", "09"),
    ("une coordinatrice est désignée pour chaque situation", "58"),
])
def test_tenth_pass_after_coverage3(matcher, text, code):
    assert matcher.match("mode", text).candidates[0].code == code


@pytest.mark.parametrize(("text", "not_code"), [
    ("un scanner ouvert la nuit pour les urgences", "30"),            # open at night is not night-only
    ("post-cure alcool, cinq semaines, groupes de parole, sport", "42"),  # groups inside a stay
])
def test_tenth_pass_is_not_read_where_the_sentence_says_otherwise(matcher, text, not_code):
    candidates = matcher.match("mode", text).candidates
    assert not candidates or candidates[0].code != not_code


def test_a_structure_open_only_at_night_is_a_night_mode(matcher):
    result = matcher.match("mode", "le centre ne fonctionne que la nuit")
    assert {candidate.code for candidate in result.candidates[:2]} == {"30", "48"}


@pytest.mark.parametrize(("text", "code"), [
    ("le dermatologue répond aux photos envoyées sur la messagerie sécurisée", "35"),
    ("un tensiomètre connecté envoie les mesures, l'infirmière réagit aux alertes", "37"),
    ("le chirurgien guide à distance, en temps réel, le geste du médecin de l'île", "36"),
    ("ils ne reviennent que pour les soirées et les nuits", "30"),
    ("admission du lundi au vendredi pour les bilans programmés", "34"),
    ("on garde en observation moins de 24 heures les patients du SAU", "13"),
    ("des soins pour les personnes sans mutuelle, en attendant l'ouverture des droits", "17"),
    ("les cas sont discutés dossier par dossier chaque semaine", "39"),
    ("des dossiers déjà discutés localement, présentés au comité d'experts régional", "40"),
    ("les patients vivent chez des accueillants agréés et rémunérés par le CHS", "41"),
    ("des familles agréées par le département hébergent les personnes âgées", "50"),
    ("on réunit six patients le jeudi pour la relaxation", "42"),
    ("l'enfant est reçu seul ou en petits groupes selon son projet", "54"),
    ("les résidents vivent ici toute l'année", "46"),
    ("la salle de rééducation est mise à disposition de tous les services", "55"),
    ("des créneaux libres chaque matin pour les patients adressés le jour même", "56"),
    ("notre unité, labellisée centre de référence, reçoit les formes complexes", "57"),
    ("je fais le lien entre l'hôpital et les libéraux tout au long du traitement", "58"),
])
def test_eleventh_pass_after_coverage4(matcher, text, code):
    assert matcher.match("mode", text).candidates[0].code == code


@pytest.mark.parametrize(("text", "not_code"), [
    ("on les prend en groupe, ateliers de huit, pas d'entretien individuel", "54"),   # one kind only
    ("au CMPP, séances individuelles ou en groupe", "54"),                           # sessions are consultations
    ("le patient arrive vers 20h, on pose les capteurs, il dort sur place", "29"),   # a night, not a day
])
def test_eleventh_pass_is_not_read_where_the_sentence_says_otherwise(matcher, text, not_code):
    candidates = matcher.match("mode", text).candidates
    assert not candidates or candidates[0].code != not_code


@pytest.mark.parametrize(("text", "code"), [
    ("le patient reçoit des soins de niveau hospitalier à la maison, les infirmières passent plusieurs fois par jour", "31"),
    ("une nuit d'observation dans les lits-portes", "13"),
    ("convocation à 8h à jeun, examens enchaînés, chacun repart vers 16h", "29"),
    ("ils ne viennent chez nous que pour dormir", "30"),
    ("les jeunes dorment chez nous en semaine", "34"),
    ("le chirurgien voit l'échographie en temps réel et guide le manipulateur", "36"),
    ("des sessions collectives de dix patients", "42"),
    ("les spécialistes se réunissent pour décider ensemble du traitement", "39"),
    ("des familles salariées par le centre hospitalier accueillent les patients", "41"),
    ("ils ne reçoivent pas l'enfant dans nos murs, ils vont à l'école", "49"),
    ("on fait le tour des services de chirurgie pour voir les patients", "52"),
    ("les kinés des services descendent chez nous avec leurs patients", "55"),
    ("toute la région nous adresse ses malades de la mucoviscidose", "57"),
    ("notre infirmière coordonne l'hôpital, les libéraux et la famille", "58"),
    ("on a fermé une unité pour y regrouper les malades contagieux", "38"),
    ("la patiente ne passe pas par le circuit général", "02"),
])
def test_twelfth_pass_after_coverage5(matcher, text, code):
    assert matcher.match("mode", text).candidates[0].code == code


def test_a_nurse_of_the_ehpad_served_is_no_hebergement(matcher):
    text = "une infirmière de nos EHPAD fait le geste, un médecin de l'hôpital la guide en visio pendant le soin"
    assert matcher.match("mode", text).candidates[0].code == "36"


@pytest.mark.parametrize(("text", "code"), [
    ("le service est ouvert à toute heure : pompiers, ambulances et gens à pied", "33"),
    ("les soirs et week-ends, les gastro-entérologues se relaient de garde", "01"),
    ("les urgences des yeux ne passent pas par le SAU", "02"),
    ("des soins en passant : pas de lit, pas d'admission", "20"),
    ("les infirmières déposent les photos des plaies, le médecin répond par écrit", "35"),
    ("les patients remplissent un questionnaire en ligne, une infirmière analyse les réponses", "37"),
    ("les malades grippés ont été réunis dans le même couloir", "38"),
    ("nos équipes ne reçoivent personne, elles vont au domicile", "49"),
])
def test_thirteenth_pass_after_coverage6(matcher, text, code):
    assert matcher.match("mode", text).candidates[0].code == code


def test_leaving_right_after_a_doctors_appointment_is_a_consultation(matcher):
    assert matcher.match("mode", "ils viennent pour un rdv avec le médecin et repartent aussitôt").candidates[0].code == "32"


def test_a_home_open_only_in_the_evening_is_a_night_mode(matcher):
    result = matcher.match("mode", "le foyer n'ouvre qu'en soirée")
    assert {candidate.code for candidate in result.candidates[:2]} == {"30", "48"}



def test_a_meeting_told_in_the_passive_is_an_rcp(matcher):
    result = matcher.match("mode", "Les lymphomes sont discutés avant chaque ligne de traitement, avec l'anapath")
    assert result.candidates[0].code == "39"
    # a file sent to a commission is no meeting of doctors
    assert "39" not in [c.code for c in matcher.match("mode", "Le dossier est présenté à la commission de la MDPH").candidates]


@pytest.mark.parametrize(("text", "code"), [
    ("Les patients sortent le vendredi après-midi, l'unité est fermée le week-end.", "34"),
    ("Ils arrivent pour le dîner, ont une chambre pour la nuit et repartent après le petit-déjeuner.", "48"),
    ("Aux urgences, trois chambres d'observation servent à garder un patient jusqu'au lendemain.", "13"),
    ("Les enfants confiés vivent ici jour et nuit avec les éducateurs.", "46"),
    ("Le mardi, un groupe de parole réunit les aidants avec la psychologue.", "42"),
    ("L'équipe est appelée dans les services par les médecins de l'hôpital, aucune visite hors les murs.", "52"),
    ("Un centre régional qui reçoit les cas complexes adressés par les autres équipes.", "57"),
    ("L'infirmière de coordination est l'interlocutrice unique du patient et fait le pont avec la ville.", "58"),
    ("On fait la saignée au fauteuil, le temps du soin, sans séjour ouvert.", "20"),
])
def test_pass_15_told_modes(matcher, text, code):
    assert matcher.match("mode", text).candidates[0].code == code


def test_talking_groups_in_a_residential_stay_are_its_activity(matcher):
    text = "Séjour de cinq semaines après le sevrage, 20 lits, groupes de parole et sport."
    assert matcher.match("mode", text).candidates[0].code == "28"


def test_a_stay_the_unit_does_not_offer_is_no_mode_of_it(matcher):
    text = "Nous n'hospitalisons personne : les infirmiers partent en voiture voir les gens dans tout le secteur"
    assert "28" not in [c.code for c in matcher.match("mode", text).candidates[:1]]


def test_a_simplified_joint_stock_company_is_no_access_service(matcher):
    text = "La SAS Santé Plus est autorisée à exercer l'activité de soins de suite et de réadaptation"
    assert "27" not in [c.code for c in matcher.match("mode", text).candidates]


def test_a_stay_named_to_be_denied_is_no_cue(matcher):
    assert matcher.match("mode", "Uniquement en consultation, jamais d'hospitalisation").candidates[0].code == "32"


@pytest.mark.parametrize(("text", "code"), [
    ("Tout le monde rentre chez soi pour le week-end, on les revoit le lundi.", "34"),
    ("C'est l'hôpital qui se déplace à domicile, avec les perfusions et le matériel.", "31"),
    ("Les gens arrivent sans prévenir et l'infirmière les voit dans l'heure.", "56"),
    ("Le médecin traitant transmet les photos de la plaie et notre dermatologue rend son avis par écrit.", "35"),
    ("Deux de nos patients vivent chez une famille agréée par l'hôpital depuis des années.", "41"),
    ("La référente orchestre les différents intervenants autour de la personne.", "58"),
])
def test_pass_16_told_modes(matcher, text, code):
    assert matcher.match("mode", text).candidates[0].code == code


def test_the_medicine_ward_is_no_physician_on_the_phone(matcher):
    """« en médecine » names a ward: called by its nurses, a liaison team is no telephone
    regulation; a physician on the phone still is."""
    ward = matcher.match("mode", "on passe en chirurgie ou en médecine quand une infirmière nous appelle")
    assert "27" not in [candidate.code for candidate in ward.candidates]
    assert matcher.match("mode", "le pédiatre au téléphone conseille les parents").best.code == "27"


@pytest.mark.parametrize(("text", "places"), [
    # written for this test: (inside the hospital, outside it)
    ("on voit les malades au chevet dans les unités de soins", (True, False)),
    ("visites chez les familles et au lycée", (False, True)),
    ("dans tout l'hôpital, et en maison de retraite deux fois par mois", (True, True)),
    ("on ne sort jamais en dehors de l'hôpital, avis dans les services", (True, False)),
    ("les étages seulement, pas à domicile", (True, False)),
    ("à la sortie de l'hôpital, on passe chez eux", (False, True)),
    ("une gériatre, deux infirmières, une secrétaire", (False, False)),
])
def test_the_places_a_mobile_team_goes_to(text, places):
    """Where a team goes tells its mode (round 20); « pas », « jamais » deny the place that
    follows them in the clause, and « en dehors de l'hôpital » is no ward."""
    assert load_mode_phrases().team_places(text) == places


@pytest.mark.parametrize("text", ["séances de rééducation, deux fois par semaine", "perfusions 1 fois par semaine",
                                  "kiné 2x/semaine", "quatre séances par semaine"])
def test_how_often_a_week_is_no_hospitalisation_de_semaine(matcher, text):
    """« trois fois par semaine » says how often patients come, not that they stay the week
    (round 20); « hospitalisation de semaine » still reads it."""
    assert "34" not in [candidate.code for candidate in matcher.match("mode", text).candidates]
    assert matcher.match("mode", "hospitalisation de semaine, sortie le vendredi").best.code == "34"


@pytest.mark.parametrize(("text", "mode", "activite"), [
    ("Télédermatologie", "35", "037"), ("télé-dermato", "35", "037"),
    ("Télécardio", "37", "013"), ("télé-cardiologie", "37", "013"),
])
def test_a_tele_specialty_says_its_telemedicine_mode_and_its_specialty(matcher, text, mode, activite):
    """Télédermatologie is téléexpertise on photos, télécardiologie the remote monitoring of
    implanted devices (round 20); the specialty stays the activité."""
    assert matcher.match_name("mode", text).best.code == mode
    assert matcher.match("activite", text).best.code == activite


def test_a_sleep_laboratory_is_no_plateau_technique(matcher):
    """A « laboratoire » of biology is a plateau technique; one of sleep receives patients for
    the night, its mode is said apart (round 20)."""
    assert matcher.match_name("mode", "Laboratoire d'hématologie").best.code == "55"
    assert matcher.match_name("mode", "Labo du sommeil").verdict == "none"
    assert matcher.match("mode", "laboratoire du sommeil : ils dorment une nuit sur place et repartent le "
                                 "lendemain matin").best.code == "30"
