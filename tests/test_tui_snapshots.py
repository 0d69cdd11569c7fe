"""SVG snapshots of every screen at 80×24 (SSH) and 120×34, plus the home and interview
screens in monochrome (NO_COLOR) and in the 16 ANSI colours. ``pytest --snapshot-update``
rewrites them in tests/__snapshots__/; review the SVGs before committing."""

from __future__ import annotations

from pathlib import Path

import pytest

from ror_assistant.demo import seed_demo
from ror_assistant.settings import Settings
from ror_assistant.storage import open_database
from ror_assistant.tui.app import create_app
from ror_assistant.tui.theme import ANSI_THEME

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 34), id="120x34")]


@pytest.fixture
def app_factory(tmp_path: Path):
    """Build the app on a fresh demo database; the file name is fixed so headers match."""
    databases = []

    def build(theme: str | None = None):
        url = f"sqlite:///{tmp_path / 'demo.sqlite3'}"
        database = open_database(url)
        seed_demo(database, "marie")
        databases.append(database)
        return create_app(Settings(db_url=url, user="marie"), database=database, config_dir=tmp_path,
                          theme=theme, downloads_dir=tmp_path)

    yield build
    for database in databases:
        database.dispose()


async def settle(pilot) -> None:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def after(*keys: str, typed: str = ""):
    """A ``run_before`` that waits for the data, presses ``keys`` then types ``typed``."""
    async def run(pilot) -> None:
        await settle(pilot)
        await pilot.press(*keys)
        await settle(pilot)
        for character in typed:
            await pilot.press("space" if character == " " else character)
        await settle(pilot)

    return run


TO_USIC = ["down"] * 8 + ["enter"]


def answering(*lines: str):
    """A ``run_before`` that opens the USIC, skips the description and types ``lines``, each
    followed by Enter."""
    async def run(pilot) -> None:
        await settle(pilot)
        await pilot.press(*TO_USIC, "f3")
        for line in lines:
            for character in line:
                await pilot.press("space" if character == " " else character)
            await pilot.press("enter")
            await settle(pilot)

    return run


SCREENS = {
    "home": after(),
    "interview": after(*TO_USIC, "f3", typed="méd"),
    "opening": after(*TO_USIC, typed="hdj cœur"),
    "summary": after(*TO_USIC, "f5"),
    "dashboard": after("t"),
    "help": after(*TO_USIC, "f1"),
    "new-unit": after("down", "down", "down", "n", typed="Pédiatrie"),
    # a mode the words name none of: the name's is proposed, « ? » asks the guide's oui / non
    # questions (MCO settles « médico-social »)
    "guide": answering("MCO", "on fait au mieux", "?", "oui"),
}


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("screen", list(SCREENS))
def test_screen(snap_compare, app_factory, screen, size):
    assert snap_compare(app_factory(), terminal_size=size, run_before=SCREENS[screen])


@pytest.mark.parametrize("screen", ["home", "interview"])
def test_no_color(snap_compare, app_factory, monkeypatch, screen):
    monkeypatch.setenv("NO_COLOR", "1")
    assert snap_compare(app_factory(), run_before=SCREENS[screen])


@pytest.mark.parametrize("screen", ["home", "interview"])
def test_sixteen_colours(snap_compare, app_factory, screen):
    assert snap_compare(app_factory(theme=ANSI_THEME), run_before=SCREENS[screen])
