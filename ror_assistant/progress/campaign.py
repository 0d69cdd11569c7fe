"""Campaign dates of an establishment, as the ANS method's follow-up tool tracks them.

The ANS peuplement method runs a campaign per establishment: launch, training of the
référents administratifs then of the référents métiers, description of the units, and the
ARS validating the result. A campaign is recorded for an EG, or once for an EJ when all its
EG are described together; an EG without its own campaign follows its EJ's.
Every change is written to the audit log in the same transaction.
"""

from __future__ import annotations

from datetime import date

from sqlmodel import Session, select

from ror_assistant.errors import UserError
from ror_assistant.storage import audit
from ror_assistant.storage.models import Campaign, EntiteGeographique

#: Campaign columns in the order of the method, with their French names (messages, reports).
CAMPAIGN_DATES = {
    "launched_on": "lancement de la campagne",
    "training_admin_on": "formation des référents administratifs",
    "training_metier_on": "formation des référents métiers",
    "ars_validation_on": "validation par l'ARS",
}


def campaign_of(session: Session, *, ej_id: int | None = None, eg_id: int | None = None) -> Campaign | None:
    """The campaign recorded for exactly this EJ or this EG (no inheritance)."""
    return session.exec(select(Campaign).where(Campaign.ej_id == ej_id, Campaign.eg_id == eg_id)).first()


def effective_campaign(session: Session, eg: EntiteGeographique) -> Campaign | None:
    """The EG's own campaign, else the campaign of its EJ."""
    return campaign_of(session, eg_id=eg.id) or campaign_of(session, ej_id=eg.ej_id)


def check_order(campaign: Campaign) -> None:
    """Trainings and the ARS validation cannot come before the launch."""
    if campaign.launched_on is None:
        return
    for column in ("training_admin_on", "training_metier_on", "ars_validation_on"):
        value = getattr(campaign, column)
        if value is not None and value < campaign.launched_on:
            raise UserError(
                f"La date de {CAMPAIGN_DATES[column]} ({value:%d/%m/%Y}) précède le lancement de la "
                f"campagne ({campaign.launched_on:%d/%m/%Y}).",
                "vérifiez les deux dates ; le lancement est la première étape de la campagne.",
            )


def set_campaign(session: Session, user: str, *, ej_id: int | None = None, eg_id: int | None = None,
                 changes: dict[str, date | None]) -> Campaign:
    """Create or update the campaign of one EJ or one EG; ``changes`` maps columns of
    :data:`CAMPAIGN_DATES` to a date (None clears it). Returns the stored campaign."""
    if (ej_id is None) == (eg_id is None):
        raise ValueError("a campaign belongs to exactly one EJ or one EG")
    unknown = set(changes) - set(CAMPAIGN_DATES)
    if unknown:
        raise ValueError(f"not campaign dates: {sorted(unknown)}")
    campaign = campaign_of(session, ej_id=ej_id, eg_id=eg_id)
    created = campaign is None
    if campaign is None:
        campaign = Campaign(ej_id=ej_id, eg_id=eg_id)
        session.add(campaign)
        session.flush()
        audit.record(session, user, entity="campaign", entity_id=campaign.id, action="create",
                     new={"ej_id": ej_id, "eg_id": eg_id})
    for column, value in changes.items():
        old = getattr(campaign, column)
        if old != value:
            setattr(campaign, column, value)
            audit.record(session, user, entity="campaign", entity_id=campaign.id,
                         action="create" if created else "update", field=column, old=old, new=value)
    check_order(campaign)
    session.add(campaign)
    return campaign
