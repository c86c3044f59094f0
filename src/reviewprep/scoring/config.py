"""config/scoring.yaml: every threshold, weight and half-life of the method."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from reviewprep.codes import STAKEHOLDER_TYPES
from reviewprep.framework.load import validate

RATING_LEVELS = (0, 1, 2, 3, 4)


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ComponentWeights(Strict):
    assessment: float = Field(ge=0)
    evidence: float = Field(ge=0)

    @model_validator(mode="after")
    def _some_weight(self) -> ComponentWeights:
        if self.assessment + self.evidence <= 0:
            raise ValueError("at least one component needs a positive weight")
        return self


class EvidenceCredit(Strict):
    on_time: float = Field(ge=0, le=1)
    late: float = Field(ge=0, le=1)
    overdue: float = Field(ge=0, le=1)


class StatusThresholds(Strict):
    on_track: float = Field(ge=0, le=100)
    needs_acceleration: float = Field(ge=0, le=100)
    limited: float = Field(ge=0, le=100)

    @model_validator(mode="after")
    def _descending(self) -> StatusThresholds:
        if not self.on_track > self.needs_acceleration > self.limited:
            raise ValueError("thresholds must satisfy on_track > needs_acceleration > limited")
        return self


class ConfidenceLevel(Strict):
    min_ratings: int = Field(ge=1)
    min_organizations: int = Field(ge=1)


class Confidence(Strict):
    medium: ConfidenceLevel
    high: ConfidenceLevel
    max_dispersion: float = Field(gt=0)
    recent_days: int = Field(gt=0)
    high_points: int = Field(ge=1, le=4)
    medium_points: int = Field(ge=1, le=4)

    @model_validator(mode="after")
    def _high_above_medium(self) -> Confidence:
        if self.high_points < self.medium_points:
            raise ValueError("high_points must be at least medium_points")
        if (self.high.min_ratings < self.medium.min_ratings
                or self.high.min_organizations < self.medium.min_organizations):
            raise ValueError("high must ask for at least as many ratings and organisations as medium")
        return self


class Trend(Strict):
    interval_days: int = Field(ge=1)
    snapshots: int = Field(ge=2, le=104)
    minimum_points_for_slope: int = Field(ge=2)
    baseline: Literal["last_review"] | dt.date | None = "last_review"
    # "improving"/"deteriorating" only beyond this many points a week either way, and with
    # at least `minimum_points_for_direction` weekly scores; otherwise "stable"
    stable_within: float = Field(default=0.25, ge=0)
    minimum_points_for_direction: int = Field(default=4, ge=2)

    @model_validator(mode="after")
    def _enough_snapshots(self) -> Trend:
        if self.minimum_points_for_slope > self.snapshots:
            raise ValueError("minimum_points_for_slope must not exceed snapshots")
        if self.minimum_points_for_direction > self.snapshots:
            raise ValueError("minimum_points_for_direction must not exceed snapshots")
        return self


class Outlook(Strict):
    target: float = Field(gt=0, le=100)
    on_course: float
    acceleration_needed: float

    @model_validator(mode="after")
    def _ordered(self) -> Outlook:
        if not self.on_course > self.acceleration_needed > 0:
            raise ValueError("bands must satisfy on_course > acceleration_needed > 0")
        return self


class EvidenceGaps(Strict):
    ratings_short_by: int = Field(default=2, ge=1)
    quiet_days: int = Field(default=60, ge=1)


class JudgementSettings(Strict):
    default_valid_days: int = Field(default=90, ge=1)


class ScoringConfig(Strict):
    method_version: str = Field(min_length=1, max_length=20)
    rating_points: dict[int, float]
    stakeholder_weights: dict[str, float]
    recency_half_life_days: float = Field(gt=0)
    minimum_ratings: int = Field(ge=1)
    minimum_obligations: int = Field(ge=1)
    # Ratings sent as part of a campaign: one voice on each cell, or each letter its own rating.
    campaign_ratings: Literal["one_voice", "each_letter"] = "one_voice"
    component_weights: ComponentWeights
    evidence_credit: EvidenceCredit
    status_thresholds: StatusThresholds
    confidence: Confidence
    trend: Trend
    outlook: Outlook
    evidence_gaps: EvidenceGaps = EvidenceGaps()
    judgement: JudgementSettings = JudgementSettings()

    @field_validator("rating_points")
    @classmethod
    def _points_per_level(cls, points: dict[int, float]) -> dict[int, float]:
        if sorted(points) != list(RATING_LEVELS):
            raise ValueError(f"must give points for each level {', '.join(map(str, RATING_LEVELS))}")
        values = [points[level] for level in RATING_LEVELS]
        if any(not 0 <= v <= 100 for v in values):
            raise ValueError("points must be between 0 and 100")
        if any(b < a for a, b in zip(values, values[1:], strict=False)):
            raise ValueError("points must not decrease from one level to the next")
        return points

    @model_validator(mode="after")
    def _every_type_weighted(self) -> ScoringConfig:
        missing = [t for t in STAKEHOLDER_TYPES if t not in self.stakeholder_weights]
        unknown = [t for t in self.stakeholder_weights if t not in STAKEHOLDER_TYPES]
        if missing or unknown:
            raise ValueError(
                f"stakeholder_weights: missing {missing or 'none'}, unknown {unknown or 'none'}"
            )
        if any(w < 0 for w in self.stakeholder_weights.values()):
            raise ValueError("stakeholder_weights must not be negative")
        return self


    def level_points(self) -> list[float]:
        """Points of each rating level, in level order (index = level)."""
        return [self.rating_points[level] for level in RATING_LEVELS]

    def type_weights(self) -> list[float]:
        """Weight of each stakeholder type, in `STAKEHOLDER_TYPES` order (index = type code)."""
        return [self.stakeholder_weights[t] for t in STAKEHOLDER_TYPES]


def load_scoring(config_dir: Path) -> ScoringConfig:
    return validate(config_dir / "scoring.yaml", ScoringConfig)
