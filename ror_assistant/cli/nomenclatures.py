"""``ror-assistant nomenclatures …``: look at the NOS tables and ROR value sets, import ANS releases.

Référents and trainers use these commands to check a code, see which codes are deprecated and
since when, and to bring in a new ANS release while seeing at once which stored answers it
affects. Output is plain text sized for an 80-column terminal; ``--json`` gives the same data
to scripts. Heavy modules (storage, pydantic models) are imported in the handlers, so that
building the parser for another command stays cheap.
"""

from __future__ import annotations

import argparse
import json
import shutil
from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ror_assistant.errors import UserError

if TYPE_CHECKING:
    from ror_assistant.nomenclature.catalog import Catalog
    from ror_assistant.nomenclature.models import CodeTable, Concept, ValueSet
    from ror_assistant.nomenclature.releases import ImportReport
    from ror_assistant.settings import Settings

GAP = "  "


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("nomenclatures", help="tables NOS et jeux de valeurs ROR : consulter, importer",
                                   description="Consulter les tables NOS (TRE) et les jeux de valeurs ROR (JDV), "
                                               "et importer une nouvelle version publiée par l'ANS.")
    commands = parser.add_subparsers(dest="nomenclatures_command", metavar="ACTION", required=True)

    listing = commands.add_parser("list", help="toutes les tables et tous les jeux de valeurs, avec leur version")
    _json_option(listing)
    listing.set_defaults(handler=run_list)

    show = commands.add_parser("show", help="les codes d'une table ou d'un jeu de valeurs")
    show.add_argument("ident", metavar="TABLE", help="identifiant complet ou court : R211, J17, TRE_R213-ModePriseEnCharge…")
    which = show.add_mutually_exclusive_group()
    which.add_argument("--active", action="store_true", help="seulement les codes actifs")
    which.add_argument("--deprecated", action="store_true", help="seulement les codes obsolètes")
    _json_option(show)
    show.set_defaults(handler=run_show)

    search = commands.add_parser("search", help="chercher un libellé ou un code dans tous les jeux de valeurs")
    search.add_argument("text", metavar="TEXTE", help="mots du libellé (accents et majuscules indifférents) ou code")
    search.add_argument("--limit", type=int, default=20, metavar="N", help="nombre maximal de résultats (20)")
    _json_option(search)
    search.set_defaults(handler=run_search)

    versions = commands.add_parser("versions", help="versions connues d'une table ou d'un jeu de valeurs")
    versions.add_argument("ident", metavar="TABLE", help="identifiant complet ou court : R211, J17…")
    _json_option(versions)
    versions.set_defaults(handler=run_versions)

    importing = commands.add_parser("import", help="importer des fichiers FHIR JSON publiés par l'ANS",
                                    description="Importe des CodeSystem et ValueSet FHIR (ou un Bundle qui les "
                                                "contient). Chaque nouvelle version est enregistrée à côté des "
                                                "anciennes, et les réponses concernées sont listées.")
    importing.add_argument("files", nargs="+", type=Path, metavar="FICHIER")
    importing.add_argument("--dry-run", action="store_true", help="montrer l'effet de l'import sans rien enregistrer")
    importing.set_defaults(handler=run_import)


def _json_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="sortie JSON (pour les scripts)")


# -- shared helpers ----------------------------------------------------------------------------
def _sqlite_file_missing(url: str) -> bool:
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    database = parsed.database or ""
    return parsed.get_backend_name() == "sqlite" and database not in ("", ":memory:") and not Path(database).exists()


def _catalog(settings: Settings) -> Catalog:
    return _load(settings)[0]


def _load(settings: Settings) -> tuple[Catalog, dict[tuple[str, str], tuple[str, datetime]]]:
    """Bundled data plus the releases imported in the database, and who imported each release
    when (bundled data only while there is no database yet: looking needs no set-up)."""
    from ror_assistant.nomenclature import load_catalog

    if _sqlite_file_missing(settings.db_url):
        return load_catalog(), {}
    from sqlmodel import select

    from ror_assistant.nomenclature.releases import load_catalog_with_releases
    from ror_assistant.storage.db import open_database
    from ror_assistant.storage.models import NomenclatureRelease

    database = open_database(settings.db_url, create=False)
    try:
        with database.read() as session:
            imported = {(row.resource_id, row.version): (row.imported_by, row.imported_at)
                        for row in session.exec(select(NomenclatureRelease))}
            return load_catalog_with_releases(session), imported
    finally:
        database.dispose()


