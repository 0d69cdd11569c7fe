"""The dashboard as text (80 columns), CSV for spreadsheets, and a self-contained HTML page.

All three read the same :class:`~ror_assistant.progress.dashboard.SiteProgress` list, so an
ARS, a direction and a référent compare the same figures whatever they open.

CSV choices (French spreadsheets): ``;`` separator, UTF-8 with a byte-order mark (Excel
otherwise reads accents as Latin-1), dates ISO ``AAAA-MM-JJ`` (recognised by Excel and
LibreOffice), percentages with a decimal comma. One row per ANS EG row (``niveau`` = EG)
followed by one row per open unit (``niveau`` = UE), so a filter on the first column gives
either view.
"""

from __future__ import annotations

import csv
import io
import textwrap
from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape

from ror_assistant.progress.dashboard import SiteProgress

TEMPLATES = Path(__file__).resolve().parent / "templates"

CSV_COLUMNS = (
    "niveau", "finess_ej", "finess_eg", "etablissement", "categorie", "type_activite", "unite_id", "unite",
    "rattachement", "statut_ans", "unites_finalisees", "unites_comptees", "manque", "remarque",
    "organisation_decrite_pct", "unites_finalisees_pct", "lancement", "formation_referents_administratifs",
    "formation_referents_metiers", "validation_ars", "delai_jours",
)


