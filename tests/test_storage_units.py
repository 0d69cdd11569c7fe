"""A unit's description saved answer by answer: round trip, audit, conflicts, voided validations.

Real NOS codes (JDV_J19, JDV_J20, JDV_J17, JDV_J29, JDV_J18…), on a real SQLite file and a real
PostgreSQL database (the `storage_url` fixture of tests/conftest.py).
"""

from __future__ import annotations

import json

import pytest
from sqlmodel import select

from ror_assistant.description import Address, CodedAnswer, Contact, Horaire, Patientele, Telecom
from ror_assistant.errors import ConflictError
from ror_assistant.storage import (
    Database,
    add_coded,
    add_contact,
    clear_coded,
    create_eg,
    create_ej,
    create_oi,
    create_unit,
    open_database,
    remove_coded,
    remove_contact,
    set_address,
    set_capacity,
    set_coded,
    set_comment,
    set_horaires,
    set_interview_step,
    set_patientele,
    set_unite_sensible,
    unit_description,
    update_contact,
)
from ror_assistant.storage.audit import history
from ror_assistant.storage.models import AuditEntry, CodedValue, Unit, WorkflowEvent
from ror_assistant.storage.workflow import change_status

HC = CodedAnswer(attribute="modePriseEnCharge", code="28", value_set="JDV_J19-ModePriseEnCharge-ROR",
                 label="Hospitalisation complète (HC)", free_text="hospit complète", score=0.97, margin=0.4)
HJ = CodedAnswer(attribute="modePriseEnCharge", code="29", value_set="JDV_J19-ModePriseEnCharge-ROR",
                 label="Hospitalisation de jour (HJ)", free_text="HDJ", chosen_how="alias")
MCO = CodedAnswer(attribute="champActivite", code="01", value_set="JDV_J20-ChampActivite-ROR",
                  label="Médecine, Chirurgie, Obstétrique (MCO)", chosen_how="choix")
NEONAT = CodedAnswer(attribute="activiteOperationnelle", code="094", value_set="JDV_J17-ActiviteOperationnelle-ROR",
                     label="Néonatalogie", free_text="néonat")
OBSTETRIQUE = CodedAnswer(attribute="activiteOperationnelle", code="100",
                          value_set="JDV_J17-ActiviteOperationnelle-ROR", label="Obstétrique")
PA = CodedAnswer(attribute="publicPrisEnCharge", code="01", value_set="JDV_J29-PublicPrisEnCharge-ROR",
                 label="Personnes âgées en perte d'autonomie (PA) et aidants")
PRESSION_NEGATIVE = CodedAnswer(attribute="equipementSpecifique", code="009",
                                value_set="JDV_J18-EquipementSpecifique-ROR",
                                label="Chambre à pression négative", quantity=2)
STANDARD = Contact(nom="Secrétariat", nature="07", confidentialite="1",
                   telecoms=[Telecom(canal="2", adresse="01 42 16 00 00", confidentialite="1")])


@pytest.fixture
def db(storage_url: str) -> Database:
    """The same scenarios on a SQLite file and on a PostgreSQL database (tests/conftest.py)."""
    database = open_database(storage_url)
    yield database
    database.dispose()


@pytest.fixture
def unit_id(db: Database) -> int:
    with db.write("admin") as session:
        ej = create_ej(session, "admin", "750712184", "Assistance Publique - Hôpitaux de Paris")
        eg = create_eg(session, "admin", ej.id, "750100208", "Hôpital Necker-Enfants malades", categorie="101",
                       champs=["MCO"], address=Address(numero_voie="149", type_voie="R", libelle_voie="de Sèvres",
                                                        code_postal="75015", localite="Paris", commune_cog="75115"))
        pole = create_oi(session, "admin", eg.id, "1", "Pôle périnatalité")
        service = create_oi(session, "admin", eg.id, "2", "Service de néonatologie", parent_id=pole.id)
        return create_unit(session, "admin", eg.id, "Néonatologie HC", oi_id=service.id).id


