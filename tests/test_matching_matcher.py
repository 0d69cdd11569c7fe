"""The matcher on the real bundled nomenclatures: acronyms, truncations, several concepts,
deprecated codes, verdicts and aliases."""

import pytest
from hypothesis import given, settings, strategies as st

from ror_assistant.errors import UserError
from ror_assistant.matching import FIELDS, Matcher, age_range_hint, alias_key
from ror_assistant.matching.ages import with_age_words
from ror_assistant.matching.lexicon import Lexicon, QueryWord
from ror_assistant.matching.normalize import normalize
from ror_assistant.matching.scoring import word_matches
from ror_assistant.nomenclature.catalog import load_catalog


@pytest.fixture(scope="module")
def matcher() -> Matcher:
    return Matcher.default()


def top(matcher, field, text):
    return matcher.match(field, text).candidates[0].code


def test_fields_cover_the_ror_attributes():
    assert FIELDS["activite"].value_set == "J17"
    assert FIELDS["mode"].attribute == "modePriseEnCharge"
    assert {"acte", "equipement", "canal", "confidentialite", "fonction_contact"} <= set(FIELDS)


@pytest.mark.parametrize(("field", "text", "code"), [
    ("mode", "HC", "28"),
    ("mode", "HDJ", "29"),
    ("mode", "hôpital de semaine", "34"),
    ("activite", "USIC 8 lits", "354"),
    ("activite", "USLD", "333"),
])
def test_acronyms(matcher, field, text, code):
    assert top(matcher, field, text) == code


def test_truncations_use_prefixes_not_blind_expansion(matcher):
    result = matcher.match("activite", "réa néonat")
    assert result.candidates[0].code == "128"
    assert result.verdict == "sure"
    assert set(result.candidates[0].matched_words) == {"rea", "neonat"}


def test_clipped_specialty(matcher):
    assert top(matcher, "activite", "pneumo") == "114"


def test_quantities_are_kept_aside(matcher):
    result = matcher.match("activite", "USIC 8 lits")
    assert [str(quantity) for quantity in result.quantities] == ["8 lits"]


def test_several_concepts_give_one_proposal_each(matcher):
    result = matcher.match("mode", "HC et HDJ")
    assert [part.candidates[0].code for part in result.concepts] == ["28", "29"]
    assert [candidate.code for candidate in result.candidates[:2]] == ["28", "29"]


def test_one_label_with_et_stays_one_concept(matcher):
    result = matcher.match("activite", "Chirurgie thoracique et pulmonaire")
    assert result.concepts == []
    assert result.candidates[0].code == "030"


def test_a_coordinated_word_that_reads_nothing_borrows_no_head_to_read_it(matcher):
    # « anévrysmes » reads no code: borrowing « neuroradiologie » would only add plain
    # Neuroradiologie as a second concept beside the interventional one typed in full
    result = matcher.match("activite", "neuroradiologie interventionnelle et anevrysmes")
    assert result.concepts == []
    assert result.candidates[0].code == "492"
    # a coordinated modifier that does read with the head is still shared
    assert top(matcher, "activite", "urgences maternité et gynécologiques") == "259"


def test_a_coordinated_adjective_qualifies_the_head_before_it(matcher):
    # « pédiatrique » alone reads Médecine pédiatrique a little less well than « SMUR pédiatrique »
    assert top(matcher, "activite", "smur néonatal et pédiatrique") == "270"


def test_hospitalisation_alone_asks_a_follow_up(matcher):
    result = matcher.match("mode", "hospitalisation")
    assert result.verdict == "ambiguous"
    assert result.follow_up.startswith("Hospitalisation complète, ")
    assert result.follow_up.endswith(" ?")
    # the unmarked reading comes first (« hospitalisation conventionnelle »), still asked
    assert result.candidates[0].code == "28"
    assert result.candidates[0].score > result.candidates[1].score
    for said in ("HC", "hospit complète", "hospitalisation conventionnelle", "20 lits"):
        assert matcher.match("mode", said).verdict == "sure", said


def test_gibberish_gives_none(matcher):
    result = matcher.match("activite", "xqzt blorf")
    assert result.verdict == "none"
    assert result.candidates == []


def test_deprecated_label_proposes_its_active_successor(matcher):
    best = matcher.match("mode", "hospitalisation kangourou").candidates[0]
    assert (best.code, best.via, best.replaces) == ("28", "successor", "14")


def test_deprecated_code_typed_proposes_its_successor(matcher):
    best = matcher.match("activite", "458").candidates[0]
    assert (best.code, best.via, best.replaces) == ("235", "successor", "458")


def test_only_active_codes_are_proposed(matcher):
    active = matcher.codes_of("activite")
    for text in ("Soins palliatifs", "Imagerie médicale", "Immunothérapie", "Dialyse péritonéale"):
        assert all(candidate.code in active for candidate in matcher.match("activite", text).candidates)


def test_same_label_deprecated_and_active_the_active_wins(matcher):
    best = matcher.match("activite", "Dialyse péritonéale").candidates[0]
    assert (best.code, best.via) == ("583", "label")


def test_alias_comes_first(matcher):
    aliases = {alias_key("l’unité Papillon"): "227"}
    result = matcher.match("activite", "Unité papillon", aliases=aliases)
    assert (result.candidates[0].code, result.candidates[0].via, result.verdict) == ("227", "alias", "sure")


def test_unknown_field_is_a_user_error(matcher):
    with pytest.raises(UserError):
        matcher.match("couleur", "rouge")


def test_match_all_spots_activity_mode_and_champ(matcher):
    found = matcher.match_all("Hôpital de jour d'oncologie pour adultes")
    assert found["mode"].candidates[0].code == "29"
    assert found["activite"].candidates[0].code == "102"
    assert found["champ"].candidates[0].code == "01"
    assert found["champ"].verdict == "ambiguous"  # MCO only by default: asked, never sure


@pytest.mark.parametrize(("text", "code"), [
    ("HDJ onco adultes", "102"),  # mode and age words removed, clipped word → general head label
    ("onco", "102"),
    ("cardio", "013"),
    ("réa", "127"),
])
def test_clipped_specialty_prefers_the_general_label(matcher, text, code):
    assert top(matcher, "activite", text) == code


def test_mode_and_age_only_is_no_activity_but_a_question(matcher):
    result = matcher.match("activite", "hospit complète adultes")
    assert result.verdict == "none"
    assert "activité" in result.follow_up
    found = matcher.match_all("hospit complète adultes")
    assert found["mode"].candidates[0].code == "28"
    assert "activite" not in found


@pytest.mark.parametrize(("text", "mode"), [
    ("L'hôpital de jour est dédié à la chimiothérapie ambulatoire", "29"),
    ("chirurgie ambulatoire", "09"),
    ("consultations externes de cardiologie", "32"),
    ("unité de 20 lits de pneumologie", "28"),
])
def test_mode_from_descriptions(matcher, text, mode):
    assert top(matcher, "mode", text) == mode


@pytest.mark.parametrize(("text", "champ", "verdict"), [
    ("Psychiatrie adulte, hospitalisation complète", "03", "sure"),
    ("SSR polyvalent", "02", "sure"),
    ("EHPAD de 80 places", "04", "sure"),
    ("Une unité de soins intensifs de cardiologie (USIC)", "01", "ambiguous"),
    ("Le centre d'accueil thérapeutique à temps partiel reçoit des adolescents", "03", "sure"),
    ("Le foyer de vie accueille 30 adultes handicapés", "04", "sure"),
])
def test_champ_is_derived_not_fuzzy(matcher, text, champ, verdict):
    found = matcher.match_all(text)["champ"]
    assert (found.candidates[0].code, found.verdict) == (champ, verdict)


@pytest.mark.parametrize("text", [
    "Équipe mobile de gériatrie : on se déplace en EHPAD et au domicile pour les patients âgés",
    "Hygiène hospitalière : audits et conseils aux services et aux EHPAD conventionnés",
    "Gériatrie aiguë de 30 lits, en lien avec l'EHPAD ou le SSIAD pour la sortie",
    "L'équipe de soins palliatifs va aussi dans les EHPAD du territoire",
    "Médecine gériatrique aiguë, 30 lits, séjour court avant retour à domicile ou en SMR",
])
def test_a_structure_visited_or_sent_to_is_not_the_units_champ(matcher, text):
    found = matcher.match_all(text).get("champ")
    assert found is None or found.verdict != "sure" or found.candidates[0].code == "01"


