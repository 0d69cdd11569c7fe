"""The validation workflow of a UE: who moved it to which status, when, and on which sheet.

brouillon → à valider (sheet issued) → validée par le chef de service, or corrections demandées
(one comment per item, shown again in the next interview) → validée par la direction → prête
pour le ROR. Which moves are allowed, and what must hold for each, is decided here; recording a
move (WorkflowEvent, audit entry, revision, conflict check on the status the caller saw) is
:mod:`ror_assistant.storage.workflow`'s job. A change of the description after a validation voids
it: that is done once, centrally, by storage (``touch_unit``), not here.

The fingerprint ties the paper to the data: issuing records the fingerprint of the sheet, and a
validation is refused when the description no longer has that fingerprint (the chef would be
approving a sheet that is not the data any more), or when the fingerprint copied from the signed
paper is not the current one.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlmodel import Session

from ror_assistant.errors import UserError
from ror_assistant.nomenclature import Catalog, load_catalog
from ror_assistant.review.fingerprint import fingerprint, matches, short_fingerprint
from ror_assistant.review.items import GENERAL_ITEM, item_title, resolve_item
from ror_assistant.rules.peuplement import Status, unit_flags
from ror_assistant.storage.changes import format_when, get_unit
from ror_assistant.storage.models import VALIDATED_STATUSES, ItemComment, Unit, WorkflowEvent
from ror_assistant.storage.units import unit_description
from ror_assistant.storage.workflow import (
    add_item_comment,
    change_status,
    item_comments,
    resolve_item_comment,
    workflow_events,
)
from ror_assistant.textfold import fold
from ror_assistant.workflow.statuses import next_step, status_label


class WorkflowError(UserError):
    """A transition refused: the message says why, the hint what to do first."""


@dataclass(frozen=True)
class Transition:
    """One move of the workflow: from which statuses, to which, and what it is called."""

    action: str
    sources: frozenset[str]
    target: str
    title: str


TRANSITIONS: dict[str, Transition] = {
    transition.action: transition
    for transition in (
        Transition("issue", frozenset({"brouillon", "corrections", "a_valider"}), "a_valider",
                   "émettre la fiche de relecture"),
        Transition("validate", frozenset({"a_valider"}), "validee_chef",
                   "enregistrer la validation du chef de service"),
        Transition("request_corrections", frozenset({"a_valider", "validee_chef", "validee_direction"}), "corrections",
                   "demander des corrections"),
        Transition("approve", frozenset({"validee_chef"}), "validee_direction",
                   "enregistrer la validation de la direction"),
        Transition("ready", frozenset({"validee_direction"}), "prete", "marquer l'unité prête pour le ROR"),
    )
}


# -- reading -------------------------------------------------------------------------------------

def events(session: Session, unit_id: int) -> list[WorkflowEvent]:
    """The unit's status history, oldest first (voided validations included)."""
    return list(workflow_events(session, unit_id))


def last_issue(session: Session, unit_id: int) -> WorkflowEvent | None:
    """The event of the last sheet issued (the one the chef de service has in hand)."""
    issued = [event for event in workflow_events(session, unit_id) if event.to_status == "a_valider"]
    return issued[-1] if issued else None


def open_comments(session: Session, unit_id: int) -> dict[str, list[ItemComment]]:
    """Corrections asked and not yet settled, by item (ROR attribute, ``contact``, ``nom`` or
    ``unite`` for the whole unit), oldest first: what the next interview must show again.

    Comments are settled when the chef de service validates a later sheet.
    """
    grouped: dict[str, list[ItemComment]] = {}
    for comment in item_comments(session, unit_id, open_only=True):
        grouped.setdefault(comment.item, []).append(comment)
    return grouped


_CHANGED_FIELD = re.compile(r"« (.+?) »")


def describe_event(event: WorkflowEvent) -> str:
    """One line of status history, in French, as the CLI and the sheet show it.

    ``event.by`` is who recorded the move; a decision taken by someone else (the chef de
    service, the director) is named in the comment ("décision de …").
    """
    when = format_when(event.at)
    short = f" (empreinte {short_fingerprint(event.fingerprint)})" if event.fingerprint else ""
    comment = event.comment
    if event.from_status in VALIDATED_STATUSES and event.to_status == "brouillon":
        # storage's voiding comment names the changed field: « Validation annulée : « Adresse » a été modifié. »
        changed = _CHANGED_FIELD.search(comment)
        what = f"la modification de « {changed.group(1)} »" if changed else "une modification"
        text = f"Validation annulée par {what} par {event.by} {when}"
        comment = "" if changed else comment
    elif event.to_status == "a_valider":
        text = f"Fiche de relecture émise par {event.by} {when}{short}"
    elif event.to_status == "validee_chef":
        text = f"Validation du chef de service enregistrée par {event.by} {when}{short}"
    elif event.to_status == "corrections":
        text = f"Corrections demandées, enregistrées par {event.by} {when}"
    elif event.to_status == "validee_direction":
        text = f"Validation de la direction enregistrée par {event.by} {when}{short}"
    elif event.to_status == "prete":
        text = f"Prête pour le ROR, marquée par {event.by} {when}"
    else:
        text = f"{status_label(event.from_status)} → {status_label(event.to_status)}, par {event.by} {when}"
    return f"{text} — {comment}" if comment else text


