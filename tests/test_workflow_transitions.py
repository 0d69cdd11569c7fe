"""The validation workflow end to end on a real SQLite file: each transition, the refusals,
the remarks handed to the next interview, and a validation voided by a later edit.

Units are described through storage's own setters with real NOS codes (JDV_J20, J19, J17, J221…).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlmodel import select

from ror_assistant.description import Address, CodedAnswer, Contact, Patientele, Telecom
from ror_assistant.errors import ConflictError
from ror_assistant.review.fingerprint import fingerprint, short_fingerprint
from ror_assistant.review.render import issue_sheet
from ror_assistant.storage import (
    Database,
    add_coded,
    add_contact,
    create_eg,
    create_ej,
    create_oi,
    create_unit,
    open_database,
    set_address,
    set_coded,
    set_patientele,
    set_unite_sensible,
    unit_description,
)
from ror_assistant.storage.audit import history
from ror_assistant.storage.models import ItemComment
from ror_assistant.workflow import (
    WorkflowError,
    approve,
    describe_event,
    events,
    issue,
    mark_ready,
    open_comments,
    request_corrections,
    validate,
)

REFERENT = "marie.dupont"


def answer(attribute: str, code: str, value_set: str, free_text: str, score: float | None = 100.0,
           margin: float | None = 40.0) -> CodedAnswer:
    return CodedAnswer(attribute=attribute, code=code, value_set=value_set, free_text=free_text,
                       score=score, margin=margin)


@pytest.fixture
def db(tmp_path: Path) -> Database:
    database = open_database(f"sqlite:///{tmp_path / 'ror.sqlite3'}")
    yield database
    database.dispose()


@pytest.fixture
def site(db: Database) -> dict[str, int]:
    """Hôpital Saint-Louis: a pôle, a service with a complete unit and an incomplete one."""
    with db.write("admin") as session:
        ej = create_ej(session, "admin", "750712184", "Assistance Publique - Hôpitaux de Paris")
        eg = create_eg(session, "admin", ej.id, "750100232", "Hôpital Saint-Louis", categorie="101", champs=["MCO"],
                       address=Address(numero_voie="1", type_voie="avenue", libelle_voie="Claude Vellefaux",
                                       code_postal="75010", localite="Paris"))
        pole = create_oi(session, "admin", eg.id, "1", "Pôle cancérologie")
        service = create_oi(session, "admin", eg.id, "2", "Service d'oncologie médicale", parent_id=pole.id)
        complete = create_unit(session, "admin", eg.id, "Hôpital de jour d'oncologie", oi_id=service.id).id
        incomplete = create_unit(session, "admin", eg.id, "Consultations d'oncologie", oi_id=service.id).id
        other = create_unit(session, "admin", eg.id, "Urgences", oi_id=pole.id).id
    with db.write(REFERENT) as session:
        set_coded(session, REFERENT, complete, answer("champActivite", "01", "JDV_J20-ChampActivite-ROR", "MCO"),
                  expected=None)
        set_coded(session, REFERENT, complete,
                  answer("modePriseEnCharge", "29", "JDV_J19-ModePriseEnCharge-ROR", "HDJ"), expected=None)
        add_coded(session, REFERENT, complete, answer("activiteOperationnelle", "164",
                                                      "JDV_J17-ActiviteOperationnelle-ROR", "chimio", 61.0, 3.0))
        set_patientele(session, REFERENT, complete, Patientele(age_min=18, age_max=120), expected=Patientele())
        set_unite_sensible(session, REFERENT, complete, False, expected=None)
        add_contact(session, REFERENT, complete, Contact(nature="07", confidentialite="1", telecoms=[
            Telecom(canal="2", adresse="01 42 49 49 49", confidentialite="1")]))
        add_coded(session, REFERENT, incomplete, answer("activiteOperationnelle", "164",
                                                        "JDV_J17-ActiviteOperationnelle-ROR", "chimio"))
    return {"eg": eg.id, "service": service.id, "pole": pole.id, "complete": complete, "incomplete": incomplete,
            "other": other}


def status(db: Database, unit_id: int) -> str:
    with db.read() as session:
        return unit_description(session, unit_id).status


def test_issuing_moves_brouillon_to_a_valider_with_the_fingerprint(db: Database, site: dict[str, int]) -> None:
    unit_id = site["complete"]
    with db.read() as session:
        expected = fingerprint(unit_description(session, unit_id))
    issued = issue_sheet(db, REFERENT, [unit_id], "md")
    assert issued.moved == [unit_id] and status(db, unit_id) == "a_valider"
    assert short_fingerprint(expected) in issued.text and "À valider" in issued.text
    with db.read() as session:
        [event] = events(session, unit_id)
        audit = history(session, unit_id=unit_id, field="status")
    assert (event.from_status, event.to_status, event.by, event.fingerprint) == ("brouillon", "a_valider", REFERENT,
                                                                                 expected)
    assert audit[-1].action == "status" and audit[-1].user == REFERENT
    # issuing again the same content moves nothing and records nothing
    assert issue_sheet(db, REFERENT, [unit_id], "md").moved == []
    with db.read() as session:
        assert len(events(session, unit_id)) == 1


def test_full_path_to_pret_pour_le_ror(db: Database, site: dict[str, int]) -> None:
    unit_id = site["complete"]
    issue_sheet(db, REFERENT, [unit_id], "html")
    with db.read() as session:
        current = short_fingerprint(fingerprint(unit_description(session, unit_id)))
    with db.write(REFERENT) as session:
        event = validate(session, REFERENT, unit_id, by="Dr Martin", signed_fingerprint=current)
    assert event.to_status == "validee_chef" and "décision de Dr Martin" in event.comment
    with db.write(REFERENT) as session:
        approve(session, REFERENT, unit_id, by="M. Lefèvre, directeur")
    assert status(db, unit_id) == "validee_direction"
    with db.write(REFERENT) as session:
        mark_ready(session, REFERENT, unit_id)
    assert status(db, unit_id) == "prete"
    with db.read() as session:
        lines = [describe_event(event) for event in events(session, unit_id)]
    assert [line.split(" ", 3)[:3] for line in lines] == [
        ["Fiche", "de", "relecture"], ["Validation", "du", "chef"], ["Validation", "de", "la"], ["Prête", "pour", "le"]]
    assert f"(empreinte {current})" in lines[1] and "décision de M. Lefèvre, directeur" in lines[2]


def test_validation_refused_without_sheet_or_when_data_changed(db: Database, site: dict[str, int]) -> None:
    unit_id = site["complete"]
    with db.write(REFERENT) as session, pytest.raises(WorkflowError) as refused:
        validate(session, REFERENT, unit_id)
    assert "son statut est « Brouillon »" in refused.value.message
    assert "émettez d'abord la fiche" in (refused.value.hint or "")

    issue_sheet(db, REFERENT, [unit_id], "md")
    with db.write(REFERENT) as session, pytest.raises(WorkflowError) as refused:
        validate(session, REFERENT, unit_id, signed_fingerprint="0000-0000-0000")
    assert "ne correspond pas à la description actuelle" in refused.value.message

    with db.write(REFERENT) as session:  # the référent edits while the chef reads the sheet
        set_patientele(session, REFERENT, unit_id, Patientele(age_min=16, age_max=120),
                       expected=Patientele(age_min=18, age_max=120))
    with db.write(REFERENT) as session, pytest.raises(WorkflowError) as refused:
        validate(session, REFERENT, unit_id)
    assert "a changé depuis la fiche émise" in refused.value.message
    assert status(db, unit_id) == "a_valider"

    # issuing again records that the previous sheet is out of date, then the new one
    assert issue_sheet(db, REFERENT, [unit_id], "md").moved == [unit_id]
    with db.read() as session:
        moves = [(event.from_status, event.to_status) for event in events(session, unit_id)]
    assert moves == [("brouillon", "a_valider"), ("a_valider", "brouillon"), ("brouillon", "a_valider")]
    with db.write(REFERENT) as session:
        validate(session, REFERENT, unit_id)


def test_other_invalid_transitions_are_refused_in_french(db: Database, site: dict[str, int]) -> None:
    unit_id = site["complete"]
    with db.write(REFERENT) as session, pytest.raises(WorkflowError) as refused:
        approve(session, REFERENT, unit_id)
    assert "Impossible d'enregistrer la validation de la direction" in str(refused.value)
    with db.write(REFERENT) as session, pytest.raises(WorkflowError):
        mark_ready(session, REFERENT, unit_id)
    with db.write(REFERENT) as session, pytest.raises(WorkflowError):
        request_corrections(session, REFERENT, unit_id, [("adresse", "bâtiment B")])
    issue_sheet(db, REFERENT, [unit_id], "md")
    with db.write(REFERENT) as session, pytest.raises(WorkflowError) as refused:
        request_corrections(session, REFERENT, unit_id, [("adresse", "  ")])
    assert "doit dire quoi corriger" in refused.value.message
    with db.write(REFERENT) as session, pytest.raises(Exception) as unknown:
        request_corrections(session, REFERENT, unit_id, [("couleur", "bleu")])
    assert "Point de la fiche inconnu" in str(unknown.value)


def test_ready_refused_while_an_ans_criterion_is_missing(db: Database, site: dict[str, int]) -> None:
    unit_id = site["incomplete"]  # the EG address was copied, but no champ, mode, ages or contact
    issue_sheet(db, REFERENT, [unit_id], "md")
    with db.write(REFERENT) as session:
        validate(session, REFERENT, unit_id, by="Dr Martin")
        approve(session, REFERENT, unit_id)
    with db.write(REFERENT) as session, pytest.raises(WorkflowError) as refused:
        mark_ready(session, REFERENT, unit_id)
    assert "ne remplit pas tous les critères ANS" in refused.value.message
    assert "Aucun mode de prise en charge" in refused.value.message
    assert status(db, unit_id) == "validee_direction"


def test_corrections_are_kept_per_item_for_the_next_interview(db: Database, site: dict[str, int]) -> None:
    unit_id = site["complete"]
    issue_sheet(db, REFERENT, [unit_id], "md")
    with db.write(REFERENT) as session:
        event = request_corrections(session, REFERENT, unit_id, [
            ("activites", "ajouter la radiothérapie"), ("adresse", "préciser le bâtiment B"),
            ("unite", "vérifier le nom")], by="Dr Martin")
    assert event.to_status == "corrections"
    assert "Activités opérationnelles : ajouter la radiothérapie" in event.comment
    with db.read() as session:
        remarks = open_comments(session, unit_id)
    assert {item: [row.comment for row in rows] for item, rows in remarks.items()} == {
        "activiteOperationnelle": ["ajouter la radiothérapie"], "adresse": ["préciser le bâtiment B"],
        "unite": ["vérifier le nom"]}

    # the next sheet shows them next to their item; validating it settles them
    issued = issue_sheet(db, REFERENT, [unit_id], "md")
    assert issued.moved == [unit_id]
    assert "Correction demandée précédemment : « ajouter la radiothérapie »" in issued.text
    with db.write(REFERENT) as session:
        validate(session, REFERENT, unit_id)
    with db.read() as session:
        assert open_comments(session, unit_id) == {}
        rows = session.exec(select(ItemComment).where(ItemComment.unit_id == unit_id)).all()
        assert len(rows) == 3 and all(row.resolved_at is not None for row in rows)


def test_a_later_edit_voids_the_validation_visibly(db: Database, site: dict[str, int]) -> None:
    unit_id = site["complete"]
    issue_sheet(db, REFERENT, [unit_id], "md")
    with db.write(REFERENT) as session:
        validate(session, REFERENT, unit_id, by="Dr Martin")
        approve(session, REFERENT, unit_id)
    with db.write("paul.bernard") as session:  # someone changes the address afterwards
        set_address(session, "paul.bernard", unit_id,
                    Address(numero_voie="1", type_voie="avenue", libelle_voie="Claude Vellefaux",
                            complement="Bâtiment B", code_postal="75010", localite="Paris"),
                    expected=Address(numero_voie="1", type_voie="avenue", libelle_voie="Claude Vellefaux",
                                     code_postal="75010", localite="Paris"))
    assert status(db, unit_id) == "brouillon"
    with db.read() as session:
        last = events(session, unit_id)[-1]
        voids = [entry for entry in history(session, unit_id=unit_id) if entry.action == "void"]
    assert (last.from_status, last.to_status, last.by) == ("validee_direction", "brouillon", "paul.bernard")
    assert describe_event(last).startswith("Validation annulée par la modification de « Adresse » par paul.bernard le ")
    assert len(voids) == 1 and voids[0].user == "paul.bernard"
    text = issue_sheet(db, REFERENT, [unit_id], "md").text  # the next sheet shows the voided validation
    assert "Validation annulée par la modification de « Adresse » par paul.bernard" in text
    with db.write(REFERENT) as session, pytest.raises(WorkflowError):
        approve(session, REFERENT, unit_id)


def test_a_decision_on_a_status_the_caller_did_not_see_is_a_conflict(db: Database, site: dict[str, int]) -> None:
    unit_id = site["complete"]
    with db.write(REFERENT) as session:
        issue(session, REFERENT, unit_id)
    with db.write(REFERENT) as session, pytest.raises(ConflictError):
        validate(session, REFERENT, unit_id, expected="corrections")
