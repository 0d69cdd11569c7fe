"""Machine-readable result: every unit with its codes, free texts, ANS flags and status, as JSON.

Other programs (regional dashboards, scripts feeding the ROR) read this file, so its shape is a
contract: the pydantic models below *are* the schema (``export_schema()`` gives it as JSON
Schema, docs/export-schema.md shows it), and ``schema_version`` changes when the contract does.
Codes always come with their label and value set, so the file can be read without the NOS
tables. The file is written atomically: a reader never sees it half-written.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable
from datetime import UTC, date, datetime
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from ror_assistant import __version__
from ror_assistant.description import DAY_NAMES, HORAIRE_TYPES, CodedAnswer, Horaire, UnitDescription
from ror_assistant.nomenclature import Catalog
from ror_assistant.rules import unit_flags

#: Version of the export contract: bump the major part when a field changes meaning or goes away,
#: the minor part when fields are added (1.1: ``horaires``).
SCHEMA_VERSION = "1.1"

#: ROR attribute of the codes a contact stores as bare codes; their value set is its binding.
_CONTACT_ATTRIBUTES = {
    "fonction": "fonctionContact",
    "nature": "natureContact",
    "confidentialite": "niveauConfidentialite",
    "canal": "canal",
}


class _Exported(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ExportedCode(_Exported):
    """A coded value: the NOS code with its label and value set, and how it was obtained."""

    attribut: str = Field(description="attribut ROR, par exemple activiteOperationnelle")
    code: str
    libelle: str = Field(description="libellé de la nomenclature")
    jeu_de_valeurs: str = Field(description="jeu de valeurs ROR (JDV) du code")
    version_jeu_de_valeurs: str = ""
    texte_saisi: str = Field(default="", description="les mots de la personne dont le code vient")
    origine: str = Field(default="", description="proposition, choix, alias, code, import ou copie")
    valide: bool = Field(description="faux si le code n'existe pas dans le jeu de valeurs")
    obsolete: bool = Field(default=False, description="vrai si le code est déprécié dans la nomenclature")


class ExportedPatientele(_Exported):
    age_min: int | None
    unite_age_min: str = Field(description="j (jours), mo (mois) ou a (années)")
    age_max: int | None
    unite_age_max: str


class ExportedAddress(_Exported):
    numero_voie: str = ""
    type_voie: str = ""
    libelle_voie: str = ""
    lieu_dit: str = ""
    complement: str = ""
    code_postal: str = ""
    localite: str = ""
    commune_cog: str = ""


class ExportedTelecom(_Exported):
    canal: ExportedCode | None
    adresse: str
    confidentialite: ExportedCode | None
    utilisation: str = ""


class ExportedContact(_Exported):
    nom: str = ""
    fonction: ExportedCode | None
    nature: ExportedCode | None
    confidentialite: ExportedCode | None
    description: str = ""
    telecoms: list[ExportedTelecom]


class ExportedCapacity(_Exported):
    nature: str = Field(description="lits ou places")
    nombre: int
    statut: str


class ExportedHoraire(_Exported):
    """One plage horaire (HealthcareService.availableTime): one per day and per time range."""

    jour: int = Field(ge=1, le=7, description="ISO 8601 : 1 = lundi … 7 = dimanche")
    libelle_jour: str = Field(description="lundi … dimanche")
    debut: str = Field(description="HH:MM")
    fin: str = Field(description="HH:MM ; 24:00 = jusqu'à la fin du jour (00:00–24:00 = toute la journée)")
    type_plage: str = Field(description="code TRE_R252 (JDV_J41-TypeHoraire-ROR) : 02 horaire de fonctionnement, "
                                        "06 consultation sans rendez-vous, 07 consultation sur rendez-vous")
    libelle_type_plage: str = Field(description="libellé du type de plage ; vide pour un code que l'assistant ne connaît pas")


class ExportedFlags(_Exported):
    """The ANS peuplement flags (V_DIM_SuiviPeuplementROR_UE): true = 1, false = 0, null = sans objet."""

    FG_ChampActivite: bool
    FG_AO: bool
    FG_ModePEC: bool
    FG_Patientele: bool
    FG_Adresse: bool
    FG_Contact: bool
    FG_CategorieOrga: bool | None
    statut: str = Field(description="Finalisé, En cours ou À faire")
    manques: list[str] = Field(description="une phrase par critère non rempli")


class ExportedUnit(_Exported):
    id: int
    nom: str
    eg_id: int | None
    eg_finess: str | None
    eg_categorie: str | None
    organisation_interne: list[str] = Field(description="pôle, service, UF au-dessus de l'unité")
    champ_activite: ExportedCode | None
    mode_prise_en_charge: ExportedCode | None
    type_offre: ExportedCode | None
    temporalite_accueil: ExportedCode | None
    activites_operationnelles: list[ExportedCode]
    publics: list[ExportedCode]
    autres_codes: list[ExportedCode]
    patientele: ExportedPatientele
    unite_sensible: bool | None
    adresse: ExportedAddress
    contacts: list[ExportedContact]
    capacites: list[ExportedCapacity]
    horaires: list[ExportedHoraire] = Field(default_factory=list, description="plages horaires (depuis le format 1.1)")
    commentaire: str = ""
    statut_validation: str = Field(description="brouillon, a_valider, validee_chef… (circuit de validation)")
    date_fermeture: date | None
    mise_a_jour: datetime | None
    peuplement: ExportedFlags


class Export(_Exported):
    """The whole file."""

    schema_version: str = Field(description="version du format ; change quand le contrat change")
    genere_le: datetime
    generateur: str
    unites: list[ExportedUnit]


def _code(answer: CodedAnswer | None) -> ExportedCode | None:
    if answer is None:
        return None
    return ExportedCode(attribut=answer.attribute, code=answer.code, libelle=answer.label,
                        jeu_de_valeurs=answer.value_set, version_jeu_de_valeurs=answer.value_set_version,
                        texte_saisi=answer.free_text, origine=answer.chosen_how, valide=answer.valid,
                        obsolete=answer.deprecated)


def _bare_code(catalog: Catalog, kind: str, code: str | None) -> ExportedCode | None:
    """A contact's bare code, labelled from its value set (codes there carry no label)."""
    if not code:
        return None
    attribute = _CONTACT_ATTRIBUTES[kind]
    value_set = catalog.value_set_for(attribute)
    concept = catalog.resolve(value_set.id, code)
    return ExportedCode(attribut=attribute, code=code, libelle=concept.libelle if concept else "",
                        jeu_de_valeurs=value_set.id, version_jeu_de_valeurs=value_set.version,
                        origine="", valide=concept is not None, obsolete=bool(concept and not concept.active))


