"""config/campaigns.yaml: how form letters are found, quoted and grouped into emerging topics."""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from reviewprep.campaigns.detect import DetectionSettings
from reviewprep.framework.load import validate


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Detection(Strict):
    threshold: float = Field(gt=0, le=1)
    num_perm: int = Field(ge=16, le=1024)
    shingle_words: int = Field(ge=1, le=10)
    representatives: int = Field(ge=1, le=100)
    min_size: int = Field(ge=2)
    seed: int = 1

    def settings(self) -> DetectionSettings:
        return DetectionSettings(**self.model_dump())


class Topics(Strict):
    max_topics: int = Field(ge=1, le=50)
    min_size: int = Field(ge=2)
    top_words: int = Field(ge=1, le=20)


class Quotes(Strict):
    per_chapter: int = Field(ge=0, le=20)
    min_evidence_points: int = Field(ge=0)


class CampaignsConfig(Strict):
    detection: Detection
    topics: Topics
    quotes: Quotes


def load_campaigns_config(config_dir: Path) -> CampaignsConfig:
    return validate(config_dir / "campaigns.yaml", CampaignsConfig)
