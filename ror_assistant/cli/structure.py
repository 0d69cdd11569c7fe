"""``ror-assistant tree`` and ``ror-assistant structure …``: the establishment's structure.

A référent (or a script) lays out EJ → EG → pôles → services → UF → UE from the command
line: ``structure add`` for pôles, services and UF (EJ, EG and UE come from ``create`` or
``import-finess``), ``edit``, ``move``, ``close`` (cascading, with a date), ``reopen`` and
``list``; ``tree`` shows the whole structure with each UE's ANS status. Every change goes
through :mod:`ror_assistant.storage` (the TUI uses the same functions), one write
transaction per command. EJ and EG are named by FINESS number (or by id); pôles, services,
UF and UE by the id ``tree`` and ``list`` show (``#12``).
"""

from __future__ import annotations

import argparse
import textwrap
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from ror_assistant.errors import UserError
from ror_assistant.textfold import fold

if TYPE_CHECKING:
    from sqlmodel import Session

    from ror_assistant.progress import SiteProgress, UnitProgress
    from ror_assistant.settings import Settings
    from ror_assistant.storage import TreeNode

WIDTH = 80
#: Command-line kinds → (storage level, OI type TRE_R207).
KINDS: dict[str, tuple[str, str | None]] = {
    "ej": ("ej", None), "eg": ("eg", None), "pole": ("oi", "1"), "service": ("oi", "2"), "uf": ("oi", "3"),
    "ue": ("unit", None),
}
OI_KINDS = ("pole", "service", "uf")
OI_LABELS = {"1": "Pôle", "2": "Service", "3": "UF"}
KIND_NAMES = {"ej": "entité juridique", "eg": "entité géographique", "pole": "pôle", "service": "service",
              "uf": "unité fonctionnelle", "ue": "unité élémentaire"}
FEMININE = frozenset({"ej", "eg", "uf", "ue"})
CHAMPS = ("MCO", "PSY", "SMR")
ADDRESS_OPTIONS = {
    "numero_voie": "numéro de voie (avec l'indice : 12 B)", "type_voie": "type de voie (R, AV, BD…)",
    "libelle_voie": "libellé de la voie", "lieu_dit": "lieu-dit ou boîte postale",
    "complement": "complément d'adresse", "code_postal": "code postal", "localite": "localité",
    "commune_cog": "code commune INSEE",
}
FIELD_NAMES = {"raison_sociale": "raison sociale", "nom": "nom", "siren": "SIREN", "siret": "SIRET",
               "statut": "statut juridique", "categorie": "catégorie", "champs": "champs autorisés",
               "telephone": "téléphone", "type_oi": "type", **{name: label.split(" (")[0]
                                                                for name, label in ADDRESS_OPTIONS.items()}}


def a(kind: str) -> str:
    """« un pôle », « une UF »: the level's name with its article."""
    return f"{'une' if kind in FEMININE else 'un'} {KIND_NAMES[kind]}"


def agreed(kind: str, participle: str) -> str:
    """« modifié » or « modifiée » depending on the level's gender."""
    return participle + ("e" if kind in FEMININE else "")


# --- argument types shared with the other commands ------------------------------------------

def parse_date(text: str) -> date:
    """JJ/MM/AAAA (as French users write it) or AAAA-MM-JJ."""
    for pattern in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return datetime.strptime(text.strip(), pattern).date()
        except ValueError:
            continue
    raise argparse.ArgumentTypeError(f"date invalide « {text} » : écrivez JJ/MM/AAAA, par exemple 01/03/2026")


def parse_kind(text: str) -> str:
    kind = fold(text.strip())
    if kind not in KINDS:
        raise argparse.ArgumentTypeError(f"niveau inconnu « {text} » : choisissez parmi {', '.join(KINDS)}")
    return kind


def find_level(session: Session, level: str, ref: str) -> Any:
    """The EJ or EG named by ``ref`` (FINESS number, or id), or the OI / unit of id ``ref``."""
    from sqlmodel import select

    from ror_assistant.storage.models import EntiteGeographique, EntiteJuridique, OrganisationInterne, Unit

    tables = {"ej": EntiteJuridique, "eg": EntiteGeographique, "oi": OrganisationInterne, "unit": Unit}
    table = tables[level]
    ref = ref.strip().lstrip("#")
    row = None
    if level in ("ej", "eg") and len(ref) == 9:
        row = session.exec(select(table).where(table.finess == ref.upper())).first()
    elif ref.isdigit():
        row = session.get(table, int(ref))
    if row is None:
        what = {"ej": "entité juridique", "eg": "entité géographique", "oi": "organisation interne",
                "unit": "unité"}[level]
        how = "son numéro FINESS ou son numéro (#)" if level in ("ej", "eg") else "son numéro (#)"
        raise UserError(f"Aucune {what} « {ref} » dans la base.",
                        f"désignez-la par {how} ; « ror-assistant tree » les affiche.")
    return row


