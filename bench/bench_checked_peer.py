"""What ingest's checks cost in a columnar engine: DuckDB SQL on one thread, beside the pandas script.

The ingest budget asks for pandas' rows per second while validating every cell,
fingerprinting and deduplicating. This measures how close a columnar engine gets doing
the same checks as one SQL load of the bench's template file (`bench_ingest.generate`):
every cell of a row checked (the date, the codes, the 0-4 scale, stakeholder type,
confidentiality, language, NUL bytes), a SHA-256 of each row, the first row of each
fingerprint kept, the others counted as duplicates, a quarantine table with each rejected
row's line and reason. It keeps no raw bytes per row and checks no id conflicts, so it
does less than `reviewprep ingest`. Both it and the pandas peer (`bench_peers`) run on
one core, in fresh child processes, alternated, best of `--repeat` by CPU time; the
counts it prints are the ones `reviewprep ingest` gives on the same file.

    uv run python bench/bench_checked_peer.py                         # 100,000 and 1,000,000
    uv run python bench/bench_checked_peer.py --sizes 100000 --repeat 3
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

import bench_ingest  # noqa: E402
import bench_peers  # noqa: E402
from peak_rss import ChildFailed, measured  # noqa: E402

from reviewprep.codes import (  # noqa: E402
    CHAPTER_CODES,
    CONFIDENTIALITIES,
    LANGUAGES,
    PARTY_ORDER,
    RECOMMENDATION_CODES,
    STAKEHOLDER_TYPES,
)


def _listed(values) -> str:
    return ", ".join(f"'{v}'" for v in values)


def checked_load_sql(csv_path: Path) -> str:
    """The load as SQL: raw rows numbered by line, checked, fingerprinted, deduplicated."""
    return f"""
    CREATE VIEW raw AS SELECT row_number() OVER () + 1 AS line, *
        FROM read_csv('{csv_path}', all_varchar = true, header = true, strict_mode = true);
    CREATE TABLE checked AS SELECT *,
        CASE WHEN try_strptime(submitted_at, '%Y-%m-%d') IS NULL THEN 'submitted_at: not a YYYY-MM-DD date'
             WHEN party NOT IN ({_listed(PARTY_ORDER)}) THEN 'party: unknown code'
             WHEN chapter NOT IN ({_listed(CHAPTER_CODES)}) THEN 'chapter: unknown code'
             WHEN coalesce(recommendation, '') <> '' AND recommendation NOT IN ({_listed(RECOMMENDATION_CODES)})
                  THEN 'recommendation: unknown code'
             WHEN try_cast(rating AS INTEGER) IS NULL OR try_cast(rating AS INTEGER) NOT BETWEEN 0 AND 4
                  THEN 'rating: outside the 0-4 scale'
             WHEN stakeholder_type NOT IN ({_listed(STAKEHOLDER_TYPES)}) THEN 'stakeholder_type: unknown code'
             WHEN confidentiality NOT IN ({_listed(CONFIDENTIALITIES)}) THEN 'confidentiality: unknown value'
             WHEN language NOT IN ({_listed(LANGUAGES)}) THEN 'language: unknown code'
             WHEN contains(coalesce(comment, ''), chr(0)) THEN 'comment: NUL byte' END AS reason,
        sha256(concat_ws(chr(31), {", ".join(bench_ingest.COLUMNS)})) AS fingerprint
        FROM raw;
    CREATE TABLE quarantine AS SELECT line, reason FROM checked WHERE reason IS NOT NULL;
    CREATE TABLE submissions AS SELECT * EXCLUDE (reason) FROM checked WHERE reason IS NULL
        AND line IN (SELECT min(line) FROM checked WHERE reason IS NULL GROUP BY fingerprint);
    """


def checked_duckdb(csv_path: Path, db_path: Path) -> dict:
    """Run the checked load on one core; its counts and CPU seconds (in this process)."""
    import duckdb

    os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    db_path.unlink(missing_ok=True)
    started, cpu_started = time.perf_counter(), time.process_time()
    conn = duckdb.connect(str(db_path))
    try:
        conn.execute("SET threads = 1")
        conn.execute(checked_load_sql(csv_path))
        read, quarantined, accepted = conn.execute(
            "SELECT (SELECT count(*) FROM checked), (SELECT count(*) FROM quarantine),"
            " (SELECT count(*) FROM submissions)").fetchone()
    finally:
        conn.close()
    return {"rows": read, "accepted": accepted, "duplicates": read - quarantined - accepted,
            "quarantined": quarantined, "seconds": round(time.perf_counter() - started, 3),
            "cpu_seconds": round(time.process_time() - cpu_started, 3)}


def in_child(which: str, csv_path: Path, db_path: Path) -> dict:
    """One load in a fresh process, with that process's own peak memory."""
    try:
        result, peak_mb = measured([sys.executable, __file__, "--child", which, str(csv_path), str(db_path)])
    except ChildFailed as exc:
        raise SystemExit(f"bench_checked_peer: {which} on {csv_path.name} {exc}") from None
    return {**result, "peak_rss_mb": peak_mb}


def measure(size: int, repeat: int) -> dict:
    csv_path = bench_ingest.WORK / f"assessments_{size}.csv"
    if not csv_path.exists():
        bench_ingest.WORK.mkdir(parents=True, exist_ok=True)
        bench_ingest.generate(csv_path, size)
    with tempfile.TemporaryDirectory(prefix="bench-checked-") as tmp:
        runs: dict[str, list[dict]] = {"checked_duckdb": [], "pandas_sqlite": []}
        for _ in range(repeat):
            for which in runs:
                runs[which].append(in_child(which, csv_path, Path(tmp) / f"{which}.db"))
    best = {which: min(found, key=lambda r: r["cpu_seconds"]) for which, found in runs.items()}
    return {"rows": size, **best, "checked_over_pandas_cpu": round(
        best["checked_duckdb"]["cpu_seconds"] / best["pandas_sqlite"]["cpu_seconds"], 2)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100000,1000000", help="comma-separated rows")
    parser.add_argument("--repeat", type=int, default=1, help="alternated runs of each (the best CPU time is kept)")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--child", nargs=3, metavar=("WHICH", "CSV", "DB"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        which, csv_path, db_path = args.child[0], Path(args.child[1]), Path(args.child[2])
        result = (checked_duckdb(csv_path, db_path) if which == "checked_duckdb"
                  else bench_peers.run_peer(which, csv_path, db_path))
        print(json.dumps(result))
        return 0
    try:
        sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    except ValueError:
        parser.error(f"--sizes takes numbers separated by commas, not {args.sizes!r}")
    results = [measure(size, max(args.repeat, 1)) for size in sizes]
    if args.json:
        print(json.dumps(results, indent=1))
        return 0
    for r in results:
        c, p = r["checked_duckdb"], r["pandas_sqlite"]
        print(f"{r['rows']:>9,} rows: DuckDB with the checks {c['cpu_seconds']:.2f} s CPU, peak {c['peak_rss_mb']} MB "
              f"(accepted {c['accepted']:,}, duplicates {c['duplicates']:,}, quarantined {c['quarantined']:,}); "
              f"pandas script {p['cpu_seconds']:.2f} s CPU, peak {p['peak_rss_mb']} MB; "
              f"checked over pandas: {r['checked_over_pandas_cpu']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
