"""ANS peuplement: the seven flags of a unit and the all-or-nothing status of an EG.

This is a transcription of the ANS BI views ``V_DIM_SuiviPeuplementROR_UE`` (v1.3) and
``V_DIM_SuiviPeuplementROR_EG`` as described in ror-model.md §3.1–3.2, so that what the
référent sees in the assistant is what the ARS dashboards will show. Where the ANS logic is
surprising (FG_CategorieOrga only for EG 209/354/460, the "À faire" quirk of the EG status,
UEs invisible when their champ is not authorised) it is reproduced on purpose, and the reasons
given to the user say so.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, Field

from ror_assistant.description import UnitDescription
from ror_assistant.nomenclature import Catalog
from ror_assistant.rules.coded import code_resolves, concept_of, resolves


class Status(StrEnum):
    """Peuplement status of a UE or of an EG row, labelled as the ANS dashboards show it."""

    FINALISE = "Finalisé"
    EN_COURS = "En cours"
    A_FAIRE = "À faire"


# -- EG categories (JDV_J55 / FINESS), ror-model.md §3.1–3.2 -----------------------------------

#: FG_CategorieOrga applies only to these EG categories (SAAS, SSIAD, SAA).
CATEGORIE_ORGA_EG = frozenset({"209", "354", "460"})

#: Sanitaire branch of V_DIM_SuiviPeuplementROR_EG: one row per authorised MCO / PSY / SMR.
SANITAIRE_CATEGORIES = frozenset(
    "101 106 109 114 122 127 128 129 131 141 146 156 161 166 292 355 362 365 366 412 415 425 430 "
    "444 638 696 697 698".split()
)
#: PSY categories get a PSY row without any FINESS authorisation.
PSY_CATEGORIES = frozenset("156 161 166 292 366 412 415 425 430 444".split())
#: Category 638 gets an MCO row without any FINESS authorisation.
MCO_WITHOUT_AUTHORISATION = frozenset({"638"})

_OTHER_TYPES: dict[str, frozenset[str]] = {
    "PA": frozenset("202 207 381 500 501 502".split()),
    "PH": frozenset(
        "182 183 186 188 189 190 192 194 195 196 198 221 238 246 249 252 253 255 370 377 379 382 390 "
        "395 396 402 437 445 446 448 449".split()
    ),
    "ESMS Domicile": CATEGORIE_ORGA_EG,
    "Autres MS": frozenset("178 197 228 165 180 213 231 608".split()),
    "Coordination": frozenset({"604", "606"}),
    "Ville": frozenset({"603"}),
}
#: Other branch: one row per EG, every UE counted.
OTHER_CATEGORIES = frozenset().union(*_OTHER_TYPES.values()) | {"617", "618"}

SanitaireChamp = Literal["MCO", "PSY", "SMR"]
SANITAIRE_CHAMPS: tuple[SanitaireChamp, ...] = ("MCO", "PSY", "SMR")


# -- unit level ----------------------------------------------------------------------------

FLAG_CODES = (
    "FG_ChampActivite",
    "FG_AO",
    "FG_ModePEC",
    "FG_Patientele",
    "FG_Adresse",
    "FG_Contact",
    "FG_CategorieOrga",
)

_REASONS = {
    "FG_ChampActivite": "Aucun champ d'activité reconnu dans la nomenclature (MCO, SMR, PSY, médico-social…)",
    "FG_AO": "Aucune activité opérationnelle reconnue dans la nomenclature",
    "FG_ModePEC": "Aucun mode de prise en charge reconnu dans la nomenclature",
    "FG_Patientele": "Âge minimum ou âge maximum de la patientèle non renseigné",
    "FG_Adresse": "Adresse de l'unité incomplète : il faut une voie ou un lieu-dit, un code postal et une localité",
    "FG_Contact": "Aucun contact avec un canal, une coordonnée et un niveau de confidentialité "
                  "(le contact doit aussi avoir une fonction ou une nature)",
    "FG_CategorieOrga": "Type d'offre (catégorie d'organisation) non renseigné ou non reconnu : "
                        "il est exigé pour les services à domicile (SAAS, SSIAD, SAA)",
}


@dataclass(frozen=True)
class FlagReason:
    """Why one flag is not met, in words a référent understands."""

    flag: str
    message: str


@dataclass(frozen=True)
class UnitFlags:
    """The seven ANS flags of a UE (True = 1, False = 0, None = not applicable), its status and
    a French reason for every flag not met. ``champ`` is the champ's short label (MCO, PSY,
    SMR, MS…) the EG status matches on; ``in_scope`` is False for a closed unit."""

    champ_activite: bool
    activite_operationnelle: bool
    mode_prise_en_charge: bool
    patientele: bool
    adresse: bool
    contact: bool
    categorie_organisation: bool | None
    status: Status
    reasons: tuple[FlagReason, ...]
    champ: str | None
    in_scope: bool

    @property
    def by_code(self) -> dict[str, bool | None]:
        """The flags keyed by their ANS column name (FG_ChampActivite…)."""
        values = (self.champ_activite, self.activite_operationnelle, self.mode_prise_en_charge,
                  self.patientele, self.adresse, self.contact, self.categorie_organisation)
        return dict(zip(FLAG_CODES, values, strict=True))


def _flag_champ_activite(unit: UnitDescription, catalog: Catalog) -> bool:
    """FG_ChampActivite: a champ d'activité is linked **and** resolves to a NOS row."""
    return resolves(catalog, unit.champ_activite)


