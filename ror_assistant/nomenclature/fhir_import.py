"""Read official NOS releases, published by the ANS as FHIR JSON, into our models.

The ANS publishes each TRE as a FHIR ``CodeSystem`` and each JDV as a ``ValueSet`` (one file
per resource, or several in a ``Bundle``). Two shapes exist in the wild and both are read:

* the SMT / Ontoserver export: concept ``property`` ``status`` (active / deprecated / retired),
  ``dateValid``, ``dateMaj``, ``dateFin``, ``deprecationDate``, ``retirementDate``; the short
  label is a ``designation`` whose ``use`` is SNOMED 900000000000013009;
* the older IG-NOS export: no ``status`` (a concept with ``dateFin`` is ended), designations
  with ``use.code`` ``LibelleCourt`` / ``LibelleAdapte``; value-set concepts carry an ``OID``
  designation naming their table.

Files come from outside, so every problem becomes one French :class:`DataFileError` naming
the file and the JSON path (``concept[12].property[0].valueDateTime``). Parsing is all or
nothing: :func:`parse_release_files` reads every file before anything is recorded.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from ror_assistant.errors import DataFileError
from ror_assistant.nomenclature.models import CodeTable, Concept, Status, ValueSet, ValueSetMember, version_key

Kind = Literal["code_system", "value_set"]

_SHORT_LABEL_USES = {"900000000000013009", "LibelleCourt"}  # SNOMED "synonym" in SMT exports; IG-NOS code
_IGNORED_DESIGNATION_USES = {"OID"}  # IG-NOS value sets repeat the table OID as a designation
_NOS_URL = re.compile(r"/NOS/(?P<ident>(?:TRE|JDV|ASS)_[^/?#]+)")
_HINT_FORMAT = ("utilisez le fichier JSON FHIR publié par l'ANS (ressource CodeSystem, ValueSet "
                "ou Bundle qui les contient), sans le modifier.")


# -- FHIR shapes (only the elements we read; everything else is ignored) ----------------
class _Fhir(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)


class FhirCoding(_Fhir):
    system: str | None = None
    code: str | None = None
    display: str | None = None


class FhirDesignation(_Fhir):
    language: str | None = None
    use: FhirCoding | None = None
    value: str


class FhirProperty(_Fhir):
    code: str
    valueCode: str | None = None
    valueDateTime: str | None = None
    valueDate: str | None = None
    valueString: str | None = None
    valueBoolean: bool | None = None


class FhirConcept(_Fhir):
    code: str
    display: str | None = None
    definition: str | None = None
    designation: list[FhirDesignation] = Field(default_factory=list)
    property: list[FhirProperty] = Field(default_factory=list)
    concept: list[FhirConcept] = Field(default_factory=list)

    @field_validator("code")
    @classmethod
    def _code_not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("le code est vide")
        return value.strip()


class _FhirResource(_Fhir):
    id: str | None = None
    url: str | None = None
    name: str | None = None
    title: str | None = None
    version: str
    date: str | None = None


class FhirCodeSystem(_FhirResource):
    resourceType: Literal["CodeSystem"]
    content: str | None = None
    concept: list[FhirConcept] = Field(default_factory=list)


class FhirValueSetConcept(_Fhir):
    code: str
    display: str | None = None
    designation: list[FhirDesignation] = Field(default_factory=list)


class FhirInclude(_Fhir):
    system: str | None = None
    concept: list[FhirValueSetConcept] = Field(default_factory=list)
    filter: list[dict[str, Any]] = Field(default_factory=list)
    valueSet: list[str] = Field(default_factory=list)


class FhirCompose(_Fhir):
    include: list[FhirInclude] = Field(default_factory=list)
    exclude: list[FhirInclude] = Field(default_factory=list)


class FhirContains(_Fhir):
    system: str | None = None
    code: str | None = None
    display: str | None = None
    contains: list[FhirContains] = Field(default_factory=list)


class FhirExpansion(_Fhir):
    total: int | None = None
    contains: list[FhirContains] = Field(default_factory=list)


class FhirValueSet(_FhirResource):
    resourceType: Literal["ValueSet"]
    compose: FhirCompose | None = None
    expansion: FhirExpansion | None = None


# -- results -----------------------------------------------------------------------------
@dataclass(frozen=True)
class ParsedRelease:
    """One table or value set read from a file, ready to be compared and recorded."""

    kind: Kind
    resource: CodeTable | ValueSet
    origin: str  # file name, plus the Bundle entry when it came from one
    url: str


@dataclass(frozen=True)
class SkippedResource:
    """A Bundle entry that is neither a CodeSystem nor a ValueSet (reported, never dropped silently)."""

    origin: str
    resource_type: str


@dataclass(frozen=True)
class ReleaseBatch:
    releases: list[ParsedRelease]
    skipped: list[SkippedResource]


# -- identifiers -------------------------------------------------------------------------
def _normalise(raw: str) -> str | None:
    """``TRE-R211-ActiviteOperationnelle`` or ``JDV_J17_ActiviteOperationnelle_ROR`` → our id form."""
    parts = [part for part in re.split(r"[-_]", raw.strip()) if part]
    if len(parts) < 3 or parts[0].upper() not in {"TRE", "JDV"}:
        return None
    return f"{parts[0].upper()}_{parts[1].upper()}-{'-'.join(parts[2:])}"


def short_id(ident: str) -> str:
    """``TRE_R211-ActiviteOperationnelle`` → ``R211``; ``JDV_J17-…`` → ``J17``."""
    return re.split(r"[-_]", ident, maxsplit=2)[1].upper() if re.match(r"(?i)(TRE|JDV)[-_]", ident) else ident.upper()


def canonical_id(url: str | None, name: str | None = None, ident: str | None = None,
                 known: tuple[str, ...] = ()) -> str | None:
    """Our identifier for a NOS resource, from its canonical url, else its name, else its id.

    The url holds the exact NOS name (``…/NOS/TRE_R211-ActiviteOperationnelle/FHIR/…``); names
    and ids spell it with ``_`` or ``-``. When a table of the same short id (R211) is already
    known, its spelling wins so that a release always lands on the table it replaces.
    """
    found = None
    if url and (match := _NOS_URL.search(url)):
        found = match.group("ident")
    for candidate in (name, ident):
        if found is None and candidate:
            found = _normalise(candidate)
    if found is None:
        return None
    same_short = [key for key in known if short_id(key) == short_id(found)]
    return same_short[0] if len(same_short) == 1 else found


# -- errors ------------------------------------------------------------------------------
def json_path(location: tuple[int | str, ...]) -> str:
    """``("concept", 12, "code")`` → ``concept[12].code``."""
    text = ""
    for part in location:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "(racine)"


def _fail(path: Path, where: tuple[int | str, ...], problem: str, hint: str = _HINT_FORMAT) -> DataFileError:
    return DataFileError(path, None, f"{problem} (chemin JSON : {json_path(where)})", hint)


def _validation_error(path: Path, prefix: tuple[int | str, ...], error: ValidationError) -> DataFileError:
    first = error.errors()[0]
    location = (*prefix, *first["loc"])
    field = json_path(location)
    if first["type"] == "missing":
        problem = f"l'élément « {field} » est obligatoire et manque"
    elif first["type"] == "literal_error":
        problem = f"valeur non permise pour « {field} »"
    else:
        problem = f"valeur invalide pour « {field} » ({first['msg']})"
    return DataFileError(path, None, problem, _HINT_FORMAT)


# -- concepts of a CodeSystem --------------------------------------------------------------
def _date_part(path: Path, where: tuple[int | str, ...], value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError as error:
        raise _fail(path, where, f"date invalide « {value} »",
                    "les dates FHIR s'écrivent AAAA-MM-JJ ou AAAA-MM-JJThh:mm:ss+01:00.") from error


def _flatten(concepts: list[FhirConcept], where: tuple[int | str, ...]):
    """Concepts with their JSON location; nested concepts (hierarchies) are listed after their parent."""
    for index, concept in enumerate(concepts):
        yield concept, (*where, index)
        yield from _flatten(concept.concept, (*where, index, "concept"))


def _designations(designations: list[FhirDesignation]) -> tuple[str, tuple[str, ...]]:
    """(short label, other designations): the first short-label designation, then the rest."""
    short, others = "", []
    for designation in designations:
        use = designation.use.code if designation.use else None
        if use in _IGNORED_DESIGNATION_USES:
            continue
        if not short and use in _SHORT_LABEL_USES:
            short = designation.value.strip()
        elif designation.value.strip():
            others.append(designation.value.strip())
    return short, tuple(others)


def _concept(path: Path, table_id: str, concept: FhirConcept, where: tuple[int | str, ...]) -> Concept:
    if not (concept.display or "").strip():
        raise _fail(path, (*where, "display"), f"le concept « {concept.code} » n'a pas de libellé (display)")
    values: dict[str, date | None] = {}
    status: Status | None = None
    for index, prop in enumerate(concept.property):
        here = (*where, "property", index)
        if prop.code == "status":
            if prop.valueCode not in {"active", "deprecated", "retired"}:
                raise _fail(path, (*here, "valueCode"), f"statut inconnu « {prop.valueCode} »",
                            "le statut d'un concept NOS vaut active, deprecated ou retired.")
            # A retired code must stay readable in old answers: it is kept as deprecated.
            status = "active" if prop.valueCode == "active" else "deprecated"
        elif prop.code == "inactive" and prop.valueBoolean:
            status = "deprecated"
        elif prop.code in {"dateValid", "dateMaj", "dateFin", "deprecationDate", "retirementDate"}:
            values[prop.code] = _date_part(path, (*here, "valueDateTime"),
                                           prop.valueDateTime or prop.valueDate or prop.valueString)
    date_fin = values.get("dateFin") or values.get("deprecationDate") or values.get("retirementDate")
    if status is None:  # IG-NOS exports give no status: an end date means the code is ended
        status = "deprecated" if date_fin else "active"
    short, others = _designations(concept.designation)
    return Concept.model_construct(
        system=table_id, code=concept.code, libelle=concept.display.strip(), libelle_court=short,
        status=status, date_debut=values.get("dateValid"), date_fin=date_fin, date_maj=values.get("dateMaj"),
        autres_designations=others, definition=(concept.definition or "").strip(),
    )


def _code_table(path: Path, origin: str, prefix: tuple[int | str, ...], resource: FhirCodeSystem,
                table_id: str) -> CodeTable:
    if not resource.concept:
        raise _fail(path, (*prefix, "concept"),
                    f"la table {table_id} ne contient aucun concept (content = {resource.content or 'absent'})",
                    "importez l'export complet de la table (content = complete).")
    concepts: dict[str, Concept] = {}
    for concept, where in _flatten(resource.concept, (*prefix, "concept")):
        if concept.code in concepts:
            raise _fail(path, (*where, "code"), f"le code « {concept.code} » apparaît deux fois")
        concepts[concept.code] = _concept(path, table_id, concept, where)
    return CodeTable(id=table_id, version=resource.version, date=(resource.date or "")[:10],
                     source=f"import FHIR {origin} · {resource.url or resource.name}", concepts=concepts)


# -- members of a ValueSet -------------------------------------------------------------------
@dataclass(frozen=True)
class _Context:
    """What a value set may refer to: tables known to the catalog or read in the same batch."""

    tables: dict[str, CodeTable]

    def system_id(self, system: str) -> str:
        return canonical_id(system, known=tuple(self.tables)) or system

    def label(self, system: str, code: str) -> str | None:
        table = self.tables.get(system)
        concept = table.concepts.get(code) if table else None
        return concept.libelle if concept else None


def _members_from_compose(path: Path, prefix: tuple[int | str, ...], compose: FhirCompose,
                          context: _Context) -> list[ValueSetMember]:
    members: list[ValueSetMember] = []
    for index, include in enumerate(compose.include):
        where = (*prefix, "compose", "include", index)
        if include.filter or include.valueSet:
            raise _fail(path, where, "ce jeu de valeurs est défini par un filtre ou un autre jeu de valeurs, "
                        "sans liste de codes", "importez la version « expansion » du jeu de valeurs publiée par l'ANS.")
        if not include.system:
            raise _fail(path, (*where, "system"), "l'élément « system » (table des codes) manque")
        system = context.system_id(include.system)
        if not include.concept:  # "every code of the table": expand with its active codes
            table = context.tables.get(system)
            if table is None:
                raise _fail(path, where, f"le jeu de valeurs reprend toute la table {system}, qui n'est pas connue",
                            "importez la table (CodeSystem) avec le jeu de valeurs, dans la même commande.")
            members += [ValueSetMember(code=code, display=concept.libelle, system=system)
                        for code, concept in table.concepts.items() if concept.active]
            continue
        for position, concept in enumerate(include.concept):
            display = (concept.display or "").strip() or context.label(system, concept.code)
            if not display:
                raise _fail(path, (*where, "concept", position, "display"),
                            f"le code « {concept.code} » n'a pas de libellé et sa table {system} n'est pas connue")
            members.append(ValueSetMember(code=concept.code.strip(), display=display, system=system))
    excluded = {(context.system_id(item.system or ""), concept.code) for item in compose.exclude for concept in item.concept}
    return [member for member in members if (member.system, member.code) not in excluded]


def _members_from_expansion(path: Path, prefix: tuple[int | str, ...], expansion: FhirExpansion,
                            context: _Context) -> list[ValueSetMember]:
    members: list[ValueSetMember] = []

    def walk(items: list[FhirContains], where: tuple[int | str, ...]) -> None:
        for index, item in enumerate(items):
            here = (*where, index)
            if item.code:  # entries without a code are only headings of a hierarchy
                if not item.system:
                    raise _fail(path, (*here, "system"), f"le code « {item.code} » n'indique pas sa table (system)")
                system = context.system_id(item.system)
                display = (item.display or "").strip() or context.label(system, item.code)
                if not display:
                    raise _fail(path, (*here, "display"), f"le code « {item.code} » n'a pas de libellé")
                members.append(ValueSetMember(code=item.code.strip(), display=display, system=system))
            walk(item.contains, (*here, "contains"))

    walk(expansion.contains, (*prefix, "expansion", "contains"))
    if expansion.total is not None and expansion.total > len(members):
        raise _fail(path, (*prefix, "expansion", "total"),
                    f"l'expansion est incomplète ({len(members)} codes sur {expansion.total})",
                    "demandez l'expansion complète (sans pagination) au serveur de terminologies.")
    return members


def _value_set(path: Path, origin: str, prefix: tuple[int | str, ...], resource: FhirValueSet,
               value_set_id: str, context: _Context) -> ValueSet:
    if resource.expansion and resource.expansion.contains:
        members = _members_from_expansion(path, prefix, resource.expansion, context)
    elif resource.compose and resource.compose.include:
        members = _members_from_compose(path, prefix, resource.compose, context)
    else:
        raise _fail(path, prefix, f"le jeu de valeurs {value_set_id} ne liste aucun code (ni compose ni expansion)")
    seen: set[tuple[str, str]] = set()
    for member in members:
        if (member.system, member.code) in seen:
            raise _fail(path, prefix, f"le code « {member.code} » de {member.system} apparaît deux fois")
        seen.add((member.system, member.code))
    return ValueSet(id=value_set_id, version=resource.version, date=(resource.date or "")[:10],
                    source=f"import FHIR {origin} · {resource.url or resource.name}", members=tuple(members))


# -- files -----------------------------------------------------------------------------------
def _read_json(path: Path) -> Any:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise DataFileError(path, None, f"lecture impossible ({error.strerror})",
                            "vérifiez le chemin du fichier et qu'il est lisible.") from error
    except UnicodeDecodeError as error:
        raise DataFileError(path, None, "le fichier n'est pas encodé en UTF-8", _HINT_FORMAT) from error
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise DataFileError(path, error.lineno, f"JSON invalide ({error.msg}, colonne {error.colno})",
                            "le fichier a été tronqué ou modifié : téléchargez-le de nouveau.") from error


def _resources(path: Path, data: Any) -> list[tuple[tuple[int | str, ...], dict[str, Any]]]:
    """(JSON location, resource) of every resource in the file: the file itself, or a Bundle's entries."""
    if not isinstance(data, dict) or "resourceType" not in data:
        raise _fail(path, (), "ce n'est pas une ressource FHIR (pas de « resourceType »)")
    if data["resourceType"] != "Bundle":
        return [((), data)]
    entries = data.get("entry")
    if not isinstance(entries, list) or not entries:
        raise _fail(path, ("entry",), "le Bundle ne contient aucune ressource")
    found = []
    for index, entry in enumerate(entries):
        resource = entry.get("resource") if isinstance(entry, dict) else None
        if not isinstance(resource, dict) or "resourceType" not in resource:
            raise _fail(path, ("entry", index, "resource"), "entrée de Bundle sans ressource FHIR")
        found.append((("entry", index, "resource"), resource))
    return found


