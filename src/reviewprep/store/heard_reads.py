"""What the "What we heard" report reads: the submissions of a period, with their groups and subjects."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from sqlalchemy import select
from sqlalchemy.orm import Session

from reviewprep.campaigns.participation import Contribution
from reviewprep.codes import language_tag
from reviewprep.store.models import Assessment, CampaignLetter, CommentTag, Submission
from reviewprep.store.report_reads import QUOTE_COLUMNS, newest_on_chapter

CHUNK = 5000


def contributions(session: Session, start: dt.date, end: dt.date, public_only: bool) -> list[Contribution]:
    s = Submission
    query = (select(s.id, s.party, s.stakeholder_type, s.country, s.organization, s.stakeholder_name,
                    CampaignLetter.group_key, s.duplicate_count)
             .outerjoin(CampaignLetter, CampaignLetter.submission_id == s.id)
             .where(s.submitted_on >= start, s.submitted_on <= end).order_by(s.id))
    if public_only:
        query = query.where(s.confidential.is_(False))
    rows = session.execute(query).all()
    codes: dict[int, set[str]] = defaultdict(set)
    ids = [r.id for r in rows]
    for i in range(0, len(ids), CHUNK):
        part = ids[i:i + CHUNK]
        for sid, code in session.execute(select(CommentTag.submission_id, CommentTag.code)
                                         .where(CommentTag.submission_id.in_(part))):
            codes[sid].add(code)
        for sid, chapter, rec in session.execute(select(Assessment.submission_id, Assessment.chapter,
                                                        Assessment.recommendation)
                                                 .where(Assessment.submission_id.in_(part))):
            codes[sid].update(c for c in (chapter, rec) if c)
    return [Contribution(r.id, r.party, r.stakeholder_type, r.country, r.organization, r.stakeholder_name,
                         r.group_key or "", 1 + (r.duplicate_count or 0), tuple(sorted(codes[r.id])))
            for r in rows]


def quote_candidates(session: Session, start: dt.date, end: dt.date, public_only: bool, code: str,
                     limit: int) -> list[dict]:
    """Submissions of the period with text on a chapter, most recent first (at most `limit`;
    found as `report_reads.newest_on_chapter` finds them, at a cost that does not grow with the database)."""
    query = select(*QUOTE_COLUMNS, Submission.fingerprint).where(Submission.text != "")
    if public_only:
        query = query.where(Submission.confidential.is_(False))
    return [{"text": s.text, "organization": s.organization or s.stakeholder_name or "",
             "stakeholder_type": s.stakeholder_type, "party": s.party, "date": s.submitted_on,
             "language": language_tag(s.language), "confidential": s.confidential, "id": s.id, "chapter": code,
             "country": s.country,
             "fingerprint": s.fingerprint}
            for s in newest_on_chapter(session, query, code, limit, start, end)]
