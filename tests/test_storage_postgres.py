"""The storage on a real PostgreSQL server (a throwaway cluster, tests/postgres_server.py).

The scenarios shared with SQLite (description round trip, audit log, conflicts, voided
validations, structure, workflow, aliases) run on both backends through the ``storage_url``
fixture of tests/conftest.py. This file holds what only a server shows: migrations applied to
an empty database, errors in French, two sessions writing at the same time, and a whole
interview then its JSON export, which must be the same as on SQLite.
"""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from sqlmodel import select

from ror_assistant.description import CodedAnswer
from ror_assistant.errors import ConflictError, UserError
from ror_assistant.exchange.export_json import build_export
from ror_assistant.interview import Interview
from ror_assistant.nomenclature import load_catalog
from ror_assistant.storage import (
    Database,
    create_eg,
    create_ej,
    create_unit,
    open_database,
    rename,
    set_coded,
    set_comment,
    unit_description,
)
from ror_assistant.storage.audit import history
from ror_assistant.storage.models import AuditEntry, EntiteGeographique, EntiteJuridique
from test_interview_fixtures import ONCOLOGY_SCRIPT, USER, feed, matcher, new_unit  # noqa: F401  (fixture)

pytestmark = pytest.mark.postgres

HC = CodedAnswer(attribute="modePriseEnCharge", code="28", value_set="JDV_J19-ModePriseEnCharge-ROR",
                 label="Hospitalisation complète (HC)")
HJ = CodedAnswer(attribute="modePriseEnCharge", code="29", value_set="JDV_J19-ModePriseEnCharge-ROR",
                 label="Hospitalisation de jour (HJ)")


@pytest.fixture
def db(postgres_url: str) -> Iterator[Database]:
    database = open_database(postgres_url)
    yield database
    database.dispose()


@pytest.fixture
def ids(db: Database) -> dict[str, int]:
    with db.write("admin") as session:
        ej = create_ej(session, "admin", "130786049", "Assistance Publique - Hôpitaux de Marseille")
        eg = create_eg(session, "admin", ej.id, "130783236", "Hôpital de la Timone", categorie="101", champs=["MCO"])
        unit = create_unit(session, "admin", eg.id, "Réanimation adultes")
        return {"ej": ej.id, "eg": eg.id, "unit": unit.id}


def second_session(db: Database, **options: Any) -> Database:
    """Another process's view of the same database: its own engine and connections."""
    return open_database(db.url.render_as_string(hide_password=False), **options)


# --- opening and migrations ------------------------------------------------------------------

def test_empty_database_is_migrated_to_head_and_reopens(empty_postgres_url: str) -> None:
    db = open_database(empty_postgres_url)
    try:
        assert db.schema_revision() == db.head_revision() == "0001"
        assert db.url.get_backend_name() == "postgresql"
        with db.engine.connect() as connection:
            tables = set(sa.inspect(connection).get_table_names())
            single = connection.exec_driver_sql(
                "SELECT indexdef FROM pg_indexes WHERE indexname = 'uq_coded_value_single'").scalar_one()
        assert {"unit", "coded_value", "audit_entry", "alembic_version"} <= tables
        assert "UNIQUE" in single and "WHERE" in single  # the partial index of single-valued attributes
    finally:
        db.dispose()
    again = open_database(empty_postgres_url, create=False)
    assert again.schema_revision() == "0001"
    again.dispose()


def test_upgrade_false_then_upgrade(empty_postgres_url: str) -> None:
    db = open_database(empty_postgres_url, upgrade=False)
    try:
        assert db.schema_revision() is None
        assert db.upgrade() == "0001"
    finally:
        db.dispose()


def test_create_false_refuses_an_empty_database(empty_postgres_url: str) -> None:
    with pytest.raises(UserError, match="est vide"):
        open_database(empty_postgres_url, create=False)