@pytest.mark.parametrize(("text", "expected"), [
    ("HDJ onco adultes", (18, "a", 120, "a")),
    ("réa néonat", (0, "d", 28, "d")),
    ("psychiatrie de la personne âgée", (60, "a", 120, "a")),
    ("patients de plus de 65 ans", (65, "a", 120, "a")),
    ("cardiologie", None),
])
def test_age_range_hint(text, expected):
    assert age_range_hint(text) == expected


def test_shared_plural_adjective_qualifies_each_noun(matcher):
    """« X et Y pédiatriques »: the plural adjective qualifies both nouns, even though a bare
    « réanimation » reads best as Réanimation polyvalente."""
    result = matcher.match("activite", "réanimation et soins intensifs pédiatriques")
    assert {part.candidates[0].code for part in result.concepts} == {"130", "370"}
    assert {candidate.code for candidate in result.candidates[:2]} == {"130", "370"}


def test_one_word_modifier_takes_the_head_of_the_part_before(matcher):
    """« urgences pédiatriques et gynécologiques » are two kinds of urgences."""
    result = matcher.match("activite", "urgences pédiatriques et gynécologiques")
    assert [part.candidates[0].code for part in result.concepts] == ["249", "259"]


def test_several_concepts_are_ranked_by_score(matcher):
    result = matcher.match("activite", "cardio et pneumo")
    scores = [candidate.score for candidate in result.candidates]
    assert scores == sorted(scores, reverse=True)
    assert {candidate.code for candidate in result.candidates[:2]} == {"013", "114"}


def test_head_of_a_short_answer_says_what_kind_of_unit(matcher):
    """« urgences maternité » is an urgences unit: Obstétrique, which reads « maternité » alone,
    comes after the urgences labels; the unsaid « spécialisées » costs little."""
    codes = [candidate.code for candidate in matcher.match("activite", "urgences maternité").candidates]
    assert codes[0] == "260"
    assert codes.index("100") > codes.index("259")


def test_linking_word_is_implied_only_with_what_it_links(monkeypatch):
    """« urgences gynéco » implies Urgences *spécialisées* gynécologiques; « soins de
    néonatalogie » does not say *intensifs*, so Soins intensifs spécialisés néonatalogie gets no
    credit for its unsaid « spécialisés »."""
    from ror_assistant.matching import scoring

    def score(code, text):
        found = Matcher.default().match("activite", text, limit=20).candidates
        return next(candidate.score for candidate in found if candidate.code == code)

    with_link = score("259", "urgences gynéco"), score("369", "soins de néonatalogie")
    monkeypatch.setattr(scoring, "LINKING_COVERAGE", 0.0)
    without_link = score("259", "urgences gynéco"), score("369", "soins de néonatalogie")
    assert with_link[0] > without_link[0]
    assert with_link[1] == without_link[1]


def test_a_profession_orientation_label_ranks_under_its_specialty_unless_the_profession_is_named(matcher):
    """« Kinésithérapie orientation Cardiologie » is cardiology as practised by physiotherapists."""
    assert top(matcher, "activite", "phlébologie") == "091"  # not Médecine générale à orientation …
    assert top(matcher, "activite", "kiné cardio") == "420"
    assert top(matcher, "activite", "soins infirmiers diabète") != "039"


@pytest.mark.parametrize(("text", "code"), [
    ("Médecine polyvalente", "083"), ("Médecine interne", "085"), ("médecine légale", "086"),
    ("médecine palliative", "170"), ("Centre de la douleur", "004"),
])
def test_common_unit_names_read_right(matcher, text, code):
    assert top(matcher, "activite", text) == code


def test_a_general_label_is_not_implied_when_the_answer_says_more(matcher):
    """« générale » means no sub-specialty: « médecine gériatrique » is not Médecine générale
    à orientation Gériatrie (the GP's), « cardio » alone is Cardiologie générale."""
    assert top(matcher, "activite", "médecine gériatrique") == "491"
    assert top(matcher, "activite", "cardio") == "013"


_LABEL_WORDS = sorted({word for label in Matcher.default().codes_of("activite").values()
                       for word in label.replace("(", " ").replace(")", " ").split() if len(word) > 2})


@settings(max_examples=150, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(_LABEL_WORDS), st.sampled_from(["et", ",", "HDJ", "réa", "onco", "8 lits", "8h30", "à 17h", "de", "(", ")", "-", "l'"])),
                min_size=1, max_size=14),
       st.sampled_from(["activite", "mode", "equipement"]))
def test_candidates_read_in_score_order_and_are_active(matcher, words, field):
    """Whatever the answer, the list a person reads goes from the best score down, within 0–100,
    and proposes only active codes of the field's value set."""
    result = matcher.match(field, " ".join(words))
    scores = [candidate.score for candidate in result.candidates]
    assert scores == sorted(scores, reverse=True)
    assert all(0 <= score <= 100 for score in scores)
    assert {candidate.code for candidate in result.candidates} <= set(matcher.codes_of(field))


@pytest.mark.parametrize(("text", "code"), [
    ("chir ortho-traumato", "025"),
    ("onco-hémato", "191"),
    ("neuro-onco", "186"),
])
def test_clips_joined_by_a_hyphen_read_as_two_words(matcher, text, code):
    assert top(matcher, "activite", text) == code


def test_an_acronym_of_a_label_is_no_completion_of_a_shorter_one(matcher):
    """« USIN » is not a clip of « USINV »: the acronyms written in labels are matched whole."""
    assert "usinv" in matcher._indexes["J17"].acronyms
    bare = Matcher(load_catalog(), lexicon=Lexicon([]))  # the labels alone, no lexicon entry for USIN
    assert "356" not in [candidate.code for candidate in bare.match("activite", "USIN").candidates]
    assert bare.match("activite", "USINV").candidates[0].code == "356"
    assert top(matcher, "activite", "USIN") == "369"  # Soins intensifs spécialisés néonatalogie


def test_a_label_coordinating_alternatives_is_said_by_its_head_and_one_of_them(matcher):
    """« Chirurgie thoracique *et* pulmonaire »: « chir thoracique » says it, more than it says
    Chirurgie *oncologique* thoracique (a restriction the answer does not make)."""
    assert top(matcher, "activite", "chir thoracique") == "030"
    # « extra et intra-hospitalière » is the team doing both, since each has its own code
    assert top(matcher, "mode", "équipe mobile intra") == "52"


def test_a_bare_smur_is_the_primary_smur_and_the_sau_written_out_is_the_emergency_unit(matcher):
    assert top(matcher, "activite", "SMUR") == "136"
    assert top(matcher, "activite", "SMUR pédiatrique") == "270"
    assert top(matcher, "activite", "Service d'accueil des urgences") == "157"


def test_concepts_of_equal_score_keep_the_answers_order_without_a_tie(matcher):
    result = matcher.match("activite", "alcoolo + tabaco")
    assert [candidate.code for candidate in result.candidates[:2]] == ["003", "139"]
    assert result.candidates[0].score > result.candidates[1].score


def test_a_spelt_out_unit_is_not_read_through_its_acronym(matcher):
    """« (UCC) » after « unité commune de chimiothérapie » is no Unité cognitivo-comportementale."""
    result = matcher.match("activite", "L'unité commune de chimiothérapie (UCC)")
    assert "246" not in [candidate.code for candidate in result.candidates[:1]]
    assert result.text == "L'unité commune de chimiothérapie (UCC)"


def test_a_short_unit_name_without_mode_word_proposes_hospitalisation_complete(matcher):
    result = matcher.match("mode", "Unité de psychiatrie du sujet âgé")
    assert result.candidates[0].code == "28" and result.verdict == "ambiguous"
    assert matcher.match("mode", "unité mobile").candidates[0].code != "28"