def test_full_description_round_trip(db: Database, unit_id: int) -> None:
    with db.write("alice") as session:
        set_coded(session, "alice", unit_id, MCO, expected=None)
        set_coded(session, "alice", unit_id, HC, expected=None)
        add_coded(session, "alice", unit_id, NEONAT)
        add_coded(session, "alice", unit_id, PA)
        add_coded(session, "alice", unit_id, PRESSION_NEGATIVE)
        set_patientele(session, "alice", unit_id, Patientele(age_min=0, age_min_unit="j", age_max=28,
                                                            age_max_unit="j"), expected=Patientele())
        set_unite_sensible(session, "alice", unit_id, False, expected=None)
        set_comment(session, "alice", unit_id, "Niveau 3", expected="")
        add_contact(session, "alice", unit_id, STANDARD)
        set_capacity(session, "alice", unit_id, "lits", 24, expected=None)
        set_horaires(session, "alice", unit_id, [Horaire(jour=day, debut="00:00", fin="23:59") for day in range(1, 8)],
                     expected=[])
        set_interview_step(session, "alice", unit_id, "contacts")
    with db.read() as session:
        unit = unit_description(session, unit_id)
    assert unit.nom == "Néonatologie HC"
    assert unit.eg_finess == "750100208" and unit.eg_categorie == "101"
    assert unit.oi_path == ["Pôle périnatalité", "Service de néonatologie"]
    assert unit.champ_activite.code == "01" and unit.champ_activite.chosen_how == "choix"
    assert unit.mode_prise_en_charge.model_dump(exclude={"chosen_at"}) == HC.model_copy(
        update={"chosen_by": "alice"}).model_dump(exclude={"chosen_at"})
    assert unit.mode_prise_en_charge.chosen_at is not None
    assert [a.code for a in unit.activites_operationnelles] == ["094"]
    assert [p.code for p in unit.publics] == ["01"]
    assert unit.codes("equipementSpecifique")[0].quantity == 2
    assert unit.patientele == Patientele(age_min=0, age_min_unit="j", age_max=28, age_max_unit="j")
    assert unit.unite_sensible is False
    assert unit.address.libelle_voie == "de Sèvres" and unit.address.commune_cog == "75115"  # copied from the EG
    assert unit.contacts[0].model_dump(exclude={"id"}) == STANDARD.model_dump(exclude={"id"})
    assert unit.capacities[0].nature == "lits" and unit.capacities[0].nombre == 24
    assert len(unit.horaires) == 7
    assert unit.comment == "Niveau 3" and unit.interview_step == "contacts"
    assert unit.status == "brouillon" and unit.updated_by == "alice"
    assert unit.revision == 13  # 1 at creation + 11 description changes + interview step


def test_each_change_is_audited_with_old_and_new_values(db: Database, unit_id: int) -> None:
    with db.write("alice") as session:
        set_coded(session, "alice", unit_id, HC, expected=None)
        set_address(session, "alice", unit_id, Address(lieu_dit="Les Tilleuls", code_postal="75015", localite="Paris"),
                    expected=unit_description(session, unit_id).address)
    with db.write("bob") as session:
        set_coded(session, "bob", unit_id, HJ, expected="28")
        add_coded(session, "bob", unit_id, NEONAT)
        remove_coded(session, "bob", unit_id, "activiteOperationnelle", "094")
    with db.read() as session:
        entries = [e for e in history(session, unit_id=unit_id) if e.entity != "unit" or e.field]
    summary = [(e.user, e.action, e.field) for e in entries]
    assert summary == [
        ("alice", "create", "modePriseEnCharge"),
        ("alice", "update", "address"),
        ("bob", "update", "modePriseEnCharge"),
        ("bob", "create", "activiteOperationnelle"),
        ("bob", "delete", "activiteOperationnelle"),
    ]
    assert json.loads(entries[2].old_value)["code"] == "28"
    assert json.loads(entries[2].new_value)["code"] == "29"
    assert json.loads(entries[2].new_value)["free_text"] == "HDJ"
    assert json.loads(entries[1].old_value)["libelle_voie"] == "de Sèvres"
    assert json.loads(entries[1].new_value)["lieu_dit"] == "Les Tilleuls"
    assert entries[4].new_value is None and json.loads(entries[4].old_value)["code"] == "094"
    assert all(e.at.tzinfo is not None for e in entries)


