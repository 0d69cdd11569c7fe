"""``ror-assistant interview [--plain] [--unit ID]``: run the interview of one unit.

``--plain`` runs it line by line on stdin/stdout (screen readers, dumb terminals, scripts);
without it the Textual app opens. Without ``--unit`` the open units are listed and the person
types the number of the one to describe.
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from ror_assistant.errors import UserError
from ror_assistant.settings import Settings

if TYPE_CHECKING:
    from ror_assistant import storage


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("interview", help="décrire une unité, question par question",
                                   description="L'entretien qui décrit une unité élémentaire pour le ROR.")
    parser.add_argument("--plain", action="store_true",
                        help="mode texte ligne à ligne (lecteur d'écran, terminal simple, script)")
    parser.add_argument("--unit", type=int, metavar="ID", help="numéro de l'unité (sinon, choisie dans une liste)")
    parser.set_defaults(handler=run)


def open_units(db: storage.Database) -> list[storage.TreeNode]:
    """Units not closed, in structure order, for the person to choose from."""
    from ror_assistant import storage  # deferred for start-up time: every start builds the parser

    with db.read() as session:
        roots = storage.tree(session, include_closed=False)
    found: list[storage.TreeNode] = []
    pending = list(reversed(roots))
    while pending:
        node = pending.pop()
        if node.kind == "unit":
            found.append(node)
        pending.extend(reversed(node.children))
    return found


def _choose_unit(db: storage.Database) -> int | None:
    units = open_units(db)
    if not units:
        raise UserError("Aucune unité à décrire dans cette base.",
                        "créez-en une : ror-assistant create unit --eg ID --nom « Nom de l'unité ».")
    print("Unités :")
    for node in units:
        print(f"  {node.id}. {node.nom}")
    print("Numéro de l'unité à décrire ?")
    print("> ", end="", flush=True)
    line = sys.stdin.readline()
    if not line.strip():
        return None
    if not line.strip().isdigit() or int(line) not in {node.id for node in units}:
        raise UserError(f"« {line.strip()} » n'est pas le numéro d'une unité de la liste.",
                        "relancez la commande et tapez l'un des numéros affichés, ou utilisez --unit ID.")
    return int(line)


def run(args: argparse.Namespace, settings: Settings) -> int:
    if not args.plain:
        from ror_assistant.tui.launch import run_app

        return run_app(settings)
    from ror_assistant.interview import Interview
    from ror_assistant.plain import run_plain
    from ror_assistant.storage import open_database

    db = open_database(settings.db_url)
    try:
        unit_id = args.unit if args.unit is not None else _choose_unit(db)
        if unit_id is None:
            return 0
        engine = Interview.open(db, unit_id, settings.user)
        return run_plain(engine, sys.stdin, sys.stdout)
    finally:
        db.dispose()
