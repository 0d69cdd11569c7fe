"""ANS peuplement flags (FG_…), UE status and EG status on real NOS codes (ror-model.md §3, §7)."""

from __future__ import annotations

from datetime import date

import pytest

from ror_assistant.description import Address, CodedAnswer, Contact, Patientele, Telecom, UnitDescription
from ror_assistant.nomenclature import load_catalog
from ror_assistant.rules import FinessAuthorisation, SiteDescription, Status, site_status, unit_flags

CATALOG = load_catalog()
VALUE_SETS = {
    "champActivite": "JDV_J20-ChampActivite-ROR",
    "modePriseEnCharge": "JDV_J19-ModePriseEnCharge-ROR",
    "activiteOperationnelle": "JDV_J17-ActiviteOperationnelle-ROR",
    "typeOffre": "JDV_J238-TypeOffre-ROR",
}


def coded(attribute: str, code: str, **extra) -> CodedAnswer:
    return CodedAnswer(attribute=attribute, code=code, value_set=VALUE_SETS[attribute], **extra)


def neurochirurgie(**changes) -> UnitDescription:
    """F1 of ror-model.md §7: HC neurochirurgie, complete."""
    unit = UnitDescription(
        id=1,
        nom="Hospitalisation complète de Neurochirurgie",
        eg_categorie="101",
        champ_activite=coded("champActivite", "01"),
        mode_prise_en_charge=coded("modePriseEnCharge", "28"),
        activites_operationnelles=[coded("activiteOperationnelle", "183"), coded("activiteOperationnelle", "440")],
        patientele=Patientele(age_min=18, age_max=90),
        address=Address(numero_voie="5", libelle_voie="allée de l'Île Gloriette", code_postal="44000", localite="Nantes"),
        contacts=[Contact(nature="06", confidentialite="1",
                          telecoms=[Telecom(canal="2", adresse="+33240000000", confidentialite="1")])],
    )
    return unit.model_copy(update=changes)


def test_complete_unit_is_finalise() -> None:
    flags = unit_flags(neurochirurgie(), CATALOG)
    assert flags.status is Status.FINALISE
    assert flags.reasons == ()
    assert flags.categorie_organisation is None  # EG 101: not applicable
    assert flags.champ == "MCO"
    assert all(value is not False for value in flags.by_code.values())


FAILING_ALONE = {
    "FG_ChampActivite": {"champ_activite": None},
    "FG_AO": {"activites_operationnelles": []},
    "FG_ModePEC": {"mode_prise_en_charge": None},
    "FG_Patientele": {"patientele": Patientele(age_min=18, age_max=None)},
    "FG_Adresse": {"address": Address(libelle_voie="rue de la Paix", localite="Nantes")},
    "FG_Contact": {"contacts": [Contact(nature="06", telecoms=[Telecom(canal="2", adresse="0240000000")])]},
    "FG_CategorieOrga": {"eg_categorie": "460"},
}


@pytest.mark.parametrize("flag", FAILING_ALONE)
def test_each_flag_failing_alone_gives_en_cours_with_its_reason(flag: str) -> None:
    flags = unit_flags(neurochirurgie(**FAILING_ALONE[flag]), CATALOG)
    assert flags.status is Status.EN_COURS
    assert [reason.flag for reason in flags.reasons] == [flag]
    assert flags.by_code[flag] is False


def test_contact_reason_is_plain_french() -> None:
    flags = unit_flags(neurochirurgie(contacts=[]), CATALOG)
    assert flags.reasons[0].message.startswith("Aucun contact avec un canal, une coordonnée et un niveau de confidentialité")


def test_empty_unit_is_a_faire_with_six_reasons() -> None:
    flags = unit_flags(UnitDescription(nom="Nouvelle unité", eg_categorie="101"), CATALOG)
    assert flags.status is Status.A_FAIRE
    assert len(flags.reasons) == 6  # FG_CategorieOrga is not applicable for EG 101


def test_age_zero_counts_as_filled() -> None:
    assert unit_flags(neurochirurgie(patientele=Patientele(age_min=0, age_max=0)), CATALOG).patientele


def test_lieu_dit_replaces_the_street() -> None:
    address = Address(lieu_dit="Le Bourg", code_postal="29690", localite="Huelgoat")
    assert unit_flags(neurochirurgie(address=address), CATALOG).adresse


