"""Where the bundled data lives, in a source checkout and in an installed wheel.

The data directories (dialogs/, nomenclatures/) sit at the top of the repository so trainers
and reviewers find them; the wheel copies them under ``ror_assistant/_data/``. Both layouts are
looked up here, once, so no other module guesses paths.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


@cache
def data_dir(name: str) -> Path:
    """Return the directory holding bundled data ``name`` ("dialogs" or "nomenclatures")."""
    for candidate in (_PACKAGE / "_data" / name, _PACKAGE.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"bundled data directory {name!r} not found next to {_PACKAGE}")


def nomenclatures_dir() -> Path:
    return data_dir("nomenclatures")


def dialogs_dir() -> Path:
    return data_dir("dialogs")
