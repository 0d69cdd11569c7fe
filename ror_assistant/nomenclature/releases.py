"""Official NOS releases imported by users: what changed, whom it concerns, where it is kept.

A new ANS release must never change a stored answer behind anyone's back. Importing one
therefore (1) compares it with the version in service (codes added, removed, deprecated,
relabelled), (2) lists every stored coded answer whose code the release removes or
deprecates, and (3) records the release *beside* the older versions in the
``nomenclature_release`` table. The catalog the application uses is then the bundled data with
every recorded release laid over it (:func:`load_catalog_with_releases`): the newest version
of each table or value set is in service, the older ones stay in history to explain old answers.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Literal

from sqlmodel import Session, col, select

from ror_assistant.errors import DataFileError
from ror_assistant.nomenclature.catalog import Catalog, load_catalog
from ror_assistant.nomenclature.fhir_import import ParsedRelease, SkippedResource, parse_release_files
from ror_assistant.nomenclature.models import CodeTable, ValueSet, version_key
from ror_assistant.storage import audit
from ror_assistant.storage.db import Database
from ror_assistant.storage.models import CodedValue, NomenclatureRelease, Unit

Outcome = Literal["nouvelle", "ancienne", "déjà importée", "déjà fournie"]


@dataclass(frozen=True)
class Change:
    """One code that differs between two versions."""

    code: str
    label: str
    detail: str = ""  # end date of a deprecated code, previous label of a relabelled one


@dataclass(frozen=True)
class ReleaseDiff:
    """What a version changes compared with the previous one (tables: codes and statuses;
    value sets: admitted codes)."""

    resource_id: str
    old_version: str | None
    new_version: str
    added: list[Change] = field(default_factory=list)
    removed: list[Change] = field(default_factory=list)
    deprecated: list[Change] = field(default_factory=list)
    reactivated: list[Change] = field(default_factory=list)
    relabelled: list[Change] = field(default_factory=list)

    @property
    def unchanged(self) -> bool:
        return not (self.added or self.removed or self.deprecated or self.reactivated or self.relabelled)


def diff_release(old: CodeTable | ValueSet | None, new: CodeTable | ValueSet) -> ReleaseDiff:
    """Codes that ``new`` adds, removes, deprecates, reactivates or relabels compared with ``old``."""
    old_version = old.version if old is not None else None
    diff = ReleaseDiff(new.id, old_version, new.version)
    if isinstance(new, CodeTable):
        before = old.concepts if isinstance(old, CodeTable) else {}
        for code, concept in new.concepts.items():
            previous = before.get(code)
            if previous is None:
                diff.added.append(Change(code, concept.libelle))
                continue
            if previous.active and not concept.active:
                diff.deprecated.append(Change(code, concept.libelle, _french_date(concept.date_fin)))
            elif concept.active and not previous.active:
                diff.reactivated.append(Change(code, concept.libelle))
            if previous.libelle != concept.libelle:
                diff.relabelled.append(Change(code, concept.libelle, previous.libelle))
        diff.removed.extend(Change(code, concept.libelle) for code, concept in before.items() if code not in new.concepts)
        return diff
    before_members = {(member.system, member.code): member for member in old.members} if isinstance(old, ValueSet) else {}
    after_members = {(member.system, member.code): member for member in new.members}
    for key, member in after_members.items():
        previous = before_members.get(key)
        if previous is None:
            diff.added.append(Change(member.code, member.display))
        elif previous.display != member.display:
            diff.relabelled.append(Change(member.code, member.display, previous.display))
    diff.removed.extend(Change(member.code, member.display)
                        for key, member in before_members.items() if key not in after_members)
    return diff


def _french_date(value: date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


# -- stored releases -------------------------------------------------------------------------
def _resource(row: NomenclatureRelease) -> CodeTable | ValueSet:
    model = CodeTable if row.kind == "code_system" else ValueSet
    return model.model_validate_json(row.payload)


def stored_releases(session: Session) -> list[CodeTable | ValueSet]:
    """Every release recorded in the database, oldest import first."""
    rows = session.exec(select(NomenclatureRelease).order_by(col(NomenclatureRelease.id))).all()
    return [_resource(row) for row in rows]


def catalog_with(catalog: Catalog, releases: Iterable[CodeTable | ValueSet]) -> Catalog:
    for release in releases:
        catalog = catalog.with_release(release)
    return catalog


def load_catalog_with_releases(session: Session) -> Catalog:
    """The catalog the application works with: bundled data plus every imported release
    (newest version of each id in service, older ones in :attr:`Catalog.history`)."""
    return catalog_with(load_catalog(), stored_releases(session))


# -- impact on stored answers ----------------------------------------------------------------
@dataclass(frozen=True)
class ImpactedAnswer:
    """A stored coded answer that was valid before the release and is not any more."""

    unit_id: int
    unit_name: str
    attribute: str
    code: str
    label: str
    value_set: str
    reason: str


def _touched_value_sets(before: Catalog, after: Catalog, releases: list[CodeTable | ValueSet]) -> set[str]:
    ids = {release.id for release in releases if isinstance(release, ValueSet)}
    tables = {release.id for release in releases if isinstance(release, CodeTable)}
    for catalog in (before, after):
        ids |= {value_set.id for value_set in catalog.value_sets.values()
                if any(member.system in tables for member in value_set.members)}
    return ids


def _reason(after: Catalog, value_set: ValueSet, code: str) -> str:
    member = value_set.member(code)
    systems = [member.system] if member else sorted({item.system for item in value_set.members})
    concepts = [concept for system in systems if (concept := after.concept(system, code)) is not None]
    if member is None and not concepts:
        return f"code supprimé ({value_set.short_id} v{value_set.version})"
    if member is None:
        return f"code retiré du jeu de valeurs {value_set.short_id} v{value_set.version}"
    concept = concepts[0] if concepts else None
    if concept is not None and not concept.active:
        end = _french_date(concept.date_fin)
        return f"code obsolète depuis le {end}" if end else "code obsolète"
    return "code non admis"


def impacted_answers(session: Session, before: Catalog, after: Catalog,
                     releases: list[CodeTable | ValueSet]) -> list[ImpactedAnswer]:
    """Stored answers whose code is an active member before the releases and is not after them."""
    touched = _touched_value_sets(before, after, releases)
    if not touched:
        return []
    attributes = {binding.attribute for binding in after.bindings if binding.value_set in touched}
    query = (select(CodedValue, Unit.nom).join(Unit, col(Unit.id) == col(CodedValue.unit_id))
             .where(col(CodedValue.value_set).in_(touched) | col(CodedValue.attribute).in_(attributes))
             .order_by(col(Unit.nom), col(CodedValue.attribute), col(CodedValue.code)))
    impacted = []
    for coded, unit_name in session.exec(query).all():
        value_set = after.lookup(coded.value_set) or next(
            (after.lookup(binding.value_set) for binding in after.bindings if binding.attribute == coded.attribute), None)
        if not isinstance(value_set, ValueSet) or value_set.id not in touched or before.lookup(value_set.id) is None:
            continue  # a value set new with this import had no stored answer that was valid before
        if before.is_active_member(value_set.id, coded.code) and not after.is_active_member(value_set.id, coded.code):
            label = coded.label or (concept.libelle if (concept := before.resolve(value_set.id, coded.code)) else "")
            impacted.append(ImpactedAnswer(coded.unit_id, unit_name, coded.attribute, coded.code, label,
                                           value_set.id, _reason(after, value_set, coded.code)))
    return impacted


# -- import ------------------------------------------------------------------------------------
@dataclass(frozen=True)
class ReleaseOutcome:
    release: ParsedRelease
    outcome: Outcome
    diff: ReleaseDiff | None  # None when nothing is recorded (already known version)
    current_version: str | None  # version in service before the import


@dataclass(frozen=True)
class ImportReport:
    outcomes: list[ReleaseOutcome]
    skipped: list[SkippedResource]
    impacted: list[ImpactedAnswer]
    recorded: int  # releases written to the database (0 for a dry run)


def _payload(resource: CodeTable | ValueSet) -> str:
    return resource.model_dump_json()


def _same_content(stored: NomenclatureRelease, release: CodeTable | ValueSet) -> bool:
    return _resource(stored).model_dump(exclude={"source"}) == release.model_dump(exclude={"source"})


def import_releases(database: Database, paths: list[Path], user: str, *, dry_run: bool = False) -> ImportReport:
    """Read ``paths`` (FHIR JSON), compare each release with the version in service, list the
    stored answers it affects, and record the new versions — all of them or none.

    Importing a version already recorded changes nothing; a version already recorded with a
    different content is refused (DataFileError), as is any malformed file.
    """
    with database.read() as session:
        stored = {(row.resource_id, row.version): row for row in session.exec(select(NomenclatureRelease)).all()}
        before = catalog_with(load_catalog(), (_resource(row) for row in sorted(stored.values(), key=lambda r: r.id or 0)))
        batch = parse_release_files(paths, before.tables, tuple(before.value_sets))
        outcomes, new_releases = [], []
        after = before
        for parsed in sorted(batch.releases, key=lambda item: (item.resource.id, version_key(item.resource))):
            release = parsed.resource
            known = after.lookup(release.id)
            current = known if known is not None and known.id == release.id else None
            row = stored.get((release.id, release.version))
            if row is not None:
                if not _same_content(row, release):
                    raise DataFileError(parsed.origin, None,
                                        f"la version {release.version} de {release.id} est déjà importée, "
                                        "avec un contenu différent",
                                        "vérifiez que le fichier est bien celui publié par l'ANS ; une version "
                                        "publiée ne change pas.")
                outcomes.append(ReleaseOutcome(parsed, "déjà importée", None, current.version if current else None))
                continue
            if any(version.version == release.version for version in after.all_versions(release.id)):
                outcomes.append(ReleaseOutcome(parsed, "déjà fournie", None, current.version if current else None))
                continue
            newer = current is None or version_key(current) < version_key(release)
            diff = diff_release(current, release) if newer else None
            outcomes.append(ReleaseOutcome(parsed, "nouvelle" if newer else "ancienne", diff,
                                           current.version if current else None))
            new_releases.append(parsed)
            after = after.with_release(release)
        impacted = impacted_answers(session, before, after, [parsed.resource for parsed in new_releases])
    if dry_run or not new_releases:
        return ImportReport(outcomes, batch.skipped, impacted, 0)
    with database.write(user) as session:
        for parsed in new_releases:
            release = parsed.resource
            already = session.exec(select(NomenclatureRelease).where(
                NomenclatureRelease.resource_id == release.id, NomenclatureRelease.version == release.version)).first()
            if already is not None:  # recorded by someone else meanwhile: same rule as above
                if not _same_content(already, release):
                    raise DataFileError(parsed.origin, None,
                                        f"la version {release.version} de {release.id} vient d'être importée "
                                        "par une autre session, avec un contenu différent",
                                        "comparez les deux fichiers avant de réessayer.")
                continue
            row = NomenclatureRelease(resource_id=release.id, kind=parsed.kind, version=release.version,
                                      date=date.fromisoformat(release.date) if release.date else None,
                                      imported_by=user, payload=_payload(release))
            session.add(row)
            session.flush()
            audit.record(session, user, entity="nomenclature_release", entity_id=row.id, action="import",
                         new={"resource_id": release.id, "version": release.version, "origin": parsed.origin})
    return ImportReport(outcomes, batch.skipped, impacted, len(new_releases))
