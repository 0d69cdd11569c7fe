"""Round 3 of the matcher: BM25 ranking, head-phrase boost, clinical vocabulary, sure calibration."""

from __future__ import annotations

import pytest

from ror_assistant.errors import DataFileError
from ror_assistant.matching import Matcher
from ror_assistant.matching.bm25 import build_bm25
from ror_assistant.matching.lexicon import load_lexicon, load_vocabulary
from ror_assistant.matching.heads import HEAD_BOOST, head_weights


@pytest.fixture(scope="module")
def matcher() -> Matcher:
    return Matcher.default()


def test_bm25_prefers_rare_words_and_saturates_repetition():
    documents = [
        {"label": [("cardiolog", "general")], "other": [], "definition": [("soin", "coeur", "soin", "soin")]},
        {"label": [("soin", "palliatif")], "other": [], "definition": []},
        {"label": [("soin", "intensif")], "other": [], "definition": []},
    ]
    index = build_bm25(documents)
    scores = index.score({"soin": 1.0, "palliatif": 1.0})
    assert max(scores, key=scores.get) == 1  # the rare word decides, not the repeated common one
    assert index.score({"cardiolog": 1.0})[0] > index.score({"coeur": 1.0})[0]  # label ×3 over definition ×1


def test_bm25_ranks_a_sentence_through_the_index(matcher):
    index = matcher._indexes["J17"]
    from ror_assistant.matching.normalize import normalize
    from ror_assistant.matching.scoring import bm25_query
    groups = matcher.lexicon.groups(normalize("Le service accueille les patients pour une hémodialyse chronique").words,
                                    "activite")
    scores = index.bm25.score(bm25_query(index, groups))
    best = max(scores, key=scores.get)
    assert index.concepts[best].concept.code == "059"


def test_head_phrase_words():
    words = head_weights("Le service de cardiologie accueille des patients, et une unité dédiée aux brûlés")
    assert words["brules"] == HEAD_BOOST
    assert words["cardiologie"] < 1  # the service around the unit named
    assert head_weights("Le service de cardiologie accueille des patients adultes")["cardiologie"] == HEAD_BOOST
    assert "patients" not in words


def test_a_unit_named_inside_a_structure_is_what_is_described(matcher):
    """« l'unité de X du pôle de Y »: Y says where the unit sits, X what it does."""
    words = head_weights("L'unité de rythmologie du pôle de cardiologie et de pneumologie")
    assert words["rythmologie"] == HEAD_BOOST
    assert words["cardiologie"] < 1 and words["pneumologie"] < 1
    result = matcher.match("activite", "Dans le service de pneumologie du centre hospitalier, l'unité "
                                       "d'allergologie accueille les patients adressés par leur médecin traitant")
    assert result.best.code == "005"


def test_a_head_phrase_reads_its_complements_and_not_the_establishment(matcher):
    """« l'unité d'hospitalisation psychiatrique de la personne âgée … de l'Établissement public
    de santé mentale »: four words of the head, link words aside; the establishment is where."""
    words = head_weights("L'unité d'hospitalisation psychiatrique de la personne âgée a ouvert ses portes "
                         "sur le site de l'Établissement public de santé mentale de la Marne")
    assert words["psychiatrique"] == words["agee"] == HEAD_BOOST
    assert words["sante"] < 1 and words["mentale"] < 1
    assert words["marne"] < 1
    # a scope adjective between the noun and its complement (« centre régional de … »)
    assert head_weights("Le centre régional de pharmacovigilance répond aux professionnels")[
        "pharmacovigilance"] == HEAD_BOOST


def test_a_listing_answer_is_headed_by_its_first_segment_when_that_is_a_name():
    """« SMR polyvalent 40 lits, rééducation après …, retour à domicile » names the unit first;
    a first segment that is a sentence or a public is no name."""
    words = head_weights("SMR polyvalent 40 lits, rééducation après un séjour en chirurgie, retour à domicile")
    assert words["smr"] == words["polyvalent"] == HEAD_BOOST and "reeducation" not in words
    assert not head_weights("On opère le tube digestif, vésicule, hernies, occlusions")
    assert not head_weights("Adultes handicapés psychiques ou autistes, internat, soins infirmiers")
    assert not head_weights("SMR polyvalent, adultes")  # two segments: a name and its public, no listing
    assert head_weights("HDJ de derm : psoriasis, photothérapie, mélanomes") == {"hdj": HEAD_BOOST, "derm": HEAD_BOOST}


def test_the_structure_patients_come_from_is_no_head():
    words = head_weights("Service de médecine polyvalente, 32 lits, entrées surtout par les urgences")
    assert words["urgences"] < 1 and words["polyvalente"] == HEAD_BOOST
    assert head_weights("Imagerie sur rendez-vous ou directement depuis les urgences")["urgences"] < 1
    assert "naissance" not in head_weights("Depuis sa naissance le service de dermatologie a évolué")


def test_a_capitalised_subject_of_the_first_verb_is_the_unit():
    assert head_weights("La Réanimation prend en charge des patients en défaillance d'organe") == {
        "reanimation": HEAD_BOOST}
    assert not head_weights("La Clinique accueille des patients de tout le département")
    words = head_weights("Des patients orientés par les urgences ou à partir des consultations")
    assert words["urgences"] < 1 and words["consultations"] < 1


