"""`make bench`: ingest, scoring, rendering and the flow body at 1k to 1M submissions, with floors.

    uv run python bench/run.py                          # 1,000 / 10,000 / 100,000 / 1,000,000
    uv run python bench/run.py --sizes 1000,10000       # a quick look (results not committed)

One deterministic assessment CSV per size (`bench_ingest.generate`, cached under the
gitignored bench/work/) goes through every stage, each in a fresh child process whose
own peak resident memory bench/peak_rss.py reads (so memory is per stage; a stage with
PDF workers reports its largest process):

  csv_floor     the same CSV read with the standard `csv` module (the ingest floor)
  pandas_sqlite, csv_executemany, duckdb
                what a user would script instead (bench/bench_peers.py): the ingest's peers
  store_floor   the same rows written, unchecked, into reviewprep's own submissions and
                assessments tables as ingest writes them (the store's floor: what any
                ingest into this schema pays before it checks anything)
  ingest        `reviewprep ingest`'s code into a fresh SQLite database (`bench_ingest.child`)
  scoring       `jobs.score` (public) on what ingest stored
  render        `jobs.render` (public, en) on the same database, handed the snapshot the score
                step produced (as the flows do); that score step is timed apart, outside it, and
                the render's peak memory counts from the hand-over (VmHWM reset after scoring;
                the PDF worker's own peak beside it)
  render_floor  WeasyPrint alone on the exact HTML the render laid out (the render floor)
  flow_body     the weekly flow's steps as plain functions on a fresh database:
                gather -> detect campaigns -> score -> render one variant; then the next
                run, 1,000 new submissions on top, through the same steps
  prefect       (at --prefect-sizes) the real weekly flow under a temporary Prefect
                server against the same body without Prefect, alternating, medians:
                the overhead is per run, not per submission

Ingest and its floor are pinned to one core (the budget is per core). Results go to
bench/results/latest.json (with our/floor `ratios`) and latest.md. Budgets: ingest >= 50,000
rows/s on one core, scoring 100,000 assessments in about a second, rendering close to
WeasyPrint alone, Prefect overhead fixed per run.
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import json
import multiprocessing
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import bench_ingest
import bench_peers
from summary import SMALL_CACHE_KIB, markdown, summarise

ROOT = Path(__file__).resolve().parents[1]
WORK = ROOT / "bench" / "work"
RESULTS = ROOT / "bench" / "results"
PEAK_RSS = ROOT / "bench" / "peak_rss.py"
SIZES = (1_000, 10_000, 100_000, 1_000_000)
PREFECT_SIZES = (1_000, 100_000)
AS_OF = dt.date(2026, 11, 20)  # after every generated submission date
WARM_HTML = "<html lang='en'><title>warm</title><p>warm</p></html>"
STAGES = ("csv_floor", *bench_peers.PEERS, "store_floor", "ingest_small_cache", "ingest", "scoring", "render", "render_floor", "flow_body")


# ---------------------------------------------------------------- child side: one stage


def folders(size: int) -> dict[str, Path]:
    run = WORK / f"run_{size}"
    return {"csv": WORK / f"assessments_{size}.csv", "run": run, "db": run / "db", "out": run / "out",
            "html": run / "render.html", "body": run / "body", "sources": run / "sources.yaml"}


def use_project(var: Path, out: Path) -> None:
    """Point reviewprep's settings at a bench folder (database, raw store, outputs)."""
    os.environ.update({"REVIEWPREP_HOME": str(ROOT), "REVIEWPREP_VAR_DIR": str(var),
                       "REVIEWPREP_OUT_DIR": str(out),
                       "REVIEWPREP_DATABASE_URL": f"sqlite:///{var / 'bench.db'}"})
    for name in ("REVIEWPREP_CONFIG_DIR", "REVIEWPREP_SMTP_HOST", "REVIEWPREP_SMTP_SECRET_BLOCK"):
        os.environ.pop(name, None)


