"""``ror-assistant demo`` and ``ror-assistant serve``: the app in a sandbox, the app in a browser.

``demo`` is for trying the product and for workshops: a fresh SQLite file in a temporary
directory, seeded with a fictional establishment (see :mod:`ror_assistant.demo`), so nobody
touches real data. The file is kept after quitting so the work can be resumed.

``serve`` runs the app behind textual-serve: one app process per browser connection, so each
trainee has their own session; with ``--demo`` each one also gets their own sandbox.
"""

from __future__ import annotations

import argparse
import dataclasses
import shlex
import sys
import tempfile
from pathlib import Path

from ror_assistant.errors import UserError
from ror_assistant.settings import Settings

DEMO_PREFIX = "ror-assistant-demo-"
DEMO_FILE = "demo.sqlite3"


def register(subparsers: argparse._SubParsersAction) -> None:
    demo = subparsers.add_parser(
        "demo", help="ouvrir l'application sur un établissement fictif (bac à sable)",
        description="Ouvre l'application sur une base neuve, dans un dossier temporaire, qui contient "
                    "un établissement fictif : pour découvrir l'outil ou animer un atelier sans "
                    "toucher aux vraies données.")
    demo.add_argument("--resume", action="store_true",
                      help="reprendre le dernier bac à sable au lieu d'en créer un neuf")
    demo.set_defaults(handler=run_demo)

    serve = subparsers.add_parser(
        "serve", help="servir l'application dans le navigateur (ateliers)",
        description="Sert l'application dans le navigateur avec textual-serve : chaque onglet ouvert "
                    "lance sa propre session. Sans authentification : à réserver à une salle de formation.")
    serve.add_argument("--port", type=int, default=8000, help="port d'écoute (défaut : 8000)")
    serve.add_argument("--font-size", type=int, default=16, metavar="N",
                       help="taille des caractères dans le navigateur, pour un vidéoprojecteur (défaut : 16)")
    serve.add_argument("--host", default="localhost", metavar="ADRESSE",
                       help="adresse d'écoute (défaut : localhost ; 0.0.0.0 pour toute la salle)")
    serve.add_argument("--demo", action="store_true",
                       help="chaque session du navigateur reçoit son propre bac à sable")
    serve.set_defaults(handler=run_serve)


def latest_demo_db() -> Path | None:
    """The most recently used demo sandbox of this machine, if any is left."""
    candidates = Path(tempfile.gettempdir()).glob(f"{DEMO_PREFIX}*/{DEMO_FILE}")
    return max(candidates, key=lambda path: path.stat().st_mtime, default=None)


def run_demo(args: argparse.Namespace, settings: Settings) -> int:
    from ror_assistant.demo import seed_demo
    from ror_assistant.storage import open_database
    from ror_assistant.tui.launch import run_app

    if args.resume:
        path = latest_demo_db()
        if path is None:
            raise UserError("Aucun bac à sable à reprendre sur cette machine.",
                            "Lancez « ror-assistant demo » pour en créer un.")
    else:
        path = Path(tempfile.mkdtemp(prefix=DEMO_PREFIX)) / DEMO_FILE
        database = open_database(f"sqlite:///{path}")
        try:
            seed_demo(database, settings.user)
        finally:
            database.dispose()
    sandbox = dataclasses.replace(settings, db_url=f"sqlite:///{path}")
    code = run_app(sandbox, title="Assistant ROR — bac à sable")
    print(f"Bac à sable conservé dans {path}.\n"
          f"Pour le reprendre : ror-assistant demo --resume", file=sys.stderr)
    return code


def serve_command(args: argparse.Namespace, settings: Settings) -> str:
    """The command line each browser connection runs (one process per connection)."""
    command = [sys.executable, "-m", "ror_assistant", "--user", settings.user]
    command += ["demo"] if args.demo else ["--db", settings.db_url]
    return shlex.join(command)


def run_serve(args: argparse.Namespace, settings: Settings) -> int:
    from aiohttp import web
    from textual_serve.server import Server

    font_size = args.font_size

    class WorkshopServer(Server):
        """textual-serve with a default font size: trainees open the bare URL, not ``?fontsize=``."""

        async def handle_index(self, request: web.Request) -> web.Response:
            if "fontsize" not in request.query:
                raise web.HTTPFound(request.rel_url.update_query(fontsize=font_size))
            return await super().handle_index(request)

    if not args.demo:
        # Create or migrate the shared database once, before trainees' processes race to do it.
        from ror_assistant.storage import open_database

        open_database(settings.db_url).dispose()
    server = WorkshopServer(serve_command(args, settings), host=args.host, port=args.port,
                            title="Assistant ROR")
    server.serve()
    return 0
