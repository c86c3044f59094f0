"""Flow runs in child processes, against the session's test Prefect server, bounded and cleaned up."""

from __future__ import annotations

import hashlib
import json
import os
import signal
import subprocess
import sys
from pathlib import Path

from sqlalchemy import func, select

from reviewprep.demo import ANCHOR
from reviewprep.store.db import session_scope
from reviewprep.store.models import Delivery, EvidenceEvent, Report, ScoreRun, SourceFile, Submission
from tests.distribution_helpers import person

RUN_WEEKLY = f"""
import datetime as dt, json
from flows.weekly_readiness import weekly_readiness
summary = weekly_readiness(as_of=dt.date.fromisoformat("{ANCHOR.isoformat()}"),
                           sources_file="data/sample/sources.yaml")
print("SUMMARY " + json.dumps(summary))
"""

# Two recipients, two variants: enough to show "each gets theirs", cheap to render.
SMALL_LISTS = {
    "unit": {"reports": ["weekly", "brief"], "recipients": [person("Ana Restricted", "restricted", "en")]},
    "council": {"reports": ["weekly", "brief"], "recipients": [person("Dan Public", "public", "en")]},
}


def harness_api_url() -> str:
    """The session test server's URL, for child processes (they need a server that answers)."""
    from prefect.settings import PREFECT_API_URL

    return PREFECT_API_URL.value()


def start(script: str, **env: str) -> subprocess.Popen:
    """A child Python in its own process group (so a kill takes its PDF workers too)."""
    return subprocess.Popen([sys.executable, "-c", script], env={**os.environ, **env},
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)


def kill_group(proc: subprocess.Popen, sig: int = signal.SIGKILL) -> None:
    try:
        os.killpg(proc.pid, sig)
    except ProcessLookupError:
        pass
    proc.wait(timeout=30)


def finish(proc: subprocess.Popen, timeout: float = 240) -> dict:
    """Wait for the child; its printed summary, or an assertion with its stderr."""
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        kill_group(proc)
        raise
    assert proc.returncode == 0, err[-3000:]
    line = next(x for x in out.splitlines() if x.startswith("SUMMARY "))
    return json.loads(line.removeprefix("SUMMARY "))


def stored_counts(settings) -> dict:
    with session_scope(settings.db_url) as s:
        return {m.__tablename__: s.scalar(select(func.count()).select_from(m))
                for m in (SourceFile, Submission, EvidenceEvent, ScoreRun, Report, Delivery)}


def check_outputs(settings, variants: int, after_kill: bool = False) -> None:
    """Exactly one complete set: every recorded report file exists with its recorded hash, nothing partial.

    A process killed inside `write_atomic` can leave its hidden `.NAME.XXXX.tmp`; no reader
    looks at those, and nothing else may be left over.
    """
    with session_scope(settings.db_url) as s:
        reports = s.scalars(select(Report)).all()
        assert len(reports) == variants
        for r in reports:
            assert hashlib.sha256(Path(r.pdf_path).read_bytes()).hexdigest() == r.sha256
    folder = Path(reports[0].pdf_path).parent
    killed_tmp = [p for p in folder.iterdir() if after_kill and p.name.startswith(".") and p.suffix == ".tmp"]
    visible = sorted(p.suffix for p in folder.iterdir() if p not in killed_tmp)
    assert visible == sorted([".csv", ".html", ".json", ".pdf"] * variants)
    leftovers = [p for p in settings.out_path.rglob("*") if p.name.startswith(".") or p.suffix == ".tmp"]
    if after_kill:
        leftovers = [p for p in leftovers if not (p.name.startswith(".") and p.suffix == ".tmp")]
    assert leftovers == []
