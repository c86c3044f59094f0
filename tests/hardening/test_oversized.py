"""Oversized inputs: refused or streamed, never loaded whole (peak memory of the `reviewprep ingest` process).

The 2 GB files are deleted at the end of each case (pytest keeps old temporary folders).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from reviewprep import jobs
from reviewprep.gather.textfile import MAX_LINE
from tests.gather_helpers import Loader, assessment, csv_text, write
from tests.hardening.processes import reviewprep

GB2 = 2 << 30
BLOCK = 16 << 20
MEMORY_LIMIT_MB = 400  # the command's own size is ~150 MB; a 2 GB file read whole would be gigabytes
HEADER = csv_text([]).encode()
ROW_START = b",2026-05-04,Ana Ruiz,Camara Norte,business_association,MX,MX,ch26,R3,2,"


def no_line_breaks(path: Path, head: bytes, filler: bytes = b"x") -> Path:
    """`head`, then 2 GB of `filler` without a single line break."""
    path.parent.mkdir(parents=True, exist_ok=True)
    block = filler * BLOCK
    with path.open("wb") as fh:
        fh.write(head)
        for _ in range(GB2 // BLOCK):
            fh.write(block)
    return path


def sparse(path: Path, head: bytes) -> Path:
    """`head`, then a hole up to 2 GB: a sparse file that reads as NUL bytes and takes no disk."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as fh:
        fh.write(head)
        fh.truncate(GB2)
    return path


@pytest.fixture
def big(tmp_path, settings):
    """A folder for 2 GB files; it and the raw store's copies go when the case ends."""
    jobs.prepare_database(settings)
    folder = tmp_path / "big"
    yield folder
    shutil.rmtree(folder, ignore_errors=True)
    shutil.rmtree(settings.raw_store, ignore_errors=True)


CASES = {
    "2 GB .csv, sparse (NUL bytes after the header)": (
        lambda folder: sparse(folder / "sparse.csv", HEADER), 2, "binary content"),
    "2 GB .csv without a line break (one endless comment)": (
        lambda folder: no_line_breaks(folder / "endless.csv", HEADER + ROW_START), 0,
        f"a line longer than {MAX_LINE:,} characters"),
    "2 GB .jsonl without a line break": (
        lambda folder: no_line_breaks(folder / "endless.jsonl", b'{"rating": 2, "comment": "'), 0,
        "line longer than"),
    "2 GB .json array holding one endless string": (
        lambda folder: no_line_breaks(folder / "endless.json", b'[{"rating": 2, "comment": "'), 0,
        "invalid JSON or a record over"),
}


@pytest.mark.slow_hardening
@pytest.mark.parametrize("case", CASES)
def test_a_2_gb_file(big, settings, table, case):
    make, exit_code, problem = CASES[case]
    path = make(big)
    done = reviewprep("ingest", "--json", str(path))
    summary = json.loads(done.out) if done.out else {}
    file = (summary.get("files") or [{}])[0]
    said = file.get("error") or " | ".join(file.get("problems", []))
    table.compare(f"{case}: `reviewprep ingest`",
                  {"exit": exit_code, "says": problem, f"peak RSS < {MEMORY_LIMIT_MB} MB": True,
                   "raw copy kept": path.stat().st_size},
                  {"exit": done.code, "says": problem if problem in said else said[:200] or done.err[-300:],
                   f"peak RSS < {MEMORY_LIMIT_MB} MB": done.peak_rss_mb < MEMORY_LIMIT_MB,
                   "raw copy kept": sum(p.stat().st_size for p in settings.raw_store.rglob("*") if p.is_file())})
    table.rows[-1].observed += f" (peak RSS {done.peak_rss_mb} MB)"
    table.assert_all_passed()


def test_a_line_longer_than_the_limit_is_set_aside_and_reading_goes_on(settings, tmp_path, table):
    """The quick form of the endless-line case: one line over MAX_LINE between two good rows."""
    rows = csv_text([assessment(), assessment(rating="3")]).encode()
    first, second = rows.split(b"\r\n")[1:3]
    path = write(tmp_path / "long.csv", HEADER + first + b"\r\n" + ROW_START + b"x" * (MAX_LINE + 10) + b"\r\n"
                 + second + b"\r\n")
    counts = Loader(settings).one(path)
    table.compare("a CSV line over 16 MiB between two good rows",
                  {"counts": (3, 2, 0, 1), "problem": f"row 3, column (row): unreadable record: a line longer than "
                                                     f"{MAX_LINE:,} characters"},
                  {"counts": (counts.read, counts.accepted, counts.duplicates, counts.quarantined),
                   "problem": counts.problems[0].split(" (no line")[0] if counts.problems else ""})
    table.assert_all_passed()
