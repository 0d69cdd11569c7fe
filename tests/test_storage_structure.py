"""EJ → EG → OI → UE: creation, closing cascade, moves, duplication, tree, renaming."""

from __future__ import annotations

import json
from datetime import date

import pytest
from sqlmodel import select

from ror_assistant.description import Address, CodedAnswer, Contact, Patientele, Telecom
from ror_assistant.errors import ConflictError, UserError
from ror_assistant.storage import (
    Database,
    add_coded,
    add_contact,
    close,
    create_eg,
    create_ej,
    create_oi,
    create_unit,
    duplicate_unit,
    move_oi,
    move_unit,
    open_database,
    rename,
    reopen,
    set_capacity,
    set_coded,
    set_patientele,
    tree,
    unit_description,
    update_fields,
)
from ror_assistant.storage.audit import history
from ror_assistant.storage.models import EntiteGeographique, EntiteJuridique, OrganisationInterne, Unit


@pytest.fixture
def db(storage_url: str) -> Database:
    """The same scenarios on a SQLite file and on a PostgreSQL database (tests/conftest.py)."""
    database = open_database(storage_url)
    yield database
    database.dispose()


@pytest.fixture
def ids(db: Database) -> dict[str, int]:
    """CHU with two sites; the first has pôle → service → two units, and a unit under the EG."""
    with db.write("admin") as session:
        ej = create_ej(session, "admin", "330781196", "CHU de Bordeaux", siren="263300057")
        eg1 = create_eg(session, "admin", ej.id, "330000555", "Hôpital Pellegrin", categorie="101", champs=["MCO", "PSY"],
                        address=Address(libelle_voie="Place Amélie Raba Léon", code_postal="33000", localite="Bordeaux"))
        eg2 = create_eg(session, "admin", ej.id, "330000662", "Hôpital Haut-Lévêque", categorie="101", champs=["MCO"])
        pole = create_oi(session, "admin", eg1.id, "1", "Pôle pédiatrie")
        service = create_oi(session, "admin", eg1.id, "2", "Service de réanimation pédiatrique", parent_id=pole.id)
        hc = create_unit(session, "admin", eg1.id, "Réanimation pédiatrique HC", oi_id=service.id)
        sc = create_unit(session, "admin", eg1.id, "Soins continus pédiatriques", oi_id=service.id)
        urg = create_unit(session, "admin", eg1.id, "Urgences pédiatriques")
        return {"ej": ej.id, "eg1": eg1.id, "eg2": eg2.id, "pole": pole.id, "service": service.id,
                "hc": hc.id, "sc": sc.id, "urg": urg.id}


def test_created_levels_are_audited(db: Database, ids: dict[str, int]) -> None:
    with db.read() as session:
        eg = session.get(EntiteGeographique, ids["eg1"])
        assert eg.champs == "MCO,PSY"
        created = [(e.entity, e.action) for e in history(session) if e.action == "create"]
        assert created[:3] == [("entite_juridique", "create"), ("entite_geographique", "create"),
                               ("entite_geographique", "create")]
        unit_entry = history(session, unit_id=ids["hc"])[0]
        assert unit_entry.user == "admin" and json.loads(unit_entry.new_value)["nom"] == "Réanimation pédiatrique HC"
        unit = session.get(Unit, ids["hc"])
        assert unit.libelle_voie == "Place Amélie Raba Léon" and unit.created_by == "admin"


def test_closing_a_level_closes_everything_below_with_the_same_date(db: Database, ids: dict[str, int]) -> None:
    earlier, later = date(2025, 1, 31), date(2025, 6, 30)
    with db.write("admin") as session:
        assert close(session, "admin", "unit", ids["sc"], earlier) == 1
    with db.write("admin") as session:
        assert close(session, "admin", "oi", ids["pole"], later) == 3  # pôle, service, HC unit
    with db.read() as session:
        assert session.get(OrganisationInterne, ids["pole"]).closed_on == later
        assert session.get(OrganisationInterne, ids["service"]).closed_on == later
        assert session.get(Unit, ids["hc"]).closed_on == later
        assert session.get(Unit, ids["sc"]).closed_on == earlier  # closed on its own before
        assert session.get(Unit, ids["urg"]).closed_on is None  # not below the pôle
        assert len([e for e in history(session) if e.action == "close"]) == 4
    with db.write("admin") as session:
        assert reopen(session, "admin", "oi", ids["pole"]) == 3
    with db.read() as session:
        assert session.get(Unit, ids["hc"]).closed_on is None
        assert session.get(Unit, ids["sc"]).closed_on == earlier


