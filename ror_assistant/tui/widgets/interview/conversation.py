"""The conversation so far, like a chat: questions asked, answers confirmed, engine messages.

Opening a unit replays what is already recorded (from the engine's summary), so someone who
comes back sees the thread where they left it; new turns are appended as they happen and the
view keeps the last one in sight.
"""

from __future__ import annotations

from textual.containers import VerticalScroll
from textual.widgets import Static


class Conversation(VerticalScroll, can_focus=False):
    """Append-only list of turns; the newest is scrolled into view."""

    def add_question(self, text: str) -> None:
        self._add(f"? {text}", "turn-question")

    def add_answer(self, text: str) -> None:
        self._add(f"› {text}", "turn-answer")

    def add_message(self, text: str, *, error: bool = False) -> None:
        self._add(("⚠ " if error else "") + text, "message -error" if error else "message")

    def _add(self, text: str, classes: str) -> None:
        self.mount(Static(text, classes=classes, markup=False))
        self.scroll_end(animate=False)
