"""The ANS peuplement status as the dashboard shows it, on crafted cases in a real database.

Each case builds EG and units with the storage functions (as the interview does), then reads
:func:`ror_assistant.progress.dashboard`: the statuses must be those of ror-model.md §3.1–3.2,
including the "À faire" quirk of the EG status and units invisible for lack of authorisation.
Also the campaign follow-up figures and the three renderings.
"""

from __future__ import annotations

import csv
import io
import re
from datetime import date, datetime
from pathlib import Path

import pytest
from sqlmodel import select

from ror_assistant.description import Address, CodedAnswer, Contact, Patientele, Telecom
from ror_assistant.errors import UserError
from ror_assistant.nomenclature import load_catalog
from ror_assistant.progress import (
    csv_rows,
    dashboard,
    render_csv,
    render_html,
    render_table,
    set_campaign,
)
from ror_assistant.rules import Status
from ror_assistant.storage import (
    Database,
    add_coded,
    add_contact,
    close,
    create_eg,
    create_ej,
    create_oi,
    create_unit,
    open_database,
    set_address,
    set_coded,
    set_patientele,
)
from ror_assistant.storage.models import AuditEntry

USER = "marie"
TODAY = date(2026, 5, 4)
ADDRESS = Address(numero_voie="12", type_voie="AV", libelle_voie="du Grésivaudan", code_postal="38043",
                  localite="Grenoble")


@pytest.fixture
def db(tmp_path: Path):
    database = open_database(f"sqlite:///{tmp_path / 'ror.sqlite3'}")
    yield database
    database.dispose()


def make_site(db: Database, categorie: str = "355", champs: tuple[str, ...] = ("MCO",), finess: str = "380012344") -> int:
    with db.write(USER) as session:
        ej = create_ej(session, USER, "380780015", "Centre hospitalier des Trois Vallées")
        eg = create_eg(session, USER, ej.id, finess, "CH des Trois Vallées", categorie=categorie, champs=champs,
                       address=ADDRESS)
        return eg.id


def add_unit(db: Database, eg_id: int, nom: str, *, champ: str | None = "01", complete: bool = True,
             address: Address | None = None, oi_id: int | None = None) -> int:
    """A unit; ``complete`` gives it every peuplement criterion, else only champ + activité."""
    with db.write(USER) as session:
        unit = create_unit(session, USER, eg_id, nom, oi_id=oi_id, address=address)
        if champ is not None:
            set_coded(session, USER, unit.id, CodedAnswer(attribute="champActivite", code=champ,
                                                          value_set="JDV_J20-ChampActivite-ROR"), expected=None)
            add_coded(session, USER, unit.id, CodedAnswer(attribute="activiteOperationnelle", code="013",
                                                          value_set="JDV_J17-ActiviteOperationnelle-ROR"))
        if complete:
            set_coded(session, USER, unit.id, CodedAnswer(attribute="modePriseEnCharge", code="28",
                                                          value_set="JDV_J19-ModePriseEnCharge-ROR"), expected=None)
            set_patientele(session, USER, unit.id, Patientele(age_min=18, age_max=120), expected=Patientele())
            add_contact(session, USER, unit.id, Contact(nature="06", telecoms=[
                Telecom(canal="2", adresse="0476000000", confidentialite="1")]))
        return unit.id


def progress(db: Database):
    with db.read() as session:
        return dashboard(session, load_catalog(), today=TODAY)


def units_by_name(site):
    return {unit.nom: unit for unit in site.units}


# --- per UE ---------------------------------------------------------------------------------

def test_complete_unit_is_finalised_and_eg_too(db: Database) -> None:
    eg_id = make_site(db)
    add_unit(db, eg_id, "HC cardiologie")
    [site] = progress(db)
    [unit] = site.units
    assert unit.status is Status.FINALISE and unit.missing == () and unit.counted
    [row] = site.rows
    assert (row.type_label, row.status, row.nb_offres, row.nb_finalise) == ("MCO", Status.FINALISE, 1, 1)
    assert site.units_ratio == 1.0