def _flag_ao(unit: UnitDescription, catalog: Catalog) -> bool:
    """FG_AO: at least one activité opérationnelle whose NOS key is valid (not −1/−2/−3)."""
    return any(resolves(catalog, answer) for answer in unit.activites_operationnelles)


def _flag_mode_pec(unit: UnitDescription, catalog: Catalog) -> bool:
    """FG_ModePEC: the (single) mode de prise en charge is present and resolves in NOS."""
    return resolves(catalog, unit.mode_prise_en_charge)


def _flag_patientele(unit: UnitDescription) -> bool:
    """FG_Patientele: AgeMinPatientele and AgeMaxPatientele both non-null (0 counts; ANS checks
    neither units nor order — the quality warnings do)."""
    return unit.patientele.age_min is not None and unit.patientele.age_max is not None


def _flag_adresse(unit: UnitDescription) -> bool:
    """FG_Adresse: the UE's own lieu has (LibelleVoie or LieuDit) and Localite and CodePostal."""
    address = unit.address
    return bool((address.libelle_voie.strip() or address.lieu_dit.strip())
                and address.localite.strip() and address.code_postal.strip())


def _flag_contact(unit: UnitDescription, catalog: Catalog) -> bool:
    """FG_Contact: ≥1 contact of the UE itself with a valid FonctionContact or NatureContact and
    a telecom having Canal, AdresseTelecom and NiveauConfidentialite (the contact's own level is
    not tested by ANS)."""
    for contact in unit.contacts:
        qualified = (code_resolves(catalog, "fonctionContact", contact.fonction)
                     or code_resolves(catalog, "natureContact", contact.nature))
        if qualified and any(telecom.canal and telecom.adresse.strip() and telecom.confidentialite
                             for telecom in contact.telecoms):
            return True
    return False


def _flag_categorie_orga(unit: UnitDescription, catalog: Catalog) -> bool | None:
    """FG_CategorieOrga: NULL unless the EG category is 209, 354 or 460 (home-care services);
    then 1 when the catégorie d'organisation / type d'offre is set and resolves."""
    if unit.eg_categorie not in CATEGORIE_ORGA_EG:
        return None
    return resolves(catalog, unit.type_offre)


def _champ_short_label(unit: UnitDescription, catalog: Catalog) -> str | None:
    """Short label of the champ (TRE_R227 libellé court: MCO, SMR, PSY, MS), used by the EG view."""
    concept = concept_of(catalog, unit.champ_activite)
    if concept is None:
        return None
    return concept.libelle_court or concept.libelle


_CODED_SLOTS = {
    "FG_ChampActivite": ("champ d'activité", lambda unit: [unit.champ_activite]),
    "FG_AO": ("activité opérationnelle", lambda unit: unit.activites_operationnelles),
    "FG_ModePEC": ("mode de prise en charge", lambda unit: [unit.mode_prise_en_charge]),
    "FG_CategorieOrga": ("type d'offre", lambda unit: [unit.type_offre]),
}


def _reason(code: str, unit: UnitDescription) -> str:
    """The French reason for a flag not met; when a value was typed but does not count (free
    text, unknown code), say so: it is the case a référent does not expect."""
    if code in _CODED_SLOTS:
        label, slot = _CODED_SLOTS[code]
        typed = [answer for answer in slot(unit) if answer is not None]
        if typed:
            shown = ", ".join(f"« {answer.label or answer.free_text or answer.code} »" for answer in typed)
            return (f"{label[0].upper()}{label[1:]} {shown} : valeur absente de la nomenclature, elle ne compte pas ; "
                    "choisissez une valeur dans la liste proposée")
    return _REASONS[code]


