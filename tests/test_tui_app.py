"""The Textual app driven like a user: Pilot key presses on a real SQLite file seeded with the
demo establishment, real bundled nomenclatures, no mocks. Assertions read the engine and the
database, not the pixels (the snapshots do that)."""

from __future__ import annotations

import asyncio
import functools
from pathlib import Path

import pytest
from textual.widgets import Input

from ror_assistant import storage
from ror_assistant.cli import app as cli_app
from ror_assistant.demo import seed_demo
from ror_assistant.errors import UserError
from ror_assistant.settings import Settings
from ror_assistant.storage import open_database
from ror_assistant.tui.app import create_app
from ror_assistant.tui.keys import load_keymap
from ror_assistant.tui.screens.home import HomeScreen
from ror_assistant.tui.screens.interview import InterviewScreen
from ror_assistant.tui.screens.summary import SummaryScreen
from ror_assistant.tui.theme import ANSI_THEME, ROR_MONOCHROME, choose_theme
from ror_assistant.tui.widgets.home.structure_tree import StructureTree
from ror_assistant.tui.widgets.interview.conversation import Conversation
from ror_assistant.tui.widgets.interview.proposals import ProposalList

#: Tree lines of the demo from the EJ: the cursor reaches « Soins intensifs de cardiologie » in 8.
DOWNS_TO_USIC = 8


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


def make_app(tmp_path: Path, url: str, database=None):
    return create_app(Settings(db_url=url, user="marie"), database=database, config_dir=tmp_path,
                      downloads_dir=tmp_path)


async def type_text(pilot, text: str) -> None:
    """One key press per character, as a terminal sends them (accents included)."""
    for character in text:
        await pilot.press("space" if character == " " else character)


async def ready(pilot) -> None:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def open_usic(pilot) -> InterviewScreen:
    await ready(pilot)
    await pilot.press(*["down"] * DOWNS_TO_USIC, "enter")
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, InterviewScreen)
    return screen


@drive
async def test_whole_interview_with_accents_then_reopen(tmp_path, demo):
    url, database, ids = demo
    app = make_app(tmp_path, url, database)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_usic(pilot)
        engine = screen.engine
        assert engine.unit.id == ids["usic"] and engine.question.kind == "opening"

        await type_text(pilot, "hôpital de jour cœur, reçus dès 18 ans")
        await pilot.press("enter")
        assert screen.awaiting_choice
        assert [p.attribute for p in engine.pending] == ["modePriseEnCharge", "activiteOperationnelle", "patientele"]
        # « cœur » alone is a guess; read after the unit's name, its soins intensifs de cardiologie
        assert [(p.code, p.uncertain) for p in engine.pending] == [("29", False), ("354", False), (None, False)]
        await type_text(pilot, "1 3")  # keep the mode and the ages; the activity is asked next
        await pilot.press("enter")
        assert engine.question.id == "champ"

        await type_text(pilot, "médecine")
        await pilot.pause()
        shown = screen.query_one(ProposalList)
        assert shown.option_count >= 1 and "MCO" in str(shown.get_option_at_index(0).prompt)
        await pilot.press("enter")  # Enter takes the first proposal
        assert engine.question.id == "activites"

        await type_text(pilot, "cardio")
        await pilot.press("enter")
        assert engine.question.id == "activites"  # several activities may follow
        await pilot.press("enter")  # empty line: next question
        assert engine.question.id == "publics"

        await type_text(pilot, "préc")
        await pilot.pause()
        await pilot.press("1")  # a digit after letters picks that proposal
        assert screen.query_one(Input).value == ""
        if engine.question.id == "publics":
            await pilot.press("enter")
        assert engine.question.id == "unite_sensible"

        await type_text(pilot, "non")
        await pilot.press("enter")
        assert engine.question.id == "contact_telecom"  # the address came from the site
        await type_text(pilot, "0238000013")
        await pilot.press("enter")
        await type_text(pilot, "secrétariat")
        await pilot.press("enter")
        await type_text(pilot, "1")
        await pilot.press("enter")
        for _ in ("horaires", "equipements", "actes", "competences"):  # optional questions: passed
            assert engine.question.id == _
            await pilot.press("enter")

        assert engine.finished
        assert engine.flags.status == "Finalisé" and engine.missing == []
        unit = engine.unit
        assert unit.champ_activite.code == "01" and unit.mode_prise_en_charge.code == "29"
        assert (unit.patientele.age_min, unit.patientele.age_max) == (18, 120)
        assert unit.publics and "précarité" in unit.publics[0].label
        assert [answer.code for answer in unit.activites_operationnelles] == ["354"]  # « cardio » in the USIC
        chat = " ".join(str(turn.render()) for turn in screen.query_one(Conversation).children)
        assert "hôpital de jour cœur, reçus dès 18 ans" in chat and "secrétariat" in chat

        await pilot.press("ctrl+z")  # undo the last answer: back on its question
        assert engine.question.id == "contact_confidentialite"
        await type_text(pilot, "1")
        await pilot.press("enter")
        for _ in range(4):
            await pilot.press("enter")
        assert engine.finished
        await pilot.press("ctrl+q")

    reopened = make_app(tmp_path, url)  # a new process would open the file the same way
    async with reopened.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        tree = reopened.screen.query_one(StructureTree)
        assert tree.progress[ids["usic"]].status == "Finalisé"
        screen = await open_usic(pilot)
        assert screen.engine.finished and screen.engine.unit.mode_prise_en_charge.code == "29"
        assert len(screen.query_one(Conversation).children) >= 16  # answers replayed as a chat
    reopened.close_database()


