"""Engagement measures: who is speaking, from where, on what (DESIGN §4)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import distinct, func, literal, select, union_all
from sqlalchemy.orm import Session

from reviewprep.store.models import Assessment, CommentTag, Submission


def engagement(session: Session, as_of: dt.date, audience: str) -> dict:
    """Counts of submissions (assessments and comments) received by `as_of`."""
    visible = Submission.submitted_on <= as_of
    if audience == "public":
        visible = visible & Submission.confidential.is_(False)

    def counts(column) -> dict[str, int]:
        rows = session.execute(select(column, func.count()).where(visible).group_by(column)).all()
        return {str(k): int(v) for k, v in sorted(rows)}

    total = session.scalar(select(func.count()).where(visible)) or 0
    week_start = as_of - dt.timedelta(days=6)
    prev_start = as_of - dt.timedelta(days=13)
    this_week = session.scalar(select(func.count()).where(visible, Submission.submitted_on >= week_start)) or 0
    last_week = session.scalar(select(func.count()).where(
        visible, Submission.submitted_on >= prev_start, Submission.submitted_on < week_start)) or 0
    by_type = counts(Submission.stakeholder_type)
    chapter_rows = union_all(
        select(Assessment.chapter.label("code"), Submission.id.label("sid"))
        .join(Submission, Submission.id == Assessment.submission_id).where(visible),
        select(CommentTag.code.label("code"), Submission.id.label("sid"))
        .join(Submission, Submission.id == CommentTag.submission_id)
        .where(visible, CommentTag.code.like("ch%")),
    ).subquery()
    by_chapter = {
        code: int(n) for code, n in session.execute(
            select(chapter_rows.c.code, func.count(distinct(chapter_rows.c.sid))).group_by(chapter_rows.c.code)
        ).all()
    }
    organizations = session.scalar(
        select(func.count(distinct(Submission.organization))).where(visible, Submission.organization != literal(""))
    ) or 0
    untagged = session.scalar(
        select(func.count()).where(visible, Submission.kind == "comment",
                                   ~Submission.id.in_(select(CommentTag.submission_id)))
    ) or 0
    return {
        "total": int(total),
        "by_kind": counts(Submission.kind),
        "by_party": counts(Submission.party),
        "by_stakeholder_type": by_type,
        "by_chapter": dict(sorted(by_chapter.items())),
        "sme_share": round(by_type.get("sme", 0) / total, 3) if total else None,
        "organizations": int(organizations),
        "untagged_comments": int(untagged),
        "this_week": int(this_week),
        "previous_week": int(last_week),
        "week_on_week": int(this_week - last_week),
    }