def test_migrations_describe_exactly_the_models_on_postgresql(db: Database) -> None:
    """Types, indexes (the partial one included) and constraints as the models say."""
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext
    from sqlmodel import SQLModel

    with db.engine.connect() as connection:
        assert compare_metadata(MigrationContext.configure(connection), SQLModel.metadata) == []


def test_two_processes_opening_a_new_database_at_once(empty_postgres_url: str) -> None:
    """Both find it empty; the migration runs once, the other waits for it and finds it done."""
    script = ("import sys\nfrom ror_assistant.storage import open_database\n"
              "db = open_database(sys.argv[1])\nprint(db.schema_revision())\ndb.dispose()\n")
    processes = [subprocess.Popen([sys.executable, "-c", script, empty_postgres_url], stdout=subprocess.PIPE,
                                  stderr=subprocess.PIPE, text=True) for _ in range(2)]
    outputs = [process.communicate(timeout=60) for process in processes]
    assert [(process.returncode, out.strip()) for process, (out, _err) in zip(processes, outputs)] == [
        (0, "0001"), (0, "0001")], outputs


def test_database_of_another_program(empty_postgres_url: str) -> None:
    engine = sa.create_engine(empty_postgres_url)
    with engine.begin() as connection:
        connection.exec_driver_sql("CREATE TABLE clients (id serial PRIMARY KEY, nom text)")
    try:
        for create in (True, False):
            with pytest.raises(UserError, match="n'est pas une base de données ror-assistant"):
                open_database(empty_postgres_url, create=create)
        with engine.connect() as connection:  # untouched
            assert sa.inspect(connection).get_table_names() == ["clients"]
    finally:
        engine.dispose()


def test_database_from_a_newer_version(empty_postgres_url: str) -> None:
    open_database(empty_postgres_url).dispose()
    engine = sa.create_engine(empty_postgres_url)
    with engine.begin() as connection:
        connection.exec_driver_sql("UPDATE alembic_version SET version_num = '9999'")
    engine.dispose()
    with pytest.raises(UserError, match="version plus récente de ror-assistant"):
        open_database(empty_postgres_url)


def test_missing_database_and_unreachable_server_are_french_errors(pg_server: Any, tmp_path: Path) -> None:
    with pytest.raises(UserError) as caught:
        open_database(pg_server.url("base_absente"))
    assert "base_absente" in caught.value.message and "n'existe pas" in caught.value.message
    assert "createdb" in (caught.value.hint or "")
    nowhere = pg_server.url("ror").replace(str(pg_server.socket_dir), str(tmp_path))
    with pytest.raises(UserError) as caught:
        open_database(nowhere)
    assert "Impossible de joindre le serveur" in caught.value.message
    assert "joignable" in (caught.value.hint or "")


# --- two sessions writing at the same time -------------------------------------------------------

def _waiting_backends(db: Database) -> int:
    """How many server sessions are waiting for a lock (the advisory write lock, a row…)."""
    with db.engine.connect() as connection:
        return connection.exec_driver_sql(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'"
        ).scalar_one()


def _race(db: Database, first: Callable[[Any], None], second: Callable[[], Any]) -> Any:
    """Run ``first`` inside a write transaction of ``db`` kept open until ``second``, started
    meanwhile in another thread (another engine), is seen waiting on the server; then commit
    and return what ``second`` returned or raised."""
    outcome: list[Any] = []

    def run_second() -> None:
        try:
            outcome.append(second())
        except BaseException as error:  # noqa: BLE001  (handed back to the test)
            outcome.append(error)

    thread = threading.Thread(target=run_second)
    with db.write("alice") as session:
        first(session)
        session.flush()
        thread.start()
        deadline = time.monotonic() + 10
        while _waiting_backends(db) == 0 and thread.is_alive():
            assert time.monotonic() < deadline, "the second writer never waited for the first"
            time.sleep(0.02)
    thread.join(30)
    assert not thread.is_alive()
    return outcome[0]


