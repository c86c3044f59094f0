"""A scoring snapshot: every cell, its trend and outlook, the aggregates, stored immutably.

Weekly history is recomputed from the same inputs for earlier as-of dates, which is
exact because every score only uses inputs received by its own as-of date.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import asdict, dataclass, field

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from reviewprep.framework.models import Framework, ReviewCalendar
from reviewprep.scoring import aggregate as agg
from reviewprep.scoring import evidence
from reviewprep.scoring.config import ScoringConfig
from reviewprep.scoring.engagement import engagement
from reviewprep.scoring.inputs import Inputs, load_inputs
from reviewprep.scoring.method import Cell, score_cells
from reviewprep.store.models import CellScore, ScoreRun

AUDIENCES = ("public", "restricted")


@dataclass
class Snapshot:
    as_of: dt.date
    audience: str
    inputs_hash: str
    method_version: str
    days_to_review: int | None
    next_review: dt.date | None
    cells: list[Cell]
    trends: dict[tuple[str, str, str], dict]
    overall: agg.Aggregate
    chapters: dict[str, agg.Aggregate]
    recommendations: dict[str, agg.Aggregate]
    parties: dict[str, agg.Aggregate]
    chapter_parties: dict[tuple[str, str], agg.Aggregate]
    history: list[dict]
    obligations: list[evidence.Instance]
    engagement: dict
    baseline: dict | None = None
    run_id: int | None = field(default=None)

    def cell(self, chapter: str, recommendation: str, party: str) -> Cell:
        return next(c for c in self.cells if (c.chapter, c.recommendation, c.party) == (chapter, recommendation, party))

    def as_json(self) -> dict:
        """The machine-readable scores (`reviewprep scores --json`); stable key order."""
        return {
            "as_of": self.as_of.isoformat(),
            "audience": self.audience,
            "method_version": self.method_version,
            "inputs_hash": self.inputs_hash,
            "next_review": self.next_review.isoformat() if self.next_review else None,
            "days_to_next_review": self.days_to_review,
            "overall": self.overall.as_dict(),
            "chapters": [{"code": k, **v.as_dict()} for k, v in self.chapters.items()],
            "recommendations": [{"code": k, **v.as_dict()} for k, v in self.recommendations.items()],
            "parties": [{"code": k, **v.as_dict()} for k, v in self.parties.items()],
            "cells": [
                {
                    "chapter": c.chapter, "recommendation": c.recommendation, "party": c.party,
                    "score": c.score, "status": c.status, "confidence": c.confidence, "n": c.n,
                    "organizations": c.organizations, "assessment_component": c.assessment,
                    "evidence_component": c.evidence, "dispersion": c.dispersion,
                    "trend": self.trends[(c.chapter, c.recommendation, c.party)]["trend"],
                    "outlook": self.trends[(c.chapter, c.recommendation, c.party)]["outlook"],
                    "submissions": c.submissions, "evidence_events": c.events,
                }
                for c in self.cells
            ],
            "history": self.history,
            "engagement": self.engagement,
        }


def _weekly_dates(as_of: dt.date, config: ScoringConfig) -> list[dt.date]:
    step = dt.timedelta(days=config.trend.interval_days)
    return [as_of - step * k for k in range(config.trend.snapshots - 1, -1, -1)]


def compute(
    session: Session, framework: Framework, calendar: ReviewCalendar, config: ScoringConfig,
    as_of: dt.date, audience: str, baseline: dt.date | None = None, inputs: Inputs | None = None,
) -> Snapshot:
    """Score as of `as_of` for `audience`, with weekly history, trends and outlook."""
    inputs = inputs or load_inputs(session)
    visible = inputs.visible(as_of, audience)
    cells = score_cells(visible, framework, config, as_of)
    dates = _weekly_dates(as_of, config)
    past = {d: score_cells(inputs.visible(d, audience), framework, config, d, explain=False) for d in dates[:-1]}
    past[as_of] = cells
    days = calendar.days_to_next_review(as_of)

    trends = {}
    for i, cell in enumerate(cells):
        series = [(d, past[d][i].score) for d in dates]
        previous = series[-2][1] if len(series) > 1 else None
        slope = agg.slope_per_week(series, config)
        trends[(cell.chapter, cell.recommendation, cell.party)] = {
            "trend": {
                "previous": previous,
                "change": None if cell.score is None or previous is None else round(cell.score - previous, 2),
                "slope_per_week": slope,
            },
            "outlook": agg.outlook(cell.score, slope, days, config),
            "series": series,
        }

    history = []
    for d in dates:
        overall = agg.aggregate(past[d], config)
        history.append({
            "as_of": d.isoformat(), "overall": overall.score,
            "chapters": {k: v.score for k, v in agg.group(past[d], lambda c: c.chapter, config).items()},
        })

    base = None
    if baseline is not None and baseline < as_of:
        base_cells = score_cells(inputs.visible(baseline, audience), framework, config, baseline, explain=False)
        base = {
            "as_of": baseline.isoformat(),
            "overall": agg.aggregate(base_cells, config).score,
            "chapters": {k: v.score for k, v in agg.group(base_cells, lambda c: c.chapter, config).items()},
            "cells": {(c.chapter, c.recommendation, c.party): c.score for c in base_cells},
        }

    return Snapshot(
        as_of=as_of, audience=audience,
        inputs_hash=_inputs_hash(visible, framework, config),
        method_version=config.method_version,
        days_to_review=days, next_review=calendar.next_review(as_of),
        cells=cells, trends=trends,
        overall=agg.aggregate(cells, config),
        chapters=agg.group(cells, lambda c: c.chapter, config),
        recommendations=dict(sorted(agg.group(cells, lambda c: c.recommendation, config).items(),
                                    key=lambda kv: int(kv[0][1:]))),
        parties=agg.group(cells, lambda c: c.party, config),
        chapter_parties={(ch, p): a for (ch, p), a in _by_chapter_party(cells, config).items()},
        history=history,
        obligations=evidence.all_instances(framework, visible.events, as_of),
        engagement=engagement(session, as_of, audience),
        baseline=base,
    )


def _by_chapter_party(cells: list[Cell], config: ScoringConfig) -> dict[tuple[str, str], agg.Aggregate]:
    keys = list(dict.fromkeys((c.chapter, c.party) for c in cells))
    return {k: agg.aggregate((c for c in cells if (c.chapter, c.party) == k), config) for k in keys}


def _inputs_hash(inputs: Inputs, framework: Framework, config: ScoringConfig) -> str:
    """Inputs plus the method's settings: change either and it is a new snapshot."""
    digest = hashlib.sha256(inputs.digest().encode())
    digest.update(json.dumps(framework.summary(), sort_keys=True).encode())
    digest.update(json.dumps(config.model_dump(mode="json"), sort_keys=True).encode())
    return digest.hexdigest()


