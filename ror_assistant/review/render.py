"""Render the review sheet of one or several UEs, and issue it (file written, status moved).

The sheet answers three questions for a chef de service in a minute: what will the unit look
like in the ROR (each item: the question asked, what was said, the code and libellé kept), what
is missing (ANS peuplement criteria, quality warnings) and what the assistant was unsure about
(score and margin of the match, said in words, and how the code was chosen). It leaves room to
tick or correct each item and to sign, and carries the fingerprint of the content it shows.

Two layers: :func:`build_unit_sheet` turns a :class:`UnitDescription` into a plain view model
(no database: tests and other front ends can use it alone), :func:`render` fills the Jinja2
templates of ``templates/``. :func:`render_sheets` and :func:`issue_sheet` read the database.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import jinja2
from sqlmodel import Session, col, select

from ror_assistant.description import CodedAnswer, UnitDescription
from ror_assistant.errors import UserError
from ror_assistant.exchange.export_json import write_atomically
from ror_assistant.interview.dialog import Dialog, bundled_dialog
from ror_assistant.interview.horaires import horaires_labels
from ror_assistant.matching.matcher import NONE_BELOW, SURE_MARGIN, SURE_SCORE
from ror_assistant.nomenclature import Catalog, load_catalog
from ror_assistant.review import FORMATS, Format
from ror_assistant.review.fingerprint import fingerprint, short_fingerprint
from ror_assistant.review.items import (
    CONTACT_ITEM,
    EXTRA_TITLES,
    GENERAL_ITEM,
    NAME_ITEM,
    ItemSpec,
    item_key,
    sheet_items,
)
from ror_assistant.rules.coded import concept_of
from ror_assistant.rules.peuplement import unit_flags
from ror_assistant.rules.quality import Severity, unit_warnings
from ror_assistant.rules.validation import Age, AgeRange
from ror_assistant.storage.changes import format_when
from ror_assistant.storage.db import Database
from ror_assistant.storage.models import EntiteGeographique, Unit, utcnow
from ror_assistant.storage.structure import TreeNode, tree
from ror_assistant.storage.units import unit_description
from ror_assistant.textfold import fold
from ror_assistant.workflow import comments_text, describe_event, events, issue, open_comments, status_label

#: The sheet item each ANS peuplement flag is about (ror-model.md §3.1).
FLAG_ITEMS = {
    "FG_ChampActivite": "champActivite",
    "FG_AO": "activiteOperationnelle",
    "FG_ModePEC": "modePriseEnCharge",
    "FG_Patientele": "patientele",
    "FG_Adresse": "adresse",
    "FG_Contact": CONTACT_ITEM,
    "FG_CategorieOrga": "typeOffre",
}

#: How a code was chosen (CodedAnswer.chosen_how), as the sheet says it.
CHOSEN_HOW = {
    "proposition": "proposition de l'assistant confirmée",
    "choix": "choisi dans la liste",
    "alias": "réponse habituelle de l'établissement (alias)",
    "code": "code saisi directement",
    "import": "importé d'un fichier",
    "copie": "copié d'une autre unité",
}

SEVERITY_LABELS = {
    Severity.ECART: "Écart à une exigence qualité ANS",
    Severity.ATTENTION: "Attention",
    Severity.INFORMATION: "Information",
}

# -- view model ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class AnswerLine:
    """One value of an item: what was said, what is kept for the ROR, how sure and how chosen."""

    retained: str
    said: str = ""
    code: str = ""
    label: str = ""
    source: str = ""
    sureness: str = ""
    sureness_detail: str = ""
    how: str = ""
    to_check: bool = False
    problem: str = ""


@dataclass(frozen=True)
class SheetItem:
    """One point the chef de service ticks or corrects."""

    number: int
    key: str
    reference: str
    title: str
    questions: tuple[str, ...]
    answers: tuple[AnswerLine, ...]
    criterion: str | None = None
    missing_reason: str | None = None
    required: bool = False
    remarks: tuple[str, ...] = ()

    @property
    def to_check(self) -> bool:
        return any(answer.to_check or answer.problem for answer in self.answers)


@dataclass(frozen=True)
class Warning:
    severity: str
    code: str
    message: str
    fix: str


@dataclass(frozen=True)
class UnitSheet:
    """Everything one unit's section of the sheet shows."""

    unit: UnitDescription
    site_name: str
    status: str
    fingerprint: str
    ans_status: str
    criteria_met: int
    criteria_total: int
    items: tuple[SheetItem, ...]
    warnings: tuple[Warning, ...]
    history: tuple[str, ...] = ()
    general_remarks: tuple[str, ...] = ()

    @property
    def fingerprint_short(self) -> str:
        return short_fingerprint(self.fingerprint)

    @property
    def status_label(self) -> str:
        return status_label(self.status)

    @property
    def missing(self) -> list[SheetItem]:
        return [item for item in self.items if item.missing_reason]

    @property
    def to_check(self) -> list[tuple[SheetItem, AnswerLine]]:
        return [(item, answer) for item in self.items for answer in item.answers if answer.to_check or answer.problem]

    @property
    def location(self) -> str:
        return " › ".join([self.site_name, *self.unit.oi_path] if self.site_name else self.unit.oi_path)