def test_second_writer_waits_then_gets_a_conflict_naming_the_first(db: Database, ids: dict[str, int]) -> None:
    unit_id = ids["unit"]
    other = second_session(db)
    try:
        with other.read() as session:  # bob's screen: no mode de prise en charge yet
            seen = unit_description(session, unit_id).mode_prise_en_charge

        def bob() -> None:
            with other.write("bob") as session:
                set_coded(session, "bob", unit_id, HJ, expected=seen.code if seen else None)

        result = _race(db, lambda session: set_coded(session, "alice", unit_id, HC, expected=None), bob)
        assert isinstance(result, ConflictError), result
        message = str(result)
        assert "par alice le " in message and " à " in message  # who and when (Paris time)
        assert "Hospitalisation complète (HC)" in message and "n'a pas été enregistrée" in message
        with other.read() as session:
            assert unit_description(session, unit_id).mode_prise_en_charge.code == "28"
            entries = history(session, unit_id=unit_id, field="modePriseEnCharge")
        assert [(entry.user, entry.action) for entry in entries] == [("alice", "create")]
    finally:
        other.dispose()


def test_renames_of_a_level_are_serialised_too(db: Database, ids: dict[str, int]) -> None:
    """Not only units: an EG renamed by two people who both saw the old name."""
    other = second_session(db)
    try:
        def bob() -> None:
            with other.write("bob") as session:
                rename(session, "bob", "eg", ids["eg"], "CHU Timone", expected="Hôpital de la Timone")

        result = _race(db, lambda session: rename(session, "alice", "eg", ids["eg"], "Hôpital Timone adultes",
                                                  expected="Hôpital de la Timone"), bob)
        assert isinstance(result, ConflictError) and "alice" in str(result), result
        with other.read() as session:
            assert session.get(EntiteGeographique, ids["eg"]).nom == "Hôpital Timone adultes"
    finally:
        other.dispose()


def test_same_finess_created_by_two_sessions_at_once(db: Database, ids: dict[str, int]) -> None:
    """The second creation sees the first one: a French error, not a unique-constraint traceback."""
    other = second_session(db)
    try:
        def bob() -> None:
            with other.write("bob") as session:
                create_ej(session, "bob", "690781810", "HCL (doublon)")

        result = _race(db, lambda session: create_ej(session, "alice", "690781810", "Hospices Civils de Lyon"), bob)
        assert isinstance(result, UserError) and "existe déjà" in str(result), result
        with db.read() as session:
            assert len(session.exec(select(EntiteJuridique).where(EntiteJuridique.finess == "690781810")).all()) == 1
    finally:
        other.dispose()


def test_many_concurrent_writers_lose_no_update(db: Database, ids: dict[str, int]) -> None:
    """Three sessions each add 1 to a counter kept in the unit's comment, 10 times, retrying on
    ConflictError as a person would: the final count is exact."""
    unit_id, rounds = ids["unit"], 10
    sessions = [second_session(db) for _ in range(3)]
    conflicts: list[int] = []
    errors: list[BaseException] = []

    def count(database: Database, user: str) -> None:
        try:
            for _ in range(rounds):
                while True:
                    with database.read() as session:
                        seen = unit_description(session, unit_id).comment
                    try:
                        with database.write(user) as session:
                            set_comment(session, user, unit_id, str(int(seen or 0) + 1), expected=seen)
                        break
                    except ConflictError:
                        conflicts.append(1)
        except BaseException as error:  # noqa: BLE001
            errors.append(error)

    threads = [threading.Thread(target=count, args=(database, f"user{n}")) for n, database in enumerate(sessions)]
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(60)
    finally:
        for database in sessions:
            database.dispose()
    assert errors == []
    with db.read() as session:
        unit = unit_description(session, unit_id)
        updates = [entry for entry in history(session, unit_id=unit_id, field="comment") if entry.action == "update"]
    assert unit.comment == str(3 * rounds)
    assert len(updates) == 3 * rounds
    assert unit.revision == 1 + 3 * rounds