def find_kind(session: Session, kind: str, ref: str) -> Any:
    """Like :func:`find_level`, also checking that an OI is of the type ``kind`` names."""
    level, type_oi = KINDS[kind]
    row = find_level(session, level, ref)
    if type_oi is not None and row.type_oi != type_oi:
        actual = next(name for name, (_, code) in KINDS.items() if code == row.type_oi)
        raise UserError(f"L'organisation interne #{row.id} « {row.nom} » est {a(actual)}, pas {a(kind)}.",
                        f"relancez la commande avec « {actual} ».")
    return row


# --- parser ---------------------------------------------------------------------------------

def register(subparsers: argparse._SubParsersAction) -> None:
    tree = subparsers.add_parser("tree", help="arborescence des établissements avec le statut ANS de chaque UE",
                                 description="Affiche EJ → EG → pôles → services → UF → UE, avec le statut de "
                                             "peuplement calculé comme l'ANS pour chaque UE et chaque EG.")
    tree.add_argument("--eg", metavar="FINESS", nargs="+", action="extend", default=[],
                      help="seulement ces entités géographiques")
    tree.add_argument("--fermes", action="store_true", help="montrer aussi les niveaux fermés")
    tree.set_defaults(handler=run_tree)

    structure = subparsers.add_parser(
        "structure", help="ajouter, modifier, déplacer, fermer les niveaux de l'établissement",
        description="Pôles, services, UF et UE : ajouter, modifier, déplacer, fermer (avec tout ce qui est "
                    "en dessous), rouvrir, lister. Les EJ et EG se désignent par leur FINESS, les autres "
                    "niveaux par leur numéro (#) affiché par « ror-assistant tree ».")
    actions = structure.add_subparsers(dest="structure_command", metavar="ACTION", required=True)

    add = actions.add_parser("add", help="ajouter un pôle, un service ou une UF")
    add.add_argument("kind", type=parse_kind, metavar="NIVEAU", help="pole, service ou uf")
    add.add_argument("name", metavar="NOM")
    add.add_argument("--eg", required=True, metavar="FINESS", help="entité géographique")
    add.add_argument("--sous", type=int, metavar="N", help="dans ce pôle ou ce service (#N)")
    add.set_defaults(handler=run_add)

    edit = actions.add_parser("edit", help="modifier le nom ou les champs d'un niveau")
    edit.add_argument("kind", type=parse_kind, metavar="NIVEAU", help=", ".join(KINDS))
    edit.add_argument("ref", metavar="FINESS|N")
    edit.add_argument("--nom", help="nouveau nom (raison sociale pour une EJ)")
    edit.add_argument("--type", dest="type_oi", type=parse_kind, metavar="NIVEAU",
                      help="pôles, services, UF : changer de type (pole, service, uf)")
    edit.add_argument("--siren", help="EJ : numéro SIREN (9 chiffres)")
    edit.add_argument("--statut", help="EJ : statut juridique")
    edit.add_argument("--siret", help="EG : numéro SIRET (14 chiffres)")
    edit.add_argument("--categorie", help="EG : catégorie d'établissement (code FINESS, ex. 355)")
    edit.add_argument("--champs", help="EG : champs autorisés par FINESS, ex. MCO,PSY (« aucun » pour effacer)")
    edit.add_argument("--telephone", help="EG : téléphone du standard")
    for name, label in ADDRESS_OPTIONS.items():
        edit.add_argument(f"--{name.replace('_', '-')}", dest=name, help=f"EJ, EG : {label}")
    edit.set_defaults(handler=run_edit)

    move = actions.add_parser("move", help="rattacher un pôle, service, UF ou UE ailleurs dans son EG")
    move.add_argument("kind", type=parse_kind, metavar="NIVEAU", help="pole, service, uf ou ue")
    move.add_argument("ref", metavar="N")
    target = move.add_mutually_exclusive_group(required=True)
    target.add_argument("--sous", type=int, metavar="N", help="sous ce pôle, service ou UF (#N)")
    target.add_argument("--sous-eg", action="store_true", help="directement sous l'entité géographique")
    move.set_defaults(handler=run_move)

    close = actions.add_parser("close", help="fermer un niveau et tout ce qui est en dessous")
    close.add_argument("kind", type=parse_kind, metavar="NIVEAU", help=", ".join(KINDS))
    close.add_argument("ref", metavar="FINESS|N")
    close.add_argument("--date", type=parse_date, metavar="JJ/MM/AAAA", help="date de fermeture (par défaut : aujourd'hui)")
    close.set_defaults(handler=run_close)

    reopen = actions.add_parser("reopen", help="rouvrir un niveau et ce qui a été fermé avec lui")
    reopen.add_argument("kind", type=parse_kind, metavar="NIVEAU", help=", ".join(KINDS))
    reopen.add_argument("ref", metavar="FINESS|N")
    reopen.set_defaults(handler=run_reopen)

    listing = actions.add_parser("list", help="lister les niveaux d'un type")
    listing.add_argument("kind", type=parse_kind, metavar="NIVEAU", help=", ".join(KINDS))
    listing.add_argument("--eg", metavar="FINESS", help="seulement dans cette entité géographique")
    listing.add_argument("--fermes", action="store_true", help="montrer aussi les niveaux fermés")
    listing.set_defaults(handler=run_list)


