"""The structure above the units: EJ → EG → organisation interne (pôle, service, UF) → UE.

Creating, renaming, moving and closing levels, duplicating a unit, and the tree the UI
shows. Closing follows the MOS rule (ror-model.md §1.1): closing a level closes everything
below it with the same date; levels already closed keep their own (earlier) date, so a
reopening only reopens what the cascade closed.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, Field
from sqlmodel import Session, SQLModel, col, select

from ror_assistant import description as desc
from ror_assistant.errors import ConflictError, UserError
from ror_assistant.storage import audit
from ror_assistant.storage.changes import check_expected, display, format_when, get_unit, touch_unit
from ror_assistant.storage.models import (
    Capacity,
    CodedValue,
    Contact,
    EntiteGeographique,
    EntiteJuridique,
    Horaire,
    OrganisationInterne,
    Telecom,
    Unit,
    utcnow,
)

Level = Literal["ej", "eg", "oi", "unit"]
_TABLES: dict[str, type[SQLModel]] = {
    "ej": EntiteJuridique, "eg": EntiteGeographique, "oi": OrganisationInterne, "unit": Unit,
}
_LEVEL_NAMES = {"ej": "L'entité juridique", "eg": "L'entité géographique",
                "oi": "L'organisation interne", "unit": "L'unité"}
_FINESS = re.compile(r"[0-9A-Za-z]{9}")
_FINESS_OWNERS = {"ej": "entité juridique", "eg": "entité géographique"}
_OI_TYPES = {"1": "pôle", "2": "service", "3": "unité fonctionnelle"}
_FIXED = {"id", "ej_id", "eg_id", "parent_id", "closed_on"}  # changed by move/close, not by update_fields


class TreeNode(BaseModel):
    """One line of the structure tree: a level, its children, and for units their status."""

    kind: Level
    id: int
    nom: str
    finess: str | None = None
    type_oi: str | None = None
    status: str | None = None
    closed_on: date | None = None
    children: list[TreeNode] = Field(default_factory=list)


# --- creation -------------------------------------------------------------------------------

def create_ej(session: Session, user: str, finess: str, raison_sociale: str, *, siren: str = "",
              statut: str = "", address: desc.Address | None = None) -> EntiteJuridique:
    """A new entité juridique; its FINESS must be new (it identifies the EJ everywhere)."""
    _check_finess(session, EntiteJuridique, finess, "entité juridique")
    row = EntiteJuridique(finess=finess, raison_sociale=raison_sociale, siren=siren, statut=statut,
                          **(address or desc.Address()).model_dump())
    return _created(session, user, "ej", row)


def create_eg(session: Session, user: str, ej_id: int, finess: str, nom: str, *, siret: str = "",
              categorie: str = "", champs: Sequence[str] = (), telephone: str = "",
              address: desc.Address | None = None) -> EntiteGeographique:
    """A new entité géographique of an EJ; ``champs`` are the authorised MCO / PSY / SMR."""
    _get(session, "ej", ej_id)
    _check_finess(session, EntiteGeographique, finess, "entité géographique")
    row = EntiteGeographique(ej_id=ej_id, finess=finess, nom=nom, siret=siret, categorie=categorie,
                             champs=",".join(champs), telephone=telephone,
                             **(address or desc.Address()).model_dump())
    return _created(session, user, "eg", row)


def create_oi(session: Session, user: str, eg_id: int, type_oi: str, nom: str, *,
              parent_id: int | None = None) -> OrganisationInterne:
    """A pôle ('1'), service ('2') or UF ('3') of an EG, optionally inside another OI."""
    if type_oi not in _OI_TYPES:
        raise UserError(f"Type d'organisation interne inconnu : « {type_oi} ».",
                        "Choisissez 1 (pôle), 2 (service) ou 3 (unité fonctionnelle).")
    _get(session, "eg", eg_id)
    if parent_id is not None:
        _check_parent_oi(session, eg_id, parent_id, None)
    row = OrganisationInterne(eg_id=eg_id, parent_id=parent_id, type_oi=type_oi, nom=nom)
    return _created(session, user, "oi", row)


def create_unit(session: Session, user: str, eg_id: int, nom: str, *, oi_id: int | None = None,
                address: desc.Address | None = None) -> Unit:
    """A new unité élémentaire, in draft. Without ``address`` it starts with the EG's address."""
    eg = _get(session, "eg", eg_id)
    if oi_id is not None:
        _check_parent_oi(session, eg_id, oi_id, None)
    if address is None:
        address = desc.Address(**{name: getattr(eg, name) for name in desc.Address.model_fields})
    now = utcnow()
    row = Unit(eg_id=eg_id, oi_id=oi_id, nom=nom, created_at=now, created_by=user, updated_at=now,
               updated_by=user, **address.model_dump())
    return _created(session, user, "unit", row)