@drive
async def test_empty_line_at_champ_shows_the_suggestion_before_taking_it(tmp_path, demo):
    url, database, _ = demo
    app = make_app(tmp_path, url, database)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_usic(pilot)
        engine = screen.engine
        await type_text(pilot, "rythmologie")
        await pilot.press("enter")
        await pilot.press("enter")  # keep what the description gave
        assert engine.question.id == "champ"
        await pilot.press("enter")  # empty line: what the activité points to, shown first
        assert screen.awaiting_choice and engine.unit.champ_activite is None
        assert "MCO" in str(screen.query_one(ProposalList).get_option_at_index(0).prompt)
        await pilot.press("enter")
        assert engine.unit.champ_activite.code == "01"
        await pilot.press("ctrl+q")


@drive
async def test_a_mode_told_in_unknown_words_is_found_by_the_guide_and_shown_before_it_is_kept(tmp_path, demo):
    """Words the matcher reads no mode in get the mode of the unit's name, and « ? » asks the
    guide's oui / non questions; the mode they lead to is listed and needs a second Enter (it
    is not what the person typed)."""
    url, database, ids = demo
    app = make_app(tmp_path, url, database)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_usic(pilot)
        engine = screen.engine
        screen.run_engine(lambda: engine.goto("mode"))
        await pilot.pause()
        await type_text(pilot, "on fait au mieux avec le personnel")
        assert [proposal.code for proposal in engine.propose("on fait au mieux avec le personnel")][:1] == ["28"]
        await pilot.press("enter")  # « Soins intensifs de cardiologie »: hospitalisation complète?
        assert screen.awaiting_choice and engine.pending[0].code == "28" and not engine.guiding
        await type_text(pilot, "?")
        await pilot.press("enter")
        question = screen.query_one("#question")
        assert engine.guiding and "dorment-ils" in str(question.render())
        for reply in ("oui", "non", "non"):  # they sleep here, not their home, not there by day
            await type_text(pilot, reply)
            await pilot.press("enter")
        assert screen.awaiting_choice and engine.pending[0].code == "30"
        with database.read() as session:
            assert storage.unit_description(session, ids["usic"]).mode_prise_en_charge is None
        await pilot.press("enter")
        assert engine.unit.mode_prise_en_charge.code == "30" and not screen.awaiting_choice
        await pilot.press("ctrl+q")


@drive
async def test_a_medico_social_unit_s_mode_is_proposed_in_its_champ_s_terms_and_says_why(tmp_path, demo):
    """Round 18: once the champ is médico-social, « en journée seulement » is an accueil de
    jour, and the conversation says why, at 80×24."""
    url, database, _ = demo
    app = make_app(tmp_path, url, database)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_usic(pilot)
        engine = screen.engine
        screen.run_engine(lambda: engine.goto("champ"))
        await pilot.pause()
        await type_text(pilot, "médico-social")
        await pilot.press("enter", "enter")
        assert engine.unit.champ_activite.code == "04"
        screen.run_engine(lambda: engine.goto("mode"))
        await pilot.pause()
        assert [proposal.code for proposal in engine.propose("en journée seulement")][:1] == ["47"]  # the live list
        await type_text(pilot, "en journée seulement")
        await pilot.press("enter")  # Enter takes the first proposal, and the conversation says why
        assert engine.unit.mode_prise_en_charge.code == "47"
        chat = " ".join(str(turn.render()) for turn in screen.query_one(Conversation).children)
        assert "on y parle d'« Accueil de jour » plutôt que d'« Hospitalisation de jour (HJ) »" in chat
        await pilot.press("ctrl+q")


