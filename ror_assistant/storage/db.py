"""Opening the database: engine set-up, schema migrations, short transactions, French errors.

Several référents work at the same time (SSH sessions, one process per browser in
workshops) on one SQLite file, so SQLite is set up for that: WAL (readers never block the
writer), foreign keys on, a busy timeout, and every write transaction starts with
``BEGIN IMMEDIATE`` so two writers queue at the start instead of failing half-way (pysqlite
recipe "Serializable isolation / Savepoints / Transactional DDL" of the SQLAlchemy docs).

PostgreSQL gets the same guarantee (``_setup_postgresql``): every write transaction first takes
one transaction-level advisory lock, so writers queue at the start exactly as on SQLite, each
statement after it sees what the previous writer committed (READ COMMITTED), and the busy
timeout becomes ``lock_timeout``. Readers are never blocked (MVCC). Other SQLAlchemy URLs get
no such set-up: they rely on the unit row being read ``FOR UPDATE`` (``changes.get_unit``).

The schema is owned by Alembic (``migrations/`` next to this file, shipped in the wheel) and
brought to the newest revision on open, so a file made by an older version keeps working.
Every failure a user can meet is turned into one :class:`UserError` in French.
"""

from __future__ import annotations

import ast
import functools
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.engine import URL, Engine, make_url
from sqlalchemy.pool import StaticPool
from sqlmodel import Session

from ror_assistant.errors import UserError
from ror_assistant.settings import default_data_dir

if TYPE_CHECKING:  # Alembic (~85 ms to import) is loaded only when a migration really runs
    from alembic.config import Config

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
DEFAULT_BUSY_TIMEOUT = 5.0  # seconds a writer waits for another one before giving up
#: Key of the PostgreSQL advisory lock every write transaction takes (b"ror-asst" as a bigint).
#: Advisory locks are per database: two ror-assistant databases on one server do not share it.
POSTGRES_WRITE_LOCK = 8245934981972718452


def alembic_config(url: str) -> Config:
    """Alembic configuration pointing at the bundled migrations (no alembic.ini needed).

    Also the way to write the next migration::

        from alembic import command
        command.revision(alembic_config("sqlite:///dev.sqlite3"), autogenerate=True, message="…")
    """
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


