"""Process and connection settings that make a large load fast, undone when it ends."""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy.orm import Session

SQLITE_CACHE_KIB = 48 * 1024

_gc_lock = threading.Lock()
_gc_users = 0
_gc_threshold: tuple[int, ...] = ()


@contextmanager
def collector_spared() -> Iterator[None]:
    """Keep Python's cycle collector off the long-lived heap while a file loads.

    A load makes a few short-lived containers per row and no reference cycles, yet each
    full collection would walk every object the process holds (SQLAlchemy, Prefect...):
    a fifth of the ingest time. gc.freeze() sets the existing heap aside and a larger
    first-generation threshold makes collections rarer (100,000 allocations: a batch's
    rows are mostly freed by then, so fewer are walked and promoted than with 10,000);
    both are undone when the last concurrent load ends, so the process is left as it was.
    """
    global _gc_users, _gc_threshold
    with _gc_lock:
        if _gc_users == 0:
            _gc_threshold = gc.get_threshold()
            gc.freeze()
            gc.set_threshold(100_000, *_gc_threshold[1:])
        _gc_users += 1
    try:
        yield
    finally:
        with _gc_lock:
            _gc_users -= 1
            if _gc_users == 0:
                gc.set_threshold(*_gc_threshold)
                gc.unfreeze()


@contextmanager
def large_page_cache(session: Session) -> Iterator[None]:
    """While a file loads, let SQLite keep up to SQLITE_CACHE_KIB of pages.

    The fingerprint index takes a random page per new row; with SQLite's default 2 MiB
    cache a million-row load reads most of them back from the OS again and again. The
    bound is fixed (memory stays flat however large the file) and the connection's own
    setting comes back afterwards, so the pages are let go at commit. 48 MiB, not more:
    a 100,000-row database (39 MB) still fits whole, and a 1,000,000-row load's peak
    memory is 1.14x a 100,000-row load's (64 MiB: 1.25x, 128 MiB: 1.43x; the budget is
    1.2x), at the cost of some fingerprint-index pages read back from the OS.
    """
    conn = session.connection()
    if conn.dialect.name != "sqlite":
        yield
        return
    before = conn.exec_driver_sql("PRAGMA cache_size").scalar()
    conn.exec_driver_sql(f"PRAGMA cache_size=-{SQLITE_CACHE_KIB}")
    try:
        yield
    finally:
        conn.exec_driver_sql(f"PRAGMA cache_size={int(before)}")


# Indexes only reads use; the load itself looks rows up by fingerprint and external_id.
READ_SIDE_INDEXES = ("ix_submissions_submitted_on", "ix_submissions_file_confidential", "ix_assessments_cell")


@contextmanager
def indexes_built_after(session: Session, table: str, indexes: tuple[str, ...]) -> Iterator[None]:
    """Into an empty SQLite `table`, build `indexes` once after a bulk write instead of row by row.

    Each new row takes a random page of each index; built over the stored rows, each is one
    sort. Only when `table` is empty (a first, bulk write), and only for indexes nothing
    reads while the rows go in: a first load's read-side indexes (READ_SIDE_INDEXES; the
    fingerprint's unique index and external_id's, which the load reads, stay), a first
    campaign detection's group index. SQLite's DDL is transactional: a write that fails
    is rolled back, indexes and all, and other connections see the indexes throughout.
    """
    conn = session.connection()
    if conn.dialect.name != "sqlite" or conn.exec_driver_sql(f"SELECT 1 FROM {table} LIMIT 1").first():
        yield
        return
    marks = ", ".join("?" * len(indexes))
    dropped = conn.exec_driver_sql(
        f"SELECT name, sql FROM sqlite_master WHERE type = 'index' AND name IN ({marks})", indexes).all()
    for name, _ in dropped:
        conn.exec_driver_sql(f'DROP INDEX "{name}"')
    yield  # on an error the caller's rollback brings the indexes back
    for _, sql in dropped:
        conn.exec_driver_sql(sql)