def test_closing_the_ej_closes_both_sites(db: Database, ids: dict[str, int]) -> None:
    on = date(2026, 1, 1)
    with db.write("admin") as session:
        assert close(session, "admin", "ej", ids["ej"], on) == 1 + 2 + 2 + 3
    with db.read() as session:
        assert {row.closed_on for row in session.exec(select(Unit)).all()} == {on}
        assert session.get(EntiteJuridique, ids["ej"]).closed_on == on
        assert [node.nom for node in tree(session, include_closed=False)] == []


def test_tree_nests_levels_and_units(db: Database, ids: dict[str, int]) -> None:
    with db.read() as session:
        [chu] = tree(session)
    assert chu.kind == "ej" and chu.finess == "330781196"
    assert [eg.nom for eg in chu.children] == ["Hôpital Haut-Lévêque", "Hôpital Pellegrin"]
    pellegrin = chu.children[1]
    assert [(n.kind, n.nom) for n in pellegrin.children] == [("oi", "Pôle pédiatrie"), ("unit", "Urgences pédiatriques")]
    service = pellegrin.children[0].children[0]
    assert [(n.nom, n.status) for n in service.children] == [
        ("Réanimation pédiatrique HC", "brouillon"), ("Soins continus pédiatriques", "brouillon")]


def test_moves_stay_inside_the_eg_and_refuse_cycles(db: Database, ids: dict[str, int]) -> None:
    with db.write("admin") as session:
        move_unit(session, "admin", ids["urg"], ids["pole"])
    with db.read() as session:
        assert unit_description(session, ids["urg"]).oi_path == ["Pôle pédiatrie"]
    with pytest.raises(UserError, match="à l'intérieur d'elle-même"), db.write("admin") as session:
        move_oi(session, "admin", ids["pole"], ids["service"])
    with db.write("admin") as session:
        other_site = create_oi(session, "admin", ids["eg2"], "1", "Pôle cardio-thoracique")
    with pytest.raises(UserError, match="autre entité géographique"), db.write("admin") as session:
        move_unit(session, "admin", ids["hc"], other_site.id)
    with db.write("admin") as session:
        move_oi(session, "admin", ids["service"], None)
    with db.read() as session:
        assert unit_description(session, ids["hc"]).oi_path == ["Service de réanimation pédiatrique"]
        assert [e.action for e in history(session, entity="organisation_interne", entity_id=ids["service"])][-1] == "move"


def test_duplicate_copies_the_description_marked_as_copy(db: Database, ids: dict[str, int]) -> None:
    hc = CodedAnswer(attribute="modePriseEnCharge", code="28", value_set="JDV_J19-ModePriseEnCharge-ROR",
                     label="Hospitalisation complète (HC)", chosen_how="proposition", free_text="hospit complète")
    rea = CodedAnswer(attribute="activiteOperationnelle", code="130", value_set="JDV_J17-ActiviteOperationnelle-ROR",
                      label="Réanimation pédiatrique")
    with db.write("alice") as session:
        set_coded(session, "alice", ids["hc"], hc, expected=None)
        add_coded(session, "alice", ids["hc"], rea)
        set_patientele(session, "alice", ids["hc"], Patientele(age_min=28, age_min_unit="j", age_max=18),
                       expected=Patientele())
        add_contact(session, "alice", ids["hc"], Contact(fonction="01", confidentialite="2", telecoms=[
            Telecom(canal="2", adresse="05 56 79 56 79", confidentialite="2")]))
        set_capacity(session, "alice", ids["hc"], "lits", 12, expected=None)
    with db.write("bob") as session:
        twin_id = duplicate_unit(session, "bob", ids["hc"], "Réanimation pédiatrique HJ").id
    with db.read() as session:
        source, twin = unit_description(session, ids["hc"]), unit_description(session, twin_id)
    assert twin.nom == "Réanimation pédiatrique HJ" and twin.status == "brouillon" and twin.oi_path == source.oi_path
    assert twin.mode_prise_en_charge.code == "28" and twin.mode_prise_en_charge.chosen_how == "copie"
    assert twin.mode_prise_en_charge.chosen_by == "bob" and twin.mode_prise_en_charge.free_text == "hospit complète"
    assert [a.code for a in twin.activites_operationnelles] == ["130"]
    assert twin.patientele == source.patientele and twin.address == source.address
    assert twin.contacts[0].telecoms == source.contacts[0].telecoms and twin.contacts[0].id != source.contacts[0].id
    assert twin.capacities == source.capacities
    assert source.mode_prise_en_charge.chosen_how == "proposition"  # the source is untouched