class Database:
    """An opened, up-to-date database; hands out sessions for reads and short writes."""

    def __init__(self, engine: Engine, url: URL, busy_timeout: float) -> None:
        self.engine = engine
        self.url = url
        self.busy_timeout = busy_timeout
        self._writer = engine.execution_options(ror_begin="IMMEDIATE")

    @property
    def display_url(self) -> str:
        """The URL without its password, safe to show."""
        return self.url.render_as_string(hide_password=True)

    def schema_revision(self) -> str | None:
        """Alembic revision recorded in the database (None for an empty database)."""
        with self._translated(), self.engine.connect() as connection:
            return _stored_revision(connection)

    @staticmethod
    def head_revision() -> str | None:
        """Newest schema revision this version of ror-assistant knows."""
        return _revisions()[1]

    def upgrade(self) -> str | None:
        """Bring the schema to the newest revision; returns the revision now recorded.

        Runs in one write transaction (IMMEDIATE on SQLite, holding the write lock on
        PostgreSQL), so two processes opening a new database at the same time do not both
        create the tables, and a failed migration leaves the old schema.
        """
        with self._translated(), self._writer.begin() as connection:
            current = _stored_revision(connection)
            _check_known(current, self)
            if current is None:
                _check_empty(connection, self)
            if current != self.head_revision():
                from alembic import command

                config = alembic_config(self.url.render_as_string(hide_password=False))
                config.attributes["connection"] = connection
                command.upgrade(config, "head")
        return self.schema_revision()

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A session for reading; nothing it changes is committed.

        Rows stay usable after the block: closing detaches them without expiring them (a
        rollback would), and the models have no lazy relations.
        """
        with self._translated(), Session(self.engine, expire_on_commit=False) as session:
            yield session  # closing without commit discards any change; rows keep their values

    @contextmanager
    def write(self, user: str) -> Iterator[Session]:
        """One short write transaction on behalf of ``user``: committed on exit, rolled back on error.

        The transaction (``BEGIN IMMEDIATE`` on SQLite, the advisory write lock on PostgreSQL)
        starts on entry, so a database busy beyond the timeout is reported before any work is
        done, and an exception anywhere in the block, or the process being killed, leaves
        nothing half-written. ``user`` is recorded in ``session.info["user"]``; audit entries
        of this transaction must carry it.
        """
        if not user:
            raise ValueError("a write transaction needs the name of the person making it")
        with self._translated(), Session(self._writer, expire_on_commit=False) as session:
            session.info["user"] = user
            with session.begin():
                session.connection()  # take the write lock now, not at the first statement
                yield session

    def dispose(self) -> None:
        """Close pooled connections (end of a command, end of a test)."""
        self.engine.dispose()

    @contextmanager
    def _translated(self) -> Iterator[None]:
        try:
            yield
        except sa.exc.DBAPIError as error:
            translated = _user_error(error.orig, self)
            if translated is None and isinstance(error, sa.exc.OperationalError):
                translated = _unreachable(error.orig, self)
            if translated is None:
                raise  # an integrity or programming error is a bug: keep the traceback
            raise translated from error
        except sqlite3.Error as error:  # raised by the connect hook before SQLAlchemy wraps it
            raise (_user_error(error, self) or _unreachable(error, self)) from error


def open_database(url: str, *, create: bool = True, upgrade: bool = True,
                  busy_timeout: float = DEFAULT_BUSY_TIMEOUT) -> Database:
    """Open the database at ``url`` and bring its schema up to date.

    ``create=False`` refuses to create a missing SQLite file (commands that only inspect);
    ``upgrade=False`` opens without migrating (``db info`` shows the revision as it is).
    Raises :class:`UserError` for a file that is not ours, corrupt, locked, read-only or
    made by a newer version.
    """
    try:
        parsed = _parse_url(url)
    except sa.exc.ArgumentError as error:
        raise UserError(f"L'adresse de base de données « {url} » n'est pas une URL SQLAlchemy valide.",
                        "Exemples : sqlite:////chemin/vers/ror.sqlite3 ou postgresql://serveur/ror.") from error
    engine = _make_engine(parsed, create=create, busy_timeout=busy_timeout)
    database = Database(engine, parsed, busy_timeout)
    try:
        current = database.schema_revision()
        _check_known(current, database)
        if current is None and not (create and upgrade):
            # when it migrates, upgrade() checks again under the write lock: another process may
            # be creating the tables right now, and finding them is then no foreign database
            with database._translated(), engine.connect() as connection:
                _check_empty(connection, database)
        if current is None and not create:
            raise UserError(f"La base de données {database.display_url} est vide.",
                            "Ouvrez-la une première fois avec ror-assistant (sans --no-create) pour la créer.")
        if upgrade and current != database.head_revision():
            database.upgrade()
    except BaseException:
        database.dispose()
        raise
    return database


def _parse_url(url: str) -> URL:
    """A SQLAlchemy URL, or a plain file path (« ror.sqlite3 », « ~/ror/base.db ») read as a SQLite
    file: people type paths, and only a server needs a URL."""
    if "://" not in url and not url.startswith("sqlite:"):
        return URL.create("sqlite", database=str(Path(url).expanduser().resolve()))
    return make_url(url)


def _make_engine(url: URL, *, create: bool, busy_timeout: float) -> Engine:
    try:
        if url.get_backend_name() != "sqlite":
            engine = sa.create_engine(url, pool_pre_ping=True)
            if url.get_backend_name() == "postgresql":
                _setup_postgresql(engine, busy_timeout)
            return engine
    except (sa.exc.NoSuchModuleError, ImportError) as error:
        hint = ("Installez le pilote PostgreSQL : pip install 'psycopg[binary]' (URL postgresql+psycopg://…)."
                if url.get_backend_name() == "postgresql" else
                "Installez le pilote Python de cette base, ou utilisez une URL sqlite:///.")
        raise UserError(f"Le type de base « {url.drivername} » n'est pas disponible.", hint) from error
    memory = url.database in (None, "", ":memory:") or url.query.get("mode") == "memory"
    if memory:
        engine = sa.create_engine(url, poolclass=StaticPool, connect_args={"check_same_thread": False})
    else:
        if url.query.get("uri") not in ("true", "1"):
            _prepare_sqlite_file(Path(url.database), create=create)
        engine = sa.create_engine(url, connect_args={"timeout": busy_timeout})
    _setup_sqlite(engine, busy_timeout)
    return engine


def _prepare_sqlite_file(path: Path, *, create: bool) -> None:
    """Create the default data directory; refuse to create anything else silently."""
    if path.exists():
        return
    if not create:
        raise UserError(f"La base de données {path} n'existe pas.",
                        "Vérifiez le chemin donné à --db ou à ROR_ASSISTANT_DB.")
    if not path.parent.exists():
        if path.parent == default_data_dir():
            path.parent.mkdir(parents=True, exist_ok=True)
        else:
            raise UserError(f"Le dossier {path.parent} n'existe pas : impossible d'y créer la base de données.",
                            "Créez ce dossier, ou choisissez un autre chemin avec --db.")


def _setup_sqlite(engine: Engine, busy_timeout: float) -> None:
    """Per-connection pragmas, and BEGIN emitted by us (pysqlite's own is not IMMEDIATE)."""

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # let the "begin" hook emit BEGIN
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute(f"PRAGMA busy_timeout = {int(busy_timeout * 1000)}")
            cursor.execute("PRAGMA foreign_keys = ON")
            cursor.execute("PRAGMA journal_mode = WAL")
            cursor.execute("PRAGMA synchronous = NORMAL")
        finally:
            cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: sa.Connection) -> None:
        mode = connection.get_execution_options().get("ror_begin", "DEFERRED")
        connection.exec_driver_sql(f"BEGIN {mode}")