def duplicate_unit(session: Session, user: str, unit_id: int, nom: str) -> Unit:
    """A new draft unit with the same description (e.g. the HJ twin of an HC unit).

    Coded values are marked ``chosen_how='copie'`` by ``user`` now, so the review sheet shows
    they were not answered for this unit; the référent then changes what differs.
    """
    source = get_unit(session, unit_id)
    now = utcnow()
    copied = source.model_dump(exclude={"id", "nom", "status", "closed_on", "created_at", "created_by",
                                        "updated_at", "updated_by", "revision", "interview_step"})
    unit = Unit(**copied, nom=nom, created_at=now, created_by=user, updated_at=now, updated_by=user)
    session.add(unit)
    session.flush()
    for value in session.exec(select(CodedValue).where(CodedValue.unit_id == unit_id)).all():
        session.add(CodedValue(**value.model_dump(exclude={"id", "unit_id", "chosen_how", "chosen_by", "chosen_at"}),
                               unit_id=unit.id, chosen_how="copie", chosen_by=user, chosen_at=now))
    for contact in session.exec(select(Contact).where(Contact.unit_id == unit_id)).all():
        twin = Contact(**contact.model_dump(exclude={"id", "unit_id"}), unit_id=unit.id)
        session.add(twin)
        session.flush()
        for telecom in session.exec(select(Telecom).where(Telecom.contact_id == contact.id)).all():
            session.add(Telecom(**telecom.model_dump(exclude={"id", "contact_id"}), contact_id=twin.id))
    for table in (Capacity, Horaire):
        for row in session.exec(select(table).where(table.unit_id == unit_id)).all():
            session.add(table(**row.model_dump(exclude={"id", "unit_id"}), unit_id=unit.id))
    audit.record(session, user, entity="unit", entity_id=unit.id, unit_id=unit.id, action="create",
                 new={"nom": nom, "copie_de": unit_id})
    return unit


# --- changes --------------------------------------------------------------------------------

def rename(session: Session, user: str, kind: Level, row_id: int, nom: str, *, expected: str) -> None:
    """Rename any level; ``expected`` is the name the caller displayed (conflict check)."""
    if not nom.strip():
        raise UserError("Le nom ne peut pas être vide.", "Saisissez le nom tel qu'il apparaîtra dans le ROR.")
    if kind == "unit":
        unit = get_unit(session, row_id)
        check_expected(session, unit, "nom", unit.nom, expected)
        if unit.nom != nom:
            audit.record(session, user, entity="unit", entity_id=row_id, unit_id=row_id, action="update",
                         field="nom", old=unit.nom, new=nom)
            unit.nom = nom
            touch_unit(session, user, unit, "nom")
        return
    row = _get(session, kind, row_id)
    name_field = "raison_sociale" if kind == "ej" else "nom"
    current = getattr(row, name_field)
    if current != expected:
        raise _structure_conflict(session, kind, row_id, name_field, current)
    update_fields(session, user, kind, row_id, {name_field: nom})


def update_fields(session: Session, user: str, kind: Literal["ej", "eg", "oi"], row_id: int,
                  changes: Mapping[str, Any]) -> SQLModel:
    """Change plain fields of an EJ, EG or OI (FINESS refresh, corrections); audits each one.

    Links and closing dates are not plain fields: use :func:`move_oi` and :func:`close`.
    """
    row = _get(session, kind, row_id)
    table = _TABLES[kind]
    for name, value in changes.items():
        if name in _FIXED or name not in table.model_fields:
            raise ValueError(f"{name!r} is not a field update_fields may change on {table.__name__}")
        old = getattr(row, name)
        if old == value:
            continue
        if name == "finess":  # same French error on every backend (PostgreSQL enforces VARCHAR(9))
            _check_finess(session, table, value, _FINESS_OWNERS[kind])
        audit.record(session, user, entity=str(table.__tablename__), entity_id=row_id, action="update",
                     field=name, old=old, new=value)
        setattr(row, name, value)
    session.add(row)
    return row


