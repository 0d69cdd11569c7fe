"""Structure commands: add, edit, move, close (cascade with a date), reopen, list, tree.

Everything goes through ``ror_assistant.cli.main`` on a real SQLite file, starting from the
FINESS extraction of tests/data/finess, as a référent would.
"""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest
from sqlmodel import select

from ror_assistant.cli import main
from ror_assistant.storage import open_database
from ror_assistant.storage.models import AuditEntry, EntiteGeographique, OrganisationInterne, Unit

FINESS_FILE = Path(__file__).parent / "data" / "finess" / "etalab-utf8.csv"


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A base with the CH 380012344 laid out: Pôle #1 › Service #2 › UF #3, Service #4,
    units #1 (in UF #3) and #2 (in Service #4); built once, copied for each test."""
    path = tmp_path_factory.mktemp("structure") / "ror.sqlite3"
    url = f"sqlite:///{path}"
    assert run(url, "import-finess", str(FINESS_FILE), "--finess", "380012344") == 0
    assert run(url, "structure", "add", "pole", "Pôle médecine", "--eg", "380012344") == 0
    assert run(url, "structure", "add", "service", "Cardiologie", "--eg", "380012344", "--sous", "1") == 0
    assert run(url, "structure", "add", "uf", "UF cardiologie HC", "--eg", "380012344", "--sous", "2") == 0
    assert run(url, "structure", "add", "service", "Pneumologie", "--eg", "380012344", "--sous", "1") == 0
    assert run(url, "create", "unit", "--eg", "1", "--nom", "Hospitalisation complète de cardiologie") == 0
    assert run(url, "create", "unit", "--eg", "1", "--nom", "Consultations de pneumologie") == 0
    assert run(url, "structure", "move", "ue", "1", "--sous", "3") == 0
    assert run(url, "structure", "move", "ue", "2", "--sous", "4") == 0
    return path