def test_single_valued_attribute_is_replaced(db: Database, unit_id: int) -> None:
    with db.write("alice") as session:
        set_coded(session, "alice", unit_id, HC, expected=None)
        set_coded(session, "alice", unit_id, HJ, expected="28")
    with db.read() as session:
        rows = session.exec(select(CodedValue).where(CodedValue.attribute == "modePriseEnCharge")).all()
        assert [row.code for row in rows] == ["29"]
    with db.write("alice") as session:
        clear_coded(session, "alice", unit_id, "modePriseEnCharge", expected="29")
    with db.read() as session:
        assert unit_description(session, unit_id).mode_prise_en_charge is None


def test_multi_valued_attribute_added_and_removed(db: Database, unit_id: int) -> None:
    with db.write("alice") as session:
        add_coded(session, "alice", unit_id, NEONAT)
        add_coded(session, "alice", unit_id, OBSTETRIQUE)
        add_coded(session, "alice", unit_id, NEONAT)  # the same code twice: kept once
    with db.read() as session:
        assert [a.code for a in unit_description(session, unit_id).activites_operationnelles] == ["094", "100"]
    with db.write("alice") as session:
        assert remove_coded(session, "alice", unit_id, "activiteOperationnelle", "094") is True
        assert remove_coded(session, "alice", unit_id, "activiteOperationnelle", "094") is False
    with db.read() as session:
        assert [a.code for a in unit_description(session, unit_id).activites_operationnelles] == ["100"]


def test_single_and_multi_valued_functions_are_not_mixed_up(db: Database, unit_id: int) -> None:
    with pytest.raises(ValueError), db.write("alice") as session:
        add_coded(session, "alice", unit_id, HC)
    with pytest.raises(ValueError), db.write("alice") as session:
        set_coded(session, "alice", unit_id, NEONAT, expected=None)


def test_concurrent_change_raises_conflict_instead_of_overwriting(db: Database, unit_id: int) -> None:
    other = open_database(db.url.render_as_string(hide_password=False))  # second session on the same database
    try:
        with db.read() as session:
            seen_by_bob = unit_description(session, unit_id)
        with other.write("alice") as session:
            set_coded(session, "alice", unit_id, HC, expected=None)
        with pytest.raises(ConflictError) as caught, db.write("bob") as session:
            set_coded(session, "bob", unit_id, HJ,
                      expected=seen_by_bob.mode_prise_en_charge.code if seen_by_bob.mode_prise_en_charge else None)
        message = str(caught.value)
        assert "alice" in message and "Hospitalisation complète (HC)" in message and "(28)" in message
        assert "n'a pas été enregistrée" in message
        with other.read() as session:
            assert unit_description(session, unit_id).mode_prise_en_charge.code == "28"
    finally:
        other.dispose()


def test_conflict_on_plain_values_and_contacts(db: Database, unit_id: int) -> None:
    with db.write("alice") as session:
        set_patientele(session, "alice", unit_id, Patientele(age_min=18, age_max=120), expected=Patientele())
        contact_id = add_contact(session, "alice", unit_id, STANDARD)
    with pytest.raises(ConflictError, match="Patientèle.*« de 18 ans à 120 ans »"), db.write("bob") as session:
        set_patientele(session, "bob", unit_id, Patientele(age_min=0, age_max=18), expected=Patientele())
    with db.write("alice") as session:
        update_contact(session, "alice", contact_id, STANDARD.model_copy(update={"nom": "Accueil"}), expected=STANDARD)
    with pytest.raises(ConflictError, match="Contact"), db.write("bob") as session:
        update_contact(session, "bob", contact_id, STANDARD.model_copy(update={"nom": "Cadre"}), expected=STANDARD)
    with db.write("bob") as session:
        assert remove_contact(session, "bob", contact_id) is True
    with db.read() as session:
        assert unit_description(session, unit_id).contacts == []
        assert unit_description(session, unit_id).patientele.age_min == 18


def test_description_change_voids_a_validation(db: Database, unit_id: int) -> None:
    with db.write("chef") as session:
        change_status(session, "chef", unit_id, "a_valider", expected="brouillon")
        change_status(session, "chef", unit_id, "validee_chef", expected="a_valider", fingerprint="sha256:abc")
    with db.write("alice") as session:
        set_coded(session, "alice", unit_id, HC, expected=None)
    with db.read() as session:
        unit = session.get(Unit, unit_id)
        assert unit.status == "brouillon"
        events = session.exec(select(WorkflowEvent).where(WorkflowEvent.unit_id == unit_id)).all()
        assert [(e.from_status, e.to_status) for e in events][-1] == ("validee_chef", "brouillon")
        assert "Mode de prise en charge" in events[-1].comment and events[-1].by == "alice"
        voids = session.exec(select(AuditEntry).where(AuditEntry.action == "void")).all()
        assert [(v.user, json.loads(v.old_value), json.loads(v.new_value)) for v in voids] == [
            ("alice", "validee_chef", "brouillon")]


