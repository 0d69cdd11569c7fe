"""Errors meant for people, in French: what is wrong and how to fix it.

Every layer raises :class:`UserError` for a problem the user can act on (bad code, malformed
file, locked database…). Front ends show ``str(error)`` as is; the CLI exits non-zero. Anything
else is a bug and keeps its traceback.
"""

from __future__ import annotations


class UserError(Exception):
    """A problem the user can fix. ``message`` says what is wrong, ``hint`` how to fix it."""

    exit_code = 2

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        if self.hint:
            return f"{self.message}\nPour corriger : {self.hint}"
        return self.message


class DataFileError(UserError):
    """A data file (dialog, lexicon, nomenclature) is malformed; names the file and line."""

    def __init__(self, path: object, line: int | None, problem: str, hint: str) -> None:
        where = f"{path}, ligne {line}" if line else f"{path}"
        super().__init__(f"Fichier {where} : {problem}", hint)
        self.path = path
        self.line = line
        self.problem = problem


class ConflictError(UserError):
    """Someone else changed the same data since it was read: nothing was overwritten."""
