"""Workflow commands: a unit's status and history, and the decisions of the chef de service
and the direction, recorded by the référent from the signed sheet.

``status`` (statut), ``validate`` (valider), ``request-corrections`` (corrections),
``approve`` (approuver), ``ready`` (prete). A refused transition prints why in French and exits
non-zero; the sheet itself is issued by ``review`` (fiche).
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import TYPE_CHECKING

from ror_assistant.settings import Settings
from ror_assistant.workflow import next_step, status_label

if TYPE_CHECKING:
    from sqlmodel import Session

    from ror_assistant.storage.models import WorkflowEvent


def _unit_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--unit", "--unite", dest="unit", type=int, required=True, metavar="ID", help="numéro de l'unité")


def _by_option(parser: argparse.ArgumentParser, who: str) -> None:
    parser.add_argument("--by", "--par", dest="by", metavar="NOM",
                        help=f"{who} qui a pris la décision (par défaut : vous)")


def _comment_option(parser: argparse.ArgumentParser, text: str = "commentaire joint à la décision") -> None:
    parser.add_argument("--comment", "--commentaire", dest="comment", default="", metavar="TEXTE", help=text)


def register(subparsers: argparse._SubParsersAction) -> None:
    status = subparsers.add_parser("status", aliases=["statut"], help="statut d'une unité et historique de sa validation",
                                   description="Statut de validation, critères ANS, remarques en attente et historique.")
    status.add_argument("unit", type=int, metavar="UNITE", help="numéro de l'unité")
    status.set_defaults(handler=run_status)

    valider = subparsers.add_parser(
        "validate", aliases=["valider"], help="enregistrer la validation du chef de service",
        description="Enregistrer que le chef de service a validé la fiche de relecture. Refusé si aucune fiche "
                    "n'a été émise ou si la description a changé depuis.")
    _unit_option(valider)
    _by_option(valider, "chef de service")
    valider.add_argument("--fingerprint", "--empreinte", dest="fingerprint", metavar="EMPREINTE",
                         help="empreinte imprimée sur la fiche signée (ex. 3f2a-9c01-77be), pour vérifier qu'elle "
                              "correspond aux données")
    _comment_option(valider)
    valider.set_defaults(handler=run_validate)

    corrections = subparsers.add_parser(
        "request-corrections", aliases=["corrections"], help="enregistrer les corrections demandées, point par point",
        description="Enregistrer les corrections demandées sur la fiche : une remarque par point, reprise dans "
                    "le prochain entretien.")
    _unit_option(corrections)
    corrections.add_argument("--item", "--point", dest="items", nargs=2, action="append", default=[],
                             metavar=("REPERE", "TEXTE"),
                             help="repère du point imprimé sur la fiche (ex. activites, adresse) et la correction "
                                  "demandée ; répétez l'option pour plusieurs points")
    _comment_option(corrections, "remarque sur l'unité dans son ensemble")
    _by_option(corrections, "personne (chef de service, direction)")
    corrections.set_defaults(handler=run_corrections)

    approuver = subparsers.add_parser(
        "approve", aliases=["approuver"], help="enregistrer la validation de la direction",
        description="Enregistrer que la direction a validé une unité déjà validée par le chef de service.")
    _unit_option(approuver)
    _by_option(approuver, "membre de la direction")
    _comment_option(approuver)
    approuver.set_defaults(handler=run_approve)

    prete = subparsers.add_parser(
        "ready", aliases=["prete"], help="marquer une unité prête pour le ROR",
        description="Marquer prête pour le ROR une unité validée par la direction. Refusé si un critère ANS de "
                    "peuplement n'est pas rempli.")
    _unit_option(prete)
    _comment_option(prete)
    prete.set_defaults(handler=run_ready)


def _record(settings: Settings, unit_id: int, action: Callable[[Session], WorkflowEvent]) -> int:
    """Run one transition in one write transaction and say what happened."""
    # Deferred for start-up time: every start builds the parser, so its modules stay light.
    from ror_assistant import storage
    from ror_assistant.workflow import describe_event

    db = storage.open_database(settings.db_url, create=False)
    try:
        with db.write(settings.user) as session:
            event = action(session)
            name = storage.unit_description(session, unit_id).nom
    finally:
        db.dispose()
    print(f"« {name} » (n° {unit_id}) : {status_label(event.to_status)}.")
    print(describe_event(event))
    hint = next_step(event.to_status, unit_id)
    if hint:
        print(f"Ensuite : {hint}")
    return 0


def run_validate(args: argparse.Namespace, settings: Settings) -> int:
    from ror_assistant.workflow import validate  # deferred for start-up time, like in the handlers below

    return _record(settings, args.unit, lambda session: validate(
        session, settings.user, args.unit, by=args.by, signed_fingerprint=args.fingerprint, comment=args.comment))


def run_corrections(args: argparse.Namespace, settings: Settings) -> int:
    from ror_assistant.review.items import GENERAL_ITEM
    from ror_assistant.workflow import request_corrections

    remarks = [(item, text) for item, text in args.items]
    if args.comment.strip():
        remarks.append((GENERAL_ITEM, args.comment))
    return _record(settings, args.unit, lambda session: request_corrections(
        session, settings.user, args.unit, remarks, by=args.by))


def run_approve(args: argparse.Namespace, settings: Settings) -> int:
    from ror_assistant.workflow import approve

    return _record(settings, args.unit, lambda session: approve(
        session, settings.user, args.unit, by=args.by, comment=args.comment))


def run_ready(args: argparse.Namespace, settings: Settings) -> int:
    from ror_assistant.workflow import mark_ready

    return _record(settings, args.unit, lambda session: mark_ready(
        session, settings.user, args.unit, comment=args.comment))


def run_status(args: argparse.Namespace, settings: Settings) -> int:
    from ror_assistant import storage
    from ror_assistant.nomenclature import load_catalog
    from ror_assistant.review.fingerprint import fingerprint, short_fingerprint
    from ror_assistant.review.items import item_title
    from ror_assistant.rules.peuplement import unit_flags
    from ror_assistant.workflow import comments_text, describe_event, events, open_comments

    db = storage.open_database(settings.db_url, create=False)
    try:
        with db.read() as session:
            unit = storage.unit_description(session, args.unit)
            history = [describe_event(event) for event in events(session, args.unit)]
            remarks = open_comments(session, args.unit)
    finally:
        db.dispose()
    flags = unit_flags(unit, load_catalog())
    print(f"« {unit.nom} » (n° {unit.id})")
    print(f"Statut : {status_label(unit.status)}")
    print(f"Critères ANS : « {flags.status} »")
    for reason in flags.reasons:
        print(f"  ✗ {reason.message}")
    print(f"Empreinte actuelle : {short_fingerprint(fingerprint(unit))}")
    if remarks:
        print("Corrections demandées, en attente :")
        for item, comments in remarks.items():
            for line in comments_text(comments):
                print(f"  - {item_title(item)} : {line}")
    print("Historique :")
    for number, line in enumerate(history, 1):
        print(f"  {number}. {line}")
    if not history:
        print("  (aucun événement : la fiche de relecture n'a jamais été émise)")
    hint = next_step(unit.status, unit.id)
    if hint:
        print(f"Ensuite : {hint}")
    return 0
