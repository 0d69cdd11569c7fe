"""The JSON export: content of a finished unit, schema kept in step with its documentation,
atomic writing."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from ror_assistant.exchange.export_json import (
    SCHEMA_VERSION,
    Export,
    build_export,
    export_schema,
    write_atomically,
)
from ror_assistant.nomenclature import load_catalog
from ror_assistant.storage import unit_description
from test_interview_fixtures import (  # noqa: F401  (fixtures)
    ONCOLOGY_SCRIPT,
    feed,
    db,
    db_url,
    engine,
    matcher,
    unit_id,
)

DOC = Path(__file__).resolve().parent.parent / "docs" / "export-schema.md"


def test_finished_unit_is_exported_with_labels_value_sets_and_flags(db, engine, unit_id):
    feed(engine, ONCOLOGY_SCRIPT)
    with db.read() as session:
        exported = build_export([unit_description(session, unit_id)], load_catalog())
    data = json.loads(exported.model_dump_json())
    assert data["schema_version"] == SCHEMA_VERSION
    [unit] = data["unites"]
    assert unit["mode_prise_en_charge"] | {"version_jeu_de_valeurs": "…"} == {
        "attribut": "modePriseEnCharge", "code": "29", "libelle": "Hospitalisation de jour (HJ)",
        "jeu_de_valeurs": "JDV_J19-ModePriseEnCharge-ROR", "version_jeu_de_valeurs": "…",
        "texte_saisi": "Hôpital de jour d'oncologie pour adultes", "origine": "proposition",
        "valide": True, "obsolete": False}
    assert unit["activites_operationnelles"][0]["texte_saisi"] == "chimiothérapie"
    telecom = unit["contacts"][0]["telecoms"][0]
    assert telecom["canal"]["libelle"] == "Téléphone fixe" and telecom["confidentialite"]["code"] == "1"
    assert unit["contacts"][0]["nature"]["attribut"] == "natureContact"
    assert unit["peuplement"]["statut"] == "Finalisé"
    assert [(h["jour"], h["libelle_jour"], h["debut"], h["fin"]) for h in unit["horaires"]] == [
        (day, name, "08:30", "17:00") for day, name in enumerate(["lundi", "mardi", "mercredi", "jeudi", "vendredi"], 1)]
    assert unit["horaires"][0]["type_plage"] == "02"
    assert unit["horaires"][0]["libelle_type_plage"] == "Horaire de fonctionnement"
    Export.model_validate(data)


def test_documented_schema_is_the_generated_one():
    text = DOC.read_text(encoding="utf-8")
    documented = text.split("<!-- schema:start -->\n```json\n", 1)[1].split("\n```\n<!-- schema:end -->", 1)[0]
    assert json.loads(documented) == export_schema(), "regenerate docs/export-schema.md (see its JSON Schema section)"
    assert f"currently **{SCHEMA_VERSION}**" in text


def test_a_1_0_file_without_horaires_still_validates(db, engine, unit_id):
    with db.read() as session:
        data = json.loads(build_export([unit_description(session, unit_id)], load_catalog()).model_dump_json())
    del data["unites"][0]["horaires"]
    assert Export.model_validate(data).unites[0].horaires == []


def test_atomic_write_replaces_the_file_and_leaves_no_temporary(tmp_path):
    target = tmp_path / "export.json"
    target.write_text("ancien", encoding="utf-8")
    write_atomically(target, '{"nouveau": true}\n')
    assert json.loads(target.read_text(encoding="utf-8")) == {"nouveau": True}
    assert os.listdir(tmp_path) == ["export.json"]


def test_failed_write_keeps_the_old_file(tmp_path):
    target = tmp_path / "export.json"
    target.write_text("ancien", encoding="utf-8")
    with pytest.raises(TypeError):  # the write fails half-way: not a string
        write_atomically(target, 42)  # type: ignore[arg-type]
    assert target.read_text(encoding="utf-8") == "ancien"
    assert os.listdir(tmp_path) == ["export.json"]
