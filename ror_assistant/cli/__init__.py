"""The ``ror-assistant`` command: global options, sub-commands, French error messages.

Each module of this package adds its own sub-commands through ``register(subparsers)`` and
sets ``handler(args, settings) -> int`` on its parsers. Modules are found by listing the
package, so a feature brings its command without editing a central table. Without a
sub-command the Textual app opens (imported only then, to keep commands fast). The parser is
built on every start, the app's included, so command modules import what their handlers need
inside the handlers (tests/test_startup.py checks building it loads none of it).
"""

from __future__ import annotations

import argparse
import os
import importlib
import pkgutil
import sys
from collections.abc import Sequence

from ror_assistant import __version__
from ror_assistant.cli import _french
from ror_assistant.errors import UserError
from ror_assistant.settings import DB_ENV, Settings


def build_parser() -> argparse.ArgumentParser:
    _french.install()
    parser = argparse.ArgumentParser(
        prog="ror-assistant",
        description="Décrire les unités élémentaires d'un établissement pour le ROR, une question à la fois.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}",
                        help="afficher la version et quitter")
    parser.add_argument("--db", metavar="FICHIER",
                        help=f"base de données : un fichier SQLite (ror.sqlite3) ou une URL SQLAlchemy ; "
                             f"par défaut ${DB_ENV} ou un fichier SQLite personnel")
    parser.add_argument("--user", metavar="NOM", help="nom de la personne qui saisit (par défaut : votre identifiant)")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMANDE")
    for module_info in sorted(pkgutil.iter_modules(__path__), key=lambda info: info.name):
        if module_info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{__name__}.{module_info.name}")
        module.register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        settings = Settings.resolve(db=args.db, user=args.user)
        handler = getattr(args, "handler", None)
        if handler is None:
            from ror_assistant.tui.launch import run_app

            return run_app(settings)
        return int(handler(args, settings) or 0)
    except UserError as error:
        print(f"Erreur : {error}", file=sys.stderr)
        return error.exit_code
    except BrokenPipeError:
        # Output piped into `head` or a pager that quit: not an error for the user.
        # Point stdout at /dev/null so the flush at interpreter exit does not fail again.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except KeyboardInterrupt:
        print("\nInterrompu. Les réponses déjà confirmées sont enregistrées.", file=sys.stderr)
        return 130
