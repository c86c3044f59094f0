"""Render one weekly readiness report variant (language × audience) from its audience's snapshot."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.orm import Session

from reviewprep.framework.models import Framework
from reviewprep.reports.context import QUOTES_PER_CHAPTER, weekly_context
from reviewprep.reports.render import render_html
from reviewprep.reports.variant import Rendered, report_environment, write_variant
from reviewprep.scoring.config import ScoringConfig
from reviewprep.scoring.snapshot import Snapshot
from reviewprep.store import report_reads


def report_key(as_of, language: str, audience: str) -> str:
    return f"weekly-{as_of.isoformat()}-{language}-{audience}"


def weekly_html(session: Session, snapshot: Snapshot, framework: Framework, config: ScoringConfig,
                templates: Path, language: str) -> str:
    """Read what the report shows beyond the snapshot, then lay it out (no query while templating)."""
    quotes = report_reads.chapter_quotes(session, snapshot.as_of, snapshot.audience,
                                         [c.code for c in framework.chapters], QUOTES_PER_CHAPTER)
    sources = report_reads.source_files(session, snapshot.audience)
    sources["changes"] = report_reads.changes_since_previous(session, "weekly", snapshot.as_of)
    env, words = report_environment(templates, language)
    context = weekly_context(snapshot, framework, config, language, words, quotes, sources)
    return render_html(env, "weekly.html.j2", context)


def render_weekly(session: Session, snapshot: Snapshot, framework: Framework, config: ScoringConfig,
                  templates: Path, out_dir: Path, language: str = "en") -> Rendered:
    html = weekly_html(session, snapshot, framework, config, templates, language)
    return write_variant(session, kind="weekly", key=report_key(snapshot.as_of, language, snapshot.audience),
                         folder=out_dir / "weekly" / snapshot.as_of.isoformat(), html=html, templates=templates,
                         snapshot=snapshot, framework=framework, language=language)