def move_oi(session: Session, user: str, oi_id: int, parent_id: int | None) -> None:
    """Put an OI under another OI of the same EG (or at the top of the EG with None)."""
    oi = _get(session, "oi", oi_id)
    if parent_id is not None:
        _check_parent_oi(session, oi.eg_id, parent_id, oi_id)
    if oi.parent_id == parent_id:
        return
    audit.record(session, user, entity="organisation_interne", entity_id=oi_id, action="move",
                 field="parent_id", old=oi.parent_id, new=parent_id)
    oi.parent_id = parent_id
    session.add(oi)


def move_unit(session: Session, user: str, unit_id: int, oi_id: int | None) -> None:
    """Attach a unit to another OI of its EG (None: directly under the EG)."""
    unit = get_unit(session, unit_id)
    if oi_id is not None:
        _check_parent_oi(session, unit.eg_id, oi_id, None)
    if unit.oi_id == oi_id:
        return
    audit.record(session, user, entity="unit", entity_id=unit_id, unit_id=unit_id, action="move",
                 field="oi_id", old=unit.oi_id, new=oi_id)
    unit.oi_id = oi_id
    touch_unit(session, user, unit, "oi_id")


def close(session: Session, user: str, kind: Level, row_id: int, on: date) -> int:
    """Close a level and everything below it still open, all on ``on``; returns how many rows.

    Closed units leave the ANS scope (ror-model.md §8 point 8); their data stays.
    """
    rows = [row for row in _subtree(session, kind, row_id) if row.closed_on is None]
    for row in rows:
        _set_closed(session, user, row, None, on)
    return len(rows)


def reopen(session: Session, user: str, kind: Level, row_id: int) -> int:
    """Undo a (temporary) closure: reopens the level and what the cascade closed with it.

    Levels below with another closing date were closed on their own and stay closed.
    """
    top = _get(session, kind, row_id)
    if top.closed_on is None:
        return 0
    rows = [row for row in _subtree(session, kind, row_id) if row.closed_on == top.closed_on]
    for row in rows:
        _set_closed(session, user, row, row.closed_on, None)
    return len(rows)


# --- reading --------------------------------------------------------------------------------

def tree(session: Session, *, include_closed: bool = True) -> list[TreeNode]:
    """The whole structure, EJ first, as nested nodes sorted by name (four queries)."""
    def keep(row: Any) -> bool:
        return include_closed or row.closed_on is None

    ejs = [row for row in session.exec(select(EntiteJuridique)).all() if keep(row)]
    egs = [row for row in session.exec(select(EntiteGeographique)).all() if keep(row)]
    ois = [row for row in session.exec(select(OrganisationInterne)).all() if keep(row)]
    units = [row for row in session.exec(select(Unit)).all() if keep(row)]

    oi_nodes = {oi.id: TreeNode(kind="oi", id=oi.id, nom=oi.nom, type_oi=oi.type_oi, closed_on=oi.closed_on)
                for oi in ois}
    eg_nodes = {eg.id: TreeNode(kind="eg", id=eg.id, nom=eg.nom, finess=eg.finess, closed_on=eg.closed_on)
                for eg in egs}
    for oi in ois:
        parent = oi_nodes.get(oi.parent_id) if oi.parent_id is not None else eg_nodes.get(oi.eg_id)
        if parent is not None:
            parent.children.append(oi_nodes[oi.id])
    for unit in units:
        node = TreeNode(kind="unit", id=unit.id, nom=unit.nom, status=unit.status, closed_on=unit.closed_on)
        parent = oi_nodes.get(unit.oi_id) if unit.oi_id is not None else eg_nodes.get(unit.eg_id)
        if parent is not None:
            parent.children.append(node)
    roots = [TreeNode(kind="ej", id=ej.id, nom=ej.raison_sociale, finess=ej.finess, closed_on=ej.closed_on)
             for ej in ejs]
    by_ej = {node.id: node for node in roots}
    for eg in egs:
        if eg.ej_id in by_ej:
            by_ej[eg.ej_id].children.append(eg_nodes[eg.id])
    _sort(roots)
    return roots


def _sort(nodes: list[TreeNode]) -> None:
    nodes.sort(key=lambda node: (node.kind == "unit", node.nom.casefold()))
    for node in nodes:
        _sort(node.children)


# --- helpers --------------------------------------------------------------------------------