def _horaire(horaire: Horaire) -> ExportedHoraire:
    return ExportedHoraire(jour=horaire.jour, libelle_jour=DAY_NAMES[horaire.jour - 1], debut=horaire.debut,
                           fin=horaire.fin, type_plage=horaire.type_plage,
                           libelle_type_plage=HORAIRE_TYPES.get(horaire.type_plage, ""))


def export_unit(unit: UnitDescription, catalog: Catalog) -> ExportedUnit:
    """One unit as the export contract writes it, with its flags computed by the rules."""
    assert unit.id is not None
    flags = unit_flags(unit, catalog)
    return ExportedUnit(
        id=unit.id, nom=unit.nom, eg_id=unit.eg_id, eg_finess=unit.eg_finess, eg_categorie=unit.eg_categorie,
        organisation_interne=unit.oi_path,
        champ_activite=_code(unit.champ_activite), mode_prise_en_charge=_code(unit.mode_prise_en_charge),
        type_offre=_code(unit.type_offre), temporalite_accueil=_code(unit.temporalite_accueil),
        activites_operationnelles=[_code(answer) for answer in unit.activites_operationnelles],
        publics=[_code(answer) for answer in unit.publics],
        autres_codes=[_code(answer) for answer in unit.other_codes],
        patientele=ExportedPatientele(age_min=unit.patientele.age_min, unite_age_min=unit.patientele.age_min_unit,
                                      age_max=unit.patientele.age_max, unite_age_max=unit.patientele.age_max_unit),
        unite_sensible=unit.unite_sensible,
        adresse=ExportedAddress(**unit.address.model_dump()),
        contacts=[ExportedContact(
            nom=contact.nom, description=contact.description,
            fonction=_bare_code(catalog, "fonction", contact.fonction),
            nature=_bare_code(catalog, "nature", contact.nature),
            confidentialite=_bare_code(catalog, "confidentialite", contact.confidentialite),
            telecoms=[ExportedTelecom(canal=_bare_code(catalog, "canal", telecom.canal), adresse=telecom.adresse,
                                      confidentialite=_bare_code(catalog, "confidentialite", telecom.confidentialite),
                                      utilisation=telecom.utilisation)
                      for telecom in contact.telecoms])
            for contact in unit.contacts],
        capacites=[ExportedCapacity(nature=capacity.nature, nombre=capacity.nombre, statut=capacity.statut)
                   for capacity in unit.capacities],
        horaires=[_horaire(horaire) for horaire in unit.horaires],
        commentaire=unit.comment, statut_validation=unit.status, date_fermeture=unit.closed_on,
        mise_a_jour=unit.updated_at,
        peuplement=ExportedFlags(**flags.by_code, statut=str(flags.status),
                                 manques=[reason.message for reason in flags.reasons]),
    )


def build_export(units: Iterable[UnitDescription], catalog: Catalog) -> Export:
    return Export(schema_version=SCHEMA_VERSION, genere_le=datetime.now(UTC),
                  generateur=f"ror-assistant {__version__}",
                  unites=[export_unit(unit, catalog) for unit in units])


def export_schema() -> dict:
    """The JSON Schema of the export file, generated from the models above."""
    schema = Export.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = f"Export ror-assistant, format {SCHEMA_VERSION}"
    return schema


def write_atomically(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` through a temporary file in the same directory, flushed to disk
    and renamed over the target: readers see the old file or the new one, never a part."""
    directory = path.resolve().parent
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(text)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