def _setup_postgresql(engine: Engine, busy_timeout: float) -> None:
    """Write transactions queue on one advisory lock, waiting at most ``busy_timeout``.

    The equivalent of SQLite's ``BEGIN IMMEDIATE``: without it, two sessions could both check
    the value they displayed (``expected``) before either commits, and the second would
    silently overwrite the first wherever no row is locked (renaming an EG, creating the same
    FINESS, a global alias, the first migration). The lock is released by COMMIT or ROLLBACK,
    or by the server when the session's connection dies. ``lock_timeout`` also bounds waits
    on row locks; reads take no lock and never wait.
    """

    @event.listens_for(engine, "begin")
    def _on_begin(connection: sa.Connection) -> None:
        if connection.get_execution_options().get("ror_begin") != "IMMEDIATE":
            return
        connection.exec_driver_sql(f"SET LOCAL lock_timeout = {max(1, int(busy_timeout * 1000))}")
        connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({POSTGRES_WRITE_LOCK})")


def _check_known(revision: str | None, database: Database) -> None:
    if revision is None:
        return
    if revision not in _revisions()[0]:
        raise UserError(
            f"La base de données {database.display_url} a été créée par une version plus récente "
            f"de ror-assistant (schéma {revision}).",
            "Mettez à jour ror-assistant (pip install -U ror-assistant) avant de l'ouvrir.",
        )


def _stored_revision(connection: sa.Connection) -> str | None:
    """The revision in ``alembic_version``, read with plain SQL (what Alembic's
    ``MigrationContext.get_current_revision`` returns, without importing Alembic)."""
    if not sa.inspect(connection).has_table("alembic_version"):
        return None
    rows = connection.execute(sa.text("SELECT version_num FROM alembic_version")).scalars().all()
    if len(rows) > 1:
        raise RuntimeError(f"several schema revisions recorded in alembic_version: {rows}")
    return rows[0] if rows else None


@functools.cache
def _revisions() -> tuple[frozenset[str], str | None]:
    """Revision ids of the bundled migrations and the head, read from ``migrations/versions``
    without importing Alembic (tests/test_startup.py checks they equal Alembic's own answer)."""
    parents: dict[str, tuple[str, ...]] = {}
    for path in sorted((MIGRATIONS_DIR / "versions").glob("*.py")):
        values: dict[str, Any] = {}
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            target = node.target if isinstance(node, ast.AnnAssign) else (
                node.targets[0] if isinstance(node, ast.Assign) and len(node.targets) == 1 else None)
            if isinstance(target, ast.Name) and target.id in ("revision", "down_revision") and node.value:
                values[target.id] = ast.literal_eval(node.value)
        if "revision" in values:
            down = values.get("down_revision")
            parents[values["revision"]] = tuple(down) if isinstance(down, (tuple, list)) else (down,) if down else ()
    referenced = {parent for downs in parents.values() for parent in downs}
    heads = sorted(set(parents) - referenced)
    if len(heads) > 1:
        raise RuntimeError(f"several migration heads in {MIGRATIONS_DIR}: {heads}")
    return frozenset(parents), (heads[0] if heads else None)


def _check_empty(connection: sa.Connection, database: Database) -> None:
    """A database with tables but no schema revision belongs to another program."""
    tables = set(sa.inspect(connection).get_table_names()) - {"alembic_version"}
    if tables:
        raise _not_ours(database)


def _not_ours(database: Database) -> UserError:
    return UserError(
        f"{database.display_url} n'est pas une base de données ror-assistant "
        "(fichier d'un autre programme, illisible ou endommagé).",
        "Vérifiez le chemin donné à --db ou à ROR_ASSISTANT_DB ; si le fichier est endommagé, "
        "restaurez la dernière sauvegarde.",
    )


