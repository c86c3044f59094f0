"""Steps that take turns across processes: PostgreSQL advisory locks (hosts share them), file locks on SQLite.

A holder is a separate process that takes the lock and waits; it is SIGKILLed, as when a
worker or its host dies, and the lock must then be free: PostgreSQL ends the dead
session's locks, and the kernel drops the dead process's file lock.
"""

from __future__ import annotations

import fcntl
import os
import signal
import subprocess
import sys
import threading

import pytest
from sqlalchemy import text

from reviewprep.store.db import exclusive, get_engine

HOLD = """
import sys, time
from reviewprep.store.db import exclusive
with exclusive(sys.argv[1], sys.argv[2]):
    print("held", flush=True)
    time.sleep(600)
"""


def hold(url: str, name: str) -> subprocess.Popen:
    proc = subprocess.Popen([sys.executable, "-c", HOLD, url, name], stdout=subprocess.PIPE, text=True,
                            start_new_session=True)
    assert proc.stdout.readline().strip() == "held"
    return proc


_takers: list[threading.Thread] = []


def acquired_within(url: str, name: str, seconds: float) -> bool:
    """Whether another taker gets the lock within `seconds`; one that waits longer goes on
    waiting (the `takers_done` fixture sees it finish before the database goes)."""
    got = threading.Event()

    def take():
        with exclusive(url, name):
            got.set()

    taker = threading.Thread(target=take, daemon=True)
    _takers.append(taker)
    taker.start()
    return got.wait(seconds)


@pytest.fixture
def takers_done():
    """After the test, every taker has had the lock and let it go: none is cut off mid-commit
    when the test's database is dropped (a warning from a thread, on a slow host)."""
    yield
    while _takers:
        _takers.pop().join(timeout=60)


def kill(proc: subprocess.Popen) -> None:
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)


@pytest.mark.postgres
def test_on_postgresql_an_advisory_lock_that_dies_with_its_holder(postgres_url, tmp_path, takers_done):
    holder = hold(postgres_url, "deliver-unit")
    try:
        with get_engine(postgres_url).connect() as conn:
            held = conn.execute(text("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted "
                                     "AND pid <> pg_backend_pid() AND database = (SELECT oid FROM pg_database "
                                     "WHERE datname = current_database())")).scalar()
        assert held == 1
        assert not acquired_within(postgres_url, "deliver-unit", 2)  # a second taker waits
        assert acquired_within(postgres_url, "deliver-council", 30)  # another name does not
    finally:
        kill(holder)
    assert acquired_within(postgres_url, "deliver-unit", 30)  # the dead session's lock is gone
    assert not any(tmp_path.iterdir())  # no lock files


def test_on_sqlite_a_file_lock_beside_the_database(settings, takers_done):
    holder = hold(settings.db_url, "deliver-unit")
    try:
        lock_file = settings.var_path / "test.db.deliver-unit.lock"
        with open(lock_file, "a") as fh, pytest.raises(BlockingIOError):
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        assert not acquired_within(settings.db_url, "deliver-unit", 2)
    finally:
        kill(holder)
    assert acquired_within(settings.db_url, "deliver-unit", 30)