@pytest.mark.parametrize("answer", [
    coded("activiteOperationnelle", "9999"),  # not a NOS code
    coded("activiteOperationnelle", "183", valid=False),  # matcher said it does not resolve
    coded("activiteOperationnelle", "neurochir"),  # free text kept as a code
])
def test_code_not_in_nos_does_not_count(answer: CodedAnswer) -> None:
    flags = unit_flags(neurochirurgie(activites_operationnelles=[answer]), CATALOG)
    assert not flags.activite_operationnelle
    assert flags.status is Status.EN_COURS
    assert "absente de la nomenclature" in flags.reasons[0].message


def test_deprecated_code_still_counts_as_ans_does() -> None:
    """TRE_R213 14 (kangourou) is deprecated but NOS keeps its row: the FK resolves."""
    flags = unit_flags(neurochirurgie(mode_prise_en_charge=coded("modePriseEnCharge", "14", deprecated=True)), CATALOG)
    assert flags.mode_prise_en_charge


def test_contact_needs_valid_fonction_or_nature() -> None:
    telecom = Telecom(canal="2", adresse="0240000000", confidentialite="1")
    assert not unit_flags(neurochirurgie(contacts=[Contact(telecoms=[telecom])]), CATALOG).contact
    assert not unit_flags(neurochirurgie(contacts=[Contact(nature="99", telecoms=[telecom])]), CATALOG).contact
    assert unit_flags(neurochirurgie(contacts=[Contact(fonction="03", telecoms=[telecom])]), CATALOG).contact


@pytest.mark.parametrize("missing", ["canal", "adresse", "confidentialite"])
def test_contact_telecom_needs_canal_value_and_confidentiality(missing: str) -> None:
    telecom = Telecom(canal="2", adresse="0240000000", confidentialite="1").model_copy(
        update={missing: "" if missing == "adresse" else None})
    assert not unit_flags(neurochirurgie(contacts=[Contact(nature="06", telecoms=[telecom])]), CATALOG).contact


def test_categorie_orga_for_home_care_eg() -> None:
    """FG_CategorieOrga: EG 460 (SAA) needs a type d'offre that resolves (30 = SAAD)."""
    without = unit_flags(neurochirurgie(eg_categorie="460"), CATALOG)
    assert without.categorie_organisation is False and without.status is Status.EN_COURS
    with_type = unit_flags(neurochirurgie(eg_categorie="460", type_offre=coded("typeOffre", "30")), CATALOG)
    assert with_type.categorie_organisation is True and with_type.status is Status.FINALISE
    unknown = unit_flags(neurochirurgie(eg_categorie="460", type_offre=coded("typeOffre", "ZZ")), CATALOG)
    assert unknown.categorie_organisation is False


def test_closed_unit_is_out_of_scope() -> None:
    closed = neurochirurgie(id=2, closed_on=date(2024, 1, 1), contacts=[])
    assert not unit_flags(closed, CATALOG).in_scope
    rows = site_status(SiteDescription(categorie="101", authorised_champs=frozenset({"MCO"}),
                                       units=[neurochirurgie(), closed]), CATALOG)
    assert rows[0].status is Status.FINALISE and rows[0].nb_offres == 1


# -- EG status ---------------------------------------------------------------------------------

def mco_site(*units: UnitDescription, champs=frozenset({"MCO"})) -> SiteDescription:
    return SiteDescription(id=10, nom="CHU", finess="440000289", categorie="101", authorised_champs=champs, units=list(units))


def test_eg_all_finalised() -> None:
    [row] = site_status(mco_site(neurochirurgie(id=1), neurochirurgie(id=2)), CATALOG)
    assert (row.type_label, row.branch, row.status) == ("MCO", "sanitaire", Status.FINALISE)
    assert (row.nb_offres, row.nb_finalise, row.ratio, row.ratio_label) == (2, 2, 1.0, "2/2 unités finalisées")


def test_eg_one_en_cours_blocks() -> None:
    [row] = site_status(mco_site(neurochirurgie(id=1), neurochirurgie(id=2, contacts=[])), CATALOG)
    assert row.status is Status.EN_COURS
    assert (row.nb_finalise, row.nb_en_cours, row.nb_a_faire) == (1, 1, 0)


def test_eg_quirk_finalised_and_a_faire_gives_a_faire() -> None:
    """ANS quirk: some finalised, the rest "À faire", none "En cours" → the EG is "À faire".
    Only reachable in the other branch: there every UE counts, champ or not."""
    ehpad = neurochirurgie(id=1, nom="Hébergement permanent", eg_categorie="500",
                           champ_activite=coded("champActivite", "04"), mode_prise_en_charge=coded("modePriseEnCharge", "46"))
    to_describe = UnitDescription(id=3, nom="Accueil de jour", eg_categorie="500")
    [row] = site_status(SiteDescription(categorie="500", units=[ehpad, to_describe]), CATALOG)
    assert unit_flags(to_describe, CATALOG).status is Status.A_FAIRE
    assert (row.type_label, row.status) == ("PA", Status.A_FAIRE)
    assert (row.nb_offres, row.nb_finalise, row.nb_a_faire) == (2, 1, 1)
    assert "Règle ANS" in row.explanation


