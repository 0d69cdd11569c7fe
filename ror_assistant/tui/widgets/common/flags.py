"""Side panel: the unit's ANS status and each criterion still missing.

Read from the engine (``rules.unit_flags`` behind it) after every confirmed answer, so the
référent sees the effect of an answer on the ANS dashboard at once. Met criteria show ✓ and
missing ones ✗ with their name: readable without colour.
"""

from __future__ import annotations

from textual.widgets import Static


def flags_text(status: str, by_code: dict[str, bool | None]) -> str:
    """``Statut ANS : En cours`` then one ✓/✗ line per applicable criterion."""
    # Deferred for start-up time: progress pulls the rules, SQL queries and Jinja2 (~60 ms),
    # and the home screen paints before any status is known.
    from ror_assistant.progress.dashboard import FLAG_NAMES

    lines = [f"Statut ANS : {status}"]
    for code, met in by_code.items():
        if met is not None:
            lines.append(f"{'✓' if met else '✗'} {FLAG_NAMES.get(code, code)}")
    return "\n".join(lines)


class FlagsPanel(Static):
    """ANS status and criteria of one unit (interview side panel, home details)."""

    def show_flags(self, status: str, by_code: dict[str, bool | None]) -> None:
        self.update(flags_text(status, by_code))
