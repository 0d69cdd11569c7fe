"""Pick a theme that stays readable on the terminal at hand.

Over SSH, ``COLORTERM`` is not forwarded, so Textual falls back to 256 colours and washes out
subtle shades; a Linux console gives 16; ``NO_COLOR`` asks for none. Textual's ``NO_COLOR``
filter only acts on terminal output, so the app also switches to a monochrome theme: then screen
captures (snapshots, ``deliver_text`` of a screenshot) show what the user really sees. Meaning
never rests on colour alone anyway: statuses are words, scores are bars, matches are underlined.
"""

from __future__ import annotations

import os
from collections.abc import Mapping

from textual.theme import Theme

ROR_DARK = Theme(
    name="ror-sombre",
    # Colours picked from the xterm 256 palette so the downgrade over SSH changes nothing.
    primary="#5f87d7",
    secondary="#00afaf",
    accent="#ffaf00",
    warning="#ffaf00",
    error="#ff5f5f",
    success="#5fd75f",
    foreground="#e4e4e4",
    background="#1c1c1c",
    surface="#262626",
    panel="#303030",
    dark=True,
)

ROR_MONOCHROME = Theme(
    name="ror-monochrome",
    primary="#ffffff",
    secondary="#d0d0d0",
    accent="#ffffff",
    warning="#ffffff",
    error="#ffffff",
    success="#ffffff",
    foreground="#ffffff",
    background="#000000",
    surface="#000000",
    panel="#303030",
    dark=True,
)

#: Textual's built-in theme made of the terminal's own 16 ANSI colours.
ANSI_THEME = "ansi-dark"

THEMES = (ROR_DARK, ROR_MONOCHROME)


def choose_theme(environ: Mapping[str, str] | None = None) -> str:
    """Name the theme for this terminal: monochrome, the 16 ANSI colours, or ours."""
    environ = os.environ if environ is None else environ
    if "NO_COLOR" in environ:
        return ROR_MONOCHROME.name
    color_system = environ.get("TEXTUAL_COLOR_SYSTEM", "")
    if color_system == "standard" or (not color_system and environ.get("TERM") == "linux"):
        return ANSI_THEME
    return ROR_DARK.name
