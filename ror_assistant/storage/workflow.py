"""Recording the validation workflow: status changes and comments on items of a unit.

Which transitions are allowed, and who may make them, is the review/workflow package's
decision; this module only stores them safely: the status the caller saw is checked
(``expected``), the change is audited and a :class:`WorkflowEvent` keeps who, when, why and
the fingerprint of the review sheet that was validated.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlmodel import Session, col, select

from ror_assistant.storage import audit
from ror_assistant.storage.changes import check_expected, get_unit, touch_unit
from ror_assistant.storage.models import STATUSES, ItemComment, WorkflowEvent, utcnow


def change_status(session: Session, user: str, unit_id: int, to_status: str, *, expected: str,
                  comment: str = "", fingerprint: str | None = None) -> WorkflowEvent | None:
    """Move a unit to ``to_status``; None if it already is there.

    ``expected`` is the status the caller displayed: a unit voided or validated by someone
    else meanwhile raises ConflictError instead of being validated blindly.
    """
    if to_status not in STATUSES:
        raise ValueError(f"unknown status {to_status!r}; expected one of {STATUSES}")
    unit = get_unit(session, unit_id)
    check_expected(session, unit, "status", unit.status, expected)
    if unit.status == to_status:
        return None
    event = WorkflowEvent(unit_id=unit_id, from_status=unit.status, to_status=to_status, by=user, at=utcnow(),
                          comment=comment, fingerprint=fingerprint)
    session.add(event)
    audit.record(session, user, entity="unit", entity_id=unit_id, unit_id=unit_id, action="status",
                 field="status", old=unit.status, new=to_status)
    unit.status = to_status
    touch_unit(session, user, unit, "status", describes=False)
    return event


def workflow_events(session: Session, unit_id: int) -> Sequence[WorkflowEvent]:
    """Every status change of a unit, oldest first (voidings included)."""
    query = select(WorkflowEvent).where(WorkflowEvent.unit_id == unit_id).order_by(col(WorkflowEvent.id))
    return session.exec(query).all()


def add_item_comment(session: Session, user: str, unit_id: int, item: str, comment: str) -> ItemComment:
    """A reviewer's remark on one attribute or question of a unit (e.g. asking a correction)."""
    unit = get_unit(session, unit_id)
    row = ItemComment(unit_id=unit_id, item=item, comment=comment, by=user, at=utcnow())
    session.add(row)
    session.flush()
    audit.record(session, user, entity="item_comment", entity_id=row.id, unit_id=unit_id, action="create",
                 field=item, new=comment)
    touch_unit(session, user, unit, item, describes=False)
    return row


def resolve_item_comment(session: Session, user: str, comment_id: int) -> bool:
    """Mark a remark as dealt with; False if it was already resolved or is gone."""
    row = session.get(ItemComment, comment_id)
    if row is None or row.resolved_at is not None:
        return False
    unit = get_unit(session, row.unit_id)
    row.resolved_at = utcnow()
    session.add(row)
    audit.record(session, user, entity="item_comment", entity_id=comment_id, unit_id=row.unit_id,
                 action="resolve", field=row.item, old=None, new=row.resolved_at)
    touch_unit(session, user, unit, row.item, describes=False)
    return True


def item_comments(session: Session, unit_id: int, *, open_only: bool = False) -> Sequence[ItemComment]:
    """Remarks on a unit, oldest first; ``open_only`` keeps the unresolved ones."""
    query = select(ItemComment).where(ItemComment.unit_id == unit_id)
    if open_only:
        query = query.where(col(ItemComment.resolved_at).is_(None))
    return session.exec(query.order_by(col(ItemComment.id))).all()
