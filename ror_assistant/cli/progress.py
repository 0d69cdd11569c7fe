"""``ror-assistant progress`` and ``ror-assistant campaign set``: follow the peuplement campaign.

``progress`` prints, per establishment, the ANS status of each EG row and of each UE (with
what is missing), the share of the organisation and of the units described, and the
campaign dates with the delay to the ARS validation — as a table for the terminal, CSV for
a spreadsheet, or one HTML page to send. ``campaign set`` records the campaign dates.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from ror_assistant.cli.structure import find_level, parse_date
from ror_assistant.errors import UserError

if TYPE_CHECKING:
    from ror_assistant.settings import Settings

FORMATS = ("table", "csv", "html")
#: Command-line options of ``campaign set`` → Campaign columns.
CAMPAIGN_OPTIONS = {
    "lancement": "launched_on",
    "formation_admin": "training_admin_on",
    "formation_metiers": "training_metier_on",
    "validation_ars": "ars_validation_on",
}


CLEAR = "aucune"


def optional_date(text: str) -> date | str:
    """A date, or « aucune » (kept as :data:`CLEAR`) to clear a date recorded by mistake."""
    if text.strip().lower() == CLEAR:
        return CLEAR
    return parse_date(text)


def register(subparsers: argparse._SubParsersAction) -> None:
    progress = subparsers.add_parser(
        "progress", help="suivi du peuplement : statuts ANS, unités à compléter, campagne",
        description="Statut de peuplement calculé comme l'ANS pour chaque EG et chaque UE (avec ce qui "
                    "manque), part de l'organisation et des unités décrites, dates de la campagne.")
    progress.add_argument("--format", choices=FORMATS, default="table",
                          help="table (terminal, par défaut), csv (tableur : « ; », UTF-8) ou html (page autonome)")
    progress.add_argument("-o", "--output", type=Path, metavar="FICHIER", help="écrire dans ce fichier")
    progress.add_argument("--eg", metavar="FINESS", nargs="+", action="extend", default=[],
                          help="seulement ces entités géographiques")
    progress.set_defaults(handler=run_progress)

    campaign = subparsers.add_parser("campaign", help="dates de la campagne de peuplement",
                                     description="Enregistrer les dates de la campagne de peuplement d'une EG, "
                                                 "ou d'une EJ pour toutes ses EG.")
    actions = campaign.add_subparsers(dest="campaign_command", metavar="ACTION", required=True)
    setting = actions.add_parser("set", help="enregistrer une ou plusieurs dates (JJ/MM/AAAA ; « aucune » efface)")
    owner = setting.add_mutually_exclusive_group(required=True)
    owner.add_argument("--eg", metavar="FINESS", help="campagne de cette entité géographique")
    owner.add_argument("--ej", metavar="FINESS", help="campagne commune aux EG de cette entité juridique")
    setting.add_argument("--lancement", type=optional_date, metavar="DATE", help="lancement de la campagne")
    setting.add_argument("--formation-admin", type=optional_date, metavar="DATE",
                         help="formation des référents administratifs")
    setting.add_argument("--formation-metiers", type=optional_date, metavar="DATE",
                         help="formation des référents métiers")
    setting.add_argument("--validation-ars", type=optional_date, metavar="DATE", help="validation par l'ARS")
    setting.set_defaults(handler=run_campaign_set)


def run_progress(args: argparse.Namespace, settings: Settings) -> int:
    from ror_assistant.nomenclature import load_catalog
    from ror_assistant.progress import dashboard, render_csv, render_html, render_table
    from ror_assistant.storage import open_database

    db = open_database(settings.db_url)
    try:
        with db.read() as session:
            wanted = [find_level(session, "eg", ref).id for ref in args.eg]
            sites = dashboard(session, load_catalog(), eg_ids=wanted or None)
    finally:
        db.dispose()
    if args.format == "csv":
        text = render_csv(sites)
    elif args.format == "html":
        text = render_html(sites, datetime.now())
    else:
        text = render_table(sites)
    if args.output is None:
        sys.stdout.write(text)
        return 0
    encoding = "utf-8-sig" if args.format == "csv" else "utf-8"
    try:
        args.output.write_text(text, encoding=encoding, newline="")
    except OSError as error:
        raise UserError(f"Écriture impossible dans {args.output} ({error.strerror}).",
                        "vérifiez le dossier et vos droits d'écriture.") from error
    print(f"Suivi écrit dans {args.output} ({len(sites)} entité(s) géographique(s)).")
    return 0


def run_campaign_set(args: argparse.Namespace, settings: Settings) -> int:
    from ror_assistant.progress import CAMPAIGN_DATES, set_campaign
    from ror_assistant.storage import open_database

    given = {column: getattr(args, option) for option, column in CAMPAIGN_OPTIONS.items()
             if getattr(args, option) is not None}
    changes = {column: None if value == CLEAR else value for column, value in given.items()}
    if not changes:
        raise UserError("Aucune date indiquée.", "par exemple : --lancement 05/01/2026")
    db = open_database(settings.db_url)
    try:
        with db.write(settings.user) as session:
            if args.eg:
                owner = find_level(session, "eg", args.eg)
                campaign = set_campaign(session, settings.user, eg_id=owner.id, changes=changes)
                who = f"l'EG {owner.finess}"
            else:
                owner = find_level(session, "ej", args.ej)
                campaign = set_campaign(session, settings.user, ej_id=owner.id, changes=changes)
                who = f"l'EJ {owner.finess}"
            print(f"Campagne de {who} :")
            for column, label in CAMPAIGN_DATES.items():
                value = getattr(campaign, column)
                print(f"  {label} : {value:%d/%m/%Y}" if value else f"  {label} : —")
    finally:
        db.dispose()
    return 0