def rss_mb() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def peak_mb(pid: int | str = "self") -> float:
    """A live process's peak resident memory (VmHWM), which `reset_peak` can start again."""
    with open(f"/proc/{pid}/status") as fh:
        kib = next(int(line.split()[1]) for line in fh if line.startswith("VmHWM:"))
    return round(kib / 1024, 1)


def reset_peak() -> None:
    """Start this process's VmHWM again from what it holds now (Linux `clear_refs` 5)."""
    with open("/proc/self/clear_refs", "w") as fh:
        fh.write("5")


def timed(fn, *args, **kwargs) -> tuple[float, object]:
    start = time.perf_counter()
    result = fn(*args, **kwargs)
    return time.perf_counter() - start, result


def stage_csv_floor(size: int, repeat: int) -> dict:
    import csv

    bench_peers.one_core()
    path = folders(size)["csv"]

    def read() -> int:
        with path.open(encoding="utf-8", newline="") as fh:
            return sum(1 for _ in csv.reader(fh)) - 1  # less the header

    before = rss_mb()
    seconds, rows = min(timed(read) for _ in range(repeat))
    return {"rows": rows, "seconds": round(seconds, 3), "rows_per_s": round(rows / seconds),
            "rss_before_mb": before}


def stage_peer(name: str):
    def stage(size: int, repeat: int) -> dict:
        f = folders(size)
        return bench_peers.run_peer(name, f["csv"], f["run"] / "peers" / f"{name}.db")
    return stage


for _peer in bench_peers.PEERS:
    globals()[f"stage_{_peer}"] = stage_peer(_peer)


STORE_FLOOR_COLUMNS = ("external_id", "submitted_on", "stakeholder_name", "organization", "stakeholder_type",
                       "country", "party", "evidence_url", "confidential", "text", "language", "fingerprint",
                       "source_row")


def stage_store_floor(size: int, repeat: int) -> dict:
    """The CSV's rows into reviewprep's submissions and assessments, as ingest writes them and nothing more.

    The same database settings (WAL, foreign keys, the load's page cache, read-side indexes
    built after), the same INSERT .. ON CONFLICT on the fingerprint, batches of 5,000 by the
    driver's executemany; but every cell is stored as read (no check, no conversion), the row
    number stands in for the fingerprint (no hashing, no deduplication, no quarantine) and no
    raw copy is kept. Ingest can be no faster than this without storing submissions elsewhere.
    """
    import csv
    from itertools import islice

    bench_peers.one_core()
    f = folders(size)
    fresh(f["run"] / "store_floor")
    from reviewprep import jobs
    from reviewprep.settings import get_settings
    from reviewprep.store.db import session_scope
    from reviewprep.store.tuning import READ_SIDE_INDEXES, indexes_built_after, large_page_cache

    settings = get_settings()
    jobs.prepare_database(settings)
    submission_sql = (f"INSERT INTO submissions ({', '.join(STORE_FLOOR_COLUMNS)}, kind, source_file_id) VALUES "
                      f"({', '.join('?' * len(STORE_FLOOR_COLUMNS))}, 'assessment', ?) "
                      "ON CONFLICT (fingerprint) DO NOTHING")
    assessment_sql = "INSERT INTO assessments (submission_id, chapter, recommendation, rating) VALUES (?, ?, ?, ?)"

    def load() -> int:
        rows = 0
        with session_scope(settings.db_url) as session, f["csv"].open(encoding="utf-8", newline="") as fh:
            conn = session.connection()
            file_id = conn.exec_driver_sql(
                "INSERT INTO source_files (sha256, name, source, format, encoding, size_bytes, stored_path, "
                "loaded_at, rows_read, accepted, duplicates, quarantined, error) "
                "VALUES ('', ?, '', 'assessments_csv', 'utf-8', 0, '', CURRENT_TIMESTAMP, 0, 0, 0, 0, '') RETURNING id",
                (f["csv"].name,)).scalar()
            with indexes_built_after(session, "submissions", READ_SIDE_INDEXES), large_page_cache(session):
                reader = csv.reader(fh)
                next(reader)  # the header
                while batch := list(islice(reader, 5000)):
                    numbers = range(rows + 1, rows + len(batch) + 1)
                    conn.exec_driver_sql(submission_sql, [(*r[:7], r[11], r[12], r[10], r[13], str(n), n, file_id)
                                                          for n, r in zip(numbers, batch, strict=True)])
                    conn.exec_driver_sql(assessment_sql, [(n, r[7], r[8], r[9])
                                                          for n, r in zip(numbers, batch, strict=True)])
                    rows += len(batch)
        return rows

    return bench_peers.measured(load)