def unit_flags(unit: UnitDescription, catalog: Catalog) -> UnitFlags:
    """The ANS peuplement flags and status of ``unit`` (V_DIM_SuiviPeuplementROR_UE).

    ``Finalisé`` = FG_ChampActivite, FG_AO, FG_ModePEC, FG_Patientele, FG_Adresse and FG_Contact
    all met and FG_CategorieOrga met or not applicable; ``En cours`` = at least one flag met;
    ``À faire`` otherwise. A closed unit (``closed_on`` set) gets its flags but ``in_scope`` is
    False: ANS ignores it and :func:`site_status` does not count it.
    """
    values: dict[str, bool | None] = {
        "FG_ChampActivite": _flag_champ_activite(unit, catalog),
        "FG_AO": _flag_ao(unit, catalog),
        "FG_ModePEC": _flag_mode_pec(unit, catalog),
        "FG_Patientele": _flag_patientele(unit),
        "FG_Adresse": _flag_adresse(unit),
        "FG_Contact": _flag_contact(unit, catalog),
        "FG_CategorieOrga": _flag_categorie_orga(unit, catalog),
    }
    reasons = tuple(FlagReason(code, _reason(code, unit)) for code, value in values.items() if value is False)
    if not reasons:
        status = Status.FINALISE
    elif any(value is True for value in values.values()):
        status = Status.EN_COURS
    else:
        status = Status.A_FAIRE
    return UnitFlags(
        champ_activite=bool(values["FG_ChampActivite"]),
        activite_operationnelle=bool(values["FG_AO"]),
        mode_prise_en_charge=bool(values["FG_ModePEC"]),
        patientele=bool(values["FG_Patientele"]),
        adresse=bool(values["FG_Adresse"]),
        contact=bool(values["FG_Contact"]),
        categorie_organisation=values["FG_CategorieOrga"],
        status=status,
        reasons=reasons,
        champ=_champ_short_label(unit, catalog),
        in_scope=unit.closed_on is None,
    )


# -- EG level ------------------------------------------------------------------------------


class FinessAuthorisation(BaseModel):
    """One FINESS authorisation (activité de soins / modalité / forme codes, e.g. 15 / 09 / 01).

    Only authorisations still valid after 2021-05-01 should be given (ANS keeps those, the
    authorisation reform having extended them all)."""

    activite: str
    modalite: str = ""
    forme: str = ""

    def champ(self) -> SanitaireChamp | None:
        """The activity type ANS derives from the authorisation (V_DIM_AutorisationFINESS):
        MCO = forme 05 except activité 04, or activités 01–03, 07, 09–19, 80–88;
        SMR = activités 50–59 with forme ≠ 05; PSY = activité 04."""
        if self.activite == "04":
            return "PSY"
        if self.forme == "05" or self.activite in _MCO_ACTIVITES:
            return "MCO"
        if self.activite in _SMR_ACTIVITES:
            return "SMR"
        return None


_MCO_ACTIVITES = frozenset({"01", "02", "03", "07", *(f"{n:02d}" for n in range(9, 20)), *(str(n) for n in range(80, 89))})
_SMR_ACTIVITES = frozenset(str(n) for n in range(50, 60))


class SiteDescription(BaseModel):
    """An EG (entité géographique) with what its peuplement status depends on.

    ``authorised_champs`` is the set of activity types (MCO / PSY / SMR) the EG holds a FINESS
    authorisation for; when it is None it is derived from ``authorisations`` if those are given.
    ``authorisations`` also drive CO1, CO2 and EX3–EX5: None means "not known", and the
    FINESS-dependent part of those rules is then skipped rather than reported as an écart."""

    id: int | None = None
    nom: str = ""
    finess: str | None = None
    categorie: str | None = Field(default=None, description="JDV_J55 / FINESS category of the EG")
    authorised_champs: frozenset[SanitaireChamp] | None = None
    authorisations: list[FinessAuthorisation] | None = None
    units: list[UnitDescription] = Field(default_factory=list)

    def champs_autorises(self) -> frozenset[SanitaireChamp] | None:
        """The authorised activity types, or None when neither the set nor the authorisations are known."""
        if self.authorised_champs is not None:
            return self.authorised_champs
        if self.authorisations is not None:
            return frozenset(champ for auth in self.authorisations if (champ := auth.champ()) is not None)
        return None

    def open_units(self) -> list[UnitDescription]:
        """Units ANS looks at: definitively closed ones are out of scope."""
        return [unit for unit in self.units if unit.closed_on is None]