def _resolve(catalog: Catalog, ident: str) -> CodeTable | ValueSet:
    found = catalog.lookup(ident)
    if found is None:
        raise UserError(f"Table ou jeu de valeurs inconnu : « {ident} ».",
                        "« ror-assistant nomenclatures list » affiche les identifiants disponibles (R211, J17…).")
    return found


def _date(value: date | str | None) -> str:
    if not value:
        return ""
    parsed = date.fromisoformat(value) if isinstance(value, str) else value
    return parsed.strftime("%d/%m/%Y")


def _width() -> int:
    return max(60, shutil.get_terminal_size((80, 24)).columns)


def render_table(headers: Sequence[str], rows: Sequence[Sequence[Any]], *, flexible: int, right: Sequence[int] = (),
                 width: int | None = None) -> str:
    """Aligned plain-text columns within ``width``; only column ``flexible`` (a label) is shortened, with "…"."""
    width = width or _width()
    cells = [[str(value) for value in row] for row in rows]
    sizes = [max([len(header), *(len(row[index]) for row in cells)]) for index, header in enumerate(headers)]
    room = width - sum(size for index, size in enumerate(sizes) if index != flexible) - len(GAP) * (len(headers) - 1)
    sizes[flexible] = max(12, min(sizes[flexible], room))

    def line(values: Sequence[str]) -> str:
        parts = []
        for index, value in enumerate(values):
            if len(value) > sizes[index]:
                value = value[: sizes[index] - 1] + "…"
            parts.append(value.rjust(sizes[index]) if index in right else value.ljust(sizes[index]))
        return GAP.join(parts).rstrip()

    return "\n".join([line(list(headers)), *(line(row) for row in cells)])


def _print_json(data: Any) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=2))


def _name(ident: str) -> str:
    """``TRE_R211-ActiviteOperationnelle`` → ``ActiviteOperationnelle``; ``JDV_J17-X-ROR`` → ``X-ROR``."""
    return ident.split("-", 1)[1] if "-" in ident else ident


def _short(ident: str) -> str:
    return ident.split("-", 1)[0].split("_", 1)[-1]


# -- list --------------------------------------------------------------------------------------
def _counts(catalog: Catalog, item: CodeTable | ValueSet) -> tuple[int, int]:
    from ror_assistant.nomenclature.models import CodeTable

    if isinstance(item, CodeTable):
        return item.active_count, len(item.concepts) - item.active_count
    return len(catalog.active_concepts(item.id)), len(catalog.deprecated_concepts(item.id))


def run_list(args: argparse.Namespace, settings: Settings) -> int:
    catalog = _catalog(settings)
    sections = [("Tables NOS (TRE)", "code_system", list(catalog.tables.values())),
                ("Jeux de valeurs ROR (JDV)", "value_set", list(catalog.value_sets.values()))]
    if args.json:
        _print_json([{"id": item.id, "kind": kind, "version": item.version, "date": item.date,
                      "active": counts[0], "deprecated": counts[1],
                      "versions": len(catalog.all_versions(item.id))}
                     for _, kind, items in sections for item in items if (counts := _counts(catalog, item))])
        return 0
    for position, (title, _, items) in enumerate(sections):
        rows = [(_short(item.id), _name(item.id), item.version, _date(item.date), *_counts(catalog, item))
                for item in sorted(items, key=lambda entry: _sort_key(entry.id))]
        if position:
            print()
        print(f"{title} : {len(items)}")
        print(render_table(("Id", "Nom", "Version", "Date", "Actifs", "Obsolètes"), rows, flexible=1, right=(4, 5)))
    print("\nObsolètes d'un jeu de valeurs : codes obsolètes de ses tables,\n"
          "gardés pour lire les réponses déjà saisies.")
    return 0


def _sort_key(ident: str) -> tuple[str, int]:
    short = _short(ident)
    digits = "".join(char for char in short if char.isdigit())
    return short[:1], int(digits or 0)


