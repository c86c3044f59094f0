"""Process and connection settings that make a large load fast, undone when it ends."""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy.orm import Session

SQLITE_CACHE_KIB = 128 * 1024

_gc_lock = threading.Lock()
_gc_users = 0
_gc_threshold: tuple[int, ...] = ()


@contextmanager
def collector_spared() -> Iterator[None]:
    """Keep Python's cycle collector off the long-lived heap while a file loads.

    A load makes a few short-lived containers per row and no reference cycles, yet each
    full collection would walk every object the process holds (SQLAlchemy, Prefect...):
    a fifth of the ingest time. gc.freeze() sets the existing heap aside and a larger
    first-generation threshold makes collections rarer; both are undone when the last
    concurrent load ends, so the process is left as it was.
    """
    global _gc_users, _gc_threshold
    with _gc_lock:
        if _gc_users == 0:
            _gc_threshold = gc.get_threshold()
            gc.freeze()
            gc.set_threshold(10_000, *_gc_threshold[1:])
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
    setting comes back afterwards, so the pages are let go at commit.
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
