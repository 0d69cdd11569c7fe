"""Pydantic models of the NOS data: concepts, code tables (TRE), value sets (JDV), bindings.

Codes are strings everywhere: leading zeros are part of the code ("001", "0984", "01").
A deprecated concept is kept with its end date, never dropped: stored answers may use it.
"""

from __future__ import annotations

import re
from datetime import date
from functools import cached_property
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

Status = Literal["active", "deprecated"]


class Concept(BaseModel):
    """One code of a NOS table, with its labels and life span."""

    model_config = ConfigDict(frozen=True)

    system: str = Field(description="table the code belongs to, e.g. TRE_R211-ActiviteOperationnelle")
    code: str
    libelle: str
    libelle_court: str = ""
    status: Status = "active"
    date_debut: date | None = None
    date_fin: date | None = None
    date_maj: date | None = None
    autres_designations: tuple[str, ...] = ()
    definition: str = ""

    @field_validator("code")
    @classmethod
    def _code_not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("le code est vide")
        return value.strip()

    @property
    def active(self) -> bool:
        return self.status == "active"


class CodeTable(BaseModel):
    """A NOS terminology table (TRE) in one version."""

    model_config = ConfigDict(frozen=True)

    id: str
    version: str
    date: str = ""
    source: str = ""
    concepts: dict[str, Concept]

    @property
    def active_count(self) -> int:
        return sum(concept.active for concept in self.concepts.values())


def version_key(resource: CodeTable | ValueSet) -> tuple[str, tuple[int, ...], str]:
    """Order of two versions of one table or value set: newest last.

    NOS stamps versions as timestamps (``20260601120000``), but older exports use ``0.1.0``
    for the same content, so the publication date decides first and the version's numbers
    break ties.
    """
    return resource.date, tuple(int(part) for part in re.findall(r"\d+", resource.version)), resource.version


class ValueSetMember(BaseModel):
    """A code admitted by a value set, with the display the value set gives it."""

    model_config = ConfigDict(frozen=True)

    code: str
    display: str
    system: str


class ValueSet(BaseModel):
    """A ROR value set (JDV): the subset of NOS codes allowed for one ROR attribute."""

    model_config = ConfigDict(frozen=True)

    id: str
    version: str
    date: str = ""
    source: str = ""
    members: tuple[ValueSetMember, ...]

    @property
    def short_id(self) -> str:
        """``JDV_J17-ActiviteOperationnelle-ROR`` → ``J17``."""
        return self.id.split("-", 1)[0].removeprefix("JDV_")

    @cached_property
    def _by_code(self) -> dict[str, ValueSetMember]:
        """Index built on first lookup: the interview checks codes one by one against J16's 1,305."""
        index: dict[str, ValueSetMember] = {}
        for member in self.members:
            index.setdefault(member.code, member)
        return index

    def member(self, code: str) -> ValueSetMember | None:
        """The member ``code`` stands for: a plain code, or one qualified by its table
        (``R356:60``, :meth:`qualified`) where codes repeat across the value set's tables."""
        if ":" in code:
            table, _, plain = code.partition(":")
            return next((member for member in self.members
                         if member.code == plain and table_short_id(member.system) == table), None)
        return self._by_code.get(code)

    @cached_property
    def codes_repeat(self) -> bool:
        """Two of its tables use the same code (J186: « 60 » is Infirmier in TRE_G15 and
        Addictologue in TRE_R356), so a code alone does not say which concept is meant."""
        return len({member.code for member in self.members}) < len(self.members)

    def qualified(self, system: str, code: str) -> str:
        """The code as proposed to people: prefixed with its table (``G15:60``) where codes
        repeat across the value set's tables, plain otherwise."""
        return f"{table_short_id(system)}:{code}" if self.codes_repeat else code


def table_short_id(system: str) -> str:
    """``TRE_R356-ProfessionRessource`` → ``R356``."""
    return system.removeprefix("TRE_").split("-", 1)[0]


class Binding(BaseModel):
    """Which value set a ROR attribute takes its codes from (ROR-bindings.csv)."""

    model_config = ConfigDict(frozen=True)

    profile: str
    element: str
    attribute: str
    value_set: str
    tables: str = ""
    strength: str = ""
    source: str = ""
    note: str = ""


class ManifestEntry(BaseModel):
    """One bundled file as listed in nomenclatures/manifest.yaml."""

    model_config = ConfigDict(extra="forbid")

    file: str
    id: str
    kind: Literal["code_system", "value_set", "association", "bindings"]
    version: str
    date: str = ""
    source: str


class Manifest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    tables: list[ManifestEntry]