# -- show --------------------------------------------------------------------------------------
def _concept_json(concept: Concept) -> dict[str, Any]:
    return {"code": concept.code, "libelle": concept.libelle, "table": concept.system, "status": concept.status,
            "date_debut": concept.date_debut.isoformat() if concept.date_debut else None,
            "date_fin": concept.date_fin.isoformat() if concept.date_fin else None}


def run_show(args: argparse.Namespace, settings: Settings) -> int:
    from ror_assistant.nomenclature.models import CodeTable

    catalog = _catalog(settings)
    item = _resolve(catalog, args.ident)
    if isinstance(item, CodeTable):
        active = [concept for concept in item.concepts.values() if concept.active]
        deprecated = [concept for concept in item.concepts.values() if not concept.active]
        kind = "table NOS"
    else:
        active = catalog.active_concepts(item.id)
        deprecated = catalog.deprecated_concepts(item.id)
        kind = "jeu de valeurs ROR"
    if args.active:
        deprecated = []
    if args.deprecated:
        active = []
    if args.json:
        _print_json({"id": item.id, "version": item.version, "date": item.date,
                     "active": [_concept_json(concept) for concept in active],
                     "deprecated": [_concept_json(concept) for concept in deprecated]})
        return 0
    several_tables = len({concept.system for concept in [*active, *deprecated]}) > 1
    print(f"{item.id} ({kind}) — version {item.version}" + (f" du {_date(item.date)}" if item.date else ""))
    if not args.deprecated:
        print(f"\nCodes actifs : {len(active)}")
        if active:
            print(_concepts_table(active, several_tables, "Depuis le", lambda concept: _date(concept.date_debut)))
    if not args.active:
        print(f"\nCodes obsolètes : {len(deprecated)} (gardés pour reconnaître les réponses déjà saisies)")
        if deprecated:
            print(_concepts_table(deprecated, several_tables, "Obsolète le",
                                  lambda concept: _date(concept.date_fin) or "date inconnue"))
    return 0


def _concepts_table(concepts: list[Concept], with_table: bool, date_header: str, when) -> str:
    headers = ("Code", "Table", "Libellé", date_header) if with_table else ("Code", "Libellé", date_header)
    rows = [((concept.code, _short(concept.system), concept.libelle, when(concept)) if with_table
             else (concept.code, concept.libelle, when(concept))) for concept in concepts]
    return render_table(headers, rows, flexible=2 if with_table else 1)


# -- search ------------------------------------------------------------------------------------
def run_search(args: argparse.Namespace, settings: Settings) -> int:
    catalog = _catalog(settings)
    hits = catalog.search(args.text, limit=args.limit)
    attributes: dict[str, list[str]] = {}
    for binding in catalog.bindings:
        attributes.setdefault(binding.value_set, []).append(binding.attribute)
    if args.json:
        _print_json([{"value_set": hit.value_set, "attributes": attributes.get(hit.value_set, []),
                      **_concept_json(hit.concept)} for hit in hits])
        return 0
    if not hits:
        print(f"Aucun code ne correspond à « {args.text} ».")
        return 0
    rows = [(_short(hit.value_set), hit.concept.code, hit.concept.libelle,
             "actif" if hit.concept.active else f"obsolète {_date(hit.concept.date_fin)}".rstrip()) for hit in hits]
    print(render_table(("JDV", "Code", "Libellé", "Statut"), rows, flexible=2))
    print("\nJeux de valeurs :")
    for value_set in dict.fromkeys(hit.value_set for hit in hits):
        used_for = ", ".join(attributes.get(value_set, [])) or "aucun attribut lié"
        print(f"  {_short(value_set)} = {value_set} ({used_for})")
    return 0


