"""``ror-assistant create ej|eg|unit``: create the structure from the command line.

So that a whole session can be scripted (and tested) without the Textual app: create an
établissement, its site and a unit, then run ``interview --plain --unit ID``. Each command
prints only the new id on stdout, for ``ID=$(ror-assistant create …)`` in a shell script.
Moving, closing and editing the structure belong to another command module.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from ror_assistant.errors import UserError
from ror_assistant.settings import Settings

if TYPE_CHECKING:
    from ror_assistant.description import Address


def register(subparsers: argparse._SubParsersAction) -> None:
    create = subparsers.add_parser("create", help="créer une entité juridique, une entité géographique ou une unité",
                                   description="Créer la structure en ligne de commande ; affiche le numéro créé.")
    kinds = create.add_subparsers(dest="create_kind", metavar="NIVEAU", required=True)

    ej = kinds.add_parser("ej", help="entité juridique")
    ej.add_argument("--finess", required=True, help="numéro FINESS de l'entité juridique (9 caractères)")
    ej.add_argument("--nom", required=True, help="raison sociale")
    ej.add_argument("--siren", default="", help="SIREN (9 chiffres)")
    ej.set_defaults(handler=run_ej)

    eg = kinds.add_parser("eg", help="entité géographique (établissement)")
    eg.add_argument("--ej", type=int, required=True, metavar="ID", help="numéro de l'entité juridique")
    eg.add_argument("--finess", required=True, help="numéro FINESS de l'établissement (9 caractères)")
    eg.add_argument("--nom", required=True, help="nom de l'établissement")
    eg.add_argument("--categorie", default="", help="catégorie d'établissement (code JDV_J55, par exemple 101)")
    eg.add_argument("--adresse", default=None, help="adresse, par exemple « 12 rue de la Paix, 75002 Paris »")
    eg.set_defaults(handler=run_eg)

    unit = kinds.add_parser("unit", help="unité élémentaire")
    unit.add_argument("--eg", type=int, required=True, metavar="ID", help="numéro de l'entité géographique")
    unit.add_argument("--nom", required=True, help="nom de l'unité, par exemple « Hôpital de jour d'oncologie »")
    unit.set_defaults(handler=run_unit)


def _finess(value: str) -> str:
    from ror_assistant.rules import check_finess  # deferred for start-up time: every start builds the parser

    checked = check_finess(value)
    return checked.unwrap()


def _address(text: str | None) -> Address | None:
    if text is None:
        return None
    from ror_assistant.interview.parsing import parse_address  # deferred for start-up time

    address = parse_address(text)
    if address is None:
        raise UserError(f"Adresse non comprise : « {text} ».",
                        "écrivez-la comme sur une enveloppe : « 12 rue de la Paix, 75002 Paris ».")
    return address


def run_ej(args: argparse.Namespace, settings: Settings) -> int:
    from ror_assistant import storage  # deferred for start-up time, like in the handlers below

    db = storage.open_database(settings.db_url)
    try:
        with db.write(settings.user) as session:
            ej = storage.create_ej(session, settings.user, _finess(args.finess), args.nom, siren=args.siren)
        print(ej.id)
    finally:
        db.dispose()
    return 0


def run_eg(args: argparse.Namespace, settings: Settings) -> int:
    from ror_assistant import storage

    db = storage.open_database(settings.db_url)
    try:
        with db.write(settings.user) as session:
            eg = storage.create_eg(session, settings.user, args.ej, _finess(args.finess), args.nom,
                                   categorie=args.categorie, address=_address(args.adresse))
        print(eg.id)
    finally:
        db.dispose()
    return 0


def run_unit(args: argparse.Namespace, settings: Settings) -> int:
    from ror_assistant import storage

    db = storage.open_database(settings.db_url)
    try:
        with db.write(settings.user) as session:
            unit = storage.create_unit(session, settings.user, args.eg, args.nom)
        print(unit.id)
    finally:
        db.dispose()
    return 0