def _origin(path: Path, prefix: tuple[int | str, ...]) -> str:
    return f"{path.name}, {json_path(prefix[:2])}" if prefix else path.name


def parse_release_files(paths: list[Path], known_tables: dict[str, CodeTable],
                        known_value_sets: tuple[str, ...] = ()) -> ReleaseBatch:
    """Read every file (CodeSystem, ValueSet or Bundle) and return the releases they hold.

    Tables are read before value sets, so a value set may take labels from, or expand, a
    table of the same batch. ``known_tables`` (the catalog's current tables) serve the same
    purpose and fix our spelling of identifiers. Any error stops everything: nothing is
    returned half-read.
    """
    code_systems: list[tuple[Path, tuple[int | str, ...], FhirCodeSystem]] = []
    value_sets: list[tuple[Path, tuple[int | str, ...], FhirValueSet]] = []
    skipped: list[SkippedResource] = []
    for path in paths:
        for prefix, raw in _resources(path, _read_json(path)):
            kind = raw["resourceType"]
            model = {"CodeSystem": FhirCodeSystem, "ValueSet": FhirValueSet}.get(kind)
            if model is None:
                if prefix:
                    skipped.append(SkippedResource(_origin(path, prefix), str(kind)))
                    continue
                raise _fail(path, ("resourceType",), f"type de ressource non pris en charge « {kind} »")
            try:
                resource = model.model_validate(raw)
            except ValidationError as error:
                raise _validation_error(path, prefix, error) from error
            (code_systems if kind == "CodeSystem" else value_sets).append((path, prefix, resource))

    tables = dict(known_tables)
    releases: list[ParsedRelease] = []
    for path, prefix, resource in code_systems:
        table_id = canonical_id(resource.url, resource.name, resource.id, tuple(known_tables))
        if table_id is None or not table_id.startswith("TRE_"):
            raise _fail(path, (*prefix, "url"), f"« {resource.url or resource.name} » n'est pas une table NOS (TRE)")
        table = _code_table(path, _origin(path, prefix), prefix, resource, table_id)
        releases.append(ParsedRelease("code_system", table, _origin(path, prefix), resource.url or ""))
        current = tables.get(table_id)
        if current is None or version_key(current) <= version_key(table):
            tables[table_id] = table
    context = _Context(tables)
    for path, prefix, resource in value_sets:
        value_set_id = canonical_id(resource.url, resource.name, resource.id, known_value_sets)
        if value_set_id is None or not value_set_id.startswith("JDV_"):
            raise _fail(path, (*prefix, "url"), f"« {resource.url or resource.name} » n'est pas un jeu de valeurs NOS (JDV)")
        value_set = _value_set(path, _origin(path, prefix), prefix, resource, value_set_id, context)
        releases.append(ParsedRelease("value_set", value_set, _origin(path, prefix), resource.url or ""))
    return ReleaseBatch(releases=_deduplicate(releases), skipped=skipped)


def _deduplicate(releases: list[ParsedRelease]) -> list[ParsedRelease]:
    """The same resource and version given twice (a file and a Bundle holding it) counts once;
    two different contents under one version is an error, since neither can be trusted."""
    kept: dict[tuple[str, str], ParsedRelease] = {}
    for release in releases:
        key = (release.resource.id, release.resource.version)
        previous = kept.get(key)
        if previous is None:
            kept[key] = release
        elif _content(previous.resource) != _content(release.resource):
            raise DataFileError(release.origin, None,
                                f"{key[0]} version {key[1]} est aussi dans {previous.origin} avec un contenu différent",
                                "n'importez qu'un des deux fichiers : celui publié par l'ANS.")
    return list(kept.values())


def _content(resource: CodeTable | ValueSet) -> Any:
    """What a release says, without where it was read from."""
    return resource.model_dump(exclude={"source"})