def test_a_head_named_twice_in_its_label_is_said_by_either_name(matcher):
    """« Gériatrie, Gérontologie »: the comma after the first word gives two names of the head;
    « gériatrie » says it, before Réadaptation gériatrique."""
    assert top(matcher, "activite", "gériatrie") == "050"
    # « équipe mobile » states the mode: the activity is what remains
    assert top(matcher, "activite", "équipe mobile de gériatrie") == "050"


def test_a_unit_named_by_a_word_nothing_reads_is_never_sure(matcher):
    """« l'unité Papillon de la maternité »: « Papillon » is what the unit is, and nothing reads
    it; Obstétrique is a proposal to confirm, not a sure answer."""
    result = matcher.match("activite", "l'unité papillon de la maternité")
    assert result.verdict == "ambiguous"
    assert matcher.match("activite", "maternité").verdict == "sure"


@pytest.mark.parametrize(("text", "code"), [
    ("médecine cardiologique", "013"),
    ("médecine cardio", "013"),
    ("médecine interne", "085"),
    ("médecine polyvalente", "083"),
    ("médecine générale", "437"),
])
def test_medecine_before_a_specialty_only_introduces_it(matcher, text, code):
    assert top(matcher, "activite", text) == code


def test_a_word_meaning_nothing_does_not_stop_an_entry_meant_to_be_alone(matcher):
    """« médecine » alone is Médecine polyvalente; so is « HDJ médecine du CH de Vienne », whose
    other words mean nothing for the activité."""
    assert top(matcher, "activite", "HDJ médecine du CH de Vienne") == "083"


@pytest.mark.parametrize(("text", "code"), [
    ("pédiatrie générale", "088"),
    ("gériatrie générale", "050"),
    ("médecine générale", "437"),
    ("cardiologie générale", "013"),
    ("réanimation polyvalente", "127"),
])
def test_a_general_qualifier_after_a_head_says_no_more_than_the_head(matcher, text, code):
    """« pédiatrie générale » is pédiatrie without sub-specialty, not the GP's orientation
    Médecine *générale* à orientation Médecine pédiatrique; a label that is the phrase itself
    (« Médecine générale », « Cardiologie générale ») keeps it."""
    assert top(matcher, "activite", text) == code


def test_a_word_shared_by_coordination_is_a_modifier_never_a_head(matcher):
    """« Médecine polyvalente et post-urgences »: « urgences » would head the reading
    « médecine polyvalente urgences » (Urgences polyvalentes); it is not shared."""
    result = matcher.match("activite", "Médecine polyvalente et post-urgences")
    assert [candidate.code for candidate in result.candidates[:2]] == ["083", "115"]


def test_the_age_an_answer_says_outweighs_the_age_a_disease_usually_comes_with(matcher):
    assert top(matcher, "activite", "schizophrénie") == "229"
    assert top(matcher, "activite", "schizophrénie des adolescents") == "228"


@pytest.mark.parametrize(("text", "codes"), [
    ("endoc diabeto", {"039", "041"}),
    ("cardio pneumo", {"013", "114"}),
])
def test_specialties_side_by_side_are_a_list(matcher, text, codes):
    """Two specialty heads without « et », read whole as a label neither heads or as one of
    them only, are two concepts; « réa néonat », « urologie pédiatrique » stay one."""
    result = matcher.match("activite", text)
    assert {candidate.code for candidate in result.candidates[:2]} == codes and len(result.concepts) == 2
    assert not matcher.match("activite", "réa néonat").concepts
    assert not matcher.match("activite", "urologie pédiatrique").concepts


def test_bare_dialysis_words_read_their_unmarked_activity(matcher):
    assert top(matcher, "activite", "hémodialyse") == "059"
    # « dialyse » unqualified is the hemodialysis of most patients; the peritoneal one is still offered
    for text in ("dialyse", "centre de dialyse", "néphro + dialyse"):
        codes = [c.code for c in matcher.match("activite", text).candidates]
        assert codes[0] == "059" and "583" in codes, text
    assert top(matcher, "activite", "dialyse péritonéale") == "583"
    # « ou bien » is no « bien-être »
    assert "314" not in [c.code for c in matcher.match(
        "activite", "patients atteints de pathologie cardiaque ou bien surveillés").candidates[:3]]


def test_a_head_and_its_modifiers_are_no_list(matcher):
    result = matcher.match("activite", "neuroradio interv thrombectomies")
    assert result.best.code == "492" and not result.concepts


def test_an_acronym_is_kept_when_a_label_uses_it_for_what_the_words_say(matcher):
    result = matcher.match("activite", "Les UCC (Unités cognitivo-comportementales) accueillent des patients")
    assert result.best.code == "246"


@pytest.mark.parametrize(("text", "codes"), [
    ("Hépato-gastro-entérologie", {"046", "062"}),
    ("EOH", {"064"}),
    ("centre antipoison", {"015"}),
])
def test_names_of_the_trade(matcher, text, codes):
    assert {candidate.code for candidate in matcher.match("activite", text).candidates[:len(codes)]} == codes


@pytest.mark.parametrize(("text", "code"), [
    ("urolgie", "031"),       # a misspelt word whose stem is short
    ("psychiatrei adulte", "229"),  # a misspelt ending the stemmer does not remove
    ("chirurgie bariatirque", "017"),  # two letters swapped
    ("rééduc neuro", "234"),  # a clip of a context word (rééducation) lets the SMR mention apply
    ("réadap cardio", "235"),
])
def test_misspellings_and_clipped_context_words(matcher, text, code):
    assert top(matcher, "activite", text) == code


def test_medecine_intensive_is_the_medical_intensive_care(matcher):
    assert top(matcher, "activite", "Médecine intensive – réanimation") == "126"


@pytest.mark.parametrize(("text", "code"), [
    ("urgences enfants", "249"),
    ("onco enfants", "279"),
    ("chirurgie viscérale enfants", "605"),
    ("psychiatrie enfants", "227"),
])
def test_enfants_says_the_pediatric_of_a_label(matcher, text, code):
    assert top(matcher, "activite", text) == code


def test_soins_de_suite_is_the_old_name_of_smr(matcher):
    assert top(matcher, "activite", "soins de suite") == "172"
    assert top(matcher, "activite", "soins de suite gériatriques") == "241"


@pytest.mark.parametrize(("text", "code"), [
    ("SSIAD personnes âgées", "287"),         # the structure first, its public after it
    ("personnes âgées", "050"),               # alone, the public names the discipline
    ("psychiatrie personnes âgées", "051"),   # « âgées » meets the « âgé » of the label
])
def test_older_people_qualify_the_unit_named_before_them(matcher, text, code):
    assert top(matcher, "activite", text) == code


def test_a_head_with_two_modifiers_is_the_head_twice(matcher):
    # « urgences gynéco obst »: urgences gynécologiques and urgences obstétricales, not Obstétrique
    result = matcher.match("activite", "urgences gyneco obst")
    assert [candidate.code for candidate in result.candidates[:2]] == ["259", "260"]
    assert [part.text for part in result.concepts] == ["urgences gyneco", "urgences obst"]


def test_a_clip_the_labels_read_only_as_a_modifier_may_clip_a_lexicon_word(matcher):
    # « mater » begins « maternelle » in the labels, never a label head: it is the maternité
    assert top(matcher, "activite", "mater") == "100"
    assert top(matcher, "activite", "SMR loco") == "233"  # « loco » stays the labels' locomoteur


def test_every_label_typed_out_is_first_and_sure(matcher):
    """A person who types a label means its code, whatever the case, accents or parenthesis
    (only names one active concept bears: « cancérologie » is in several labels)."""
    for key in ("activite", "mode"):
        for code, label in matcher.codes_of(key).items():
            result = matcher.match(key, label)
            assert (result.candidates[0].code, result.verdict) == (code, "sure"), label
    assert top(matcher, "activite", "psychiatrie ADULTE") == "229"
    assert matcher.match("activite", "urgences specialisees neuro-vasculaires").verdict == "sure"


def test_an_age_a_label_reads_beats_an_implied_general_qualifier(matcher):
    # « médecine de l'adolescent » is Médecine et santé de l'adolescent, not Médecine générale
    assert top(matcher, "activite", "médecine de l'adolescent") == "453"