# -- versions ----------------------------------------------------------------------------------
def run_versions(args: argparse.Namespace, settings: Settings) -> int:
    from ror_assistant.nomenclature.models import CodeTable

    catalog, imported = _load(settings)
    current = _resolve(catalog, args.ident)
    rows = []
    for version in catalog.all_versions(current.id):
        size = len(version.concepts) if isinstance(version, CodeTable) else len(version.members)
        by, at = imported.get((version.id, version.version), (None, None))
        rows.append({"version": version.version, "date": version.date, "codes": size, "current": version is current,
                     "imported_by": by, "imported_at": at.isoformat() if at else None, "source": version.source})
    if args.json:
        _print_json({"id": current.id, "versions": rows})
        return 0
    plural = "s" if len(rows) > 1 else ""
    print(f"{current.id} : {len(rows)} version{plural} connue{plural}, la plus récente en service")
    table = []
    for row in rows:
        origin = (f"importée le {_date(row['imported_at'][:10])} par {row['imported_by']}" if row["imported_by"]
                  else "fournie avec l'application")
        table.append((row["version"], _date(row["date"]), row["codes"], origin + (" — en service" if row["current"] else "")))
    print(render_table(("Version", "Date", "Codes", "Origine"), table, flexible=3, right=(2,)))
    return 0


# -- import ------------------------------------------------------------------------------------
_OUTCOMES = {
    "nouvelle": "nouvelle version, mise en service",
    "ancienne": "version plus ancienne que celle en service : gardée dans l'historique",
    "déjà importée": "déjà importée : rien à faire",
    "déjà fournie": "déjà fournie avec l'application : rien à faire",
}


def run_import(args: argparse.Namespace, settings: Settings) -> int:
    from ror_assistant.nomenclature.releases import import_releases
    from ror_assistant.storage.db import open_database

    database = open_database(settings.db_url)
    try:
        report = import_releases(database, list(args.files), settings.user, dry_run=args.dry_run)
    finally:
        database.dispose()
    print_import_report(report, dry_run=args.dry_run)
    return 0


def print_import_report(report: ImportReport, *, dry_run: bool) -> None:
    for outcome in report.outcomes:
        release = outcome.release.resource
        before = f"{outcome.current_version} → " if outcome.current_version and outcome.outcome == "nouvelle" else ""
        print(f"{release.id} {before}{release.version}")
        print(f"  fichier : {outcome.release.origin}")
        print(f"  {_OUTCOMES[outcome.outcome]}")
        diff = outcome.diff
        if diff is None:
            continue
        if diff.unchanged:
            print("  aucun code modifié")
        for (one, many), changes in ((("code ajouté", "codes ajoutés"), diff.added),
                                     (("code supprimé", "codes supprimés"), diff.removed),
                                     (("code devenu obsolète", "codes devenus obsolètes"), diff.deprecated),
                                     (("code de nouveau actif", "codes de nouveau actifs"), diff.reactivated),
                                     (("libellé modifié", "libellés modifiés"), diff.relabelled)):
            if not changes:
                continue
            print(f"  {len(changes)} {one if len(changes) == 1 else many} :")
            for change in changes:
                detail = ""
                if change.detail:
                    detail = f" (avant : {change.detail})" if changes is diff.relabelled else f" (obsolète le {change.detail})"
                print(f"    {change.code}  {change.label}{detail}")
    for skipped in report.skipped:
        print(f"Ressource ignorée : {skipped.resource_type} ({skipped.origin}) — seuls CodeSystem et ValueSet sont importés.")
    print()
    if report.impacted:
        print(f"Réponses enregistrées concernées : {len(report.impacted)}")
        print("Elles n'ont pas été modifiées : revoyez-les avec les unités.")
        reasons = dict.fromkeys(answer.reason for answer in report.impacted)
        for reason in reasons:
            print(f"\n{reason[:1].upper()}{reason[1:]} :")
            print(render_table(("Unité", "Attribut", "Code", "Libellé"),
                               [(answer.unit_name, answer.attribute, answer.code, answer.label)
                                for answer in report.impacted if answer.reason == reason], flexible=3))
    else:
        print("Aucune réponse enregistrée n'utilise un code retiré ou devenu obsolète.")
    if dry_run:
        print("\nSimulation : rien n'a été enregistré.")
    elif report.recorded:
        versions = "1 version enregistrée" if report.recorded == 1 else f"{report.recorded} versions enregistrées"
        print(f"\n{versions} ; les versions précédentes restent dans l'historique.")
    else:
        print("\nRien de nouveau à enregistrer.")
