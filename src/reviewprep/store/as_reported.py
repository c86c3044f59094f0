"""Scores *as reported* (the stored snapshot a report used) beside scores *as known now*.

A stored snapshot is never changed, so what a report said on its day can always be
read back; recomputing the same as-of date today uses the current versions of every
submission (corrections applied, withdrawals left out). The difference is what later
corrections changed about that week.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from reviewprep.scoring.serialise import snapshot_json
from reviewprep.scoring.snapshot import Snapshot
from reviewprep.store.models import CellScore, ReportVersion, ScoreRun


def reported_run(session: Session, as_of: dt.date, audience: str) -> ScoreRun | None:
    """The run the first report version of that as-of date and audience used, else the first stored run."""
    used = session.scalar(select(ReportVersion.run_id).where(
        ReportVersion.as_of == as_of, ReportVersion.audience == audience, ReportVersion.run_id.is_not(None))
        .order_by(ReportVersion.created_at, ReportVersion.id))
    if used is not None:
        return session.get(ScoreRun, used)
    return session.scalar(select(ScoreRun).where(ScoreRun.as_of == as_of, ScoreRun.audience == audience)
                          .order_by(ScoreRun.created_at, ScoreRun.id))


def compare(session: Session, run: ScoreRun, now: Snapshot) -> dict:
    """Overall, chapters and every cell whose score differs, as reported and as known now."""
    known = snapshot_json(now)
    reported_cells = {(c.chapter, c.recommendation, c.party): c.score for c in
                      session.scalars(select(CellScore).where(CellScore.run_id == run.id))}
    changed = [
        {"chapter": c["chapter"], "recommendation": c["recommendation"], "party": c["party"],
         "as_reported": reported_cells.get((c["chapter"], c["recommendation"], c["party"])), "as_known_now": c["score"]}
        for c in known["cells"]
        if reported_cells.get((c["chapter"], c["recommendation"], c["party"])) != c["score"]
    ]
    return {
        "as_of": now.as_of.isoformat(), "audience": now.audience,
        "as_reported": {"run_id": run.id, "inputs_hash": run.inputs_hash, "stored_at": run.created_at.isoformat(),
                        "overall": run.summary.get("overall"), "chapters": run.summary.get("chapters")},
        "as_known_now": {"run_id": now.run_id, "inputs_hash": now.inputs_hash,
                         "overall": known["overall"], "chapters": known["chapters"]},
        "changed_cells": changed,
    }
