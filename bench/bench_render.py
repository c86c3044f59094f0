"""Render benchmark: our full report render against WeasyPrint alone on the same final HTML.

    uv run python bench/bench_render.py                 # sample data, 3 languages × 2 audiences
    uv run python bench/bench_render.py --repeat 3 --json bench/results/render.json

Loads the bundled sample data into a temporary project folder, then measures
  * full: `jobs.render` for one variant at a time, handed its audience's snapshot as the
    flows do (context, Jinja, PDF in the worker pool, HTML/CSV/JSON twins, the reports-table row);
  * floor: WeasyPrint alone (`HTML(...).write_pdf`, same options, in this process) on the
    HTML that variant wrote;
  * parallel: all variants at once from threads, as the flow's render tasks run.
Budget: our cost on top of WeasyPrint's stays small; variants render in
parallel processes. The worker pool is started once before timing (a fixed per-process
cost, reported as `pool_start_s`).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import statistics
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
AS_OF = dt.date(2026, 11, 20)
VARIANTS = [(a, lang) for a in ("public", "restricted") for lang in ("en", "fr", "es")]


def prepare(home: Path):
    os.environ.update({"REVIEWPREP_HOME": str(ROOT), "REVIEWPREP_VAR_DIR": str(home / "var"),
                       "REVIEWPREP_OUT_DIR": str(home / "out"),
                       "REVIEWPREP_DATABASE_URL": f"sqlite:///{home / 'var' / 'bench.db'}"})
    from reviewprep import jobs
    from reviewprep.settings import get_settings

    settings = get_settings()
    jobs.prepare_database(settings)
    for source in jobs.configured_sources(settings, ROOT / "data/sample/sources.yaml"):
        jobs.gather(settings, source)
    return settings


def timed(fn, *args):
    start = time.perf_counter()
    result = fn(*args)
    return time.perf_counter() - start, result


def measure(repeat: int) -> dict:
    from reviewprep import jobs
    from reviewprep.reports.render import html_to_pdf, html_to_pdf_in_worker, pdf_workers

    with tempfile.TemporaryDirectory(prefix="bench-render-") as tmp:
        settings = prepare(Path(tmp))
        templates = settings.templates_path
        pool_start, _ = timed(html_to_pdf_in_worker, "<html lang='en'><title>warm</title><p>warm</p>", templates)
        html_to_pdf("<html lang='en'><title>warm</title><p>warm</p>", templates)  # import WeasyPrint here too

        snapshots = {a: jobs.score(settings, AS_OF, a) for a in dict.fromkeys(a for a, _ in VARIANTS)}
        rows = []
        for audience, lang in VARIANTS:
            full, floor = [], []
            for _ in range(repeat):
                seconds, rendered = timed(jobs.render, settings, snapshots[audience], lang)
                full.append(seconds)
                html = rendered.html.read_text(encoding="utf-8")
                floor.append(timed(html_to_pdf, html, templates)[0])
            rows.append({"variant": f"{lang}-{audience}", "full_s": round(statistics.median(full), 3),
                         "weasyprint_s": round(statistics.median(floor), 3),
                         "overhead_s": round(statistics.median(full) - statistics.median(floor), 3),
                         "ratio": round(statistics.median(full) / statistics.median(floor), 3)})
        walls = []
        for _ in range(repeat):
            with ThreadPoolExecutor(len(VARIANTS)) as threads:
                walls.append(timed(lambda: list(threads.map(lambda v: jobs.render(settings, snapshots[v[0]], v[1]), VARIANTS)))[0])
        serial_floor = sum(r["weasyprint_s"] for r in rows)
        serial_full = sum(r["full_s"] for r in rows)
        parallel = statistics.median(walls)
        return {
            "as_of": AS_OF.isoformat(), "variants": len(VARIANTS), "repeat": repeat, "cpus": os.cpu_count(),
            "pdf_workers": pdf_workers(), "pool_start_s": round(pool_start, 3), "per_variant": rows,
            "serial_full_s": round(serial_full, 3), "serial_weasyprint_s": round(serial_floor, 3),
            "parallel_full_wall_s": round(parallel, 3),
            "ratios": {"full_over_weasyprint": round(serial_full / serial_floor, 3),
                       "parallel_wall_over_serial_weasyprint": round(parallel / serial_floor, 3)},
        }


def markdown(result: dict) -> str:
    lines = ["| variant | full render s | WeasyPrint alone s | overhead s | ratio |", "|---|---:|---:|---:|---:|"]
    lines += [f"| {r['variant']} | {r['full_s']} | {r['weasyprint_s']} | {r['overhead_s']} | {r['ratio']} |"
              for r in result["per_variant"]]
    lines += ["", f"All {result['variants']} variants: serial full {result['serial_full_s']} s, serial WeasyPrint "
              f"{result['serial_weasyprint_s']} s, parallel full (wall) {result['parallel_full_wall_s']} s on "
              f"{result['cpus']} CPUs with {result['pdf_workers']} PDF workers; worker pool start "
              f"{result['pool_start_s']} s."]
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=1, help="runs per measurement; medians are reported")
    parser.add_argument("--json", type=Path, default=None, help="also write the result to this file")
    args = parser.parse_args()
    result = measure(args.repeat)
    print(markdown(result))
    print(json.dumps(result, indent=1))
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
