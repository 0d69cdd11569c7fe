"""Start-up stays light: behavioural checks of what importing the app loads (not timings)."""

from __future__ import annotations

import subprocess
import sys

import pytest


def _loaded_after(statement: str, modules: list[str]) -> list[str]:
    code = f"import sys\n{statement}\nprint(' '.join(m for m in {modules!r} if m in sys.modules))"
    output = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True).stdout
    return output.split()


def test_storage_does_not_import_alembic():
    assert _loaded_after("import ror_assistant.storage", ["alembic"]) == []


def test_app_import_leaves_alembic_and_transitions_for_later():
    loaded = _loaded_after("import ror_assistant.tui.app", ["alembic", "ror_assistant.workflow.transitions"])
    assert loaded == []


def test_home_screen_leaves_the_ans_statuses_for_later():
    """Progress (and through it the rules, Jinja2, phone and e-mail checks) loads after the first
    paint, in the home screen's background computation."""
    later = ["ror_assistant.progress", "ror_assistant.rules", "jinja2", "phonenumbers", "email_validator"]
    assert _loaded_after("import ror_assistant.tui.app", later) == []


def test_every_ans_status_has_its_tree_symbol():
    from ror_assistant.rules.peuplement import Status
    from ror_assistant.tui.widgets.home.structure_tree import STATUS_SYMBOLS

    assert set(STATUS_SYMBOLS) == {status.value for status in Status}


def test_import_app_freezes_the_imports_and_restores_the_collector():
    code = ("import gc\nfrom ror_assistant.tui.launch import import_app\ncreate_app = import_app()\n"
            "print(gc.isenabled(), gc.get_freeze_count() > 10000, create_app.__name__)")
    output = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True).stdout
    assert output.split() == ["True", "True", "create_app"]


def test_building_the_parser_loads_no_command_dependencies():
    heavy = ["pydantic", "sqlalchemy", "textual", "jinja2", "ror_assistant.matching", "ror_assistant.storage",
             "ror_assistant.review.render", "ror_assistant.workflow.transitions"]
    assert _loaded_after("from ror_assistant.cli import build_parser\nbuild_parser()", heavy) == []


def test_field_choices_are_still_checked_and_listed(capsys):
    from ror_assistant.cli import build_parser
    from ror_assistant.matching import FIELDS

    parser = build_parser()
    assert parser.parse_args(["match", "--field", "mode", "x"]).field == "mode"
    with pytest.raises(SystemExit):
        parser.parse_args(["match", "--field", "inconnu", "x"])
    assert "choix invalide : 'inconnu'" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        parser.parse_args(["match", "--help"])
    assert f"champ ROR : {', '.join(FIELDS)}" in " ".join(capsys.readouterr().out.split())


def test_status_labels_still_importable_from_workflow():
    from ror_assistant.workflow import STATUS_LABELS, status_label

    assert STATUS_LABELS["prete"] == status_label("prete")


def test_bundled_revisions_match_alembic():
    from alembic.script import ScriptDirectory

    from ror_assistant.storage.db import MIGRATIONS_DIR, Database, _revisions

    script = ScriptDirectory(str(MIGRATIONS_DIR))
    known, head = _revisions()
    assert known == {revision.revision for revision in script.walk_revisions()}
    assert head == Database.head_revision() == script.get_current_head()
