"""``ror-assistant import-finess FICHIER [--finess NUM …]``: pre-fill EJ and EG from FINESS.

The référent downloads the FINESS extraction (data.gouv, ``etalab-cs1100507-stock-*.csv``)
and imports their own establishments with ``--finess``; the command says what it created or
updated, and which lines it could not read. A bad line among the chosen establishments stops
everything before anything is written (exit code 2), so the base never holds half an import.
Storage is imported in the handler so building the parser for another command stays cheap.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ror_assistant.settings import Settings


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "import-finess", help="créer ou mettre à jour EJ et EG depuis l'extraction FINESS",
        description="Lit l'extraction FINESS des établissements (fichier etalab ; séparé par des "
                    "points-virgules, UTF-8 ou Latin-1) et crée ou met à jour les entités juridiques et "
                    "géographiques qu'elle décrit : raison sociale, FINESS, SIRET, catégorie, adresse, "
                    "téléphone. Réimporter le même fichier ne change rien.")
    parser.add_argument("file", metavar="FICHIER", type=Path, help="extraction FINESS (.csv)")
    parser.add_argument("--finess", metavar="NUM", nargs="+", default=[], action="extend",
                        help="n'importer que ces établissements (numéro FINESS de l'EG ou de l'EJ)")
    parser.set_defaults(handler=run_import)


def run_import(args: argparse.Namespace, settings: Settings) -> int:
    from ror_assistant.exchange.finess import import_finess
    from ror_assistant.nomenclature import load_catalog
    from ror_assistant.storage import open_database

    db = open_database(settings.db_url)
    try:
        extraction, selection, report = import_finess(db, settings.user, args.file, load_catalog(), args.finess)
    finally:
        db.dispose()
    header = f"Fichier {args.file.name} ({extraction.encoding}"
    if extraction.metadata:
        header += f", en-tête « {extraction.metadata} »"
    print(header + f") : {len(extraction.establishments)} établissement(s) lisible(s), "
                   f"{len(selection.establishments)} choisi(s).")
    for title, lines in (("Créés", report.created), ("Mis à jour", report.updated), ("À vérifier", report.notes)):
        if lines:
            print(f"{title} :")
            for line in lines:
                print(f"  {line}")
    if report.unchanged:
        print(f"Inchangés : {len(report.unchanged)}.")
    if not report.changed:
        print("Aucune modification : la base est déjà à jour de ce fichier.")
    if selection.ignored:
        print("Lignes non importées (hors des établissements choisis) :")
        for problem in selection.ignored:
            print(f"  {problem}")
    return 0
