"""Full and read-only folders: a clear error (exit 1), nothing half-written, and a clean re-run once fixed.

The folders are real small tmpfs mounts, so the errors are the kernel's own (ENOSPC, EROFS).
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from reviewprep import jobs
from reviewprep.cli import main
from reviewprep.demo import ANCHOR
from reviewprep.settings import get_settings
from reviewprep.store.db import get_engine, session_scope
from reviewprep.store.models import Report, SourceFile, Submission
from tests.gather_helpers import assessment, csv_text, write
from tests.hardening.folders import leftovers, resize, tmpfs
from tests.orchestration_helpers import check_outputs, harness_api_url

ROWS = 5000


def big_input(folder: Path) -> Path:
    """About 1.3 MB of good assessments, every row its own."""
    rows = [assessment(submission_id=f"F-{i}", comment=f"Row {i}: " + "slow progress " * 10) for i in range(ROWS)]
    return write(folder / "assessments.csv", csv_text(rows))


def ingest(capsys, path: Path) -> tuple[int, str]:
    code = main(["ingest", str(path)])
    return code, capsys.readouterr().err.strip()


def stored(url: str) -> dict:
    with session_scope(url) as session:
        return {"source files": session.scalar(select(func.count()).select_from(SourceFile)),
                "submissions": session.scalar(select(func.count()).select_from(Submission))}


def place(monkeypatch, var: Path, db: Path):
    monkeypatch.setenv("REVIEWPREP_VAR_DIR", str(var))
    monkeypatch.setenv("REVIEWPREP_DATABASE_URL", f"sqlite:///{db}")
    settings = get_settings()
    jobs.prepare_database(settings)
    return settings


def test_ingest_when_the_raw_store_is_full(tmp_path, settings, monkeypatch, capsys, table):
    path = big_input(tmp_path / "in")
    with tmpfs(tmp_path / "var", "size=256k") as var:
        settings = place(monkeypatch, var, tmp_path / "db.sqlite")
        code, err = ingest(capsys, path)
        table.compare("raw store full (256 KiB tmpfs) during `reviewprep ingest` of 1.3 MB",
                      {"exit": 1, "message": "No space left on device", "left in var/": [],
                       "stored": {"source files": 0, "submissions": 0}},
                      {"exit": code, "message": "No space left on device" if "No space left" in err else err,
                       "left in var/": leftovers(var), "stored": stored(settings.db_url)})
        resize(var, "16m")
        code, err = ingest(capsys, path)
        copies = [p for p in (var / "raw").rglob("*") if p.is_file()]
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        table.compare("… then space freed: the same command again",
                      {"exit": 0, "stored": {"source files": 1, "submissions": ROWS}, "raw copy": "complete, once"},
                      {"exit": code, "stored": stored(settings.db_url),
                       "raw copy": "complete, once" if [c.name for c in copies] == [digest]
                       and hashlib.sha256(copies[0].read_bytes()).hexdigest() == digest else str(copies)})
    table.assert_all_passed()


def test_ingest_when_the_database_disk_is_full(tmp_path, settings, monkeypatch, capsys, table):
    path = big_input(tmp_path / "in")
    with tmpfs(tmp_path / "var", "size=64m") as var:
        settings = place(monkeypatch, var, var / "reviewprep.db")
        used = sum(p.stat().st_size for p in var.rglob("*") if p.is_file())
        resize(var, str(used + path.stat().st_size + (256 << 10)))  # room for the raw copy, not the rows
        code, err = ingest(capsys, path)
        table.compare("database disk full during `reviewprep ingest` (SQLite on a tmpfs with no room left)",
                      {"exit": 1, "message": "database or disk is full", "stored": {"source files": 0, "submissions": 0}},
                      {"exit": code, "message": "database or disk is full" if "disk is full" in err else err[:300],
                       "stored": stored(settings.db_url)})
        resize(var, "64m")
        code, err = ingest(capsys, path)
        with get_engine(settings.db_url).connect() as conn:
            integrity = conn.execute(text("PRAGMA integrity_check")).scalar()
        table.compare("… then space freed: the same command again",
                      {"exit": 0, "stored": {"source files": 1, "submissions": ROWS}, "integrity_check": "ok"},
                      {"exit": code, "stored": stored(settings.db_url), "integrity_check": integrity})
    table.assert_all_passed()


def test_template_into_a_read_only_folder(tmp_path, settings, capsys, table):
    with tmpfs(tmp_path / "ro", "ro,size=64k") as folder:
        code = main(["template", "assessments", "--format", "xlsx", str(folder / "blank.xlsx")])
        err = capsys.readouterr().err.strip()
        table.compare("`reviewprep template` into a read-only folder",
                      {"exit": 1, "message": "Read-only file system", "files": []},
                      {"exit": code, "message": "Read-only file system" if "Read-only file system" in err else err,
                       "files": sorted(p.name for p in folder.iterdir())})
    table.assert_all_passed()


def complete(path: Path) -> bool:
    data = path.read_bytes()
    if path.suffix == ".pdf":
        return data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF")
    if path.suffix == ".json":
        return bool(json.loads(data))
    if path.suffix == ".html":
        return data.rstrip().endswith(b"</html>")
    return data.endswith(b"\r\n")


def load_sample(settings) -> None:
    jobs.prepare_database(settings)
    for source in jobs.configured_sources(settings, settings.home / "data/sample/sources.yaml"):
        jobs.gather(settings, source)


def reports(settings) -> list[str]:
    with session_scope(settings.db_url) as session:
        return list(session.scalars(select(Report.report_key)))


def test_render_into_a_full_output_folder(tmp_path, settings, monkeypatch, table):
    load_sample(settings)
    with tmpfs(tmp_path / "out", "size=160k") as out:
        monkeypatch.setenv("REVIEWPREP_OUT_DIR", str(out))
        settings = get_settings()
        with pytest.raises(OSError) as raised:
            jobs.render(settings, jobs.score(settings, ANCHOR, "public"), "en")
        visible = [p for p in out.rglob("*") if p.is_file()]
        table.compare("out/ full (160 KiB tmpfs) while a report renders",
                      {"error": "ENOSPC", "visible files": "complete ones only", "left over": [], "recorded": []},
                      {"error": "ENOSPC" if raised.value.errno == 28 else repr(raised.value),
                       "visible files": "complete ones only" if all(map(complete, visible)) else str(visible),
                       "left over": leftovers(out), "recorded": reports(settings)})
        resize(out, "16m")
        jobs.render(settings, jobs.score(settings, ANCHOR, "public"), "en")
        check_outputs(settings, variants=1)
        table.compare("… then space freed: render again", {"reports": 1, "set": "pdf, html, csv, json; all complete"},
                      {"reports": len(reports(settings)),
                       "set": "pdf, html, csv, json; all complete" if sorted(p.suffix for p in out.rglob("*.*"))
                       == [".csv", ".html", ".json", ".pdf"] and all(map(complete, out.rglob("*.*"))) else "no"})
    table.assert_all_passed()


def demo(tmp_path: Path) -> subprocess.CompletedProcess:
    """`reviewprep demo --no-distribute` (sample data, weekly flow) in its own process."""
    script = Path(sys.executable).with_name("reviewprep")
    return subprocess.run([str(script), "demo", "--no-distribute"], capture_output=True, text=True, timeout=600,
                          env={**os.environ, "PREFECT_API_URL": harness_api_url()}, cwd=tmp_path)


@pytest.mark.slow_hardening
@pytest.mark.flow
@pytest.mark.parametrize("state", ["read-only", "full"])
def test_weekly_run_into_a_bad_output_folder(tmp_path, settings, monkeypatch, prefect_harness, table, state):
    options = "ro,size=64k" if state == "read-only" else "size=160k"
    message = "Read-only file system" if state == "read-only" else "No space left on device"
    with tmpfs(tmp_path / "out", options) as out:
        monkeypatch.setenv("REVIEWPREP_OUT_DIR", str(out))
        done = demo(tmp_path)
        last = done.stderr.strip().splitlines()[-1] if done.stderr.strip() else ""
        visible = [p for p in out.rglob("*") if p.is_file()]
        table.compare(f"`reviewprep demo` (weekly flow) with a {state} out/",
                      {"exit": 1, "last line": f"reviewprep: job failed: …{message}…", "tracebacks": 0,
                       "visible files": "complete ones only", "left over": []},
                      {"exit": done.returncode,
                       "last line": f"reviewprep: job failed: …{message}…" if last.startswith("reviewprep: job failed")
                       and message in last else last[:300], "tracebacks": done.stderr.count("Traceback"),
                       "visible files": "complete ones only" if all(map(complete, visible)) else str(visible),
                       "left over": leftovers(out)})
        if state == "full":
            resize(out, "16m")
            done = demo(tmp_path)
            check_outputs(get_settings(), variants=1)
            table.compare("… then space freed: `reviewprep demo` again",
                          {"exit": 0, "outputs": "one complete set"}, {"exit": done.returncode,
                                                                      "outputs": "one complete set"})
    table.assert_all_passed()
