"""The append-only history: who changed what, when, from which value to which.

Every storage function records its changes here in the same transaction as the change, so
the history can never disagree with the data. A session-level guard refuses to update or
delete an audit row, whoever tries.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from pydantic import BaseModel
from sqlalchemy import event
from sqlalchemy.orm import ORMExecuteState
from sqlmodel import Session, col, select

from ror_assistant.storage.models import AuditEntry, utcnow


def to_json(value: Any) -> str | None:
    """JSON text of a value as stored in ``old_value``/``new_value`` (None stays SQL NULL)."""
    if value is None:
        return None
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=_plain)


def _plain(value: Any) -> Any:
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json", exclude_none=True)
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not storable in the audit log")


def record(session: Session, user: str, *, entity: str, entity_id: int | None, action: str,
           field: str = "", old: Any = None, new: Any = None, unit_id: int | None = None) -> AuditEntry:
    """Append one history entry (values are turned into JSON text)."""
    owner = session.info.get("user")
    if owner is not None and owner != user:
        raise ValueError(f"audit entry by {user!r} inside a transaction opened for {owner!r}")
    entry = AuditEntry(at=utcnow(), user=user, entity=entity, entity_id=entity_id, unit_id=unit_id,
                       action=action, field=field, old_value=to_json(old), new_value=to_json(new))
    session.add(entry)
    return entry


def history(session: Session, *, unit_id: int | None = None, entity: str | None = None,
            entity_id: int | None = None, field: str | None = None) -> Sequence[AuditEntry]:
    """Audit entries matching every given filter, oldest first."""
    query = select(AuditEntry)
    if unit_id is not None:
        query = query.where(AuditEntry.unit_id == unit_id)
    if entity is not None:
        query = query.where(AuditEntry.entity == entity)
    if entity_id is not None:
        query = query.where(AuditEntry.entity_id == entity_id)
    if field is not None:
        query = query.where(AuditEntry.field == field)
    return session.exec(query.order_by(col(AuditEntry.id))).all()


def last_change(session: Session, *, unit_id: int, field: str) -> AuditEntry | None:
    """Most recent entry about ``field`` of a unit: who to name in a conflict message."""
    query = (select(AuditEntry).where(AuditEntry.unit_id == unit_id, AuditEntry.field == field)
             .order_by(col(AuditEntry.id).desc()).limit(1))
    return session.exec(query).first()


_APPEND_ONLY = "the audit log is append-only: audit entries are never changed nor deleted"


@event.listens_for(Session, "before_flush")
def _append_only(session: Session, _context: Any, _instances: Any) -> None:
    for row in (*session.dirty, *session.deleted):
        if isinstance(row, AuditEntry):
            raise RuntimeError(_APPEND_ONLY)


@event.listens_for(Session, "do_orm_execute")
def _no_bulk_rewrite(state: ORMExecuteState) -> None:
    """Bulk ``update()``/``delete()`` statements skip the flush guard; refuse them here."""
    table = getattr(state.statement, "table", None)
    if (state.is_update or state.is_delete) and getattr(table, "name", None) == AuditEntry.__tablename__:
        raise RuntimeError(_APPEND_ONLY)
