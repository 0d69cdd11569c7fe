"""A unit's description as plain data: what storage produces and rules, review and export read.

These pydantic models mirror ror-model.md §2 (the offre opérationnelle / UE) without any
database in them, so the ANS rules can be tested on crafted cases and the review sheet and the
JSON export render the very same object. ``storage`` builds them from its tables.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

ChosenHow = Literal["proposition", "choix", "alias", "code", "import", "copie"]
AgeUnit = Literal["j", "mo", "a"]  # UCUM-like: jours, mois, années (TRE_R247 d / mo / a)


class CodedAnswer(BaseModel):
    """One coded value of a unit, with how it was obtained (kept for the review sheet)."""

    model_config = ConfigDict(frozen=True)

    attribute: str = Field(description="ROR attribute, e.g. activiteOperationnelle, modePriseEnCharge")
    code: str
    value_set: str
    value_set_version: str = ""
    label: str = ""
    free_text: str = ""
    score: float | None = None
    margin: float | None = None
    chosen_how: ChosenHow = "proposition"
    chosen_by: str = ""
    chosen_at: datetime | None = None
    quantity: int | None = Field(default=None, description="e.g. number of équipements in service")
    valid: bool = Field(default=True, description="False when the code does not resolve in the value set")
    deprecated: bool = Field(default=False, description="the code exists but is deprecated (kept, flagged)")


class Address(BaseModel):
    """Lieu de réalisation de l'offre: FG_Adresse needs (libelle_voie or lieu_dit), code postal, localité."""

    numero_voie: str = ""
    type_voie: str = ""
    libelle_voie: str = ""
    lieu_dit: str = ""
    complement: str = ""
    code_postal: str = ""
    localite: str = ""
    commune_cog: str = ""


class Telecom(BaseModel):
    canal: str | None = None  # JDV_J225 code
    adresse: str = ""
    confidentialite: str | None = None  # JDV_J222 code
    utilisation: str = ""


class Contact(BaseModel):
    id: int | None = Field(default=None, description="storage id, to update or remove this contact")
    nom: str = ""
    fonction: str | None = None  # JDV_J220 code
    nature: str | None = None  # JDV_J221 code
    description: str = ""
    confidentialite: str | None = None  # JDV_J222 code
    telecoms: list[Telecom] = Field(default_factory=list)


class Capacity(BaseModel):
    nature: Literal["lits", "places"] = "lits"
    nombre: int
    statut: str = "installé"


#: Days of an Horaire, ISO 8601 order (jour 1 = lundi).
DAY_NAMES = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")

#: TRE_R252 (JDV_J41-TypeHoraire-ROR) types of plage the assistant writes: the three ror-model.md
#: §2.4 lists (TRE_R252 itself is not among the bundled tables of nomenclatures/nos).
HORAIRE_TYPES = {
    "02": "Horaire de fonctionnement",
    "06": "Consultation sans rendez-vous",
    "07": "Consultation sur rendez-vous",
}


class Horaire(BaseModel):
    """One plage horaire (ror-model.md §2.4): one entry per day and per type of plage."""

    jour: int = Field(ge=1, le=7, description="ISO 8601: 1 = lundi … 7 = dimanche")
    debut: str = Field(pattern=r"^([01]\d|2[0-3]):[0-5]\d$", description="HH:MM")
    fin: str = Field(pattern=r"^(([01]\d|2[0-3]):[0-5]\d|24:00)$", description="HH:MM; 24:00 = end of the day")
    type_plage: str = Field(default="02", description="JDV_J41 / TRE_R252, 02 = horaire de fonctionnement")


class Patientele(BaseModel):
    age_min: int | None = None
    age_min_unit: AgeUnit = "a"
    age_max: int | None = None
    age_max_unit: AgeUnit = "a"


class UnitDescription(BaseModel):
    """Everything known about one UE, as ror-model.md §2 names it."""

    id: int | None = None
    nom: str = ""
    eg_id: int | None = None
    oi_id: int | None = None
    eg_categorie: str | None = Field(default=None, description="JDV_J55 category of the EG (drives FG_CategorieOrga, CP5, CP6)")
    eg_finess: str | None = None
    oi_path: list[str] = Field(default_factory=list, description="names of pôle / service / UF above the unit")
    champ_activite: CodedAnswer | None = None
    mode_prise_en_charge: CodedAnswer | None = None
    activites_operationnelles: list[CodedAnswer] = Field(default_factory=list)
    type_offre: CodedAnswer | None = None
    temporalite_accueil: CodedAnswer | None = None
    publics: list[CodedAnswer] = Field(default_factory=list)
    other_codes: list[CodedAnswer] = Field(default_factory=list, description="équipements, actes, compétences, spécialisations, modalités…")
    patientele: Patientele = Field(default_factory=Patientele)
    unite_sensible: bool | None = None
    address: Address = Field(default_factory=Address)
    contacts: list[Contact] = Field(default_factory=list)
    capacities: list[Capacity] = Field(default_factory=list)
    horaires: list[Horaire] = Field(default_factory=list)
    comment: str = ""
    status: str = "brouillon"
    closed_on: date | None = None
    updated_at: datetime | None = None
    updated_by: str = ""
    revision: int = Field(default=0, description="storage revision, bumped on every change of the description")
    interview_step: str | None = Field(default=None, description="id of the question the interview stopped at")

    def codes(self, attribute: str) -> list[CodedAnswer]:
        """Every coded answer of ``attribute`` (ROR name), whatever slot holds it."""
        singles = [self.champ_activite, self.mode_prise_en_charge, self.type_offre, self.temporalite_accueil]
        pool = [*filter(None, singles), *self.activites_operationnelles, *self.publics, *self.other_codes]
        return [answer for answer in pool if answer.attribute == attribute]

    @property
    def places_installees(self) -> int:
        return sum(capacity.nombre for capacity in self.capacities if capacity.nature == "places")
