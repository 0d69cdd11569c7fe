"""Workflow records, reviewers' comments, learnt aliases, audit immutability."""

from __future__ import annotations


import pytest
from sqlmodel import delete, select, update

from ror_assistant.errors import ConflictError
from ror_assistant.storage import Database, create_eg, create_ej, create_unit, open_database
from ror_assistant.storage.aliases import find_alias, remove_alias, save_alias
from ror_assistant.storage.audit import history
from ror_assistant.storage.models import AuditEntry, MatchAlias
from ror_assistant.storage.workflow import (
    add_item_comment,
    change_status,
    item_comments,
    resolve_item_comment,
    workflow_events,
)


@pytest.fixture
def db(storage_url: str) -> Database:
    """The same scenarios on a SQLite file and on a PostgreSQL database (tests/conftest.py)."""
    database = open_database(storage_url)
    yield database
    database.dispose()


@pytest.fixture
def ids(db: Database) -> dict[str, int]:
    with db.write("admin") as session:
        ej = create_ej(session, "admin", "690781810", "Hospices Civils de Lyon")
        eg = create_eg(session, "admin", ej.id, "690000880", "Hôpital Édouard Herriot", categorie="101", champs=["MCO"])
        unit = create_unit(session, "admin", eg.id, "Urgences adultes")
        return {"ej": ej.id, "eg": eg.id, "unit": unit.id}


def test_status_changes_are_recorded_and_checked(db: Database, ids: dict[str, int]) -> None:
    unit_id = ids["unit"]
    with db.write("referent") as session:
        change_status(session, "referent", unit_id, "a_valider", expected="brouillon", comment="Prête pour relecture")
    with db.write("chef") as session:
        event = change_status(session, "chef", unit_id, "validee_chef", expected="a_valider", fingerprint="sha256:1f2e")
        assert event is not None and event.fingerprint == "sha256:1f2e"
    with pytest.raises(ConflictError, match="chef"), db.write("chef") as session:
        change_status(session, "chef", unit_id, "corrections", expected="a_valider")
    with db.write("chef") as session:
        assert change_status(session, "chef", unit_id, "validee_chef", expected="validee_chef") is None
    with db.read() as session:
        events = workflow_events(session, unit_id)
        assert [(e.from_status, e.to_status, e.by) for e in events] == [
            ("brouillon", "a_valider", "referent"), ("a_valider", "validee_chef", "chef")]
        assert [e.action for e in history(session, unit_id=unit_id, field="status")] == ["status", "status"]
    with pytest.raises(ValueError), db.write("chef") as session:
        change_status(session, "chef", unit_id, "validée", expected="validee_chef")


def test_item_comments_are_added_and_resolved(db: Database, ids: dict[str, int]) -> None:
    with db.write("chef") as session:
        comment_id = add_item_comment(session, "chef", ids["unit"], "modePriseEnCharge",
                                      "Vérifier : accueil des urgences plutôt qu'HC ?").id
    with db.write("referent") as session:
        assert resolve_item_comment(session, "referent", comment_id) is True
        assert resolve_item_comment(session, "referent", comment_id) is False
    with db.read() as session:
        [comment] = item_comments(session, ids["unit"])
        assert comment.by == "chef" and comment.resolved_at is not None
        assert item_comments(session, ids["unit"], open_only=True) == []


def test_aliases_per_ej_win_over_global_ones(db: Database, ids: dict[str, int]) -> None:
    with db.write("alice") as session:
        save_alias(session, "alice", field="modePriseEnCharge", text_key="hdj", code="29",
                   value_set="JDV_J19-ModePriseEnCharge-ROR")
        save_alias(session, "alice", field="modePriseEnCharge", text_key="hdj", code="29",
                   value_set="JDV_J19-ModePriseEnCharge-ROR")  # again: still one global alias
        save_alias(session, "alice", field="modePriseEnCharge", text_key="hdj", code="09",
                   value_set="JDV_J19-ModePriseEnCharge-ROR", ej_id=ids["ej"])
    with db.read() as session:
        assert len(session.exec(select(MatchAlias)).all()) == 2
        assert find_alias(session, field="modePriseEnCharge", text_key="hdj", ej_id=ids["ej"]).code == "09"
        assert find_alias(session, field="modePriseEnCharge", text_key="hdj", ej_id=None).code == "29"
        own = find_alias(session, field="modePriseEnCharge", text_key="hdj", ej_id=ids["ej"])
    with db.write("bob") as session:
        save_alias(session, "bob", field="modePriseEnCharge", text_key="hdj", code="29",
                   value_set="JDV_J19-ModePriseEnCharge-ROR", ej_id=ids["ej"])
    with db.write("bob") as session:
        assert remove_alias(session, "bob", own.id) is True
    with db.read() as session:
        assert find_alias(session, field="modePriseEnCharge", text_key="hdj", ej_id=ids["ej"]).code == "29"
        assert [e.action for e in history(session, entity="match_alias")] == ["create", "create", "update", "delete"]


def test_audit_entries_cannot_be_changed_nor_deleted(db: Database, ids: dict[str, int]) -> None:
    with pytest.raises(RuntimeError, match="append-only"), db.write("mallory") as session:
        entry = session.exec(select(AuditEntry)).first()
        entry.user = "personne"
        session.flush()
    with pytest.raises(RuntimeError, match="append-only"), db.write("mallory") as session:
        session.delete(session.exec(select(AuditEntry)).first())
        session.flush()
    with pytest.raises(RuntimeError, match="append-only"), db.write("mallory") as session:
        session.exec(delete(AuditEntry))
    with pytest.raises(RuntimeError, match="append-only"), db.write("mallory") as session:
        session.exec(update(AuditEntry).values(user="personne"))
    with db.read() as session:
        assert {entry.user for entry in session.exec(select(AuditEntry)).all()} == {"admin"}


def test_audit_user_must_be_the_transaction_user(db: Database, ids: dict[str, int]) -> None:
    with pytest.raises(ValueError, match="opened for 'alice'"), db.write("alice") as session:
        add_item_comment(session, "bob", ids["unit"], "nom", "?")
