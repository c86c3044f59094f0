"""A scoring snapshot: every cell, its trend and outlook, the aggregates, stored immutably.

The weekly history behind trends is recomputed from the same inputs for earlier as-of
dates, which is exact because every score only uses inputs dated on or before its own
as-of date; so trends exist from the first run, and past weeks can be back-filled.
A stored run is never changed: the same as-of date, audience and inputs hash reuse it,
and different inputs make a new run next to it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass, field

from sqlalchemy import event, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from reviewprep.framework.models import Framework, ReviewCalendar
from reviewprep.scoring import aggregate as agg
from reviewprep.scoring import evidence
from reviewprep.scoring.config import ScoringConfig
from reviewprep.scoring.engagement import engagement
from reviewprep.scoring.inputs import Inputs
from reviewprep.scoring.method import Cell, outside_framework, score_cells
from reviewprep.store.models import CellScore, ScoreRun
from reviewprep.store.scoring_reads import load_inputs

CellKey = tuple[str, str, str]


@dataclass
class Snapshot:
    as_of: dt.date
    audience: str
    inputs_hash: str
    method_version: str
    days_to_review: int | None
    next_review: dt.date | None
    cells: list[Cell]
    trends: dict[CellKey, dict]  # per cell: "trend", "outlook", "series" [(date, score)]
    overall: agg.Aggregate
    chapters: dict[str, agg.Aggregate]
    recommendations: dict[str, agg.Aggregate]
    parties: dict[str, agg.Aggregate]
    chapter_parties: dict[tuple[str, str], agg.Aggregate]
    history: list[dict]
    obligations: list[evidence.Instance]
    engagement: dict
    baseline: dict | None = None
    counts: dict = field(default_factory=dict)
    run_id: int | None = None
    _index: dict[CellKey, Cell] = field(default_factory=dict, init=False, repr=False)

    def __post_init__(self) -> None:
        self._index = {c.key: c for c in self.cells}

    def cell(self, chapter: str, recommendation: str, party: str) -> Cell:
        return self._index[(chapter, recommendation, party)]

    def as_json(self, explain: bool = False) -> dict:
        """The machine-readable scores (`reviewprep scores --json`).

        Only JSON-native values in a fixed key order, so the same inputs always give
        byte-identical output; nothing run-specific (run ids, clock time) is in it. Each
        cell's explanation lists its obligation instances; with `explain` also every
        contributing submission and its weight share (large: one pair per rating and cell;
        the stored run always keeps them).
        """
        return {
            "as_of": self.as_of.isoformat(),
            "audience": self.audience,
            "method_version": self.method_version,
            "inputs_hash": self.inputs_hash,
            "next_review": _iso(self.next_review),
            "days_to_next_review": self.days_to_review,
            "overall": self.overall.as_dict(),
            "chapters": [{"code": k, **v.as_dict()} for k, v in self.chapters.items()],
            "recommendations": [{"code": k, **v.as_dict()} for k, v in self.recommendations.items()],
            "parties": [{"code": k, **v.as_dict()} for k, v in self.parties.items()],
            "cells": [self._cell_json(c, explain) for c in self.cells],
            "obligations": [_instance_json(i) for i in self.obligations],
            "baseline": None if self.baseline is None else {
                k: v for k, v in self.baseline.items() if k != "cells"},
            "history": self.history,
            "engagement": self.engagement,
            "inputs": self.counts,
        }

    def _cell_json(self, c: Cell, explain: bool) -> dict:
        trend = self.trends[c.key]
        return {
            "chapter": c.chapter, "recommendation": c.recommendation, "party": c.party,
            "score": c.score, "status": c.status, "confidence": c.confidence, "n": c.n,
            "organizations": c.organizations, "assessment_component": c.assessment,
            "evidence_component": c.evidence, "dispersion": c.dispersion,
            "evidence_known": c.evidence_known, "evidence_unknown": c.evidence_unknown,
            "evidence_coverage": c.evidence_coverage, "latest_input": _iso(c.latest_input),
            "trend": trend["trend"], "outlook": trend["outlook"],
            "explanation": explanation(c, explain),
        }


def _iso(day: dt.date | None) -> str | None:
    return None if day is None else day.isoformat()


def _instance_json(i: evidence.Instance) -> dict:
    return {"obligation": i.obligation, "period": i.period, "party": i.party, "due": i.due.isoformat(),
            "state": i.state, "met_on": _iso(i.met_on), "events": list(i.event_ids)}


def explanation(c: Cell, submissions: bool = True) -> dict:
    """What made the cell: each obligation instance with its state and the evidence events
    behind it, and (with `submissions`) each submission with its share of the assessment weight."""
    made = {"obligations": [_instance_json(i) for i in c.instances]}
    if submissions:
        made["submissions"] = [[sid, share] for sid, share in zip(c.submissions, c.shares, strict=True)]
    return made


def weekly_dates(as_of: dt.date, config: ScoringConfig) -> list[dt.date]:
    """The as-of dates of the trend window, oldest first, ending with `as_of`."""
    step = dt.timedelta(days=config.trend.interval_days)
    return [as_of - step * k for k in range(config.trend.snapshots - 1, -1, -1)]


def baseline_date(as_of: dt.date, calendar: ReviewCalendar, config: ScoringConfig,
                  chosen: dt.date | None = None) -> dt.date | None:
    """The date to compare with: `chosen` (e.g. the last brief) or the configured default."""
    setting = chosen if chosen is not None else config.trend.baseline
    if setting == "last_review":
        setting = max((d for d in calendar.review_dates() if d < as_of), default=None)
    return setting if isinstance(setting, dt.date) and setting < as_of else None


def compute(
    session: Session | None, framework: Framework, calendar: ReviewCalendar, config: ScoringConfig,
    as_of: dt.date, audience: str, baseline: dt.date | None = None, inputs: Inputs | None = None,
) -> Snapshot:
    """Score as of `as_of` for `audience`, with weekly history, trends, baseline and outlook.

    `inputs` (from `load_inputs`) can be shared between calls; without it they are loaded.
    """
    inputs = inputs if inputs is not None else load_inputs(session)
    audience_inputs = inputs.for_audience(audience)
    visible = audience_inputs.until(as_of)
    cells = score_cells(visible, framework, config, as_of)
    dates = weekly_dates(as_of, config)
    base_day = baseline_date(as_of, calendar, config, baseline)
    earlier = sorted(set(dates[:-1]) | ({base_day} if base_day else set()))
    past = {d: score_cells(audience_inputs.until(d), framework, config, d, explain=False) for d in earlier}
    past[as_of] = cells
    days = calendar.days_to_next_review(as_of)

    base = None
    if base_day is not None:
        base_cells = past[base_day]
        base = {
            "as_of": base_day.isoformat(),
            "overall": agg.aggregate(base_cells, config).score,
            "chapters": {k: v.score for k, v in agg.group(base_cells, lambda c: c.chapter, config).items()},
            "cells": {c.key: c.score for c in base_cells},
        }

    trends = {}
    for i, cell in enumerate(cells):
        series = [(d, past[d][i].score) for d in dates]
        previous = series[-2][1]
        slope = agg.slope_per_week(series, config)
        then = base["cells"][cell.key] if base else None
        trends[cell.key] = {
            "trend": {
                "previous": previous,
                "change": _change(cell.score, previous),
                "slope_per_week": slope,
                "baseline": then,
                "change_since_baseline": _change(cell.score, then),
            },
            "outlook": agg.outlook(cell.score, slope, days, config),
            "series": series,
        }

    history = [
        {"as_of": d.isoformat(), "overall": agg.aggregate(past[d], config).score,
         "chapters": {k: v.score for k, v in agg.group(past[d], lambda c: c.chapter, config).items()}}
        for d in dates
    ]
    return Snapshot(
        as_of=as_of, audience=audience,
        inputs_hash=inputs_hash(visible, framework, calendar, config, base_day),
        method_version=config.method_version,
        days_to_review=days, next_review=calendar.next_review(as_of),
        cells=cells, trends=trends,
        overall=agg.aggregate(cells, config),
        chapters=agg.group(cells, lambda c: c.chapter, config),
        recommendations=dict(sorted(agg.group(cells, lambda c: c.recommendation, config).items(),
                                    key=lambda kv: int(kv[0][1:]))),
        parties=agg.group(cells, lambda c: c.party, config),
        chapter_parties=agg.group(cells, lambda c: (c.chapter, c.party), config),
        history=history,
        obligations=evidence.all_instances(framework, visible.events, as_of),
        engagement=engagement(visible, as_of),
        baseline=base,
        counts=_counts(visible, framework),
    )


def _change(now: float | None, then: float | None) -> float | None:
    return None if now is None or then is None else round(now - then, 2) + 0.0


def _counts(visible: Inputs, framework: Framework) -> dict:
    """What the snapshot saw, so counts reconcile: ratings that bear on no tracked cell
    (a recommendation the framework does not apply to that chapter) are shown, not hidden."""
    return {
        "submissions": len(visible.submissions),
        "ratings": len(visible.ratings),
        "ratings_outside_framework": outside_framework(visible.ratings, framework),
        "evidence_events": len(visible.events),
    }


def inputs_hash(visible: Inputs, framework: Framework, calendar: ReviewCalendar, config: ScoringConfig,
                baseline: dt.date | None) -> str:
    """The visible inputs plus everything else the numbers depend on: the framework, the
    review calendar, the method's settings and the baseline. Change any and it is a new run."""
    digest = hashlib.sha256(visible.digest().encode())
    for part in (framework.summary(), calendar.model_dump(mode="json"), config.model_dump(mode="json"),
                 {"baseline": _iso(baseline)}):
        digest.update(json.dumps(part, sort_keys=True).encode())
    return digest.hexdigest()