# -- building ------------------------------------------------------------------------------------

def _sureness(answer: CodedAnswer) -> tuple[str, str, bool]:
    """(word, detail, to check) for the automatic match behind ``answer``, with the matcher's own
    thresholds: sure when the score and the lead over the next code are both high enough."""
    if answer.score is None:
        return "", "", False
    detail = f"score {answer.score:.0f} sur 100"
    if answer.margin is not None:
        points = "point" if round(answer.margin) <= 1 else "points"
        detail += f", {answer.margin:.0f} {points} d'avance sur le code suivant"
    if answer.score >= SURE_SCORE and (answer.margin is None or answer.margin >= SURE_MARGIN):
        return "sûr", detail, False
    if answer.score < NONE_BELOW:
        return "très incertain, à vérifier", detail, True
    return "à vérifier", detail, True


def _coded_line(answer: CodedAnswer, catalog: Catalog) -> AnswerLine:
    concept = concept_of(catalog, answer)
    label = answer.label or (concept.libelle if concept else "")
    problem = ""
    if concept is None:
        problem = "code inconnu de la nomenclature : l'ANS ne le comptera pas"
    elif answer.deprecated or not concept.active:
        problem = "code obsolète : à remplacer par la valeur actuelle"
    word, detail, to_check = _sureness(answer)
    how = CHOSEN_HOW.get(answer.chosen_how, answer.chosen_how)
    if answer.chosen_by:
        how += f" par {answer.chosen_by}"
    if answer.chosen_at:
        how += f" {format_when(answer.chosen_at)}"
    quantity = f" ({answer.quantity})" if answer.quantity is not None else ""
    return AnswerLine(
        retained=f"{answer.code} — {label}{quantity}" if label else answer.code,
        said=answer.free_text, code=answer.code, label=label,
        source=answer.value_set.split("-", 1)[0], sureness=word, sureness_detail=detail,
        how=how, to_check=to_check, problem=problem,
    )


def _label(catalog: Catalog, attribute: str, code: str | None) -> str:
    """Libellé of a contact code (nature, fonction, canal, confidentialité), or the code itself."""
    if not code:
        return ""
    try:
        concept = catalog.resolve(catalog.binding(attribute).value_set, code)
    except UserError:
        concept = None
    return concept.libelle if concept else code


