"""The bundled NOS data, checked against nomenclatures/nos/PROVENANCE.md, and its loader's errors."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from ror_assistant.errors import DataFileError, UserError
from ror_assistant.nomenclature import Catalog, load_catalog
from ror_assistant.nomenclature.catalog import load_from
from ror_assistant.paths import nomenclatures_dir


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog()


# -- counts (PROVENANCE.md, "Files" table) ----------------------------------------------------
@pytest.mark.parametrize(("table", "total", "active"), [
    ("TRE_R211-ActiviteOperationnelle", 629, 549),  # 617 from the TRE (537 active, 80 deprecated) + 618–629
    ("TRE_R213-ModePriseEnCharge", 59, 36),
    ("TRE_R227-ChampActivite", 6, 6),
    ("TRE_R239-PublicPrisEnCharge", 10, 10),
    ("TRE_R266-FamilleActiviteOperationnelleHorsSerafin", 4, 4),
    ("TRE_R286-TypeFermeture", 7, 7),
])
def test_table_counts(catalog: Catalog, table: str, total: int, active: int) -> None:
    loaded = catalog.table(table)
    assert len(loaded.concepts) == total
    assert loaded.active_count == active


def test_r211_splits_as_provenance_says(catalog: Catalog) -> None:
    concepts = catalog.table("R211").concepts
    from_tre = [concept for code, concept in concepts.items() if int(code) <= 617]
    assert len(from_tre) == 617
    assert sum(concept.active for concept in from_tre) == 537
    assert sum(not concept.active for concept in from_tre) == 80
    added = [concepts[f"{number:03d}"] for number in range(618, 630)]
    assert all(concept.active and concept.date_debut is None for concept in added)


@pytest.mark.parametrize(("value_set", "members"), [
    ("JDV_J17-ActiviteOperationnelle-ROR", 548), ("JDV_J16-ActeSpecifique-ROR", 1305),
    ("JDV_J18-EquipementSpecifique-ROR", 163), ("JDV_J19-ModePriseEnCharge-ROR", 36),
    ("JDV_J33-CompetenceSpecifique-ROR", 57), ("JDV_J34-CategorieOrganisation-ROR", 299),
    ("JDV_J35-SpecialisationDePriseEnCharge-ROR", 66), ("JDV_J238-TypeOffre-ROR", 273),
    ("JDV_J186-ProfessionRessource-ROR", 148), ("JDV_J55-CategorieEG-ROR", 181),
    ("JDV_J220-FonctionContact-ROR", 24), ("JDV_J221-NatureContact-ROR", 15), ("JDV_J222-NiveauConfidentialite-ROR", 3),
    ("JDV_J225-CanalCommunication-ROR", 9), ("JDV_J226-ModaliteAccueil-ROR", 12), ("JDV_J227-NiveauExpertise-ROR", 20),
    ("JDV_J30-TemporaliteAccueil-ROR", 2), ("JDV_J20-ChampActivite-ROR", 6), ("JDV_J29-PublicPrisEnCharge-ROR", 10),
    ("JDV_J26-ModeGestion-ROR", 2), ("JDV_J28-OuvertureAnnuelle-ROR", 5), ("JDV_J203-TypeOrganisationInterne-ROR", 6),
])
def test_value_set_counts(catalog: Catalog, value_set: str, members: int) -> None:
    assert len(catalog.value_set(value_set).members) == members


def test_j51_keeps_its_two_listed_codes_and_not_the_whole_table_row(catalog: Catalog) -> None:
    # The CSV has 3 rows; "*" stands for all of TRE_R265, which is not bundled.
    assert [member.code for member in catalog.value_set("J51").members] == ["01", "02"]


def test_manifest_versions_reach_the_catalog(catalog: Catalog) -> None:
    assert catalog.table("R211").version == "20260601120000"
    assert catalog.table("R211").date == "2026-06-01"
    assert catalog.value_set("J17").version == "20260629120000"


# -- deprecated codes are kept, with their end dates ------------------------------------------
def test_deprecated_codes_keep_their_end_date(catalog: Catalog) -> None:
    addictologie = catalog.concept("TRE_R211-ActiviteOperationnelle", "002")
    assert addictologie is not None
    assert addictologie.libelle == "Addictologie sans précision"
    assert (addictologie.status, addictologie.date_fin) == ("deprecated", date(2019, 7, 5))
    kangourou = catalog.concept("R213", "14")
    assert kangourou is not None
    assert (kangourou.libelle, kangourou.status, kangourou.date_fin) == (
        "Hospitalisation kangourou", "deprecated", date(2025, 12, 22))


def test_every_deprecated_r213_code_has_an_end_date(catalog: Catalog) -> None:
    deprecated = [concept for concept in catalog.table("R213").concepts.values() if not concept.active]
    assert len(deprecated) == 23
    assert all(concept.date_fin is not None for concept in deprecated)


def test_deprecated_code_is_recognised_but_not_proposed(catalog: Catalog) -> None:
    assert not catalog.is_active_member("J19", "14")
    assert catalog.resolve("J19", "14").libelle == "Hospitalisation kangourou"  # old answers stay readable
    assert "14" in {concept.code for concept in catalog.deprecated_concepts("J19")}
    assert "14" not in {concept.code for concept in catalog.active_concepts("J19")}


# -- membership ---------------------------------------------------------------------------------
def test_148_is_in_r211_but_not_in_j17(catalog: Catalog) -> None:
    concept = catalog.concept("R211", "148")
    assert concept is not None and concept.active
    assert concept.libelle == "Urgences spécialisées cardiologiques"
    assert catalog.value_set("J17").member("148") is None
    assert not catalog.is_active_member("J17", "148")


def test_j17_is_active_r211_minus_148(catalog: Catalog) -> None:
    active = {code for code, concept in catalog.table("R211").concepts.items() if concept.active}
    assert {member.code for member in catalog.value_set("J17").members} == active - {"148"}


def test_value_set_display_wins_over_table_label(catalog: Catalog) -> None:
    # J20 shows 01 with its acronym; the R227 label is shorter (PROVENANCE.md, J20 row).
    assert catalog.resolve("J20", "01").libelle == "Médecine, Chirurgie, Obstétrique (MCO)"


def test_codes_are_strings_with_leading_zeros(catalog: Catalog) -> None:
    assert "001" in catalog.table("R211").concepts
    assert "1" not in catalog.table("R211").concepts
    assert catalog.value_set("J19").member("09") is not None
    assert catalog.value_set("J19").member("9") is None
    assert all(isinstance(code, str) for code in catalog.table("R213").concepts)


def test_short_and_full_identifiers(catalog: Catalog) -> None:
    assert catalog.table("R211") is catalog.table("TRE_R211-ActiviteOperationnelle")
    assert catalog.value_set("j17") is catalog.value_set("JDV_J17-ActiviteOperationnelle-ROR")
    assert catalog.lookup("J19").id == "JDV_J19-ModePriseEnCharge-ROR"
    assert catalog.lookup("R9999") is None
    with pytest.raises(UserError, match="inconnue"):
        catalog.table("R9999")


def test_search_finds_hospitalisation_de_jour_in_j19(catalog: Catalog) -> None:
    hits = catalog.search("hospitalisation de jour")
    assert (hits[0].value_set, hits[0].concept.code) == ("JDV_J19-ModePriseEnCharge-ROR", "29")
    assert catalog.search("HOSPITALISATION DE JOUR") == hits  # case and accents ignored


# -- loader errors: manifest and CSV --------------------------------------------------------------
@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    target = tmp_path / "nomenclatures"
    shutil.copytree(nomenclatures_dir(), target)
    return target


def _replace_line(path: Path, old: str, new: str) -> int:
    """Replace the first line starting with ``old``; return its 1-based number."""
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    number = next(index for index, line in enumerate(lines) if line.startswith(old))
    lines[number] = new + "\n"
    path.write_text("".join(lines), encoding="utf-8")
    return number + 1


def test_copy_of_bundled_data_loads(data_copy: Path) -> None:
    assert len(load_from(data_copy).table("R211").concepts) == 629


def test_broken_manifest_names_file_and_line(data_copy: Path) -> None:
    manifest = data_copy / "manifest.yaml"
    text = manifest.read_text(encoding="utf-8")
    line = text[: text.index("kind: value_set")].count("\n") + 1
    manifest.write_text(text.replace("kind: value_set", "kind: jeu_de_valeurs", 1), encoding="utf-8")
    with pytest.raises(DataFileError) as error:
        load_from(data_copy)
    assert error.value.path == manifest
    assert error.value.line == line
    assert "kind" in error.value.problem
    assert f"manifest.yaml, ligne {line}" in str(error.value)


def test_manifest_entry_without_version_is_refused(data_copy: Path) -> None:
    manifest = data_copy / "manifest.yaml"
    line = _replace_line(manifest, '    version: "20260330120000"', "    # version removed")
    with pytest.raises(DataFileError) as error:
        load_from(data_copy)
    assert "version" in error.value.problem
    assert error.value.line is not None and abs(error.value.line - line) <= 5  # the entry holding it


def test_manifest_pointing_at_a_missing_file(data_copy: Path) -> None:
    (data_copy / "nos" / "TRE_R227-ChampActivite.csv").unlink()
    with pytest.raises(DataFileError, match="TRE_R227-ChampActivite.csv.*lecture impossible"):
        load_from(data_copy)


def test_csv_missing_column(data_copy: Path) -> None:
    path = data_copy / "nos" / "TRE_R213-ModePriseEnCharge.csv"
    _replace_line(path, "code,libelle", "code,libelle,libelle_court,date_debut,date_fin,date_maj,autres_designations,source_note")
    with pytest.raises(DataFileError) as error:
        load_from(data_copy)
    assert (error.value.path, error.value.line) == (path, 1)
    assert "statut" in error.value.problem


def test_csv_bad_date(data_copy: Path) -> None:
    path = data_copy / "nos" / "TRE_R213-ModePriseEnCharge.csv"
    line = _replace_line(path, "14,", "14,Hospitalisation kangourou,Hosp kangourou,2015-05-04,22/12/2025,deprecated,2025-12-22,,")
    with pytest.raises(DataFileError) as error:
        load_from(data_copy)
    assert (error.value.path, error.value.line) == (path, line)
    assert "22/12/2025" in error.value.problem


def test_csv_bad_status(data_copy: Path) -> None:
    path = data_copy / "nos" / "TRE_R211-ActiviteOperationnelle.csv"
    line = _replace_line(path, "002,", "002,Addictologie sans précision,,2015-04-08,2019-07-05,obsolete,2019-07-05,,,")
    with pytest.raises(DataFileError) as error:
        load_from(data_copy)
    assert (error.value.path, error.value.line) == (path, line)
    assert "obsolete" in error.value.problem


def test_csv_line_numbers_count_quoted_newlines(data_copy: Path) -> None:
    """R211 definitions are quoted text; a bad row after them must still be reported at its own line."""
    path = data_copy / "nos" / "TRE_R211-ActiviteOperationnelle.csv"
    line = _replace_line(path, "617,", "617,Libellé,,2015-04-08,,inconnu,,,,")
    with pytest.raises(DataFileError) as error:
        load_from(data_copy)
    assert error.value.line == line


def test_csv_duplicate_code_names_both_lines(data_copy: Path) -> None:
    path = data_copy / "nos" / "TRE_R213-ModePriseEnCharge.csv"
    line = _replace_line(path, "59,", "29,Hospitalisation de jour (HJ),HJ,2016-09-01,,active,2019-03-29,,")
    with pytest.raises(DataFileError) as error:
        load_from(data_copy)
    assert error.value.line == line
    assert "« 29 » est déjà à la ligne" in error.value.problem


def test_a_code_qualified_by_its_table_names_one_member(catalog):
    # J186 joins six tables whose codes repeat: « 60 » alone is ambiguous, « R356:60 » is not
    professions = catalog.value_set("J186")
    assert professions.codes_repeat and not catalog.value_set("J17").codes_repeat
    assert professions.member("G15:60").display == "Infirmier"
    assert professions.member("R356:60").display == "Addictologue"
    assert professions.member("R999:60") is None
    assert professions.qualified("TRE_R356-ProfessionRessource", "60") == "R356:60"
