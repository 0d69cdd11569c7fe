"""Active successors of deprecated codes: a person may still type "Soins palliatifs (286)".

Two sources, both explainable to a reviewer:

* the same label held by an active code of the same value set (R211 174 "Dialyse péritonéale"
  → 583): found automatically, the active code always wins;
* nomenclatures/successors.yaml, a curated table where every line gives its reason, for codes
  whose replacement has another label (R211 286 → 170, R213 14 → 28…). NOS tables carry no
  "replaced by" link, so this knowledge has to be written down once, with its source.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from ror_assistant.datafiles import load_model
from ror_assistant.paths import nomenclatures_dir

SUCCESSORS_HINT = "chaque entrée a value_set, code, successors (liste de codes actifs) et reason."


class SuccessorEntry(BaseModel):
    model_config = ConfigDict(extra="forbid")

    value_set: str = Field(description="short value set id, e.g. J17")
    code: str
    successors: list[str] = Field(min_length=1)
    reason: str = Field(min_length=3)


class SuccessorFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    entries: list[SuccessorEntry]


def load_successors(path: Path | None = None) -> dict[tuple[str, str], SuccessorEntry]:
    """(value set, deprecated code) → curated entry."""
    if path is None:
        return _bundled()
    data = load_model(path, SuccessorFile, SUCCESSORS_HINT)
    return {(entry.value_set, entry.code): entry for entry in data.entries}


@cache
def _bundled() -> dict[tuple[str, str], SuccessorEntry]:
    data = load_model(nomenclatures_dir() / "successors.yaml", SuccessorFile, SUCCESSORS_HINT)
    return {(entry.value_set, entry.code): entry for entry in data.entries}