@pytest.mark.parametrize(("text", "code"), [
    ("réa enfants", "130"),           # enfants says the « pédiatrique »: not the polyvalente
    ("réanimation enfants", "130"),
    ("urgences enfants", "249"),
])
def test_children_said_beat_an_implied_polyvalente(matcher, text, code):
    assert top(matcher, "activite", text) == code


@pytest.mark.parametrize(("text", "code"), [
    ("med polyvalente 30 lits", "083"),   # the qualifier the label has, after a clip, is said
    ("psy ados", "228"),                  # « ados » is an age word, a clip of adolescent
    ("pôle d'activités et de soins adaptés", "306"),
    ("chirurgie générale", "033"),        # retired label: its usual successor first, a question
])
def test_short_answers_as_people_type_them(matcher, text, code):
    assert top(matcher, "activite", text) == code
    assert matcher.match("activite", "chirurgie générale").verdict == "ambiguous"


@pytest.mark.parametrize(("text", "code"), [
    ("chir visc", "033"),
    ("chirurgie digestive", "033"),
    ("chirurgie viscérale et digestive", "033"),
    ("chir onco visc", "474"),
    ("chirurgie carcinologique digestive", "474"),
    ("réa chir visc", "125"),
])
def test_visceral_surgery_unqualified_is_the_specialty_not_its_cancer_surgery(matcher, text, code):
    # the cancer surgery is said (« onco », « carcinologique »); the plain specialty is 033
    assert top(matcher, "activite", text) == code


def test_an_exclusion_clause_of_a_label_reads_no_word(matcher):
    # « (hors carcinologie) » says what 033 is not: « carcino digestive » is not 033
    result = matcher.match("activite", "carcinologie digestive")
    assert "033" not in [candidate.code for candidate in result.candidates[:2]]
    typed = matcher.match("activite", "Chirurgie digestive et viscérale fonctionnelle (hors carcinologie)")
    assert (typed.candidates[0].code, typed.verdict) == ("033", "sure")


@pytest.mark.parametrize(("text", "code"), [
    ("psychiatrie 0-12 ans", "227"),
    ("psychiatrie de 12 à 17 ans", "228"),
    ("réanimation moins de 18 ans", "130"),
    ("psychiatrie plus de 18 ans", "229"),
])
def test_ages_said_in_years_name_the_public(matcher, text, code):
    # « 0-12 ans » weighs like « enfants »: not Psychiatrie adulte, and surely not *sure* of it
    assert top(matcher, "activite", text) == code


@pytest.mark.parametrize(("text", "expected"), [
    ("psy 3-12 ans", "psy enfants"),
    ("ados de 12 à 17 ans", "ados adolescents"),
    ("patients de plus de 75 ans", "patients personnes âgées"),
    ("urgences à partir de 15 ans et 3 mois", "urgences adultes et 3 mois"),
    ("Enfants de 0 à 18 ans", "Enfants "),
    ("adultes et enfants dès 3 ans", "adultes et enfants dès 3 ans"),  # names no one public
    ("entre 16 et 25 ans", "entre 16 et 25 ans"),
])
def test_with_age_words(text, expected):
    assert with_age_words(text) == expected


def test_two_specialties_side_by_side_are_two_concepts_even_when_an_exploration_lists_both(matcher):
    # « Explorations fonctionnelles endocrinologie, diabétologie… » lists both without being named
    result = matcher.match("activite", "endocrino diabeto")
    assert {candidate.code for candidate in result.candidates[:2]} == {"041", "039"} and len(result.concepts) == 2
    assert matcher.match("activite", "endocrinologie et diabétologie").verdict == "sure"
    assert not matcher.match("activite", "soins palliatifs pédiatriques").concepts


@pytest.mark.parametrize(("text", "code"), [
    ("oncodigestif", "189"),          # « onco » typed joined to « digestif »
    ("onco digestif", "189"),
    ("neurochirurgie", "096"),        # a real word is never split
])
def test_a_clip_typed_joined_to_its_word_is_read_as_the_two(matcher, text, code):
    assert top(matcher, "activite", text) == code


@pytest.mark.parametrize(("text", "code"), [
    ("SI cardio", "354"),
    ("SI neurovasc", "356"),
    ("SI néonat", "369"),
    ("réa médico-chir", "127"),
    ("reanimation medico-chirurgicale", "127"),
    ("equipe mobile de SP", "170"),
    ("SMR alcoologie", "240"),
    ("IPA néphro", "616"),
    ("suivi IRC par l'IPA", "616"),
    ("IPA psy", "617"),
    ("nourrissons", "088"),           # one month to two years: paediatrics, not the newborn
    ("prématurés", "094"),
    ("pédiatrie de court séjour", "088"),  # « court séjour » says the mode, not a sub-specialty
])
def test_usages_of_the_profession(matcher, text, code):
    assert top(matcher, "activite", text) == code


def test_si_is_soins_intensifs_only_before_a_specialty(matcher):
    assert top(matcher, "activite", "si besoin cardio") != "354"
    assert top(matcher, "activite", "psy") == "229"       # the IPA mention needs the IPA
    assert top(matcher, "activite", "dialyse") == "059"


@pytest.mark.parametrize(("text", "code"), [
    ("CMF", "023"), ("SMIT", "077"), ("CTCV", "030"), ("RX thorax", "505"), ("PSG", "451"), ("UPATOU", "157"),
])
def test_service_acronyms_of_a_systematic_pass(matcher, text, code):
    assert top(matcher, "activite", text) == code


@pytest.mark.parametrize(("text", "code"), [
    ("SAUP", "249"), ("SIPO", "352"), ("SMR CV", "235"), ("SMR gérontologique", "241"),
    ("MPR locomotrice", "233"), ("DP à domicile", "583"), ("CJC", "404"), ("UEMA", "300"),
    ("unité kangourou", "094"), ("médecine de l'enfant", "088"),
])
def test_abbreviations_of_the_activite_in_use(matcher, text, code):
    assert top(matcher, "activite", text) == code


def test_in_a_sentence_words_naming_no_care_leave_a_word_all_it_says(matcher):
    # « acceptant », « inaugurée », « boulevard » begin no label: « psychiatrique » is still
    # all the sentence says of the activité, psychiatrie générale (adulte)
    text = "L'unité psychiatrique de douze lits pour patients acceptant une hospitalisation a été inaugurée hier"
    assert top(matcher, "activite", text) == "229"
    # a word that says an age still decides
    assert top(matcher, "activite", "L'unité psychiatrique de douze lits pour enfants a été inaugurée hier") == "227"


@pytest.mark.parametrize(("text", "code"), [
    ("PASS", "437"),
    ("La permanence d'accès aux soins de santé reçoit les personnes sans couverture sociale", "437"),
    ("HAD", "083"),
    ("L'hospitalisation à domicile (HAD) est une alternative à l'hospitalisation traditionnelle", "083"),
    ("HAD pédiatrique", "088"),
    ("accueil de jour Alzheimer", "306"),
    ("l'accueil de jour s'adresse à des personnes âgées dépendantes vivant à domicile", "306"),
    ("résidents atteints de la maladie d'Alzheimer", "306"),
    ("patients hospitalisés sous contrainte", "229"),
])
def test_structures_whose_name_says_the_activite(matcher, text, code):
    assert top(matcher, "activite", text) == code


def test_a_protected_living_unit_is_daily_living_and_cognitive_stimulation(matcher):
    codes = [candidate.code for candidate in matcher.match("activite", "unité de vie protégée").candidates[:2]]
    assert sorted(codes) == ["293", "306"]


def test_alzheimer_outside_a_medico_social_setting_is_still_the_memory_assessment(matcher):
    assert top(matcher, "activite", "consultation Alzheimer") == "597"


@pytest.mark.parametrize(("text", "code"), [
    ("centre municipal de santé", "32"), ("Le CMS abrite trente professionnels", "32"), ("MSP", "32"),
    ("centre de vaccination", "32"), ("CeGIDD", "32"), ("UMJ", "32"), ("cabinet dentaire", "32"),
    ("Centre de planification (IVG)", "32"),
    # the hébergement, when said, is the mode
    ("CSAPA avec hébergement", "46"),
])
def test_structures_without_hebergement_are_seen_in_consultation(matcher, text, code):
    assert top(matcher, "mode", text) == code


