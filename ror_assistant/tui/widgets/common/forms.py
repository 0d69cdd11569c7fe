"""Dialogs of the validation workflow: a few labelled lines, or a remark on one item of the sheet.

Keyboard only: Entrée goes to the next line and, on the last one, validates; Échap cancels.
Unlike :class:`~ror_assistant.tui.widgets.common.dialogs.AskText`, lines may be left empty
(an optional fingerprint, an optional comment): the workflow decides what is required.
"""

from __future__ import annotations

from collections.abc import Sequence

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from ror_assistant.tui.keys import DIALOG_BINDINGS


class AskFields(ModalScreen[list[str] | None]):
    """A title and one input per (label, value); dismisses with the stripped texts, or None."""

    BINDINGS = DIALOG_BINDINGS

    def __init__(self, title: str, fields: Sequence[tuple[str, str]], hint: str = "") -> None:
        super().__init__()
        self._title, self._fields, self._hint = title, list(fields), hint

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog form-dialog"):
            yield Static(self._title, classes="section-title", markup=False)
            for index, (label, value) in enumerate(self._fields):
                yield Static(label, classes="form-label", markup=False)
                yield Input(value, id=f"field-{index}", select_on_focus=False)
            yield Static(self._hint or "Entrée : ligne suivante puis valider ; Échap : annuler.", classes="hint",
                         markup=False)

    def on_mount(self) -> None:
        self.query_one("#field-0", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        inputs = list(self.query(Input))
        position = inputs.index(event.input)
        if position + 1 < len(inputs):
            inputs[position + 1].focus()
        else:
            self.dismiss([field.value.strip() for field in inputs])

    def action_cancel(self) -> None:
        self.dismiss(None)


class AskRemark(ModalScreen[tuple[str, str] | None]):
    """Which item of the sheet (``items``: key, title; the first is the default) and what to
    correct; dismisses with (item key, remark) or None."""

    BINDINGS = DIALOG_BINDINGS

    def __init__(self, title: str, items: Sequence[tuple[str, str]]) -> None:
        super().__init__()
        self._title, self._items = title, list(items)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog form-dialog"):
            yield Static(self._title, classes="section-title", markup=False)
            yield Static("Point de la fiche (↑↓ puis Entrée) :", classes="form-label")
            yield OptionList(*(Option(title, id=key) for key, title in self._items), id="remark-item")
            yield Static("Ce qu'il faut corriger :", classes="form-label")
            yield Input(id="remark-text", select_on_focus=False)
            yield Static("Entrée pour enregistrer, Échap pour annuler.", classes="hint")

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        options.highlighted = 0
        options.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.query_one("#remark-text", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        text = event.value.strip()
        if not text:
            return
        options = self.query_one(OptionList)
        index = options.highlighted if options.highlighted is not None else 0
        self.dismiss((self._items[index][0], text))

    def action_cancel(self) -> None:
        self.dismiss(None)
