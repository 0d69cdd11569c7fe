"""Plain line mode: the interview as a conversation on stdin/stdout.

For screen-reader users (Textual is not accessible to them, field notes C), dumb terminals and
scripts. It runs the very same engine as the Textual screen; it only prints and reads lines:
no colours, no cursor movement, numbered proposals, and French command words.
"""

from ror_assistant.plain.conversation import COMMANDS, run_plain

__all__ = ["COMMANDS", "run_plain"]
