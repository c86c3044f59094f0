"""Render one weekly readiness report variant (language × audience) to HTML and PDF."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.orm import Session

from reviewprep.framework.models import Framework
from reviewprep.reports.charts import line_chart
from reviewprep.reports.context import weekly_context
from reviewprep.reports.formatting import filters
from reviewprep.reports.render import (
    environment,
    html_to_pdf,
    render_html,
    write_atomic,
)
from reviewprep.scoring.config import ScoringConfig
from reviewprep.scoring.snapshot import Snapshot


@dataclass
class Rendered:
    key: str
    pdf: Path
    html: Path
    language: str
    audience: str
    refused_urls: list[str]


def report_key(kind: str, as_of, language: str, audience: str) -> str:
    return f"{kind}-{as_of.isoformat()}-{language}-{audience}"


def render_weekly(session: Session, snapshot: Snapshot, framework: Framework, config: ScoringConfig,
                  templates: Path, out_dir: Path, language: str = "en") -> Rendered:
    env = environment(templates)
    env.filters.update(filters(language))
    env.globals["line_chart"] = line_chart
    context = weekly_context(session, snapshot, framework, config, language)
    html = render_html(env, "weekly.html.j2", context)
    key = report_key("weekly", snapshot.as_of, language, snapshot.audience)
    folder = out_dir / "weekly" / snapshot.as_of.isoformat()
    pdf_bytes, refused = html_to_pdf(html, templates)
    html_path = write_atomic(folder / f"{key}.html", html)
    pdf_path = write_atomic(folder / f"{key}.pdf", pdf_bytes)
    return Rendered(key, pdf_path, html_path, language, snapshot.audience, refused)