# --- handlers -------------------------------------------------------------------------------

def _open(settings: Settings):
    from ror_assistant.storage import open_database

    return open_database(settings.db_url)


def run_add(args: argparse.Namespace, settings: Settings) -> int:
    from ror_assistant.storage import create_oi

    if args.kind not in OI_KINDS:
        raise UserError(f"« structure add » ajoute des pôles, services et UF, pas {a(args.kind)}.",
                        "pour une EJ, une EG ou une UE : « ror-assistant create » ou « ror-assistant import-finess ».")
    db = _open(settings)
    try:
        with db.write(settings.user) as session:
            eg = find_level(session, "eg", args.eg)
            if args.sous is not None:
                find_level(session, "oi", str(args.sous))
            oi = create_oi(session, settings.user, eg.id, KINDS[args.kind][1] or "", args.name, parent_id=args.sous)
            print(f"{OI_LABELS[oi.type_oi]} #{oi.id} « {oi.nom} » {agreed(args.kind, 'ajouté')} à l'EG {eg.finess}.")
    finally:
        db.dispose()
    return 0


def _edit_changes(args: argparse.Namespace, level: str) -> dict[str, Any]:
    """The plain fields to change, checked against what the level has."""
    from ror_assistant.nomenclature import load_catalog
    from ror_assistant.rules import check_siren, check_siret

    allowed = {"ej": {"siren", "statut", *ADDRESS_OPTIONS}, "eg": {"siret", "categorie", "champs", "telephone", *ADDRESS_OPTIONS},
               "oi": {"type_oi"}, "unit": set()}[level]
    given = {name: value for name in ("siren", "statut", "siret", "categorie", "champs", "telephone", "type_oi",
                                      *ADDRESS_OPTIONS) if (value := getattr(args, name)) is not None}
    refused = sorted(set(given) - allowed)
    if refused:
        options = ", ".join(f"--{name.replace('_oi', '').replace('_', '-')}" for name in refused)
        raise UserError(f"{options} ne s'applique pas à {a(args.kind)}.",
                        "« ror-assistant structure edit --help » dit quelle option va avec quel niveau.")
    changes: dict[str, Any] = {name: value.strip() for name, value in given.items()}
    if "siren" in changes:
        changes["siren"] = check_siren(changes["siren"]).unwrap()
    if "siret" in changes:
        changes["siret"] = check_siret(changes["siret"]).unwrap()
    if "categorie" in changes and load_catalog().value_set("JDV_J55-CategorieEG-ROR").member(changes["categorie"]) is None:
        raise UserError(f"Catégorie d'établissement « {changes['categorie']} » inconnue du ROR (JDV_J55).",
                        "« ror-assistant nomenclatures show J55 » liste les catégories.")
    if "champs" in changes:
        champs = [] if fold(changes["champs"]) == "aucun" else \
            [part.strip().upper() for part in changes["champs"].split(",") if part.strip()]
        wrong = [champ for champ in champs if champ not in CHAMPS]
        if wrong:
            raise UserError(f"Champ(s) inconnu(s) : {', '.join(wrong)}.", "indiquez MCO, PSY ou SMR, séparés par des virgules.")
        changes["champs"] = ",".join(champ for champ in CHAMPS if champ in champs)
    if "type_oi" in changes:
        if changes["type_oi"] not in OI_KINDS:
            raise UserError("--type accepte pole, service ou uf.", "par exemple : --type uf")
        changes["type_oi"] = KINDS[changes["type_oi"]][1]
    return changes


