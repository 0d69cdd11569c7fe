"""Saving a unit's description one answer at a time, and reading it back as plain data.

Each function changes one thing, in the caller's write transaction (``db.write(user)``),
writes the audit entries and goes through :func:`changes.touch_unit` (revision, voided
validation). Single-valued setters take ``expected``, the value the caller displayed: if
someone else changed it in between, :class:`ConflictError` is raised and nothing is written.
Codes are stored as given: checking them against the nomenclature is the rules' job, and a
deprecated code already stored is kept and flagged, never dropped.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlmodel import Session, col, delete, select

from ror_assistant import description as desc
from ror_assistant.errors import UserError
from ror_assistant.storage import audit
from ror_assistant.storage.changes import check_expected, get_unit, touch_unit
from ror_assistant.storage.models import (
    SINGLE_VALUED,
    Capacity,
    CodedValue,
    Contact,
    EntiteGeographique,
    Horaire,
    OrganisationInterne,
    Telecom,
    Unit,
    utcnow,
)

_SLOTS = {
    "champActivite": "champ_activite",
    "modePriseEnCharge": "mode_prise_en_charge",
    "typeOffre": "type_offre",
    "temporaliteAccueil": "temporalite_accueil",
}
_LISTS = {"activiteOperationnelle": "activites_operationnelles", "publicPrisEnCharge": "publics"}
_ADDRESS_FIELDS = tuple(desc.Address.model_fields)


# --- coded values -----------------------------------------------------------------------

def set_coded(session: Session, user: str, unit_id: int, answer: desc.CodedAnswer, *,
              expected: str | None) -> CodedValue:
    """Set the one code of a single-valued attribute (champActivite, modePriseEnCharge…).

    ``expected`` is the code the caller displayed (None if there was none).
    """
    _require_single(answer.attribute)
    unit = get_unit(session, unit_id)
    current = _coded_rows(session, unit_id, answer.attribute)
    check_expected(session, unit, answer.attribute, current[0].code if current else None, expected,
                   shown=_summary(current[0]) if current else None)
    old = None
    if current:
        old = _summary(current[0])
        if current[0].code == answer.code and _same_answer(current[0], answer):
            return current[0]
        session.delete(current[0])
        session.flush()  # free the single-value slot before inserting the new row
    row = _new_row(user, unit_id, answer)
    session.add(row)
    session.flush()
    audit.record(session, user, entity="coded_value", entity_id=row.id, unit_id=unit_id,
                 action="update" if old else "create", field=answer.attribute, old=old, new=_summary(row))
    touch_unit(session, user, unit, answer.attribute)
    return row


def clear_coded(session: Session, user: str, unit_id: int, attribute: str, *, expected: str | None) -> None:
    """Remove the code of a single-valued attribute (the answer becomes unknown again)."""
    _require_single(attribute)
    unit = get_unit(session, unit_id)
    current = _coded_rows(session, unit_id, attribute)
    check_expected(session, unit, attribute, current[0].code if current else None, expected,
                   shown=_summary(current[0]) if current else None)
    if not current:
        return
    audit.record(session, user, entity="coded_value", entity_id=current[0].id, unit_id=unit_id,
                 action="delete", field=attribute, old=_summary(current[0]))
    session.delete(current[0])
    touch_unit(session, user, unit, attribute)


def add_coded(session: Session, user: str, unit_id: int, answer: desc.CodedAnswer) -> CodedValue:
    """Add one code to a multi-valued attribute; adding a code already there changes nothing.

    Idempotent on purpose: when two people add the same activité, both intentions are met.
    """
    if answer.attribute in SINGLE_VALUED:
        raise ValueError(f"{answer.attribute} holds one code: use set_coded")
    unit = get_unit(session, unit_id)
    for row in _coded_rows(session, unit_id, answer.attribute):
        if row.code == answer.code:
            return row
    row = _new_row(user, unit_id, answer)
    session.add(row)
    session.flush()
    audit.record(session, user, entity="coded_value", entity_id=row.id, unit_id=unit_id,
                 action="create", field=answer.attribute, new=_summary(row))
    touch_unit(session, user, unit, answer.attribute)
    return row


def remove_coded(session: Session, user: str, unit_id: int, attribute: str, code: str) -> bool:
    """Remove one code of a multi-valued attribute; False if it was already gone."""
    if attribute in SINGLE_VALUED:
        raise ValueError(f"{attribute} holds one code: use clear_coded")
    unit = get_unit(session, unit_id)
    for row in _coded_rows(session, unit_id, attribute):
        if row.code == code:
            audit.record(session, user, entity="coded_value", entity_id=row.id, unit_id=unit_id,
                         action="delete", field=attribute, old=_summary(row))
            session.delete(row)
            touch_unit(session, user, unit, attribute)
            return True
    return False


# --- plain fields of the unit -------------------------------------------------------------

def set_patientele(session: Session, user: str, unit_id: int, patientele: desc.Patientele, *,
                   expected: desc.Patientele) -> None:
    """Âge minimum and maximum with their units (FG_Patientele needs both)."""
    unit = get_unit(session, unit_id)
    _set_value(session, user, unit, "patientele", _patientele(unit), patientele, expected)
    for name, value in patientele.model_dump().items():
        setattr(unit, name, value)


def set_address(session: Session, user: str, unit_id: int, address: desc.Address, *,
                expected: desc.Address) -> None:
    """Lieu de réalisation of the offer (FG_Adresse: voie or lieu-dit, code postal, localité)."""
    unit = get_unit(session, unit_id)
    _set_value(session, user, unit, "address", _address(unit), address, expected)
    for name, value in address.model_dump().items():
        setattr(unit, name, value)


def set_unite_sensible(session: Session, user: str, unit_id: int, value: bool | None, *,
                       expected: bool | None) -> None:
    """uniteSensible (CO3): hides the offer from public profiles; None = not answered yet."""
    unit = get_unit(session, unit_id)
    _set_value(session, user, unit, "unite_sensible", unit.unite_sensible, value, expected)
    unit.unite_sensible = value


def set_comment(session: Session, user: str, unit_id: int, comment: str, *, expected: str) -> None:
    """Free comment of the offer (commentaire, exported as is)."""
    unit = get_unit(session, unit_id)
    _set_value(session, user, unit, "comment", unit.comment, comment, expected)
    unit.comment = comment


def set_interview_step(session: Session, user: str, unit_id: int, step: str | None) -> None:
    """Remember the question the interview is at, so it resumes there; last writer wins.

    Not a description change: no conflict check, no voided validation.
    """
    unit = get_unit(session, unit_id)
    if unit.interview_step == step:
        return
    audit.record(session, user, entity="unit", entity_id=unit.id, unit_id=unit.id, action="update",
                 field="interview_step", old=unit.interview_step, new=step)
    unit.interview_step = step
    touch_unit(session, user, unit, "interview_step", describes=False)


def _set_value(session: Session, user: str, unit: Unit, field: str, current: Any, new: Any, expected: Any, *,
               entity: str = "unit", entity_id: int | None = None) -> bool:
    """Conflict check, audit and touch shared by the setters; False when nothing changes."""
    check_expected(session, unit, field, current, expected)
    if audit.to_json(current) == audit.to_json(new):
        return False
    audit.record(session, user, entity=entity, entity_id=entity_id or unit.id, unit_id=unit.id, action="update",
                 field=field, old=current, new=new)
    touch_unit(session, user, unit, field)
    return True


# --- capacities and horaires ---------------------------------------------------------------

def set_capacity(session: Session, user: str, unit_id: int, nature: str, nombre: int | None, *,
                 expected: int | None, statut: str = "installé") -> None:
    """Number of lits or places (one per nature × statut); None removes it. CP6 reads places."""
    if nature not in ("lits", "places"):
        raise ValueError(f"nature must be 'lits' or 'places', not {nature!r}")
    if nombre is not None and nombre < 0:
        raise UserError(f"Le nombre de {nature} ne peut pas être négatif ({nombre}).", "Saisissez 0 ou plus.")
    unit = get_unit(session, unit_id)
    row = session.exec(select(Capacity).where(Capacity.unit_id == unit_id, Capacity.nature == nature,
                                              Capacity.statut == statut)).first()
    current = row.nombre if row else None
    field = f"capacity.{nature}.{statut}"
    check_expected(session, unit, field, current, expected)
    if current == nombre:
        return
    if row is None:
        row = Capacity(unit_id=unit_id, nature=nature, statut=statut, nombre=nombre or 0)
        session.add(row)
        session.flush()
        action = "create"
    elif nombre is None:
        session.delete(row)
        action = "delete"
    else:
        row.nombre = nombre
        session.add(row)
        action = "update"
    audit.record(session, user, entity="capacity", entity_id=row.id, unit_id=unit_id, action=action,
                 field=field, old=current, new=nombre)
    touch_unit(session, user, unit, "capacity")


def set_horaires(session: Session, user: str, unit_id: int, horaires: Sequence[desc.Horaire], *,
                 expected: Sequence[desc.Horaire], type_plage: str | None = None) -> None:
    """Replace the weekly timetable (it is always entered and shown as one grid).

    With ``type_plage`` (TRE_R252 code), only the plages of that type are replaced — the
    horaires de fonctionnement (02) stay when the consultations sur rendez-vous (07) are given —
    and ``expected`` is what the caller displayed for that type. Every plage given must be of it.
    """
    if type_plage is not None and any(horaire.type_plage != type_plage for horaire in horaires):
        raise ValueError(f"every plage must be of type {type_plage!r}")
    unit = get_unit(session, unit_id)
    rows = [row for row in _horaire_rows(session, unit_id) if type_plage is None or row.type_plage == type_plage]
    current = [_horaire(row) for row in rows]
    field = "horaires" if type_plage is None else f"horaires.{type_plage}"
    if not _set_value(session, user, unit, field, current, list(horaires), list(expected)):
        return
    for row in rows:
        session.delete(row)
    session.flush()
    session.add_all(Horaire(unit_id=unit_id, **horaire.model_dump()) for horaire in horaires)


# --- contacts ------------------------------------------------------------------------------

def add_contact(session: Session, user: str, unit_id: int, contact: desc.Contact) -> int:
    """Add a contact of the unit itself with its télécoms (FG_Contact); returns its id."""
    unit = get_unit(session, unit_id)
    row = Contact(unit_id=unit_id, **contact.model_dump(exclude={"id", "telecoms"}))
    session.add(row)
    session.flush()
    assert row.id is not None
    _write_telecoms(session, row.id, contact.telecoms)
    audit.record(session, user, entity="contact", entity_id=row.id, unit_id=unit_id, action="create",
                 field="contact", new=contact.model_copy(update={"id": row.id}))
    touch_unit(session, user, unit, "contact")
    return row.id


def update_contact(session: Session, user: str, contact_id: int, contact: desc.Contact, *,
                   expected: desc.Contact) -> None:
    """Replace a contact and its télécoms, if it still is what the caller displayed."""
    row = _contact_row(session, contact_id)
    unit = get_unit(session, row.unit_id)
    current = _contact(session, row)
    new = contact.model_copy(update={"id": contact_id})
    if not _set_value(session, user, unit, f"contact.{contact_id}", current, new,
                      expected.model_copy(update={"id": contact_id}), entity="contact", entity_id=contact_id):
        return
    for name, value in contact.model_dump(exclude={"id", "telecoms"}).items():
        setattr(row, name, value)
    session.add(row)
    session.exec(delete(Telecom).where(col(Telecom.contact_id) == contact_id))
    _write_telecoms(session, contact_id, contact.telecoms)


def remove_contact(session: Session, user: str, contact_id: int) -> bool:
    """Remove a contact and its télécoms; False if it was already gone."""
    row = session.get(Contact, contact_id)
    if row is None:
        return False
    unit = get_unit(session, row.unit_id)
    audit.record(session, user, entity="contact", entity_id=contact_id, unit_id=unit.id, action="delete",
                 field=f"contact.{contact_id}", old=_contact(session, row))
    session.exec(delete(Telecom).where(col(Telecom.contact_id) == contact_id))
    session.delete(row)
    touch_unit(session, user, unit, "contact")
    return True


def _contact_row(session: Session, contact_id: int) -> Contact:
    row = session.get(Contact, contact_id)
    if row is None:
        raise UserError(f"Le contact n° {contact_id} n'existe plus : il a été supprimé par une autre session.",
                        "Rechargez la fiche de l'unité.")
    return row


def _write_telecoms(session: Session, contact_id: int, telecoms: Sequence[desc.Telecom]) -> None:
    session.add_all(Telecom(contact_id=contact_id, **telecom.model_dump()) for telecom in telecoms)


# --- reading --------------------------------------------------------------------------------

def unit_description(session: Session, unit_id: int) -> desc.UnitDescription:
    """Everything stored about one unit, as the plain data rules, review and export read."""
    unit = session.get(Unit, unit_id)
    if unit is None:
        raise UserError(f"L'unité n° {unit_id} n'existe pas (ou plus).", "Rechargez la liste des unités.")
    eg = session.get(EntiteGeographique, unit.eg_id)
    values: dict[str, Any] = {"activites_operationnelles": [], "publics": [], "other_codes": []}
    for row in session.exec(select(CodedValue).where(CodedValue.unit_id == unit_id).order_by(col(CodedValue.id))):
        answer = coded_answer(row)
        if row.attribute in _SLOTS:
            values[_SLOTS[row.attribute]] = answer
        else:
            values[_LISTS.get(row.attribute, "other_codes")].append(answer)
    contacts = session.exec(select(Contact).where(Contact.unit_id == unit_id).order_by(col(Contact.id))).all()
    capacities = session.exec(select(Capacity).where(Capacity.unit_id == unit_id).order_by(col(Capacity.id))).all()
    return desc.UnitDescription(
        id=unit.id, nom=unit.nom, eg_id=unit.eg_id, oi_id=unit.oi_id,
        eg_categorie=(eg.categorie or None) if eg else None, eg_finess=eg.finess if eg else None,
        oi_path=oi_path(session, unit.oi_id),
        patientele=_patientele(unit), unite_sensible=unit.unite_sensible, address=_address(unit),
        contacts=[_contact(session, contact) for contact in contacts],
        capacities=[desc.Capacity(nature=c.nature, nombre=c.nombre, statut=c.statut) for c in capacities],
        horaires=[_horaire(row) for row in _horaire_rows(session, unit_id)],
        comment=unit.comment, status=unit.status, closed_on=unit.closed_on, updated_at=unit.updated_at,
        updated_by=unit.updated_by, revision=unit.revision, interview_step=unit.interview_step,
        **values,
    )


def oi_path(session: Session, oi_id: int | None) -> list[str]:
    """Names of the pôle / service / UF above a unit, outermost first."""
    names: list[str] = []
    seen: set[int] = set()
    while oi_id is not None and oi_id not in seen:
        seen.add(oi_id)
        oi = session.get(OrganisationInterne, oi_id)
        if oi is None:
            break
        names.append(oi.nom)
        oi_id = oi.parent_id
    return names[::-1]


def coded_answer(row: CodedValue) -> desc.CodedAnswer:
    return desc.CodedAnswer(
        attribute=row.attribute, code=row.code, value_set=row.value_set, value_set_version=row.value_set_version,
        label=row.label, free_text=row.free_text, score=row.score, margin=row.margin,
        chosen_how=row.chosen_how, chosen_by=row.chosen_by, chosen_at=row.chosen_at, quantity=row.quantity,
        valid=row.valid, deprecated=row.deprecated,
    )


def _new_row(user: str, unit_id: int, answer: desc.CodedAnswer) -> CodedValue:
    data = answer.model_dump()
    data["chosen_by"] = answer.chosen_by or user
    data["chosen_at"] = answer.chosen_at or utcnow()
    return CodedValue(unit_id=unit_id, **data)


def _same_answer(row: CodedValue, answer: desc.CodedAnswer) -> bool:
    return (row.value_set, row.label, row.free_text, row.chosen_how) == (
        answer.value_set, answer.label, answer.free_text, answer.chosen_how)


def _summary(row: CodedValue) -> dict[str, Any]:
    """What the audit log keeps of a coded value: enough to show and to restore it."""
    return {"code": row.code, "label": row.label, "value_set": row.value_set,
            "value_set_version": row.value_set_version, "free_text": row.free_text,
            "chosen_how": row.chosen_how, "score": row.score}


def _coded_rows(session: Session, unit_id: int, attribute: str) -> list[CodedValue]:
    query = select(CodedValue).where(CodedValue.unit_id == unit_id, CodedValue.attribute == attribute)
    return list(session.exec(query.order_by(col(CodedValue.id))).all())


def _require_single(attribute: str) -> None:
    if attribute not in SINGLE_VALUED:
        raise ValueError(f"{attribute} holds several codes: use add_coded / remove_coded")


def _patientele(unit: Unit) -> desc.Patientele:
    return desc.Patientele(age_min=unit.age_min, age_min_unit=unit.age_min_unit,
                           age_max=unit.age_max, age_max_unit=unit.age_max_unit)


def _address(unit: Unit) -> desc.Address:
    return desc.Address(**{name: getattr(unit, name) for name in _ADDRESS_FIELDS})


def _contact(session: Session, row: Contact) -> desc.Contact:
    telecoms = session.exec(select(Telecom).where(Telecom.contact_id == row.id).order_by(col(Telecom.id))).all()
    return desc.Contact(
        id=row.id, nom=row.nom, fonction=row.fonction, nature=row.nature, description=row.description,
        confidentialite=row.confidentialite,
        telecoms=[desc.Telecom(canal=t.canal, adresse=t.adresse, confidentialite=t.confidentialite,
                               utilisation=t.utilisation) for t in telecoms],
    )


def _horaire_rows(session: Session, unit_id: int) -> Sequence[Horaire]:
    query = select(Horaire).where(Horaire.unit_id == unit_id).order_by(col(Horaire.jour), col(Horaire.debut))
    return session.exec(query).all()


def _horaire(row: Horaire) -> desc.Horaire:
    return desc.Horaire(jour=row.jour, debut=row.debut, fin=row.fin, type_plage=row.type_plage)
