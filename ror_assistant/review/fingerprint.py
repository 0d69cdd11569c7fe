"""The fingerprint of a unit's description, printed on its review sheet.

A chef de service signs a paper sheet; weeks later someone must be able to say whether the data
in the database is still what was signed. The sheet therefore carries a SHA-256 over a canonical
JSON of the :class:`~ror_assistant.description.UnitDescription`, and the workflow records it when
the sheet is issued and when it is validated.

Canonical means: the same content always gives the same bytes. Keys are sorted, lists of codes
are sorted (the order in which activités were typed says nothing about the unit), and the
fields that describe the *process* rather than the unit are left out: the workflow ``status``
(issuing the sheet changes it), the storage bookkeeping (``revision``, ``updated_at``,
``updated_by`` move with every status change), where the interview stopped, and the database ids
of contacts. Nothing about the rendering (date, format) enters the hash.
"""

from __future__ import annotations

import hashlib
import json

from ror_assistant.description import UnitDescription

#: Fields of UnitDescription that are about the workflow, not the unit's content.
EXCLUDED_FIELDS = frozenset({"status", "revision", "updated_at", "updated_by", "interview_step"})

#: Lists whose order carries no meaning (sorted before hashing).
_UNORDERED_CODE_LISTS = ("activites_operationnelles", "publics", "other_codes")

#: Hex digits shown on the sheet: 12 (48 bits) is plenty to tell two versions of a unit apart
#: and short enough to be read aloud or typed back from a signed paper.
SHORT_LENGTH = 12


def canonical_json(unit: UnitDescription) -> str:
    """The description as one canonical JSON text (the exact bytes that are hashed)."""
    data = unit.model_dump(mode="json", exclude={**dict.fromkeys(EXCLUDED_FIELDS, True), "contacts": {"__all__": {"id"}}})
    for name in _UNORDERED_CODE_LISTS:
        data[name] = sorted(data[name], key=lambda answer: (answer["attribute"], answer["code"], answer["value_set"]))
    return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def fingerprint(unit: UnitDescription) -> str:
    """Full SHA-256 (64 hex digits) of the unit's canonical description; stored in WorkflowEvent."""
    return hashlib.sha256(canonical_json(unit).encode("utf-8")).hexdigest()


def short_fingerprint(full: str) -> str:
    """``3f2a9c0177be…`` → ``3f2a-9c01-77be``: the first 12 hex digits in groups of four."""
    head = full[:SHORT_LENGTH]
    return "-".join(head[index:index + 4] for index in range(0, len(head), 4))


def matches(full: str, typed: str) -> bool:
    """Does ``typed`` (copied from a paper sheet: short or full, any case, dashes or spaces) match ``full``?"""
    cleaned = "".join(char for char in typed.lower() if char in "0123456789abcdef")
    return len(cleaned) >= SHORT_LENGTH and full.startswith(cleaned)