def test_incomplete_unit_says_what_is_missing(db: Database) -> None:
    eg_id = make_site(db)
    add_unit(db, eg_id, "HC cardiologie")
    add_unit(db, eg_id, "HJ cardiologie", complete=False)
    [site] = progress(db)
    unit = units_by_name(site)["HJ cardiologie"]
    assert unit.status is Status.EN_COURS
    assert unit.missing == ("mode de prise en charge", "âges de la patientèle", "contact")
    assert any("Âge minimum ou âge maximum" in reason for reason in unit.reasons)
    [row] = site.rows
    assert (row.status, row.nb_finalise, row.nb_en_cours) == (Status.EN_COURS, 1, 1)
    assert site.units_ratio == 0.5


def test_unit_with_nothing_is_a_faire(db: Database) -> None:
    eg_id = make_site(db)
    add_unit(db, eg_id, "Nouvelle unité", champ=None, complete=False, address=Address())
    [site] = progress(db)
    [unit] = site.units
    assert unit.status is Status.A_FAIRE
    assert len(unit.missing) == 6  # FG_CategorieOrga not applicable to a CH
    assert not unit.counted and "champ d'activité non reconnu" in unit.note


# --- per EG ---------------------------------------------------------------------------------

def test_eg_quirk_finalised_plus_a_faire_gives_a_faire(db: Database) -> None:
    """ANS quirk (§3.2): some UEs finalised, the others 'À faire', none 'En cours' → EG 'À faire'."""
    eg_id = make_site(db, categorie="500", champs=())  # EHPAD: other branch, every UE counted
    add_unit(db, eg_id, "Hébergement permanent", champ="04")
    add_unit(db, eg_id, "Accueil de jour", champ=None, complete=False, address=Address())
    [site] = progress(db)
    [row] = site.rows
    assert (row.type_label, row.status, row.nb_offres, row.nb_finalise, row.nb_en_cours) == (
        "PA", Status.A_FAIRE, 2, 1, 0)
    assert "Règle ANS" in row.explanation
    # describing a little of the second unit turns the EG "En cours": the quirk is really ANS's
    with db.write(USER) as session:
        unit_id = units_by_name(site)["Accueil de jour"].id
        set_address(session, USER, unit_id, ADDRESS, expected=Address())
    [site] = progress(db)
    assert site.rows[0].status is Status.EN_COURS


def test_unit_of_an_unauthorised_champ_is_not_counted(db: Database) -> None:
    eg_id = make_site(db, champs=("MCO",))
    add_unit(db, eg_id, "HC cardiologie")
    add_unit(db, eg_id, "Psychiatrie adulte", champ="03", complete=False)
    [site] = progress(db)
    [row] = site.rows
    assert (row.type_label, row.status, row.nb_offres) == ("MCO", Status.FINALISE, 1)
    psy = units_by_name(site)["Psychiatrie adulte"]
    assert not psy.counted and "pas d'autorisation PSY" in psy.note
    assert site.authorisation_note == ""


def test_sanitaire_eg_without_recorded_authorisations(db: Database) -> None:
    eg_id = make_site(db, champs=())
    [site] = progress(db)
    assert site.rows == () and "aucun type d'activité" in site.status_summary
    assert "--champs MCO,PSY" in site.authorisation_note
    add_unit(db, eg_id, "HC cardiologie")
    [site] = progress(db)
    assert [row.type_label for row in site.rows] == ["MCO"]
    assert not site.rows[0].authorisations_known and site.authorisation_note


def test_home_care_service_needs_the_type_d_offre(db: Database) -> None:
    eg_id = make_site(db, categorie="354", champs=())  # SSIAD: FG_CategorieOrga applies
    unit_id = add_unit(db, eg_id, "Soins infirmiers à domicile", champ="04")
    [site] = progress(db)
    assert site.units[0].status is Status.EN_COURS and site.units[0].missing == ("type d'offre",)
    with db.write(USER) as session:
        set_coded(session, USER, unit_id, CodedAnswer(attribute="typeOffre", code="01",
                                                      value_set="JDV_J238-TypeOffre-ROR"), expected=None)
    [site] = progress(db)
    assert site.units[0].status is Status.FINALISE and site.rows[0].status is Status.FINALISE


