"""The review sheet of a complete and of an incomplete UE, in HTML and in Markdown, and its fingerprint.

Descriptions are built from real NOS codes of the bundled nomenclatures (JDV_J20, J19, J17,
J221, J222, J225) and rendered with the real dialog and rules: what a chef de service reads.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from html.parser import HTMLParser

import pytest

from ror_assistant.description import Address, CodedAnswer, Contact, Horaire, Patientele, Telecom, UnitDescription
from ror_assistant.nomenclature import load_catalog
from ror_assistant.review.fingerprint import canonical_json, fingerprint, matches, short_fingerprint
from ror_assistant.review.items import resolve_item, sheet_items
from ror_assistant.review.render import FLAG_ITEMS, build_unit_sheet, default_filename, render
from ror_assistant.rules.peuplement import FLAG_CODES
from ror_assistant.storage.models import STATUSES
from ror_assistant.workflow import STATUS_LABELS

AT = datetime(2025, 3, 12, 9, 30, tzinfo=UTC)


def coded(attribute: str, code: str, value_set: str, free_text: str, score: float | None, margin: float | None,
          how: str = "proposition", label: str = "") -> CodedAnswer:
    return CodedAnswer(attribute=attribute, code=code, value_set=value_set, label=label, free_text=free_text,
                       score=score, margin=margin, chosen_how=how, chosen_by="marie.dupont", chosen_at=AT)


def complete_unit() -> UnitDescription:
    """An oncology day hospital meeting every ANS criterion; one activity was a close call."""
    return UnitDescription(
        id=7, nom="Hôpital de jour d'oncologie", eg_id=1, eg_categorie="101",
        oi_path=["Pôle cancérologie", "Service d'oncologie médicale"],
        champ_activite=coded("champActivite", "01", "JDV_J20-ChampActivite-ROR", "MCO", 100.0, 62.0,
                             label="Médecine, Chirurgie, Obstétrique (MCO)"),
        mode_prise_en_charge=coded("modePriseEnCharge", "29", "JDV_J19-ModePriseEnCharge-ROR", "HDJ", 100.0, 41.5,
                                   label="Hospitalisation de jour (HJ)"),
        activites_operationnelles=[
            coded("activiteOperationnelle", "164", "JDV_J17-ActiviteOperationnelle-ROR", "chimio", 61.0, 3.0, "choix"),
            coded("activiteOperationnelle", "190", "JDV_J17-ActiviteOperationnelle-ROR", "onco gynéco", None, None,
                  "alias", label="Oncologie médicale gynécologique (cancérologie)"),
        ],
        patientele=Patientele(age_min=18, age_max=120),
        unite_sensible=False,
        address=Address(numero_voie="1", type_voie="avenue", libelle_voie="Claude Vellefaux",
                        code_postal="75010", localite="Paris"),
        contacts=[Contact(nom="Secrétariat HDJ", nature="07", confidentialite="1",
                          telecoms=[Telecom(canal="2", adresse="01 42 49 49 49", confidentialite="1")])],
    )


def incomplete_unit() -> UnitDescription:
    """A unit named like a sensitive one (CO3), with only an obsolete activity, nothing else."""
    return UnitDescription(
        id=8, nom="Consultations UHSA", eg_id=1, eg_categorie="101",
        activites_operationnelles=[
            coded("activiteOperationnelle", "066", "JDV_J17-ActiviteOperationnelle-ROR", "radio", 24.0, 1.0,
                  label="Imagerie médicale (Radiologie)"),
        ],
    )


@pytest.fixture(scope="module")
def catalog():
    return load_catalog()


class _Document(HTMLParser):
    """Collects what the accessibility checks look at: html lang, headings, header scopes, text."""

    def __init__(self) -> None:
        super().__init__()
        self.lang: str | None = None
        self.headings: list[str] = []
        self.scopes: list[str | None] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag == "html":
            self.lang = attributes.get("lang")
        if tag in {"h1", "h2", "h3"}:
            self.headings.append(tag)
        if tag == "th":
            self.scopes.append(attributes.get("scope"))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parse(html: str) -> _Document:
    document = _Document()
    document.feed(html)
    document.close()
    return document


def squash(text: str) -> str:
    return " ".join(text.split())


# -- the complete unit ---------------------------------------------------------------------------

def test_complete_unit_html_shows_codes_labels_free_texts_and_sureness(catalog) -> None:
    sheet = build_unit_sheet(complete_unit(), catalog, site_name="Hôpital Saint-Louis (FINESS 750100232)")
    html = render([sheet], "html", generated_at=AT)
    document = parse(html)
    text = squash(" ".join(document.text))

    assert document.lang == "fr"
    assert document.headings[0] == "h1" and "h2" in document.headings and "h3" in document.headings
    assert document.scopes and all(scope in {"col", "row", "rowgroup"} for scope in document.scopes)
    for expected in ("01", "Médecine, Chirurgie, Obstétrique (MCO)", "29", "Hospitalisation de jour (HJ)",
                     "164", "Traitements médicamenteux systémiques du cancer (chimiothérapie)",
                     "190", "Oncologie médicale gynécologique (cancérologie)",
                     "« MCO »", "« HDJ »", "« chimio »", "« onco gynéco »",
                     "de 18 à 120 ans", "1 avenue Claude Vellefaux, 75010 Paris",
                     "Secrétariat — Secrétariat HDJ : Téléphone fixe : 01 42 49 49 49 — Accès libre"):
        assert expected in text, expected
    # the plain-words question of the dialog, with the unit's name filled in
    assert "Quelles activités sont réalisées dans « Hôpital de jour d'oncologie » ?" in text
    # how sure, in words, and how it was chosen
    assert "✓ sûr" in text and "score 100 sur 100, 62 points d'avance sur le code suivant" in text
    assert "⚠ à vérifier" in text and "score 61 sur 100, 3 points d'avance" in text
    assert "choisi dans la liste par marie.dupont le 12/03/2025 à 10:30" in text
    assert "proposition de l'assistant confirmée" in text
    assert "réponse habituelle de l'établissement (alias)" in text
    # nothing missing, 6 criteria met (FG_CategorieOrga does not apply to a category 101 EG)
    assert "Critères ANS de peuplement : 6 sur 6 remplis" in text and "« Finalisé »" in text
    assert "Rien ne manque pour l'ANS" in text and not sheet.missing and "Non renseigné" not in text
    # room to tick, correct and sign, and the fingerprint near the signature
    assert text.count("☐ Conforme") == sum(len(item.answers) for item in sheet.items)
    assert "Nom et fonction" in text and "Signature" in text and "Date" in text
    assert text.count(sheet.fingerprint_short) >= 2
    assert "Hôpital Saint-Louis (FINESS 750100232) › Pôle cancérologie › Service d'oncologie médicale" in text


def test_html_has_an_a4_print_stylesheet_and_no_colour_only_meaning(catalog) -> None:
    html = render([build_unit_sheet(incomplete_unit(), catalog)], "html", generated_at=AT)
    assert "@page { size: A4" in html
    assert "color: #000" in html
    # every marker is a word with a symbol, readable in black and white
    assert "✗ Manquant" in html and "⚠ À vérifier" in html
    assert "<script" not in html and "http://" not in html and "https://" not in html  # self-contained


def test_complete_unit_markdown(catalog) -> None:
    sheet = build_unit_sheet(complete_unit(), catalog)
    text = render([sheet], "md", generated_at=AT)
    assert text.startswith("# Fiche de relecture pour le ROR — Hôpital de jour d'oncologie")
    for expected in ("**01** — Médecine, Chirurgie, Obstétrique (MCO)", "**29** — Hospitalisation de jour (HJ)",
                     "**164** — Traitements médicamenteux systémiques du cancer (chimiothérapie)",
                     "Réponse donnée : « chimio »", "Fiabilité : ⚠ à vérifier", "Fiabilité : ✓ sûr",
                     "Origine : choisi dans la liste par marie.dupont", f"**{sheet.fingerprint_short}**",
                     "☐ Conforme   ☐ À corriger", "Signature :", "Rien ne manque pour l'ANS"):
        assert expected in text, expected
    assert "<" not in text.replace("<=", "")  # plain text, no HTML


# -- the incomplete unit -------------------------------------------------------------------------

def test_incomplete_unit_marks_missing_items_warnings_and_doubtful_codes(catalog) -> None:
    sheet = build_unit_sheet(incomplete_unit(), catalog)
    assert {item.key for item in sheet.missing} == {"champActivite", "modePriseEnCharge", "patientele",
                                                    "adresse", "contact"}
    assert sheet.criteria_met == 1 and sheet.ans_status == "En cours"
    for fmt in ("html", "md"):
        rendered = render([sheet], fmt, generated_at=AT)
        text = squash(" ".join(parse(rendered).text)) if fmt == "html" else rendered
        assert "Critères ANS de peuplement : 1 sur 6 remplis" in squash(text)
        assert "Aucun champ d'activité reconnu dans la nomenclature" in text
        assert "Adresse de l'unité incomplète" in text
        assert "Non renseigné — exigé par l'ANS" in text
        assert "CO3" in text and "UHSA" in text  # quality warning: sensitive-unit keyword
        assert "NOS-OBSOLETE" in text and "code obsolète" in text
        assert "066" in text and "« radio »" in text and "très incertain, à vérifier" in text
        assert sheet.fingerprint_short in text
    markdown = render([sheet], "md", generated_at=AT)
    assert markdown.count("✗ MANQUANT") >= 5 and "⚠ QUALITÉ" in markdown and "⚠ À VÉRIFIER" in markdown


def test_open_remarks_and_history_are_shown_again(catalog) -> None:
    sheet = build_unit_sheet(complete_unit(), catalog, history=["Fiche de relecture émise par marie"],
                             remarks={"adresse": ["« préciser le bâtiment B » (Dr Martin, le 10/03/2025 à 09:00)"],
                                      "unite": ["« revoir le nom »"]})
    for fmt in ("html", "md"):
        text = render([sheet], fmt, generated_at=AT)
        assert "Correction demandée précédemment : « préciser le bâtiment B »" in text
        assert "« revoir le nom »" in text
        assert "Historique des statuts" in text and "Fiche de relecture émise par marie" in text


def test_several_units_on_one_sheet(catalog) -> None:
    sheets = [build_unit_sheet(unit, catalog) for unit in (complete_unit(), incomplete_unit())]
    html = render(sheets, "html", title="Service d'oncologie médicale", generated_at=AT)
    document = parse(html)
    assert document.headings.count("h2") == 2
    assert "break-before: page" in html
    assert all(sheet.fingerprint_short in html for sheet in sheets)


# -- the fingerprint -------------------------------------------------------------------------------

def test_fingerprint_changes_with_content_not_with_rendering_time_or_status(catalog) -> None:
    unit = complete_unit()
    first = render([build_unit_sheet(unit, catalog)], "html", generated_at=AT)
    later = render([build_unit_sheet(unit, catalog)], "html", generated_at=datetime(2026, 1, 2, tzinfo=UTC))
    assert first != later  # the date printed differs…
    assert short_fingerprint(fingerprint(unit)) in first and short_fingerprint(fingerprint(unit)) in later  # …not the fingerprint

    assert fingerprint(unit.model_copy(update={"status": "a_valider", "updated_at": AT, "revision": 9,
                                               "updated_by": "paul", "interview_step": "adresse"})) == fingerprint(unit)
    moved = unit.model_copy(update={"patientele": Patientele(age_min=16, age_max=120)})
    assert fingerprint(moved) != fingerprint(unit)
    renamed = unit.model_copy(update={"nom": "HDJ oncologie"})
    assert fingerprint(renamed) != fingerprint(unit)


def test_fingerprint_is_canonical(catalog) -> None:
    unit = complete_unit()
    reordered = unit.model_copy(update={"activites_operationnelles": unit.activites_operationnelles[::-1]})
    assert fingerprint(reordered) == fingerprint(unit)
    assert '"status"' not in canonical_json(unit)
    full = fingerprint(unit)
    assert len(full) == 64 and re.fullmatch(r"[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}", short_fingerprint(full))
    assert matches(full, short_fingerprint(full).upper()) and matches(full, full)
    assert not matches(full, "0000-0000-0000") and not matches(full, full[:6])


# -- labels and references -------------------------------------------------------------------------

def test_every_status_and_flag_has_its_french_words() -> None:
    assert tuple(STATUS_LABELS) == STATUSES
    assert STATUS_LABELS["a_valider"] == "À valider" and STATUS_LABELS["prete"] == "Prête pour le ROR"
    assert set(FLAG_ITEMS) == set(FLAG_CODES)
    assert set(FLAG_ITEMS.values()) <= {spec.key for spec in sheet_items()}


def test_opening_hours_have_their_line_in_plain_french(catalog) -> None:
    unit = complete_unit().model_copy(update={"horaires": [
        *(Horaire(jour=day, debut="08:30", fin="17:00") for day in range(1, 6)),
        Horaire(jour=6, debut="08:00", fin="12:00"),
        Horaire(jour=2, debut="14:00", fin="17:00", type_plage="07")]})
    sheet = build_unit_sheet(unit, catalog)
    [item] = [item for item in sheet.items if item.key == "horaire"]
    assert item.title == "Horaires" and item.reference == "horaires"
    assert [answer.retained for answer in item.answers] == [
        "Du lundi au vendredi, 8 h 30 – 17 h ; samedi, 8 h – 12 h",
        "Consultations sur rendez-vous : mardi, 14 h – 17 h"]
    html = squash(" ".join(parse(render([sheet], "html", generated_at=AT)).text))
    assert "Horaires [repère : horaires]" in html
    assert "Du lundi au vendredi, 8 h 30 – 17 h ; samedi, 8 h – 12 h" in html
    markdown = render([sheet], "md", generated_at=AT)
    assert "Horaires [repère : horaires]" in markdown
    assert "- Retenu pour le ROR : Du lundi au vendredi, 8 h 30 – 17 h ; samedi, 8 h – 12 h" in markdown
    assert "- Retenu pour le ROR : Consultations sur rendez-vous : mardi, 14 h – 17 h" in markdown
    assert not [item for item in build_unit_sheet(complete_unit(), catalog).items if item.key == "horaire"]
    assert resolve_item("horaires") == "horaire"


def test_items_are_found_by_the_reference_printed_on_the_sheet() -> None:
    assert resolve_item("activites") == "activiteOperationnelle"
    assert resolve_item("ADRESSE") == "adresse"
    assert resolve_item("contact_nature") == "contact"
    assert resolve_item("unite") == "unite"
    assert default_filename("Hôpital de jour d'oncologie", "html") == "fiche-hopital-de-jour-d-oncologie.html"