def run_edit(args: argparse.Namespace, settings: Settings) -> int:
    from ror_assistant.storage import rename, update_fields

    level = KINDS[args.kind][0]
    changes = _edit_changes(args, level)
    if args.nom is None and not changes:
        raise UserError("Rien à modifier.", "indiquez au moins une option, par exemple --nom.")
    db = _open(settings)
    try:
        with db.write(settings.user) as session:
            row = find_kind(session, args.kind, args.ref)
            name_field = "raison_sociale" if level == "ej" else "nom"
            changed = [name for name, value in changes.items() if getattr(row, name) != value]
            if args.nom is not None and args.nom != getattr(row, name_field):
                rename(session, settings.user, level, row.id, args.nom, expected=getattr(row, name_field))
                changed.insert(0, name_field)
            if changes:
                update_fields(session, settings.user, level, row.id, changes)
            what = f"{KIND_NAMES[args.kind].capitalize()} {_reference(level, row)}"
            if changed:
                print(f"{what} {agreed(args.kind, 'modifié')} : {', '.join(FIELD_NAMES[name] for name in changed)}.")
            else:
                print(f"{what} : aucune modification (valeurs identiques).")
    finally:
        db.dispose()
    return 0


def _reference(level: str, row: Any) -> str:
    return row.finess if level in ("ej", "eg") else f"#{row.id}"


def run_move(args: argparse.Namespace, settings: Settings) -> int:
    from ror_assistant.storage import move_oi, move_unit

    if args.kind not in (*OI_KINDS, "ue"):
        raise UserError(f"{a(args.kind).capitalize()} ne se déplace pas avec cette commande.",
                        "« structure move » rattache un pôle, un service, une UF ou une UE ailleurs dans son EG.")
    parent = None if args.sous_eg else args.sous
    db = _open(settings)
    try:
        with db.write(settings.user) as session:
            row = find_kind(session, args.kind, args.ref)
            target = "directement sous l'EG"
            if parent is not None:
                oi = find_level(session, "oi", str(parent))
                target = f"sous {OI_LABELS[oi.type_oi]} #{oi.id} « {oi.nom} »"
            if args.kind == "ue":
                move_unit(session, settings.user, row.id, parent)
            else:
                move_oi(session, settings.user, row.id, parent)
            print(f"{KIND_NAMES[args.kind].capitalize()} #{row.id} « {row.nom} » {agreed(args.kind, 'rattaché')} {target}.")
    finally:
        db.dispose()
    return 0


def run_close(args: argparse.Namespace, settings: Settings) -> int:
    from ror_assistant.storage import close

    on = args.date or date.today()
    db = _open(settings)
    try:
        with db.write(settings.user) as session:
            row = find_kind(session, args.kind, args.ref)
            level = KINDS[args.kind][0]
            if row.closed_on is not None:
                print(f"{KIND_NAMES[args.kind].capitalize()} {_reference(level, row)} déjà "
                      f"{agreed(args.kind, 'fermé')} le {row.closed_on:%d/%m/%Y} : rien à faire.")
                return 0
            count = close(session, settings.user, level, row.id, on)
            below = f" et {count - 1} niveau(x) en dessous" if count > 1 else ""
            print(f"{KIND_NAMES[args.kind].capitalize()} {_reference(level, row)}{below} : "
                  f"{'fermés' if count > 1 else agreed(args.kind, 'fermé')} le {on:%d/%m/%Y}. "
                  "Les unités fermées ne comptent plus dans le suivi ANS.")
    finally:
        db.dispose()
    return 0


def run_reopen(args: argparse.Namespace, settings: Settings) -> int:
    from ror_assistant.storage import reopen

    db = _open(settings)
    try:
        with db.write(settings.user) as session:
            row = find_kind(session, args.kind, args.ref)
            level = KINDS[args.kind][0]
            count = reopen(session, settings.user, level, row.id)
            if count == 0:
                print(f"{KIND_NAMES[args.kind].capitalize()} {_reference(level, row)} n'est pas "
                      f"{agreed(args.kind, 'fermé')}.")
            else:
                with_it = f" et {count - 1} niveau(x) fermé(s) en même temps" if count > 1 else ""
                print(f"{KIND_NAMES[args.kind].capitalize()} {_reference(level, row)}{with_it} : "
                      f"{'rouverts' if count > 1 else agreed(args.kind, 'rouvert')}.")
    finally:
        db.dispose()
    return 0