def test_busy_database_is_reported_in_french_while_reads_go_on(db: Database, ids: dict[str, int]) -> None:
    impatient = second_session(db, busy_timeout=0.2)
    try:
        with db.write("alice") as session:
            set_comment(session, "alice", ids["unit"], "en cours", expected="")
            started = time.monotonic()
            with (pytest.raises(UserError, match="occupée par une autre session") as caught,
                  impatient.write("bob") as other):
                set_comment(other, "bob", ids["unit"], "autre", expected="")
            assert time.monotonic() - started < 5
            assert "Réessayez" in str(caught.value)
            with impatient.read() as reading:  # readers are never blocked, and see the last commit
                assert unit_description(reading, ids["unit"]).comment == ""
        with impatient.write("bob") as session:  # the lock went with alice's commit
            set_comment(session, "bob", ids["unit"], "repris", expected="en cours")
    finally:
        impatient.dispose()


def test_killed_writer_leaves_nothing_and_releases_the_lock(db: Database, ids: dict[str, int]) -> None:
    url = db.url.render_as_string(hide_password=False)
    script = (
        "import os, signal\n"
        "from ror_assistant.storage import open_database, create_ej\n"
        f"db = open_database({url!r})\n"
        "with db.write('alice') as session:\n"
        "    create_ej(session, 'alice', '750712184', 'AP-HP')\n"
        "    session.flush()\n"
        "    os.kill(os.getpid(), signal.SIGKILL)\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, timeout=60, check=False)
    assert result.returncode == -9, result.stderr.decode()
    with db.write("bob") as session:  # not blocked by the dead session's transaction
        create_ej(session, "bob", "750712184", "AP-HP")
    with db.read() as session:
        assert [row.raison_sociale for row in session.exec(select(EntiteJuridique)).all()
                if row.finess == "750712184"] == ["AP-HP"]
        assert {entry.user for entry in session.exec(select(AuditEntry)).all()} == {"admin", "bob"}


# --- the interview engine and the export on a server ----------------------------------------------

def _interview_then_export(database: Database, text_matcher: Any) -> dict[str, Any]:
    unit_id = new_unit(database)
    engine = Interview.open(database, unit_id, USER, matcher=text_matcher)
    feed(engine, ONCOLOGY_SCRIPT)
    assert engine.finished
    resumed = Interview.open(database, unit_id, USER, matcher=text_matcher)  # resumes where it stopped
    assert resumed.finished
    with database.read() as session:
        unit = unit_description(session, unit_id)
    return json.loads(build_export([unit], load_catalog()).model_dump_json())


def _without_moments(value: Any) -> Any:
    """The export minus what depends on when it ran."""
    if isinstance(value, dict):
        return {key: _without_moments(item) for key, item in value.items()
                if key not in ("genere_le", "mise_a_jour")}
    if isinstance(value, list):
        return [_without_moments(item) for item in value]
    return value


def test_interview_and_export_are_the_same_as_on_sqlite(db: Database, matcher: Any, tmp_path: Path) -> None:  # noqa: F811
    on_postgres = _interview_then_export(db, matcher)
    sqlite = open_database(f"sqlite:///{tmp_path / 'ror.sqlite3'}")
    try:
        on_sqlite = _interview_then_export(sqlite, matcher)
    finally:
        sqlite.dispose()
    [unit] = on_postgres["unites"]
    assert unit["mode_prise_en_charge"]["code"] == "29"
    assert unit["activites_operationnelles"][0]["texte_saisi"] == "chimiothérapie"
    assert unit["peuplement"]["statut"] == "Finalisé"
    assert _without_moments(on_postgres) == _without_moments(on_sqlite)
    with db.read() as session:
        assert {entry.user for entry in history(session)} == {USER}

