"""``ror-assistant aliases list|remove``: the answers learnt as local aliases.

An alias is created when a person confirms a code the matcher was not sure of (see
:func:`ror_assistant.matching.aliases.should_learn`); next time the same words give that code
first. A wrong alias is removed here (audited by storage).
"""

from __future__ import annotations

import argparse

from ror_assistant.cli._choices import FieldChoices
from ror_assistant.errors import UserError
from ror_assistant.settings import Settings


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "aliases", help="réponses apprises : lister, supprimer",
        description="Les réponses confirmées que l'assistant a retenues comme alias d'un établissement.")
    commands = parser.add_subparsers(dest="aliases_command", metavar="ACTION", required=True)
    listing = commands.add_parser("list", help="lister les alias (d'une EJ, d'un champ)")
    listing.add_argument("--ej", type=int, metavar="ID", help="identifiant de l'entité juridique (ses alias et les alias communs)")
    listing.add_argument("--field", choices=FieldChoices(), metavar="CHAMP", help="champ ROR : %(choices)s")
    listing.set_defaults(handler=run_list)
    remove = commands.add_parser("remove", help="supprimer un alias par son identifiant")
    remove.add_argument("alias_id", type=int, metavar="ID", help="identifiant affiché par « aliases list »")
    remove.set_defaults(handler=run_remove)


def run_list(args: argparse.Namespace, settings: Settings) -> int:
    # Deferred for start-up time: the parser, built on every start, must not load them.
    from ror_assistant.matching.aliases import list_aliases
    from ror_assistant.storage import open_database

    database = open_database(settings.db_url)
    try:
        with database.read() as session:
            rows = list_aliases(session, ej_id=args.ej, field=args.field)
    finally:
        database.dispose()
    if not rows:
        print("Aucun alias appris.")
        return 0
    for row in rows:
        owner = f"EJ {row.ej_id}" if row.ej_id is not None else "commun"
        print(f"{row.id}\t{owner}\t{row.field}\t« {row.text_key} » → {row.code} ({row.value_set})\t{row.created_by}")
    return 0


def run_remove(args: argparse.Namespace, settings: Settings) -> int:
    # Deferred for start-up time, as above.
    from ror_assistant.storage import open_database
    from ror_assistant.storage.aliases import remove_alias

    database = open_database(settings.db_url)
    try:
        with database.write(settings.user) as session:
            removed = remove_alias(session, settings.user, args.alias_id)
    finally:
        database.dispose()
    if not removed:
        raise UserError(f"Aucun alias n° {args.alias_id}.", "affichez les alias avec « ror-assistant aliases list ».")
    print(f"Alias n° {args.alias_id} supprimé.")
    return 0