# -- moving --------------------------------------------------------------------------------------

def _check_source(unit: Unit, transition: Transition) -> None:
    if unit.status in transition.sources:
        return
    elided = f"d'{transition.title}" if fold(transition.title[0]) in "aeiouh" else f"de {transition.title}"
    raise WorkflowError(
        f"Impossible {elided} pour « {unit.nom} » (n° {unit.id}) : "
        f"son statut est « {status_label(unit.status)} ».",
        next_step(unit.status, unit.id),
    )


def _move(session: Session, user: str, unit: Unit, transition: Transition, *, expected: str | None,
          comment: str = "", fingerprint_value: str | None = None) -> WorkflowEvent:
    """Record the move through storage; ``expected`` is the status the caller displayed."""
    assert unit.id is not None
    event = change_status(session, user, unit.id, transition.target, expected=expected or unit.status,
                          comment=comment.strip(), fingerprint=fingerprint_value)
    assert event is not None, "a transition always changes the status (a_valider is re-issued from its own source)"
    return event


def _decided_by(user: str, by: str | None, comment: str) -> str:
    """The comment of a decision recorded by ``user`` on behalf of ``by`` (the chef, the director)."""
    parts = [f"décision de {by.strip()}"] if by and by.strip() and by.strip() != user else []
    if comment.strip():
        parts.append(comment.strip())
    return " ; ".join(parts)


def issue(session: Session, user: str, unit_id: int, *, expected: str | None = None) -> WorkflowEvent | None:
    """Record that the review sheet of the unit was issued: brouillon or corrections → à valider,
    with the fingerprint of what the sheet shows. Returns the event, or None when nothing moved.

    A unit already à valider whose content changed since its last sheet is first sent back to
    brouillon (the sheet in the chef's hands is out of date, and the history says so), then issued
    again; unchanged, it stays as it is. A validated unit is left alone: its sheet is only a copy.
    """
    unit = get_unit(session, unit_id)
    transition = TRANSITIONS["issue"]
    if unit.status not in transition.sources:
        return None
    current = fingerprint(unit_description(session, unit_id))
    if unit.status == "a_valider":
        issued = last_issue(session, unit_id)
        if issued is not None and issued.fingerprint == current:
            return None
        change_status(session, user, unit_id, "brouillon", expected=expected or unit.status,
                      comment="Fiche précédente périmée : la description a changé depuis son émission.")
        expected = "brouillon"
    return _move(session, user, unit, transition, expected=expected, fingerprint_value=current)


def _current_matching_sheet(session: Session, unit: Unit, typed: str | None) -> str:
    """The unit's fingerprint, checked against the last sheet issued and the one typed from paper."""
    assert unit.id is not None
    current = fingerprint(unit_description(session, unit.id))
    issued = last_issue(session, unit.id)
    if issued is None or issued.fingerprint is None:
        raise WorkflowError(f"Aucune fiche de relecture n'a été émise pour « {unit.nom} » (n° {unit.id}).",
                            next_step("brouillon", unit.id))
    if issued.fingerprint != current:
        raise WorkflowError(
            f"La description de « {unit.nom} » a changé depuis la fiche émise {format_when(issued.at)} "
            f"(empreinte {short_fingerprint(issued.fingerprint)}, aujourd'hui {short_fingerprint(current)}) : "
            "la fiche relue ne correspond plus aux données.",
            f"émettez une nouvelle fiche et faites-la relire : ror-assistant fiche --unite {unit.id}",
        )
    if typed is not None and not matches(current, typed):
        raise WorkflowError(
            f"L'empreinte « {typed} » ne correspond pas à la description actuelle de « {unit.nom} » "
            f"({short_fingerprint(current)}) : la fiche signée n'est pas la dernière version.",
            f"vérifiez l'empreinte imprimée en haut de la fiche, ou émettez une nouvelle fiche : "
            f"ror-assistant fiche --unite {unit.id}",
        )
    return current


