"""Scoring benchmark: load_inputs + compute on 100,000 (and 1,000,000) generated assessments.

The inputs are generated deterministically (fixed NumPy seed) straight into a fresh
SQLite database built by the project's own migrations, then scored exactly as the
weekly run does: `load_inputs` once, `compute` for each audience (which also recomputes
the weekly history, the baseline and the engagement counts). Timings are wall clock,
best of `--repeat`, with the peak resident memory of the scoring process (the data is
generated in a child process, so its memory is not counted).

    uv run python bench/bench_scoring.py                       # 100,000
    uv run python bench/bench_scoring.py --sizes 100000,1000000 --json

Budget: about one second for 100,000 assessments.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import hashlib
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
from sqlalchemy.orm import Session

from reviewprep.codes import CHAPTER_CODES, PARTIES, STAKEHOLDER_TYPES, TRILATERAL
from reviewprep.framework import load_framework, load_review_calendar
from reviewprep.scoring.config import load_scoring
from reviewprep.scoring.snapshot import compute
from reviewprep.store.db import get_engine, upgrade
from reviewprep.store.scoring_reads import load_inputs

HOME = Path(__file__).resolve().parents[1]
AS_OF = dt.date(2026, 11, 20)
SEED = 20260701
HISTORY_DAYS = 730


def generate(url: str, size: int, seed: int = SEED) -> None:
    """`size` assessments (and a small evidence log) written straight into the database."""
    framework = load_framework(HOME / "config")
    rng = np.random.default_rng(seed)
    chapter = rng.integers(0, len(CHAPTER_CODES), size)
    whole_chapter = rng.random(size) < 0.2
    rec_pick = rng.random(size)
    parties = (*PARTIES, TRILATERAL)
    party = rng.choice(len(parties), size, p=[0.3, 0.3, 0.3, 0.1])
    rating = rng.integers(0, 5, size)
    kind = rng.integers(0, len(STAKEHOLDER_TYPES), size)
    organization = rng.integers(0, max(size // 20, 1), size)
    confidential = rng.random(size) < 0.1
    day = AS_OF.toordinal() - rng.integers(0, HISTORY_DAYS, size)

    applicable = [framework.applicability[c] for c in CHAPTER_CODES]
    submissions, assessments = [], []
    for i in range(size):
        recs = applicable[chapter[i]]
        rec = None if whole_chapter[i] else recs[int(rec_pick[i] * len(recs))]
        sid = i + 1
        submissions.append((
            sid, hashlib.sha256(f"bench-{seed}-{i}".encode()).hexdigest(), "assessment",
            dt.date.fromordinal(int(day[i])).isoformat(), f"Respondent {i}",
            f"Organisation {organization[i]}", STAKEHOLDER_TYPES[kind[i]], "", parties[party[i]], "en",
            bool(confidential[i]), "", "",
        ))
        assessments.append((sid, CHAPTER_CODES[chapter[i]], rec, float(rating[i])))
    events = [
        (k + 1, hashlib.sha256(f"bench-event-{k}".encode()).hexdigest(), f"{year}-06-30", "NA",
         ob.code, "met" if (k % 3) else "unknown", "generated", "")
        for k, (ob, year) in enumerate((o, y) for o in framework.obligations for y in range(2021, 2027))
    ]
    raw = get_engine(url).raw_connection()
    try:
        cur = raw.cursor()
        cur.executemany(
            "INSERT INTO submissions (id, fingerprint, kind, submitted_on, stakeholder_name, organization,"
            " stakeholder_type, country, party, language, confidential, text, evidence_url)"
            " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)", submissions)
        cur.executemany("INSERT INTO assessments (submission_id, chapter, recommendation, rating) VALUES (?,?,?,?)",
                        assessments)
        cur.executemany(
            "INSERT INTO evidence_events (id, fingerprint, event_date, party, obligation, status, description,"
            " source_url) VALUES (?,?,?,?,?,?,?,?)", events)
        raw.commit()
    finally:
        raw.close()


def best(fn, repeat: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return min(times), result


def run(size: int, workdir: Path, repeat: int = 3) -> dict:
    """Generate in a child process (so its memory is not counted), then time the scoring."""
    path = workdir / f"bench_{size}.db"
    url = f"sqlite:///{path}"
    start = time.perf_counter()
    subprocess.run([sys.executable, __file__, "--generate", str(path), "--sizes", str(size)], check=True)
    generated = time.perf_counter() - start
    framework = load_framework(HOME / "config")
    calendar = load_review_calendar(HOME / "config")
    config = load_scoring(HOME / "config")
    with Session(get_engine(url)) as session:
        load_s, inputs = best(lambda: load_inputs(session), repeat)
        timings = {}
        for audience in ("restricted", "public"):
            timings[audience], snapshot = best(
                lambda a=audience: compute(session, framework, calendar, config, AS_OF, a, inputs=inputs), repeat)
        inputs = None  # let the shared arrays go before timing a fresh load
        total_s, _ = best(lambda: compute(session, framework, calendar, config, AS_OF, "restricted"), repeat)
    return {
        "assessments": size,
        "generate_s": round(generated, 2),
        "load_inputs_s": round(load_s, 3),
        "compute_restricted_s": round(timings["restricted"], 3),
        "compute_public_s": round(timings["public"], 3),
        "load_and_compute_s": round(total_s, 3),
        "scored_cells": snapshot.overall.scored,
        "overall": snapshot.overall.score,
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100000", help="comma-separated numbers of assessments")
    parser.add_argument("--repeat", type=int, default=3, help="take the best of this many runs")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--generate", metavar="DB", help=argparse.SUPPRESS)  # child process: write DB, exit
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    if args.generate:
        url = f"sqlite:///{args.generate}"
        upgrade(url)
        generate(url, sizes[0])
        return 0
    results = []
    with tempfile.TemporaryDirectory(prefix="reviewprep-bench-") as tmp:
        for size in sizes:
            results.append(run(size, Path(tmp), args.repeat))
            if not args.json:
                r = results[-1]
                print(f"{r['assessments']:>9,} assessments: load_inputs {r['load_inputs_s']:.3f} s, "
                      f"compute {r['compute_restricted_s']:.3f} s (public {r['compute_public_s']:.3f} s), "
                      f"load+compute {r['load_and_compute_s']:.3f} s, peak RSS {r['peak_rss_mb']} MB "
                      f"(generated in {r['generate_s']} s)", flush=True)
    if args.json:
        json.dump({"benchmark": "scoring", "as_of": AS_OF.isoformat(), "results": results}, sys.stdout, indent=2)
        print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
