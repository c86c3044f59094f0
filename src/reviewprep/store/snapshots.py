"""Scoring snapshots in the database: stored once, never changed, back-filled week by week.

A stored run is never changed: the same as-of date, audience and inputs hash reuse it,
and different inputs make a new run next to it. The ORM refuses any update of a stored
run or cell (registered when this module is imported, as every path that stores does).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import event, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from reviewprep.framework.models import Framework, ReviewCalendar
from reviewprep.scoring.config import ScoringConfig
from reviewprep.scoring.inputs import Inputs
from reviewprep.scoring.method import Cell
from reviewprep.scoring.serialise import cell_json, snapshot_json
from reviewprep.scoring.snapshot import Snapshot, compute
from reviewprep.store.models import CellScore, ScoreRun
from reviewprep.store.scoring_reads import load_inputs

SUMMARY_KEYS = ("overall", "chapters", "recommendations", "parties", "baseline", "engagement", "inputs",
                "next_review", "days_to_next_review", "judgements")
CELL_DETAIL_KEYS = ("trend", "outlook", "evidence_known", "evidence_unknown", "evidence_not_checked", "evidence_coverage",
                    "latest_input", "explanation")


def store(session: Session, snapshot: Snapshot) -> int:
    """Persist the snapshot once; the same as-of, audience and inputs hash reuse the stored run."""
    key = (ScoreRun.as_of == snapshot.as_of, ScoreRun.audience == snapshot.audience,
           ScoreRun.inputs_hash == snapshot.inputs_hash)
    existing = session.scalar(select(ScoreRun.id).where(*key))
    if existing is not None:
        snapshot.run_id = existing
        return existing
    data = snapshot_json(snapshot, cells=False)  # cells are written below, a few at a time
    run = ScoreRun(
        as_of=snapshot.as_of, audience=snapshot.audience, inputs_hash=snapshot.inputs_hash,
        method_version=snapshot.method_version, summary={k: data[k] for k in SUMMARY_KEYS},
    )
    try:
        with session.begin_nested():
            session.add(run)
            session.flush()
            _store_cells(session, snapshot, run.id)
    except IntegrityError:  # another run stored the same snapshot first
        existing = session.scalar(select(ScoreRun.id).where(*key))
        snapshot.run_id = existing
        return existing
    snapshot.run_id = run.id
    return run.id


def _store_cells(session: Session, snapshot: Snapshot, run_id: int) -> None:
    """The run's cells in snapshot order, each flushed and let go before the next is made:
    with campaigns detected a cell's JSON can list tens of thousands of campaigns (705,000
    entries over 132 cells at a million assessments), never all in memory at once."""
    for c in snapshot.cells:
        session.add(_cell_row(snapshot, c, run_id))
        session.flush()


def _cell_row(snapshot: Snapshot, c: Cell, run_id: int) -> CellScore:
    """A cell's stored row; the submissions behind it go to their own columns, not its detail."""
    cell = cell_json(snapshot, c, explain=False)
    return CellScore(
        run_id=run_id, chapter=c.chapter, recommendation=c.recommendation, party=c.party, score=c.score,
        status=c.status, confidence=c.confidence, assessment_component=c.assessment,
        evidence_component=c.evidence, n=c.n, organizations=c.organizations,
        dispersion=c.dispersion, detail={k: cell[k] for k in CELL_DETAIL_KEYS},
        submission_ids=c.submissions.astype("<i8").tobytes(),
        submission_shares=c.shares.astype("<f8").tobytes(),
    )


def backfill(session: Session, framework: Framework, calendar: ReviewCalendar, config: ScoringConfig,
             as_of: dt.date, audience: str, weeks: int, inputs: Inputs | None = None) -> list[Snapshot]:
    """Compute and store the weekly snapshots of the `weeks` weeks ending at `as_of`.

    Each uses only inputs dated by its own as-of date, exactly as if it had run that week.
    """
    inputs = inputs if inputs is not None else load_inputs(session)
    step = dt.timedelta(days=config.trend.interval_days)
    snapshots = []
    for k in range(weeks - 1, -1, -1):
        snapshot = compute(session, framework, calendar, config, as_of - step * k, audience, inputs=inputs)
        store(session, snapshot)
        snapshots.append(snapshot)
    return snapshots


@event.listens_for(ScoreRun, "before_update")
@event.listens_for(CellScore, "before_update")
def _refuse_update(mapper, connection, target) -> None:
    raise RuntimeError(f"{type(target).__name__} rows are immutable: store a new run instead")
