"""The clinical vocabulary (nomenclatures/vocabulary.yaml) at work: techniques, organs, diseases,
devices and services named the way hospital and médico-social web pages name them lead to the
R211 activity. The phrases are written for these tests, not taken from any benchmark set."""

from __future__ import annotations

import pytest

from ror_assistant.datafiles import load_model
from ror_assistant.matching import FIELDS, Matcher
from ror_assistant.matching.lexicon import VocabularyFile, default_vocabulary_path, load_vocabulary
from ror_assistant.matching.normalize import normalize


@pytest.fixture(scope="module")
def matcher() -> Matcher:
    return Matcher.default()


@pytest.mark.parametrize(("text", "code"), [
    ("Le plateau réalise des FOGD, des coloscopies et des polypectomies", "046"),  # Gastro-entérologie
    ("Deux enseignants font la classe aux jeunes de l'institut", "301"),  # Enseignement et/ou formation
    ("Le centre accompagne les patients en DPCA et en DPA à domicile", "583"),  # Dialyse péritonéale
    ("Unité d'autodialyse et UDM avec hémodiafiltration", "059"),  # Hémodialyse chronique
    ("Pose de MitraClip et fermeture de FOP en salle de cathétérisme", "014"),  # Cardiologie interventionnelle
    ("Réalisation d'EBUS et de lavages broncho-alvéolaires", "431"),  # Endoscopie broncho-pulmonaire diagnostic
    ("Appareillage par PPC des patients atteints de SAOS", "480"),  # Médecine du sommeil
    ("Examens OCT, champ visuel et angiographie rétinienne", "350"),  # Exploration fonctionnelle ophtalmologique
    ("Chirurgie de la rhizarthrose et de la maladie de Dupuytren", "467"),  # Chirurgie ortho. spécialisée main
    ("Amniocentèse et échographie morphologique au CPDPN", "613"),  # Echographie obstétricale de diagnostic
    ("Unité d'allogreffe et de thérapie cellulaire CAR-T en secteur protégé", "545"),  # Chimiothérapie intensive
    ("Consultation du voyageur et vaccin contre la fièvre jaune", "161"),  # Vaccinations
    ("Traitement de substitution aux opiacés par méthadone et buprénorphine", "404"),  # Addictologie avec substance(s)
    ("Sevrage ventilatoire des patients trachéotomisés", "244"),  # Réadaptation post-réanimation
    ("Caryotype, FISH et ACPA", "551"),  # Génétique chromosomique
    ("L'ESAT accueille les travailleurs handicapés", "304"),  # Activité professionnelle adaptée
    ("Mesures de tutelle et de curatelle", "320"),  # Mettre en oeuvre les mesures de protection juridiques
    ("Extraction des dents de sagesse", "199"),  # Chirurgie orale
    ("Toilette mortuaire et présentation du corps aux familles", "408"),  # Chambre mortuaire
])
def test_clinical_words_reach_the_activity(matcher, text, code):
    result = matcher.match("activite", text)
    assert code in [candidate.code for candidate in result.candidates[:3]]


def test_psychiatric_disorders_read_as_adult_psychiatry_by_default(matcher):
    # a bare « psychiatrie » reading falls on the child label; an age word typed still counts
    assert matcher.match("activite", "schizophrénie").best.code == "229"


def test_vocabulary_loads_with_meaning_and_source_for_every_entry():
    entries = load_model(default_vocabulary_path(), VocabularyFile, "").entries
    assert len(entries) >= 300
    for entry in entries:
        assert entry.term and entry.related
        assert len(entry.meaning.strip()) >= 3 and len(entry.source.strip()) >= 3, entry.term
    spellings = load_vocabulary()
    assert len(spellings) == sum(len(entry.term) for entry in entries)
    assert all(item.kind == "related" and item.meaning and item.source for item in spellings)


def test_no_spelling_is_a_phrase_of_some_label(matcher):
    """Such a spelling reads nothing the labels do not already say (its related reading is
    dropped) and, as one phrase, it would hide the lexicon entries of its words (« réadaptation
    cardiaque » hid the SMR mention of « cardiaque »). Label words that no label puts together
    are vocabulary: « centre lourd » is dialysis."""
    entries = load_model(default_vocabulary_path(), VocabularyFile, "").entries
    dead = []
    for entry in entries:
        for field in entry.fields:
            index = matcher._indexes[FIELDS[field].value_set]
            dead += [term for term in entry.term
                     if Matcher._label_phrase(index, {word.stem for word in normalize(term).words})]
    assert dead == []


def test_label_words_that_no_label_puts_together_keep_their_reading(matcher):
    assert matcher.match("activite", "hémodialyse centre lourd").candidates[0].code == "059"


def test_a_related_reading_the_person_typed_counts_in_full(matcher):
    # « vaccinations internationales » relates to Vaccinations and to the travellers' infectious
    # diseases; « vaccinations » is typed, so that reading is not a mere hint
    assert matcher.match("activite", "vaccinations internationales").candidates[0].code == "161"
    assert matcher.match("activite", "consultation du voyageur").candidates[0].code in {"161", "077"}


