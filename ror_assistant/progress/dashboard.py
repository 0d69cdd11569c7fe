"""Dashboard data: per establishment, the ANS peuplement status and the campaign follow-up.

This is what the TUI dashboard and ``ror-assistant progress`` show, computed once here so
both say the same thing. The ANS logic itself (flags of a UE, all-or-nothing status of an EG
and its quirk) lives in :mod:`ror_assistant.rules.peuplement`; this module gathers what those
rules read from the database and adds the follow-up figures of the ANS method's example tool:
share of the organisation described, share of units finalised, campaign dates and the delay
from launch to ARS validation.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date

from sqlmodel import Session, col, select

from ror_assistant.description import UnitDescription
from ror_assistant.nomenclature import Catalog
from ror_assistant.progress.campaign import effective_campaign
from ror_assistant.rules.peuplement import (
    SANITAIRE_CATEGORIES,
    SANITAIRE_CHAMPS,
    SiteDescription,
    SiteStatusRow,
    Status,
    UnitFlags,
    site_status,
    unit_flags,
)
from ror_assistant.storage.models import EntiteGeographique, EntiteJuridique, OrganisationInterne, Unit
from ror_assistant.storage.units import unit_description

#: OI types whose description the organisation share measures: services and UF (TRE_R207 2, 3).
#: Pôles only group services, so they are not counted.
DESCRIBED_OI_TYPES = ("2", "3")

#: Short French names of the ANS flags, for "what is missing" lists.
FLAG_NAMES = {
    "FG_ChampActivite": "champ d'activité",
    "FG_AO": "activité opérationnelle",
    "FG_ModePEC": "mode de prise en charge",
    "FG_Patientele": "âges de la patientèle",
    "FG_Adresse": "adresse",
    "FG_Contact": "contact",
    "FG_CategorieOrga": "type d'offre",
}


@dataclass(frozen=True)
class UnitProgress:
    """One open UE as the dashboard shows it: ANS status, flags, and what is missing.

    ``counted`` is False when no ANS row of its EG counts it (no champ d'activité, or a champ
    the EG has no FINESS authorisation for); ``note`` then says so."""

    id: int
    nom: str
    oi_path: tuple[str, ...]
    status: Status
    flags: dict[str, bool | None]
    reasons: tuple[str, ...]
    champ: str | None
    counted: bool
    note: str

    @property
    def missing(self) -> tuple[str, ...]:
        """Short names of the flags not met (e.g. "adresse", "contact")."""
        return tuple(FLAG_NAMES[code] for code, value in self.flags.items() if value is False)


@dataclass(frozen=True)
class CampaignDates:
    """Campaign dates an EG follows, and whether they were set for the EG or for its EJ."""

    launched_on: date | None = None
    training_admin_on: date | None = None
    training_metier_on: date | None = None
    ars_validation_on: date | None = None
    recorded_for: str | None = None  # "EG", "EJ", or None when no campaign is recorded

    @property
    def delay_days(self) -> int | None:
        """Days from launch to ARS validation (None until both are known)."""
        if self.launched_on is None or self.ars_validation_on is None:
            return None
        return (self.ars_validation_on - self.launched_on).days


@dataclass(frozen=True)
class SiteProgress:
    """Everything the dashboard shows for one open EG."""

    eg_id: int
    finess: str
    nom: str
    categorie: str
    categorie_label: str
    ej_id: int
    ej_finess: str
    ej_nom: str
    rows: tuple[SiteStatusRow, ...]
    units: tuple[UnitProgress, ...]
    organisation_total: int
    organisation_described: int
    campaign: CampaignDates
    today: date

    @property
    def organisation_ratio(self) -> float | None:
        """Share of open services and UF with at least one open UE at or below them (None: no OI)."""
        return self.organisation_described / self.organisation_total if self.organisation_total else None

    @property
    def units_finalised(self) -> int:
        return sum(unit.status is Status.FINALISE for unit in self.units)

    @property
    def units_ratio(self) -> float | None:
        """Finalised open UEs / open UEs (None: no unit yet)."""
        return self.units_finalised / len(self.units) if self.units else None

    @property
    def elapsed_days(self) -> int | None:
        """Days since launch while the ARS has not validated (None otherwise)."""
        if self.campaign.launched_on is None or self.campaign.ars_validation_on is not None:
            return None
        return (self.today - self.campaign.launched_on).days

    @property
    def status_summary(self) -> str:
        """The ANS status of each row, e.g. "MCO : En cours · PSY : À faire"."""
        if not self.rows:
            return f"{Status.A_FAIRE} (aucun type d'activité MCO, PSY ou SMR connu)"
        return " · ".join(f"{row.type_label} : {row.status}" for row in self.rows)

    @property
    def authorisation_note(self) -> str:
        """Said when a sanitaire EG has no recorded authorisations: ANS makes one row per
        authorised MCO / PSY / SMR, so without them the rows only follow the units' champs."""
        known = bool(self.rows) and all(row.authorisations_known for row in self.rows)
        if self.categorie not in SANITAIRE_CATEGORIES or known:
            return ""
        return ("Autorisations FINESS (MCO, PSY, SMR) non enregistrées : les statuts suivent les champs des "
                f"unités. Pour les enregistrer : ror-assistant structure edit eg {self.finess} --champs MCO,PSY")