def test_sanitaire_unit_a_faire_is_invisible() -> None:
    """A sanitaire UE "À faire" has no resolving champ, so no row counts it."""
    to_describe = UnitDescription(id=3, nom="À décrire", eg_categorie="101",
                                  champ_activite=coded("champActivite", "01", valid=False))
    [row] = site_status(mco_site(neurochirurgie(id=1), to_describe), CATALOG)
    assert (row.status, row.nb_offres) == (Status.FINALISE, 1)


def test_psy_unit_ignored_without_psy_authorisation() -> None:
    psy_without_contact = neurochirurgie(id=2, nom="Hôpital de jour de psychiatrie adulte",
                                         champ_activite=coded("champActivite", "03"), contacts=[])
    rows = site_status(mco_site(neurochirurgie(id=1), psy_without_contact), CATALOG)
    assert [(row.type_label, row.status, row.nb_offres) for row in rows] == [("MCO", Status.FINALISE, 1)]


def test_psy_row_when_authorised() -> None:
    psy = neurochirurgie(id=2, champ_activite=coded("champActivite", "03"), contacts=[])
    rows = site_status(mco_site(neurochirurgie(id=1), psy, champs=frozenset({"MCO", "PSY"})), CATALOG)
    assert [(row.type_label, row.status) for row in rows] == [("MCO", Status.FINALISE), ("PSY", Status.EN_COURS)]


def test_psy_category_gets_psy_row_without_authorisation() -> None:
    site = SiteDescription(categorie="292", authorised_champs=frozenset(), units=[])
    [row] = site_status(site, CATALOG)
    assert (row.type_label, row.status, row.nb_offres) == ("PSY", Status.A_FAIRE, 0)


def test_authorised_champs_derived_from_finess_authorisations() -> None:
    site = SiteDescription(categorie="101", authorisations=[
        FinessAuthorisation(activite="15", modalite="09", forme="01"),  # réanimation → MCO
        FinessAuthorisation(activite="51", forme="01"),  # SMR
    ])
    assert site.champs_autorises() == {"MCO", "SMR"}
    assert [row.type_label for row in site_status(site, CATALOG)] == ["MCO", "SMR"]
    assert FinessAuthorisation(activite="04", forme="05").champ() == "PSY"
    assert FinessAuthorisation(activite="52", forme="05").champ() == "MCO"


def test_unknown_authorisations_fall_back_on_declared_champs() -> None:
    site = SiteDescription(categorie="101", units=[neurochirurgie()])
    [row] = site_status(site, CATALOG)
    assert (row.type_label, row.status, row.authorisations_known) == ("MCO", Status.FINALISE, False)


def test_other_branch_counts_every_unit() -> None:
    saad = neurochirurgie(eg_categorie="460", champ_activite=coded("champActivite", "04"),
                          type_offre=coded("typeOffre", "30"))
    no_champ = neurochirurgie(id=2, eg_categorie="460", champ_activite=None, type_offre=coded("typeOffre", "30"))
    [row] = site_status(SiteDescription(categorie="460", units=[saad, no_champ]), CATALOG)
    assert (row.type_label, row.branch, row.status, row.nb_offres) == ("ESMS Domicile", "autre", Status.EN_COURS, 2)


def test_unit_takes_the_site_category_for_categorie_orga() -> None:
    [row] = site_status(SiteDescription(categorie="354", units=[neurochirurgie(eg_categorie=None)]), CATALOG)
    [(_, flags)] = row.units
    assert flags.categorie_organisation is False and row.status is Status.EN_COURS


@pytest.mark.parametrize(("categorie", "label"), [
    ("500", "PA"), ("183", "PH"), ("209", "ESMS Domicile"), ("178", "Autres MS"),
    ("604", "Coordination"), ("603", "Ville"), ("617", "Non défini"),
])
def test_other_branch_type_labels(categorie: str, label: str) -> None:
    [row] = site_status(SiteDescription(categorie=categorie), CATALOG)
    assert (row.type_label, row.status, row.ratio_label) == (label, Status.A_FAIRE, "aucune unité comptée")
