"""Database tables: the structure (EJ → EG → OI → UE), a unit's description, and its history.

Identifiers are English, ROR business terms are kept as ANS writes them (champ_activite,
mode_prise_en_charge, finess…) so the code can be read next to ror-model.md. Coded values
live in one table (:class:`CodedValue`, one row per code) rather than one column per
attribute: a unit has many activités opérationnelles, publics, équipements…, and every code
must keep how it was obtained (free text, score, who, when) for the review sheet.

No ORM relationships: every function queries what it needs, so rows handed to other layers
after the transaction never trigger lazy loads on a closed session.
"""

from __future__ import annotations

import datetime as dt
from datetime import UTC, date, datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

# Named constraints, so later batch migrations on SQLite can find and alter them.
SQLModel.metadata.naming_convention = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

#: Attributes that hold at most one code per unit (ror-model.md §2.1, §8 points 1–2).
SINGLE_VALUED = ("champActivite", "modePriseEnCharge", "typeOffre", "temporaliteAccueil")

#: Workflow statuses of a unit, in the order a unit normally goes through them.
STATUSES = ("brouillon", "a_valider", "validee_chef", "corrections", "validee_direction", "prete")

#: Statuses a description change must void (the validated sheet no longer matches the data).
VALIDATED_STATUSES = ("validee_chef", "validee_direction", "prete")


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(sa.types.TypeDecorator):
    """Timestamps stored as naive UTC (portable to every backend), read back as aware UTC.

    SQLite has no time-zone type; without this, values written by one session would compare
    badly with ``datetime.now(UTC)`` in another.
    """

    impl = sa.DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime refused: pass an aware UTC datetime")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        return None if value is None else value.replace(tzinfo=UTC)


class AddressColumns(SQLModel):
    """Address of a lieu (FG_Adresse: libelle_voie or lieu_dit, code_postal, localite)."""

    numero_voie: str = ""
    type_voie: str = ""
    libelle_voie: str = ""
    lieu_dit: str = ""
    complement: str = ""
    code_postal: str = ""
    localite: str = ""
    commune_cog: str = ""


class EntiteJuridique(AddressColumns, table=True):
    __tablename__ = "entite_juridique"

    id: int | None = Field(default=None, primary_key=True)
    finess: str = Field(index=True, unique=True, max_length=9)
    siren: str = ""
    raison_sociale: str
    statut: str = ""
    closed_on: date | None = None


class EntiteGeographique(AddressColumns, table=True):
    __tablename__ = "entite_geographique"

    id: int | None = Field(default=None, primary_key=True)
    ej_id: int = Field(foreign_key="entite_juridique.id", index=True)
    finess: str = Field(index=True, unique=True, max_length=9)
    siret: str = ""
    nom: str
    categorie: str = Field(default="", description="JDV_J55 code (drives FG_CategorieOrga, CP5, CP6)")
    telephone: str = ""
    champs: str = Field(default="", description="authorised champs d'activité, comma list: MCO,PSY,SMR")
    closed_on: date | None = None


class OrganisationInterne(SQLModel, table=True):
    __tablename__ = "organisation_interne"

    id: int | None = Field(default=None, primary_key=True)
    eg_id: int = Field(foreign_key="entite_geographique.id", index=True)
    parent_id: int | None = Field(default=None, foreign_key="organisation_interne.id", index=True)
    type_oi: str = Field(description="TRE_R207: '1' pôle, '2' service, '3' UF")
    nom: str
    closed_on: date | None = None


class Unit(AddressColumns, table=True):
    """One unité élémentaire = one offre opérationnelle (ror-model.md §0 design rule)."""

    __tablename__ = "unit"

    id: int | None = Field(default=None, primary_key=True)
    eg_id: int = Field(foreign_key="entite_geographique.id", index=True)
    oi_id: int | None = Field(default=None, foreign_key="organisation_interne.id", index=True)
    nom: str
    unite_sensible: bool | None = None
    age_min: int | None = None
    age_min_unit: str = "a"
    age_max: int | None = None
    age_max_unit: str = "a"
    comment: str = ""
    status: str = Field(default="brouillon", index=True)
    closed_on: date | None = None
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    created_by: str = ""
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    updated_by: str = ""
    revision: int = Field(default=1, description="bumped on every description change")
    interview_step: str | None = Field(default=None, description="id of the current question")