def store(session: Session, snapshot: Snapshot) -> int:
    """Persist the snapshot once; the same as-of, audience and inputs hash reuse the stored run."""
    key = (ScoreRun.as_of == snapshot.as_of, ScoreRun.audience == snapshot.audience,
           ScoreRun.inputs_hash == snapshot.inputs_hash)
    existing = session.scalar(select(ScoreRun.id).where(*key))
    if existing is not None:
        snapshot.run_id = existing
        return existing
    data = snapshot.as_json(explain=True)
    run = ScoreRun(
        as_of=snapshot.as_of, audience=snapshot.audience, inputs_hash=snapshot.inputs_hash,
        method_version=snapshot.method_version,
        summary={k: data[k] for k in ("overall", "chapters", "recommendations", "parties", "baseline",
                                      "engagement", "inputs", "next_review", "days_to_next_review")},
    )
    run.cells = [
        CellScore(
            chapter=c.chapter, recommendation=c.recommendation, party=c.party, score=c.score,
            status=c.status, confidence=c.confidence, assessment_component=c.assessment,
            evidence_component=c.evidence, n=c.n, organizations=c.organizations,
            dispersion=c.dispersion,
            detail={k: cell[k] for k in ("trend", "outlook", "evidence_known", "evidence_unknown",
                                         "evidence_coverage", "latest_input", "explanation")},
        )
        for c, cell in zip(snapshot.cells, data["cells"], strict=True)
    ]
    try:
        with session.begin_nested():
            session.add(run)
    except IntegrityError:  # another run stored the same snapshot first
        existing = session.scalar(select(ScoreRun.id).where(*key))
        snapshot.run_id = existing
        return existing
    snapshot.run_id = run.id
    return run.id


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
