"""`make bench`'s ratios, budget checks and markdown table, from the stages' results.

Ratios are ours over a floor or a peer (above 1: ours is slower). Each budget check
names what it measures, the measured value, the budget and whether it was met; a check
whose stage did not run at the sizes it needs is left out, not passed.
"""

from __future__ import annotations

import bench_ingest
import bench_peers

PEER_STAGES = ("csv_floor", *bench_peers.PEERS, "store_floor")
SMALL_CACHE_KIB = 2048
LARGE, MEDIUM = "1000000", "100000"


def ratio(ours: float, floor: float) -> float:
    return round(ours / floor, 2) if floor else float("nan")


def summarise(stages: dict, prefect: dict, sizes: list[int]) -> dict:
    def per_size(fn) -> dict:
        return {str(n): fn(str(n)) for n in sizes}

    def over(ours: str, floor: str, key: str = "seconds", floor_key: str = "seconds") -> dict:
        return per_size(lambda n: ratio(stages[ours][n][key], stages[floor][n][floor_key]))

    ratios = {"ingest_over_csv_floor": over("ingest", "csv_floor")}
    for peer in bench_peers.PEERS:
        ratios[f"ingest_over_{peer}"] = over("ingest", peer)
        ratios[f"ingest_over_{peer}_cpu"] = over("ingest", peer, "cpu_seconds", "cpu_seconds")
    # what storing alone costs, checking nothing: ingest into this schema cannot go below it
    ratios["store_floor_over_pandas_sqlite_cpu"] = over("store_floor", "pandas_sqlite", "cpu_seconds", "cpu_seconds")
    ratios["ingest_over_store_floor_cpu"] = over("ingest", "store_floor", "cpu_seconds", "cpu_seconds")
    ratios["render_over_weasyprint"] = over("render", "render_floor")
    ratios["flow_body_over_floor"] = per_size(lambda n: ratio(stages["flow_body"][n]["seconds"], flow_floor(stages, n)))
    if prefect:
        ratios["prefect_flow_over_body"] = {n: ratio(p["flow_s"], p["body_s"]) for n, p in prefect.items()}
    small, large = str(min(sizes)), str(max(sizes))
    checks = {
        "render_own_s_smallest_largest": [stages["render"][small]["own_s"], stages["render"][large]["own_s"]],
        "render_own_growth": ratio(stages["render"][large]["own_s"], stages["render"][small]["own_s"]),
        "ingest_rows_per_s_budget": bench_ingest.BUDGET,
    }
    if MEDIUM in stages["ingest"] and LARGE in stages["ingest"]:
        for name in ("ingest", "ingest_small_cache"):
            at_100k, at_1m = (stages[name][n]["peak_rss_mb"] for n in (MEDIUM, LARGE))
            checks[f"{name}_peak_rss_mb_100k_1m"] = [at_100k, at_1m]
            checks[f"{name}_peak_rss_1m_over_100k"] = ratio(at_1m, at_100k)
        from reviewprep.store.tuning import SQLITE_CACHE_KIB

        checks["ingest_sqlite_cache_mib"] = SQLITE_CACHE_KIB // 1024
    if prefect:
        checks["prefect_overhead_s"] = {n: p["overhead_outside_steps_s"] for n, p in prefect.items()}
    checks["budgets"] = budgets(stages, ratios, checks, [str(n) for n in sizes])
    return {"ratios": ratios, "checks": checks}


def flow_floor(stages: dict, n: str) -> float:
    """What the weekly run needs at least: the naive script's load, our scoring, WeasyPrint's layout."""
    return stages["pandas_sqlite"][n]["seconds"] + stages["scoring"][n]["seconds"] + \
        stages["render_floor"][n]["seconds"]


