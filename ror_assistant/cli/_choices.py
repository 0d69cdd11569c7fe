"""``--field`` choices read when argparse needs them, not when the parser is built.

Every start builds the whole parser (each command module registers its options), the app's
start included. The field keys live in ``ror_assistant.matching``, whose import (~50 ms) the
parser should not pay: argparse only looks at choices to check a typed value or to print help
(and to write the usage line, hence the options using them give a ``metavar``).
"""

from __future__ import annotations

from collections.abc import Iterator


def _field_keys() -> list[str]:
    from ror_assistant.matching import FIELDS  # deferred for start-up time (see above)

    return list(FIELDS)


class FieldChoices:
    """The matcher's field keys (``activite``, ``mode``…) in its order; a help string shows
    them with ``%(choices)s``, which argparse fills from the choices."""

    def __contains__(self, key: object) -> bool:
        return key in _field_keys()

    def __iter__(self) -> Iterator[str]:
        return iter(_field_keys())
