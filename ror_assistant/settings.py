"""Run-time settings: which database, who is working, where user files go.

Référents come in over SSH under their own account, so the default user is the login name.
The default database is a SQLite file in the user data directory, so the app works with no
set-up at all; ``--db`` or ``ROR_ASSISTANT_DB`` point it at any SQLAlchemy URL instead.
"""

from __future__ import annotations

import getpass
import os
from dataclasses import dataclass
from pathlib import Path

from platformdirs import user_config_dir, user_data_dir

APP_NAME = "ror-assistant"
DB_ENV = "ROR_ASSISTANT_DB"
USER_ENV = "ROR_ASSISTANT_USER"


def default_data_dir() -> Path:
    return Path(user_data_dir(APP_NAME, appauthor=False))


def default_config_dir() -> Path:
    return Path(user_config_dir(APP_NAME, appauthor=False))


def default_db_url() -> str:
    return f"sqlite:///{default_data_dir() / 'ror-assistant.sqlite3'}"


def login_name() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "inconnu"


@dataclass(frozen=True)
class Settings:
    """Resolved settings for one run; command-line values win over the environment.

    A plain dataclass: two strings need no validation, and ``ror-assistant --help`` or the
    building of the parser should not import pydantic (~70 ms); the app imports it later,
    with the tables (see ``tui/launch.py``)."""

    db_url: str
    user: str

    @classmethod
    def resolve(cls, db: str | None = None, user: str | None = None) -> "Settings":
        return cls(
            db_url=db or os.environ.get(DB_ENV) or default_db_url(),
            user=user or os.environ.get(USER_ENV) or login_name(),
        )