def stage_ingest(size: int, repeat: int) -> dict:
    f = folders(size)
    shutil.rmtree(f["db"], ignore_errors=True)
    f["db"].mkdir(parents=True)
    return bench_ingest.child(f["csv"], f["db"], profile=False)


def stage_ingest_small_cache(size: int, repeat: int) -> dict:
    """Ingest with SQLite's page cache capped at 2 MiB (it is 48 MiB by default, filled as the
    database grows): what memory is left is the loader's own, which must not grow with the file."""
    from reviewprep.store import tuning

    tuning.SQLITE_CACHE_KIB = SMALL_CACHE_KIB
    return {**stage_ingest(size, repeat), "sqlite_cache_kib": SMALL_CACHE_KIB}


def stage_scoring(size: int, repeat: int) -> dict:
    f = folders(size)
    use_project(f["db"], f["out"])
    from reviewprep import jobs
    from reviewprep.settings import get_settings

    settings = get_settings()
    jobs.load_config(settings)  # imports and config outside the clock
    before = rss_mb()
    cpu = time.process_time()
    seconds, snapshot = timed(jobs.score, settings, AS_OF, "public")
    cpu = time.process_time() - cpu  # what the run itself used, whatever else loads the machine
    return {"seconds": round(seconds, 3), "cpu_s": round(cpu, 3),
            "rows_per_s": round(snapshot.counts["submissions"] / seconds),
            "counts": snapshot.counts, "scored_cells": snapshot.overall.scored, "overall": snapshot.overall.score,
            "rss_before_mb": before}


def stage_render(size: int, repeat: int) -> dict:
    """`jobs.render` as the flow runs it (snapshot handed in), with the PDF inside it timed apart."""
    f = folders(size)
    use_project(f["db"], f["out"])
    from reviewprep import jobs
    from reviewprep.reports import render, variant
    from reviewprep.settings import get_settings

    settings = get_settings()
    jobs.load_config(settings)
    pool_start, _ = timed(render.html_to_pdf_in_worker, WARM_HTML, settings.templates_path)
    seen: dict[str, list] = {"pdf": [], "json": [], "html": []}
    def recorded_pdf(html, templates):
        seen["html"].append(html)
        seconds, result = timed(pdf_in_worker, html, templates)
        seen["pdf"].append(seconds)
        return result

    def timed_json(snapshot):
        seconds, text = timed(scores_json, snapshot)
        seen["json"].append(seconds)
        seen["json_mb"] = round(len(text.encode()) / 1e6, 1)
        return text

    pdf_in_worker, scores_json = variant.html_to_pdf_in_worker, variant.scores_json
    variant.html_to_pdf_in_worker, variant.scores_json = recorded_pdf, timed_json
    before = rss_mb()
    scoring, snapshot = timed(jobs.score, settings, AS_OF, "public")  # the flow's score step, not the render's
    reset_peak()  # the render's memory: from the hand-over, with the snapshot held
    totals = [timed(jobs.render, settings, snapshot, "en")[0] for _ in range(repeat)]
    handover_peak = peak_mb()
    worker_peak = max(peak_mb(p.pid) for p in multiprocessing.active_children())
    f["html"].write_text(seen["html"][-1], encoding="utf-8")
    total, pdf, json_s = (statistics.median(seen[k] if k else totals) for k in (None, "pdf", "json"))
    return {"seconds": round(total, 3), "scoring_s": round(scoring, 3), "own_s": round(total, 3),
            "pdf_s": round(pdf, 3), "json_s": round(json_s, 3), "json_mb": seen["json_mb"],
            "pool_start_s": round(pool_start, 3), "repeat": repeat,
            "html_kb": round(len(seen["html"][-1].encode()) / 1024, 1), "rss_before_mb": before,
            "handover_peak_mb": handover_peak, "pdf_worker_peak_mb": worker_peak,
            "render_peak_mb": max(handover_peak, worker_peak)}