def validate(session: Session, user: str, unit_id: int, *, by: str | None = None,
             signed_fingerprint: str | None = None, comment: str = "", expected: str | None = None) -> WorkflowEvent:
    """``user`` records that the chef de service ``by`` validated the sheet: à valider → validée
    par le chef de service, with the fingerprint validated.

    Refused when no sheet was issued, when the data changed since, or when ``signed_fingerprint``
    (copied from the signed paper) is not the current one. Settles the open correction remarks.
    """
    unit = get_unit(session, unit_id)
    _check_source(unit, TRANSITIONS["validate"])
    current = _current_matching_sheet(session, unit, signed_fingerprint)
    for comments in open_comments(session, unit_id).values():
        for item_comment in comments:
            assert item_comment.id is not None
            resolve_item_comment(session, user, item_comment.id)
    return _move(session, user, unit, TRANSITIONS["validate"], expected=expected,
                 comment=_decided_by(user, by, comment), fingerprint_value=current)


def request_corrections(session: Session, user: str, unit_id: int, remarks: Iterable[tuple[str, str]], *,
                        by: str | None = None, expected: str | None = None) -> WorkflowEvent:
    """``user`` records that the chef de service (or the direction) ``by`` asks for corrections,
    one remark per item.

    ``remarks`` are (item, text) pairs; the item is the reference the sheet prints (``activites``),
    the ROR attribute, or ``unite`` for the whole unit. Each becomes an :class:`ItemComment` that
    :func:`open_comments` hands to the next interview.
    """
    unit = get_unit(session, unit_id)
    transition = TRANSITIONS["request_corrections"]
    _check_source(unit, transition)
    pairs = [(resolve_item(item), text.strip()) for item, text in remarks]
    pairs = [(item, text) for item, text in pairs if text]
    if not pairs:
        raise WorkflowError("Une demande de corrections doit dire quoi corriger.",
                            "ajoutez au moins une remarque : --point activites \"ajouter la radiothérapie\" "
                            "ou --commentaire \"…\" pour l'unité entière.")
    status_seen = expected or unit.status
    for item, text in pairs:
        add_item_comment(session, user, unit_id, item, text)
    summary = "; ".join(text if item == GENERAL_ITEM else f"{item_title(item)} : {text}" for item, text in pairs)
    return _move(session, user, unit, transition, expected=status_seen, comment=_decided_by(user, by, summary))


def approve(session: Session, user: str, unit_id: int, *, by: str | None = None, comment: str = "",
            expected: str | None = None) -> WorkflowEvent:
    """``user`` records that the direction ``by`` validated: validée par le chef de service →
    validée par la direction."""
    unit = get_unit(session, unit_id)
    _check_source(unit, TRANSITIONS["approve"])
    current = fingerprint(unit_description(session, unit_id))
    return _move(session, user, unit, TRANSITIONS["approve"], expected=expected,
                 comment=_decided_by(user, by, comment), fingerprint_value=current)


def mark_ready(session: Session, user: str, unit_id: int, *, catalog: Catalog | None = None,
               comment: str = "", expected: str | None = None) -> WorkflowEvent:
    """Validée par la direction → prête pour le ROR, only when every ANS peuplement criterion is met
    (FG_ChampActivite, FG_AO, FG_ModePEC, FG_Patientele, FG_Adresse, FG_Contact, FG_CategorieOrga):
    a unit that ANS would count "En cours" is not ready, however validated."""
    unit = get_unit(session, unit_id)
    _check_source(unit, TRANSITIONS["ready"])
    description = unit_description(session, unit_id)
    flags = unit_flags(description, catalog or load_catalog())
    if flags.status is not Status.FINALISE:
        missing = " ; ".join(reason.message for reason in flags.reasons)
        raise WorkflowError(
            f"« {unit.nom} » ne remplit pas tous les critères ANS de peuplement (statut ANS « {flags.status} ») : "
            f"{missing}.",
            "complétez l'unité dans l'entretien ; la modification annule la validation, "
            "et la fiche devra être relue de nouveau.",
        )
    return _move(session, user, unit, TRANSITIONS["ready"], expected=expected, comment=comment,
                 fingerprint_value=fingerprint(description))


def comments_text(comments: Sequence[ItemComment]) -> list[str]:
    """Remarks as the sheet and the interview print them: « texte » (qui, quand)."""
    return [f"« {comment.comment} » ({comment.by}, {format_when(comment.at)})" for comment in comments]
