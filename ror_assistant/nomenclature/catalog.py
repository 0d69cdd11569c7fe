"""The catalog of NOS tables and ROR value sets, loaded from nomenclatures/.

Loaded once per process (about 4,000 rows, well under 200 ms; see benchmarks/). Lookups are
by full identifier ("JDV_J17-ActiviteOperationnelle-ROR") or short one ("J17", "R211").
New official releases (see :mod:`ror_assistant.nomenclature.fhir_import`) are laid over the
bundled data with :meth:`Catalog.with_release`; the version they replace stays in
:attr:`Catalog.history`, so answers coded against it can still be explained.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from functools import cache, cached_property
from pathlib import Path

from ror_assistant.errors import DataFileError, UserError
from ror_assistant.nomenclature.models import (
    Binding,
    CodeTable,
    Concept,
    Manifest,
    ManifestEntry,
    ValueSet,
    ValueSetMember,
    version_key,
)
from ror_assistant.paths import nomenclatures_dir
from ror_assistant.textfold import fold

_TABLE_COLUMNS = {"code", "libelle", "libelle_court", "date_debut", "date_fin", "statut", "date_maj"}
_VALUE_SET_COLUMNS = {"code", "libelle", "tre", "jdv"}


def _system_name(raw: str) -> str:
    """``TRE_R283-NiveauConfidentialite (OID …)`` → ``TRE_R283-NiveauConfidentialite``."""
    raw = raw.strip()
    if raw.startswith("TRE_"):
        return raw.split(" ", 1)[0]
    return raw


def _date(value: str, path: Path, line: int) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError as error:
        raise DataFileError(path, line, f"date invalide « {value} »", "écrivez la date au format AAAA-MM-JJ.") from error


def _rows(path: Path, required: set[str]) -> Iterator[tuple[int, dict[str, str]]]:
    """Yield (line number, row) of a CSV file, checking its header first."""
    try:
        handle = path.open(encoding="utf-8", newline="")
    except OSError as error:
        raise DataFileError(path, None, f"lecture impossible ({error.strerror})",
                            "réinstallez ror-assistant ou vérifiez le manifeste.") from error
    with handle:
        reader = csv.DictReader(handle)
        missing = required - set(reader.fieldnames or ())
        if missing:
            raise DataFileError(path, 1, f"colonnes manquantes : {', '.join(sorted(missing))}",
                                f"l'en-tête doit contenir {', '.join(sorted(required))}.")
        for row in reader:
            yield reader.line_num, {key: (value or "").strip() for key, value in row.items() if key}


def read_code_table(path: Path, entry: ManifestEntry) -> CodeTable:
    """Read a TRE CSV. Every field is checked here, row by row, so the rows are built with
    ``model_construct`` (no second validation): this halves the loading time of 4,000 rows."""
    concepts: dict[str, Concept] = {}
    lines: dict[str, int] = {}
    for line, row in _rows(path, _TABLE_COLUMNS):
        if row["statut"] not in {"active", "deprecated"}:
            raise DataFileError(path, line, f"statut inconnu « {row['statut']} »", "utilisez active ou deprecated.")
        code = row["code"]
        if not code:
            raise DataFileError(path, line, "code vide", "chaque ligne doit avoir un code.")
        if code in lines:
            raise DataFileError(path, line, f"le code « {code} » est déjà à la ligne {lines[code]}",
                                "un code n'apparaît qu'une fois par table : supprimez le doublon.")
        lines[code] = line
        concepts[code] = Concept.model_construct(
            system=entry.id,
            code=code,
            libelle=row["libelle"],
            libelle_court=row.get("libelle_court", ""),
            status=row["statut"],  # type: ignore[arg-type]
            date_debut=_date(row["date_debut"], path, line),
            date_fin=_date(row["date_fin"], path, line),
            date_maj=_date(row["date_maj"], path, line),
            autres_designations=tuple(part.strip() for part in row.get("autres_designations", "").split("|") if part.strip()),
            definition=row.get("definition", ""),
        )
    return CodeTable(id=entry.id, version=entry.version, date=entry.date, source=entry.source, concepts=concepts)


def read_value_set(path: Path, entry: ManifestEntry) -> ValueSet:
    """Read a JDV CSV; a code may repeat across tables (J186) but not within one."""
    members = []
    lines: dict[tuple[str, str], int] = {}
    for line, row in _rows(path, _VALUE_SET_COLUMNS):
        if not row["code"]:
            raise DataFileError(path, line, "code vide", "chaque ligne doit avoir un code.")
        if row["code"] == "*":  # "all codes of another table", which is not bundled (J51 → R265)
            continue
        system = _system_name(row["tre"])
        if (system, row["code"]) in lines:
            raise DataFileError(path, line, f"le code « {row['code']} » de {system} est déjà à la ligne "
                                f"{lines[system, row['code']]}", "supprimez le doublon.")
        lines[system, row["code"]] = line
        members.append(ValueSetMember.model_construct(code=row["code"], display=row["libelle"], system=system))
    return ValueSet(id=entry.id, version=entry.version, date=entry.date, source=entry.source, members=tuple(members))


def read_bindings(path: Path) -> list[Binding]:
    columns = {"profil", "element_fhir", "attribut_metier", "jdv", "tre", "force", "source", "note"}
    return [
        Binding(profile=row["profil"], element=row["element_fhir"], attribute=row["attribut_metier"],
                value_set=row["jdv"], tables=row["tre"], strength=row["force"], source=row["source"], note=row["note"])
        for _, row in _rows(path, columns)
    ]


@dataclass(frozen=True)
class SearchHit:
    value_set: str
    concept: Concept


@dataclass
class Catalog:
    """All bundled tables, value sets and bindings, with lookups used across the product."""

    tables: dict[str, CodeTable]
    value_sets: dict[str, ValueSet]
    bindings: list[Binding]
    history: dict[str, list[CodeTable | ValueSet]] = field(default_factory=dict)

    # -- identifiers ---------------------------------------------------------------
    def _find(self, ident: str, pool: dict[str, CodeTable] | dict[str, ValueSet], prefix: str):
        if ident in pool:
            return pool[ident]
        short = ident.removeprefix(prefix).split("-", 1)[0].upper()
        for key, item in pool.items():
            if key.removeprefix(prefix).split("-", 1)[0].upper() == short:
                return item
        return None

    def lookup(self, ident: str) -> CodeTable | ValueSet | None:
        """The table or value set ``ident`` names (full or short id), or None: for callers that
        accept both kinds and report an unknown name themselves."""
        if ident.upper().startswith("JDV") or re.match(r"(?i)J\d", ident):
            return self._find(ident, self.value_sets, "JDV_")
        return self._find(ident, self.tables, "TRE_") or self._find(ident, self.value_sets, "JDV_")

    def table(self, ident: str) -> CodeTable:
        found = self._find(ident, self.tables, "TRE_")
        if found is None:
            raise UserError(f"Table de nomenclature inconnue : « {ident} ».",
                            "« ror-assistant nomenclatures list » affiche les tables disponibles.")
        return found

    def value_set(self, ident: str) -> ValueSet:
        found = self._find(ident, self.value_sets, "JDV_")
        if found is None:
            raise UserError(f"Jeu de valeurs inconnu : « {ident} ».",
                            "« ror-assistant nomenclatures list » affiche les jeux de valeurs disponibles.")
        return found

    # -- concepts ------------------------------------------------------------------
    def concept(self, system: str, code: str) -> Concept | None:
        """The concept ``code`` of table ``system``, deprecated ones included."""
        table = self._find(system, self.tables, "TRE_")
        return table.concepts.get(code) if table else None

    def resolve(self, value_set: str, code: str) -> Concept | None:
        """What ``code`` means for ``value_set``: a member (with the value set's display), or a
        code of its underlying table that the value set does not (or no longer) admit."""
        members = self.value_set(value_set)
        member = members.member(code)
        if member is not None:
            return self._member_concept(member)
        for system in {member.system for member in members.members}:
            concept = self.concept(system, code)
            if concept is not None:
                return concept
        return None

    def _member_concept(self, member: ValueSetMember) -> Concept:
        concept = self.concept(member.system, member.code)
        if concept is None:
            return Concept(system=member.system, code=member.code, libelle=member.display)
        if concept.libelle != member.display:
            return concept.model_copy(update={"libelle": member.display})
        return concept

    def active_concepts(self, value_set: str) -> list[Concept]:
        """Codes a person may choose today for ``value_set``, labelled as the value set shows them."""
        concepts = [self._member_concept(member) for member in self.value_set(value_set).members]
        return [concept for concept in concepts if concept.active]

    def deprecated_concepts(self, value_set: str) -> list[Concept]:
        """Codes of the value set's tables that are deprecated (kept to recognise old answers)."""
        systems = {member.system for member in self.value_set(value_set).members}
        return [concept for system in sorted(systems) if (table := self._find(system, self.tables, "TRE_"))
                for concept in table.concepts.values() if not concept.active]

    def is_active_member(self, value_set: str, code: str) -> bool:
        member = self.value_set(value_set).member(code)
        return member is not None and self._member_concept(member).active

    # -- bindings ------------------------------------------------------------------
    def binding(self, attribute: str) -> Binding:
        for binding in self.bindings:
            if binding.attribute == attribute:
                return binding
        raise UserError(f"Attribut ROR inconnu : « {attribute} ».",
                        "utilisez un nom d'attribut de ROR-bindings.csv, par exemple activiteOperationnelle.")

    def value_set_for(self, attribute: str) -> ValueSet:
        return self.value_set(self.binding(attribute).value_set)

    # -- search --------------------------------------------------------------------
    @cached_property
    def _search_index(self) -> list[tuple[str, str, Concept]]:
        """(value set, folded labels, concept) of every member, folded once per catalog: a
        search then costs a substring test per member instead of folding 3,000 labels."""
        index = []
        for value_set in self.value_sets.values():
            for member in value_set.members:
                concept = self._member_concept(member)
                label = fold(f"{concept.libelle} {concept.libelle_court} {' '.join(concept.autres_designations)}")
                index.append((value_set.id, label, concept))
        return index

    def search(self, text: str, limit: int = 20) -> list[SearchHit]:
        """Concepts of every value set whose label holds all the words of ``text``
        (accents and case ignored), active ones first, shortest label first."""
        words = fold(text).split()
        code = text.strip()
        hits = [SearchHit(value_set, concept) for value_set, label, concept in self._search_index
                if all(word in label for word in words) or concept.code == code]
        hits.sort(key=lambda hit: (not hit.concept.active, len(hit.concept.libelle), hit.value_set, hit.concept.code))
        return hits[:limit]

    # -- releases ------------------------------------------------------------------
    def with_release(self, release: CodeTable | ValueSet) -> "Catalog":
        """A catalog that also knows ``release``: the newest version of its id (by
        :func:`version_key`) is the current one, every other version goes to :attr:`history`,
        oldest first. A version already known is left as it is, so laying the same release
        twice changes nothing."""
        tables, value_sets = dict(self.tables), dict(self.value_sets)
        pool: dict = tables if isinstance(release, CodeTable) else value_sets
        history = {key: list(value) for key, value in self.history.items()}
        versions = [*history.get(release.id, []), *([pool[release.id]] if release.id in pool else [])]
        if any(known.version == release.version for known in versions):
            return self
        versions = sorted([*versions, release], key=version_key)
        pool[release.id] = versions[-1]
        history[release.id] = versions[:-1]
        return Catalog(tables=tables, value_sets=value_sets, bindings=self.bindings, history=history)

    def all_versions(self, ident: str) -> list[CodeTable | ValueSet]:
        """Every known version of a table or value set, oldest first, the current one last."""
        current = self.lookup(ident)
        if current is None:
            return []
        return [*self.history.get(current.id, []), current]


def load_manifest(directory: Path) -> Manifest:
    from ror_assistant.datafiles import load_model  # YAML parser: loaded with the data, not at start-up

    return load_model(directory / "manifest.yaml", Manifest,
                      "chaque entrée du manifeste a file, id, kind, version, date et source.")


def load_from(directory: Path) -> Catalog:
    """Load every file listed in ``directory``/manifest.yaml."""
    tables: dict[str, CodeTable] = {}
    value_sets: dict[str, ValueSet] = {}
    bindings: list[Binding] = []
    for entry in load_manifest(directory).tables:
        path = directory / entry.file
        if entry.kind == "code_system":
            tables[entry.id] = read_code_table(path, entry)
        elif entry.kind == "value_set":
            value_sets[entry.id] = read_value_set(path, entry)
        elif entry.kind == "bindings":
            bindings = read_bindings(path)
    return Catalog(tables=tables, value_sets=value_sets, bindings=bindings)


@cache
def load_catalog() -> Catalog:
    """The bundled catalog, loaded once per process."""
    return load_from(nomenclatures_dir())
