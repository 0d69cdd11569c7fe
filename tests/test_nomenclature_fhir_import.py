"""Reading ANS FHIR releases (CodeSystem, ValueSet, Bundle) built from the bundled codes."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from ror_assistant.errors import DataFileError
from ror_assistant.nomenclature import Catalog, CodeTable, ValueSet, load_catalog
from ror_assistant.nomenclature.fhir_import import canonical_id, parse_release_files
from ror_assistant.nomenclature.releases import diff_release

FIXTURES = Path(__file__).parent / "data" / "fhir"
R213_NEXT = FIXTURES / "TRE_R213-ModePriseEnCharge-20261001120000.json"
J19_NEXT = FIXTURES / "JDV_J19-ModePriseEnCharge-ROR-20261001120000.json"
J19_2023 = FIXTURES / "JDV_J19-ModePriseEnCharge-ROR-20230127120000.json"
BUNDLE = FIXTURES / "Bundle-ModePriseEnCharge-20261001120000.json"


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog()


def parse(catalog: Catalog, *paths: Path):
    return parse_release_files(list(paths), catalog.tables, tuple(catalog.value_sets))


def write(tmp_path: Path, name: str, data: Any) -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def load(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))


# -- identifiers ----------------------------------------------------------------------------------
@pytest.mark.parametrize(("url", "name", "ident", "expected"), [
    ("https://mos.esante.gouv.fr/NOS/TRE_R211-ActiviteOperationnelle/FHIR/TRE-R211-ActiviteOperationnelle",
     None, None, "TRE_R211-ActiviteOperationnelle"),
    (None, "JDV_J17_ActiviteOperationnelle_ROR", None, "JDV_J17-ActiviteOperationnelle-ROR"),
    (None, None, "JDV-J19-ModePriseEnCharge-ROR", "JDV_J19-ModePriseEnCharge-ROR"),
    ("http://example.org/CodeSystem/other", "Other", None, None),
])
def test_canonical_id(url, name, ident, expected) -> None:
    assert canonical_id(url, name, ident) == expected


def test_known_spelling_wins(catalog: Catalog) -> None:
    assert canonical_id(None, "TRE_R211_Activite_Operationnelle", known=tuple(catalog.tables)) == \
        "TRE_R211-ActiviteOperationnelle"


# -- CodeSystem (SMT export shape) -----------------------------------------------------------------
def test_code_system_maps_status_dates_and_short_label(catalog: Catalog) -> None:
    batch = parse(catalog, R213_NEXT)
    [release] = batch.releases
    table = release.resource
    assert isinstance(table, CodeTable)
    assert (release.kind, table.id, table.version, table.date) == (
        "code_system", "TRE_R213-ModePriseEnCharge", "20261001120000", "2026-10-01")
    assert len(table.concepts) == 58
    # Every code the test release did not change reads back exactly as the bundled CSV has it.
    bundled = catalog.table("R213").concepts
    for code, concept in table.concepts.items():
        if code != "13":
            assert concept == bundled[code], code
    thirteen = table.concepts["13"]
    assert (thirteen.status, thirteen.date_fin, thirteen.libelle_court) == (
        "deprecated", date(2026, 10, 1), "Hosp courte durée (UHCD)")


def test_value_set_from_compose(catalog: Catalog) -> None:
    [release] = parse(catalog, J19_NEXT).releases
    value_set = release.resource
    assert isinstance(value_set, ValueSet)
    assert value_set.id == "JDV_J19-ModePriseEnCharge-ROR"
    assert len(value_set.members) == 35
    assert value_set.member("13") is None
    assert value_set.member("29").display == "Hospitalisation de jour (HJ)"
    assert {member.system for member in value_set.members} == {"TRE_R213-ModePriseEnCharge"}


def test_ig_nos_value_set_shape(catalog: Catalog) -> None:
    """The older IG-NOS export: OID designations, name with '-'. Real J19 of 2023-01-27."""
    [release] = parse(catalog, J19_2023).releases
    value_set = release.resource
    assert (value_set.version, value_set.date, len(value_set.members)) == ("20230127120000", "2023-01-27", 37)
    assert value_set.member("14").display == "Hospitalisation kangourou"
    assert value_set.member("32").display == "Consultation (CS)"


def test_bundle_and_duplicate_files_count_once(catalog: Catalog) -> None:
    batch = parse(catalog, BUNDLE, R213_NEXT, J19_NEXT)
    assert sorted((item.resource.id, item.resource.version) for item in batch.releases) == [
        ("JDV_J19-ModePriseEnCharge-ROR", "20261001120000"), ("TRE_R213-ModePriseEnCharge", "20261001120000")]
    assert all(item.origin.startswith(BUNDLE.name) for item in batch.releases)


def test_bundle_entries_of_other_types_are_reported(catalog: Catalog, tmp_path: Path) -> None:
    bundle = load(BUNDLE)
    bundle["entry"].append({"resource": {"resourceType": "ConceptMap", "id": "ASS-A14-FamilleActivite-ActiviteOperationnelle"}})
    batch = parse(catalog, write(tmp_path, "bundle.json", bundle))
    assert [(item.resource_type, item.origin) for item in batch.skipped] == [("ConceptMap", "bundle.json, entry[2]")]


def test_value_set_from_expansion(catalog: Catalog, tmp_path: Path) -> None:
    data = load(J19_NEXT)
    include = data.pop("compose")["include"][0]
    data["expansion"] = {"total": len(include["concept"]), "contains": [
        {"system": include["system"], "code": item["code"], "display": item["display"]} for item in include["concept"]]}
    [release] = parse(catalog, write(tmp_path, "j19-expansion.json", data)).releases
    assert [member.code for member in release.resource.members] == \
        [member.code for member in parse(catalog, J19_NEXT).releases[0].resource.members]


def test_value_set_including_a_whole_table_takes_its_active_codes(catalog: Catalog, tmp_path: Path) -> None:
    data = load(J19_NEXT)
    del data["compose"]["include"][0]["concept"]
    [release] = parse(catalog, write(tmp_path, "j19-all.json", data)).releases
    assert len(release.resource.members) == 36  # active R213 codes of the bundled version


def test_value_set_labels_come_from_a_table_of_the_same_batch(catalog: Catalog, tmp_path: Path) -> None:
    data = load(J19_NEXT)
    for concept in data["compose"]["include"][0]["concept"]:
        del concept["display"]
    batch = parse(catalog, write(tmp_path, "j19-nodisplay.json", data), R213_NEXT)
    value_set = next(item.resource for item in batch.releases if item.kind == "value_set")
    assert value_set.member("29").display == "Hospitalisation de jour (HJ)"


# -- diffs ---------------------------------------------------------------------------------------
def test_diff_of_the_test_release(catalog: Catalog) -> None:
    table = parse(catalog, R213_NEXT).releases[0].resource
    diff = diff_release(catalog.table("R213"), table)
    assert [(change.code, change.detail) for change in diff.deprecated] == [("13", "01/10/2026")]
    assert [change.code for change in diff.removed] == ["03"]
    assert not (diff.added or diff.reactivated or diff.relabelled)


def test_diff_of_an_older_value_set(catalog: Catalog) -> None:
    old = parse(catalog, J19_2023).releases[0].resource
    diff = diff_release(old, catalog.value_set("J19"))
    assert [change.code for change in diff.removed] == ["14"]
    assert {(change.code, change.detail) for change in diff.relabelled} == {
        ("27", "Télémédecine"), ("32", "Consultation (CS)"), ("58", "Coordination de parcours")}


# -- errors: file named, JSON path given, nothing returned -------------------------------------------
def _broken(tmp_path: Path, change) -> Path:
    data = load(R213_NEXT)
    change(data)
    return write(tmp_path, "TRE_R213-casse.json", data)


@pytest.mark.parametrize(("change", "expected"), [
    (lambda data: data["concept"][4].pop("code"), "concept[4].code"),
    (lambda data: data.pop("version"), "« version » est obligatoire"),
    (lambda data: data["concept"][2]["property"].__setitem__(0, {"code": "dateValid", "valueDateTime": "04/05/2015"}),
     "concept[2].property[0].valueDateTime"),
    (lambda data: data["concept"][0]["property"][-1].__setitem__("valueCode", "obsolete"),
     "statut inconnu « obsolete »"),
    (lambda data: data["concept"][1].__setitem__("code", "01"), "le code « 01 » apparaît deux fois"),
    (lambda data: data["concept"][5].pop("display"), "concept[5].display"),
    (lambda data: data.update(url="http://example.org/x", name="Autre", id="autre"), "n'est pas une table NOS"),
    (lambda data: data.update(concept=[], content="not-present"), "ne contient aucun concept"),
])
def test_bad_code_system_names_file_and_json_path(catalog: Catalog, tmp_path: Path, change, expected: str) -> None:
    path = _broken(tmp_path, change)
    with pytest.raises(DataFileError) as error:
        parse(catalog, R213_NEXT, path)
    assert error.value.path == path
    assert expected in str(error.value)


def test_invalid_json_gives_the_line(catalog: Catalog, tmp_path: Path) -> None:
    path = tmp_path / "tronque.json"
    path.write_text(R213_NEXT.read_text(encoding="utf-8")[:5000], encoding="utf-8")
    with pytest.raises(DataFileError) as error:
        parse(catalog, path)
    assert error.value.line is not None and error.value.line > 100
    assert "JSON invalide" in error.value.problem


def test_not_a_fhir_resource(catalog: Catalog, tmp_path: Path) -> None:
    with pytest.raises(DataFileError, match="pas une ressource FHIR"):
        parse(catalog, write(tmp_path, "liste.json", [1, 2]))
    with pytest.raises(DataFileError, match="non pris en charge « ConceptMap »"):
        parse(catalog, write(tmp_path, "map.json", {"resourceType": "ConceptMap", "version": "1"}))


def test_value_set_with_a_filter_is_refused(catalog: Catalog, tmp_path: Path) -> None:
    data = load(J19_NEXT)
    data["compose"]["include"][0] = {"system": data["compose"]["include"][0]["system"],
                                     "filter": [{"property": "status", "op": "=", "value": "active"}]}
    with pytest.raises(DataFileError, match=r"filtre.*compose\.include\[0\]"):
        parse(catalog, write(tmp_path, "filtre.json", data))


def test_incomplete_expansion_is_refused(catalog: Catalog, tmp_path: Path) -> None:
    data = load(J19_NEXT)
    include = data.pop("compose")["include"][0]
    data["expansion"] = {"total": 200, "contains": [{"system": include["system"], **item} for item in include["concept"]]}
    with pytest.raises(DataFileError, match="incomplète"):
        parse(catalog, write(tmp_path, "page1.json", data))


def test_same_version_with_two_contents_is_refused(catalog: Catalog, tmp_path: Path) -> None:
    data = load(J19_NEXT)
    data["compose"]["include"][0]["concept"].pop()
    with pytest.raises(DataFileError, match="contenu différent"):
        parse(catalog, J19_NEXT, write(tmp_path, "j19-modifie.json", data))
