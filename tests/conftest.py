"""Fixtures shared by the storage tests: the database backends they run on.

``storage_url`` is parametrised over SQLite (a file in ``tmp_path``) and PostgreSQL (a fresh
database on a throwaway server started once per session, see ``tests/postgres_server.py``),
so a storage scenario written once runs on both. PostgreSQL cases carry the ``postgres``
marker (``-m "not postgres"`` leaves them out) and are skipped, with the reason, where the
server binaries or the psycopg driver are missing.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

import postgres_server

BACKENDS = [pytest.param("sqlite", id="sqlite"),
            pytest.param("postgresql", id="postgresql", marks=pytest.mark.postgres)]


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "postgres: runs against a throwaway PostgreSQL server (skipped without one)")


@pytest.fixture(scope="session")
def pg_server() -> Iterator[postgres_server.PostgresServer]:
    """One throwaway PostgreSQL cluster for the whole session (≈ 0.5 s to start)."""
    pytest.importorskip("psycopg", reason="the psycopg driver is missing: pip install -e '.[test]'")
    try:
        server = postgres_server.start()
    except postgres_server.Unavailable as reason:
        pytest.skip(str(reason))
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def pg_shared_database(pg_server: postgres_server.PostgresServer) -> str:
    """One database migrated to head once per session, emptied before each test that uses it.

    Emptying (DELETE, sequences restarted: ids start at 1 as in a new SQLite file) takes
    ~30 ms where CREATE DATABASE takes ~300 ms and a migration ~200 ms.
    """
    from ror_assistant.storage import open_database

    name = pg_server.create_database("ror_tests")
    open_database(pg_server.url(name)).dispose()
    return name


@pytest.fixture
def postgres_url(pg_server: postgres_server.PostgresServer, pg_shared_database: str) -> str:
    """URL of a migrated PostgreSQL database holding no row (the schema revision is kept)."""
    from sqlmodel import SQLModel

    tables = [table.name for table in reversed(SQLModel.metadata.sorted_tables)]  # children first
    with pg_server.connect(pg_shared_database) as connection, connection.transaction():
        connection.execute("SET LOCAL lock_timeout = '5s'")  # a test left a transaction open: fail, not hang
        for table in tables:
            connection.execute(f'DELETE FROM "{table}"')
        sequences = connection.execute("SELECT sequence_name FROM information_schema.sequences "
                                       "WHERE sequence_schema = 'public'").fetchall()
        for (sequence,) in sequences:
            connection.execute(f'ALTER SEQUENCE "{sequence}" RESTART')
    return pg_server.url(pg_shared_database)


@pytest.fixture
def empty_postgres_url(pg_server: postgres_server.PostgresServer) -> Iterator[str]:
    """URL of a new, empty PostgreSQL database (no table at all), dropped after the test."""
    name = pg_server.create_database()
    yield pg_server.url(name)
    pg_server.drop_database(name)


@pytest.fixture(params=BACKENDS)
def storage_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A ror-assistant database URL, once per backend: SQLite file, then PostgreSQL database."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'ror.sqlite3'}"
    return request.getfixturevalue("postgres_url")
