"""Aggregates, trend slopes and the outlook, built on cell scores.

Aggregates are equal-weight means of the scored cells' (rounded, as shown) scores,
always with coverage (scored / applicable), so a mean over two cells is never
mistaken for a mean over forty and anyone can recompute it from the cell table.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import numpy as np

from reviewprep.scoring.config import ScoringConfig
from reviewprep.scoring.method import Cell, rounded, status_of
from reviewprep.scoring.trend import Outlook


@dataclass
class Aggregate:
    score: float | None
    status: str
    scored: int
    applicable: int

    @property
    def coverage(self) -> float:
        return rounded(self.scored / self.applicable, 3) if self.applicable else 0.0

    def as_dict(self) -> dict:
        return {"score": self.score, "status": self.status, "scored": self.scored,
                "applicable": self.applicable, "coverage": self.coverage}


def aggregate(cells: Iterable[Cell], config: ScoringConfig) -> Aggregate:
    cells = list(cells)
    scores = [c.score for c in cells if c.score is not None]
    mean = rounded(sum(scores) / len(scores), 2) if scores else None
    return Aggregate(mean, status_of(mean, config), len(scores), len(cells))


def group(cells: list[Cell], by: Callable[[Cell], object], config: ScoringConfig) -> dict:
    """Aggregate per value of `by`, in order of first appearance."""
    members: dict = {}
    for c in cells:
        members.setdefault(by(c), []).append(c)
    return {k: aggregate(v, config) for k, v in members.items()}


def slope_per_week(points: list[tuple[dt.date, float | None]], config: ScoringConfig) -> float | None:
    """Least-squares slope in points per week over the snapshots that have a score."""
    known = [(d, s) for d, s in points if s is not None]
    if len(known) < config.trend.minimum_points_for_slope:
        return None
    x = np.array([d.toordinal() for d, _ in known], dtype=float) / 7.0
    y = np.array([s for _, s in known], dtype=float)
    if np.ptp(x) == 0:
        return None
    x -= x.mean()
    return rounded(float(np.dot(x, y - y.mean()) / np.dot(x, x)), 3)


def direction(points: list[tuple[dt.date, float | None]], slope: float | None, config: ScoringConfig) -> str:
    """improving / deteriorating only beyond `trend.stable_within` points a week and with at
    least `trend.minimum_points_for_direction` weekly scores; otherwise stable; unknown
    without a slope. Weekly scores move a little as ratings age: that is not a trend."""
    if slope is None:
        return "unknown"
    known = sum(1 for _, s in points if s is not None)
    if known < config.trend.minimum_points_for_direction or abs(slope) <= config.trend.stable_within:
        return "stable"
    return "improving" if slope > 0 else "deteriorating"


def outlook(score: float | None, slope: float | None, days_to_review: int | None,
            config: ScoringConfig, stable: bool = False) -> Outlook:
    """Projected score at the next review and the observed/required weekly progress ratio.

    Bands: on course (ratio >= on_course), acceleration needed (>= acceleration_needed),
    limited (>= 0), deteriorating (< 0). A score already at the target needs no progress:
    it is on course if the projection stays there, deteriorating if it falls below.
    Without a score, a slope or a review ahead the band is "unknown". A `stable` trend (a
    slope within the tolerance) counts as no change: its ratio is 0.
    """
    if score is None or slope is None or not days_to_review:
        return Outlook("unknown")
    if stable:
        slope = 0.0
    weeks = days_to_review / 7.0
    projected = rounded(min(100.0, max(0.0, score + slope * weeks)), 2)
    target = config.outlook.target
    required = (target - score) / weeks
    if required <= 0:
        band = "on_course" if projected >= target else "deteriorating"
        return Outlook(band, projected, None, 0.0)
    ratio = slope / required
    if ratio >= config.outlook.on_course:
        band = "on_course"
    elif ratio >= config.outlook.acceleration_needed:
        band = "acceleration_needed"
    elif ratio >= 0:
        band = "limited"
    else:
        band = "deteriorating"
    return Outlook(band, projected, rounded(ratio, 3), rounded(required, 3))