def run_list(args: argparse.Namespace, settings: Settings) -> int:
    from sqlmodel import select

    from ror_assistant.storage.models import EntiteGeographique, EntiteJuridique, OrganisationInterne, Unit
    from ror_assistant.storage.units import oi_path

    level, type_oi = KINDS[args.kind]
    db = _open(settings)
    try:
        with db.read() as session:
            eg = find_level(session, "eg", args.eg) if args.eg else None
            table = {"ej": EntiteJuridique, "eg": EntiteGeographique, "oi": OrganisationInterne, "unit": Unit}[level]
            query = select(table)
            if type_oi is not None:
                query = query.where(OrganisationInterne.type_oi == type_oi)
            if eg is not None:
                query = query.where(table.id == eg.ej_id) if level == "ej" else \
                    query.where((table.id if level == "eg" else table.eg_id) == eg.id)
            rows = [row for row in session.exec(query).all() if args.fermes or row.closed_on is None]
            lines = []
            for row in sorted(rows, key=lambda row: row.id):
                if level == "ej":
                    text = f"{row.finess} {row.raison_sociale}"
                elif level == "eg":
                    text = f"{row.finess} {row.nom} (cat. {row.categorie or '—'}, champs {row.champs or '—'})"
                else:
                    path = oi_path(session, row.parent_id if level == "oi" else row.oi_id)
                    text = f"#{row.id} {row.nom}" + (f" — dans {' › '.join(path)}" if path else "")
                if row.closed_on is not None:
                    text += f" ({agreed(args.kind, 'fermé')} le {row.closed_on:%d/%m/%Y})"
                lines += textwrap.wrap(text, WIDTH, subsequent_indent="    ")
    finally:
        db.dispose()
    print("\n".join(lines) if lines else f"{'Aucune' if args.kind in FEMININE else 'Aucun'} {KIND_NAMES[args.kind]}.")
    return 0


# --- tree -----------------------------------------------------------------------------------

def run_tree(args: argparse.Namespace, settings: Settings) -> int:
    from ror_assistant.nomenclature import load_catalog
    from ror_assistant.progress import dashboard
    from ror_assistant.storage import tree

    db = _open(settings)
    try:
        with db.read() as session:
            wanted = {find_level(session, "eg", ref).id for ref in args.eg}
            roots = tree(session, include_closed=args.fermes)
            sites = {site.eg_id: site for site in dashboard(session, load_catalog(), eg_ids=wanted or None)}
    finally:
        db.dispose()
    if wanted:
        roots = [root.model_copy(update={"children": [eg for eg in root.children if eg.id in wanted]})
                 for root in roots if any(eg.id in wanted for eg in root.children)]
    if not roots:
        print("Aucune structure dans la base. Commencez par « ror-assistant import-finess FICHIER --finess NUM ».")
        return 0
    units = {unit.id: unit for site in sites.values() for unit in site.units}
    lines: list[str] = []
    for root in roots:
        _draw(root, "", "", sites, units, lines)
    print("\n".join(lines))
    return 0


def _label(node: TreeNode, sites: dict[int, SiteProgress], units: dict[int, UnitProgress]) -> str:
    feminine = node.kind in ("ej", "eg", "unit") or node.type_oi == "3"
    closed = f" ({'fermée' if feminine else 'fermé'} le {node.closed_on:%d/%m/%Y})" if node.closed_on else ""
    if node.kind == "ej":
        return f"EJ {node.finess} · {node.nom}{closed}"
    if node.kind == "eg":
        site = sites.get(node.id)
        status = f" — {site.status_summary}" if site and not closed else ""
        return f"EG {node.finess} · {node.nom}{status}{closed}"
    if node.kind == "oi":
        return f"{OI_LABELS.get(node.type_oi or '', 'OI')} #{node.id} {node.nom}{closed}"
    unit = units.get(node.id)
    status = ""
    if unit is not None:
        status = f" — {unit.status}"
        if unit.missing:
            status += f" (manque : {', '.join(unit.missing)})"
        if not unit.counted:
            status += " ; non comptée dans le statut ANS de l'EG (voir ror-assistant progress)"
    return f"UE #{node.id} {node.nom}{status}{closed}"


def _draw(node: TreeNode, first: str, rest: str, sites: dict[int, SiteProgress],
          units: dict[int, UnitProgress], lines: list[str]) -> None:
    """Append ``node`` and its children, wrapping long labels under their own branch."""
    lines += textwrap.wrap(_label(node, sites, units), WIDTH, initial_indent=first,
                           subsequent_indent=rest + ("│  " if node.children else "   ") + "  ",
                           break_on_hyphens=False)
    for index, child in enumerate(node.children):
        last = index == len(node.children) - 1
        _draw(child, rest + ("└─ " if last else "├─ "), rest + ("   " if last else "│  "), sites, units, lines)
