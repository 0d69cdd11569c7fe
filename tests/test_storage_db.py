"""Opening the database: migrations, SQLite set-up, and one French UserError per failure.

Real SQLite files in tmp_path, no mocks: the errors are the ones users would meet.
"""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlmodel import select

from ror_assistant.cli import main
from ror_assistant.errors import UserError
from ror_assistant.storage import create_ej, open_database
from ror_assistant.storage.models import AuditEntry, EntiteJuridique


def url(path: Path) -> str:
    return f"sqlite:///{path}"


def test_new_file_is_migrated_to_head_and_reopens(tmp_path: Path) -> None:
    path = tmp_path / "ror.sqlite3"
    db = open_database(url(path))
    assert db.schema_revision() == db.head_revision() == "0001"
    db.dispose()
    with sqlite3.connect(path) as raw:
        assert raw.execute("select version_num from alembic_version").fetchall() == [("0001",)]
        assert raw.execute("pragma journal_mode").fetchone() == ("wal",)
    again = open_database(url(path))
    assert again.schema_revision() == "0001"
    again.dispose()


def test_empty_sqlite_file_is_upgraded_on_open(tmp_path: Path) -> None:
    path = tmp_path / "ror.sqlite3"
    sqlite3.connect(path).close()  # a valid, empty SQLite database
    db = open_database(url(path), upgrade=False)
    assert db.schema_revision() is None
    assert db.upgrade() == "0001"
    db.dispose()


def test_tables_created_by_another_process_meanwhile_are_no_foreign_database(tmp_path: Path, monkeypatch) -> None:
    """Two processes open a new database: one reads no revision, the other commits the tables
    before the first takes the write lock. The first must find them migrated, not « another
    program's » database (the interleaving is forced: the first revision read is the stale one)."""
    from ror_assistant.storage.db import Database

    path = tmp_path / "ror.sqlite3"
    open_database(url(path)).dispose()  # the other process, done
    reads = []
    real = Database.schema_revision

    def first_read_is_stale(self):
        reads.append(None)
        return None if len(reads) == 1 else real(self)

    monkeypatch.setattr(Database, "schema_revision", first_read_is_stale)
    db = open_database(url(path))
    assert real(db) == "0001"
    db.dispose()


def test_connection_pragmas(tmp_path: Path) -> None:
    db = open_database(url(tmp_path / "ror.sqlite3"), busy_timeout=1.5)
    with db.engine.connect() as connection:
        assert connection.exec_driver_sql("pragma foreign_keys").scalar() == 1
        assert connection.exec_driver_sql("pragma busy_timeout").scalar() == 1500
        assert connection.exec_driver_sql("pragma synchronous").scalar() == 1  # NORMAL
    db.dispose()


def test_failed_write_leaves_nothing(tmp_path: Path) -> None:
    db = open_database(url(tmp_path / "ror.sqlite3"))
    with pytest.raises(RuntimeError), db.write("alice") as session:
        create_ej(session, "alice", "750712184", "AP-HP")
        raise RuntimeError("process killed half-way")
    with db.read() as session:
        assert session.exec(select(EntiteJuridique)).all() == []
        assert session.exec(select(AuditEntry)).all() == []
    db.dispose()


