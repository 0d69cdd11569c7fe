"""The answer line: an Input where a digit picks a proposal once words have been typed.

Digits must still reach the line for ages, numbers and codes, so a digit picks only while
proposals are on screen and the line starts with a letter (``onco`` then ``2``); a line that
starts with a digit (``183``, ``18 à 90 ans``) keeps every digit.
"""

from __future__ import annotations

from textual import events
from textual.message import Message
from textual.widgets import Input


class AnswerInput(Input):
    """Posts :class:`AnswerInput.Pick` for a picking digit instead of inserting it."""

    class Pick(Message):
        def __init__(self, number: int) -> None:
            super().__init__()
            self.number = number

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.proposal_count = 0

    def picks(self, character: str | None) -> bool:
        """Whether typing ``character`` now means « take proposal number character »."""
        value = self.value.strip()
        return (character is not None and character.isdigit()
                and 1 <= int(character) <= self.proposal_count
                and bool(value) and not value[0].isdigit())

    async def _on_key(self, event: events.Key) -> None:
        if self.picks(event.character):
            event.stop()
            event.prevent_default()
            self.post_message(self.Pick(int(event.character)))
            return
        await super()._on_key(event)
