"""SIGKILL during ingest then the same command again; two ingests at once.

(SIGKILL during render and sending, and two weekly flow runs at once, are in
tests/test_orchestration_kill.py and tests/test_orchestration_concurrency.py, run by
`make hardening` by node id.)
"""

from __future__ import annotations

import hashlib
import json
import shutil
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from reviewprep import jobs
from reviewprep.store.db import get_engine, session_scope
from reviewprep.store.models import SourceFile, Submission
from reviewprep.store.quarantine import quarantined
from tests.gather_helpers import assessment, csv_text, write
from tests.hardening.folders import leftovers
from tests.hardening.processes import reviewprep, start_reviewprep
from tests.orchestration_helpers import kill_group

pytestmark = pytest.mark.slow_hardening


@pytest.fixture(autouse=True)
def _drop_the_database_afterwards(settings, tmp_path):
    """These databases hold 100,000s of rows; pytest keeps old temporary folders."""
    yield
    get_engine(settings.db_url).dispose()
    shutil.rmtree(settings.var_path, ignore_errors=True)
    shutil.rmtree(tmp_path / "in", ignore_errors=True)


def assessments(path: Path, ids: range) -> Path:
    """Good, distinct assessments (one in a hundred with a bad rating, to be quarantined)."""
    return write(path, csv_text([assessment(submission_id=f"K-{i}", rating="7" if i % 100 == 99 else str(i % 5),
                                            comment=f"Row {i}: slow progress on the work plan")
                                 for i in ids]))


def stored(settings) -> dict:
    with session_scope(settings.db_url) as session:
        return {"source files": session.scalar(select(func.count()).select_from(SourceFile)),
                "submissions": session.scalar(select(func.count()).select_from(Submission)),
                "quarantined": len(list(quarantined(session)))}


def integrity(settings) -> str:
    with get_engine(settings.db_url).connect() as conn:
        return conn.execute(text("PRAGMA integrity_check")).scalar()


def test_killed_during_ingest_then_run_again(settings, tmp_path, table):
    rows = 200_000
    path = assessments(tmp_path / "in" / "big.csv", range(rows))
    bad = rows // 100
    jobs.prepare_database(settings)
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    raw_copy = settings.raw_store / digest[:2] / digest

    run = start_reviewprep("ingest", str(path))
    deadline = time.monotonic() + 120
    while not raw_copy.exists() and run.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    time.sleep(1.0)  # the raw copy is kept first; a second later the rows are being stored
    running = run.poll() is None
    kill_group(run)
    table.compare("SIGKILL during `reviewprep ingest` of 200,000 rows (while rows are stored)",
                  {"killed mid-load": True, "stored": {"source files": 0, "submissions": 0, "quarantined": 0},
                   "integrity_check": "ok", "left in var/raw": []},
                  {"killed mid-load": running, "stored": stored(settings), "integrity_check": integrity(settings),
                   "left in var/raw": leftovers(settings.raw_store)})

    again = reviewprep("ingest", "--json", str(path))
    counts = json.loads(again.out) if again.code == 0 else {}
    table.compare("… then the same command again",
                  {"exit": 0, "counts": (rows, rows - bad, 0, bad),
                   "stored": {"source files": 1, "submissions": rows - bad, "quarantined": bad}},
                  {"exit": again.code, "counts": tuple(counts.get(k) for k in ("read", "accepted", "duplicates",
                                                                                "quarantined")),
                   "stored": stored(settings)})
    third = json.loads(reviewprep("ingest", "--json", str(path)).out)
    table.compare("… and once more", {"already loaded": True, "accepted": 0, "stored": "unchanged"},
                  {"already loaded": third["files"][0]["already_loaded"], "accepted": third["accepted"],
                   "stored": "unchanged" if stored(settings)["submissions"] == rows - bad else stored(settings)})
    table.assert_all_passed()


def test_two_ingests_at_once(settings, tmp_path, table):
    """The same file by two commands at once, then two overlapping files at once."""
    jobs.prepare_database(settings)
    n = 50_000
    same = assessments(tmp_path / "in" / "same.csv", range(n))
    runs = [start_reviewprep("ingest", "--json", str(same)) for _ in range(2)]
    results = [json.loads(r.communicate(timeout=300)[0]) for r in runs]
    bad = n // 100
    table.compare("the same file by two `reviewprep ingest` at once",
                  {"accepted by the two": sorted([0, n - bad]), "the other": "already loaded",
                   "stored": {"source files": 1, "submissions": n - bad, "quarantined": bad}},
                  {"accepted by the two": sorted(r["accepted"] for r in results),
                   "the other": "already loaded" if sum(r["files"][0]["already_loaded"] for r in results) == 1
                   else [r["files"][0]["already_loaded"] for r in results],
                   "stored": stored(settings)})

    first = assessments(tmp_path / "in" / "a.csv", range(n, 2 * n))
    second = assessments(tmp_path / "in" / "b.csv", range(n + n // 2, 2 * n + n // 2))  # half overlaps
    runs = [start_reviewprep("ingest", "--json", str(p)) for p in (first, second)]
    results = [json.loads(r.communicate(timeout=300)[0]) for r in runs]
    both = {k: sum(r[k] for r in results) for k in ("read", "accepted", "duplicates", "quarantined")}
    distinct = n + n // 2
    table.compare("two overlapping files by two `reviewprep ingest` at once",
                  {"together": {"read": 2 * n, "accepted": distinct - distinct // 100, "duplicates": n // 2 - n // 200,
                                "quarantined": 2 * bad},
                   "stored submissions": n - bad + distinct - distinct // 100, "integrity_check": "ok"},
                  {"together": both, "stored submissions": stored(settings)["submissions"],
                   "integrity_check": integrity(settings)})
    table.assert_all_passed()