def _plain_lines(key: str, unit: UnitDescription, catalog: Catalog) -> list[AnswerLine]:
    """Values of the items that are not codes of one attribute."""
    if key == NAME_ITEM:
        return [AnswerLine(unit.nom)] if unit.nom.strip() else []
    if key == "patientele":
        patientele = unit.patientele
        if patientele.age_min is None and patientele.age_max is None:
            return []
        if patientele.age_min is not None and patientele.age_max is not None:
            ages = AgeRange(Age(patientele.age_min, patientele.age_min_unit), Age(patientele.age_max, patientele.age_max_unit))
            return [AnswerLine(f"de {ages}")]
        if patientele.age_min is not None:
            return [AnswerLine(f"à partir de {Age(patientele.age_min, patientele.age_min_unit)} (âge maximum manquant)")]
        return [AnswerLine(f"jusqu'à {Age(patientele.age_max, patientele.age_max_unit)} (âge minimum manquant)")]
    if key == "uniteSensible":
        return [] if unit.unite_sensible is None else [AnswerLine("Oui" if unit.unite_sensible else "Non")]
    if key in ("placesInstallees", "litsInstalles"):
        nature = "places" if key == "placesInstallees" else "lits"
        return [AnswerLine(f"{capacity.nombre} {nature} ({capacity.statut})")
                for capacity in unit.capacities if capacity.nature == nature]
    if key == "horaire":
        return [AnswerLine(label) for label in horaires_labels(unit.horaires)]
    if key == "adresse":
        address = unit.address
        street = " ".join(part for part in (address.numero_voie, address.type_voie, address.libelle_voie) if part.strip())
        town = " ".join(part for part in (address.code_postal, address.localite) if part.strip())
        parts = [part for part in (street, address.lieu_dit, address.complement, town) if part.strip()]
        return [AnswerLine(", ".join(parts))] if parts else []
    if key == CONTACT_ITEM:
        lines = []
        for contact in unit.contacts:
            role = " / ".join(filter(None, (_label(catalog, "natureContact", contact.nature),
                                            _label(catalog, "fonctionContact", contact.fonction))))
            who = ", ".join(filter(None, (contact.nom, contact.description)))
            telecoms = "; ".join(
                f"{_label(catalog, 'canal', telecom.canal) or 'canal non précisé'} : {telecom.adresse or '(vide)'}"
                f" — {_label(catalog, 'niveauConfidentialite', telecom.confidentialite) or 'confidentialité non précisée'}"
                for telecom in contact.telecoms)
            head = " — ".join(filter(None, (role or "nature non précisée", who)))
            lines.append(AnswerLine(f"{head} : {telecoms}" if telecoms else f"{head} : aucun téléphone ni e-mail"))
        return lines
    return []


def _question_text(dialog: Dialog, question_id: str, unit: UnitDescription) -> str:
    """The question in plain words, as the interview asked it (first time, no earlier answers)."""
    template = jinja2.Environment(autoescape=False).from_string(dialog.question(question_id).text)
    return " ".join(template.render(unit=unit, answers={}).split())


