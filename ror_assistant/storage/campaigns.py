"""Peuplement campaigns: when an EJ or an EG was launched, trained and validated by the ARS."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlmodel import Session

from ror_assistant.errors import UserError
from ror_assistant.storage import audit
from ror_assistant.storage.models import Campaign

_DATA_FIELDS = ("launched_on", "training_admin_on", "training_metier_on", "ars_validation_on", "notes")


def create_campaign(session: Session, user: str, *, ej_id: int | None = None, eg_id: int | None = None,
                    **fields: Any) -> Campaign:
    """A campaign for exactly one EJ or one EG; ``fields`` among launched_on, training_*_on, ars_validation_on, notes."""
    if (ej_id is None) == (eg_id is None):
        raise ValueError("a campaign concerns exactly one EJ or one EG")
    _check_fields(fields)
    row = Campaign(ej_id=ej_id, eg_id=eg_id, **fields)
    session.add(row)
    session.flush()
    audit.record(session, user, entity="campaign", entity_id=row.id, action="create",
                 new=row.model_dump(mode="json", exclude={"id"}))
    return row


def update_campaign(session: Session, user: str, campaign_id: int, changes: Mapping[str, Any]) -> Campaign:
    """Change dates or notes of a campaign; one audit entry per changed field."""
    _check_fields(changes)
    row = session.get(Campaign, campaign_id)
    if row is None:
        raise UserError(f"La campagne n° {campaign_id} n'existe pas (ou plus).", "Rechargez le suivi des campagnes.")
    for name, value in changes.items():
        if getattr(row, name) != value:
            audit.record(session, user, entity="campaign", entity_id=campaign_id, action="update", field=name,
                         old=getattr(row, name), new=value)
            setattr(row, name, value)
    session.add(row)
    return row


def _check_fields(fields: Mapping[str, Any]) -> None:
    unknown = set(fields) - set(_DATA_FIELDS)
    if unknown:
        raise ValueError(f"unknown campaign fields {sorted(unknown)}; expected some of {_DATA_FIELDS}")
