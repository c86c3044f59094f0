"""Engine, sessions and schema upgrades.

SQLite gets WAL mode and a busy timeout so that a scheduled run and a manual run can
share the file; PostgreSQL needs nothing special.
"""

from __future__ import annotations

import fcntl
import hashlib
import re
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import unquote

from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.util import asbool

from reviewprep.permissions import private_dir, private_file

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS = Path(__file__).with_name("migrations")


@lru_cache(maxsize=8)
def get_engine(url: str) -> Engine:
    """The engine for `url`; its errors never carry the statement's values (row contents, confidential text)."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if (database := sqlite_path(parsed)) is not None:
            private_file(private_dir(database.parent) / database.name)
        engine = create_engine(url, connect_args={"timeout": 60}, hide_parameters=True)
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return create_engine(url, pool_pre_ping=True, hide_parameters=True)


def sqlite_path(url: URL) -> Path | None:
    """The file of a SQLite database that lives in one (every connection opens the same
    file); None in memory, or for another database.

    With `uri=true` the database part is a SQLite URI (`file:data/unit.db`,
    `file:///srv/unit.db`, `file::memory:`; its options, `mode=ro`, in the URL's query):
    the file is the URI's path, not a folder named `file:`.
    """
    if url.get_backend_name() != "sqlite" or url.database in (None, "", ":memory:"):
        return None
    if not asbool(url.query.get("uri", False)) or not url.database.startswith("file:"):
        return Path(url.database)  # SQLite reads a name without `file:` as a plain file name
    path = url.database.removeprefix("file:")
    if path.startswith("//"):  # file://host/path: SQLite takes an empty host or localhost only
        path = "/" + path[2:].partition("/")[2]
    path = unquote(path)
    if path in ("", ":memory:") or url.query.get("mode") == "memory":
        return None
    return Path(path)


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=60000")
    cursor.close()


@contextmanager
def session_scope(url: str) -> Iterator[Session]:
    """A session that commits on success and rolls back on error."""
    session = sessionmaker(get_engine(url), expire_on_commit=False)()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


@contextmanager
def one_snapshot(session: Session, count: int) -> Iterator[list[Connection] | list[Session]]:
    """`count` connections that all see the database as of one moment, for a read split
    between threads.

    Without them every statement of a long read would see the database as of its own start,
    and a load committed in between could be half counted. SQLite: the write lock is held
    (no commit can fall between) while each connection begins its read transaction;
    PostgreSQL: the first connection's snapshot (repeatable read) is imported by the others.
    A session that has already begun keeps to itself (its uncommitted rows are its own):
    then, and on other databases, the session alone is handed over, as it is.
    """
    engine = session.get_bind()
    dialect = engine.dialect.name
    shared = dialect == "postgresql" or sqlite_path(engine.url) is not None  # every connection, one database
    if count < 2 or session.in_transaction() or not isinstance(engine, Engine) or not shared:
        yield [session]
        return
    with ExitStack() as stack:
        connections = [stack.enter_context(engine.connect()) for _ in range(count)]
        if dialect == "sqlite":
            _begun_together(engine, connections)
        else:
            _snapshot_imported(connections)
        yield connections


def _begun_together(engine: Engine, connections: list[Connection]) -> None:
    """SQLite: each connection's read transaction begun while the write lock is held (a
    writer's commit waits the few milliseconds this takes), so no commit falls between them."""
    with engine.connect() as lock:
        lock.exec_driver_sql("BEGIN IMMEDIATE")
        try:
            for connection in connections:
                connection.exec_driver_sql("BEGIN")
                connection.exec_driver_sql("SELECT count(*) FROM sqlite_master")  # its snapshot starts here
        finally:
            lock.exec_driver_sql("ROLLBACK")


def _snapshot_imported(connections: list[Connection]) -> None:
    """PostgreSQL: the first connection's snapshot (repeatable read) imported by the others."""
    for connection in connections:
        connection.execution_options(isolation_level="REPEATABLE READ")
    first, *others = connections
    exported = first.scalar(text("SELECT pg_export_snapshot()"))
    if not re.fullmatch(r"[0-9A-Fa-f-]+", exported):  # SET takes no parameter: checked, then quoted
        raise RuntimeError(f"unexpected snapshot name from PostgreSQL: {exported!r}")
    for other in others:
        other.exec_driver_sql(f"SET TRANSACTION SNAPSHOT '{exported}'")


def alembic_config(url: str) -> Config:
    from alembic.config import Config  # alembic only when migrating: most processes never do
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def upgrade(url: str, revision: str = "head") -> None:
    """Bring the schema to `revision` (idempotent, and safe when two runs start at once)."""
    from alembic import command  # alembic only when migrating: most processes never do

    with exclusive(url, "migrate"):
        command.upgrade(alembic_config(url), revision)


@contextmanager
def exclusive(url: str, name: str) -> Iterator[None]:
    """Hold the lock `name` for this database across processes: one holder at a time.

    For check-then-write steps that unique keys alone cannot make safe, such as two
    runs migrating a fresh database, or loading the same file at the same moment.
    SQLite: an exclusive lock on a file beside the database. PostgreSQL: an advisory
    lock, held on its own connection while the work runs on others.
    """
    parsed = make_url(url)
    if (database := sqlite_path(parsed)) is not None:
        lock_path = database.with_name(f"{database.name}.{re.sub(r'[^A-Za-z0-9_-]', '_', name)}.lock")
        private_dir(lock_path.parent)
        with open(lock_path, "a") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            yield
    elif parsed.get_backend_name() == "postgresql":
        key = int.from_bytes(hashlib.sha256(name.encode()).digest()[:8], "big", signed=True)
        with get_engine(url).connect() as conn:
            conn.execute(text("SELECT pg_advisory_lock(:key)"), {"key": key})
            try:
                yield
            finally:
                conn.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": key})
                conn.commit()
    else:
        yield


def current_revision(url: str) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with get_engine(url).connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()