@pytest.mark.parametrize(("field", "text", "code"), [
    ("activite", "court sejour geria 28 lits", "491"),
    ("activite", "EMASP", "170"),
    ("activite", "CMP-IJ", "228"),
    ("activite", "unite cognitivo comportemental de 12 lits", "246"),
    ("activite", "on aide les gens à arrêter de fumer", "139"),
    ("activite", "CSST", "404"),
    ("activite", "LHSS", "285"),
    ("activite", "maison médicale de garde", "437"),
    ("activite", "hélicoptère", "136"),
    ("activite", "les coordinateurs peuvent prélever les cornées", "594"),
    ("activite", "10 lits pour la fin de vie et les symptômes difficiles à soulager", "170"),
    ("activite", "des fins de vie compliquées", "170"),
    ("activite", "accompagnement fin de vie", "170"),
    ("activite", "unité protégée de l'EHPAD, résidents déambulants", "293"),
    ("mode", "L'ESAD intervient au domicile des personnes atteintes d'Alzheimer", "49"),
    ("mode", "le cardiologue le prend en charge en salle de cathétérisme", "55"),
    ("activite", "CHRS urgence, mise à l'abri", "392"),
    ("activite", "UGA", "491"),
    ("activite", "centre d'aide par le travail", "304"),
    ("activite", "Appartements de Coordination Thérapeutique (ACT)", "340"),
    ("mode", "ACT : douze places", "46"),
    ("mode", "hosp de jr", "29"),
    ("mode", "MMG", "56"),
    ("mode", "LAM", "46"),
])
def test_usages_of_round_10(matcher, field, text, code):
    assert top(matcher, field, text) == code


def test_ij_is_infanto_juvenile_only_beside_a_psychiatric_structure(matcher):
    assert matcher.match("activite", "CMP-IJ").candidates[1].code == "227"
    assert top(matcher, "activite", "CMP") == "229"


def test_protected_care_of_another_kind_is_no_protected_living_unit(matcher):
    # « unité » is a stop word: « unité protégée » needs a médico-social word beside it
    assert top(matcher, "mode", "une unité dédiée aux autogreffes (unité de soins protégés)") != "46"


def test_the_build_leaves_the_garbage_collector_as_it_found_it():
    import gc

    assert gc.isenabled()
    Matcher.default()
    assert gc.isenabled()
    gc.disable()
    try:
        Matcher.default()
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_the_acronym_act_is_not_the_actes_of_daily_living(matcher):
    assert top(matcher, "activite", "aide aux actes de la vie quotidienne") == "293"


@pytest.mark.parametrize("text", [
    # the establishment named beside the unit is no activité of it
    "Le service de psychiatrie de l'hôpital de Dax a rouvert ses deux pavillons rénovés.",
    # the unit's word said twice says no more than once
    "Le pôle de psychiatrie, sur le site de Saint-Avé, compte 40 lits d'hospitalisation complète en psychiatrie.",
])
def test_a_sentence_about_psychiatry_reads_the_usual_one(matcher, text):
    assert top(matcher, "activite", text) == "229"


def test_the_establishment_says_no_hospital_label_word(matcher):
    text = "Au centre hospitalier de Lens, la psychiatrie a rouvert ses deux pavillons rénovés."
    assert "158" not in [candidate.code for candidate in matcher.match("activite", text).candidates[:2]]


def test_a_clinic_is_an_establishment_only_as_a_noun(matcher):
    # « génétique clinique » is the discipline, « à la clinique » the place
    assert top(matcher, "activite", "Le service de génétique clinique reçoit des familles en consultation.") == "049"
    assert Matcher._establishment("opérée à la clinique du Parc") == {"clinique"}
    assert Matcher._establishment("génétique clinique") == frozenset()
    assert Matcher._establishment("l'hôpital de jour de l'hôpital Nord") == {"hopital"}


@pytest.mark.parametrize("text", ["chirurgie ophtalmologique", "chirurgie de la cataracte", "chir ophtalmo"])
def test_a_code_restricted_to_cancer_needs_a_cancer_said(matcher, text):
    # no sure Chirurgie *oncologique* ophtalmologique, and Ophtalmologie close behind
    result = matcher.match("activite", text)
    assert result.verdict != "sure"
    assert "103" in [candidate.code for candidate in result.candidates[:2]]


@pytest.mark.parametrize(("text", "code"), [
    ("chirurgie oncologique ophtalmologique", "541"),
    ("chirurgie carcinologique de l'oeil", "541"),
    ("soins de support", "414"),          # its own words define it: « en oncologie » is no restriction
    ("oncolgie pédiatrique, tumeurs de l'enfant", "279"),
])
def test_a_cancer_said_keeps_the_restricted_codes(matcher, text, code):
    assert top(matcher, "activite", text) == code


@pytest.mark.parametrize(("text", "code"), [
    # the rest of the sentence says nothing of which sibling: the usual one, as the word alone reads
    ("Le SMUR de Lannion est sorti plus de mille fois l'an dernier, rapporte son cadre de santé.", "136"),
    ("Le service de réanimation de Vannes compte désormais 14 lits répartis dans des chambres "
     "individuelles lumineuses.", "127"),
    # the age the sentence says still decides
    ("Une nouvelle unité de réanimation pour les enfants a ouvert ses portes cette semaine à Brest.", "130"),
])
def test_a_sentence_naming_a_family_head_reads_its_usual_member(matcher, text, code):
    assert top(matcher, "activite", text) == code


def test_genetics_said_alone_is_the_clinic_and_a_laboratory_its_analyses(matcher):
    # round 13: « génétique » alone (« consultation de génétique ») is Génétique médicale et
    # clinique; a unit of genetics attached to oncology keeps Onco-génétique beside it, undecided
    result = matcher.match("activite", "L'unité de génétique du centre hospitalier est rattachée au service d'oncologie.")
    assert [candidate.code for candidate in result.candidates[:2]] == ["049", "412"]
    assert result.verdict == "ambiguous"
    assert top(matcher, "activite", "laboratoire de génétique") in {"551", "552"}


def test_a_short_phrase_naming_a_family_head_reads_its_usual_member(matcher):
    # three words or more: « médecine » beside a mode and a word no label reads is Médecine polyvalente
    assert top(matcher, "activite", "des patients bilantés au sein de notre Hôpital de Jour Médecine") == "083"


@pytest.mark.parametrize(("text", "code", "verdict"), [
    ("neurolgie", "097", "sure"),                    # a letter left out
    ("pneumologie pédiatrque", "611", "sure"),       # the whole answer reads the word right
    ("gastroentérolgoie", "046", "sure"),            # two letters swapped
])
def test_a_label_word_one_slip_away_is_read_as_that_word(matcher, text, code, verdict):
    result = matcher.match("activite", text)
    assert (result.candidates[0].code, result.verdict) == (code, verdict)


def test_a_word_one_letter_changed_is_not_rewritten(matcher):
    # « injections » is a word of its own, not « infections »
    assert matcher._label_spelt("activite", FIELDS["activite"].value_set, "injections intravitréennes") \
        == "injections intravitréennes"


def test_an_age_said_once_is_the_whole_answers(matcher):
    # « troubles anxieux » alone goes with adult psychiatry; beside « enfants » it is the child's
    result = matcher.match("activite", "pédopsy 6-11 ans, troubles anxieux et du comportement")
    assert result.candidates[0].code == "227"
    assert "229" not in [candidate.code for candidate in result.candidates[:2]]


@pytest.mark.parametrize(("word", "not_meant"), [("voit", "voitur"), ("environ", "environn"), ("aller", "allergolog"),
                                                ("trop", "tropical"), ("tube", "tubercul")])
def test_common_words_are_not_read_as_clipped_label_words(matcher, word, not_meant):
    # « voit » begins « voiture », « environ » begins « environnement »: neither is a clip
    typed = QueryWord(word, normalize(word).words[0].stem)
    assert not any(stem.startswith(not_meant) for stem in word_matches(matcher._indexes["J17"], typed))
    # nor a slip of « enviro », the short label's clip of « environnement »
    assert matcher._label_spelt("activite", "J17", "environ 30 patients par jour").startswith("environ ")
    assert matcher.match("activite", "le service voit 14 000 enfants par an").candidates == []
    # nor a clip of a vocabulary term (« placenta » reads Foetopathologie)
    assert all(candidate.code != "044" for candidate in matcher.match("activite", "l'unité covid est en place").candidates)


