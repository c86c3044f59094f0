"""Ingest benchmark: rows per second and peak memory for generated assessment CSVs.

    uv run python bench/bench_ingest.py                    # 100,000 and 1,000,000 rows
    uv run python bench/bench_ingest.py --sizes 10000 --profile

Each size is generated deterministically under bench/work/ (gitignored, reused when
already there): template rows with ~1% invalid and ~1% repeated rows, 80% with an id.
A fresh child process pinned to one core ingests it into its own SQLite database through
the same code `reviewprep ingest` runs (raw copy, encoding check, validation, storage,
commit) and reports wall and CPU time and its peak resident memory (ru_maxrss). Rows/s
is on wall time; CPU time shows what other load on the machine took from it. Memory
that grew with the file would show as a growing peak: it rises until SQLite's page
cache reaches its cap (48 MiB during a load), then stays put (try --sizes 2000000).
Budget: >= 50,000 rows/s on one core, memory flat in the file size.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import os
import random
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
WORK = ROOT / "bench" / "work"
BUDGET = 50_000
COLUMNS = (
    "submission_id", "submitted_at", "stakeholder_name", "organization", "stakeholder_type",
    "country", "party", "chapter", "recommendation", "rating", "comment", "evidence_url",
    "confidentiality", "language",
)
TYPES = ("government", "business_association", "company", "sme", "labour", "academic",
         "civil_society", "individual")
CHAPTERS = ("ch12", "ch16", "ch19", "ch25", "ch26", "ch28")
WORDS = ("committee", "work plan", "dialogue", "regulatory", "border", "data", "progress",
         "slow", "comité", "avance", "diálogo", "frontera", "publication", "réunion")


def generate(path: Path, rows: int, seed: int = 34, id_prefix: str = "B") -> None:
    """A realistic template file: ~1% invalid rows, ~1% repeated rows, some without an id."""
    rng = random.Random(seed)
    start = dt.date(2025, 1, 1)
    tmp = path.with_suffix(".tmp")
    with tmp.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(COLUMNS)
        previous: list[str] = []
        for i in range(rows):
            if previous and rng.random() < 0.01:
                writer.writerow(previous)
                continue
            party = ("US", "CA", "MX", "NA")[int(rng.random() * 4)]
            row = [
                f"{id_prefix}-{i:07d}" if rng.random() < 0.8 else "",
                (start + dt.timedelta(days=int(rng.random() * 600))).isoformat(),
                f"Respondent {int(rng.random() * 5000):04d}",
                f"Organisation {int(rng.random() * 800):03d}" if rng.random() < 0.7 else "",
                TYPES[int(rng.random() * len(TYPES))],
                party if party != "NA" else "US",
                party,
                CHAPTERS[int(rng.random() * 6)],
                f"R{1 + int(rng.random() * 10)}" if rng.random() < 0.6 else "",
                str(int(rng.random() * 5)) if rng.random() > 0.01 else "7",
                " ".join(WORDS[int(rng.random() * len(WORDS))] for _ in range(4 + int(rng.random() * 12))),
                f"https://example.org/e/{i}" if rng.random() < 0.3 else "",
                "confidential" if rng.random() < 0.1 else "public",
                ("en", "fr", "es")[int(rng.random() * 3)],
            ]
            writer.writerow(row)
            previous = row
    os.replace(tmp, path)


def child(path: Path, db_dir: Path, profile: bool) -> dict:
    """Ingest one file into a fresh database; runs in its own process."""
    os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    os.environ["REVIEWPREP_VAR_DIR"] = str(db_dir)
    os.environ["REVIEWPREP_DATABASE_URL"] = f"sqlite:///{db_dir / 'bench.db'}"
    sys.path.insert(0, str(ROOT / "src"))
    from reviewprep.gather.ingest import ingest
    from reviewprep.jobs import load_config, prepare_database
    from reviewprep.settings import get_settings
    from reviewprep.store.loads import counts_summary

    settings = get_settings()
    prepare_database(settings)
    framework = load_config(settings).framework
    base_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started, cpu_started = time.perf_counter(), time.process_time()
    if profile:
        import cProfile
        import pstats

        profiler = cProfile.Profile()
        profiler.enable()
    result = counts_summary(ingest(settings, framework, [path], fmt="assessments_csv"))
    if profile:
        profiler.disable()
        pstats.Stats(profiler, stream=sys.stderr).sort_stats("tottime").print_stats(30)
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    return {
        "rows": result["read"], "accepted": result["accepted"], "duplicates": result["duplicates"],
        "quarantined": result["quarantined"], "seconds": round(seconds, 2),
        "rows_per_s": round(result["read"] / seconds), "cpu_seconds": round(cpu, 2),
        "rows_per_cpu_s": round(result["read"] / cpu),
        "rss_before_mb": round(base_rss / 1024, 1),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }


def run(sizes: list[int], profile: bool) -> list[dict]:
    WORK.mkdir(parents=True, exist_ok=True)
    results = []
    for size in sizes:
        path = WORK / f"assessments_{size}.csv"
        if not path.exists():
            print(f"generating {path.name} ...", file=sys.stderr)
            generate(path, size)
        db_dir = WORK / f"db_{size}"
        shutil.rmtree(db_dir, ignore_errors=True)
        db_dir.mkdir()
        cmd = [sys.executable, __file__, "--child", str(path), str(db_dir)] + (["--profile"] if profile else [])
        out = subprocess.run(cmd, check=True, text=True, stdout=subprocess.PIPE)
        result = {"size": size, "file_mb": round(path.stat().st_size / 1e6, 1), **json.loads(out.stdout)}
        shutil.rmtree(db_dir, ignore_errors=True)
        results.append(result)
        verdict = "ok" if result["rows_per_s"] >= BUDGET else f"BELOW budget {BUDGET:,}"
        print(f"{size:>9,} rows  {result['file_mb']:>7} MB  {result['seconds']:>7} s  "
              f"{result['rows_per_s']:>8,} rows/s  (CPU {result['cpu_seconds']} s: "
              f"{result['rows_per_cpu_s']:,} rows/CPU-s)  peak RSS {result['peak_rss_mb']} MB "
              f"(before ingest {result['rss_before_mb']} MB)  {verdict}")
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="100000,1000000", help="comma-separated row counts")
    parser.add_argument("--profile", action="store_true", help="print a cProfile of each ingest")
    parser.add_argument("--json", action="store_true", help="print the results as JSON too")
    parser.add_argument("--child", nargs=2, metavar=("FILE", "DB_DIR"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(Path(args.child[0]), Path(args.child[1]), args.profile)))
        return
    results = run([int(s) for s in args.sizes.split(",")], args.profile)
    if args.json:
        print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
