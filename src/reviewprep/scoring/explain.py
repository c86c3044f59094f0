"""Cite what made a stored cell score: its submissions and evidence events, from the run.

The run stores, per cell, the ids of the contributing submissions with their share of
the assessment weight (`CellScore.submission_ids` and `submission_shares`, read here
for the one cell asked about) and the obligation instances with their evidence event
ids (`CellScore.detail["explanation"]`). This module turns those ids back into citable
rows. A public run only ever stored public inputs; the queries filter again anyway, so
a citation can never show a confidential input in a public report.
"""

from __future__ import annotations

import numpy as np
from sqlalchemy import select
from sqlalchemy.orm import Session

from reviewprep.store.models import Assessment, CellScore, EvidenceEvent, ScoreRun, Submission

BATCH = 5000  # ids per IN (...) query, well under every database's parameter limit


def cite(session: Session, run_id: int, chapter: str, recommendation: str, party: str,
         limit: int | None = None) -> dict:
    """The submissions (largest share first, at most `limit`) and evidence behind one cell."""
    run = session.get(ScoreRun, run_id)
    if run is None:
        raise LookupError(f"no score run {run_id}")
    cell = session.scalar(select(CellScore).where(
        CellScore.run_id == run_id, CellScore.chapter == chapter,
        CellScore.recommendation == recommendation, CellScore.party == party))
    if cell is None:
        raise LookupError(f"run {run_id} has no cell {chapter} {recommendation} {party}")
    public = run.audience == "public"
    explanation = cell.detail.get("explanation", {})
    ids, weights = contributions(cell)
    largest = np.lexsort((ids, -weights))[:limit]
    share_of = dict(zip(ids[largest].tolist(), weights[largest].tolist(), strict=True))
    submissions = [
        {"id": s.id, "date": s.submitted_on, "organization": s.organization or s.stakeholder_name,
         "stakeholder_type": s.stakeholder_type, "party": s.party, "rating": rating,
         "share": share_of[s.id], "evidence_url": s.evidence_url, "confidential": s.confidential}
        for s, rating in _rows(session, select(Submission, Assessment.rating)
                               .join(Assessment, Assessment.submission_id == Submission.id),
                               Submission.id, list(share_of), Submission.confidential if public else None)
    ]
    submissions.sort(key=lambda row: (-row["share"], row["id"]))
    obligations = explanation.get("obligations", [])
    event_ids = sorted({e for ob in obligations for e in ob["events"]})
    events = [
        {"id": e.id, "date": e.event_date, "party": e.party, "obligation": e.obligation,
         "status": e.status, "description": e.description, "source_url": e.source_url,
         "confidential": e.confidential}
        for (e,) in _rows(session, select(EvidenceEvent), EvidenceEvent.id, event_ids,
                          EvidenceEvent.confidential if public else None)
    ]
    events.sort(key=lambda row: (row["date"], row["id"]))
    return {"run_id": run_id, "audience": run.audience, "chapter": chapter,
            "recommendation": recommendation, "party": party, "score": cell.score,
            "submissions": submissions, "submissions_total": len(ids),
            "obligations": obligations, "events": events}


def contributions(cell: CellScore) -> tuple[np.ndarray, np.ndarray]:
    """The cell's contributing submission ids (ascending) and their shares."""
    if cell.submission_ids is None:  # a run stored before the arrays had their own columns
        pairs = cell.detail.get("explanation", {}).get("submissions", [])
        return (np.array([i for i, _ in pairs], dtype=np.int64), np.array([s for _, s in pairs], dtype=np.float64))
    return np.frombuffer(cell.submission_ids, "<i8"), np.frombuffer(cell.submission_shares, "<f8")


def _rows(session: Session, query, id_column, ids: list[int], confidential_column) -> list:
    if confidential_column is not None:
        query = query.where(confidential_column.is_(False))
    rows = []
    for start in range(0, len(ids), BATCH):
        rows.extend(session.execute(query.where(id_column.in_(ids[start:start + BATCH]))).all())
    return rows
