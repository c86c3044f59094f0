"""Weekly readiness: gather → score → render → distribute → publish.

Reads like the job it does; every step is a plain function in `reviewprep.jobs`.
Tasks are coarse (one per source, per audience, per variant, per recipient list), never per row.
"""

from __future__ import annotations

import datetime as dt
import re

from prefect import flow, task
from prefect.artifacts import create_markdown_artifact, create_table_artifact
from prefect.cache_policies import NONE

from reviewprep import flow_form as form
from reviewprep import jobs
from reviewprep.codes import Audience, Language
from reviewprep.distribute.run import (
    distribute_reports,
    list_summary_lines,
    raise_for_errors,
    summary_markdown,
    variants_needed,
)
from reviewprep.gather.inbox import report_lines
from reviewprep.gather.sources import Inbox, Source
from reviewprep.production.dask import render_task_runner
from reviewprep.reports.weekly import Rendered
from reviewprep.scoring.snapshot import Snapshot
from reviewprep.settings import get_settings
from reviewprep.store.loads import FileCounts, counts_summary


def artifact_key(name: str) -> str:
    """Prefect artifact keys are lowercase letters, digits and dashes."""
    return re.sub(r"[^a-z0-9-]+", "-", name.lower()).strip("-") or "inbox"


@task(name="gather-source", cache_policy=NONE)
def gather_source(source: Source) -> list[FileCounts]:
    return jobs.gather(get_settings(), source)


@task(name="gather-inbox", cache_policy=NONE)
def gather_inbox(inbox: Inbox) -> list[FileCounts]:
    """One inbox folder; what happened to each file is a markdown artifact of its own."""
    files = jobs.gather_inbox(get_settings(), inbox)
    create_markdown_artifact("\n".join([f"# Inbox {inbox.name}", "", *report_lines(files)]),
                             key=f"inbox-{artifact_key(inbox.name)}", description=f"Inbox {inbox.name}: each file")
    return files


@task(name="detect-campaigns", cache_policy=NONE)
def detect_campaigns() -> int:
    return jobs.detect_campaigns(get_settings()).assigned


@task(name="score", cache_policy=NONE)
def score(as_of: dt.date, audience: Audience) -> Snapshot:
    return jobs.score(get_settings(), as_of, audience)


@task(name="render-variant", cache_policy=NONE)
def render_variant(snapshot: Snapshot, language: Language) -> Rendered:
    return jobs.render(get_settings(), snapshot, language)


@flow(name="weekly-readiness", log_prints=True)
def weekly_readiness(
    as_of: dt.date | None = form.AS_OF,
    languages: list[Language] = form.LANGUAGES,
    audiences: list[Audience] = form.AUDIENCES,
    distribute: bool = form.DISTRIBUTE,
    sources_file: str | None = form.SOURCES_FILE,
    wait_for_approval: bool = form.WAIT_FOR_APPROVAL,
) -> dict:
    """Lists that need approval get nothing until a person approves; with `wait_for_approval`
    the run pauses with a form for that, otherwise `reviewprep approve` sends later."""
    settings = get_settings()
    jobs.load_config(settings)
    jobs.prepare_database(settings)
    as_of = as_of or dt.date.today()

    sources_path = settings.home / sources_file if sources_file else None
    sources = jobs.configured_sources(settings, sources_path)
    inboxes = jobs.configured_inboxes(settings, sources_path)
    gathered = [f for future in gather_source.map(sources) for f in future.result()]
    inbox_files = {inbox.name: future.result() for inbox, future in zip(inboxes, gather_inbox.map(inboxes),
                                                                         strict=True)} if inboxes else {}
    gathered += [f for files in inbox_files.values() for f in files]
    for name, files in inbox_files.items():
        print(f"Inbox {name}:")
        for line in report_lines(files):
            print(f"  {line}")
    detect_campaigns()

    variants = [(a, lang) for a in audiences for lang in languages]
    if distribute:  # also every variant a recipient of the weekly report needs
        variants += [v for v in variants_needed("weekly") if v not in variants]
    snapshots = {audience: score(as_of, audience) for audience in dict.fromkeys(a for a, _ in variants)}
    with render_task_runner(settings) as runner:  # threads, or Dask (REVIEWPREP_RENDER_RUNNER)
        futures = [runner.submit(render_variant, {"snapshot": snapshots[a], "language": lang})
                   for a, lang in variants]
        rendered = [f.result() for f in futures]

    delivered = (distribute_reports("weekly", [r.key for r in rendered], wait_for_approval=wait_for_approval)
                 if distribute else None)
    summary = publish(as_of, gathered, snapshots, rendered, delivered, inbox_files)
    print(f"Weekly readiness as of {as_of}: overall {summary['overall']}; wrote {len(rendered)} report(s)")
    for line in list_summary_lines(delivered or {}):
        print(line)
    if delivered:
        raise_for_errors(delivered)
    return summary


def publish(as_of: dt.date, gathered: list[FileCounts], snapshots: dict[str, Snapshot],
            rendered: list[Rendered], delivered: dict | None = None,
            inbox_files: dict[str, list[FileCounts]] | None = None) -> dict:
    """Prefect artifacts: a markdown summary, the cell scores, links to the files."""
    first = next(iter(snapshots.values()))
    counts = counts_summary(gathered)
    lines = [
        f"# Weekly readiness — {as_of.isoformat()}",
        "",
        f"Overall readiness: **{first.overall.score}** ({first.overall.status}), "
        f"coverage {first.overall.coverage:.0%}; next review {first.next_review} "
        f"({first.days_to_review} days).",
        "",
        f"Inputs this run: read {counts['read']}, accepted {counts['accepted']}, "
        f"duplicates {counts['duplicates']}, quarantined {counts['quarantined']}.",
        "",
        *[line for name, files in (inbox_files or {}).items()
          for line in (f"## Inbox {name}", "", *report_lines(files), "")],
        "## Reports",
        *[f"- [{r.key}]({r.pdf.as_uri()}) ([HTML]({r.html.as_uri()}))" for r in rendered],
        *(["", *summary_markdown(delivered)] if delivered else []),
    ]
    create_markdown_artifact("\n".join(lines), key="weekly-readiness-summary",
                             description=f"Weekly readiness {as_of}")
    create_table_artifact(
        [{"chapter": c.chapter, "recommendation": c.recommendation, "party": c.party,
          "score": c.score, "status": c.status, "confidence": c.confidence, "n": c.n}
         for c in first.cells],
        key="weekly-readiness-cells", description=f"Cell scores ({first.audience}) as of {as_of}",
    )
    return {
        "as_of": as_of.isoformat(),
        "overall": first.overall.score,
        "status": first.overall.status,
        "inputs": counts,
        "inboxes": {name: report_lines(files) for name, files in (inbox_files or {}).items()},
        "reports": [{"key": r.key, "version": r.version, "sha256": r.sha256, "pdf": str(r.pdf), "html": str(r.html)}
                    for r in rendered],
        "distribution": delivered,
    }