def test_head_phrase_boost_decides_between_two_named_specialties(matcher):
    result = matcher.match("activite", "Service de neurologie travaillant avec la rhumatologie et l'orthopédie du CHU")
    assert result.best.code == "097"


def test_vocabulary_links_techniques_to_specialties(matcher):
    assert matcher.match("activite", "angioplastie").best.code == "014"
    assert "103" in [candidate.code for candidate in matcher.match("activite", "chirurgie de la cataracte").candidates[:3]]
    lithotritie = matcher.match("activite", "lithotritie")
    assert lithotritie.best.code == "031"
    # a related reading is a likely link: the head of the label was never typed, so never sure
    assert lithotritie.verdict == "ambiguous"


def test_typed_label_word_beats_the_vocabulary(matcher):
    # « infections » is a label word of the hygiene labels: the related reading (maladies infectieuses) counts less
    assert matcher.match("activite", "hygiène et prévention des infections associées aux soins").best.code == "063"


def test_vocabulary_file_is_validated_with_file_and_line(tmp_path):
    path = tmp_path / "vocabulary.yaml"
    path.write_text("entries:\n  - term: dialyse\n    related: néphrologie\n    meaning: dialyse rénale\n    source: usage\n"
                    "  - term: [coronarographie]\n    meaning: sans related\n    source: usage\n", encoding="utf-8")
    with pytest.raises(DataFileError) as error:
        load_vocabulary(path)
    assert "vocabulary.yaml" in str(error.value) and "ligne 6" in str(error.value)


def test_bundled_vocabulary_is_broad_and_documented():
    entries = load_vocabulary()
    assert len({entry.meaning for entry in entries}) >= 80
    assert all(entry.kind == "related" and entry.source for entry in entries)
    assert load_lexicon() is load_lexicon()  # bundled lexicon + vocabulary built once


def test_au_sein_de_is_not_the_breast(matcher):
    result = matcher.match("activite", "les patients bilantés au sein de notre service de pneumologie")
    assert result.best.code == "114"


def test_sure_needs_the_head_of_the_label(matcher):
    # « onco thoracique » never says Chirurgie: the chirurgie label may come first, it is not sure
    assert matcher.match("activite", "onco thoracique").verdict != "sure"
    assert matcher.match("activite", "réa néonat").verdict == "sure"


def test_multi_concept_answer_sure_only_when_every_part_is(matcher):
    both = matcher.match("activite", "pneumo et dermato")
    assert [part.best.code for part in both.concepts] == ["114", "037"]
    assert both.verdict == "sure"
    mixed = matcher.match("activite", "pneumo, onco thoracique")
    assert len(mixed.concepts) == 2
    assert mixed.verdict == "ambiguous" and mixed.follow_up


def test_long_description_needs_agreement(matcher):
    # two weak word overlaps in a sentence about something else: never sure
    result = matcher.match("activite", "Cette unité va permettre de préserver la création du lien mère-enfant")
    assert result.verdict != "sure"


def test_stated_mode_phrase_decides_in_a_description(matcher):
    result = matcher.match("mode", "L'hôpital de jour du centre mémoire bénéficie de l'intervention d'une équipe")
    assert result.best.code == "29"


def test_a_label_whose_head_was_not_typed_ranks_lower(matcher):
    # « onco gynéco » names the oncology of an organ: Oncologie médicale gynécologique before
    # Chirurgie oncologique gynécologique, whose head (chirurgie) was never typed
    assert matcher.match("activite", "onco gynéco").best.code == "190"
    assert matcher.match("activite", "HDJ gériatrique").best.code in {"050", "491"}


def test_a_code_not_reading_the_described_unit_comes_after_one_that_does(matcher):
    """« Le service de médecine gériatrique … autonomie physique »: the unit described is
    gériatrique; Médecine *physique* reads an incidental word and the discipline only."""
    result = matcher.match("activite", "Le service de médecine gériatrique accueille des patients âgés "
                                       "en perte d'autonomie physique")
    assert result.best.code == "491"


def test_a_structure_the_unit_works_with_is_not_the_unit(matcher):
    """« En lien avec la réanimation, l'unité de surveillance continue … »: the partner named
    after « en lien avec », « en collaboration avec », « adressés par » weighs less."""
    words = head_weights("En lien avec la réanimation, l'unité de surveillance continue accueille les patients")
    assert words["reanimation"] < 1
    result = matcher.match("activite", "En lien avec la réanimation, l'unité de surveillance continue "
                                       "accueille les patients instables")
    assert result.best.code in {"373", "375"}


def test_the_verb_accueillir_says_nothing_of_the_activity(matcher):
    result = matcher.match("activite", "L'unité accueille les patients atteints d'insuffisance cardiaque")
    assert result.best.code == "013"


def test_adjectives_after_a_unit_noun_name_its_head():
    assert head_weights("L'hôpital de jour gériatrique accueille des patients en journée")["geriatrique"] == HEAD_BOOST


def test_a_unit_named_in_quotes_is_headed_by_its_name():
    # « Cette unité « kangourou » … lien mère-enfant »: the quoted name says what the unit is
    assert head_weights("Cette unité « kangourou » va préserver le lien mère-enfant")["kangourou"] == HEAD_BOOST
    assert "ouvrira" not in head_weights("L'unité « Les Tilleuls » ouvrira en mars")