def test_car_t_cells_read_hematology_and_car_the_conjunction_nothing(matcher):
    assert top(matcher, "activite", "CAR-T") in {"055", "545"}
    result = matcher.match("activite", "une fluidité indispensable, car les urgences reçoivent 120 patients par jour")
    assert result.candidates[0].code == "157"


@pytest.mark.parametrize(("text", "code"), [
    ("chirurgie du cancer du sein", "539"),        # the organ said, the label's adjective (mammaire)
    ("chir cancer uro", "537"),                    # cancer in surgery: Chirurgie oncologique …
    ("chirurgie des cancers digestifs", "474"),
    ("chirurgie peau", "280"),                     # the skin: dermatologique
    ("radiologie du sein", "504"),                 # sénologique
    ("MG", "437"),                                 # médecine générale
    ("mg gynéco", "485"),                          # Médecine générale à orientation Gynécologie médicale
    ("RI onco", "498"),                            # radiologie interventionnelle
    ("kiné psy", "564"),                           # the orientation « santé mentale » of a profession
    ("IDE psy", "568"),
    ("IDE cardio", "569"),
    ("imagerie digestive", "494"),                 # the imaging of an organ is its radiologie
    ("imagerie de la femme", "496"),
    ("imagerie tête et cou", "502"),
    ("urgences gastro", "255"),                    # gastro inside hépato-gastro-entérologiques
    ("ergothérapeute", "558"),                     # the profession, its discipline
    ("USI chir", "352"),                           # « chir » after USI, USC, réa: the labels' adjective
    ("USC chir", "374"),
    ("USC chir digestive", "384"),                 # a specialty named after it keeps its label
    ("échographie", "067"),                        # said alone, the imaging; qualified, its label
    ("échographie gynécologique", "590"),
    ("consultation de génétique", "049"),          # the clinic, unless a laboratory is said
    ("laboratoire de génétique", "552"),
    ("addicto sans produit", "001"),
    ("cellule de crise", "052"),
    ("chirurgie réparatrice", "177"),
    ("chirurgie buccale", "199"),
    ("chirurgie rachidienne", "436"),
    ("DP", "583"), ("CSO", "099"), ("EFX", "508"),
    ("réhab psy", "231"),
    ("kiné en psychiatrie", "564"),
    ("IDE pneumo", "570"),
    ("écho pelvienne", "590"),                     # a qualified echo is no longer the echo alone
    ("neurochirurgie oncologique", "540"),
    ("SMR Korsakoff", "521"),
    ("kiné antalgique", "566"),
    ("med po", "083"),
    ("on hospitalise les enfants pour bronchiolites, gastros, convulsions", "088"),   # a gastro-enteritis
    ("HDJ gastro", "046"),
    ("ESAT : atelier espaces verts et blanchisserie", "304"),   # an ESAT's workshops are its work
    ("blanchisserie", "323"),                                   # elsewhere the linen service
    ("kiné onco", "561"), ("infirmière diabéto", "573"),   # orientations of the professions
    ("CAPTV", "015"), ("institut médico-légal", "086"), ("neuroréa", "129"), ("UIC psy adulte", "612"),
    ("scanographie", "070"), ("chir du dos", "436"), ("soins intensifs post-op", "352"),
    ("imagerie ostéo-articulaire", "501"), ("imagerie urologique", "507"),
    ("SMR VIH hépatites", "531"), ("SMR lymphoedème", "532"),
    ("sevrage OH unité", "003"), ("chir K digestifs", "474"), ("médecin légiste", "086"), ("somno", "480"),
    ("médecin somaticien", "285"), ("centre antituberculeux", "592"), ("IPA rein", "616"), ("IPA onco", "615"),
    ("consultations de psychologue", "289"),       # the psychologist said alone is the follow-up…
    ("Douze lits, douleurs complexes, sédations en phase terminale, psychologue et bénévoles.", "170"),  # …not a team member
])
def test_label_families_read_the_words_people_use(matcher, text, code):
    assert top(matcher, "activite", text) == code


@pytest.mark.parametrize(("text", "code"), [
    ("cancer du sein", "195"),                     # outside surgery, the label of 195 as typed
    ("onco sein", "195"),
    ("gastro", "046"),
    ("imagerie médicale", "454"),
    ("ehpad 80 lits : toilette, repas, soins IDE", "293"),   # a nurse named is not the unit's activité
    ("anatomopathologie, examens des tumeurs opérées", "163"),  # tumours operated elsewhere, examined here
])
def test_organ_words_outside_their_family_read_as_typed(matcher, text, code):
    assert top(matcher, "activite", text) == code


@pytest.mark.parametrize(("text", "code", "label"), [
    ("infirmière", "G15:60", "Infirmier"),         # « 60 » of TRE_G15 …
    ("addictologue", "R356:60", "Addictologue"),   # … and « 60 » of TRE_R356, in the same value set
    ("médecin", "G15:10", "Médecin"),
])
def test_professions_are_proposed_with_their_table_where_codes_repeat(matcher, text, code, label):
    best = matcher.match("profession", text).candidates[0]
    assert (best.code, best.label) == (code, label)
    assert matcher.catalog.resolve("J186", code).libelle == label


def test_a_skull_said_in_surgery_is_no_sure_neurosurgery(matcher):
    result = matcher.match("activite", "neurochirurgie crânienne")
    assert result.verdict == "ambiguous" and "440" in [candidate.code for candidate in result.candidates[:2]]


def test_post_op_in_a_polyvalent_intensive_care_keeps_its_label(matcher):
    text = "Réa polyvalente de 15 lits, moitié médicale moitié chirurgicale, post-op lourds de digestif"
    assert top(matcher, "activite", text) == "127"


@pytest.mark.parametrize(("text", "code"), [
    ("pédiatrie lits", "088"),                     # beds say the capacity and the mode, not an activity…
    ("lits intensifs pneumo", "357"),
    ("lits palliatifs", "076"),                    # …except the identified palliative-care beds
    ("intensif psy", "355"),                       # « intensif » without « soins »: an intensive care unit
    ("Unité intensive rattachée à la néphro, épuration extrarénale en urgence", "371"),
    ("aplasies profondes et greffes de moelle sous surveillance intensive", "361"),
])
def test_beds_and_intensive_said_the_short_way(matcher, text, code):
    assert top(matcher, "activite", text) == code


@pytest.mark.parametrize(("text", "not_code"), [
    ("hémato : myélomes, lymphomes, chimios intensives", "361"),   # an intensive treatment…
    ("rééducation intensive", "351"),                              # …or rehabilitation is no unit
])
def test_intensive_treatments_are_no_intensive_care(matcher, text, not_code):
    assert top(matcher, "activite", text) != not_code


def test_beds_still_say_the_mode(matcher):
    assert matcher.match("mode", "les lits sont fermés du vendredi soir au lundi matin").candidates[0].code == "34"


@pytest.mark.parametrize(("text", "code"), [
    ("rcp uro", "215"),                            # the specialty said, the label's organ (voies urinaires)
    ("RCP uro (prostate, testicule)", "208"),
    ("RCP gynéco", "207"),
    ("rcp neuro onco", "212"),
    ("RCP de sénologie", "211"),
    ("staff onco digestif", "202"),
    ("On a une RCP dédiée aux tumeurs endocrines : thyroïde, surrénales, hypophyse", "204"),
    ("RCP métas osseuses", "218"),                 # bone metastases keep their own RCP
])
def test_an_rcp_is_named_by_its_specialty(matcher, text, code):
    assert top(matcher, "activite", text) == code


def test_an_rcp_mentioned_before_its_organ_names_no_rcp_of_that_organ(matcher):
    # the organ comes before « RCP »: the unit treats digestive cancers, its files go to an RCP
    codes = [candidate.code for candidate in matcher.match("activite", "chimios des cancers digestifs, passage en RCP").candidates]
    assert "202" not in codes[:1]


