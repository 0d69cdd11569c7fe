"""Nomenclature releases imported into the database (NOS tables and ROR value sets).

Each release is kept whole (payload as JSON text) and never replaced: stored answers name
the value-set version they were chosen from, and the review of a new release compares it
with the previous one.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date
from typing import Any, Literal

from sqlmodel import Session, col, select

from ror_assistant.errors import UserError
from ror_assistant.storage import audit
from ror_assistant.storage.models import NomenclatureRelease, utcnow


def record_release(session: Session, user: str, *, resource_id: str, kind: Literal["code_system", "value_set"],
                   version: str, payload: Any, released_on: date | None = None) -> NomenclatureRelease:
    """Store a release; importing the same one again returns it unchanged.

    ``payload`` is JSON text or anything ``json.dumps`` accepts. A different content under
    an existing (resource, version) is refused: a published version never changes.
    """
    text = payload if isinstance(payload, str) else json.dumps(payload, ensure_ascii=False, sort_keys=True)
    existing = session.exec(select(NomenclatureRelease).where(NomenclatureRelease.resource_id == resource_id,
                                                              NomenclatureRelease.version == version)).first()
    if existing is not None:
        if existing.payload != text:
            raise UserError(
                f"La version {version} de {resource_id} a déjà été importée avec un contenu différent.",
                "Vérifiez le fichier : une version publiée ne change pas. S'il s'agit d'une nouvelle "
                "publication, elle doit porter un autre numéro de version.",
            )
        return existing
    row = NomenclatureRelease(resource_id=resource_id, kind=kind, version=version, date=released_on,
                              imported_by=user, imported_at=utcnow(), payload=text)
    session.add(row)
    session.flush()
    audit.record(session, user, entity="nomenclature_release", entity_id=row.id, action="create",
                 field=resource_id, new={"version": version, "kind": kind, "date": released_on})
    return row


def releases(session: Session, resource_id: str | None = None) -> Sequence[NomenclatureRelease]:
    """Imported releases (of one resource if given), in import order."""
    query = select(NomenclatureRelease)
    if resource_id is not None:
        query = query.where(NomenclatureRelease.resource_id == resource_id)
    return session.exec(query.order_by(col(NomenclatureRelease.id))).all()
