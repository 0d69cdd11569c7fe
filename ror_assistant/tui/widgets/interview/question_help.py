"""The current question's help under the question, in at most two lines.

At 80×24 there is room for two lines of help; a longer help (« Un seul champ par unité : MCO…,
L'ANS ne compte l'unité que si ce… ») used to be cut mid-sentence with nothing saying so. The
lines that do not fit are replaced by « … (F1) »: the whole help, with its example, is on F1.
"""

from __future__ import annotations

import textwrap

from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget

MAX_LINES = 2
MORE = " … (F1)"


def fit_lines(text: str, width: int, max_lines: int = MAX_LINES) -> str:
    """``text`` wrapped at ``width``; when it needs more than ``max_lines`` lines, the first ones
    with the last shortened at a word boundary and « … (F1) » appended."""
    width = max(width, len(MORE) + 10)
    lines = [line for paragraph in text.splitlines() for line in (textwrap.wrap(paragraph, width) or [""])]
    if len(lines) <= max_lines:
        return "\n".join(lines)
    kept = lines[:max_lines]
    last = kept[-1]
    room = width - len(MORE)
    if len(last) > room:
        last = last[:room].rsplit(" ", 1)[0] if " " in last[:room] else last[:room]
    kept[-1] = last.rstrip(" ,;:") + MORE
    return "\n".join(kept)


class QuestionHelp(Widget):
    """Shows :attr:`text` fitted to the widget's width (:func:`fit_lines`), again on resize."""

    text: reactive[str] = reactive("", layout=True)

    def render(self) -> Text:
        return Text(fit_lines(self.text, self.content_size.width or 78))
