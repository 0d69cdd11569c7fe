"""The guide of a question: yes / no questions that find the mode when the words name none.

Engine, dialog loading and the walk of the bundled guide, on the real nomenclatures and a real
SQLite file (fixtures of test_interview_fixtures).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from ror_assistant.errors import DataFileError
from ror_assistant.interview import Interview, bundled_dialog, load_dialog
from ror_assistant.interview import guide
from ror_assistant.matching import FIELDS
from ror_assistant.nomenclature import load_catalog
from test_interview_fixtures import USER, answer, db, db_url, engine, matcher, new_unit  # noqa: F401

#: An answer the matcher reads no mode in (checked below, so the tests stay honest).
UNREAD = "on fait au mieux avec le personnel"


@pytest.fixture
def unit_id(db) -> int:
    """A unit whose name says no mode either: otherwise the name's mode is proposed first
    (test_interview_engine), and « ? » starts the guide."""
    return new_unit(db, nom="Les Tilleuls")


def at_mode(engine: Interview, champ: str | None = None) -> Interview:
    if champ is not None:
        engine.goto("champ")
        answer(engine, champ)
    engine.goto("mode")
    return engine


def test_an_answer_naming_no_mode_starts_the_guide(engine, matcher):
    assert matcher.match("mode", UNREAD).verdict == "none"
    reply = at_mode(engine).submit(UNREAD)
    assert reply.kind == "moved" and not reply.proposals
    assert "Je n'ai pas reconnu" in reply.message and "oui ou par non" in reply.message
    assert engine.guiding and engine.prompt() == "Les patients dorment-ils dans l'unité, au moins une nuit ?"
    assert engine.propose("oui") == ()  # nothing listed while typing a guide's answer
    assert engine.suggestion() is None  # an empty line is no answer to a oui / non
    assert "« oui » ou par « non »" in engine.help()


def test_the_champ_answers_what_it_decides_and_the_code_found_is_learnt(db, engine, unit_id):
    """MCO already says the unit is no place to live: that step is not asked."""
    at_mode(engine, champ="MCO").submit(UNREAD)
    asked = [engine.prompt()]
    engine.submit("oui")  # they sleep here
    asked.append(engine.prompt())
    reply = engine.submit("non")  # not during the day
    assert asked == ["Les patients dorment-ils dans l'unité, au moins une nuit ?",
                     "Restent-ils aussi dans l'unité pendant la journée ?"]
    assert reply.kind == "proposals" and reply.to_choose
    assert [proposal.code for proposal in reply.proposals] == ["30"]
    assert "D'après vos réponses" in reply.message and not engine.guiding
    assert engine.confirm().kind == "saved"
    assert engine.unit.mode_prise_en_charge.code == "30"
    engine.goto("mode")  # the same words, next time, for this establishment
    reply = engine.submit(UNREAD)
    assert reply.kind == "proposals" and reply.proposals[0].code == "30"


def test_a_medico_social_champ_leads_to_the_places_to_live(engine):
    at_mode(engine, champ="médico-social").submit(UNREAD)
    engine.submit("oui")
    assert engine.prompt() == "Y viennent-ils seulement pour la nuit, en repartant le matin ?"
    assert [proposal.code for proposal in engine.submit("non").proposals] == ["46"]


def test_dont_know_offers_the_usual_modes_and_the_choice_is_learnt(engine):
    at_mode(engine).submit(UNREAD)
    reply = engine.submit("je ne sais pas")
    assert reply.kind == "proposals" and reply.to_choose and "les plus courantes" in reply.message
    assert [proposal.code for proposal in reply.proposals][:3] == ["28", "29", "34"]
    engine.confirm([2])
    assert engine.unit.mode_prise_en_charge.code == "29"
    engine.goto("mode")
    assert engine.submit(UNREAD).proposals[0].code == "29"


def test_back_goes_up_the_guide_then_to_the_question(engine):
    at_mode(engine).submit(UNREAD)
    engine.submit("non")
    assert engine.prompt() == "Les patients viennent-ils en personne dans l'unité ?"
    engine.back()
    assert engine.prompt().startswith("Les patients dorment-ils")
    reply = engine.back()
    assert not engine.guiding and engine.question.id == "mode" and "Retour à la question" in reply.message


def test_a_hesitation_offers_the_guide_and_a_question_mark_starts_it(engine):
    reply = at_mode(engine).submit("hospitalisation")
    assert reply.kind == "proposals" and "tapez « ? »" in reply.message
    reply = engine.submit("?")
    assert engine.guiding and reply.message.startswith("Quelques questions pour le trouver")
    assert engine.prompt().startswith("Les patients dorment-ils")


def test_words_typed_during_the_guide_are_a_new_answer(engine):
    at_mode(engine).submit(UNREAD)
    reply = engine.submit("hôpital de jour")
    assert not engine.guiding and reply.kind == "proposals" and reply.proposals[0].code == "29"
    assert not reply.to_choose
    at_mode(engine).submit(UNREAD)
    assert engine.submit("").kind == "invalid" and engine.guiding


def test_the_guide_is_not_saved_and_a_resumed_interview_asks_the_question_again(db, engine, unit_id):
    at_mode(engine).submit(UNREAD)
    engine.submit("non")
    resumed = Interview.open(db, unit_id, USER, matcher=engine.matcher)
    assert resumed.question.id == "mode" and not resumed.guiding
    assert resumed.prompt().startswith("Comment les patients sont-ils pris en charge")


def paths(question, outcome="", asked=()):
    """Every way through a guide: (questions asked, codes found)."""
    outcome = outcome or question.guide[0].id
    if not isinstance(outcome, str):
        yield asked, outcome
        return
    for yes in (True, False):
        yield from paths(question, guide.follow(question, outcome, yes), (*asked, outcome))


def test_every_way_through_the_bundled_guide_ends_on_active_modes_within_six_questions():
    question = bundled_dialog().question("mode")
    catalog = load_catalog()
    active = {concept.code for concept in catalog.active_concepts(catalog.value_set_for(question.attribute).id)}
    found = list(paths(question))
    assert all(len(asked) <= 6 and set(codes) <= active for asked, codes in found)
    first = {codes[0] for _, codes in found}
    assert {"28", "29", "30", "34", "13", "09", "31", "32", "33", "46", "47", "48", "52", "11"} <= first
    assert {step.id for asked, _ in found for step_id in asked for step in question.guide if step.id == step_id} \
        == {step.id for step in question.guide}  # no step is unreachable


GUIDED = """\
id: essai
title: Essai
questions:
  - id: champ
    title: Champ
    kind: coded
    attribute: champActivite
    field: champ
    text: Champ ?
    help: Un seul champ.
  - id: mode
    title: Mode
    kind: coded
    attribute: modePriseEnCharge
    field: mode
    text: Mode ?
    help: Un seul mode.
    guide:
      - id: nuit
        ask: La nuit ?
        if_yes: jour
        if_no: ["32"]
      - id: jour
        ask: Le jour aussi ?
        no_when:
          - question: champ
            codes: ["01"]
        if_yes: ["28"]
        if_no: ["30"]
