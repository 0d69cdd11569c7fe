"""The interview as data: the bundled dialog loads, and a broken one names file, line and fault."""

from __future__ import annotations

from pathlib import Path

import pytest

from ror_assistant.errors import DataFileError
from ror_assistant.interview import bundled_dialog, load_dialog
from ror_assistant.matching import FIELDS
from ror_assistant.nomenclature import load_catalog

ATTRIBUTES = {binding.attribute for binding in load_catalog().bindings}

GOOD = """\
id: essai
title: Essai
questions:
  - id: champ
    title: Champ
    kind: coded
    attribute: champActivite
    field: champ
    text: "Champ de {{ unit.nom }} ?"
    help: Un seul champ.
  - id: type_offre
    title: Type d'offre
    kind: coded
    attribute: typeOffre
    field: type_offre
    when:
      - question: champ
        codes: ["04"]
    text: Type d'offre ?
    help: Pour le médico-social.
"""


def load_text(tmp_path: Path, text: str):
    path = tmp_path / "dialogue.yaml"
    path.write_text(text, encoding="utf-8")
    return load_dialog(path, ATTRIBUTES, FIELDS)


def broken(tmp_path: Path, text: str) -> DataFileError:
    with pytest.raises(DataFileError) as caught:
        load_text(tmp_path, text)
    assert "dialogue.yaml" in str(caught.value)
    return caught.value


def test_bundled_dialog_loads_with_every_reference_checked():
    dialog = bundled_dialog()
    ids = [question.id for question in dialog.questions]
    assert ids[0] == "description" and dialog.questions[0].kind == "opening"
    assert {"champ", "mode", "activites", "patientele", "adresse", "contact_telecom", "contact_nature",
            "contact_confidentialite"} <= set(ids)
    for question in dialog.questions:
        assert question.help and question.title


def test_good_file_loads(tmp_path):
    dialog = load_text(tmp_path, GOOD)
    assert dialog.question("type_offre").when[0].codes == ["04"]


@pytest.mark.parametrize(("mistake", "replacement", "line", "words"), [
    ("kind: coded\n    attribute: champActivite", "kind: codé\n    attribute: champActivite", 6, "kind"),
    ("attribute: typeOffre", "attribute: typeDOffre", 14, "attribut ROR inconnu « typeDOffre »"),
    ("field: type_offre", "field: typeoffre", 15, "champ de correspondance inconnu « typeoffre »"),
    ("question: champ", "question: mode", 17, "« mode », qui n'est pas une question précédente"),
    ('text: "Champ de {{ unit.nom }} ?"', 'text: "Champ de {{ unit.nom ?"', 9, "gabarit de question invalide"),
    ('text: "Champ de {{ unit.nom }} ?"', 'text: "Champ de {{ unite.nom }} ?"', 9, "noms inconnus : unite"),
    ("help: Un seul champ.", "help: Un seul champ.\n    couleur: rouge", 11, "« questions.0.couleur » n'est pas reconnu"),
    ("  - id: type_offre", "  - id: champ", 11, "« champ » est déjà utilisé"),
])
def test_mistakes_name_the_line_and_the_fault(tmp_path, mistake, replacement, line, words):
    assert mistake in GOOD
    error = broken(tmp_path, GOOD.replace(mistake, replacement, 1))
    assert error.line == line, str(error)
    assert words in str(error)


def test_yaml_syntax_error_names_the_line(tmp_path):
    error = broken(tmp_path, GOOD.replace("    help: Un seul champ.", "    help: [Un seul champ.", 1))
    assert error.line is not None and "syntaxe YAML" in str(error)


def test_missing_field_for_coded_question(tmp_path):
    error = broken(tmp_path, GOOD.replace("    field: champ\n", "", 1))
    assert error.line == 4 and "field" in str(error)


def test_choice_question_needs_a_coded_attribute(tmp_path):
    text = GOOD.replace("kind: coded\n    attribute: champActivite\n    field: champ",
                        "kind: choice\n    attribute: adresse", 1)
    error = broken(tmp_path, text)
    assert error.line == 7 and "attribut codé" in str(error)


def test_horaires_question_fills_the_horaire_attribute(tmp_path):
    question = ("\n  - id: horaires\n    title: Horaires\n    kind: horaires\n    attribute: horaire\n"
                "    required: false\n    text: Horaires ?\n    help: Les jours puis les heures.\n")
    assert load_text(tmp_path, GOOD + question).question("horaires").kind == "horaires"
    error = broken(tmp_path, GOOD + question.replace("attribute: horaire", "attribute: adresse"))
    assert error.line == 25 and "remplit l'attribut « horaire », pas « adresse »" in str(error)
    error = broken(tmp_path, GOOD + question.replace("kind: horaires", "kind: number"))
    assert error.line == 24 and "se remplit avec une question « horaires »" in str(error)
    error = broken(tmp_path, GOOD + question.replace("kind: horaires", "kind: horaire"))
    assert error.line == 24 and "kind" in str(error)


def test_bundled_horaires_question_comes_after_the_contact_and_before_the_lits():
    ids = [question.id for question in bundled_dialog().questions]
    assert ids.index("contact_confidentialite") < ids.index("horaires") < ids.index("lits") < ids.index("equipements")
    assert not bundled_dialog().question("horaires").required


def test_offered_codes_must_be_active_codes_of_the_question_s_value_set(tmp_path):
    catalog = load_catalog()

    def codes(attribute: str) -> set[str]:
        return {concept.code for concept in catalog.active_concepts(catalog.value_set_for(attribute).id)}

    path = tmp_path / "dialogue.yaml"
    path.write_text(GOOD.replace("    field: champ\n", '    field: champ\n    offer: ["01", "99"]\n', 1),
                    encoding="utf-8")
    with pytest.raises(DataFileError) as caught:
        load_dialog(path, ATTRIBUTES, FIELDS, codes)
    assert caught.value.line == 9 and "« 99 » n'est pas un code actif" in str(caught.value)
    path.write_text(GOOD.replace("    field: champ\n", '    field: champ\n    offer: ["01", "03"]\n', 1),
                    encoding="utf-8")
    assert load_dialog(path, ATTRIBUTES, FIELDS, codes).question("champ").offer == ["01", "03"]
    assert bundled_dialog().question("mode").offer[0] == "28"