@pytest.mark.parametrize("status", ["validee_direction", "prete"])
def test_every_setter_voids_later_validations_too(db: Database, unit_id: int, status: str) -> None:
    with db.write("direction") as session:
        session.get(Unit, unit_id).status = status  # as the workflow would have left it
    with db.write("alice") as session:
        add_contact(session, "alice", unit_id, STANDARD)
    with db.read() as session:
        assert session.get(Unit, unit_id).status == "brouillon"


def test_interview_step_does_not_void_a_validation(db: Database, unit_id: int) -> None:
    with db.write("chef") as session:
        session.get(Unit, unit_id).status = "validee_chef"
    with db.write("alice") as session:
        set_interview_step(session, "alice", unit_id, "horaires")
    with db.read() as session:
        assert session.get(Unit, unit_id).status == "validee_chef"


def test_unchanged_value_writes_nothing(db: Database, unit_id: int) -> None:
    with db.write("alice") as session:
        set_coded(session, "alice", unit_id, HC, expected=None)
    with db.read() as session:
        before = session.get(Unit, unit_id).revision
        count = len(history(session, unit_id=unit_id))
    with db.write("alice") as session:
        set_coded(session, "alice", unit_id, HC, expected="28")
        set_comment(session, "alice", unit_id, "", expected="")
    with db.read() as session:
        assert session.get(Unit, unit_id).revision == before
        assert len(history(session, unit_id=unit_id)) == count


def test_capacity_set_changed_and_removed(db: Database, unit_id: int) -> None:
    with db.write("alice") as session:
        set_capacity(session, "alice", unit_id, "places", 10, expected=None)
        set_capacity(session, "alice", unit_id, "places", 12, expected=10)
    with pytest.raises(ConflictError), db.write("bob") as session:
        set_capacity(session, "bob", unit_id, "places", 8, expected=10)
    with db.read() as session:
        assert unit_description(session, unit_id).places_installees == 12
    with db.write("alice") as session:
        set_capacity(session, "alice", unit_id, "places", None, expected=12)
    with db.read() as session:
        assert unit_description(session, unit_id).capacities == []


def test_horaires_of_one_type_replace_only_that_type(db: Database, unit_id: int) -> None:
    weekdays = [Horaire(jour=day, debut="08:30", fin="17:00") for day in range(1, 6)]
    rdv = [Horaire(jour=2, debut="14:00", fin="17:00", type_plage="07")]
    with db.write("alice") as session:
        set_horaires(session, "alice", unit_id, weekdays, expected=[], type_plage="02")
        set_horaires(session, "alice", unit_id, rdv, expected=[], type_plage="07")
    with db.read() as session:
        unit = unit_description(session, unit_id)
    assert [(h.jour, h.type_plage) for h in unit.horaires] == [(1, "02"), (2, "02"), (2, "07"), (3, "02"),
                                                               (4, "02"), (5, "02")]
    saturday = [Horaire(jour=6, debut="08:00", fin="12:00")]
    with pytest.raises(ConflictError, match="Horaires"), db.write("bob") as session:
        set_horaires(session, "bob", unit_id, saturday, expected=[], type_plage="02")  # bob saw none
    with db.write("bob") as session:
        set_horaires(session, "bob", unit_id, saturday, expected=weekdays, type_plage="02")
    with db.read() as session:
        unit = unit_description(session, unit_id)
        entries = [entry.field for entry in history(session, unit_id=unit_id) if entry.field.startswith("horaires")]
    assert unit.horaires == [rdv[0], saturday[0]]  # the consultations sur rendez-vous stayed
    assert sorted(entries) == ["horaires.02", "horaires.02", "horaires.07"]
    with pytest.raises(ValueError), db.write("bob") as session:
        set_horaires(session, "bob", unit_id, rdv, expected=[], type_plage="02")