def stage_render_floor(size: int, repeat: int) -> dict:
    """WeasyPrint alone (same options, assets-only fetcher) on the HTML the render laid out."""
    f = folders(size)
    use_project(f["db"], f["out"])
    from reviewprep.reports.render import html_to_pdf
    from reviewprep.settings import get_settings

    templates = get_settings().templates_path
    html = f["html"].read_text(encoding="utf-8")
    html_to_pdf(WARM_HTML, templates)  # WeasyPrint's import and font setup, as the warmed pool has
    before = rss_mb()
    seconds = statistics.median(timed(html_to_pdf, html, templates)[0] for _ in range(repeat))
    return {"seconds": round(seconds, 3), "repeat": repeat, "rss_before_mb": before}


def flow_body(settings, sources_file: Path) -> dict:
    """The weekly flow's steps as plain functions: gather -> detect campaigns -> score -> render one variant.

    Every step the flow runs is here (campaign detection too), so the Prefect comparison
    measures Prefect and not a step the body skipped."""
    from reviewprep import jobs
    from reviewprep.store.loads import counts_summary

    jobs.load_config(settings)
    jobs.prepare_database(settings)
    steps: dict[str, float] = {}
    gathered = []
    steps["gather_s"], _ = timed(lambda: [gathered.extend(jobs.gather(settings, s))
                                          for s in jobs.configured_sources(settings, sources_file)])
    steps["campaigns_s"], _ = timed(jobs.detect_campaigns, settings)
    steps["score_s"], snapshot = timed(jobs.score, settings, AS_OF, "public")
    steps["render_s"], _ = timed(jobs.render, settings, snapshot, "en")
    return {**{k: round(v, 3) for k, v in steps.items()}, "inputs": counts_summary(gathered)["read"]}


def write_sources(size: int) -> Path:
    f = folders(size)
    return sources_file(f["sources"], "bench", f["csv"])


def sources_file(path: Path, name: str, csv_path: Path) -> Path:
    """A config/sources.yaml naming one template CSV."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"sources:\n  - name: {name}\n    path: {csv_path}\n    format: assessments_csv\n",
                    encoding="utf-8")
    return path


def fresh(folder: Path) -> None:
    shutil.rmtree(folder, ignore_errors=True)
    use_project(folder / "var", folder / "out")


NEXT_RUN = 1_000  # new submissions the next weekly run finds on top of the archive


def stage_flow_body(size: int, repeat: int) -> dict:
    """The body on a fresh database, then the next run: NEXT_RUN new submissions (other ids, another
    seed) on top of what the first stored, through the same steps (what a weekly run costs once the
    archive holds `size`)."""
    f = folders(size)
    fresh(f["body"])
    from reviewprep import jobs
    from reviewprep.reports.render import html_to_pdf_in_worker
    from reviewprep.settings import get_settings

    settings = get_settings()
    jobs.load_config(settings)
    pool_start, _ = timed(html_to_pdf_in_worker, WARM_HTML, settings.templates_path)
    before = rss_mb()
    seconds, steps = timed(flow_body, settings, write_sources(size))
    later = f["body"] / "next.csv"
    bench_ingest.generate(later, NEXT_RUN, seed=35, id_prefix="N")
    next_seconds, next_steps = timed(flow_body, settings, sources_file(f["body"] / "next-sources.yaml", "next", later))
    return {"seconds": round(seconds, 3), "rows_per_s": round(size / seconds), **steps,
            "next_run": {"seconds": round(next_seconds, 3), **next_steps},
            "pool_start_s": round(pool_start, 3), "rss_before_mb": before}


STEPS = ("gather", "detect_campaigns", "score", "render")  # the jobs functions both paths run


@contextmanager
def steps_timed(spent: list[float]) -> Iterator[None]:
    """Add to `spent[0]` the wall time spent inside the steps' jobs functions (flow or body)."""
    from reviewprep import jobs

    originals = {name: getattr(jobs, name) for name in STEPS}
    lock = threading.Lock()

    def timing(fn):
        @functools.wraps(fn)
        def step(*args, **kwargs):
            start = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                with lock:
                    spent[0] += time.perf_counter() - start
        return step

    for name, fn in originals.items():
        setattr(jobs, name, timing(fn))
    try:
        yield
    finally:
        for name, fn in originals.items():
            setattr(jobs, name, fn)


