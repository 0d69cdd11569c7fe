"""Importing releases into a real SQLite database: recorded beside the old ones, impact listed,
idempotent, all or nothing; and the catalog the application then works with."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from sqlmodel import select

from ror_assistant.description import CodedAnswer
from ror_assistant.errors import DataFileError
from ror_assistant.nomenclature import load_catalog
from ror_assistant.nomenclature.releases import import_releases, load_catalog_with_releases
from ror_assistant.storage import add_coded, create_eg, create_ej, create_unit, open_database, set_coded
from ror_assistant.storage.db import Database
from ror_assistant.storage.models import AuditEntry, CodedValue, NomenclatureRelease

FIXTURES = Path(__file__).parent / "data" / "fhir"
R213_NEXT = FIXTURES / "TRE_R213-ModePriseEnCharge-20261001120000.json"
J19_NEXT = FIXTURES / "JDV_J19-ModePriseEnCharge-ROR-20261001120000.json"
J19_2023 = FIXTURES / "JDV_J19-ModePriseEnCharge-ROR-20230127120000.json"
BUNDLE = FIXTURES / "Bundle-ModePriseEnCharge-20261001120000.json"
J19 = "JDV_J19-ModePriseEnCharge-ROR"


@pytest.fixture
def database(tmp_path: Path):
    database = open_database(f"sqlite:///{tmp_path / 'ror.sqlite3'}")
    yield database
    database.dispose()


def _answer(attribute: str, code: str, value_set: str, label: str) -> CodedAnswer:
    return CodedAnswer(attribute=attribute, code=code, value_set=value_set, label=label, chosen_how="code")


@pytest.fixture
def units(database: Database) -> dict[str, int]:
    """Three units: one in UHCD (13, deprecated by the test release), one in HDJ (29, kept),
    one with an activité opérationnelle (not touched by an R213 release)."""
    with database.write("marie") as session:
        ej = create_ej(session, "marie", "750000001", "CH de test")
        eg = create_eg(session, "marie", ej.id, "750000002", "Site principal")
        uhcd = create_unit(session, "marie", eg.id, "UHCD adultes")
        hdj = create_unit(session, "marie", eg.id, "HDJ oncologie")
        set_coded(session, "marie", uhcd.id, _answer("modePriseEnCharge", "13", J19, "Hospitalisation courte durée (UHCD)"),
                  expected=None)
        set_coded(session, "marie", hdj.id, _answer("modePriseEnCharge", "29", J19, "Hospitalisation de jour (HJ)"),
                  expected=None)
        add_coded(session, "marie", hdj.id, _answer("activiteOperationnelle", "102", "JDV_J17-ActiviteOperationnelle-ROR",
                                                    "Oncologie médicale (cancérologie)"))
        return {"uhcd": uhcd.id, "hdj": hdj.id}


def _rows(database: Database) -> list[tuple]:
    """(resource_id, kind, version, date, imported_by, payload) of every recorded release, in import order."""
    with database.read() as session:
        rows = session.exec(select(NomenclatureRelease).order_by(NomenclatureRelease.id)).all()
        return [(row.resource_id, row.kind, row.version, row.date, row.imported_by, row.payload) for row in rows]


def test_new_release_is_recorded_beside_the_bundled_one(database: Database, units: dict[str, int]) -> None:
    report = import_releases(database, [BUNDLE], "paul")
    assert report.recorded == 2
    assert [(outcome.release.resource.id, outcome.outcome, outcome.current_version) for outcome in report.outcomes] == [
        (J19, "nouvelle", "20260330120000"), ("TRE_R213-ModePriseEnCharge", "nouvelle", "20260330120000")]
    rows = _rows(database)
    assert [row[:5] for row in rows] == [
        (J19, "value_set", "20261001120000", date(2026, 10, 1), "paul"),
        ("TRE_R213-ModePriseEnCharge", "code_system", "20261001120000", date(2026, 10, 1), "paul")]
    assert json.loads(rows[1][5])["concepts"]["13"]["status"] == "deprecated"
    with database.read() as session:
        audit = {(entry.user, entry.action)
                 for entry in session.exec(select(AuditEntry).where(AuditEntry.entity == "nomenclature_release"))}
        catalog = load_catalog_with_releases(session)
    assert audit == {("paul", "import")}
    # newest version in service, bundled one kept in history
    assert catalog.table("R213").version == "20261001120000"
    assert [version.version for version in catalog.all_versions("R213")] == ["20260330120000", "20261001120000"]
    assert not catalog.is_active_member(J19, "13")
    assert catalog.resolve(J19, "13").date_fin == date(2026, 10, 1)  # still readable, with its end date
    assert load_catalog().table("R213").version == "20260330120000"  # the bundled catalog is untouched


def test_impact_lists_answers_whose_code_is_deprecated(database: Database, units: dict[str, int]) -> None:
    report = import_releases(database, [R213_NEXT, J19_NEXT], "paul")
    assert [(answer.unit_id, answer.unit_name, answer.attribute, answer.code, answer.value_set)
            for answer in report.impacted] == [(units["uhcd"], "UHCD adultes", "modePriseEnCharge", "13", J19)]
    assert report.impacted[0].label == "Hospitalisation courte durée (UHCD)"
    assert report.impacted[0].reason == "code retiré du jeu de valeurs J19 v20261001120000"
    with database.read() as session:  # the stored answer itself is left as it was
        codes = {(row.unit_id, row.code) for row in session.exec(select(CodedValue)).all()}
    assert (units["uhcd"], "13") in codes


def test_table_release_alone_reports_the_deprecation_date(database: Database, units: dict[str, int]) -> None:
    report = import_releases(database, [R213_NEXT], "paul")
    assert [(answer.code, answer.reason) for answer in report.impacted] == [("13", "code obsolète depuis le 01/10/2026")]


def test_dry_run_writes_nothing(database: Database, units: dict[str, int]) -> None:
    report = import_releases(database, [BUNDLE], "paul", dry_run=True)
    assert report.recorded == 0
    assert len(report.impacted) == 1
    assert _rows(database) == []


def test_importing_the_same_version_twice_is_idempotent(database: Database, units: dict[str, int]) -> None:
    import_releases(database, [BUNDLE], "paul")
    again = import_releases(database, [R213_NEXT, J19_NEXT], "marie")
    assert again.recorded == 0
    assert {outcome.outcome for outcome in again.outcomes} == {"déjà importée"}
    assert again.impacted == []
    assert len(_rows(database)) == 2


def test_same_version_with_another_content_is_refused(database: Database, tmp_path: Path) -> None:
    import_releases(database, [J19_NEXT], "paul")
    data = json.loads(J19_NEXT.read_text(encoding="utf-8"))
    data["compose"]["include"][0]["concept"][0]["display"] = "Autre libellé"
    changed = tmp_path / "j19.json"
    changed.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(DataFileError, match="déjà importée, avec un contenu différent"):
        import_releases(database, [changed], "paul")


def test_one_bad_file_means_nothing_is_recorded(database: Database, tmp_path: Path) -> None:
    broken = tmp_path / "casse.json"
    broken.write_text('{"resourceType": "ValueSet", "version": "1"', encoding="utf-8")
    with pytest.raises(DataFileError):
        import_releases(database, [R213_NEXT, broken], "paul")
    assert _rows(database) == []


def test_bundled_version_is_not_recorded_again(database: Database, tmp_path: Path) -> None:
    data = json.loads(J19_NEXT.read_text(encoding="utf-8"))
    data.update(version="20260330120000", date="2026-03-30T12:00:00+01:00")
    same = tmp_path / "j19-bundled.json"
    same.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    report = import_releases(database, [same], "paul")
    assert [outcome.outcome for outcome in report.outcomes] == ["déjà fournie"]
    assert _rows(database) == []


def test_older_release_goes_to_history(database: Database, units: dict[str, int]) -> None:
    report = import_releases(database, [J19_2023], "paul")
    assert [outcome.outcome for outcome in report.outcomes] == ["ancienne"]
    assert report.recorded == 1 and report.impacted == []
    with database.read() as session:
        catalog = load_catalog_with_releases(session)
    assert catalog.value_set("J19").version == "20260330120000"  # still the bundled one in service
    assert [version.version for version in catalog.all_versions("J19")] == ["20230127120000", "20260330120000"]


def test_releases_are_ordered_by_date_whatever_the_import_order(database: Database) -> None:
    import_releases(database, [J19_NEXT], "paul")
    import_releases(database, [J19_2023], "paul")
    with database.read() as session:
        catalog = load_catalog_with_releases(session)
    assert [version.version for version in catalog.all_versions(J19)] == [
        "20230127120000", "20260330120000", "20261001120000"]
    assert catalog.value_set(J19).version == "20261001120000"
