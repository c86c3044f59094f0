"""What we heard: a public consultation summary for a date range, run by hand or on demand.

Detects campaigns among what is loaded, scores as of the period's last day (for "what is
changing"), renders one task per variant (language × audience) and sends each recipient
of the lists that receive `heard` reports their variant. Every step is a plain function
in `reviewprep.jobs`.
"""

from __future__ import annotations

import datetime as dt

from prefect import flow, task
from prefect.artifacts import create_markdown_artifact
from prefect.cache_policies import NONE

from reviewprep import jobs
from reviewprep.codes import Audience, Language
from reviewprep.distribute.run import distribute_reports, raise_for_errors, summary_markdown, variants_needed
from reviewprep.reports.variant import Rendered
from reviewprep.scoring.snapshot import Snapshot
from reviewprep.settings import get_settings


@task(name="detect-campaigns", cache_policy=NONE)
def detect_campaigns() -> int:
    return jobs.detect_campaigns(get_settings()).assigned


@task(name="score", cache_policy=NONE)
def score(as_of: dt.date, audience: Audience) -> Snapshot:
    return jobs.score(get_settings(), as_of, audience)


@task(name="render-heard-variant", cache_policy=NONE)
def render_heard_variant(snapshot: Snapshot, language: Language, start: dt.date) -> Rendered:
    return jobs.render_heard(get_settings(), snapshot, language, start)


@flow(name="what-we-heard", log_prints=True)
def what_we_heard(
    start: dt.date,
    end: dt.date | None = None,
    languages: list[Language] = ["en"],  # noqa: B006 - Prefect shows list defaults in its form
    audiences: list[Audience] = ["public"],  # noqa: B006
    recipients: list[str] | None = None,
) -> dict:
    """Submissions dated `start` to `end` (default today). `recipients` names lists or listed
    addresses (default: every list receiving `heard` reports; an empty list sends nothing)."""
    settings = get_settings()
    jobs.load_config(settings)
    jobs.prepare_database(settings)
    end = end or dt.date.today()
    if start > end:
        raise ValueError(f"the period starts ({start}) after it ends ({end})")
    detect_campaigns()
    variants = [(a, lang) for a in audiences for lang in languages]
    variants += [v for v in variants_needed("heard", recipients) if v not in variants]
    snapshots = {a: score(end, a) for a in dict.fromkeys(a for a, _ in variants)}
    rendered = [f.result() for f in [render_heard_variant.submit(snapshots[a], lang, start)
                                     for a, lang in variants]]
    delivered = distribute_reports("heard", [r.key for r in rendered], recipients)
    lines = [f"# What we heard — {start.isoformat()} to {end.isoformat()}", "",
             *[f"- [{r.key}]({r.pdf.as_uri()}) ([HTML]({r.html.as_uri()}))" for r in rendered], "",
             *summary_markdown(delivered)]
    create_markdown_artifact("\n".join(lines), key="what-we-heard-summary", description=f"What we heard {start}–{end}")
    print(f"What we heard {start} – {end}: wrote {len(rendered)} report(s)")
    raise_for_errors(delivered)
    return {"start": start.isoformat(), "end": end.isoformat(),
            "reports": [{"key": r.key, "pdf": str(r.pdf), "html": str(r.html), "sha256": r.sha256} for r in rendered],
            "distribution": delivered}