def store(session: Session, snapshot: Snapshot) -> int:
    """Persist the snapshot once; the same as-of, audience and inputs reuse the stored run."""
    key = (ScoreRun.as_of == snapshot.as_of, ScoreRun.audience == snapshot.audience,
           ScoreRun.inputs_hash == snapshot.inputs_hash)
    existing = session.scalar(select(ScoreRun.id).where(*key))
    if existing is not None:
        snapshot.run_id = existing
        return existing
    run = ScoreRun(
        as_of=snapshot.as_of, audience=snapshot.audience, inputs_hash=snapshot.inputs_hash,
        method_version=snapshot.method_version,
        summary={"overall": snapshot.overall.as_dict(),
                 "chapters": {k: v.as_dict() for k, v in snapshot.chapters.items()}},
    )
    run.cells = [
        CellScore(
            chapter=c.chapter, recommendation=c.recommendation, party=c.party, score=c.score,
            status=c.status, confidence=c.confidence, assessment_component=c.assessment,
            evidence_component=c.evidence, n=c.n, organizations=c.organizations,
            dispersion=c.dispersion,
            detail={**{k: v for k, v in asdict(c).items() if k in ("submissions", "events", "evidence_known", "evidence_unknown")},
                    **snapshot.trends[(c.chapter, c.recommendation, c.party)]["trend"]},
        )
        for c in snapshot.cells
    ]
    try:
        with session.begin_nested():
            session.add(run)
    except IntegrityError:
        existing = session.scalar(select(ScoreRun.id).where(*key))
        snapshot.run_id = existing
        return existing
    snapshot.run_id = run.id
    return run.id