def test_killed_process_leaves_nothing(tmp_path: Path) -> None:
    """A writer killed with SIGKILL inside its transaction: the file has none of its work."""
    path = tmp_path / "ror.sqlite3"
    open_database(url(path)).dispose()
    script = (
        "import os, signal\n"
        "from ror_assistant.storage import open_database, create_ej\n"
        f"db = open_database({url(path)!r})\n"
        "with db.write('alice') as session:\n"
        "    create_ej(session, 'alice', '750712184', 'AP-HP')\n"
        "    session.flush()\n"
        "    os.kill(os.getpid(), signal.SIGKILL)\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True)
    assert result.returncode == -9
    db = open_database(url(path))
    with db.read() as session:
        assert session.exec(select(EntiteJuridique)).all() == []
    db.dispose()


def test_file_that_is_not_sqlite(tmp_path: Path) -> None:
    path = tmp_path / "notes.sqlite3"
    path.write_text("ceci n'est pas une base\n" * 100, encoding="utf-8")
    with pytest.raises(UserError, match="n'est pas une base de données ror-assistant"):
        open_database(url(path))


def test_sqlite_file_of_another_program(tmp_path: Path) -> None:
    path = tmp_path / "autre.sqlite3"
    with sqlite3.connect(path) as raw:
        raw.execute("create table clients (id integer primary key, nom text)")
    for create in (True, False):
        with pytest.raises(UserError, match="n'est pas une base de données ror-assistant"):
            open_database(url(path), create=create)
    with sqlite3.connect(path) as raw:  # untouched
        assert [row[0] for row in raw.execute("select name from sqlite_master where type = 'table'")] == ["clients"]


def test_database_from_a_newer_version(tmp_path: Path) -> None:
    path = tmp_path / "ror.sqlite3"
    open_database(url(path)).dispose()
    with sqlite3.connect(path) as raw:
        raw.execute("update alembic_version set version_num = '9999'")
    with pytest.raises(UserError, match="version plus récente de ror-assistant") as caught:
        open_database(url(path))
    assert "mettez à jour" in str(caught.value).lower()


def test_locked_database(tmp_path: Path) -> None:
    path = tmp_path / "ror.sqlite3"
    open_database(url(path)).dispose()
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        db = open_database(url(path), busy_timeout=0.05)
        with pytest.raises(UserError, match="occupée par une autre session") as caught:
            with db.write("bob") as session:
                create_ej(session, "bob", "750712184", "AP-HP")
        assert "Réessayez" in str(caught.value)
        with db.read() as session:  # WAL: reading still works while someone writes
            assert session.exec(select(EntiteJuridique)).all() == []
        db.dispose()
    finally:
        holder.rollback()
        holder.close()


def _make_read_only(directory: Path) -> bool:
    """chmod, or chattr +i when running as root; False if the directory stays writable."""
    directory.chmod(0o555)
    probe = directory / ".probe"
    try:
        probe.touch()
    except OSError:
        return True
    probe.unlink()
    done = subprocess.run(["chattr", "+i", str(directory)], capture_output=True).returncode == 0
    return done


def _make_writable(directory: Path) -> None:
    subprocess.run(["chattr", "-i", str(directory)], capture_output=True)
    directory.chmod(0o755)


def test_read_only_directory(tmp_path: Path) -> None:
    directory = tmp_path / "lecture-seule"
    directory.mkdir()
    if not _make_read_only(directory):
        pytest.skip("cannot make a read-only directory here")
    try:
        with pytest.raises(UserError) as caught:
            open_database(url(directory / "ror.sqlite3"))
        assert "Impossible d'ouvrir" in caught.value.message or "lecture seule" in caught.value.message
        assert "droit" in (caught.value.hint or "")
    finally:
        _make_writable(directory)


def test_read_only_file(tmp_path: Path) -> None:
    path = tmp_path / "ror.sqlite3"
    open_database(url(path)).dispose()
    db = open_database(f"sqlite:///file:{path}?mode=ro&uri=true")
    with pytest.raises(UserError, match="lecture seule"), db.write("alice") as session:
        create_ej(session, "alice", "750712184", "AP-HP")
    db.dispose()


def test_missing_folder_is_not_created(tmp_path: Path) -> None:
    with pytest.raises(UserError, match="n'existe pas"):
        open_database(url(tmp_path / "absent" / "ror.sqlite3"))
    assert not (tmp_path / "absent").exists()


def test_create_false_refuses_a_missing_file(tmp_path: Path) -> None:
    with pytest.raises(UserError, match="n'existe pas"):
        open_database(url(tmp_path / "ror.sqlite3"), create=False)
    assert not (tmp_path / "ror.sqlite3").exists()


def test_invalid_url() -> None:
    with pytest.raises(UserError, match="URL SQLAlchemy"):
        open_database("pas une url://serveur")


def test_in_memory_database_shares_one_connection() -> None:
    db = open_database("sqlite://")
    with db.write("alice") as session:
        create_ej(session, "alice", "750712184", "AP-HP")
    with db.read() as session:
        assert session.scalar(sa.select(sa.func.count()).select_from(EntiteJuridique)) == 1
    db.dispose()


def test_cli_db_upgrade_then_info(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = url(tmp_path / "ror.sqlite3")
    assert main(["--db", target, "db", "upgrade"]) == 0
    assert "base neuve → 0001" in capsys.readouterr().out
    assert main(["--db", target, "db", "info"]) == 0
    out = capsys.readouterr().out
    assert "Schéma : 0001 — à jour" in out
    assert "Unités élémentaires : 0" in out


def test_cli_db_info_on_a_missing_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--db", url(tmp_path / "ror.sqlite3"), "db", "info"]) == 2
    assert "n'existe pas" in capsys.readouterr().err
    assert not (tmp_path / "ror.sqlite3").exists()


def test_migrations_describe_exactly_the_models(tmp_path: Path) -> None:
    """A model changed without its migration would make old files differ from new ones."""
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext
    from sqlmodel import SQLModel

    db = open_database(url(tmp_path / "ror.sqlite3"))
    with db.engine.connect() as connection:
        assert compare_metadata(MigrationContext.configure(connection), SQLModel.metadata) == []
    db.dispose()


def test_default_file_gets_its_folder_created(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from ror_assistant.settings import default_data_dir, default_db_url

    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    assert not default_data_dir().exists()
    db = open_database(default_db_url())
    assert db.schema_revision() == "0001"
    assert (default_data_dir() / "ror-assistant.sqlite3").is_file()
    db.dispose()


def test_a_plain_file_path_opens_a_sqlite_file(tmp_path, monkeypatch):
    """People type paths (« --db ror.sqlite3 »), not URLs."""
    monkeypatch.chdir(tmp_path)
    database = open_database("ror.sqlite3")
    try:
        assert database.schema_revision() == database.head_revision()
    finally:
        database.dispose()
    assert (tmp_path / "ror.sqlite3").is_file()
