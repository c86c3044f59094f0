"""What a report shows beyond its scoring snapshot, read before templating starts.

Stakeholder quotes per chapter and the source files behind the scores: report
context is then built from these values, never by querying while it lays out.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from sqlalchemy import Row, Select, func, or_, select
from sqlalchemy.orm import Session

from reviewprep.codes import CURRENT, language_tag
from reviewprep.store.models import (
    Assessment,
    AuditEntry,
    CommentTag,
    EvidenceEvent,
    QuarantinedRow,
    ReportVersion,
    SourceFile,
    Submission,
)

QUOTE_WINDOW = 20_000  # latest submissions looked through for a chapter's quotes before the full search
# What a quote shows, read as plain columns: hundreds of candidates per chapter cost
# several times more as ORM objects.
QUOTE_COLUMNS = (Submission.id, Submission.text, Submission.organization, Submission.stakeholder_name,
                 Submission.stakeholder_type, Submission.country, Submission.party, Submission.submitted_on,
                 Submission.language, Submission.confidential)


def quotes(session: Session, as_of: dt.date, audience: str, chapter: str, limit: int,
           parties: Iterable[str] | None = None) -> list[dict]:
    """Recent stakeholder words on a chapter; confidential ones only for restricted audiences."""
    query = select(*QUOTE_COLUMNS).where(Submission.text != "", Submission.status == CURRENT)
    if audience == "public":
        query = query.where(Submission.confidential.is_(False))
    if parties:
        query = query.where(Submission.party.in_(list(parties)))
    return [quote(s, chapter) for s in newest_on_chapter(session, query, chapter, limit, None, as_of)]


def newest_on_chapter(session: Session, query: Select, chapter: str, limit: int,
                      start: dt.date | None, end: dt.date) -> Sequence[Row]:
    """The newest `limit` submission rows of `query` (its columns and other filters set) dated from `start`
    (None: any) to `end` and tagged with or rated on `chapter`.

    The latest QUOTE_WINDOW submissions of those dates are walked first, newest first on the
    date index with each one's chapter checked by key, stopping at `limit`: a chapter with
    recent input costs the same at any database size. Only when that window holds fewer
    than `limit` are all the chapter's ratings and tags searched."""
    newest = (Submission.submitted_on.desc(), Submission.id.desc())
    dated = [Submission.submitted_on <= end, *([Submission.submitted_on >= start] if start else [])]
    query = query.where(*dated).order_by(*newest).limit(limit)
    about = or_(select(CommentTag.submission_id).where(CommentTag.submission_id == Submission.id,
                                                       CommentTag.code == chapter).exists(),
                select(Assessment.submission_id).where(Assessment.submission_id == Submission.id,
                                                       Assessment.chapter == chapter).exists())
    window_start = session.scalar(select(Submission.submitted_on).where(*dated)
                                  .order_by(*newest).offset(QUOTE_WINDOW - 1).limit(1))
    if window_start is None:  # fewer submissions than the window: the walk sees them all
        return session.execute(query.where(about)).all()
    found = session.execute(query.where(about, Submission.submitted_on >= window_start)).all()
    if len(found) < limit:
        tagged = select(CommentTag.submission_id).where(CommentTag.code == chapter)
        rated = select(Assessment.submission_id).where(Assessment.chapter == chapter)
        found = session.execute(query.where(Submission.id.in_(tagged.union(rated)))).all()
    return found


def quote(s: Row, chapter: str) -> dict:
    return {"text": s.text, "organization": s.organization or s.stakeholder_name or "",
            "stakeholder_type": s.stakeholder_type, "country": s.country, "party": s.party, "date": s.submitted_on,
            "language": language_tag(s.language), "confidential": s.confidential, "id": s.id, "chapter": chapter}


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
    candidates = {code: quotes(session, as_of, audience, code, QUOTE_CANDIDATES, parties) for code in chapters}
    campaign_of = campaign_of_submission(session, config.detection.min_size, as_of, audience == "public",
                                         {c["id"] for found in candidates.values() for c in found})
    return {code: choose(found, campaign_of, limit, config.quotes.min_evidence_points)
            for code, found in candidates.items()}