def test_closed_units_leave_the_dashboard(db: Database) -> None:
    eg_id = make_site(db)
    add_unit(db, eg_id, "HC cardiologie")
    closed_id = add_unit(db, eg_id, "Ancienne unité", complete=False)
    with db.write(USER) as session:
        close(session, USER, "unit", closed_id, date(2026, 1, 31))
    [site] = progress(db)
    assert [unit.nom for unit in site.units] == ["HC cardiologie"]
    assert site.rows[0].status is Status.FINALISE


# --- campaign follow-up ---------------------------------------------------------------------

def test_organisation_share_counts_services_and_uf_with_a_unit(db: Database) -> None:
    eg_id = make_site(db)
    with db.write(USER) as session:
        pole = create_oi(session, USER, eg_id, "1", "Pôle médecine")
        cardio = create_oi(session, USER, eg_id, "2", "Cardiologie", parent_id=pole.id)
        uf = create_oi(session, USER, eg_id, "3", "UF cardiologie HC", parent_id=cardio.id)
        create_oi(session, USER, eg_id, "2", "Pneumologie", parent_id=pole.id)
        uf_id = uf.id
    add_unit(db, eg_id, "HC cardiologie", oi_id=uf_id)
    [site] = progress(db)
    assert (site.organisation_described, site.organisation_total) == (2, 3)  # UF and its service; not the pôle
    assert site.units[0].oi_path == ("Pôle médecine", "Cardiologie", "UF cardiologie HC")


def test_campaign_dates_inheritance_delay_and_audit(db: Database) -> None:
    eg_id = make_site(db)
    with db.write(USER) as session:
        set_campaign(session, USER, ej_id=1, changes={"launched_on": date(2026, 1, 5),
                                                      "training_admin_on": date(2026, 1, 12)})
    [site] = progress(db)
    assert site.campaign.recorded_for == "EJ" and site.campaign.launched_on == date(2026, 1, 5)
    assert site.campaign.delay_days is None and site.elapsed_days == (TODAY - date(2026, 1, 5)).days
    with db.write(USER) as session:
        set_campaign(session, USER, eg_id=eg_id, changes={"launched_on": date(2026, 2, 2),
                                                          "ars_validation_on": date(2026, 4, 30)})
    [site] = progress(db)
    assert site.campaign.recorded_for == "EG" and site.campaign.delay_days == 87 and site.elapsed_days is None
    with pytest.raises(UserError, match="précède le lancement"), db.write(USER) as session:
        set_campaign(session, USER, eg_id=eg_id, changes={"training_metier_on": date(2026, 1, 1)})
    with db.read() as session:
        entries = session.exec(select(AuditEntry).where(AuditEntry.entity == "campaign")).all()
    assert {entry.field for entry in entries} >= {"launched_on", "training_admin_on", "ars_validation_on"}
    assert all(entry.field != "training_metier_on" for entry in entries)  # the refused change left no trace


# --- renderings -----------------------------------------------------------------------------

def test_table_csv_and_html_show_the_same_statuses(db: Database) -> None:
    eg_id = make_site(db)
    add_unit(db, eg_id, "HC cardiologie <adultes>")
    add_unit(db, eg_id, "HJ cardiologie", complete=False)
    sites = progress(db)

    table = render_table(sites)
    assert all(len(line) <= 80 for line in table.splitlines())
    assert "MCO : En cours (1/2 unité finalisée)" in table
    assert "manque : mode de prise en charge, âges de la patientèle, contact" in " ".join(table.split())

    text = render_csv(sites)
    reader = list(csv.DictReader(io.StringIO(text), delimiter=";"))
    assert [(row["niveau"], row["unite"], row["statut_ans"]) for row in reader] == [
        ("EG", "", "En cours"), ("UE", "HC cardiologie <adultes>", "Finalisé"), ("UE", "HJ cardiologie", "En cours")]
    assert reader[2]["manque"] == "mode de prise en charge, âges de la patientèle, contact"
    assert reader[0]["unites_finalisees_pct"] == "50,0"
    assert csv_rows(sites) == reader

    page = render_html(sites, datetime(2026, 5, 4, 9, 30))
    assert "HC cardiologie &lt;adultes&gt;" in page
    assert "le 04/05/2026 à 09:30" in page
    assert not re.search(r"(src|href)=", page)  # self-contained: no outside resource
    assert page.count("Finalisé") >= 1 and "Âge minimum ou âge maximum" in page
