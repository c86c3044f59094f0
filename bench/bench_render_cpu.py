"""Render vs WeasyPrint alone in CPU time, interleaved, at a `make bench` size: readable on a busy machine.

    uv run python bench/run.py --child ingest --sizes 1000000     # the database, once
    uv run python bench/bench_render_cpu.py --size 1000000 [--pairs 5]

As the `render` stage of bench/run.py: the PDF worker pool started, the public snapshot
scored (outside the clock), then `jobs.render(settings, snapshot, "en")`. Each render's
CPU is this process's plus the PDF worker's (read from /proc); right after it, WeasyPrint
alone lays out the HTML that render made in a separate fresh process, warmed as the
`render_floor` stage is. Pairs alternate so that both see the same load; wall times of a
shared machine say little, CPU times much more. Also prints this process's resident memory
before the renders and its peak during them, and the PDF worker's peak.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import statistics
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import run as bench


def memory_mb(pid: int | str, field: str) -> float:
    """VmRSS or VmHWM (peak) of a process, in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return round(int(line.split()[1]) / 1024, 1)
    raise KeyError(field)


def cpu_s(pids) -> float:
    """User + system CPU seconds of other processes, from /proc."""
    total = 0
    for pid in pids:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        total += int(fields[11]) + int(fields[12])
    return total / os.sysconf("SC_CLK_TCK")


def floor_cpu(html: str, templates: Path) -> float:
    """WeasyPrint alone (`html_to_pdf`, as `render_floor`), in the lean process: its CPU seconds."""
    from reviewprep.reports.render import html_to_pdf

    start = time.process_time()
    html_to_pdf(html, templates)
    return time.process_time() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=1000)
    parser.add_argument("--pairs", type=int, default=5)
    args = parser.parse_args()
    f = bench.folders(args.size)
    if not (f["db"] / "bench.db").exists():
        raise SystemExit(f"no database: run `bench/run.py --child ingest --sizes {args.size}` first")
    bench.use_project(f["db"], f["out"])
    from reviewprep import jobs
    from reviewprep.reports import render, variant
    from reviewprep.settings import get_settings

    settings = get_settings()
    templates = settings.templates_path
    jobs.load_config(settings)
    jobs.prepare_database(settings)
    render.html_to_pdf_in_worker(bench.WARM_HTML, templates)
    lean = ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn"))
    lean.submit(floor_cpu, bench.WARM_HTML, templates).result()
    snapshot = jobs.score(settings, bench.AS_OF, "public")

    laid_out: list[str] = []
    in_worker = variant.html_to_pdf_in_worker

    def recorded(html, templates):
        laid_out.append(html)
        return in_worker(html, templates)

    variant.html_to_pdf_in_worker = recorded
    rss_before = memory_mb("self", "VmRSS")
    Path("/proc/self/clear_refs").write_text("5")  # the peak (VmHWM) starts again from here
    rows = []
    for _ in range(args.pairs):
        workers = list(render._pool._processes)
        wall, own, pdf = time.perf_counter(), time.process_time(), cpu_s(workers)
        jobs.render(settings, snapshot, "en")
        row = {"main": time.process_time() - own, "worker": cpu_s(workers) - pdf, "wall": time.perf_counter() - wall}
        wall = time.perf_counter()
        row["floor"] = lean.submit(floor_cpu, laid_out[-1], templates).result()
        row["floor_wall"] = time.perf_counter() - wall
        rows.append(row)
    peak = memory_mb("self", "VmHWM")
    worker_peak = max(memory_mb(pid, "VmHWM") for pid in render._pool._processes)
    lean.shutdown()

    def median(key: str) -> float:
        return round(statistics.median(r[key] for r in rows), 3)

    ratios = [(r["main"] + r["worker"]) / r["floor"] for r in rows]
    print(f"{args.size:,} submissions, {args.pairs} interleaved pairs (medians):\n"
          f"  render CPU {median('main')} s in this process + {median('worker')} s in the PDF worker; "
          f"WeasyPrint alone {median('floor')} s\n"
          f"  render/WeasyPrint CPU {statistics.median(ratios):.3f} (pairs: {', '.join(f'{x:.2f}' for x in ratios)}); "
          f"wall {median('wall')} s vs {median('floor_wall')} s\n"
          f"  memory: this process {rss_before} MB before the renders, {peak} MB peak during them; "
          f"PDF worker peak {worker_peak} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
