"""A throwaway PostgreSQL cluster for the tests: initdb in a temporary folder, one server
listening on a unix socket only (no TCP port, so nothing to race for), stopped and deleted at
the end of the session.

Used by the ``postgres_server`` fixture of ``tests/conftest.py``. The server binaries are found
on PATH (``initdb``, ``postgres``) or in Debian's ``/usr/lib/postgresql/<version>/bin``; when
they are absent the PostgreSQL tests are skipped (:class:`Unavailable` carries the reason).

PostgreSQL refuses to run as root (« initdb: cannot be run as root »). CI and the development
machines run the tests as root, so the cluster is then made and run as the unprivileged user
``nobody``: ``subprocess`` switches user and group in the child (``user=``/``group=``,
Python ≥ 3.9), no ``su``/``runuser`` needed. The test process (root) still reaches the socket:
it is created world-writable in a folder owned by ``nobody``.

The cluster trades durability for speed (``fsync=off``, ``synchronous_commit=off``): it lives
a few seconds and holds nothing worth keeping. Starting it takes about half a second. The
server is stopped at the end of the session; should the test process die first (killed, Ctrl-C
twice), Linux sends the server SIGINT (``PR_SET_PDEATHSIG``) so no postgres is left running,
and folders left behind by such a run are removed by the next one.
"""

from __future__ import annotations

import ctypes
import glob
import os
import pwd
import shutil
import signal
import subprocess
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

SUPERUSER = "postgres"
PORT = 5432  # only names the socket file (.s.PGSQL.5432) in our own folder: no TCP listening
UNPRIVILEGED_USER = "nobody"
START_TIMEOUT = 30.0


class Unavailable(Exception):
    """No PostgreSQL server can be run here (the reason is the skip message)."""


def find_binaries() -> Path:
    """Folder holding initdb and postgres: PATH first, then Debian's versioned folders."""
    for name in ("initdb", "postgres"):
        found = shutil.which(name)
        if found:
            folder = Path(found).resolve().parent
            if (folder / "initdb").is_file() and (folder / "postgres").is_file():
                return folder
    debian = sorted(glob.glob("/usr/lib/postgresql/*/bin/postgres"),
                    key=lambda path: int(Path(path).parent.parent.name) if Path(path).parent.parent.name.isdigit() else 0)
    for postgres in reversed(debian):
        folder = Path(postgres).parent
        if (folder / "initdb").is_file():
            return folder
    raise Unavailable("PostgreSQL server binaries (initdb, postgres) not found on PATH "
                      "nor in /usr/lib/postgresql/*/bin: install postgresql to run these tests")


class PostgresServer:
    """A running throwaway server; ``url(name)`` gives SQLAlchemy URLs of its databases."""

    def __init__(self, root: Path, process: subprocess.Popen[bytes], log: Path) -> None:
        self.root = root
        self.socket_dir = root
        self.process = process
        self.log = log

    def url(self, database: str = "postgres", *, driver: str = "psycopg") -> str:
        return (f"postgresql+{driver}://{SUPERUSER}@/{database}"
                f"?host={self.socket_dir}&port={PORT}")

    def connect(self, database: str = "postgres") -> Any:
        """A raw autocommit psycopg connection (CREATE/DROP DATABASE cannot run in a transaction)."""
        import psycopg

        return psycopg.connect(host=str(self.socket_dir), port=PORT, user=SUPERUSER, dbname=database,
                               autocommit=True)

    def create_database(self, name: str | None = None, *, template: str | None = None) -> str:
        """A new database (empty, or a copy of ``template``); returns its name."""
        name = name or f"ror_{uuid.uuid4().hex[:12]}"
        with self.connect() as connection:
            connection.execute(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else ""))
        return name

    def drop_database(self, name: str) -> None:
        with self.connect() as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def stop(self) -> None:
        """Fast shutdown (SIGINT), then the folder goes."""
        try:
            if self.process.poll() is None:
                self.process.send_signal(signal.SIGINT)
                try:
                    self.process.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    self.process.kill()
                    self.process.wait()
        finally:
            shutil.rmtree(self.root, ignore_errors=True)


