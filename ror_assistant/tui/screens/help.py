"""F1 everywhere: the keys of the screen below, as remapped, and what the screen is for.

Built from the screen's active bindings rather than a hand-written list, so a key remapped in
``keys.toml`` shows with its new name and nothing is documented that does not exist. Keys are
the only thing a user over PuTTY cannot discover by hovering: this screen is the way.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Markdown, Static

from ror_assistant.tui.keys import DIALOG_BINDINGS


def describe_keys(screen: Screen) -> list[tuple[str, str]]:
    """(key as shown, what it does) for every binding with a description on ``screen``."""
    rows: dict[str, list[str]] = {}
    for active in screen.active_bindings.values():
        description = active.binding.description
        if description:
            rows.setdefault(description, []).append(screen.app.get_key_display(active.binding))
    return [(" / ".join(dict.fromkeys(keys)), description) for description, keys in rows.items()]


class HelpScreen(ModalScreen[None]):
    """Context help (``text``, Markdown) followed by the table of keys of ``screen``."""

    BINDINGS = [*DIALOG_BINDINGS, Binding("f1", "cancel", "Fermer l'aide", id="app.help")]

    def __init__(self, screen: Screen, text: str) -> None:
        super().__init__()
        self._keys = describe_keys(screen)
        self._text = text

    def compose(self) -> ComposeResult:
        width = max((len(key) for key, _ in self._keys), default=0)
        keys = "\n".join(f"{key:>{width}}  {description}" for key, description in self._keys)
        with VerticalScroll(id="help-box"):
            yield Markdown(self._text, id="help-text")
            yield Static("Touches", classes="section-title")
            yield Static(keys, id="help-keys", markup=False)
            yield Static("Échap ou F1 pour fermer. Les touches se changent dans keys.toml (voir docs/tui.md).",
                         classes="hint")

    def on_mount(self) -> None:
        self.query_one("#help-box").focus()  # so arrows and Page Down scroll a long help

    def action_cancel(self) -> None:
        self.dismiss(None)
