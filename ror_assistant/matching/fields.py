"""The ROR fields the matcher knows: short key → ROR attribute, value set, French name.

Keys are short English words for code ("activite" stays French: it is the ROR business term);
attributes are spelt as in the ROR model (docs/ror-model §2), value sets by their short id.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Field:
    key: str
    attribute: str
    value_set: str
    label: str
    """French name shown to people ("activité opérationnelle")."""


FIELDS: dict[str, Field] = {field.key: field for field in (
    Field("activite", "activiteOperationnelle", "J17", "activité opérationnelle"),
    Field("mode", "modePriseEnCharge", "J19", "mode de prise en charge"),
    Field("champ", "champActivite", "J20", "champ d'activité"),
    Field("public", "publicPrisEnCharge", "J29", "public pris en charge"),
    Field("type_offre", "typeOffre", "J238", "type d'offre"),
    Field("equipement", "equipementSpecifique", "J18", "équipement spécifique"),
    Field("acte", "acteSpecifique", "J16", "acte spécifique"),
    Field("competence", "competenceSpecifique", "J33", "compétence spécifique"),
    Field("specialisation", "specialisationPriseEnCharge", "J35", "spécialisation de prise en charge"),
    Field("profession", "professionRessource", "J186", "profession ressource"),
    Field("expertise", "niveauExpertise", "J227", "niveau d'expertise"),
    Field("temporalite", "temporaliteAccueil", "J30", "temporalité d'accueil"),
    Field("modalite", "modaliteAccueil", "J226", "modalité d'accueil"),
    Field("fonction_contact", "fonctionContact", "J220", "fonction du contact"),
    Field("nature_contact", "natureContact", "J221", "nature du contact"),
    Field("canal", "canal", "J225", "canal de communication"),
    Field("confidentialite", "niveauConfidentialite", "J222", "niveau de confidentialité"),
)}