@pytest.fixture
def db_url(template: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> str:
    copy = tmp_path / "ror.sqlite3"
    shutil.copy(template, copy)
    capsys.readouterr()
    return f"sqlite:///{copy}"


def run(db_url: str, *args: str) -> int:
    return main(["--db", db_url, "--user", "marie", *args])


def fetch(db_url: str, table, row_id: int):
    db = open_database(db_url)
    try:
        with db.read() as session:
            return session.get(table, row_id)
    finally:
        db.dispose()


def test_tree_shows_levels_and_ans_status(db_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(db_url, "tree") == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert lines[0] == "EJ 380780015 · EJ 380780015 (raison sociale à compléter)"
    assert "└─ Pôle #1 Pôle médecine" in out
    assert "UF #3 UF cardiologie HC" in out
    assert "UE #1 Hospitalisation complète de cardiologie — En cours" in out
    assert "manque : champ d'activité" in " ".join(out.split())
    assert all(len(line) <= 80 for line in lines)


def test_move_service_and_unit(db_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(db_url, "structure", "move", "service", "4", "--sous-eg") == 0
    assert "Service #4 « Pneumologie » rattaché directement sous l'EG." in capsys.readouterr().out
    assert fetch(db_url, OrganisationInterne, 4).parent_id is None
    assert run(db_url, "structure", "move", "ue", "2", "--sous", "2") == 0
    assert "rattachée sous Service #2 « Cardiologie »" in capsys.readouterr().out
    assert fetch(db_url, Unit, 2).oi_id == 2


def test_move_refuses_a_cycle_and_a_wrong_kind(db_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(db_url, "structure", "move", "pole", "1", "--sous", "3") == 2
    assert "à l'intérieur d'elle-même" in capsys.readouterr().err
    assert run(db_url, "structure", "move", "service", "3", "--sous-eg") == 2
    assert "est une unité fonctionnelle, pas un service" in capsys.readouterr().err
    assert fetch(db_url, OrganisationInterne, 1).parent_id is None


def test_close_cascades_with_the_date_and_reopen_undoes_it(db_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):  # the command-line levels are French: ue, not unit
        run(db_url, "structure", "close", "unit", "2")
    assert "niveau inconnu « unit » : choisissez parmi ej, eg, pole, service, uf, ue" in capsys.readouterr().err
    assert run(db_url, "structure", "close", "ue", "2", "--date", "15/01/2026") == 0
    assert run(db_url, "structure", "close", "service", "2", "--date", "01/03/2026") == 0
    out = capsys.readouterr().out
    assert "Service #2 et 2 niveau(x) en dessous : fermés le 01/03/2026." in out
    assert fetch(db_url, OrganisationInterne, 2).closed_on == date(2026, 3, 1)
    assert fetch(db_url, OrganisationInterne, 3).closed_on == date(2026, 3, 1)
    assert fetch(db_url, Unit, 1).closed_on == date(2026, 3, 1)
    assert fetch(db_url, OrganisationInterne, 4).closed_on is None
    # closing the pôle keeps the earlier dates of what was already closed
    assert run(db_url, "structure", "close", "pole", "1", "--date", "01/04/2026") == 0
    assert fetch(db_url, OrganisationInterne, 4).closed_on == date(2026, 4, 1)
    assert fetch(db_url, Unit, 2).closed_on == date(2026, 1, 15)
    assert fetch(db_url, OrganisationInterne, 3).closed_on == date(2026, 3, 1)
    assert run(db_url, "structure", "reopen", "pole", "1") == 0
    assert fetch(db_url, OrganisationInterne, 4).closed_on is None
    assert fetch(db_url, OrganisationInterne, 2).closed_on == date(2026, 3, 1)
    capsys.readouterr()
    assert run(db_url, "tree") == 0
    assert "Cardiologie" not in capsys.readouterr().out
    assert run(db_url, "tree", "--fermes") == 0
    assert "Service #2 Cardiologie (fermé le 01/03/2026)" in capsys.readouterr().out


def test_closing_the_eg_closes_everything_below_and_is_audited(db_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(db_url, "structure", "close", "eg", "380012344", "--date", "2026-06-30") == 0
    assert "Entité géographique 380012344 et 6 niveau(x) en dessous : fermés le 30/06/2026." in capsys.readouterr().out
    db = open_database(db_url)
    try:
        with db.read() as session:
            closures = session.exec(select(AuditEntry).where(AuditEntry.action == "close")).all()
            assert len(closures) == 7 and {entry.user for entry in closures} == {"marie"}
            assert all(unit.closed_on == date(2026, 6, 30) for unit in session.exec(select(Unit)).all())
    finally:
        db.dispose()
    assert run(db_url, "structure", "close", "eg", "380012344") == 0
    assert "déjà fermée le 30/06/2026" in capsys.readouterr().out


def test_edit_eg_fields_and_refuse_wrong_values(db_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(db_url, "structure", "edit", "eg", "380012344", "--champs", "psy,MCO", "--nom", "CH Trois Vallées") == 0
    assert "Entité géographique 380012344 modifiée : nom, champs autorisés." in capsys.readouterr().out
    eg = fetch(db_url, EntiteGeographique, 1)
    assert (eg.nom, eg.champs) == ("CH Trois Vallées", "MCO,PSY")
    assert run(db_url, "structure", "edit", "eg", "380012344", "--categorie", "999") == 2
    assert "inconnue du ROR (JDV_J55)" in capsys.readouterr().err
    assert run(db_url, "structure", "edit", "eg", "380012344", "--siret", "26380123400019") == 2
    assert "clé de contrôle du SIRET" in capsys.readouterr().err
    assert run(db_url, "structure", "edit", "service", "2", "--siret", "26380123400018") == 2
    assert "--siret ne s'applique pas à un service" in capsys.readouterr().err
    assert run(db_url, "structure", "edit", "uf", "3", "--type", "service", "--nom", "Cardiologie HC") == 0
    assert fetch(db_url, OrganisationInterne, 3).type_oi == "2"
    assert run(db_url, "structure", "edit", "ue", "1", "--nom", "HC cardiologie") == 0
    assert fetch(db_url, Unit, 1).nom == "HC cardiologie"


def test_list_and_unknown_references(db_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(db_url, "structure", "list", "service") == 0
    assert capsys.readouterr().out.splitlines() == ["#2 Cardiologie — dans Pôle médecine",
                                                    "#4 Pneumologie — dans Pôle médecine"]
    assert run(db_url, "structure", "list", "ue", "--eg", "380012344") == 0
    assert "#1 Hospitalisation complète de cardiologie — dans Pôle médecine › Cardiologie › UF cardiologie HC" \
        in " ".join(capsys.readouterr().out.split())
    assert run(db_url, "structure", "edit", "eg", "380099999", "--nom", "x") == 2
    assert "Aucune entité géographique « 380099999 » dans la base." in capsys.readouterr().err
    assert run(db_url, "structure", "add", "ue", "x", "--eg", "380012344") == 2
    assert "pas une unité élémentaire" in capsys.readouterr().err