def _user_error(error: BaseException, database: Database) -> UserError | None:
    """Turn a driver error into the one French message the user can act on (None: unknown)."""
    if database.url.get_backend_name() != "sqlite":
        return _server_error(error, database)
    text = str(error).lower()
    where = database.display_url
    if "locked" in text or "busy" in text:
        return _busy(database)
    if "readonly" in text or "read-only" in text:
        return UserError(
            f"La base de données {where} est en lecture seule : rien ne peut y être enregistré.",
            "Donnez-vous le droit d'écrire sur le fichier et sur son dossier (SQLite y crée ses fichiers "
            "-wal et -shm), ou choisissez une autre base avec --db.",
        )
    if "unable to open" in text:
        return UserError(
            f"Impossible d'ouvrir la base de données {where}.",
            "Vérifiez que le dossier existe et que vous avez le droit d'y lire et d'y écrire "
            "(SQLite y crée ses fichiers -wal et -shm), ou choisissez une autre base avec --db.",
        )
    if "not a database" in text or "malformed" in text or "corrupt" in text:
        return _not_ours(database)
    return None


def _busy(database: Database) -> UserError:
    return UserError(
        f"La base de données {database.display_url} est occupée par une autre session "
        f"(une écriture dure depuis plus de {database.busy_timeout:g} s).",
        "Réessayez dans quelques instants ; si cela persiste, vérifiez qu'aucune session ror-assistant n'est bloquée.",
    )


#: SQLSTATE codes (PostgreSQL's, also used by other servers) of errors a user can act on.
_BUSY_STATES = {"55P03", "40P01", "40001"}  # lock_not_available, deadlock_detected, serialization_failure
_READ_ONLY_STATES = {"25006"}  # read_only_sql_transaction (standby, default_transaction_read_only)
_PRIVILEGE_STATES = {"42501"}  # insufficient_privilege


def _server_error(error: BaseException, database: Database) -> UserError | None:
    """A database server's error (PostgreSQL first) as a French message; None: unknown.

    Errors met while connecting carry no SQLSTATE in psycopg: they are recognised by libpq's
    wording, which is not translated as long as the client runs with lc_messages=C (default).
    """
    state = getattr(error, "sqlstate", None) or getattr(error, "pgcode", None)
    text = str(error).lower()
    where = database.display_url
    database_name = database.url.database or ""
    if state in _BUSY_STATES or "lock timeout" in text or "lock wait timeout" in text or "deadlock" in text:
        return _busy(database)
    if state in _READ_ONLY_STATES or "read-only transaction" in text:
        return UserError(
            f"La base de données {where} est en lecture seule : rien ne peut y être enregistré.",
            "Le serveur n'accepte que des lectures (serveur secondaire, ou base mise en lecture seule) : "
            "utilisez l'adresse du serveur principal, ou demandez à l'administrateur de la base.",
        )
    if state in _PRIVILEGE_STATES or "permission denied" in text:
        return UserError(
            f"L'utilisateur {database.url.username or '(par défaut)'} n'a pas les droits nécessaires "
            f"sur la base de données {where}.",
            "Demandez à l'administrateur de la base les droits de lecture et d'écriture (et de création de "
            "tables pour la première ouverture), ou utilisez un autre utilisateur dans l'URL.",
        )
    if "does not exist" in text and f'database "{database_name.lower()}"' in text:
        return UserError(
            f"La base de données « {database_name} » n'existe pas sur le serveur ({where}).",
            f"Créez-la d'abord (createdb {database_name}, ou CREATE DATABASE sur le serveur) ; "
            "ror-assistant y crée ensuite ses tables. Sinon, vérifiez le nom dans l'URL.",
        )
    if ("password authentication failed" in text or "authentication failed" in text
            or "no pg_hba.conf entry" in text or ("role" in text and "does not exist" in text)):
        return UserError(
            f"Le serveur de base de données refuse la connexion à {where}.",
            "Vérifiez l'utilisateur et le mot de passe donnés dans l'URL (ou dans ~/.pgpass), "
            "et que le serveur autorise cette connexion.",
        )
    if any(words in text for words in ("connection refused", "no such file or directory", "resolve host",
                                       "translate host name", "timeout expired", "is the server running",
                                       "network is unreachable", "no route to host")):
        return UserError(
            f"Impossible de joindre le serveur de base de données {where}.",
            "Vérifiez l'adresse du serveur et le port dans l'URL, que le serveur est démarré et joignable "
            "depuis cette machine, puis réessayez.",
        )
    return None


def _unreachable(error: BaseException, database: Database) -> UserError:
    return UserError(
        f"Erreur de la base de données {database.display_url} : {error}",
        "Vérifiez l'URL de la base et que le serveur est joignable, puis réessayez.",
    )