def _stop_with_parent() -> None:
    """In the server's process, before exec: get SIGINT (fast shutdown) when the test process dies."""
    try:
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGINT)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):  # not Linux: the fixture's teardown still stops it
        pass


def _remove_stale_folders(base: str | None) -> None:
    """Folders of earlier runs whose server is gone (a killed test process cannot clean up)."""
    for folder in glob.glob(os.path.join(base or tempfile.gettempdir(), "ror-pg-*")):
        pid_file = Path(folder, "data", "postmaster.pid")
        try:
            pid = int(pid_file.read_text().split()[0])
            os.kill(pid, 0)
            continue  # a server still runs there (another test session)
        except (OSError, ValueError, IndexError):
            pass
        if time.time() - os.path.getmtime(folder) > 60:  # not one being created right now
            shutil.rmtree(folder, ignore_errors=True)


def _as_unprivileged() -> dict[str, Any]:
    """subprocess arguments running the child as ``nobody`` when we are root, else nothing."""
    if os.geteuid() != 0:
        return {}
    try:
        entry = pwd.getpwnam(UNPRIVILEGED_USER)
    except KeyError as error:
        raise Unavailable(f"running as root and there is no user {UNPRIVILEGED_USER!r} to run PostgreSQL as "
                          "(initdb refuses root)") from error
    return {"user": entry.pw_uid, "group": entry.pw_gid, "extra_groups": []}


def start() -> PostgresServer:
    """initdb + postgres in a new temporary folder; raises Unavailable when it cannot be done here."""
    binaries = find_binaries()
    privileges = _as_unprivileged()
    # A short path: the socket path must stay under ~100 characters.
    base = "/tmp" if os.path.isdir("/tmp") else None
    _remove_stale_folders(base)
    root = Path(tempfile.mkdtemp(prefix="ror-pg-", dir=base))
    try:
        if privileges:
            os.chown(root, privileges["user"], privileges["group"])
        environment = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "LC_ALL": "C", "TZ": "UTC"}
        data = root / "data"
        initdb = subprocess.run(
            [str(binaries / "initdb"), "-D", str(data), "-U", SUPERUSER, "--auth=trust", "--encoding=UTF8",
             "--locale=C", "--no-sync"],
            cwd=root, env=environment, capture_output=True, text=True, timeout=120, check=False, **privileges,
        )
        if initdb.returncode != 0:
            raise RuntimeError(f"initdb failed ({initdb.returncode}):\n{initdb.stdout}\n{initdb.stderr}")
        log = root / "postgres.log"
        with open(log, "wb") as log_file:
            process = subprocess.Popen(
                [str(binaries / "postgres"), "-D", str(data), "-p", str(PORT),
                 "-c", f"unix_socket_directories={root}", "-c", "listen_addresses=",
                 "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off",
                 "-c", "max_connections=100", "-c", "shared_buffers=32MB"],
                cwd=root, env=environment, stdout=log_file, stderr=subprocess.STDOUT,
                start_new_session=True, preexec_fn=_stop_with_parent, **privileges,  # noqa: PLW1509  (no thread yet)
            )
        server = PostgresServer(root, process, log)
        try:
            _wait_until_ready(server)
        except BaseException:
            server.stop()
            raise
        return server
    except BaseException:
        shutil.rmtree(root, ignore_errors=True)
        raise


def _wait_until_ready(server: PostgresServer) -> None:
    import psycopg

    deadline = time.monotonic() + START_TIMEOUT
    while True:
        if server.process.poll() is not None:
            output = server.log.read_text(errors="replace")
            raise RuntimeError(f"postgres exited with {server.process.returncode}:\n{output}")
        try:
            server.connect().close()
            return
        except psycopg.OperationalError:
            if time.monotonic() > deadline:
                raise RuntimeError(f"postgres not ready after {START_TIMEOUT:g} s") from None
            time.sleep(0.05)