def stage_prefect(size: int, repeat: int) -> dict:
    """The real flow under a temporary Prefect server vs the same body without it, alternating.

    Each run's time outside its steps (wall time minus the time inside the jobs functions
    both paths call) is what orchestration costs; the difference between the flow's and
    the body's is Prefect's overhead, free of the steps' own run-to-run spread (seconds at
    100,000), which the difference of whole runs cannot see past.
    """
    from prefect.testing.utilities import prefect_test_harness

    from reviewprep.prefect_env import configure

    configure(ROOT)
    from flows.weekly_readiness import weekly_readiness
    from reviewprep.settings import get_settings

    f = folders(size)
    sources = write_sources(size)

    def with_prefect() -> dict:
        return weekly_readiness(as_of=AS_OF, languages=["en"], audiences=["public"], distribute=False,
                                sources_file=str(sources))

    def without_prefect() -> dict:
        return flow_body(get_settings(), sources)

    runs: dict[str, list[float]] = {"flow": [], "body": []}
    outside: dict[str, list[float]] = {"flow": [], "body": []}
    with prefect_test_harness(server_startup_timeout=240):
        for round_ in range(repeat + 1):  # round 0 warms both paths (server, pool, caches) untimed
            for name, fn in (("flow", with_prefect), ("body", without_prefect))[:: 1 if round_ % 2 else -1]:
                fresh(f["run"] / f"prefect-{name}-{round_}")  # a new database: engines are cached per URL
                spent = [0.0]
                with steps_timed(spent):
                    seconds, _ = timed(fn)
                if round_:
                    runs[name].append(round(seconds, 3))
                    outside[name].append(round(seconds - spent[0], 3))
    flow, body = statistics.median(runs["flow"]), statistics.median(runs["body"])
    flow_outside, body_outside = (round(statistics.median(outside[name]), 3) for name in ("flow", "body"))
    return {"flow_s": round(flow, 3), "body_s": round(body, 3), "overhead_s": round(flow - body, 3),
            "flow_outside_steps_s": flow_outside, "body_outside_steps_s": body_outside,
            "overhead_outside_steps_s": round(flow_outside - body_outside, 3),
            "runs": runs, "outside_steps": outside, "repeat": repeat}


CHILD_STAGES = {name: globals()[f"stage_{name}"] for name in (*STAGES, "prefect")}


# ---------------------------------------------------------------- parent side: orchestration


def run_stage(stage: str, size: int, repeat: int) -> dict:
    """Run one stage in a fresh child; its JSON result plus its own peak RSS (peak_rss.py) and process time."""
    rss_file = WORK / f".rss-{stage}-{size}"
    cmd = [sys.executable, "-S", str(PEAK_RSS), str(rss_file),
           sys.executable, __file__, "--child", stage, "--sizes", str(size), "--repeat", str(repeat)]
    start = time.perf_counter()
    done = subprocess.run(cmd, stdout=subprocess.PIPE, text=True, cwd=ROOT)
    if done.returncode != 0:
        raise SystemExit(f"bench: stage {stage} at {size:,} failed (exit {done.returncode})")
    result = json.loads(done.stdout.strip().splitlines()[-1])
    result["peak_rss_mb"] = round(int(rss_file.read_text()) / 1024, 1)
    result["process_s"] = round(time.perf_counter() - start, 2)
    rss_file.unlink()
    return result


