"""A copy into var/raw killed half-way leaves `.incoming-*`; the next ingest removes it, never a live one."""

from __future__ import annotations

import fcntl
import os
import time

import pytest

from reviewprep import cli
from reviewprep.gather.rawfile import INCOMING, copy_lock
from tests.gather_helpers import assessment, csv_text, write
from tests.hardening.processes import start_reviewprep
from tests.orchestration_helpers import kill_group


def incoming(settings) -> list[str]:
    return sorted(p.name for p in settings.raw_store.glob(f"{INCOMING}*"))


@pytest.mark.slow_hardening
def test_kill_during_the_raw_copy_then_the_next_ingest_removes_the_leftover(settings, tmp_path, table):
    big = tmp_path / "in" / "big.csv"
    big.parent.mkdir(parents=True)
    with big.open("wb") as fh:  # 600 MB: long enough to kill the copy half-way
        fh.write(csv_text([assessment()]).encode())
        fh.truncate(600 << 20)
    run = start_reviewprep("ingest", str(big))
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and not any(
            p.stat().st_size > (50 << 20) for p in settings.raw_store.glob(f"{INCOMING}*")):
        time.sleep(0.05)
    kill_group(run)
    left = incoming(settings)
    small = write(tmp_path / "in" / "small.csv", csv_text([assessment(submission_id="S-1")]))
    assert cli.main(["ingest", str(small)]) == 0
    table.check("kill -9 during the raw copy of a 600 MB file, then `reviewprep ingest` of another file",
                "a leftover .incoming-* after the kill; none after the next ingest",
                f"after the kill: {left}; after the next ingest: {incoming(settings)}",
                len(left) == 1 and incoming(settings) == [])
    table.assert_all_passed()


def test_a_copy_in_progress_is_never_removed(settings, tmp_path, table):
    """Another process copying (holding the store's lock, shared): its temporary file stays."""
    settings.raw_store.mkdir(parents=True)
    live = settings.raw_store / f"{INCOMING}live"
    live.write_bytes(b"half a copy")
    fd = os.open(copy_lock(settings.raw_store), os.O_RDWR | os.O_CREAT, 0o600)
    fcntl.flock(fd, fcntl.LOCK_SH)
    try:
        small = write(tmp_path / "in" / "small.csv", csv_text([assessment(submission_id="S-2")]))
        assert cli.main(["ingest", str(small)]) == 0
        kept = live.exists()
    finally:
        os.close(fd)
    assert cli.main(["ingest", str(small)]) == 0  # no one copying now: the leftover goes
    table.check("a temporary copy another live process is writing, then `reviewprep ingest`",
                "kept while its writer holds the lock; removed by the next ingest after",
                f"kept={kept}, then removed={not live.exists()}", kept and not live.exists())
    table.assert_all_passed()