def test_rename_checks_the_name_seen(db: Database, ids: dict[str, int]) -> None:
    with db.write("alice") as session:
        rename(session, "alice", "unit", ids["urg"], "Urgences pédiatriques médicales", expected="Urgences pédiatriques")
        rename(session, "alice", "oi", ids["pole"], "Pôle enfants", expected="Pôle pédiatrie")
    with pytest.raises(ConflictError, match="alice"), db.write("bob") as session:
        rename(session, "bob", "unit", ids["urg"], "Urgences", expected="Urgences pédiatriques")
    with pytest.raises(ConflictError, match="Pôle enfants"), db.write("bob") as session:
        rename(session, "bob", "oi", ids["pole"], "Pôle mère-enfant", expected="Pôle pédiatrie")
    with pytest.raises(UserError, match="vide"), db.write("bob") as session:
        rename(session, "bob", "eg", ids["eg1"], "  ", expected="Hôpital Pellegrin")


def test_finess_must_be_valid_and_new(db: Database, ids: dict[str, int]) -> None:
    with pytest.raises(UserError, match="n'est pas valide"), db.write("admin") as session:
        create_ej(session, "admin", "33078", "CHU")
    with pytest.raises(UserError, match="existe déjà"), db.write("admin") as session:
        create_eg(session, "admin", ids["ej"], "330000555", "Doublon")
    with pytest.raises(UserError, match="Type d'organisation interne"), db.write("admin") as session:
        create_oi(session, "admin", ids["eg1"], "4", "UE en OI")


def test_update_fields_audits_each_field(db: Database, ids: dict[str, int]) -> None:
    with db.write("import") as session:
        update_fields(session, "import", "eg", ids["eg2"], {"siret": "26330005700246", "telephone": "05 56 79 56 79"})
    with db.read() as session:
        entries = history(session, entity="entite_geographique", entity_id=ids["eg2"])
        assert [(e.field, e.new_value) for e in entries if e.action == "update"] == [
            ("siret", '"26330005700246"'), ("telephone", '"05 56 79 56 79"')]
    with pytest.raises(ValueError), db.write("import") as session:
        update_fields(session, "import", "eg", ids["eg2"], {"ej_id": 99})


def test_update_fields_checks_a_new_finess(db: Database, ids: dict[str, int]) -> None:
    """The same French errors on SQLite and on PostgreSQL (where FINESS is a VARCHAR(9))."""
    with pytest.raises(UserError, match="n'est pas valide"), db.write("import") as session:
        update_fields(session, "import", "eg", ids["eg2"], {"finess": "3300006620"})
    with pytest.raises(UserError, match="existe déjà"), db.write("import") as session:
        update_fields(session, "import", "eg", ids["eg2"], {"finess": "330000555"})
    with db.write("import") as session:
        update_fields(session, "import", "eg", ids["eg2"], {"finess": "330000670"})
    with db.read() as session:
        assert session.get(EntiteGeographique, ids["eg2"]).finess == "330000670"
