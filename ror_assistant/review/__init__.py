"""The review sheet a chef de service reads, ticks and signs (HTML for print, Markdown for text).

Entry points are in :mod:`ror_assistant.review.render` (``render_unit_sheet``, ``render_sheets``,
``issue_sheet``, ``units_in_scope``) and :mod:`ror_assistant.review.fingerprint`; see
``docs/review.md``. Nothing is imported here, so ``workflow`` can use the fingerprint and the
item names, and the command line offer the formats, without loading the renderer.
"""

from typing import Literal

Format = Literal["html", "md"]
#: Formats of the sheet: HTML to print and sign, Markdown to read on screen.
FORMATS: tuple[Format, ...] = ("html", "md")