def budgets(stages: dict, ratios: dict, checks: dict, sizes: list[str]) -> list[dict]:
    """Each of the issue's budgets: what, measured, budget, met."""
    out = []

    def check(what: str, measured: float, budget: float) -> None:
        out.append({"check": what, "measured": measured, "budget": budget, "met": measured <= budget})

    for n in (MEDIUM, LARGE):
        if n in sizes:
            check(f"ingest wall time over pandas read_csv + to_sql at {int(n):,}",
                  ratios["ingest_over_pandas_sqlite"][n], 1.0)
            check(f"ingest CPU time over pandas read_csv + to_sql at {int(n):,}",
                  ratios["ingest_over_pandas_sqlite_cpu"][n], 1.0)
    if "ingest_peak_rss_1m_over_100k" in checks:
        check("ingest peak RSS at 1,000,000 over 100,000 (default cache)", checks["ingest_peak_rss_1m_over_100k"], 1.2)
    if LARGE in sizes:
        check("scoring 1,000,000 assessments, s", stages["scoring"][LARGE]["seconds"], 3.0)
        check("scoring 1,000,000 assessments, peak MB", stages["scoring"][LARGE]["peak_rss_mb"], 300)
    for n in sizes:
        check(f"render over WeasyPrint alone at {int(n):,}", ratios["render_over_weasyprint"][n], 1.1)
        check(f"render peak MB at {int(n):,} (from the snapshot's hand-over)", stages["render"][n]["render_peak_mb"], 300)
    if LARGE in sizes:
        check("flow body over (pandas load + scoring + WeasyPrint) at 1,000,000",
              ratios["flow_body_over_floor"][LARGE], 1.5)
    overhead = checks.get("prefect_overhead_s", {})
    if len(overhead) > 1:  # a fixed cost may wobble with the machine, not grow with the inputs
        few, many = min(overhead, key=int), max(overhead, key=int)
        check(f"Prefect overhead per run (outside the steps) at {int(many):,} over at {int(few):,} submissions",
              ratio(overhead[many], overhead[few]), 2.0)
    return out


def fmt_s(x: float) -> str:
    return f"{x:.3f}" if x < 1 else f"{x:.2f}" if x < 100 else f"{x:.0f}"


def flow_steps(r: dict) -> str:
    return " / ".join(fmt_s(r[k]) for k in ("gather_s", "campaigns_s", "score_s", "render_s"))