@pytest.mark.parametrize(("text", "code"), [
    ("kiné enfants", "562"),                       # « orientation » is never said: the profession and its field…
    ("ergo enfants", "578"),
    ("diététicienne dénutrition", "585"),
    ("orthoptiste enfants", "627"),
    ("IDE EMSP", "571"),
    ("Le kiné intervient auprès des patients en fin de vie : confort, mobilisations douces", "563"),  # …heading the answer
])
def test_a_profession_and_its_field_read_its_orientation(matcher, text, code):
    assert top(matcher, "activite", text) == code


def test_a_profession_named_in_a_team_is_no_orientation_of_the_unit(matcher):
    text = ("L'équipe mobile de soins palliatifs intervient dans tous les services à la demande : un médecin, "
            "deux IDE, une psychologue ; douleurs rebelles, fin de vie, soutien des familles.")
    assert matcher.match("activite", text).candidates[0].code == "170"


@pytest.mark.parametrize(("text", "code"), [
    ("SMR onco", "523"),                           # the SMR mention « oncologie »…
    ("réadapt post chimio", "523"),
    ("SMR onco-hémato", "238"),                    # …and its haematology modality
])
def test_a_smr_for_cancer_is_the_oncology_mention(matcher, text, code):
    assert top(matcher, "activite", text) == code


@pytest.mark.parametrize(("text", "code"), [
    ("urgences cancer", "263"),                    # the specialty said one way, the family's label another
    ("urg infectio", "265"),
    ("urgences HGE", "255"),
    ("USC HGE", "386"),
    ("USI obstétricale", "366"),
    ("urgences obstétricales", "260"),             # the emergencies' own word
])
def test_emergency_and_critical_care_families_read_the_specialty_said(matcher, text, code):
    assert top(matcher, "activite", text) == code


@pytest.mark.parametrize(("text", "code"), [
    ("chir tumeurs cutanees", "542"),              # the skin's adjective in surgery and cancer…
    ("chirurgie des cancers cutanés", "542"),
    ("On travaille les cicatrices après brûlure : massages, vêtements compressifs, assouplissement cutané", "426"),  # …not beside scars and massage
])
def test_the_skin_said_cutane_reads_its_label_adjective(matcher, text, code):
    assert top(matcher, "activite", text) == code


@pytest.mark.parametrize("text", ["court séjour gériatrique", "CSG", "unité de court séjour gériatrique, 18 lits"])
def test_the_geriatric_short_stay_is_acute_geriatric_medicine(matcher, text):
    assert top(matcher, "activite", text) == "491"


@pytest.mark.parametrize(("text", "code"), [
    ("lutte contre l'isolement", "312"),           # « lutter contre X » is avoiding X: X says the code…
    ("lutte contre la tuberculose", "592"),
    ("aide à la décision", "296"),                 # « aide à X » is the SERAFIN « Accompagnements pour X »…
    ("aide à la communication", "294"),
    ("aide au répit", "394"),                      # …where the help has its own label
])
def test_phrase_frames_leave_the_object_to_decide(matcher, text, code):
    assert top(matcher, "activite", text) == code


def test_the_work_help_establishment_is_no_accompaniment_frame(matcher):
    assert top(matcher, "activite", "établissement et service d'aide par le travail pour adultes handicapés") == "304"


@pytest.mark.parametrize(("text", "code"), [
    ("On tient la RCP de sénologie deux fois par semaine, chaque nouvelle patiente y est présentée", "211"),
    ("Une réunion pluridisciplinaire de soins palliatifs pour les situations complexes de fin de vie", "225"),
])
def test_a_meeting_named_as_the_units_activity_is_its_rcp(matcher, text, code):
    assert top(matcher, "activite", text) == code


def test_an_rcp_the_files_go_through_is_no_head(matcher):
    from ror_assistant.matching.heads import head_weights
    assert head_weights("Chimiothérapies des cancers du sein ; tout passe en RCP avant") == {}
    assert head_weights("La RCP de sénologie se réunit le jeudi") == {"rcp": 1.5}


@pytest.mark.parametrize(("text", "code"), [
    ("onco sarcomes", "410"),                      # cancer without surgery: the organ's medical oncology…
    ("neuro-onco gliomes", "186"),
    ("onco thoracique", "193"),
    ("on opère les sarcomes et tumeurs osseuses", "543"),     # …surgery said by a verb…
    ("prostatectomie robot K", "537"),                        # …or an « -ectomie »
    ("chir onco thoracique", "536"),
])
def test_cancer_surgery_needs_surgery_said(matcher, text, code):
    assert top(matcher, "activite", text) == code


@pytest.mark.parametrize(("text", "code"), [
    ("neuf lits en psychiatrie ont été supprimés à l'hôpital ; l'unité passe de 19 à 10 lits", "229"),  # no age said: adults
    ("l'activité de psychiatrie, 24 lits et 14 places, a été transférée", "229"),
    ("psychiatrie pour adolescents, 12 lits", "228"),                     # an age said keeps its code
])
def test_psychiatry_in_a_sentence_without_an_age_is_general_psychiatry(matcher, text, code):
    assert top(matcher, "activite", text) == code


def test_a_spoken_answer_names_its_unit_first():
    from ror_assistant.matching.heads import head_weights
    assert head_weights("On est les urgences d'un hôpital de proximité, quarante-cinq patients par jour") == {"urgences": 1.5}
    assert head_weights("Moi je suis PH à l'UHCD, c'est huit lits") == {"uhcd": 1.5}
    assert "centre" not in head_weights("Nos patients sont dialysés trois fois par semaine, c'est un centre de dialyse")


def test_the_unit_said_first_heads_the_description(matcher):
    text = ("C'est la salle des explorations ORL : rhinomanométrie, tests d'olfaction, tympanométrie, "
            "tout ce qui mesure comment le nez et l'oreille fonctionnent")
    assert top(matcher, "activite", text) == "347"


@pytest.mark.parametrize(("text", "code"), [
    ("RCP cryo gamètes", "222"),                   # the RCP's topic said with the trade's words
    ("RCP algologie", "217"),
    ("RCP tumeurs orphelines", "216"),
    ("imagerie pulmonaire", "505"),                # the organ in imaging reads the label's adjective…
    ("imagerie MSK", "501"),
    ("imagerie pelvienne", "496"),
    ("chir K poumon", "536"),                      # …and in surgery
    ("tumeurs oculaires chir", "541"),
    ("radio standard os", "069"),                  # a plain X-ray stays conventional radiology
])
def test_rcp_topics_and_organs_in_imaging_and_surgery(matcher, text, code):
    assert top(matcher, "activite", text) == code


@pytest.mark.parametrize(("text", "code"), [
    ("Infirmière spécialisée en neurologie, elle suit les patients SEP sous biothérapie et les parkinsoniens", "572"),
    ("Le kiné fait de la rééducation périnéale, les femmes après l'accouchement, les fuites urinaires", "421"),
    ("Les kinés prennent en charge les blessures des sportifs, tendinites, entorses, reprise de l'entraînement", "427"),
])
def test_a_description_about_a_profession_reads_its_orientation(matcher, text, code):
    assert top(matcher, "activite", text) == code


def test_the_profession_subject_is_no_head_weight():
    from ror_assistant.matching.heads import head_weights, profession_subject
    assert profession_subject("La kiné en gériatrie, on travaille la marche") == {"kine"}
    assert head_weights("La kiné en gériatrie, on travaille la marche") == {"geriatrie": 1.5}
    assert profession_subject("Le service de neurologie accueille les AVC") == frozenset()


@pytest.mark.parametrize(("text", "code"), [("nefro", "095"), ("néfrologie", "095"), ("farmacie", "397")])
def test_an_f_typed_for_ph_reads_the_word(matcher, text, code):
    assert top(matcher, "activite", text) == code


@pytest.mark.parametrize(("text", "code"), [
    ("entretiens réguliers avec la psychologue", "289"),   # a psychologist's interviews…
    ("entretien du linge", "323"),                         # …not the laundry
    ("rééducation périnéale", "421"),                      # a rehabilitation of the perineum is the kiné's orientation
])
def test_a_word_reads_the_sense_its_neighbours_give_it(matcher, text, code):
    assert top(matcher, "activite", text) == code