def save(result: dict) -> None:
    from reviewprep.files import write_atomic

    write_atomic(RESULTS / "latest.json", json.dumps(result, indent=1) + "\n")
    write_atomic(RESULTS / "latest.md", markdown(result, STAGES))


OTHER_STAGES = {  # stage: (script, its arguments); run when the script is in bench/
    "text extraction and OCR": ("bench_extract.py", ()),
    "campaign detection": ("bench_campaigns.py", ("--sizes", "10000,100000")),
}


def other_stages() -> dict:
    """The other stages' own benchmarks, as they print their results (with their own floors)."""
    found = {}
    for name, (script, args) in OTHER_STAGES.items():
        path = ROOT / "bench" / script
        if not path.is_file():
            continue
        print(f"{name} ({script}) ...", file=sys.stderr, flush=True)
        start = time.perf_counter()
        done = subprocess.run([sys.executable, str(path), *args], stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, text=True, cwd=ROOT)
        lines = [line for line in done.stdout.splitlines() if line.strip()][-20:]
        found[name] = {"script": script, "args": list(args), "returncode": done.returncode,
                       "seconds": round(time.perf_counter() - start, 1), "lines": lines}
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default=",".join(map(str, SIZES)), help="comma-separated submissions")
    parser.add_argument("--prefect-sizes", default=",".join(map(str, PREFECT_SIZES)),
                        help="sizes at which to measure Prefect's overhead ('' to skip)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per render and floor measurement")
    parser.add_argument("--prefect-repeat", type=int, default=5, help="flow/body pairs per Prefect measurement")
    parser.add_argument("--child", choices=CHILD_STAGES, help=argparse.SUPPRESS)
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    if args.child:
        print(json.dumps(CHILD_STAGES[args.child](sizes[0], args.repeat)))
        return 0

    started = time.perf_counter()
    WORK.mkdir(parents=True, exist_ok=True)
    stages: dict[str, dict] = {name: {} for name in STAGES}
    for size in sizes:
        csv_path = folders(size)["csv"]
        if not csv_path.exists():
            print(f"generating {csv_path.name} ...", file=sys.stderr, flush=True)
            bench_ingest.generate(csv_path, size)
        for stage in STAGES:
            result = stages[stage][str(size)] = run_stage(stage, size, args.repeat)
            print(f"{size:>9,} {stage:<13} {result['seconds']:>8.2f} s  peak RSS {result['peak_rss_mb']:>7.1f} MB"
                  + (f"  {result['rows_per_s']:>9,} rows/s" if "rows_per_s" in result else ""),
                  file=sys.stderr, flush=True)
        shutil.rmtree(folders(size)["run"], ignore_errors=True)
    prefect = {}
    for size in (int(s) for s in args.prefect_sizes.split(",") if s.strip()):
        prefect[str(size)] = p = run_stage("prefect", size, args.prefect_repeat)
        print(f"{size:>9,} prefect       flow {p['flow_s']} s, body {p['body_s']} s: overhead {p['overhead_s']} s",
              file=sys.stderr, flush=True)
        shutil.rmtree(folders(size)["run"], ignore_errors=True)
    other = other_stages()
    result = {
        "generated_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "machine": {"cpus": os.cpu_count(), "platform": platform.platform(terse=True),
                    "python": platform.python_version()},
        "as_of": AS_OF.isoformat(), "sizes": sizes, "repeat": args.repeat,
        "stages": stages, "prefect": prefect, "other_stages": other, **summarise(stages, prefect, sizes),
    }
    result["total_s"] = round(time.perf_counter() - started, 1)
    save(result)
    print(markdown(result, STAGES))
    return 0


if __name__ == "__main__":
    sys.exit(main())
