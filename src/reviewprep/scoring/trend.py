"""Typed per-cell results beside the score: its trend, its outlook and the weekly series.

Their `as_dict` keeps the key order of `reviewprep scores --json`, so the JSON contract
does not depend on how the values are carried in memory.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class Outlook:
    """Projected score at the next review and the observed/required weekly progress ratio."""

    band: str
    projected: float | None = None
    ratio: float | None = None
    required_per_week: float | None = None

    def as_dict(self) -> dict:
        return {"band": self.band, "projected": self.projected, "ratio": self.ratio,
                "required_per_week": self.required_per_week}


@dataclass(frozen=True)
class Trend:
    """Change since the previous weekly snapshot and since the baseline, and the weekly slope."""

    previous: float | None
    change: float | None
    slope_per_week: float | None
    baseline: float | None
    change_since_baseline: float | None
    direction: str = "unknown"  # improving | stable | deteriorating | unknown (no slope)

    def as_dict(self) -> dict:
        return {"previous": self.previous, "change": self.change, "slope_per_week": self.slope_per_week,
                "direction": self.direction, "baseline": self.baseline,
                "change_since_baseline": self.change_since_baseline}


@dataclass(frozen=True)
class CellTrend:
    """A cell's trend and outlook, and the weekly (as-of date, score) series they come from."""

    trend: Trend
    outlook: Outlook
    series: list[tuple[dt.date, float | None]]


@dataclass(frozen=True)
class ChapterTrend:
    """A chapter's weekly series (its equal-weight mean over scored cells), slope, direction and outlook."""

    series: list[tuple[dt.date, float | None]]
    change: float | None
    slope_per_week: float | None
    direction: str
    outlook: Outlook

    def as_dict(self) -> dict:
        return {"trend": {"change": self.change, "slope_per_week": self.slope_per_week,
                          "direction": self.direction},
                "outlook": self.outlook.as_dict()}
