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
         "stakeholder_type": s.stakeholder_type, "party": s.party, "date": s.submitted_on,
         "language": s.language, "confidential": s.confidential, "id": s.id, "chapter": chapter}
        for s in session.scalars(query)
    ]


def chapter_quotes(session: Session, as_of: dt.date, audience: str, chapters: Iterable[str], limit: int,
                   parties: Iterable[str] | None = None) -> dict[str, list[dict]]:
    """`quotes` for each chapter, by chapter code."""
    return {code: quotes(session, as_of, audience, code, limit, parties) for code in chapters}


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
