"""The one place every change of a unit goes through: revision, who/when, voided validations.

Setters never bump the revision nor void a validation themselves: they call
:func:`touch_unit`, so none of them can forget it. A change made to a unit whose description
was validated (validee_chef, validee_direction, prete) sends it back to **brouillon**: the
sheet the chef or the direction signed no longer matches the data, and the whole cycle must
start again from a draft (not "a_valider": the référent may want to change more before
submitting it anew).

Conflicts: writes are serialised by ``BEGIN IMMEDIATE`` on SQLite and by an advisory lock
taken at the start of every write transaction on PostgreSQL (``db._setup_postgresql``); the
unit row is also read ``FOR UPDATE``, the only protection on other servers. Either way the
value a setter compares with ``expected`` is the committed one, so two people on the same unit
never silently overwrite each other.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from pydantic import BaseModel
from sqlmodel import Session, select

from ror_assistant.description import Address, Contact, Patientele
from ror_assistant.errors import ConflictError, UserError
from ror_assistant.storage import audit
from ror_assistant.storage.models import VALIDATED_STATUSES, Unit, WorkflowEvent, utcnow

PARIS = ZoneInfo("Europe/Paris")

#: French names of what a setter changes, for messages (ROR attribute or audit field).
FIELD_LABELS = {
    "champActivite": "Champ d'activité",
    "modePriseEnCharge": "Mode de prise en charge",
    "typeOffre": "Type d'offre",
    "temporaliteAccueil": "Temporalité d'accueil",
    "activiteOperationnelle": "Activité opérationnelle",
    "publicPrisEnCharge": "Public pris en charge",
    "patientele": "Patientèle (âges)",
    "address": "Adresse",
    "unite_sensible": "Unité sensible",
    "nom": "Nom",
    "comment": "Commentaire",
    "contact": "Contact",
    "capacity": "Capacité",
    "horaires": "Horaires",
    "status": "Statut",
}


def field_label(field: str) -> str:
    """French name of an audit field; "contact.12" or "capacity.lits.installé" use their prefix."""
    return FIELD_LABELS.get(field) or FIELD_LABELS.get(field.split(".")[0], field)


def get_unit(session: Session, unit_id: int) -> Unit:
    """The unit, locked for the rest of the transaction where the database supports it."""
    unit = session.exec(select(Unit).where(Unit.id == unit_id).with_for_update()).first()
    if unit is None:
        raise UserError(f"L'unité n° {unit_id} n'existe pas (ou plus).",
                        "Rechargez la liste des unités : elle a peut-être été supprimée par une autre session.")
    return unit


def touch_unit(session: Session, user: str, unit: Unit, field: str, *, describes: bool = True) -> None:
    """Record that ``field`` of ``unit`` changed: revision, who/when, and void a validation.

    ``describes=False`` for changes that are not part of the description (status,
    interview position): they bump the revision so screens refresh, but void nothing.
    """
    unit.revision += 1
    unit.updated_at = utcnow()
    unit.updated_by = user
    if describes and unit.status in VALIDATED_STATUSES:
        previous = unit.status
        unit.status = "brouillon"
        session.add(WorkflowEvent(unit_id=unit.id, from_status=previous, to_status="brouillon", by=user,
                                  at=unit.updated_at,
                                  comment=f"Validation annulée : « {field_label(field)} » a été modifié."))
        audit.record(session, user, entity="unit", entity_id=unit.id, unit_id=unit.id, action="void",
                     field="status", old=previous, new="brouillon")
    session.add(unit)


def check_expected(session: Session, unit: Unit, field: str, current: Any, expected: Any, *,
                   shown: Any = None) -> None:
    """Raise ConflictError when the stored value is not the one the caller saw.

    ``shown`` is what the message displays as the current value (default: ``current``).
    """
    if _comparable(current) == _comparable(expected):
        return
    assert unit.id is not None
    change = audit.last_change(session, unit_id=unit.id, field=field)
    who = change.user if change else unit.updated_by or "une autre session"
    when = change.at if change else unit.updated_at
    raise ConflictError(
        f"« {field_label(field)} » a été modifié par {who} {format_when(when)} ; valeur actuelle : "
        f"{display(current if shown is None else shown)}. Votre saisie n'a pas été enregistrée.",
        "Relisez la valeur actuelle, puis confirmez de nouveau votre réponse si elle doit la remplacer.",
    )


def format_when(moment: datetime | None) -> str:
    if moment is None:
        return "récemment"
    local = moment.astimezone(PARIS)
    return f"le {local:%d/%m/%Y} à {local:%H:%M}"


def display(value: Any) -> str:
    """A stored value as a person reads it in a message."""
    if value is None or value == "" or value == []:
        return "(vide)"
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, dict) and "code" in value:
        return f"« {value.get('label') or value['code']} » ({value['code']})"
    if isinstance(value, Patientele):
        return (f"« de {_age(value.age_min, value.age_min_unit)} "
                f"à {_age(value.age_max, value.age_max_unit)} »")
    if isinstance(value, Address):
        parts = [" ".join(filter(None, (value.numero_voie, value.type_voie, value.libelle_voie))),
                 value.lieu_dit, value.complement, " ".join(filter(None, (value.code_postal, value.localite)))]
        return "« " + ", ".join(filter(None, parts)) + " »"
    if isinstance(value, Contact):
        who = value.nom or value.description or "contact sans nom"
        return "« " + ", ".join([who, *(telecom.adresse for telecom in value.telecoms if telecom.adresse)]) + " »"
    if isinstance(value, list):
        return f"{len(value)} élément(s)"
    return f"« {value} »"


_AGE_UNITS = {"j": "jours", "mo": "mois", "a": "ans"}


def _age(age: int | None, unit: str) -> str:
    return "?" if age is None else f"{age} {_AGE_UNITS.get(unit, unit)}"


def _comparable(value: Any) -> Any:
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json", exclude={"id"})
    if isinstance(value, list):
        return [_comparable(item) for item in value]
    return value