def build_unit_sheet(unit: UnitDescription, catalog: Catalog, *, site_name: str = "",
                     history: Sequence[str] = (), remarks: Mapping[str, Sequence[str]] | None = None,
                     dialog: Dialog | None = None) -> UnitSheet:
    """The view model of one unit's sheet. ``remarks`` are the open correction remarks by item
    (shown next to the item so the chef checks they were addressed)."""
    dialog = dialog or bundled_dialog()
    remarks = remarks or {}
    flags = unit_flags(unit, catalog)
    flag_values = flags.by_code
    reasons = {reason.flag: reason.message for reason in flags.reasons}
    criterion_of = {item: flag for flag, item in FLAG_ITEMS.items() if flag_values[flag] is not None}

    specs: list[ItemSpec] = sheet_items(dialog)
    known = {spec.key for spec in specs}
    for answer in unit.other_codes:
        key = item_key(answer.attribute)
        if key not in known:
            known.add(key)
            specs.append(ItemSpec(key, EXTRA_TITLES.get(key, key), (), False, True))

    items: list[SheetItem] = []
    for spec in specs:
        codes = unit.codes(spec.key)
        answers = [_coded_line(answer, catalog) for answer in codes] if codes else _plain_lines(spec.key, unit, catalog)
        criterion = criterion_of.get(spec.key)
        missing = reasons.get(criterion) if criterion else None
        shown = answers or missing or (spec.required and not spec.conditional) or spec.key in remarks
        if not shown:
            continue
        items.append(SheetItem(
            number=len(items) + 1, key=spec.key, reference=spec.reference, title=spec.title,
            questions=tuple(_question_text(dialog, question_id, unit) for question_id in spec.question_ids),
            answers=tuple(answers), criterion=criterion, missing_reason=missing, required=spec.required,
            remarks=tuple(remarks.get(spec.key, ())),
        ))
    applicable = [value for value in flag_values.values() if value is not None]
    warnings = tuple(Warning(SEVERITY_LABELS.get(warning.severity, str(warning.severity)), warning.code,
                             warning.message, warning.fix)
                     for warning in unit_warnings(unit, catalog))
    return UnitSheet(
        unit=unit, site_name=site_name, status=unit.status, fingerprint=fingerprint(unit),
        ans_status=str(flags.status), criteria_met=sum(bool(value) for value in applicable),
        criteria_total=len(applicable), items=tuple(items), warnings=warnings, history=tuple(history),
        general_remarks=tuple(remarks.get(GENERAL_ITEM, ())),
    )


# -- rendering -----------------------------------------------------------------------------------

_ENVIRONMENT = jinja2.Environment(
    loader=jinja2.PackageLoader("ror_assistant.review", "templates"),
    autoescape=jinja2.select_autoescape(enabled_extensions=("html",), default_for_string=False),
    undefined=jinja2.StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
    keep_trailing_newline=True,
)


def render(sheets: Sequence[UnitSheet], fmt: Format = "html", *, title: str | None = None,
           generated_at: datetime | None = None) -> str:
    """Fill the ``sheet.html`` or ``sheet.md`` template with one section per unit."""
    if fmt not in FORMATS:
        raise UserError(f"Format de fiche inconnu : « {fmt} ».", "choisissez html ou md.")
    if not sheets:
        raise UserError("Aucune unité à mettre sur la fiche.", "vérifiez l'identifiant du service ou de l'établissement.")
    if title is None:
        title = sheets[0].unit.nom if len(sheets) == 1 else f"{len(sheets)} unités"
    template = _ENVIRONMENT.get_template(f"sheet.{fmt}")
    return template.render(sheets=sheets, title=title, generated=format_when(generated_at or utcnow()))


def _site_names(session: Session, units: Iterable[UnitDescription]) -> dict[int, str]:
    ids = {unit.eg_id for unit in units if unit.eg_id is not None}
    rows = session.exec(select(EntiteGeographique).where(col(EntiteGeographique.id).in_(ids))).all() if ids else []
    return {row.id: f"{row.nom} (FINESS {row.finess})" for row in rows if row.id is not None}


def render_sheets(session: Session, unit_ids: Sequence[int], fmt: Format = "html", *,
                  title: str | None = None, catalog: Catalog | None = None,
                  generated_at: datetime | None = None) -> str:
    """The sheet of the units ``unit_ids`` as stored now (history and open remarks included)."""
    catalog = catalog or load_catalog()
    units = [unit_description(session, unit_id) for unit_id in unit_ids]
    sites = _site_names(session, units)
    sheets = []
    for unit in units:
        assert unit.id is not None
        remarks = {item: comments_text(comments) for item, comments in open_comments(session, unit.id).items()}
        history = [describe_event(event) for event in events(session, unit.id)]
        sheets.append(build_unit_sheet(unit, catalog, site_name=sites.get(unit.eg_id or -1, ""),
                                       history=history, remarks=remarks))
    return render(sheets, fmt, title=title, generated_at=generated_at)


