"""config/scoring.yaml: every threshold, weight and half-life of the method."""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, model_validator

from reviewprep.framework.load import validate
from reviewprep.gather.vocab import STAKEHOLDER_TYPES


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ComponentWeights(Strict):
    assessment: float = Field(ge=0)
    evidence: float = Field(ge=0)


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


class Trend(Strict):
    interval_days: int = Field(ge=1)
    snapshots: int = Field(ge=2, le=104)
    minimum_points_for_slope: int = Field(ge=2)


class Outlook(Strict):
    target: float = Field(gt=0, le=100)
    on_course: float
    acceleration_needed: float

    @model_validator(mode="after")
    def _ordered(self) -> Outlook:
        if not self.on_course > self.acceleration_needed > 0:
            raise ValueError("bands must satisfy on_course > acceleration_needed > 0")
        return self


class ScoringConfig(Strict):
    method_version: str
    points_per_level: float = Field(gt=0)
    stakeholder_weights: dict[str, float]
    recency_half_life_days: float = Field(gt=0)
    minimum_ratings: int = Field(ge=1)
    component_weights: ComponentWeights
    evidence_credit: EvidenceCredit
    status_thresholds: StatusThresholds
    confidence: Confidence
    trend: Trend
    outlook: Outlook

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


def load_scoring(config_dir: Path) -> ScoringConfig:
    return validate(config_dir / "scoring.yaml", ScoringConfig)
