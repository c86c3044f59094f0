"""Reads and writes of analysts' judgements (the `judgements` table)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from reviewprep.judgement import Judgement
from reviewprep.store.models import AnalystJudgement


def add(session: Session, items: list[Judgement]) -> int:
    session.add_all(AnalystJudgement(
        chapter=j.chapter, party=j.party, rating=j.rating, rationale=j.rationale, author=j.author,
        judged_on=j.date, expires_on=j.expires, confidential=j.confidential) for j in items)
    session.flush()
    return len(items)


def load(session: Session) -> list[Judgement]:
    """Every judgement, in the order recorded (a later record wins a same-day tie)."""
    return [Judgement(r.chapter, r.party, r.rating, r.rationale, r.author, r.judged_on, r.expires_on,
                      r.confidential)
            for r in session.scalars(select(AnalystJudgement).order_by(AnalystJudgement.id))]