def render_unit_sheet(session: Session, unit_id: int, fmt: Format = "html", *,
                      catalog: Catalog | None = None, generated_at: datetime | None = None) -> str:
    """The sheet of one unit (what the TUI shows or delivers to the browser); changes nothing."""
    return render_sheets(session, [unit_id], fmt, catalog=catalog, generated_at=generated_at)


# -- scope and issuing ---------------------------------------------------------------------------

def _find(nodes: Iterable[TreeNode], kind: str, node_id: int) -> TreeNode | None:
    for node in nodes:
        if node.kind == kind and node.id == node_id:
            return node
        found = _find(node.children, kind, node_id)
        if found is not None:
            return found
    return None


def _unit_ids(node: TreeNode) -> list[int]:
    if node.kind == "unit":
        return [node.id]
    return [unit_id for child in node.children for unit_id in _unit_ids(child)]


def units_in_scope(session: Session, *, unit: int | None = None, service: int | None = None,
                   eg: int | None = None) -> tuple[list[int], str | None]:
    """Unit ids of one unit, of an organisation interne (pôle / service / UF, every level below
    included) or of an EG, open ones only, in the order of the structure tree; with the title of
    the scope (None for a single unit)."""
    if sum(value is not None for value in (unit, service, eg)) != 1:
        raise UserError("Précisez une seule portée : une unité, un service ou un établissement.",
                        "utilisez --unite ID, --service ID ou --eg ID.")
    if unit is not None:
        if session.get(Unit, unit) is None:
            raise UserError(f"L'unité n° {unit} n'existe pas.", "vérifiez le numéro donné à --unite.")
        return [unit], None
    kind, node_id, what = ("eg", eg, "L'établissement (EG)") if eg is not None else ("oi", service, "Le service")
    assert node_id is not None
    node = _find(tree(session, include_closed=False), kind, node_id)
    if node is None:
        raise UserError(f"{what} n° {node_id} n'existe pas ou est fermé.",
                        f"vérifiez le numéro donné à --{'eg' if kind == 'eg' else 'service'}.")
    ids = _unit_ids(node)
    if not ids:
        raise UserError(f"Aucune unité ouverte dans « {node.nom} ».", "créez ou rouvrez d'abord les unités à relire.")
    return ids, node.nom


def default_filename(title: str, fmt: Format) -> str:
    """``fiche-<nom>.html``: ASCII letters, digits and dashes, so any system can open it."""
    slug = re.sub(r"[^a-z0-9]+", "-", fold(title)).strip("-")[:60] or "unite"
    return f"fiche-{slug}.{fmt}"


def write_sheet(path: Path, text: str) -> None:
    """Write a sheet atomically (temporary file + rename): a browser or a printer spool reading
    it never sees half a sheet, and a failure leaves the previous one."""
    directory = path.resolve().parent
    if not directory.is_dir():
        raise UserError(f"Le dossier {directory} n'existe pas.", "créez-le ou choisissez un autre fichier avec -o.")
    write_atomically(path, text)


@dataclass(frozen=True)
class IssuedSheet:
    """What :func:`issue_sheet` did: the text, where it went, and which units moved to « à valider »."""

    text: str
    path: Path | None
    moved: list[int]


def issue_sheet(db: Database, user: str, unit_ids: Sequence[int], fmt: Format = "html", *,
                path: Path | None = None, title: str | None = None, catalog: Catalog | None = None) -> IssuedSheet:
    """Issue the review sheet of ``unit_ids``: each unit in brouillon (or corrections) moves to
    « à valider » with the fingerprint of what the sheet shows, then the sheet is rendered and, if
    ``path`` is given, written atomically. One transaction: if writing fails, no status moves."""
    with db.write(user) as session:
        moved = [unit_id for unit_id in unit_ids if issue(session, user, unit_id) is not None]
        session.flush()
        text = render_sheets(session, unit_ids, fmt, title=title, catalog=catalog)
        if path is not None:
            write_sheet(path, text)
    return IssuedSheet(text=text, path=path, moved=moved)
