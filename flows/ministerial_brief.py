"""Ministerial brief: a short, focused report for a named meeting, run by hand.

Scores what is loaded as of the brief's date against the previous brief, then renders
one task per variant (language × audience); every step is a plain function in `reviewprep.jobs`.
"""

from __future__ import annotations

import datetime as dt

from prefect import flow, task
from prefect.artifacts import create_markdown_artifact
from prefect.cache_policies import NONE

from reviewprep import flow_form as form
from reviewprep import jobs
from reviewprep.codes import Audience, ChapterCode, Language, Party
from reviewprep.distribute.run import (
    distribute_reports,
    list_summary_lines,
    raise_for_errors,
    summary_markdown,
    variants_needed,
)
from reviewprep.reports.brief import BriefRequest
from reviewprep.reports.variant import Rendered
from reviewprep.scoring.snapshot import Snapshot
from reviewprep.settings import get_settings


@task(name="detect-campaigns", cache_policy=NONE)
def detect_campaigns() -> int:
    return jobs.detect_campaigns(get_settings()).assigned


@task(name="score-brief", cache_policy=NONE)
def score_brief(request: BriefRequest, audience: Audience) -> Snapshot:
    return jobs.score_brief(get_settings(), request, audience)


@task(name="render-brief-variant", cache_policy=NONE)
def render_brief_variant(request: BriefRequest, snapshot: Snapshot, language: Language) -> Rendered:
    return jobs.render_brief(get_settings(), request, snapshot, language)


@flow(name="ministerial-brief", log_prints=True)
def ministerial_brief(
    meeting: str = form.MEETING,
    meeting_date: dt.date = form.MEETING_DATE,
    chapters: list[ChapterCode] = form.CHAPTERS,
    parties: list[Party] = form.PARTIES,
    languages: list[Language] = form.LANGUAGES,
    audiences: list[Audience] = form.AUDIENCES,
    recipients: list[str] = form.RECIPIENTS,
    distribute: bool = form.DISTRIBUTE,
    as_of: dt.date | None = form.BRIEF_AS_OF,
    wait_for_approval: bool = form.WAIT_FOR_APPROVAL,
) -> dict:
    """A ministerial brief for one meeting; each recipient gets the variant of their audience
    and language, rendered here if not asked for (field help: `reviewprep.flow_form`)."""
    settings = get_settings()
    jobs.prepare_database(settings)
    request = jobs.brief_request(settings, meeting, meeting_date, as_of, chapters, parties)
    recipients = (recipients or None) if distribute else []  # None: every list receiving briefs
    detect_campaigns()
    variants = [(a, lang) for a in audiences for lang in languages]
    variants += [v for v in variants_needed("brief", recipients) if v not in variants]
    snapshots = {a: score_brief(request, a) for a in dict.fromkeys(a for a, _ in variants)}
    rendered = [f.result() for f in [render_brief_variant.submit(request, snapshots[a], lang)
                                     for a, lang in variants]]
    delivered = (distribute_reports("brief", [r.key for r in rendered], recipients,
                                    wait_for_approval=wait_for_approval) if distribute else None)
    summary = publish(request, rendered, delivered)
    print(f"Ministerial brief for {request.meeting} ({request.meeting_date}): wrote {len(rendered)} report(s)")
    for line in list_summary_lines(delivered or {}):
        print(line)
    if delivered:
        raise_for_errors(delivered)
    return summary


def publish(request: BriefRequest, rendered: list[Rendered], delivered: dict | None) -> dict:
    """A markdown artifact linking the files of every variant."""
    lines = [
        f"# Ministerial brief — {request.meeting}, {request.meeting_date.isoformat()}",
        "",
        f"Scores as of {request.as_of.isoformat()}; chapters {', '.join(request.chapters)}; "
        f"Parties {', '.join(request.parties)} and trilateral work.",
        "",
        *[f"- [{r.key}]({r.pdf.as_uri()}) ([HTML]({r.html.as_uri()}), [CSV]({r.csv.as_uri()}), "
          f"[JSON]({r.json.as_uri()}))" for r in rendered],
        "",
        *(summary_markdown(delivered) if delivered else ["Not distributed (render only)."]),
    ]
    create_markdown_artifact("\n".join(lines), key="ministerial-brief-summary",
                             description=f"Ministerial brief {request.meeting}")
    return {
        "meeting": request.meeting,
        "meeting_date": request.meeting_date.isoformat(),
        "as_of": request.as_of.isoformat(),
        "chapters": list(request.chapters),
        "parties": list(request.parties),
        "reports": [{"key": r.key, "version": r.version, "pdf": str(r.pdf), "html": str(r.html), "csv": str(r.csv),
                     "json": str(r.json), "sha256": r.sha256} for r in rendered],
        "distribution": delivered,
    }
