"""Cell scores for one as-of date and audience (DESIGN §4), computed on arrays.

A cell is (chapter, recommendation, Party) with Party US, CA, MX or NA (trilateral).
A rating with no recommendation bears on every applicable cell of its chapter.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import numpy as np

from reviewprep.framework.models import CHAPTER_CODES, RECOMMENDATION_CODES, Framework
from reviewprep.scoring import evidence
from reviewprep.scoring.config import ScoringConfig
from reviewprep.scoring.inputs import PARTY_ORDER, Inputs, Ratings, day_number

STATUSES = ("on_track", "needs_acceleration", "limited", "off_track", "insufficient_evidence")


@dataclass
class Cell:
    chapter: str
    recommendation: str
    party: str
    score: float | None
    status: str
    confidence: str
    assessment: float | None
    evidence: float | None
    n: int
    organizations: int
    dispersion: float | None
    evidence_known: int
    evidence_unknown: int
    latest_input: dt.date | None
    submissions: list[int] = field(default_factory=list)
    events: list[int] = field(default_factory=list)


def status_of(score: float | None, config: ScoringConfig) -> str:
    if score is None:
        return "insufficient_evidence"
    t = config.status_thresholds
    if score >= t.on_track:
        return "on_track"
    if score >= t.needs_acceleration:
        return "needs_acceleration"
    if score >= t.limited:
        return "limited"
    return "off_track"


def confidence_of(n: int, orgs: int, dispersion: float | None, latest: dt.date | None,
                  as_of: dt.date, config: ScoringConfig) -> str:
    c = config.confidence
    points = 0
    points += n >= c.medium.min_ratings and orgs >= c.medium.min_organizations
    points += n >= c.high.min_ratings and orgs >= c.high.min_organizations
    points += dispersion is not None and n >= 2 and dispersion <= c.max_dispersion
    points += latest is not None and (as_of - latest).days <= c.recent_days
    if points >= c.high_points:
        return "high"
    return "medium" if points >= c.medium_points else "low"


def combine(assessment: float | None, evidence_value: float | None, config: ScoringConfig) -> float | None:
    """Weighted mean of the components present; None when neither is."""
    w = config.component_weights
    parts = [(assessment, w.assessment), (evidence_value, w.evidence)]
    present = [(v, wt) for v, wt in parts if v is not None and wt > 0]
    if not present:
        return None
    return sum(v * wt for v, wt in present) / sum(wt for _, wt in present)


def expand_to_cells(ratings: Ratings, framework: Framework) -> tuple[np.ndarray, np.ndarray]:
    """(row index, cell index) pairs: a whole-chapter rating lands on every applicable cell."""
    cells = framework.cells
    cell_index = {cell: i for i, cell in enumerate(cells)}
    rows_out, cells_out = [], []
    combo = ratings.chapter * 11 + (ratings.recommendation + 1)
    for value in np.unique(combo):
        chapter = CHAPTER_CODES[value // 11]
        rec = value % 11 - 1
        targets = ([cell_index[(chapter, r)] for r in framework.applicability[chapter]] if rec < 0
                   else [cell_index[(chapter, RECOMMENDATION_CODES[rec])]]
                   if (chapter, RECOMMENDATION_CODES[rec]) in cell_index else [])
        rows = np.flatnonzero(combo == value)
        for target in targets:
            rows_out.append(rows)
            cells_out.append(np.full(len(rows), target, dtype=np.int64))
    if not rows_out:
        return np.array([], dtype=np.int64), np.array([], dtype=np.int64)
    return np.concatenate(rows_out), np.concatenate(cells_out)


def score_cells(inputs: Inputs, framework: Framework, config: ScoringConfig, as_of: dt.date,
                explain: bool = True) -> list[Cell]:
    """Score every applicable cell for every Party from `inputs` (already filtered)."""
    r = inputs.ratings
    cells = framework.cells
    n_parties = len(PARTY_ORDER)
    size = len(cells) * n_parties
    rows, cell_of_row = expand_to_cells(r, framework)
    key = cell_of_row * n_parties + r.party[rows]
    type_weight = np.array([config.stakeholder_weights.get(t, 0.0) for t in r.stakeholder_type],
                           dtype=np.float64) if len(r) else np.zeros(0)
    age = day_number(as_of) - r.day
    weight = (type_weight * np.power(0.5, age / config.recency_half_life_days))[rows]
    rating = r.rating[rows]
    sum_w = np.bincount(key, weights=weight, minlength=size)
    sum_wr = np.bincount(key, weights=weight * rating, minlength=size)
    sum_wrr = np.bincount(key, weights=weight * rating * rating, minlength=size)
    count = np.bincount(key, minlength=size)
    pairs = np.unique(np.stack([key, r.organization[rows]]), axis=1) if len(key) else np.zeros((2, 0), dtype=np.int64)
    orgs = np.bincount(pairs[0], minlength=size)
    latest = np.full(size, -1, dtype=np.int64)
    np.maximum.at(latest, key, r.day[rows])
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = sum_wr / sum_w
        dispersion = np.sqrt(np.maximum(sum_wrr / sum_w - mean * mean, 0.0))
    contributors = _group(key, r.submission_id[rows], size) if explain else None
    found = evidence.all_instances(framework, inputs.events, as_of)

    out = []
    for ci, (chapter, rec) in enumerate(cells):
        for pi, party in enumerate(PARTY_ORDER):
            k = ci * n_parties + pi
            n = int(count[k])
            has_a = n >= config.minimum_ratings and sum_w[k] > 0
            a_value = float(mean[k] * config.points_per_level) if has_a else None
            e_value, known, unknown, used = evidence.component(framework, found, config, chapter, rec, party)
            score = combine(a_value, e_value, config)
            last_days = [d for d in (i.met_on for i in used) if d is not None]
            last_rating = dt.date.fromordinal(dt.date(1970, 1, 1).toordinal() + int(latest[k])) if latest[k] >= 0 else None
            latest_input = max([d for d in (last_rating, *last_days) if d is not None], default=None)
            disp = float(dispersion[k]) if n else None
            out.append(Cell(
                chapter=chapter, recommendation=rec, party=party,
                score=None if score is None else round(score, 2),
                status=status_of(score, config),
                confidence=confidence_of(n, int(orgs[k]), disp, latest_input, as_of, config),
                assessment=None if a_value is None else round(a_value, 2),
                evidence=None if e_value is None else round(e_value, 2),
                n=n, organizations=int(orgs[k]),
                dispersion=None if disp is None else round(disp, 3),
                evidence_known=known, evidence_unknown=unknown, latest_input=latest_input,
                submissions=sorted(contributors.get(k, [])) if contributors is not None else [],
                events=sorted({eid for i in used for eid in i.event_ids}),
            ))
    return out


def _group(key: np.ndarray, values: np.ndarray, size: int) -> dict[int, list[int]]:
    if not len(key):
        return {}
    order = np.argsort(key, kind="stable")
    sorted_keys, sorted_values = key[order], values[order]
    bounds = np.flatnonzero(np.diff(sorted_keys)) + 1
    return {int(ks[0]): vs.tolist() for ks, vs in zip(np.split(sorted_keys, bounds), np.split(sorted_values, bounds))}
