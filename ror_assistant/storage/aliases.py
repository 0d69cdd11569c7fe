"""Answers learnt locally: "HDJ onco" means code X here, for one EJ or for everyone.

The matcher normalises the text into ``text_key`` before calling these functions; storage
only keeps one alias per (EJ, field, key), the EJ's own alias winning over a global one.
"""

from __future__ import annotations

from sqlmodel import Session, col, select

from ror_assistant.storage import audit
from ror_assistant.storage.models import MatchAlias, utcnow


def save_alias(session: Session, user: str, *, field: str, text_key: str, code: str, value_set: str,
               ej_id: int | None = None) -> MatchAlias:
    """Create the alias, or point the existing one at the new code (audited either way)."""
    row = _exact(session, field, text_key, ej_id)
    new = {"code": code, "value_set": value_set}
    if row is None:
        row = MatchAlias(ej_id=ej_id, field=field, text_key=text_key, code=code, value_set=value_set,
                         created_by=user, created_at=utcnow())
        session.add(row)
        session.flush()
        audit.record(session, user, entity="match_alias", entity_id=row.id, action="create",
                     field=f"{field}:{text_key}", new=new | {"ej_id": ej_id})
        return row
    old = {"code": row.code, "value_set": row.value_set}
    if old != new:
        audit.record(session, user, entity="match_alias", entity_id=row.id, action="update",
                     field=f"{field}:{text_key}", old=old, new=new)
        row.code, row.value_set = code, value_set
        session.add(row)
    return row


def find_alias(session: Session, *, field: str, text_key: str, ej_id: int | None = None) -> MatchAlias | None:
    """The alias for this text: the EJ's own if any, else the global one."""
    if ej_id is not None:
        own = _exact(session, field, text_key, ej_id)
        if own is not None:
            return own
    return _exact(session, field, text_key, None)


def remove_alias(session: Session, user: str, alias_id: int) -> bool:
    """Forget an alias (wrong code learnt); False if it was already gone."""
    row = session.get(MatchAlias, alias_id)
    if row is None:
        return False
    audit.record(session, user, entity="match_alias", entity_id=alias_id, action="delete",
                 field=f"{row.field}:{row.text_key}", old={"code": row.code, "value_set": row.value_set,
                                                          "ej_id": row.ej_id})
    session.delete(row)
    return True


def _exact(session: Session, field: str, text_key: str, ej_id: int | None) -> MatchAlias | None:
    # NULL never equals NULL in SQL, so the global alias needs IS NULL, and the unique
    # constraint cannot protect it: save_alias looks it up before inserting.
    owner = col(MatchAlias.ej_id).is_(None) if ej_id is None else col(MatchAlias.ej_id) == ej_id
    query = select(MatchAlias).where(MatchAlias.field == field, MatchAlias.text_key == text_key, owner)
    return session.exec(query).first()
