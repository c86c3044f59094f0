"""What a user would script instead of `reviewprep ingest`: the peers ingest is compared with.

Each loads the same generated CSV into a fresh database file, on one core, with no
validation, no fingerprint, no deduplication, no quarantine and no raw copy:

  pandas_sqlite      pandas `read_csv` then `DataFrame.to_sql` into SQLite (the naive script)
  csv_executemany    the standard library's `csv` reader and `sqlite3` executemany
  duckdb             DuckDB's `read_csv` into a table (one thread)

The libraries are in the `bench` dependency group (`uv sync --group bench`, which
`make bench` runs), not in the product's dependencies. bench/run.py runs each in a
fresh child process like every other stage.
"""

from __future__ import annotations

import csv
import os
import sqlite3
import time
from pathlib import Path

PEERS = ("pandas_sqlite", "csv_executemany", "duckdb")


def one_core() -> None:
    os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})


def _fresh(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    for leftover in path.parent.glob(path.name + "*"):
        leftover.unlink()
    return path


def pandas_sqlite(csv_path: Path, db_path: Path) -> int:
    import pandas as pd

    with sqlite3.connect(_fresh(db_path)) as conn:
        frame = pd.read_csv(csv_path, dtype=str, keep_default_na=False)
        frame.to_sql("assessments", conn, index=False)
    return len(frame)


def csv_executemany(csv_path: Path, db_path: Path) -> int:
    with sqlite3.connect(_fresh(db_path)) as conn, csv_path.open(encoding="utf-8", newline="") as fh:
        reader = csv.reader(fh)
        header = next(reader)
        conn.execute(f"CREATE TABLE assessments ({', '.join(f'{c} TEXT' for c in header)})")
        cursor = conn.executemany(f"INSERT INTO assessments VALUES ({', '.join('?' * len(header))})", reader)
        return cursor.rowcount


def duckdb(csv_path: Path, db_path: Path) -> int:
    import duckdb as ddb

    conn = ddb.connect(str(_fresh(db_path)))
    try:
        conn.execute("SET threads = 1")
        conn.execute("CREATE TABLE assessments AS SELECT * FROM read_csv(?, all_varchar = true)", [str(csv_path)])
        return conn.execute("SELECT count(*) FROM assessments").fetchone()[0]
    finally:
        conn.close()


def run_peer(name: str, csv_path: Path, db_path: Path) -> dict:
    """Load `csv_path` with peer `name` on one core: rows, wall and CPU seconds, rows/s."""
    one_core()
    load = globals()[name]
    if name != "csv_executemany":  # the library's import, outside the clock as ours is
        __import__("pandas" if name == "pandas_sqlite" else "duckdb")
    return measured(lambda: load(csv_path, db_path))


def measured(load) -> dict:
    """Time `load()` (it returns the rows it loaded): rows, wall and CPU seconds, rows/s."""
    started, cpu_started = time.perf_counter(), time.process_time()
    rows = load()
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    return {"rows": rows, "seconds": round(seconds, 3), "cpu_seconds": round(cpu, 3),
            "rows_per_s": round(rows / seconds), "rows_per_cpu_s": round(rows / cpu)}
