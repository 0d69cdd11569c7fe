"""``ror-assistant nomenclatures …`` on the bundled data and on a real SQLite file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ror_assistant.cli import main
from ror_assistant.description import CodedAnswer
from ror_assistant.storage import create_eg, create_ej, create_unit, open_database, set_coded

FIXTURES = Path(__file__).parent / "data" / "fhir"
BUNDLE = FIXTURES / "Bundle-ModePriseEnCharge-20261001120000.json"


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("COLUMNS", "80")
    return f"sqlite:///{tmp_path / 'ror.sqlite3'}"


def run(capsys: pytest.CaptureFixture[str], db: str, *args: str) -> tuple[int, str, str]:
    code = main(["--db", db, "--user", "paul", "nomenclatures", *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def assert_fits_80_columns(text: str) -> None:
    assert max(len(line) for line in text.splitlines()) <= 80


def test_list(capsys, db: str) -> None:
    code, out, _ = run(capsys, db, "list")
    assert code == 0
    assert_fits_80_columns(out)
    r211 = next(line for line in out.splitlines() if line.startswith("R211 "))
    assert r211.split()[1:] == ["ActiviteOperationnelle", "20260601120000", "01/06/2026", "549", "80"]
    assert "Jeux de valeurs ROR (JDV) : 23" in out
    assert not (Path(db.removeprefix("sqlite:///"))).exists()  # looking creates no database


def test_list_json(capsys, db: str) -> None:
    code, out, _ = run(capsys, db, "list", "--json")
    entries = {entry["id"]: entry for entry in json.loads(out)}
    assert code == 0
    assert entries["TRE_R213-ModePriseEnCharge"] | {} == {
        "id": "TRE_R213-ModePriseEnCharge", "kind": "code_system", "version": "20260330120000", "date": "2026-03-30",
        "active": 36, "deprecated": 23, "versions": 1}
    assert entries["JDV_J17-ActiviteOperationnelle-ROR"]["active"] == 548


def test_show_by_short_id_marks_deprecated_codes_with_their_end_date(capsys, db: str) -> None:
    code, out, _ = run(capsys, db, "show", "R213")
    assert code == 0
    assert_fits_80_columns(out)
    assert "Codes actifs : 36" in out and "Codes obsolètes : 23" in out
    deprecated_part = out.split("Codes obsolètes")[1]
    kangourou = next(line for line in deprecated_part.splitlines() if line.startswith("14 "))
    assert "Hospitalisation kangourou" in kangourou and kangourou.endswith("22/12/2025")


@pytest.mark.parametrize(("flag", "present", "absent"), [("--active", "Codes actifs", "Codes obsolètes"),
                                                         ("--deprecated", "Codes obsolètes", "Codes actifs")])
def test_show_filters(capsys, db: str, flag: str, present: str, absent: str) -> None:
    _, out, _ = run(capsys, db, "show", "J19", flag)
    assert present in out and absent not in out


def test_show_json_for_a_value_set(capsys, db: str) -> None:
    _, out, _ = run(capsys, db, "show", "JDV_J17-ActiviteOperationnelle-ROR", "--json")
    data = json.loads(out)
    assert len(data["active"]) == 548 and len(data["deprecated"]) == 80
    assert {"code": "002", "libelle": "Addictologie sans précision", "table": "TRE_R211-ActiviteOperationnelle",
            "status": "deprecated", "date_debut": "2015-04-08", "date_fin": "2019-07-05"} in data["deprecated"]


def test_search_shows_mode_de_prise_en_charge_29_with_its_value_set(capsys, db: str) -> None:
    code, out, _ = run(capsys, db, "search", "hospitalisation de jour")
    assert code == 0
    assert_fits_80_columns(out)
    assert out.splitlines()[1].split()[:2] == ["J19", "29"]
    assert "Hospitalisation de jour (HJ)" in out
    assert "J19 = JDV_J19-ModePriseEnCharge-ROR (modePriseEnCharge)" in out


def test_search_without_result(capsys, db: str) -> None:
    code, out, _ = run(capsys, db, "search", "zzzz introuvable")
    assert code == 0 and "Aucun code" in out


@pytest.mark.parametrize("action", ["show", "versions"])
def test_unknown_table_is_one_french_message_and_exit_2(capsys, db: str, action: str) -> None:
    code, out, err = run(capsys, db, action, "R999")
    assert code == 2
    assert out == ""
    assert err.startswith("Erreur : Table ou jeu de valeurs inconnu : « R999 ».")
    assert "Traceback" not in err


def _unit_in_uhcd(db: str) -> None:
    database = open_database(db)
    try:
        with database.write("marie") as session:
            ej = create_ej(session, "marie", "750000001", "CH de test")
            eg = create_eg(session, "marie", ej.id, "750000002", "Site principal")
            unit = create_unit(session, "marie", eg.id, "UHCD adultes")
            set_coded(session, "marie", unit.id, CodedAnswer(attribute="modePriseEnCharge", code="13",
                                                             value_set="JDV_J19-ModePriseEnCharge-ROR"), expected=None)
    finally:
        database.dispose()


def test_import_prints_changes_and_impact_then_versions(capsys, db: str) -> None:
    _unit_in_uhcd(db)
    code, out, _ = run(capsys, db, "import", str(BUNDLE))
    assert code == 0
    assert ("TRE_R213-ModePriseEnCharge 20260330120000 → 20261001120000\n"
            f"  fichier : {BUNDLE.name}, entry[0]\n  nouvelle version, mise en service") in out
    assert_fits_80_columns(out)
    assert "1 code devenu obsolète :\n    13  Hospitalisation courte durée (UHCD) (obsolète le 01/10/2026)" in out
    assert "1 code supprimé :\n    03  Centre autre (médecine du travail,...)" in out
    assert "Réponses enregistrées concernées : 1" in out
    impact = next(line for line in out.splitlines() if line.startswith("UHCD adultes"))
    assert impact.split()[2:4] == ["modePriseEnCharge", "13"]
    assert "2 versions enregistrées" in out

    code, out, _ = run(capsys, db, "versions", "R213")
    assert code == 0
    assert_fits_80_columns(out)
    lines = out.splitlines()
    assert lines[2].startswith("20260330120000") and "fournie avec l'application" in lines[2]
    assert lines[3].startswith("20261001120000") and "par paul — en service" in lines[3]

    code, out, _ = run(capsys, db, "import", str(BUNDLE))
    assert code == 0 and "déjà importée" in out and "Rien de nouveau à enregistrer." in out


def test_import_dry_run(capsys, db: str) -> None:
    code, out, _ = run(capsys, db, "import", "--dry-run", str(BUNDLE))
    assert code == 0 and "Simulation : rien n'a été enregistré." in out
    _, out, _ = run(capsys, db, "versions", "R213", "--json")
    assert [version["version"] for version in json.loads(out)["versions"]] == ["20260330120000"]


def test_import_of_a_bad_file_exits_2_naming_the_file(capsys, db: str, tmp_path: Path) -> None:
    bad = tmp_path / "R213.json"
    bad.write_text('{"resourceType": "CodeSystem", "url": "https://mos.esante.gouv.fr/NOS/TRE_R213-X/FHIR/X"}',
                   encoding="utf-8")
    code, out, err = run(capsys, db, "import", str(BUNDLE), str(bad))
    assert code == 2
    assert f"Fichier {bad}" in err and "« version » est obligatoire" in err
    _, out, _ = run(capsys, db, "versions", "J19", "--json")
    assert len(json.loads(out)["versions"]) == 1  # the good file was not recorded either
