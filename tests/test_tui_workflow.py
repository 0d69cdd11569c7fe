"""The validation workflow from the home screen, driven like a user: Pilot key presses on a real
SQLite file seeded with the demo establishment, real bundled nomenclatures. The keys are those of
``keys.py`` (home « e » opens the validation of the selected UE)."""

from __future__ import annotations

import asyncio
import functools
from pathlib import Path

import pytest

from ror_assistant import storage, workflow
from ror_assistant.demo import seed_demo
from ror_assistant.settings import Settings
from ror_assistant.storage import open_database
from ror_assistant.storage.changes import get_unit
from ror_assistant.tui.app import create_app
from ror_assistant.tui.screens.home import HomeScreen
from ror_assistant.tui.screens.validation import HistoryScreen, ValidationScreen
from ror_assistant.tui.widgets.home.structure_tree import StructureTree


def drive(test):
    """Run an async Pilot test in its own event loop (no asyncio plugin in the test set-up)."""
    @functools.wraps(test)
    def run(*args, **kwargs):
        asyncio.run(test(*args, **kwargs))

    return run


@pytest.fixture
def demo(tmp_path: Path):
    url = f"sqlite:///{tmp_path / 'ror.sqlite3'}"
    database = open_database(url)
    ids = seed_demo(database, "marie")
    yield url, database, ids
    database.dispose()


def make_app(tmp_path: Path, url: str, database):
    return create_app(Settings(db_url=url, user="marie"), database=database, config_dir=tmp_path,
                      downloads_dir=tmp_path)


async def settle(pilot) -> None:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def type_text(pilot, text: str) -> None:
    for character in text:
        await pilot.press("space" if character == " " else character)


async def open_validation(pilot, unit_id: int) -> ValidationScreen:
    """Put the tree cursor on ``unit_id`` and press the home key of the validation."""
    for _ in range(20):  # the tree is rebuilt once the ANS badges arrive: aim again until it holds
        await settle(pilot)
        tree = pilot.app.screen.query_one(StructureTree)
        tree.move_cursor(dict(tree._nodes_by_key())[("unit", unit_id)])
        await pilot.pause()
        await pilot.press("e")
        await settle(pilot)
        if isinstance(pilot.app.screen, ValidationScreen):
            return pilot.app.screen
        await pilot.pause(0.1)
    raise AssertionError("the validation window did not open")


def status(database, unit_id: int) -> str:
    with database.read() as session:
        return get_unit(session, unit_id).status


def shown_status(pilot, unit_id: int) -> str | None:
    """The status the home tree holds for the unit (what the tree and the side panel show)."""
    home = next(screen for screen in pilot.app.screen_stack if isinstance(screen, HomeScreen))
    return dict(home.query_one(StructureTree)._nodes_by_key())[("unit", unit_id)].data.status


def notifications(app) -> list[str]:
    return [notification.message for notification in app._notifications]


@drive
async def test_issue_validate_approve_ready(tmp_path, demo):
    url, database, ids = demo
    with database.write("marie") as session:  # a complete unit, back in brouillon
        copy = storage.duplicate_unit(session, "marie", ids["hdj_onco"], "HDJ oncologie bis").id
    app = make_app(tmp_path, url, database)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_validation(pilot, copy)
        await pilot.press("e")  # issue
        await settle(pilot)
        assert status(database, copy) == "a_valider" and shown_status(pilot, copy) == "a_valider"
        sheet = tmp_path / "fiche-hdj-oncologie-bis.html"
        assert sheet.is_file() and "HDJ oncologie bis" in sheet.read_text(encoding="utf-8")
        assert any(str(sheet) in message for message in notifications(app))

        await pilot.press("c")  # chef de service: who (default marie), then the typed fingerprint
        await settle(pilot)
        await pilot.press(*["backspace"] * 5)
        await type_text(pilot, "Dr Martin")
        await pilot.press("enter", "enter")
        await settle(pilot)
        assert pilot.app.screen is screen and status(database, copy) == "validee_chef"

        await pilot.press("d", "enter", "enter")  # direction, decided by marie
        await settle(pilot)
        assert status(database, copy) == "validee_direction"
        await pilot.press("p")
        await settle(pilot)
        assert status(database, copy) == "prete" and shown_status(pilot, copy) == "prete"
        assert "Statut : Prête pour le ROR" in str(screen.query_one("#validation-body").render())

        await pilot.press("h")
        await settle(pilot)
        assert isinstance(app.screen, HistoryScreen)
        history = str(app.screen.query_one("#history-lines").render())
        assert "Fiche de relecture émise par marie" in history
        assert "Validation du chef de service enregistrée par marie" in history and "décision de Dr Martin" in history
        assert "Prête pour le ROR, marquée par marie" in history
        await pilot.press("escape", "escape")
        await settle(pilot)
        assert not isinstance(app.screen, (HistoryScreen, ValidationScreen))

        with database.write("marie") as session:  # a change after validation voids it
            storage.rename(session, "marie", "unit", copy, "HDJ oncologie ter", expected="HDJ oncologie bis")
        await open_validation(pilot, copy)
        assert "Statut : Brouillon" in str(app.screen.query_one("#validation-body").render())
        await pilot.press("h")
        await settle(pilot)
        assert "Validation annulée par la modification de « Nom »" in str(
            app.screen.query_one("#history-lines").render())


@drive
async def test_refused_transition_says_why_and_changes_nothing(tmp_path, demo):
    url, database, ids = demo
    usic = ids["usic"]
    app = make_app(tmp_path, url, database)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_validation(pilot, usic)
        await pilot.press("d")  # direction on a brouillon: refused before any dialog
        await settle(pilot)
        assert status(database, usic) == "brouillon"
        assert any("Impossible d'enregistrer la validation de la direction" in message
                   for message in notifications(app))
        assert "son statut est « Brouillon »" in str(screen.query_one("#validation-message").render())

        await pilot.press("e", "c", "enter")  # issued, then a fingerprint that is not the sheet's
        await settle(pilot)
        await type_text(pilot, "ABCD1234")
        await pilot.press("enter")
        await settle(pilot)
        assert status(database, usic) == "a_valider" and shown_status(pilot, usic) == "a_valider"
        assert any("ne correspond pas à la description actuelle" in message for message in notifications(app))


@drive
async def test_corrections_with_a_comment_on_one_item(tmp_path, demo):
    url, database, ids = demo
    unit = ids["hdj_onco"]  # issued by the demo: à valider
    app = make_app(tmp_path, url, database)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_validation(pilot, unit)
        await pilot.press("x", "down", "enter")  # the first item after « l'unité dans son ensemble »
        await type_text(pilot, "ajouter le nom du cadre")
        await pilot.press("enter")
        await settle(pilot)
        assert status(database, unit) == "corrections" and shown_status(pilot, unit) == "corrections"
        with database.read() as session:
            remarks = workflow.open_comments(session, unit)
        assert [(item, [c.comment for c in comments]) for item, comments in remarks.items()] == [
            ("nom", ["ajouter le nom du cadre"])]


def test_validation_modal_snapshot(snap_compare, tmp_path):
    url = f"sqlite:///{tmp_path / 'demo.sqlite3'}"
    database = open_database(url)
    seed_demo(database, "marie")
    app = create_app(Settings(db_url=url, user="marie"), database=database, config_dir=tmp_path,
                     downloads_dir=tmp_path)

    async def run_before(pilot) -> None:
        await settle(pilot)
        await pilot.press(*["down"] * 5, "e")  # Hôpital de jour d'oncologie, à valider
        await settle(pilot)

    try:
        assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)
    finally:
        database.dispose()