def test_interviews_in_a_psychiatric_unit_are_its_own_care(matcher):
    text = ("Nous proposons des entretiens avec psychiatres, psychologues et infirmiers, un premier accueil "
            "sans rendez-vous le mardi, et des visites à domicile pour les adultes du secteur.")
    assert top(matcher, "activite", text) == "229"


@pytest.mark.parametrize(("text", "code"), [
    ("staff hémato", "205"),                      # a specialty's « staff » is its RCP
    ("staff onco digestif", "202"),
    ("staff douleur chronique", "217"),
    ("staff paramédical de cardiologie", "013"),  # the staff of a ward is its people
])
def test_a_staff_is_the_specialtys_rcp(matcher, text, code):
    assert top(matcher, "activite", text) == code


@pytest.mark.parametrize(("text", "code"), [
    ("Avant toute autogreffe ou CAR-T, le dossier est présenté au comité d'hématologie avec les biologistes "
     "et les cliniciens.", "205"),
    ("La réunion où on discute à plusieurs les dossiers de polyarthrite, de spondylarthrite, de lupus, et le "
     "choix des biothérapies.", "457"),
])
def test_a_meeting_told_rather_than_named_is_the_units_activity(matcher, text, code):
    assert top(matcher, "activite", text) == code


@pytest.mark.parametrize(("text", "code"), [
    ("socio-esthéticienne", "315"),
    ("réhabilitation respi", "236"),          # respiratory rehabilitation is the SMR mention…
    ("réhabilitation psychosociale", "231"),  # …the psychosocial one stays psychiatry
    ("maintien dans l'emploi", "305"),
    ("URC chimio", "332"),
])
def test_trade_words_read_their_activity(matcher, text, code):
    assert top(matcher, "activite", text) == code


def test_job_retention_in_occupational_medicine_is_no_accompaniment(matcher):
    text = ("On voit les salariés adressés pour des maladies liées au travail, le maintien dans l'emploi et la "
            "reconnaissance en maladie professionnelle.")
    assert top(matcher, "activite", text) != "305"


def test_a_sleep_laboratory_is_no_biology_laboratory(matcher):
    assert top(matcher, "activite", "labo sommeil") in {"480", "451"}
    assert top(matcher, "activite", "labo de biologie") != "480"


@pytest.mark.parametrize(("text", "code"), [
    ("Notre kiné intervient auprès des personnes âgées : prévention des chutes, maintien de la marche, apprendre "
     "à se relever du sol, éviter le déconditionnement.", "428"),
    ("Infirmière spécialisée en cardiologie : éducation des insuffisants cardiaques, surveillance du poids et des "
     "œdèmes, titration des traitements, télésurveillance.", "569"),
])
def test_the_profession_a_description_is_about_outweighs_its_patients_specialty(matcher, text, code):
    assert top(matcher, "activite", text) == code


def test_a_smr_for_the_elderly_said_pa_is_the_geriatric_mention(matcher):
    assert top(matcher, "activite", "SMR PA") == "241"


def test_a_person_saying_their_trade_names_the_unit_after_it(matcher):
    text = ("Je suis infirmière à l'USIC : 8 lits scopés, plus 6 lits de surveillance continue cardio juste à côté. "
            "La moitié c'est des infarctus.")
    assert top(matcher, "activite", text) in {"354", "376", "013"}


def test_an_rcp_the_named_unit_sends_its_files_to_is_a_step(matcher):
    text = ("Le centre de sénologie, c'est mammographies, échographies et biopsies du sein. Quand c'est suspect, "
            "le dossier passe en RCP sein et on oriente vers le chirurgien.")
    assert top(matcher, "activite", text) != "211"


@pytest.mark.parametrize(("text", "code"), [
    ("Chaque biopsie prostatique positive est présentée : surveillance active, prostatectomie ou radiothérapie.", "208"),
    ("Tous les patients avec un cancer de la langue ou du larynx sont présentés avant chirurgie ou radiothérapie.", "214"),
])
def test_the_organ_of_a_told_meeting_is_the_rcps(matcher, text, code):
    assert top(matcher, "activite", text) == code


@pytest.mark.parametrize(("text", "code"), [
    ("La nuit, l'urologue de garde prend les coliques néphrétiques fébriles, les globes vésicaux, les torsions "
     "du cordon.", "266"),
    ("On prend en urgence les hémorragies digestives, les angiocholites et les décompensations de cirrhose, avec endoscopie d'astreinte la nuit.", "255"),
])
def test_a_specialists_emergencies_told_are_its_specialised_urgences(matcher, text, code):
    assert top(matcher, "activite", text) == code


def test_an_on_call_midwife_in_a_maternity_is_no_obstetric_emergency(matcher):
    text = ("on fait à peu près 2 000 bébés par an, on garde les MAP et les pré-éclampsies, gynéco de garde sur "
            "place, péridurale")
    assert top(matcher, "activite", text) == "100"


def test_the_place_a_spoken_answer_starts_from_is_its_unit():
    from ror_assistant.matching.heads import head_weights
    assert head_weights("Aux urgences pédiatriques on fonctionne H24, avec un pédiatre senior") \
        == {"urgences": 1.5, "pediatriques": 1.5}
    assert head_weights("À la pharmacie on fabrique les préparations magistrales") == {}


@pytest.mark.parametrize(("text", "code"), [
    ("Psychiatrie infantile", "227"),
    ("geronto psy", "051"),
    ("Rééducation neurologique", "234"),
    ("rééducation cardiaque", "235"),
])
def test_the_usual_names_of_psychiatry_and_smr_mentions(matcher, text, code):
    assert top(matcher, "activite", text) == code


@pytest.mark.parametrize(("text", "code"), [
    ("hepatho", "062"),            # « th » typed for « t »
    ("osthéo", "197"),
    ("post cure", "240"),
    ("scan", "070"),
    ("NRI", "492"),
    ("coordination PMO", "035"),
    ("EF vasculaire", "345"),
    ("officine", "628"),
    ("CVS élus", "310"),
])
def test_more_words_of_the_trade(matcher, text, code):
    assert top(matcher, "activite", text) == code


def test_an_ef_before_no_organ_is_not_read(matcher):
    assert top(matcher, "activite", "EF et kiné") != "345"


def test_centre_alone_is_no_deprecated_samu_centre_15():
    """« centre » matched the deprecated « SAMU-Centre 15 » and proposed its successor, the
    hospital régulation, for any « centre X » (round 18); the SAMU still reads it."""
    matcher = Matcher.default()
    for text in ("centre anti poison", "centre drépano", "centre de rehab"):
        assert "273" not in [candidate.code for candidate in matcher.match("activite", text).candidates[:1]], text
    assert matcher.match("activite", "SAMU-Centre 15").best.code == "273"


@pytest.mark.parametrize(("text", "code"), [
    ("Deux médecins, trois infirmières et une psychologue à mi-temps : nous soulageons les patients en fin de vie "
     "dans tous les services", "170"),
    ("Le SMUR part avec un médecin, un infirmier et un ambulancier sur les accidents de la route", "136"),
])
def test_the_staff_a_description_lists_is_not_its_activite(text, code):
    """Who works in the unit (« médecin, deux infirmières et une psychologue ») read Soins
    infirmiers or Suivi psychologique (round 18)."""
    assert Matcher.default().match("activite", text).best.code == code


def test_one_profession_named_alone_still_reads_its_trade():
    matcher = Matcher.default()
    assert matcher.match("activite", "consultations de psychologue").best.code == "289"
    assert matcher.match("activite", "orthophoniste").best.code == "200"


def test_a_physician_named_as_a_person_is_not_the_discipline_medecine():
    """« un médecin passe tous les jours » read Médecine polyvalente (round 18); a physician
    qualified by a specialty still reads it."""
    matcher = Matcher.default()
    assert "083" not in [c.code for c in matcher.match("activite", "un médecin passe tous les jours").candidates]
    assert matcher.match("activite", "médecin du sport").best.code == "081"
    assert matcher.match("activite", "consultations de médecins généralistes").best.code == "437"
    assert matcher.match("activite", "ostéo médecin").best.code == "591"
