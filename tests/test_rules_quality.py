"""ANS quality requirements (CO1, CO2, CO3, CP5, CP6, EX3–EX5, RE1.2) and product checks,
on units built from real NOS codes (ror-model.md §4 and §7)."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from ror_assistant.description import Capacity, CodedAnswer, Patientele, UnitDescription
from ror_assistant.nomenclature import load_catalog
from ror_assistant.rules import FinessAuthorisation, Severity, SiteDescription, site_warnings, unit_warnings

CATALOG = load_catalog()
VALUE_SETS = {
    "modePriseEnCharge": "JDV_J19-ModePriseEnCharge-ROR",
    "activiteOperationnelle": "JDV_J17-ActiviteOperationnelle-ROR",
    "typeOffre": "JDV_J238-TypeOffre-ROR",
    "temporaliteAccueil": "JDV_J30-TemporaliteAccueil-ROR",
    "niveauExpertise": "JDV_J227-NiveauExpertise-ROR",
    "acteSpecifique": "JDV_J16-ActeSpecifique-ROR",
    "champActivite": "JDV_J20-ChampActivite-ROR",
}


def coded(attribute: str, code: str, **extra) -> CodedAnswer:
    return CodedAnswer(attribute=attribute, code=code, value_set=VALUE_SETS[attribute], **extra)


def unit(nom: str, mode: str, *activities: str, **changes) -> UnitDescription:
    return UnitDescription(id=changes.pop("id", 1), nom=nom, eg_categorie=changes.pop("eg_categorie", "101"),
                           mode_prise_en_charge=coded("modePriseEnCharge", mode),
                           activites_operationnelles=[coded("activiteOperationnelle", code) for code in activities],
                           **changes)


def codes_of(warnings) -> list[str]:
    return [warning.code for warning in warnings]


# -- CO1 -----------------------------------------------------------------------------------------

def test_co1_urgences_name_must_say_urgence() -> None:
    assert unit_warnings(unit("Accueil des Urgences adultes", "33", "157"), CATALOG) == []
    [warning] = unit_warnings(unit("SAU", "33", "157"), CATALOG)
    assert warning.code == "CO1" and warning.severity is Severity.ECART
    assert "urgence(s)" in warning.message and "Renommez" in warning.fix


def test_co1_not_applicable_outside_mode_33() -> None:
    assert unit_warnings(unit("SAU", "28", "157"), CATALOG) == []


def test_co1_authorisation_checked_only_when_known() -> None:
    urgences = unit("Urgences", "33", "157", "249")
    unknown = SiteDescription(categorie="101")
    assert unit_warnings(urgences, CATALOG, unknown) == []
    adult_only = SiteDescription(categorie="101", authorisations=[FinessAuthorisation(activite="14", modalite="23")])
    [warning] = unit_warnings(urgences, CATALOG, adult_only)
    assert warning.code == "CO1" and "modalité 24" in warning.message
    paediatric_only = unit("Urgences pédiatriques", "33", "249")
    [warning] = unit_warnings(paediatric_only, CATALOG, adult_only)  # the SQL wants 14/24 here
    assert "modalité 23" not in warning.message
    both = adult_only.model_copy(update={"authorisations": [*adult_only.authorisations,
                                                            FinessAuthorisation(activite="14", modalite="24")]})
    assert unit_warnings(urgences, CATALOG, both) == []


# -- CO3 -----------------------------------------------------------------------------------------

def test_co3_uhsa_without_unite_sensible_is_an_ecart() -> None:
    [warning] = unit_warnings(unit("UHSA de Rennes", "28", "089"), CATALOG)
    assert warning.code == "CO3" and "« UHSA »" in warning.message and "Unité sensible" in warning.fix
    assert unit_warnings(unit("UHSA de Rennes", "28", "089", unite_sensible=True), CATALOG) == []


@pytest.mark.parametrize("nom", ["Chambre sécurisée", "Unité pour détenus", "SMPR de Fresnes",
                                 "Décontamination NRBC", "Chambres spécialement aménagées", "UHSIR"])
def test_co3_keywords_accents_ignored(nom: str) -> None:
    assert codes_of(unit_warnings(unit(nom, "28", "183"), CATALOG)) == ["CO3"]


def test_co3_smpr_readaptation_and_penitentiary_activity() -> None:
    assert unit_warnings(unit("SMPR réadaptation", "28", "183"), CATALOG) == []
    [warning] = unit_warnings(unit("Consultations", "32", "089"), CATALOG)
    assert "089 Médecine pénitentiaire" in warning.message


def test_co3_parent_uf_and_nrbc_acts() -> None:
    child = unit("Hospitalisation", "28", "183", oi_path=["Pôle urgences", "UF UHSI"],
                 other_codes=[coded("acteSpecifique", "0006")])
    [warning] = unit_warnings(child, CATALOG)
    assert "« UF UHSI »" in warning.message and "0006" in warning.message


def test_co3_excluded_for_ehpad_and_flagged_without_keyword() -> None:
    alzheimer = unit("Unité sécurisée Alzheimer", "46", "293", eg_categorie="500", type_offre=coded("typeOffre", "24"))
    assert "CO3" not in codes_of(unit_warnings(alzheimer, CATALOG))
    [warning] = unit_warnings(unit("Cardiologie", "28", "183", unite_sensible=True), CATALOG)
    assert warning.code == "CO3" and "décochez" in warning.fix


# -- CP5 / CP6 -----------------------------------------------------------------------------------

def test_cp5_cp6_ehpad_hebergement_without_temporalite_nor_places() -> None:
    ehpad = unit("Hébergement permanent", "46", "293", eg_categorie="500", type_offre=coded("typeOffre", "21"))
    warnings = unit_warnings(ehpad, CATALOG)
    assert codes_of(warnings) == ["CP5", "CP6"]
    assert "la temporalité d'accueil" in warnings[0].message and "type d'offre" not in warnings[0].message
    complete = ehpad.model_copy(update={"temporalite_accueil": coded("temporaliteAccueil", "02"),
                                        "capacities": [Capacity(nature="places", nombre=80)]})
    assert unit_warnings(complete, CATALOG) == []


def test_cp5_ph_any_accueil_mode_needs_both_fields() -> None:
    mas = unit("Accueil de jour", "47", "293", eg_categorie="255", capacities=[Capacity(nature="places", nombre=12)])
    [warning] = unit_warnings(mas, CATALOG)
    assert warning.code == "CP5" and "le type d'offre et la temporalité d'accueil" in warning.message


def test_cp5_pa_only_for_hebergement_but_cp6_for_accueil_de_jour() -> None:
    accueil_jour = unit("Accueil de jour", "47", "293", eg_categorie="500", type_offre=coded("typeOffre", "21"))
    assert codes_of(unit_warnings(accueil_jour, CATALOG)) == ["CP6"]


def test_cp6_exemptions() -> None:
    pasa = unit("PASA", "47", "293", eg_categorie="500", type_offre=coded("typeOffre", "25"))
    repit = unit("Plateforme de répit", "46", "293", eg_categorie="500", type_offre=coded("typeOffre", "38"))
    hospital = unit("HC", "46", "183", eg_categorie="101")
    assert [unit_warnings(item, CATALOG) for item in (pasa, repit, hospital)] == [[], [], []]


# -- product checks ------------------------------------------------------------------------------

def test_deprecated_code_is_kept_and_flagged() -> None:
    kangourou = unit("Unité kangourou", "14", "094")
    [warning] = unit_warnings(kangourou, CATALOG)
    assert warning.code == "NOS-OBSOLETE" and warning.severity is Severity.ATTENTION
    assert "22/12/2025" in warning.message
    assert kangourou.mode_prise_en_charge.code == "14"


def test_unknown_code_is_flagged() -> None:
    [warning] = unit_warnings(unit("Neurochirurgie", "28", "9999"), CATALOG)
    assert warning.code == "NOS-INCONNU" and "ne le comptera pas" in warning.message


def test_age_min_above_max_after_unit_conversion() -> None:
    reversed_ages = unit("Pédiatrie", "28", "183", patientele=Patientele(age_min=2, age_min_unit="a",
                                                                         age_max=18, age_max_unit="mo"))
    [warning] = unit_warnings(reversed_ages, CATALOG)
    assert warning.code == "AGE" and "2 ans" in warning.message and "18 mois" in warning.message
    fine = unit("Néonat", "28", "094", patientele=Patientele(age_min=0, age_min_unit="j", age_max=28, age_max_unit="j"))
    assert unit_warnings(fine, CATALOG) == []


def test_closed_unit_has_no_warning() -> None:
    assert unit_warnings(unit("SAU", "33", "157", closed_on=date(2024, 1, 1)), CATALOG) == []


# -- EX3–EX5 -------------------------------------------------------------------------------------

def test_ex3_to_ex5_reanimation_authorisations() -> None:
    authorisations = [FinessAuthorisation(activite="15", modalite="09"), FinessAuthorisation(activite="15", modalite="10"),
                      FinessAuthorisation(activite="03", modalite="04")]
    site = SiteDescription(categorie="101", authorisations=authorisations,
                           units=[unit("Réanimation polyvalente", "28", "125", id=1)])
    warnings = site_warnings(site, CATALOG, today=date(2026, 1, 1))
    assert [w.code for w in warnings if w.code.startswith("EX")] == ["EX4", "EX5"]
    assert codes_of(site_warnings(site.model_copy(update={"authorisations": None}), CATALOG, date(2026, 1, 1))) == ["RE1.2"]


# -- CO2 -----------------------------------------------------------------------------------------

def maternity(type_code: str, *activities: str, nom: str = "Maternité") -> UnitDescription:
    return unit(nom, "28", *activities, other_codes=[coded("niveauExpertise", type_code)], updated_at=datetime(2025, 12, 1))


def test_co2_type_2b_set_conforme() -> None:
    site = SiteDescription(categorie="101", units=[maternity("03", "100", "094", "369")],
                           authorisations=[FinessAuthorisation(activite="03", modalite=m) for m in ("01", "02", "03")])
    assert site_warnings(site, CATALOG, date(2026, 1, 1)) == []


def test_co2_name_type_and_authorisation_ecarts() -> None:
    site = SiteDescription(categorie="101", units=[maternity("04", "100", "094", nom="Obstétrique HC")],
                           authorisations=[FinessAuthorisation(activite="03", modalite="02")])
    messages = [w.message for w in site_warnings(site, CATALOG, date(2026, 1, 1))]
    assert len(messages) == 3
    assert "type 3" in messages[0] and "réanimation néonatale" in messages[0] and "soins intensifs" in messages[0]
    assert "FINESS (type 2a)" in messages[1]
    assert "« maternité »" in messages[2]


def test_co2_without_declared_type() -> None:
    site = SiteDescription(categorie="101", units=[unit("Maternité", "28", "100", updated_at=datetime(2025, 12, 1))])
    [warning] = site_warnings(site, CATALOG, date(2026, 1, 1))
    assert warning.code == "CO2" and "aucun type de maternité" in warning.message


# -- RE1.2 ---------------------------------------------------------------------------------------

def dated(index: int, updated: datetime | None) -> UnitDescription:
    return unit(f"Unité {index}", "28", "183", id=index, updated_at=updated)


@pytest.mark.parametrize(("total", "fresh", "ecart"), [
    (0, 0, False), (3, 0, True), (3, 1, False), (7, 1, False),
    (8, 1, True), (8, 2, False), (10, 2, True), (10, 3, False),
    (200, 49, False),  # 0.245 rounds half up to 0.25 as in SQL Server
])
def test_re12_freshness(total: int, fresh: int, ecart: bool) -> None:
    units = [dated(i, datetime(2025, 6, 1) if i < fresh else datetime(2024, 12, 31)) for i in range(total)]
    warnings = site_warnings(SiteDescription(categorie="101", units=units), CATALOG, today=date(2026, 1, 15))
    assert codes_of(warnings) == (["RE1.2"] if ecart else [])


def test_re12_message_says_how_many() -> None:
    units = [dated(i, None) for i in range(8)]
    [warning] = site_warnings(SiteDescription(categorie="101", units=units), CATALOG, today=date(2026, 1, 15))
    assert warning.message == "0 offre(s) sur 8 mise(s) à jour depuis le 15/01/2025 : il en faut au moins 2."
