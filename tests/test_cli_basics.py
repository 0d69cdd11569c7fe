"""The command line: global options, French errors, non-zero exits."""

from __future__ import annotations

import pytest

from ror_assistant.cli import main
from ror_assistant.settings import DB_ENV, Settings


def test_version_prints_and_exits_zero(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--version"])
    assert exit_info.value.code == 0
    assert "ror-assistant" in capsys.readouterr().out


def test_settings_command_line_wins_over_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(DB_ENV, "sqlite:///from-env.sqlite3")
    assert Settings.resolve().db_url == "sqlite:///from-env.sqlite3"
    assert Settings.resolve(db="sqlite:///cli.sqlite3", user="marie").db_url == "sqlite:///cli.sqlite3"
    assert Settings.resolve(user="marie").user == "marie"


def test_default_user_is_the_login_name(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ROR_ASSISTANT_USER", raising=False)
    monkeypatch.setenv("LOGNAME", "referent42")
    monkeypatch.setenv("USER", "referent42")
    assert Settings.resolve().user == "referent42"