@pytest.mark.parametrize(("text", "code"), [
    ("remédiation cognitive", "231"),
    ("remediation cognitive, rehab", "231"),
    ("atelier memoire", "306"),
    ("on reçoit les joueurs pathologiques et les accros aux écrans", "001"),
    ("Tous les opérés passent par ici en sortant du bloc, surveillance jusqu'au réveil", "138"),
])
def test_vocabulary_of_round_10(matcher, text, code):
    assert matcher.match("activite", text).candidates[0].code == code


@pytest.mark.parametrize(("text", "code"), [
    ("recontact des suicidants après leur sortie", "472"),
    ("CCMM", "274"),
    ("régulation des TIU", "278"),
    ("URCC", "332"),
    ("aide pour le bail et le loyer", "298"),
    ("ateliers lettres de motivation", "303"),
    ("remplacement de l'aidant quelques jours", "394"),
    ("sorties culturelles et sport adapté", "313"),
])
def test_what_referents_say_of_accompaniments_and_regulations(matcher, text, code):
    assert matcher.match("activite", text).candidates[0].code == code


@pytest.mark.parametrize(("text", "code"), [
    ("cryoablation de fibrillation atriale", "133"),
    ("Crohn et RCH", "046"),
    ("consultation anti-douleur", "004"),
    ("cyberaddiction", "001"),
    ("drainages percutanés et biopsies sous scanner", "120"),
    ("rage de dents", "257"),
    ("MAG", "491"),
    ("HT", "392"),
    ("patients covid", "077"),
    ("centre de prélèvements", "009"),
    ("aide pour se laver et s'habiller", "293"),
    ("accidents de décompression", "084"),
    ("dons d'organes", "035"),
    ("préparation des chimiothérapies", "332"),
    ("thrombectomie", "492"),
    ("pose de défibrillateur", "133"),
])
def test_vocabulary_of_round_12(matcher, text, code):
    assert matcher.match("activite", text).candidates[0].code == code


@pytest.mark.parametrize(("field", "text", "codes"), [
    ("activite", "IEM", {"293", "300"}),
    ("activite", "institut d'éducation motrice", {"293", "300"}),
    ("activite", "EEAP", {"293", "522"}),
    ("activite", "SPASAD", {"287", "293"}),
    ("activite", "centre de santé", {"437"}),
    ("activite", "garde médicale", {"437"}),
    ("mode", "garde médicale", {"56"}),
    ("mode", "EEAP", {"46", "47"}),
    ("mode", "unité covid", {"38"}),
])
def test_structures_named_in_full_or_by_their_acronym(matcher, field, text, codes):
    result = matcher.match(field, text)
    assert {candidate.code for candidate in result.candidates[:len(codes)]} == codes


def test_a_centre_de_sante_naming_a_specialty_reads_the_specialty(matcher):
    text = "au centre de santé vous pouvez prendre rendez-vous avec un ORL"
    assert matcher.match("activite", text).candidates[0].code in {"016", "156"}


def test_the_beds_of_a_maison_de_retraite_and_its_protected_units_are_its_residents_homes(matcher):
    assert matcher.match("mode", "maison de retraite de 80 lits").candidates[0].code == "46"
    assert matcher.match("mode", "salle de déchocage").candidates[0].code == "33"


@pytest.mark.parametrize("text", ["plateau d'imagerie", "salles d'endoscopie", "anatomopathologie", "laboratoires"])
def test_technical_platforms_are_the_plateau_technique(matcher, text):
    assert matcher.match("mode", text).candidates[0].code == "55"


def test_no_spelling_is_listed_in_two_vocabulary_entries():
    # the first entry listing a spelling is the one read: a second listing is dead and misleads
    # whoever edits it (« thrombectomie » read Neurologie vasculaire through the AVC entry)
    first: dict[tuple[str, ...], str] = {}
    twice = []
    for entry in load_vocabulary():
        key = tuple(word.stem for word in normalize(entry.term).words)
        reading = " / ".join(entry.expansion)
        if key in first and first[key] != reading:
            twice.append(entry.term)
        first.setdefault(key, reading)
    assert twice == []


@pytest.mark.parametrize(("text", "code"), [
    # round 13: what is done, in everyday words, for codes that had no entry word at all
    ("grains d'iode radioactif posés dans la prostate", "167"),
    ("soutien des victimes d'attentats", "147"),
    ("transports médicalisés entre établissements", "268"),
    ("crises vaso-occlusives des enfants", "284"),
    ("conseils médicaux aux marins", "274"),
    ("corps étrangers oculaires", "154"),
    ("maux de tête", "250"),
    ("troubles mentaux", "229"),
])
def test_everyday_words_for_what_is_done(matcher, text, code):
    assert matcher.match("activite", text).candidates[0].code == code


def test_a_vocabulary_entry_may_be_set_aside_by_a_word_of_the_answer():
    from ror_assistant.matching.lexicon import VocabularyFile
    entry = VocabularyFile.model_validate({"entries": [{"term": "labo", "related": "biologie", "not_with": ["sommeil"],
                                                        "meaning": "biologie médicale", "source": "CSP"}]}).entries[0]
    assert entry.lexicon_entries()[0].not_with == ["sommeil"]