"""


def load(tmp_path: Path, text: str):
    catalog = load_catalog()

    def codes(attribute: str) -> set[str]:
        return {concept.code for concept in catalog.active_concepts(catalog.value_set_for(attribute).id)}

    path = tmp_path / "dialogue.yaml"
    path.write_text(text, encoding="utf-8")
    return load_dialog(path, {binding.attribute for binding in catalog.bindings}, FIELDS, codes)


@pytest.mark.parametrize(("change", "line", "problem"), [
    (("if_yes: jour", "if_yes: nuit"), 21, "n'est pas une étape écrite après « nuit »"),
    (("if_yes: jour", "if_yes: soir"), 21, "n'est pas une étape écrite après « nuit »"),
    (("if_yes: jour", 'if_yes: ["31"]'), 23, "aucune étape ne mène à « jour »"),
    (('if_no: ["32"]', 'if_no: ["99"]'), 22, "« 99 » n'est pas un code actif"),
    (("- question: champ", "- question: mode"), 26, "n'est pas une question précédente"),
    (('if_no: ["30"]', "if_no: []"), 23, "au moins un code"),
])
def test_a_broken_guide_names_the_line_and_the_fix(tmp_path, change, line, problem):
    with pytest.raises(DataFileError) as caught:
        load(tmp_path, GUIDED.replace(*change, 1))
    assert caught.value.line == line and problem in str(caught.value), str(caught.value)
    assert "dialogue.yaml" in str(caught.value)


def test_a_guide_only_goes_with_a_coded_question(tmp_path):
    text = GUIDED.replace("    kind: coded\n    attribute: modePriseEnCharge\n    field: mode\n",
                          "    kind: yes_no\n    attribute: uniteSensible\n")
    with pytest.raises(DataFileError) as caught:
        load(tmp_path, text)
    assert "guide" in str(caught.value)
    assert load(tmp_path, GUIDED).question("mode").guide[1].no_when[0].codes == ["01"]