def french_date(value: date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else "—"


def percent(ratio: float | None, decimals: int = 0) -> str:
    """``0.667`` → "67 %" (or "66,7" with ``decimals=1`` and no sign, for CSV); "—" when unknown."""
    if ratio is None:
        return "—" if decimals == 0 else ""
    if decimals == 0:
        return f"{round(ratio * 100)} %"
    return f"{ratio * 100:.{decimals}f}".replace(".", ",")


def delay_text(site: SiteProgress) -> str:
    if site.campaign.delay_days is not None:
        return f"{site.campaign.delay_days} jours du lancement à la validation ARS"
    if site.elapsed_days is not None:
        return f"en cours depuis {site.elapsed_days} jours, pas encore validée par l'ARS"
    return "campagne non lancée"


def _wrap(text: str, width: int, indent: str, hanging: str | None = None) -> list[str]:
    return textwrap.wrap(text, width=width, initial_indent=indent,
                         subsequent_indent=hanging if hanging is not None else indent,
                         break_on_hyphens=False) or [indent]


def render_table(sites: Sequence[SiteProgress], width: int = 80) -> str:
    """Plain text, every line at most ``width`` characters, one block per EG."""
    if not sites:
        return "Aucune entité géographique ouverte dans la base.\n"
    lines: list[str] = []
    for site in sites:
        lines += _wrap(f"EG {site.finess} · {site.nom}", width, "")
        lines += _wrap(f"EJ {site.ej_finess} · {site.ej_nom}", width, "  ", "    ")
        if site.categorie:
            lines += _wrap(f"Catégorie {site.categorie} · {site.categorie_label}", width, "  ", "    ")
        lines.append("  Statut ANS :")
        if not site.rows:
            lines += _wrap(site.status_summary, width, "    ")
        for row in site.rows:
            lines += _wrap(f"{row.type_label} : {row.status} ({row.ratio_label})", width, "    ", "      ")
            lines += _wrap(row.explanation, width, "      ")
        if site.authorisation_note:
            lines += _wrap(site.authorisation_note, width, "    ", "      ")
        lines += _wrap(f"Organisation décrite : {percent(site.organisation_ratio)} ({site.organisation_described}/"
                       f"{site.organisation_total} services et UF avec au moins une unité)", width, "  ", "    ")
        lines += _wrap(f"Unités finalisées : {percent(site.units_ratio)} ({site.units_finalised}/{len(site.units)})",
                       width, "  ", "    ")
        campaign = site.campaign
        source = {"EG": "", "EJ": " (celle de l'EJ)"}.get(campaign.recorded_for or "", "")
        lines += _wrap(f"Campagne{source} : lancement {french_date(campaign.launched_on)} · formation référents "
                       f"administratifs {french_date(campaign.training_admin_on)} · formation référents métiers "
                       f"{french_date(campaign.training_metier_on)} · validation ARS "
                       f"{french_date(campaign.ars_validation_on)} · {delay_text(site)}", width, "  ", "    ")
        lines.append("  Unités :" if site.units else "  Unités : aucune unité ouverte.")
        for unit in site.units:
            lines += _wrap(f"{unit.status:<9} #{unit.id} {unit.nom}", width, "    ", "              ")
            if unit.oi_path:
                lines += _wrap(" › ".join(unit.oi_path), width, "              ")
            if unit.missing:
                lines += _wrap(f"manque : {', '.join(unit.missing)}", width, "              ")
            if unit.note:
                lines += _wrap(unit.note, width, "              ")
        lines.append("")
    return "\n".join(lines)


def csv_rows(sites: Sequence[SiteProgress]) -> list[dict[str, str]]:
    """The CSV content as dictionaries keyed by :data:`CSV_COLUMNS` (EG rows, then their UE)."""
    rows: list[dict[str, str]] = []
    for site in sites:
        common = {"finess_ej": site.ej_finess, "finess_eg": site.finess, "etablissement": site.nom,
                  "categorie": site.categorie}
        campaign = site.campaign
        eg_figures = {
            "organisation_decrite_pct": percent(site.organisation_ratio, 1),
            "unites_finalisees_pct": percent(site.units_ratio, 1),
            "lancement": _iso(campaign.launched_on),
            "formation_referents_administratifs": _iso(campaign.training_admin_on),
            "formation_referents_metiers": _iso(campaign.training_metier_on),
            "validation_ars": _iso(campaign.ars_validation_on),
            "delai_jours": "" if campaign.delay_days is None else str(campaign.delay_days),
        }
        eg_rows = [{"type_activite": row.type_label, "statut_ans": str(row.status),
                    "unites_finalisees": str(row.nb_finalise), "unites_comptees": str(row.nb_offres),
                    "remarque": row.explanation} for row in site.rows]
        if not eg_rows:
            eg_rows = [{"statut_ans": "À faire", "unites_finalisees": "0", "unites_comptees": "0",
                        "remarque": site.status_summary}]
        for eg_row in eg_rows:
            if site.authorisation_note:
                eg_row["remarque"] = f"{eg_row['remarque']} {site.authorisation_note}"
            rows.append(_complete({"niveau": "EG", **common, **eg_row, **eg_figures}))
        for unit in site.units:
            rows.append(_complete({
                "niveau": "UE", **common, "type_activite": unit.champ or "", "unite_id": str(unit.id),
                "unite": unit.nom, "rattachement": " > ".join(unit.oi_path), "statut_ans": str(unit.status),
                "manque": ", ".join(unit.missing), "remarque": " ".join(unit.reasons + ((unit.note,) if unit.note else ())),
            }))
    return rows


def _iso(value: date | None) -> str:
    return value.isoformat() if value else ""


def _complete(row: dict[str, str]) -> dict[str, str]:
    return {column: row.get(column, "") for column in CSV_COLUMNS}


def render_csv(sites: Sequence[SiteProgress]) -> str:
    """CSV text (header + rows, ``;``-separated); write it with encoding ``utf-8-sig``."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS, delimiter=";", lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(csv_rows(sites))
    return buffer.getvalue()


def render_html(sites: Sequence[SiteProgress], generated_at: datetime) -> str:
    """One HTML page, styles inline, no outside resource: it can be mailed or archived as is."""
    environment = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html", "j2"]),
                              trim_blocks=True, lstrip_blocks=True)
    environment.filters.update(french_date=french_date, percent=percent)
    template = environment.get_template("progress.html.j2")
    return template.render(sites=sites, generated_at=generated_at, delay_text=delay_text)
