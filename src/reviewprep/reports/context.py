"""Everything a report template needs, computed once from a scoring snapshot.

Templates only lay out; choosing movers, overdue obligations, quotes and the heat map
happens here, where it can be tested without rendering.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from reviewprep.framework.models import RECOMMENDATION_CODES, Framework
from reviewprep.scoring import aggregate as agg
from reviewprep.scoring.config import ScoringConfig
from reviewprep.scoring.inputs import PARTY_ORDER
from reviewprep.scoring.snapshot import Snapshot
from reviewprep.store.models import (
    Assessment,
    CommentTag,
    QuarantinedRow,
    SourceFile,
    Submission,
)

QUOTES_PER_CHAPTER = 3


def movers(snapshot: Snapshot, limit: int = 3) -> dict[str, list[dict]]:
    """Cells whose score moved most since the previous weekly snapshot."""
    changes = [
        {"chapter": c.chapter, "recommendation": c.recommendation, "party": c.party,
         "score": c.score, "change": snapshot.trends[(c.chapter, c.recommendation, c.party)]["trend"]["change"]}
        for c in snapshot.cells
    ]
    changes = [m for m in changes if m["change"]]
    up = sorted((m for m in changes if m["change"] > 0), key=lambda m: (-m["change"], m["chapter"], m["recommendation"], m["party"]))
    down = sorted((m for m in changes if m["change"] < 0), key=lambda m: (m["change"], m["chapter"], m["recommendation"], m["party"]))
    return {"up": up[:limit], "down": down[:limit]}


def overdue(snapshot: Snapshot, framework: Framework, language: str) -> list[dict]:
    rows = [
        {"obligation": i.obligation, "title": framework.obligation(i.obligation).title(language),
         "article": framework.obligation(i.obligation).article,
         "chapter": framework.obligation(i.obligation).chapter,
         "period": i.period, "due": i.due, "party": i.party}
        for i in snapshot.obligations if i.state == "overdue"
    ]
    return sorted(rows, key=lambda r: (r["due"], r["obligation"], r["party"]), reverse=True)


def heatmap(snapshot: Snapshot, framework: Framework, config: ScoringConfig) -> list[dict]:
    """Chapter rows × R1..R10 columns; each applicable cell the mean over Parties."""
    rows = []
    for chapter in framework.chapters:
        cells = []
        for rec in RECOMMENDATION_CODES:
            if rec not in framework.applicability[chapter.code]:
                cells.append(None)
                continue
            a = agg.aggregate((c for c in snapshot.cells if (c.chapter, c.recommendation) == (chapter.code, rec)), config)
            cells.append({"recommendation": rec, **a.as_dict()})
        rows.append({"chapter": chapter, "cells": cells, "aggregate": snapshot.chapters[chapter.code]})
    return rows


def chapter_confidence(snapshot: Snapshot, chapter: str) -> str:
    """The most common confidence among the chapter's scored cells (low when none)."""
    levels = Counter(c.confidence for c in snapshot.cells if c.chapter == chapter and c.score is not None)
    if not levels:
        return "low"
    return max(("high", "medium", "low"), key=lambda lv: (levels[lv], -("high", "medium", "low").index(lv)))


def chapter_trend(snapshot: Snapshot, chapter: str, config: ScoringConfig) -> dict:
    series = [(dt.date.fromisoformat(h["as_of"]), h["chapters"].get(chapter)) for h in snapshot.history]
    slope = agg.slope_per_week(series, config)
    score = snapshot.chapters[chapter].score
    previous = series[-2][1] if len(series) > 1 else None
    return {
        "series": series,
        "slope": slope,
        "change": None if score is None or previous is None else round(score - previous, 2),
        "outlook": agg.outlook(score, slope, snapshot.days_to_review, config),
    }


def quotes(session: Session, snapshot: Snapshot, chapter: str, limit: int = QUOTES_PER_CHAPTER) -> list[dict]:
    """Recent stakeholder words on a chapter; confidential ones only for restricted audiences."""
    tagged = select(CommentTag.submission_id).where(CommentTag.code == chapter)
    rated = select(Assessment.submission_id).where(Assessment.chapter == chapter)
    query = (
        select(Submission)
        .where(Submission.submitted_on <= snapshot.as_of, Submission.text != "",
               Submission.id.in_(tagged.union(rated)))
        .order_by(Submission.submitted_on.desc(), Submission.id.desc())
        .limit(limit)
    )
    if snapshot.audience == "public":
        query = query.where(Submission.confidential.is_(False))
    return [
        {"text": s.text, "organization": s.organization or s.stakeholder_name or "",
         "stakeholder_type": s.stakeholder_type, "party": s.party, "date": s.submitted_on,
         "language": s.language, "confidential": s.confidential, "id": s.id}
        for s in session.scalars(query)
    ]


def inputs_annex(session: Session, as_of: dt.date) -> dict:
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


def weekly_context(session: Session, snapshot: Snapshot, framework: Framework, config: ScoringConfig,
                   language: str = "en") -> dict:
    chapters = []
    for chapter in framework.chapters:
        code = chapter.code
        chapters.append({
            "chapter": chapter,
            "aggregate": snapshot.chapters[code],
            "confidence": chapter_confidence(snapshot, code),
            "trend": chapter_trend(snapshot, code, config),
            "parties": [{"party": p, **snapshot.chapter_parties[(code, p)].as_dict()} for p in PARTY_ORDER],
            "cells": [c for c in snapshot.cells if c.chapter == code],
            "obligations": [i for i in snapshot.obligations if framework.obligation(i.obligation).chapter == code],
            "quotes": quotes(session, snapshot, code),
        })
    weakest = sorted((c for c in chapters if c["aggregate"].score is not None), key=lambda c: c["aggregate"].score)
    return {
        "lang": language,
        "snapshot": snapshot,
        "framework": framework,
        "config": config,
        "period_start": snapshot.as_of - dt.timedelta(days=6),
        "movers": movers(snapshot),
        "overdue": overdue(snapshot, framework, language),
        "attention": weakest[:2],
        "heatmap": heatmap(snapshot, framework, config),
        "chapters": chapters,
        "parties": PARTY_ORDER,
        "recommendation_codes": RECOMMENDATION_CODES,
        "annex": inputs_annex(session, snapshot.as_of),
    }