@drive
async def test_opening_hours_typed_at_their_question_are_recorded_and_undone(tmp_path, demo):
    url, database, ids = demo
    app = make_app(tmp_path, url, database)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_usic(pilot)
        engine = screen.engine
        screen.run_engine(lambda: engine.goto("horaires"))
        await pilot.pause()
        assert engine.question.id == "horaires"
        await type_text(pilot, "lun-ven 8h-18h")
        await pilot.press("enter")
        await pilot.pause()
        with database.read() as session:
            stored = storage.unit_description(session, ids["usic"]).horaires
        assert [(h.jour, h.debut, h.fin, h.type_plage) for h in stored] == [
            (day, "08:00", "18:00", "02") for day in range(1, 6)]
        chat = " ".join(str(turn.render()) for turn in screen.query_one(Conversation).children)
        assert "Du lundi au vendredi, 8 h – 18 h" in chat

        await pilot.press("ctrl+z")  # undo: the plages are gone, back on the question
        assert engine.question.id == "horaires" and engine.unit.horaires == []
        await type_text(pilot, "lundi 18h-8h")  # refused: the line stays to be corrected
        await pilot.press("enter")
        assert engine.question.id == "horaires" and screen.query_one(Input).value == "lundi 18h-8h"
        await pilot.press("ctrl+q")


@drive
async def test_back_skip_and_change_from_summary(tmp_path, demo):
    url, database, ids = demo
    app = make_app(tmp_path, url, database)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_usic(pilot)
        engine = screen.engine
        await pilot.press("f3")  # the opening description is optional
        assert engine.question.id == "champ"
        await pilot.press("f3")  # a required question cannot be skipped
        assert engine.question.id == "champ"
        await type_text(pilot, "psy")
        await pilot.press("enter")
        assert engine.unit.champ_activite.code == "03"
        await pilot.press("f2")
        assert engine.question.id == "champ"

        await pilot.press("f5")
        summary = app.screen
        assert isinstance(summary, SummaryScreen)
        await pilot.press("enter")  # first row: champ d'activité
        assert app.screen is screen and engine.question.id == "champ"
        await type_text(pilot, "mco")
        await pilot.press("enter")
        assert engine.unit.champ_activite.code == "01"
        await pilot.press("escape")
        assert isinstance(app.screen, HomeScreen)


@drive
async def test_home_create_rename_duplicate_close(tmp_path, demo):
    url, database, ids = demo
    app = make_app(tmp_path, url, database)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("down", "down", "down")  # Service d'oncologie
        await pilot.press("n")
        await type_text(pilot, "Pédiatrie")
        await pilot.press("enter")
        await pilot.press("down")  # the new unit comes first in its service (name order)
        tree = app.screen.query_one(StructureTree)
        node = tree.cursor_node.data
        with database.read() as session:
            units = {unit.nom: unit for unit in _units(storage.tree(session))}
        assert "Pédiatrie" in units and node.kind == "unit"

        await pilot.press("r", "ctrl+u")
        await type_text(pilot, "Équipe à domicile")
        await pilot.press("enter")
        await pilot.press("d", "enter")  # duplicate with the proposed name
        await pilot.press("f", "o")  # close, confirmed with « o »
        with database.read() as session:
            units = {unit.nom: unit for unit in _units(storage.tree(session))}
        assert "Équipe à domicile (copie)" in units
        closed = [unit.nom for unit in units.values() if unit.closed_on is not None]
        assert sorted(closed) == ["Ancienne unité de rééducation", tree.cursor_node.data.nom]


