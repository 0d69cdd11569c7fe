"""``ror-assistant export --format json [-o FILE] [--schema]``: the machine-readable result.

Writes every unit (closed ones included, with their closing date) with codes, free texts, ANS
flags and status, in the format documented in docs/export-schema.md. Without ``-o`` the JSON
goes to stdout; with it, the file is replaced atomically. ``--schema`` prints the JSON Schema.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from ror_assistant.settings import Settings


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("export", help="exporter toutes les unités (JSON)",
                                   description="Exporter toutes les unités avec leurs codes, critères ANS et statut.")
    parser.add_argument("--format", choices=["json"], default="json", help="format du fichier (json)")
    parser.add_argument("-o", "--output", type=Path, metavar="FICHIER", help="fichier à écrire (sinon la sortie standard)")
    parser.add_argument("--schema", action="store_true", help="afficher le schéma JSON du format au lieu des données")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace, settings: Settings) -> int:
    # Deferred for start-up time: every start builds the parser, so its modules stay light.
    from sqlmodel import col, select

    from ror_assistant import storage
    from ror_assistant.exchange.export_json import build_export, export_schema, write_atomically
    from ror_assistant.nomenclature import load_catalog
    from ror_assistant.storage.models import Unit

    if args.schema:
        text = json.dumps(export_schema(), ensure_ascii=False, indent=2)
    else:
        db = storage.open_database(settings.db_url, create=False)
        try:
            with db.read() as session:
                ids = session.exec(select(Unit.id).order_by(col(Unit.id))).all()
                units = [storage.unit_description(session, unit_id) for unit_id in ids]
        finally:
            db.dispose()
        text = build_export(units, load_catalog()).model_dump_json(indent=2)
    if args.output is None:
        sys.stdout.write(text + "\n")
    else:
        write_atomically(args.output, text + "\n")
        print(f"Export écrit : {args.output}", file=sys.stderr)
    return 0
