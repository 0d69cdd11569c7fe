"""ror-assistant: describe a health establishment's units for the ROR, one question at a time.

The package is split by what each part does (see docs/architecture.md): a headless core
(nomenclature, matching, storage, rules, interview, review, exchange, progress) and two
front ends (tui/ with Textual, plain/ line by line). Only tui/ may import Textual.
"""

__version__ = "0.1.0"