@drive
async def test_review_sheet_is_delivered(tmp_path, demo):
    url, database, ids = demo
    app = make_app(tmp_path, url, database)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press(*["down"] * 5, "v")  # Hôpital de jour d'oncologie
        await app.workers.wait_for_complete()
        await pilot.pause(0.2)
    sheet = tmp_path / "fiche-hopital-de-jour-d-oncologie.html"
    assert sheet.is_file() and "Hôpital de jour d" in sheet.read_text(encoding="utf-8")


@drive
async def test_palette_opens_a_unit_by_name(tmp_path, demo):
    url, database, ids = demo
    app = make_app(tmp_path, url, database)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("ctrl+p")
        await type_text(pilot, "consultations")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause(0.3)
        assert isinstance(app.screen, InterviewScreen) and app.screen.engine.unit_id == ids["consult_cardio"]


@drive
async def test_keys_remapped_from_config_and_ssh_defaults(tmp_path, demo):
    url, database, ids = demo
    (tmp_path / "keys.toml").write_text('"interview.back" = "f6"\n"home.new_unit" = "a"\n', encoding="utf-8")
    app = make_app(tmp_path, url, database)
    async with app.run_test(size=(80, 24)) as pilot:
        assert app.animation_level == "none"
        screen = await open_usic(pilot)
        assert screen.query_one(Input).cursor_blink is False
        await pilot.press("f3")
        await pilot.press("f6")
        assert screen.engine.question.kind == "opening"
        await pilot.press("f1")
        assert "f6" in app.screen.query_one("#help-keys").render().plain.lower()


def test_keymap_file_errors_are_french(tmp_path):
    path = tmp_path / "keys.toml"
    assert load_keymap(path) == {}
    path.write_text('"interview.retour" = "f6"\n', encoding="utf-8")
    with pytest.raises(UserError, match="raccourci inconnu « interview.retour »"):
        load_keymap(path)
    path.write_text("pas du toml =\n", encoding="utf-8")
    with pytest.raises(UserError, match="illisible"):
        load_keymap(path)


def test_theme_follows_the_terminal():
    assert choose_theme({"NO_COLOR": "1"}) == ROR_MONOCHROME.name
    assert choose_theme({"TEXTUAL_COLOR_SYSTEM": "standard"}) == ANSI_THEME
    assert choose_theme({"TERM": "linux"}) == ANSI_THEME
    assert choose_theme({"TERM": "xterm-256color"}) == "ror-sombre"


def test_serve_runs_one_app_per_connection(monkeypatch):
    parser = __import__("ror_assistant.cli", fromlist=["build_parser"]).build_parser()
    settings = Settings(db_url="sqlite:////srv/ror.sqlite3", user="formateur")
    args = parser.parse_args(["serve", "--port", "8080", "--font-size", "24"])
    assert (args.port, args.font_size, args.host) == (8080, 24, "localhost")
    assert cli_app.serve_command(args, settings).endswith("--user formateur --db sqlite:////srv/ror.sqlite3")
    args = parser.parse_args(["serve", "--demo"])
    assert cli_app.serve_command(args, settings).endswith("--user formateur demo")


def test_demo_resume_without_sandbox(monkeypatch, tmp_path):
    monkeypatch.setattr("tempfile.tempdir", str(tmp_path))
    assert cli_app.latest_demo_db() is None
    parser = __import__("ror_assistant.cli", fromlist=["build_parser"]).build_parser()
    with pytest.raises(UserError, match="Aucun bac à sable"):
        cli_app.run_demo(parser.parse_args(["demo", "--resume"]), Settings(db_url="sqlite://", user="x"))


def _units(roots):
    stack = list(roots)
    while stack:
        node = stack.pop()
        if node.kind == "unit":
            yield node
        stack.extend(node.children)


def test_help_that_does_not_fit_says_where_the_rest_is():
    from ror_assistant.tui.widgets.interview.question_help import fit_lines

    long = ("Un seul champ par unité : MCO (médecine, chirurgie, obstétrique), SMR, psychiatrie, "
            "médico-social, ville ou social. L'ANS ne compte l'unité que si ce champ est renseigné.\nExemple : MCO")
    fitted = fit_lines(long, 78).splitlines()
    assert len(fitted) == 2 and all(len(line) <= 78 for line in fitted)
    assert fitted[-1].endswith(" … (F1)")
    assert fit_lines("Court.\nExemple : MCO", 78) == "Court.\nExemple : MCO"