def markdown(result: dict, stage_names: tuple[str, ...]) -> str:
    sizes = [str(n) for n in result["sizes"]]
    stages, ratios, checks = result["stages"], result["ratios"], result["checks"]
    head = "| stage | " + " | ".join(f"{int(n):,}" for n in sizes) + " |"
    rule = "|---|" + "---:|" * len(sizes)

    def table(title: str, cell, names=stage_names) -> list[str]:
        return [f"**{title}**", "", head, rule,
                *[f"| {name} | " + " | ".join(cell(stages[name][n]) for n in sizes) + " |" for name in names], ""]

    m = result["machine"]
    lines = [
        f"# Benchmark results ({result['generated_at'][:10]})", "",
        f"{m['cpus']} CPUs, {m['platform']}, Python {m['python']}; submissions as of {result['as_of']}; "
        f"`make bench` took {result['total_s'] / 60:.1f} min. Each stage ran in a fresh process "
        "(ingest, its floors and its peers pinned to one core).", "",
        *table("Wall time (s) of the stage's work (imports and warm-up excluded)", lambda r: fmt_s(r["seconds"])),
        *table("Peak RSS (MB) of the stage's process (largest process for stages with PDF workers)",
               lambda r: f"{r['peak_rss_mb']:.0f}"),
        *table("Rows (submissions) per second", lambda r: f"{r['rows_per_s']:,}",
               (*PEER_STAGES, "ingest_small_cache", "ingest", "scoring", "flow_body")),
        *table("CPU seconds (one core): ingest, its peers and the store's floor", lambda r: fmt_s(r["cpu_seconds"]),
               (*bench_peers.PEERS, "store_floor", "ingest")),
        *table("Render split (s): the score step before it (not in the render) / the render (of which: "
               "PDF in the worker; scores JSON, its size)", lambda r: f"{fmt_s(r['scoring_s'])} / {fmt_s(r['own_s'])} "
               f"({fmt_s(r['pdf_s'])}; {fmt_s(r['json_s'])}, {r['json_mb']} MB)", ("render",)),
        *table("Render peak RSS (MB): from the snapshot's hand-over, render process / PDF worker; "
               "the stage's whole process, score step included", lambda r: f"{r['handover_peak_mb']:.0f} / "
               f"{r['pdf_worker_peak_mb']:.0f}; {r['peak_rss_mb']:.0f}", ("render",)),
        *table("Flow body split (s): gather / detect campaigns / score / render", flow_steps, ("flow_body",)),
        *table("The next run, 1,000 new submissions on top of the archive (s): whole body; gather / detect "
               "campaigns / score / render", lambda r: f"{fmt_s(r['next_run']['seconds'])}; "
               f"{flow_steps(r['next_run'])}", ("flow_body",)),
        "**Ratios (ours / floor or peer; above 1: ours is slower)**", "",
        "| ratio | " + " | ".join(f"{int(n):,}" for n in sizes) + " |", rule,
        *[f"| {name} | " + " | ".join(str(v.get(n, "")) for n in sizes) + " |"
          for name, v in ratios.items() if name != "prefect_flow_over_body"], "",
    ]
    if result["prefect"]:
        lines += ["**Prefect overhead per run** (real flow under a temporary server vs the same body, "
                  "medians of alternating runs; outside the steps: wall time minus the time inside the "
                  "steps' jobs functions)", "",
                  "| submissions | flow s | body s | flow - body s | flow / body | flow outside the steps s "
                  "| body outside the steps s | overhead s (outside the steps) |",
                  "|---:|---:|---:|---:|---:|---:|---:|---:|"]
        lines += [f"| {int(n):,} | {p['flow_s']} | {p['body_s']} | {p['overhead_s']} | "
                  f"{ratios['prefect_flow_over_body'][n]} | {p['flow_outside_steps_s']} | "
                  f"{p['body_outside_steps_s']} | {p['overhead_outside_steps_s']} |"
                  for n, p in result["prefect"].items()]
        lines.append("")
    for name, extra in result.get("other_stages", {}).items():
        lines += [f"**{name}** (`bench/{extra['script']} {' '.join(extra['args'])}`, exit {extra['returncode']})",
                  "", "```", *extra["lines"], "```", ""]
    lines += ["**Budgets**", "", "| check | measured | budget | met |", "|---|---:|---:|---|"]
    lines += [f"| {b['check']} | {b['measured']} | {b['budget']} | {'yes' if b['met'] else 'NO'} |"
              for b in checks["budgets"]]
    lines += ["", "**Checks**", ""]
    if "ingest_peak_rss_1m_over_100k" in checks:
        (a, b), (c, d) = checks["ingest_peak_rss_mb_100k_1m"], checks["ingest_small_cache_peak_rss_mb_100k_1m"]
        lines.append(f"- Ingest peak RSS at 100,000 → 1,000,000 submissions: {a} → {b} MB "
                     f"(x{checks['ingest_peak_rss_1m_over_100k']}), SQLite's page cache capped at "
                     f"{checks['ingest_sqlite_cache_mib']} MiB during a load. With the "
                     f"cache capped at {SMALL_CACHE_KIB // 1024} MiB: {c} → {d} MB "
                     f"(x{checks['ingest_small_cache_peak_rss_1m_over_100k']}): the loader's own memory.")
    small, large = checks["render_own_s_smallest_largest"]
    lines.append(f"- The render's own work (snapshot handed in): {small} s at {int(sizes[0]):,}, "
                 f"{large} s at {int(sizes[-1]):,} submissions (x{checks['render_own_growth']}).")
    lines.append(f"- Ingest budget {checks['ingest_rows_per_s_budget']:,} rows/s on one core.")
    return "\n".join(lines) + "\n"
