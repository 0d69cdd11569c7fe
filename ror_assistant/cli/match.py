"""``ror-assistant match``: the matcher for scripts and evaluation, one answer or a batch file.

``--batch FILE`` reads one query per line and writes one JSON object per line (query, verdict,
candidates with code, label, score…), so results can be diffed or scored by other tools.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from ror_assistant.cli._choices import FieldChoices
from ror_assistant.errors import UserError
from ror_assistant.settings import Settings

if TYPE_CHECKING:
    from ror_assistant.matching import MatchResult


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "match", help="proposer des codes ROR pour une réponse libre",
        description="Propose les codes actifs d'un champ ROR pour un texte libre, avec un verdict "
                    "(sure : certain, ambiguous : à préciser, none : rien de probant).")
    parser.add_argument("--field", required=True, choices=FieldChoices(),
                        metavar="CHAMP", help="champ ROR : %(choices)s")
    parser.add_argument("--limit", type=int, default=5, metavar="N", help="nombre de propositions (5 par défaut)")
    parser.add_argument("--json", action="store_true", help="sortie JSON")
    parser.add_argument("--batch", type=Path, metavar="FICHIER",
                        help="une requête par ligne ; un objet JSON par ligne en sortie")
    parser.add_argument("text", nargs="*", metavar="TEXTE", help="la réponse à coder")
    parser.set_defaults(handler=handle)


def _print_text(result: MatchResult) -> None:
    verdicts = {"sure": "certain", "ambiguous": "à préciser", "none": "aucune correspondance"}
    print(f"« {result.text} » → {verdicts[result.verdict]} (écart {result.margin:.1f})")
    width = max((len(candidate.code) for candidate in result.candidates), default=0)  # « R356:20 » beside « G15:60 »
    for candidate in result.candidates:
        words = f" [{', '.join(candidate.matched_words)}]" if candidate.matched_words else ""
        replaced = f" (remplace le code {candidate.replaces})" if candidate.replaces else ""
        print(f"  {candidate.code:<{width}}  {candidate.score:5.1f}  {candidate.label}{replaced}{words}")
    for quantity in result.quantities:
        print(f"  quantité mise de côté : {quantity}")
    if result.follow_up:
        print(f"  question : {result.follow_up}")


def handle(args: argparse.Namespace, settings: Settings) -> int:
    if args.limit < 1:
        raise UserError("--limit doit être au moins 1.", "par exemple --limit 5.")
    if args.batch is None and not args.text:
        raise UserError("Aucun texte à coder.", "donnez le texte après les options, ou --batch FICHIER.")
    from ror_assistant.matching import Matcher  # deferred for start-up time: every start builds the parser

    matcher = Matcher.default()
    if args.batch is not None:
        try:
            lines = args.batch.read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError) as error:
            raise UserError(f"Lecture impossible de {args.batch} ({error}).",
                            "donnez un fichier texte UTF-8, une requête par ligne.") from error
        for line in lines:
            if line.strip():
                result = matcher.match(args.field, line.strip(), limit=args.limit)
                print(json.dumps(result.to_dict(), ensure_ascii=False))
        return 0
    result = matcher.match(args.field, " ".join(args.text), limit=args.limit)
    if args.json:
        json.dump(result.to_dict(), sys.stdout, ensure_ascii=False, indent=2)
        print()
    else:
        _print_text(result)
    return 0