def _get(session: Session, kind: str, row_id: int) -> Any:
    row = session.get(_TABLES[kind], row_id)
    if row is None:
        raise UserError(f"{_LEVEL_NAMES[kind]} n° {row_id} n'existe pas (ou plus).",
                        "Rechargez l'arborescence : elle a peut-être changé dans une autre session.")
    return row


def _created(session: Session, user: str, kind: str, row: Any) -> Any:
    session.add(row)
    session.flush()
    data = row.model_dump(mode="json", exclude={"id"})
    audit.record(session, user, entity=str(_TABLES[kind].__tablename__), entity_id=row.id,
                 unit_id=row.id if kind == "unit" else None, action="create", new=data)
    return row


def _check_finess(session: Session, table: type[SQLModel], finess: str, what: str) -> None:
    if not _FINESS.fullmatch(finess):
        raise UserError(f"Le numéro FINESS « {finess} » n'est pas valide.",
                        "Un FINESS compte 9 caractères, chiffres (ou 2A / 2B pour la Corse).")
    if session.exec(select(table).where(table.finess == finess)).first() is not None:
        raise UserError(f"Une {what} de FINESS {finess} existe déjà.",
                        "Ouvrez-la dans l'arborescence au lieu de la créer de nouveau.")


def _check_parent_oi(session: Session, eg_id: int, parent_id: int, moving_id: int | None) -> None:
    """The parent OI must exist in the same EG and must not be the moved OI or below it."""
    parent = _get(session, "oi", parent_id)
    if parent.eg_id != eg_id:
        raise UserError(f"« {parent.nom} » appartient à une autre entité géographique.",
                        "Choisissez un pôle, service ou UF de la même entité géographique.")
    ancestor: OrganisationInterne | None = parent
    while ancestor is not None and moving_id is not None:
        if ancestor.id == moving_id:
            raise UserError(f"Impossible de placer une organisation interne sous « {parent.nom} » : "
                            "elle se trouverait à l'intérieur d'elle-même.",
                            "Choisissez un niveau qui n'est pas en dessous d'elle.")
        ancestor = session.get(OrganisationInterne, ancestor.parent_id) if ancestor.parent_id else None


def _subtree(session: Session, kind: str, row_id: int) -> list[Any]:
    """The row and every row below it, top first."""
    if kind == "unit":
        return [get_unit(session, row_id)]
    top = _get(session, kind, row_id)
    if kind == "ej":
        egs = session.exec(select(EntiteGeographique).where(EntiteGeographique.ej_id == row_id)).all()
        return [top, *(row for eg in egs for row in _subtree(session, "eg", eg.id))]
    if kind == "eg":
        ois = session.exec(select(OrganisationInterne).where(OrganisationInterne.eg_id == row_id)).all()
        units = session.exec(select(Unit).where(Unit.eg_id == row_id)).all()
        return [top, *ois, *units]
    oi_ids = [row_id]
    frontier = [row_id]
    while frontier:
        children = session.exec(select(OrganisationInterne).where(col(OrganisationInterne.parent_id).in_(frontier))).all()
        frontier = [child.id for child in children if child.id not in oi_ids]
        oi_ids.extend(frontier)
    below = session.exec(select(OrganisationInterne).where(col(OrganisationInterne.id).in_(oi_ids[1:]))).all()
    units = session.exec(select(Unit).where(col(Unit.oi_id).in_(oi_ids))).all()
    return [top, *below, *units]


def _set_closed(session: Session, user: str, row: Any, old: date | None, new: date | None) -> None:
    is_unit = isinstance(row, Unit)
    audit.record(session, user, entity=str(type(row).__tablename__), entity_id=row.id,
                 unit_id=row.id if is_unit else None, action="close" if new else "reopen",
                 field="closed_on", old=old, new=new)
    row.closed_on = new
    if is_unit:
        touch_unit(session, user, row, "closed_on", describes=False)
    else:
        session.add(row)


def _structure_conflict(session: Session, kind: str, row_id: int, field: str, current: Any) -> ConflictError:
    entries = audit.history(session, entity=str(_TABLES[kind].__tablename__), entity_id=row_id, field=field)
    last = entries[-1] if entries else None
    who = last.user if last else "une autre session"
    return ConflictError(
        f"Le nom a été modifié par {who} {format_when(last.at if last else None)} ; valeur actuelle : "
        f"{display(current)}. Votre saisie n'a pas été enregistrée.",
        "Relisez le nom actuel, puis confirmez de nouveau si vous voulez le remplacer.",
    )