class CodedValue(SQLModel, table=True):
    """One NOS code of a unit, with the answer it came from (kept for the review sheet)."""

    __tablename__ = "coded_value"
    __table_args__ = (
        sa.UniqueConstraint("unit_id", "attribute", "code", name="uq_coded_value_code"),
        sa.Index(
            "uq_coded_value_single",
            "unit_id",
            "attribute",
            unique=True,
            sqlite_where=sa.text("attribute IN ('champActivite', 'modePriseEnCharge', 'typeOffre', 'temporaliteAccueil')"),
            postgresql_where=sa.text("attribute IN ('champActivite', 'modePriseEnCharge', 'typeOffre', 'temporaliteAccueil')"),
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    unit_id: int = Field(foreign_key="unit.id", index=True)
    attribute: str = Field(description="ROR name: champActivite, modePriseEnCharge, activiteOperationnelle…")
    code: str
    value_set: str
    value_set_version: str = ""
    label: str = ""
    free_text: str = ""
    score: float | None = None
    margin: float | None = None
    chosen_how: str = "proposition"
    chosen_by: str = ""
    chosen_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    quantity: int | None = None
    valid: bool = True
    deprecated: bool = False


class Contact(SQLModel, table=True):
    __tablename__ = "contact"

    id: int | None = Field(default=None, primary_key=True)
    unit_id: int = Field(foreign_key="unit.id", index=True)
    nom: str = ""
    fonction: str | None = None  # JDV_J220
    nature: str | None = None  # JDV_J221
    description: str = ""
    confidentialite: str | None = None  # JDV_J222


class Telecom(SQLModel, table=True):
    __tablename__ = "telecom"

    id: int | None = Field(default=None, primary_key=True)
    contact_id: int = Field(foreign_key="contact.id", index=True)
    canal: str | None = None  # JDV_J225
    adresse: str = ""
    confidentialite: str | None = None  # JDV_J222
    utilisation: str = ""


class Capacity(SQLModel, table=True):
    __tablename__ = "capacity"
    __table_args__ = (sa.UniqueConstraint("unit_id", "nature", "statut", name="uq_capacity_kind"),)

    id: int | None = Field(default=None, primary_key=True)
    unit_id: int = Field(foreign_key="unit.id", index=True)
    nature: str = Field(description="'lits' or 'places'")
    nombre: int
    statut: str = "installé"


class Horaire(SQLModel, table=True):
    __tablename__ = "horaire"

    id: int | None = Field(default=None, primary_key=True)
    unit_id: int = Field(foreign_key="unit.id", index=True)
    jour: int = Field(description="ISO 8601: 1 = lundi … 7 = dimanche")
    debut: str = Field(description="HH:MM")
    fin: str = Field(description="HH:MM")
    type_plage: str = Field(default="02", description="JDV_J41 / TRE_R252, 02 = horaire de fonctionnement")


class AuditEntry(SQLModel, table=True):
    """Append-only history: one row per changed field; never updated nor deleted."""

    __tablename__ = "audit_entry"

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, index=True)
    user: str
    entity: str = Field(description="table name of the changed row, e.g. unit, coded_value")
    entity_id: int | None = None
    unit_id: int | None = Field(default=None, index=True)
    action: str = Field(description="create, update, delete, status, void, close, move…")
    field: str = ""
    old_value: str | None = Field(default=None, sa_type=sa.Text, description="JSON text")
    new_value: str | None = Field(default=None, sa_type=sa.Text, description="JSON text")


class WorkflowEvent(SQLModel, table=True):
    __tablename__ = "workflow_event"

    id: int | None = Field(default=None, primary_key=True)
    unit_id: int = Field(foreign_key="unit.id", index=True)
    from_status: str
    to_status: str
    by: str
    at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    comment: str = ""
    fingerprint: str | None = Field(default=None, description="fingerprint of the review sheet validated")


class ItemComment(SQLModel, table=True):
    __tablename__ = "item_comment"

    id: int | None = Field(default=None, primary_key=True)
    unit_id: int = Field(foreign_key="unit.id", index=True)
    item: str = Field(description="ROR attribute or question id the comment is about")
    comment: str
    by: str
    at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    resolved_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class MatchAlias(SQLModel, table=True):
    """A local answer learnt once ("HDJ onco" → code), per EJ or global when ej_id is NULL."""

    __tablename__ = "match_alias"
    __table_args__ = (sa.UniqueConstraint("ej_id", "field", "text_key", name="uq_match_alias_key"),)

    id: int | None = Field(default=None, primary_key=True)
    ej_id: int | None = Field(default=None, foreign_key="entite_juridique.id", index=True)
    field: str
    text_key: str
    code: str
    value_set: str
    created_by: str
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class NomenclatureRelease(SQLModel, table=True):
    __tablename__ = "nomenclature_release"
    __table_args__ = (sa.UniqueConstraint("resource_id", "version", name="uq_nomenclature_release"),)

    id: int | None = Field(default=None, primary_key=True)
    resource_id: str = Field(description="e.g. TRE_R211-ActiviteOperationnelle", index=True)
    kind: str = Field(description="'code_system' or 'value_set'")
    version: str
    date: dt.date | None = Field(default=None, description="release date announced by ANS")
    imported_by: str
    imported_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    payload: str = Field(sa_type=sa.Text, description="JSON text")


class Campaign(SQLModel, table=True):
    """Peuplement campaign of one EJ or one EG (launch, trainings, ARS validation)."""

    __tablename__ = "campaign"

    id: int | None = Field(default=None, primary_key=True)
    ej_id: int | None = Field(default=None, foreign_key="entite_juridique.id", index=True)
    eg_id: int | None = Field(default=None, foreign_key="entite_geographique.id", index=True)
    launched_on: date | None = None
    training_admin_on: date | None = Field(default=None, description="formation des référents administratifs")
    training_metier_on: date | None = Field(default=None, description="formation des référents métiers")
    ars_validation_on: date | None = None
    notes: str = ""
