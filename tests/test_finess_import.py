"""FINESS pre-fill: the etalab extraction read by position, bad lines, encodings, idempotence.

The files in tests/data/finess follow ror-model.md §6.1 exactly (metadata line, 31 positional
fields plus trailing ones, quoted fields, geolocalisation records) with fictional
establishments whose FINESS and SIRET keys are valid.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlmodel import select

from ror_assistant.cli import main
from ror_assistant.exchange.finess import (
    LEGACY,
    UTF8,
    apply_establishments,
    commune_cog,
    import_finess,
    read_extraction,
)
from ror_assistant.nomenclature import load_catalog
from ror_assistant.storage import open_database
from ror_assistant.storage.models import AuditEntry, EntiteGeographique, EntiteJuridique

DATA = Path(__file__).parent / "data" / "finess"
GOOD_UTF8 = DATA / "etalab-utf8.csv"
GOOD_LEGACY = DATA / "etalab-latin1.csv"
MALFORMED = DATA / "etalab-malformed.csv"


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'ror.sqlite3'}"


def run(db_url: str, *args: str) -> int:
    return main(["--db", db_url, "--user", "marie", *args])


def rows(db_url: str, table):
    db = open_database(db_url)
    try:
        with db.read() as session:
            return session.exec(select(table)).all()
    finally:
        db.dispose()


# --- reading ----------------------------------------------------------------------------------

def test_utf8_extraction_is_read_by_position() -> None:
    extraction = read_extraction(GOOD_UTF8, load_catalog())
    assert extraction.encoding == UTF8
    assert extraction.metadata == "finess;etalab;111;2026-05-12"
    assert extraction.problems == []
    assert extraction.geolocation_lines == 2
    by_finess = {item.finess: item for item in extraction.establishments}
    ch = by_finess["380012344"]
    assert (ch.ej_finess, ch.nom, ch.siret, ch.categorie) == (
        "380780015", "CENTRE HOSPITALIER DES TROIS VALLÉES – SITE NORD", "26380123400018", "355")
    assert (ch.numero_voie, ch.type_voie, ch.libelle_voie, ch.lieu_dit) == ("12 B", "AV", "DU GRÉSIVAUDAN", "BP 217")
    assert (ch.code_postal, ch.localite, ch.commune_cog, ch.telephone) == ("38043", "GRENOBLE CEDEX 9", "38185", "0476000000")
    # a quoted raison sociale with doubled quotes, and a 32nd trailing field (numuai) tolerated
    assert by_finess["380023457"].nom == 'SSIAD "LE TRIÈVES"'
    assert by_finess["380023457"].lieu_dit == "LIEU-DIT LES MOULINS"


def test_legacy_encoded_file_gives_the_same_establishments() -> None:
    utf8 = read_extraction(GOOD_UTF8, load_catalog())
    legacy = read_extraction(GOOD_LEGACY, load_catalog())
    assert legacy.encoding == LEGACY
    assert legacy.problems == []
    assert [item.eg_fields() for item in legacy.establishments] == [item.eg_fields() for item in utf8.establishments]


@pytest.mark.parametrize(("departement", "commune", "expected"), [
    ("38", "185", "38185"), ("01", "451", "01451"), ("2A", "004", "2A004"),
    ("9D", "411", "97411"), ("9C", "302", "97302"), ("9J", "613", "98613"), ("", "185", ""),
])
def test_commune_code_handles_overseas_letters(departement: str, commune: str, expected: str) -> None:
    assert commune_cog(departement, commune) == expected


def test_malformed_lines_are_reported_with_their_line_numbers() -> None:
    extraction = read_extraction(MALFORMED, load_catalog())
    problems = {problem.line: problem.problem for problem in extraction.problems}
    assert sorted(problems) == [3, 4, 5, 6, 7]
    assert "ligne trop courte : 7 champs au lieu d'au moins 31" in problems[3]
    assert "380012345" in problems[4] and "clé de contrôle" in problems[4]
    assert "type d'enregistrement inconnu « structureej »" in problems[5]
    assert "encodage incohérent" in problems[6] and "Latin-1" in problems[6]
    assert "coordonnée « X » non numérique" in problems[7]
    assert [item.finess for item in extraction.establishments] == ["380012369"]


def test_other_field_problems_are_named(tmp_path: Path) -> None:
    line = GOOD_UTF8.read_text(encoding="utf-8").splitlines()[1]
    broken = (line.replace("26380123400018", "2638012340001")
              .replace(";355;", ";999;").replace("38043 GRENOBLE CEDEX 9", "GRENOBLE"))
    path = tmp_path / "etalab.csv"
    path.write_text(broken + "\n", encoding="utf-8")
    [problem] = read_extraction(path, load_catalog()).problems
    assert problem.line == 1
    assert "SIRET invalide" in problem.problem
    assert "catégorie d'établissement « 999 » absente du ROR" in problem.problem
    assert "ligne d'acheminement « GRENOBLE » sans code postal" in problem.problem


# --- importing --------------------------------------------------------------------------------

def test_import_creates_ej_and_eg_with_finess_fields(db_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(db_url, "import-finess", str(GOOD_UTF8)) == 0
    out = capsys.readouterr().out
    assert "EG 380012344 CENTRE HOSPITALIER DES TROIS VALLÉES – SITE NORD (EJ 380780015)" in out
    egs = {eg.finess: eg for eg in rows(db_url, EntiteGeographique)}
    assert sorted(egs) == ["380012344", "380012351", "380023457", "974001232"]
    ch = egs["380012344"]
    assert (ch.siret, ch.categorie, ch.code_postal, ch.localite, ch.commune_cog) == (
        "26380123400018", "355", "38043", "GRENOBLE CEDEX 9", "38185")
    ejs = {ej.finess: ej for ej in rows(db_url, EntiteJuridique)}
    assert ejs["380780015"].siren == "263801234"  # first 9 digits of the EG's SIRET
    assert ejs["380780015"].raison_sociale == "EJ 380780015 (raison sociale à compléter)"
    assert egs["380012351"].ej_id == egs["380012344"].ej_id == ejs["380780015"].id


def test_reimport_changes_nothing_and_creates_no_duplicate(db_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(db_url, "import-finess", str(GOOD_UTF8)) == 0
    audit_before = len(rows(db_url, AuditEntry))
    capsys.readouterr()
    assert run(db_url, "import-finess", str(GOOD_LEGACY)) == 0  # same data, other encoding
    assert "Aucune modification" in capsys.readouterr().out
    assert len(rows(db_url, EntiteGeographique)) == 4
    assert len(rows(db_url, EntiteJuridique)) == 3
    assert len(rows(db_url, AuditEntry)) == audit_before


def test_changed_fields_are_updated_with_audit_entries(db_url: str, tmp_path: Path,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    assert run(db_url, "import-finess", str(GOOD_UTF8)) == 0
    changed = tmp_path / "etalab-new.csv"
    changed.write_text(GOOD_UTF8.read_text(encoding="utf-8").replace("0476000000", "0476999999"), encoding="utf-8")
    capsys.readouterr()
    assert run(db_url, "import-finess", str(changed), "--finess", "380012344") == 0
    assert "EG 380012344 CENTRE HOSPITALIER DES TROIS VALLÉES – SITE NORD : téléphone" in capsys.readouterr().out
    eg = next(eg for eg in rows(db_url, EntiteGeographique) if eg.finess == "380012344")
    assert eg.telephone == "0476999999"
    entries = [entry for entry in rows(db_url, AuditEntry) if entry.field == "telephone" and entry.action == "update"]
    assert [(entry.old_value, entry.new_value, entry.user) for entry in entries] == [('"0476000000"', '"0476999999"', "marie")]


def test_renamed_ej_is_not_overwritten(db_url: str) -> None:
    assert run(db_url, "import-finess", str(GOOD_UTF8)) == 0
    assert run(db_url, "structure", "edit", "ej", "380780015", "--nom", "Centre hospitalier des Trois Vallées") == 0
    assert run(db_url, "import-finess", str(GOOD_UTF8)) == 0
    ej = next(ej for ej in rows(db_url, EntiteJuridique) if ej.finess == "380780015")
    assert ej.raison_sociale == "Centre hospitalier des Trois Vallées"


def test_filter_on_an_ej_number_selects_its_establishments(db_url: str) -> None:
    assert run(db_url, "import-finess", str(GOOD_UTF8), "--finess", "380780015") == 0
    assert sorted(eg.finess for eg in rows(db_url, EntiteGeographique)) == ["380012344", "380012351"]


def test_bad_selected_lines_abort_the_whole_import(db_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(db_url, "import-finess", str(MALFORMED)) == 2
    err = capsys.readouterr().err
    assert "Import FINESS refusé : 5 lignes invalides" in err
    assert "rien n'a été enregistré" in err
    assert "ligne 3 : ligne trop courte" in err
    assert rows(db_url, EntiteGeographique) == []
    assert rows(db_url, EntiteJuridique) == []


def test_a_bad_line_of_the_chosen_ej_blocks_it(db_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    # 690780010 is the EJ of the good line 2, of the short line 3 and of the badly encoded line 6
    assert run(db_url, "import-finess", str(MALFORMED), "--finess", "690780010") == 2
    err = capsys.readouterr().err
    assert "ligne 3" in err and "ligne 6" in err and "ligne 4" not in err
    assert rows(db_url, EntiteGeographique) == []


def test_unselected_bad_lines_are_only_reported(db_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(db_url, "import-finess", str(MALFORMED), "--finess", "380012369") == 0
    out = capsys.readouterr().out
    assert "Lignes non importées (hors des établissements choisis)" in out
    for line in (3, 4, 5, 6, 7):
        assert f"ligne {line} :" in out
    assert [eg.finess for eg in rows(db_url, EntiteGeographique)] == ["380012369"]


def test_unknown_filter_number_and_missing_file_are_french_errors(db_url: str, tmp_path: Path,
                                                                  capsys: pytest.CaptureFixture[str]) -> None:
    assert run(db_url, "import-finess", str(GOOD_UTF8), "--finess", "750712184") == 2
    assert "Aucune ligne du fichier etalab-utf8.csv ne porte le numéro FINESS 750712184" in capsys.readouterr().err
    assert run(db_url, "import-finess", str(tmp_path / "absent.csv")) == 2
    assert "Lecture impossible du fichier FINESS" in capsys.readouterr().err


def test_apply_runs_in_the_callers_transaction(db_url: str) -> None:
    """The TUI calls apply_establishments inside its own db.write(): if anything fails after
    it in that block, the EJ and EG it created are rolled back with the rest."""
    items = read_extraction(GOOD_UTF8, load_catalog()).establishments
    db = open_database(db_url)
    try:
        with pytest.raises(RuntimeError), db.write("marie") as session:
            assert len(apply_establishments(session, "marie", items).created) == 7
            raise RuntimeError("coupure au milieu de l'import")
        with db.read() as session:
            assert session.exec(select(EntiteGeographique)).all() == []
        _, selection, report = import_finess(db, "marie", GOOD_UTF8, load_catalog())
        assert len(selection.establishments) == 4 and len(report.created) == 7
    finally:
        db.dispose()
