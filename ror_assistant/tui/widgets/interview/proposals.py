"""The proposals under the input line: number, code, libellé, a score bar, matched words.

Refreshed on every keystroke, so :func:`proposal_prompt` is plain string work (no matching, no
database) and the list is replaced in one ``set_options`` call. The score is drawn as a bar and
written as a number, and the libellé's words that the typed words start are underlined, so
nothing depends on colour. The engine decides what is proposed; this only shows why it fits.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from rich.text import Text
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from ror_assistant.interview.engine import Proposal
from ror_assistant.textfold import fold

BAR_CELLS = 8
_WORD = re.compile(r"\w+")


def score_bar(score: float | None) -> str:
    """``score`` (0–100) as eight cells of full and light blocks, e.g. ``██████░░``."""
    if score is None:
        return ""
    full = round(max(0.0, min(100.0, score)) * BAR_CELLS / 100)
    return "█" * full + "░" * (BAR_CELLS - full)


def typed_words(text: str) -> list[str]:
    """Folded words of two letters or more the user typed (``"HDJ d'onco"`` → hdj, onco)."""
    return [word for word in _WORD.findall(fold(text)) if len(word) >= 2]


def _matches(word: str, typed: Sequence[str]) -> bool:
    folded = fold(word)
    return len(folded) >= 2 and any(folded.startswith(part) or part.startswith(folded) for part in typed)


def proposal_prompt(number: int, proposal: Proposal, typed: Sequence[str] = ()) -> Text:
    """One line: ``1 183  Traitement … ██████░░ 82``, the libellé's words matching ``typed``
    (from :func:`typed_words`) underlined."""
    line = Text(f"{number} ", style="bold")
    if proposal.code:
        line.append(f"{proposal.code:<4} ", style="dim")
    label = Text(proposal.label)
    for match in _WORD.finditer(proposal.label):
        if _matches(match.group(), typed):
            label.stylize("bold underline", match.start(), match.end())
    line.append_text(label)
    if proposal.uncertain:
        line.append(" (à vérifier)", style="italic")
    if proposal.score is not None:
        line.append(f"  {score_bar(proposal.score)} {round(proposal.score):>3}")
    return line


class ProposalList(OptionList):
    """Numbered proposals; digits and Enter are handled by the interview screen."""

    def show(self, proposals: Sequence[Proposal], typed: str = "") -> None:
        words = typed_words(typed)
        self.set_options(Option(proposal_prompt(number, proposal, words))
                         for number, proposal in enumerate(proposals, start=1))
        self.set_class(not proposals, "-empty")
        if proposals:
            self.highlighted = 0