def authorised_champs(eg: EntiteGeographique) -> frozenset | None:
    """The EG's authorised MCO / PSY / SMR as recorded (``champs`` column); None when not
    recorded, which the rules read as "unknown" (rows then follow the units' champs)."""
    champs = frozenset(part.strip().upper() for part in eg.champs.split(",") if part.strip())
    return frozenset(champ for champ in champs if champ in SANITAIRE_CHAMPS) or None


def site_description(session: Session, eg: EntiteGeographique) -> SiteDescription:
    """What :func:`rules.site_status` reads about ``eg``: category, authorised champs, units."""
    unit_ids = session.exec(select(Unit.id).where(Unit.eg_id == eg.id).order_by(col(Unit.id))).all()
    return SiteDescription(
        id=eg.id, nom=eg.nom, finess=eg.finess, categorie=eg.categorie or None,
        authorised_champs=authorised_champs(eg),
        units=[unit_description(session, unit_id) for unit_id in unit_ids if unit_id is not None],
    )


def _organisation(session: Session, eg_id: int, units: list[UnitDescription]) -> tuple[int, int]:
    """(open services and UF, those with an open UE attached to them or to an OI below them)."""
    ois = session.exec(select(OrganisationInterne).where(OrganisationInterne.eg_id == eg_id,
                                                         col(OrganisationInterne.closed_on).is_(None))).all()
    parent = {oi.id: oi.parent_id for oi in ois}
    described: set[int | None] = set()
    for unit in units:
        oi_id = unit.oi_id
        while oi_id is not None and oi_id not in described and oi_id in parent:
            described.add(oi_id)
            oi_id = parent[oi_id]
    measured = [oi for oi in ois if oi.type_oi in DESCRIBED_OI_TYPES]
    return len(measured), sum(oi.id in described for oi in measured)


def _unit_progress(unit: UnitDescription, flags: UnitFlags, counted: bool) -> UnitProgress:
    note = ""
    if not counted:
        note = ("non comptée dans le statut ANS de l'établissement : champ d'activité non reconnu"
                if flags.champ is None else
                f"non comptée dans le statut ANS de l'établissement : pas d'autorisation {flags.champ} "
                "enregistrée pour cet établissement")
    return UnitProgress(
        id=unit.id or 0, nom=unit.nom, oi_path=tuple(unit.oi_path), status=flags.status,
        flags=flags.by_code, reasons=tuple(reason.message for reason in flags.reasons),
        champ=flags.champ, counted=counted, note=note,
    )


def site_progress(session: Session, catalog: Catalog, eg: EntiteGeographique, *,
                  today: date | None = None) -> SiteProgress:
    """The dashboard entry of one EG (open units only, as ANS counts them)."""
    site = site_description(session, eg)
    rows = tuple(site_status(site, catalog))
    counted_ids = {unit.id for row in rows for unit, _ in row.units}
    open_units = site.open_units()
    units = tuple(_unit_progress(unit, unit_flags(unit, catalog), unit.id in counted_ids) for unit in open_units)
    total, described = _organisation(session, eg.id or 0, open_units)
    ej = session.get(EntiteJuridique, eg.ej_id)
    campaign = effective_campaign(session, eg)
    dates = CampaignDates()
    if campaign is not None:
        dates = CampaignDates(launched_on=campaign.launched_on, training_admin_on=campaign.training_admin_on,
                              training_metier_on=campaign.training_metier_on,
                              ars_validation_on=campaign.ars_validation_on,
                              recorded_for="EG" if campaign.eg_id is not None else "EJ")
    concept = catalog.resolve("JDV_J55-CategorieEG-ROR", eg.categorie) if eg.categorie else None
    return SiteProgress(
        eg_id=eg.id or 0, finess=eg.finess, nom=eg.nom, categorie=eg.categorie,
        categorie_label=concept.libelle if concept else "",
        ej_id=eg.ej_id, ej_finess=ej.finess if ej else "", ej_nom=ej.raison_sociale if ej else "",
        rows=rows, units=units, organisation_total=total, organisation_described=described,
        campaign=dates, today=today or date.today(),
    )


def dashboard(session: Session, catalog: Catalog, *, eg_ids: Collection[int] | None = None,
              today: date | None = None) -> list[SiteProgress]:
    """Dashboard entries of every open EG (or of ``eg_ids``), ordered by EJ then EG FINESS."""
    query = select(EntiteGeographique).where(col(EntiteGeographique.closed_on).is_(None))
    if eg_ids is not None:
        query = query.where(col(EntiteGeographique.id).in_(list(eg_ids)))
    sites = [site_progress(session, catalog, eg, today=today) for eg in session.exec(query).all()]
    return sorted(sites, key=lambda site: (site.ej_finess, site.finess))