# By source and name, not load order: a run's sources load concurrently, and the annex of
# two reports on the same inputs must read the same (versions of one file: oldest first).
FILE_ORDER = (SourceFile.source, SourceFile.name, SourceFile.id)


def source_files(session: Session, audience: str) -> dict:
    """Restricted: every loaded file with its counts, their totals, and quarantined rows by column.

    Quarantined counts are of rows still held: a row a retry resolved counts as accepted
    (or duplicate) and in `resolved`, never twice.

    Public: only the files holding public inputs, each with how many it holds. Nothing
    about a confidential input reaches a public report: not its file's name, not a row
    count it is part of (read, accepted, duplicates), not a quarantine entry.
    """
    if audience == "public":
        return public_source_files(session)
    files = session.scalars(select(SourceFile).order_by(*FILE_ORDER)).all()
    reasons = session.execute(
        select(QuarantinedRow.column, func.count()).where(QuarantinedRow.resolved_at.is_(None))
        .group_by(QuarantinedRow.column).order_by(QuarantinedRow.column)
    ).all()
    return {
        "files": [
            {"name": f.name, "source": f.source, "format": f.format, "encoding": f.encoding,
             "read": f.rows_read, "accepted": f.accepted, "duplicates": f.duplicates,
             "quarantined": f.quarantined, "resolved": f.resolved, "error": f.error, "sha256": f.sha256[:12]}
            for f in files
        ],
        "totals": {k: sum(getattr(f, k) for f in files)
                   for k in ("rows_read", "accepted", "duplicates", "quarantined", "resolved")},
        "quarantine_by_column": [{"column": c, "count": n} for c, n in reasons],
    }


def public_source_files(session: Session) -> dict:
    """The files public inputs (submissions and evidence events) came from, with the number of each."""
    public: dict[int, int] = {}
    for model in (Submission, EvidenceEvent):
        rows = session.execute(select(model.source_file_id, func.count()).where(model.confidential.is_(False))
                               .group_by(model.source_file_id)).all()
        for file_id, count in rows:
            public[file_id] = public.get(file_id, 0) + count
    files = session.scalars(select(SourceFile).where(SourceFile.id.in_(list(public))).order_by(*FILE_ORDER)).all()
    return {
        "files": [{"name": f.name, "source": f.source, "format": f.format, "encoding": f.encoding,
                   "public": public[f.id], "sha256": f.sha256[:12]} for f in files],
        "totals": {"public": sum(public[f.id] for f in files)},
        "quarantine_by_column": [],
    }


INPUT_ACTIONS = ("ingest", "quarantine-retry", "correction", "withdrawal")


def changes_since_previous(session: Session, kind: str, as_of: dt.date) -> dict:
    """Corrections, withdrawals and other input changes logged since the previous report of `kind`.

    "Previous" is the latest version recorded of a `kind` report with an earlier as-of date.
    Only changes to the inputs are read: approvals and sends come after a render and
    would make every re-render a new version (they are in `reviewprep audit`).
    """
    since = session.scalar(select(func.max(ReportVersion.created_at))
                           .where(ReportVersion.kind == kind, ReportVersion.as_of < as_of))
    query = select(AuditEntry).where(AuditEntry.action.in_(INPUT_ACTIONS)).order_by(AuditEntry.at, AuditEntry.id)
    if since is not None:
        query = query.where(AuditEntry.at > since)
    entries = [{"at": e.at, "actor": e.actor, "action": e.action, "subject": e.subject,
                "reason": (e.detail or {}).get("reason", "")} for e in session.scalars(query)]
    return {"since": since, "corrections": [e for e in entries if e["action"] in ("correction", "withdrawal")],
            "entries": entries}
