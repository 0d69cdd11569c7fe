"""``ror-assistant review`` (``fiche``): the review sheet of a unit, a service or an EG.

Issuing the sheet is what submits a unit for validation: each unit in brouillon (or with
corrections asked) moves to « à valider » with the fingerprint of the sheet. ``--apercu`` shows
the sheet without moving anything, for the référent's own check.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ror_assistant.review import FORMATS
from ror_assistant.settings import Settings
from ror_assistant.workflow import status_label


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "review", aliases=["fiche"], help="émettre la fiche de relecture d'une unité, d'un service ou d'un établissement",
        description="Fiche de relecture pour le chef de service : ce que l'unité montrera dans le ROR, ce qui manque, "
                    "ce que l'assistant n'a pas su décider seul, avec une case à cocher par point et la signature. "
                    "Émettre la fiche fait passer les unités en brouillon au statut « à valider ».")
    scope = parser.add_mutually_exclusive_group(required=True)
    scope.add_argument("--unit", "--unite", dest="unit", type=int, metavar="ID", help="une unité élémentaire")
    scope.add_argument("--service", type=int, metavar="ID",
                       help="toutes les unités ouvertes d'un pôle, d'un service ou d'une UF")
    scope.add_argument("--eg", type=int, metavar="ID", help="toutes les unités ouvertes d'un établissement (EG)")
    parser.add_argument("--format", choices=FORMATS, default="html",
                        help="html (page à imprimer, par défaut) ou md (texte, affiché à l'écran sans -o)")
    parser.add_argument("-o", "--output", type=Path, metavar="FICHIER",
                        help="fichier à écrire (par défaut : fiche-<nom>.html dans le dossier courant ; md : écran)")
    parser.add_argument("--apercu", action="store_true",
                        help="aperçu seulement : ne change pas le statut des unités")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace, settings: Settings) -> int:
    # Deferred for start-up time: the renderer pulls Jinja2, the rules and the matcher's thresholds.
    from ror_assistant import storage
    from ror_assistant.review.render import default_filename, issue_sheet, render_sheets, units_in_scope, write_sheet

    db = storage.open_database(settings.db_url, create=False)
    try:
        with db.read() as session:
            unit_ids, title = units_in_scope(session, unit=args.unit, service=args.service, eg=args.eg)
            if title is None:
                title = storage.unit_description(session, unit_ids[0]).nom
        path = args.output
        if path is None and args.format == "html":
            path = Path.cwd() / default_filename(title, "html")
        if args.apercu:
            with db.read() as session:
                text = render_sheets(session, unit_ids, args.format, title=title)
            if path is not None:
                write_sheet(path, text)
            moved: list[int] = []
        else:
            issued = issue_sheet(db, settings.user, unit_ids, args.format, path=path, title=title)
            text, moved = issued.text, issued.moved
    finally:
        db.dispose()
    if path is None:
        sys.stdout.write(text)
    else:
        print(f"Fiche de relecture écrite : {path}", file=sys.stderr)
    if moved:
        noun = "unité passe" if len(moved) == 1 else "unités passent"
        print(f"{len(moved)} {noun} au statut « {status_label('a_valider')} » : n° "
              + ", ".join(str(unit_id) for unit_id in moved), file=sys.stderr)
    elif not args.apercu:
        print("Aucun statut modifié (unités déjà à valider avec le même contenu, ou déjà validées).", file=sys.stderr)
    return 0