@dataclass(frozen=True)
class SiteStatusRow:
    """One row of V_DIM_SuiviPeuplementROR_EG: an EG × activity type (sanitaire) or the EG
    (other branch), with the counts ANS computes and the units it counted.

    ``authorisations_known`` is False when a sanitaire EG was given no authorisation data: the
    row then stands for the champ its units declare, which ANS would only count if authorised."""

    type_label: str
    branch: Literal["sanitaire", "autre", "hors périmètre"]
    status: Status
    nb_offres: int
    nb_finalise: int
    nb_en_cours: int
    units: tuple[tuple[UnitDescription, UnitFlags], ...] = field(repr=False)
    authorisations_known: bool = True

    @property
    def nb_a_faire(self) -> int:
        return self.nb_offres - self.nb_finalise - self.nb_en_cours

    @property
    def ratio(self) -> float:
        """Share of counted units that are finalised (ours: ANS only publishes the status)."""
        return self.nb_finalise / self.nb_offres if self.nb_offres else 0.0

    @property
    def ratio_label(self) -> str:
        if self.nb_offres == 0:
            return "aucune unité comptée"
        noun = "unité finalisée" if self.nb_finalise <= 1 else "unités finalisées"
        return f"{self.nb_finalise}/{self.nb_offres} {noun}"

    @property
    def explanation(self) -> str:
        """Why the row has its status, in French, including the ANS quirk."""
        if self.nb_offres == 0:
            return "Aucune unité ouverte n'est comptée pour ce type d'activité : l'établissement reste « À faire »."
        if self.status is Status.FINALISE:
            return "Toutes les unités comptées sont finalisées."
        if self.status is Status.EN_COURS:
            return f"{self.nb_finalise} unité(s) finalisée(s) sur {self.nb_offres} : chaque unité doit être finalisée."
        if self.nb_finalise:
            return ("Règle ANS : des unités sont finalisées mais les autres n'ont encore aucun critère rempli ; "
                    "tant qu'aucune n'est « En cours », l'établissement reste « À faire ».")
        return "Aucune unité comptée n'a encore de critère rempli."


def _eg_status(counted: list[UnitFlags]) -> Status:
    """All-or-nothing EG status: Finalisé if every counted UE is; En cours if one is En cours;
    À faire otherwise — including the ANS quirk "some finalised, the rest À faire"."""
    if counted and all(flags.status is Status.FINALISE for flags in counted):
        return Status.FINALISE
    if counted and any(flags.status is Status.EN_COURS for flags in counted):
        return Status.EN_COURS
    return Status.A_FAIRE


def _row(type_label: str, branch: Literal["sanitaire", "autre", "hors périmètre"], pairs: list[tuple[UnitDescription, UnitFlags]], known: bool = True) -> SiteStatusRow:
    flags = [flag for _, flag in pairs]
    return SiteStatusRow(
        type_label=type_label,
        branch=branch,
        status=_eg_status(flags),
        nb_offres=len(flags),
        nb_finalise=sum(flag.status is Status.FINALISE for flag in flags),
        nb_en_cours=sum(flag.status is Status.EN_COURS for flag in flags),
        units=tuple(pairs),
        authorisations_known=known,
    )


def other_type_label(categorie: str | None) -> str:
    """Type label of a non-sanitaire EG (PA, PH, ESMS Domicile, Autres MS, Coordination, Ville)."""
    for label, categories in _OTHER_TYPES.items():
        if categorie in categories:
            return label
    return "Non défini"


def site_status(site: SiteDescription, catalog: Catalog) -> list[SiteStatusRow]:
    """The peuplement rows of an EG (V_DIM_SuiviPeuplementROR_EG), one per activity type.

    Sanitaire categories: one row per MCO / PSY / SMR the EG is authorised for (PSY categories
    get PSY, 638 gets MCO, without authorisation), counting only the open UEs whose champ short
    label equals the row type — a UE without champ, or with an unauthorised one, is invisible.
    Other categories: one row counting every open UE. Categories outside both lists are not
    followed by ANS: one "hors périmètre" row is still returned so the user sees progress.
    A unit without ``eg_categorie`` takes the site's (FG_CategorieOrga depends on it).
    """
    pairs = [(unit, unit_flags(unit if unit.eg_categorie else unit.model_copy(update={"eg_categorie": site.categorie}),
                               catalog)) for unit in site.open_units()]
    if site.categorie in SANITAIRE_CATEGORIES:
        champs = site.champs_autorises()
        known = champs is not None
        if champs is None:
            champs = frozenset(flags.champ for _, flags in pairs if flags.champ in SANITAIRE_CHAMPS)
        if site.categorie in PSY_CATEGORIES:
            champs |= {"PSY"}
        if site.categorie in MCO_WITHOUT_AUTHORISATION:
            champs |= {"MCO"}
        return [_row(champ, "sanitaire", [pair for pair in pairs if pair[1].champ == champ], known)
                for champ in SANITAIRE_CHAMPS if champ in champs]
    if site.categorie in OTHER_CATEGORIES:
        return [_row(other_type_label(site.categorie), "autre", pairs)]
    return [_row("Non défini", "hors périmètre", pairs)]
