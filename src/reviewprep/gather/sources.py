"""config/sources.yaml: where inputs come from, in which format, with which defaults.

`gather_source` is the unit of work the weekly flow runs as one Prefect task per source.
"""

from __future__ import annotations

import datetime as dt
import functools
import glob
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy.orm import Session

from reviewprep.framework.load import validate
from reviewprep.framework.models import Framework
from reviewprep.gather import assessments, comments, evidence
from reviewprep.gather.pipeline import FileCounts, Loader, ingest_file
from reviewprep.gather.records import Defaults
from reviewprep.gather.tagging import Tagger

FORMATS = ("assessments_csv", "comments_jsonl", "evidence_csv", "evidence_yaml")
Format = Literal["assessments_csv", "comments_jsonl", "evidence_csv", "evidence_yaml"]


class SourceDefaults(BaseModel):
    model_config = ConfigDict(extra="forbid")

    party: str | None = None
    confidentiality: Literal["public", "confidential"] = "public"
    language: Literal["en", "fr", "es"] | None = None
    stakeholder_type: str | None = None
    date_order: Literal["auto", "mdy", "dmy"] = "auto"
    rating_scale: Literal["levels", "compliance"] = "levels"


class Source(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(pattern=r"^[A-Za-z0-9_.-]+$")
    path: str
    format: Format
    defaults: SourceDefaults = SourceDefaults()


class Sources(BaseModel):
    model_config = ConfigDict(extra="forbid")

    sources: list[Source] = []


def load_sources(path: Path) -> Sources:
    return validate(path, Sources)


def loader_for(fmt: str, framework: Framework) -> Loader:
    if fmt == "assessments_csv":
        return assessments.load_csv
    if fmt == "comments_jsonl":
        return functools.partial(comments.load_jsonl, tagger=Tagger(framework))
    if fmt == "evidence_csv":
        return functools.partial(evidence.load_csv, framework=framework)
    if fmt == "evidence_yaml":
        return functools.partial(evidence.load_yaml, framework=framework)
    raise ValueError(f"unknown format {fmt!r} (known: {', '.join(FORMATS)})")


def source_files(source: Source, base: Path) -> list[Path]:
    pattern = source.path if Path(source.path).is_absolute() else str(base / source.path)
    return sorted(Path(p) for p in glob.glob(pattern, recursive=True) if Path(p).is_file())


def gather_source(session: Session, source: Source, base: Path, framework: Framework,
                  raw_store: Path, today: dt.date | None = None) -> list[FileCounts]:
    """Load every file a source names; each file commits on its own."""
    defaults = Defaults(**source.defaults.model_dump())
    loader = loader_for(source.format, framework)
    results = []
    for path in source_files(source, base):
        results.append(ingest_file(session, path, source.format, loader, raw_store, defaults,
                                   source=source.name, today=today))
        session.commit()
    return results
