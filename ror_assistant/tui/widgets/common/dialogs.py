"""Small modal dialogs: ask for a name, confirm an action. Keyboard only: Enter, Échap."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.events import Key
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from ror_assistant.tui.keys import DIALOG_BINDINGS


class AskText(ModalScreen[str | None]):
    """A title, an input line pre-filled with ``value``; dismisses with the text or None."""

    BINDINGS = DIALOG_BINDINGS

    def __init__(self, title: str, value: str = "", hint: str = "") -> None:
        super().__init__()
        self._title, self._value, self._hint = title, value, hint

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(self._title, classes="section-title", markup=False)
            yield Input(self._value, id="dialog-input", select_on_focus=False)
            yield Static(self._hint or "Entrée pour valider, Échap pour annuler.", classes="hint", markup=False)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        text = event.value.strip()
        if text:
            self.dismiss(text)

    def action_cancel(self) -> None:
        self.dismiss(None)


class Confirm(ModalScreen[bool]):
    """A question answered with o (oui) or n / Échap (non)."""

    BINDINGS = DIALOG_BINDINGS

    def __init__(self, question: str) -> None:
        super().__init__()
        self._question = question

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(self._question, markup=False)
            yield Static("o : oui   n ou Échap : non", classes="hint")

    def on_key(self, event: Key) -> None:
        if event.character in ("o", "O"):
            event.stop()
            self.dismiss(True)
        elif event.character in ("n", "N"):
            event.stop()
            self.dismiss(False)

    def action_cancel(self) -> None:
        self.dismiss(False)
