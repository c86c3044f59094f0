"""The bad-input corpus through every entry point: `reviewprep ingest`, the weekly flow, the template.

Dates are checked against the real today (neither the command nor the flow takes
another), so the corpus is written relative to it.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from sqlalchemy import select

from reviewprep.cli import main
from reviewprep.store.db import session_scope
from reviewprep.store.models import Submission
from reviewprep.store.quarantine import quarantined
from tests.hardening.corpus import (
    CASES,
    Case,
    CsvTemplateWriter,
    Writer,
    XlsxTemplateWriter,
    outcome,
    write_case,
)
from tests.orchestration_helpers import stored_counts

TODAY = dt.date.today()


def stored(settings, case: Case) -> tuple[list[dict], set[str]]:
    """The quarantine records and the case's texts as stored."""
    with session_scope(settings.db_url) as session:
        records = list(quarantined(session))
        texts = set(session.scalars(select(Submission.text).where(Submission.text.in_(case.texts)))) \
            if case.texts else set()
    return records, texts


def through_cli(case: Case, paths: list[Path], settings, capsys) -> tuple[str, str, bool]:
    """`reviewprep ingest --json` on the case's files: its exit code, report, stderr and what it stored."""
    code = main(["ingest", "--json", *map(str, paths)])
    out, err = capsys.readouterr()
    files = json.loads(out)["files"]
    expected, observed, ok = outcome(case, files, *stored(settings, case), settings.raw_store)
    unread = [f["file"] for f in files if f["error"]]
    told = all(f"reviewprep: {name}: not read:" in err for name in unread)
    ok &= code == case.exit_code() and told and "Traceback" not in err
    return f"exit {case.exit_code()}; {expected}", f"exit {code}; {observed}", ok


def test_corpus_through_the_cli(settings, tmp_path, capsys, table):
    for case in CASES:
        paths = write_case(case, Writer, tmp_path / "in", TODAY)
        table.check(f"{case.title} · reviewprep ingest", *through_cli(case, paths, settings, capsys))
    table.assert_all_passed()


def test_corpus_through_the_template(settings, tmp_path, capsys, table):
    """The files a user makes from `reviewprep template` output (CSV, and XLSX with drop-downs)."""
    csv_template, xlsx_template = tmp_path / "blank.csv", tmp_path / "blank.xlsx"
    assert main(["template", "assessments", str(csv_template)]) == 0
    assert main(["template", "assessments", "--format", "xlsx", str(xlsx_template)]) == 0
    capsys.readouterr()
    runs = [("CSV template", lambda folder: CsvTemplateWriter(folder, csv_template, xlsx_template), CASES),
            ("XLSX template", lambda folder: XlsxTemplateWriter(folder, xlsx_template),
             [c for c in CASES if c.rows_only])]
    for label, writer_for, cases in runs:
        for case in cases:
            paths = write_case(case, writer_for, tmp_path / label.split()[0], TODAY)
            table.check(f"{case.title} · {label} filled in, then ingested",
                        *through_cli(case, paths, settings, capsys))
    table.assert_all_passed()


def test_corpus_in_one_command_of_the_console_script(settings, tmp_path, table):
    """The installed `reviewprep` in its own process, every corpus file in one command."""
    paths = [p for case in CASES for p in write_case(case, Writer, tmp_path / "in", TODAY)]
    script = Path(sys.executable).with_name("reviewprep")
    done = subprocess.run([str(script), "ingest", "--json", *map(str, paths)], capture_output=True, text=True,
                          env=os.environ.copy(), timeout=120)
    summary = json.loads(done.stdout)
    unread = [f for f in summary["files"] if f["error"]]
    lines = done.stderr.splitlines()
    table.compare(
        f"all {len(paths)} corpus files in one `reviewprep ingest --json` (console script)",
        {"exit": 0, "files": len(paths), "reconciles": True, "stderr": f"{len(unread)} one-line 'not read' messages"},
        {"exit": done.returncode, "files": len(summary["files"]),
         "reconciles": summary["read"] == summary["accepted"] + summary["duplicates"] + summary["quarantined"],
         "stderr": (f"{len(unread)} one-line 'not read' messages" if len(lines) == len(unread)
                    and all(" not read: " in line for line in lines) else done.stderr[-300:])})
    table.assert_all_passed()


@pytest.mark.flow
def test_corpus_through_the_weekly_flow(settings, tmp_path, prefect_harness, table):
    """One source per case in a sources file; the flow runs to the end, then again adding nothing."""
    from flows.weekly_readiness import weekly_readiness

    root = tmp_path / "in"
    files = {case: write_case(case, Writer, root, TODAY) for case in CASES}
    sources = tmp_path / "sources.yaml"
    sources.write_text(yaml.safe_dump({"sources": [
        {"name": case.id, "path": f"{root / case.id}/*",
         "format": "assessments_xlsx" if paths[0].suffix == ".xlsx" else "assessments_csv"}
        for case, paths in files.items()]}), encoding="utf-8")

    def run() -> dict:
        return weekly_readiness(as_of=TODAY, languages=["en"], audiences=["public"], distribute=False,
                                sources_file=str(sources))

    first = run()
    reported = {f["file"]: f for f in first["inputs"]["files"]}
    for case, paths in files.items():
        expected, observed, ok = outcome(case, [reported[str(p)] for p in paths], *stored(settings, case),
                                         settings.raw_store)
        table.check(f"{case.title} · weekly flow (sources file)", expected, observed, ok)
    table.compare("the weekly flow over the whole corpus",
                  {"reports": 1, "pdf written": True},
                  {"reports": len(first["reports"]), "pdf written": Path(first["reports"][0]["pdf"]).is_file()})

    before = stored_counts(settings)
    quarantine_before = len(stored(settings, CASES[0])[0])
    again = run()["inputs"]["files"]
    table.compare(
        "the whole corpus again · weekly flow re-run",
        {"read files": "already loaded", "unreadable files": "tried again, same error",
         "stored": before, "quarantine records": quarantine_before},
        {"read files": "already loaded" if all(f["already_loaded"] for f in again if not f["error"])
         else [f["file"] for f in again if not f["error"] and not f["already_loaded"]],
         "unreadable files": "tried again, same error" if {f["file"]: f["error"] for f in again if f["error"]}
         == {f: c["error"] for f, c in reported.items() if c["error"]} else "differs",
         "stored": stored_counts(settings), "quarantine records": len(stored(settings, CASES[0])[0])})
    table.assert_all_passed()
