"""A scoring snapshot: every cell, its trend and outlook, the aggregates, computed.

The weekly history behind trends is recomputed from the same inputs for earlier as-of
dates, which is exact because every score only uses inputs dated on or before its own
as-of date; so trends exist from the first run, and past weeks can be back-filled.
Serialising is `scoring.serialise`; storing (immutably) is `store.snapshots`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from reviewprep import judgement
from reviewprep.codes import CHAPTER_CODES
from reviewprep.framework.models import Framework, ReviewCalendar
from reviewprep.judgement import Judgement
from reviewprep.scoring import aggregate as agg
from reviewprep.scoring import evidence
from reviewprep.scoring.config import ScoringConfig
from reviewprep.scoring.engagement import engagement
from reviewprep.scoring.inputs import Inputs, from_day_number
from reviewprep.scoring.method import Cell, cell_keys, cell_scores, land, outside_framework, score_cells
from reviewprep.scoring.trend import CellTrend, ChapterTrend, Trend
from reviewprep.store import judgements as stored_judgements
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
    trends: dict[CellKey, CellTrend]
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
    chapter_trends: dict[str, ChapterTrend] = field(default_factory=dict)
    judgements: list[dict] = field(default_factory=list)  # in force as of as_of, for this audience
    latest_by_chapter: dict[str, dt.date | None] = field(default_factory=dict)
    run_id: int | None = None
    _index: dict[CellKey, Cell] = field(default_factory=dict, init=False, repr=False)

    def __post_init__(self) -> None:
        self._index = {c.key: c for c in self.cells}

    def cell(self, chapter: str, recommendation: str, party: str) -> Cell:
        return self._index[(chapter, recommendation, party)]

    def as_json(self, explain: bool = False) -> dict:
        """The machine-readable scores (`reviewprep scores --json`): see `scoring.serialise`."""
        from reviewprep.scoring.serialise import snapshot_json

        return snapshot_json(self, explain)


@dataclass(frozen=True)
class PastScore:
    """A cell's score as of an earlier date: all the weekly history and the baseline use."""

    chapter: str
    recommendation: str
    party: str
    score: float | None

    @property
    def key(self) -> CellKey:
        return (self.chapter, self.recommendation, self.party)


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
    judgements: list[Judgement] | None = None,
) -> Snapshot:
    """Score as of `as_of` for `audience`, with weekly history, trends, baseline and outlook.

    `inputs` (from `load_inputs`) can be shared between calls; without it they are loaded.
    The analysts' judgements (read from the session when not given) are carried beside the
    scores for the reports and JSON; nothing computed here reads them.
    """
    inputs = inputs if inputs is not None else load_inputs(session, audience=audience)
    if judgements is None:
        judgements = stored_judgements.load(session) if session is not None else []
    in_force = judgement.current(judgements, as_of, audience)
    audience_inputs = inputs.for_audience(audience)
    visible = audience_inputs.until(as_of)
    landing = land(visible.ratings, framework)  # every earlier date's ratings land on a prefix of these
    dates = weekly_dates(as_of, config)
    base_day = baseline_date(as_of, calendar, config, baseline)
    earlier = sorted(set(dates[:-1]) | ({base_day} if base_day else set()))
    # The earlier dates first: their sums' arrays are never held beside today's explanations.
    keys = cell_keys(framework)
    past: dict[dt.date, list] = {
        d: [PastScore(*key, s) for key, s in
            zip(keys, cell_scores(audience_inputs.until(d), framework, config, d, landing), strict=True)]
        for d in earlier}
    cells = score_cells(visible, framework, config, as_of, landing=landing)
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
        direction = agg.direction(series, slope, config)
        then = base["cells"][cell.key] if base else None
        trends[cell.key] = CellTrend(
            trend=Trend(previous=previous, change=_change(cell.score, previous), slope_per_week=slope,
                        baseline=then, change_since_baseline=_change(cell.score, then), direction=direction),
            outlook=agg.outlook(cell.score, slope, days, config, stable=direction == "stable"),
            series=series,
        )

    history = [
        {"as_of": d.isoformat(), "overall": agg.aggregate(past[d], config).score,
         "chapters": {k: v.score for k, v in agg.group(past[d], lambda c: c.chapter, config).items()}}
        for d in dates
    ]
    chapters = agg.group(cells, lambda c: c.chapter, config)
    return Snapshot(
        as_of=as_of, audience=audience,
        inputs_hash=inputs_hash(visible, framework, calendar, config, base_day, in_force),
        method_version=config.method_version,
        days_to_review=days, next_review=calendar.next_review(as_of),
        cells=cells, trends=trends,
        overall=agg.aggregate(cells, config),
        chapters=chapters,
        recommendations=dict(sorted(agg.group(cells, lambda c: c.recommendation, config).items(),
                                    key=lambda kv: int(kv[0][1:]))),
        parties=agg.group(cells, lambda c: c.party, config),
        chapter_parties=agg.group(cells, lambda c: (c.chapter, c.party), config),
        history=history,
        obligations=evidence.all_instances(framework, visible.events, as_of),
        engagement=engagement(visible, as_of),
        baseline=base,
        counts=_counts(visible, framework),
        chapter_trends={code: chapter_trend(history, code, chapters[code].score, days, config) for code in chapters},
        judgements=[j.as_json(as_of) for j in in_force],
        latest_by_chapter=latest_by_chapter(visible, framework),
    )


def chapter_trend(history: list[dict], code: str, score: float | None, days: int | None,
                  config: ScoringConfig) -> ChapterTrend:
    """A chapter's trend from the weekly history of its (equal-weight mean) score."""
    series = [(dt.date.fromisoformat(h["as_of"]), h["chapters"].get(code)) for h in history]
    slope = agg.slope_per_week(series, config)
    direction = agg.direction(series, slope, config)
    previous = series[-2][1] if len(series) > 1 else None
    return ChapterTrend(series=series, change=_change(score, previous), slope_per_week=slope, direction=direction,
                        outlook=agg.outlook(score, slope, days, config, stable=direction == "stable"))


def latest_by_chapter(visible: Inputs, framework: Framework) -> dict[str, dt.date | None]:
    """The date of the latest input on each chapter: a rating, a tagged comment, or an evidence
    event on one of its obligations (for the "chapters without recent input" gap)."""
    chapter_of = {o.code: o.chapter for o in framework.obligations}
    out = {}
    for index, code in enumerate(CHAPTER_CODES):
        days = visible.mentions.day[visible.mentions.chapter == index]
        dates = [from_day_number(int(days.max()))] if len(days) else []
        dates += [e.day for e in visible.events if chapter_of.get(e.obligation) == code]
        out[code] = max(dates, default=None)
    return out


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
                baseline: dt.date | None, judgements: list[Judgement] = ()) -> str:
    """The visible inputs plus everything else the snapshot shows: the framework, the review
    calendar, the method's settings, the baseline and the judgements in force (shown beside
    the scores, never in them). Change any and it is a new run."""
    digest = hashlib.sha256(visible.digest().encode())
    for part in (framework.summary(), calendar.model_dump(mode="json"), config.model_dump(mode="json"),
                 {"baseline": None if baseline is None else baseline.isoformat()}):
        digest.update(json.dumps(part, sort_keys=True).encode())
    if judgements:
        digest.update("\n".join(j.fingerprint() for j in judgements).encode())
    return digest.hexdigest()
