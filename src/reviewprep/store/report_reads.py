"""What a report shows beyond its scoring snapshot, read before templating starts.

Stakeholder quotes per chapter and the source files behind the scores: report
context is then built from these values, never by querying while it lays out.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from reviewprep.store.models import Assessment, CommentTag, QuarantinedRow, SourceFile, Submission


def quotes(session: Session, as_of: dt.date, audience: str, chapter: str, limit: int,
           parties: Iterable[str] | None = None) -> list[dict]:
    """Recent stakeholder words on a chapter; confidential ones only for restricted audiences."""
    tagged = select(CommentTag.submission_id).where(CommentTag.code == chapter)
    rated = select(Assessment.submission_id).where(Assessment.chapter == chapter)
    query = (
        select(Submission)
        .where(Submission.submitted_on <= as_of, Submission.text != "",
               Submission.id.in_(tagged.union(rated)))
        .order_by(Submission.submitted_on.desc(), Submission.id.desc())
        .limit(limit)
    )
    if audience == "public":
        query = query.where(Submission.confidential.is_(False))
    if parties:
        query = query.where(Submission.party.in_(list(parties)))
    return [
        {"text": s.text, "organization": s.organization or s.stakeholder_name or "",
         "stakeholder_type": s.stakeholder_type, "country": s.country, "party": s.party, "date": s.submitted_on,
         "language": s.language, "confidential": s.confidential, "id": s.id, "chapter": chapter}
        for s in session.scalars(query)
    ]


QUOTE_CANDIDATES = 400  # recent submissions per chapter weighed for quotes


def chapter_quotes(session: Session, as_of: dt.date, audience: str, chapters: Iterable[str], limit: int,
                   parties: Iterable[str] | None = None) -> dict[str, list[dict]]:
    """At most `limit` quotes per chapter, by chapter code: among the recent submissions,
    evidence-rich ones first, and a campaign once, by its template, with its size
    (`campaigns.quotes.choose`; `quotes.min_evidence_points` in config/campaigns.yaml)."""
    from reviewprep.campaigns.config import load_campaigns_config
    from reviewprep.campaigns.quotes import choose
    from reviewprep.settings import get_settings
    from reviewprep.store.campaigns import campaign_of_submission

    config = load_campaigns_config(get_settings().config_path)
    campaign_of = campaign_of_submission(session, config.detection.min_size, as_of, audience == "public")
    return {code: choose(quotes(session, as_of, audience, code, QUOTE_CANDIDATES, parties), campaign_of, limit,
                         config.quotes.min_evidence_points)
            for code in chapters}


def source_files(session: Session) -> dict:
    """Every loaded file with its counts, their totals, and quarantined rows by column."""
    files = session.scalars(select(SourceFile).order_by(SourceFile.id)).all()
    reasons = session.execute(
        select(QuarantinedRow.column, func.count()).group_by(QuarantinedRow.column).order_by(QuarantinedRow.column)
    ).all()
    return {
        "files": [
            {"name": f.name, "source": f.source, "format": f.format, "encoding": f.encoding,
             "read": f.rows_read, "accepted": f.accepted, "duplicates": f.duplicates,
             "quarantined": f.quarantined, "error": f.error, "sha256": f.sha256[:12]}
            for f in files
        ],
        "totals": {k: sum(getattr(f, k) for f in files) for k in ("rows_read", "accepted", "duplicates", "quarantined")},
        "quarantine_by_column": [{"column": c, "count": n} for c, n in reasons],
    }
