"""config/sources.yaml: where inputs come from, in which format, with which mapping and defaults.

`gather.ingest.ingest_source` loads one; the weekly flow runs it as one Prefect task per source.
"""

from __future__ import annotations

import datetime as dt
import glob
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from reviewprep.framework.load import validate
from reviewprep.framework.models import Framework
from reviewprep.gather.formats import FORMATS
from reviewprep.gather.loading import Context
from reviewprep.gather.records import Defaults
from reviewprep.gather.survey import Question
from reviewprep.gather.survey_presets import PRESETS


class Source(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(pattern=r"^[A-Za-z0-9_.-]+$", max_length=100)
    path: str = Field(min_length=1, description="file or glob, relative to the project folder")
    format: str
    columns: dict[str, str] = Field(default_factory=dict, description="{field: header in the file}")
    questions: list[Question] = Field(default_factory=list, description="survey rating questions")
    companion: str | None = Field(default=None, description="regulations.gov comment-text file")
    attachments: str | None = Field(default=None, description="regulations.gov attachments folder")
    metadata: str | None = Field(default=None, description="letters: the metadata sidecar CSV")
    defaults: Defaults = Defaults()

    @field_validator("format")
    @classmethod
    def _known_format(cls, value: str) -> str:
        if value not in FORMATS:
            raise ValueError(f"unknown format {value!r} (known: {', '.join(FORMATS)})")
        return value

    @model_validator(mode="after")
    def _fits_format(self) -> Source:
        fields = FORMATS[self.format].fields
        unknown = [f for f in self.columns if f not in fields]
        if unknown:
            raise ValueError(f"columns: {', '.join(unknown)} not a field of {self.format} "
                             f"({', '.join(fields) or 'this format takes no mapping'})")
        is_survey, preset = FORMATS[self.format].questions, self.format in PRESETS
        if self.questions and not is_survey:
            raise ValueError(f"questions: only survey formats take questions, not {self.format}")
        if is_survey and not preset and not self.questions:  # a preset says what to map when it is loaded
            raise ValueError("questions: a survey source needs at least one question")
        if not preset and any(q.rows for q in self.questions):
            raise ValueError("questions: matrix questions (rows:) need a survey-tool preset format")
        unscaled = [q.column for q in self.questions if preset and not (q.scale or q.labels)]
        if unscaled:  # a tool's 1-5 answer read as 0-4 would be a wrong level with no warning
            raise ValueError(f"questions: declare the scale (0-4, 1-5, agree) or labels of {unscaled[0]!r}")
        if self.companion and self.format != "regulations_gov":
            raise ValueError("companion: only the regulations_gov format takes a companion file")
        if self.attachments and self.format != "regulations_gov":
            raise ValueError("attachments: only the regulations_gov format takes an attachments folder")
        if self.metadata and self.format != "letters":
            raise ValueError("metadata: only the letters format takes a metadata sidecar")
        return self

    def context(self, framework: Framework, today: dt.date | None = None) -> Context:
        return Context(framework=framework, today=today or dt.date.today(),
                       defaults=self.defaults,
                       columns=self.columns, questions=self.questions)


class Inbox(BaseModel):
    """A folder analysts drop files into: every new file under it is gathered, its format told
    from its content (gather/inbox.py); a file a source's path covers is read as that source's."""

    model_config = ConfigDict(extra="forbid")

    name: str = Field(pattern=r"^[A-Za-z0-9_.-]+$", max_length=100)
    path: str = Field(min_length=1, description="a folder, relative to the project folder")
    defaults: Defaults = Defaults()


class Sources(BaseModel):
    model_config = ConfigDict(extra="forbid")

    sources: list[Source] = []
    inboxes: list[Inbox] = []

    @model_validator(mode="after")
    def _names_unique(self) -> Sources:
        names = [s.name for s in self.sources] + [i.name for i in self.inboxes]
        if repeated := sorted({n for n in names if names.count(n) > 1}):
            raise ValueError(f"names: {', '.join(repeated)} used more than once (sources and inboxes)")
        return self


def load_sources(path: Path) -> Sources:
    return validate(path, Sources)


def resolve(pattern: str, base: Path) -> Path:
    return Path(pattern) if Path(pattern).is_absolute() else base / pattern


def source_files(source: Source, base: Path) -> list[Path]:
    pattern = str(resolve(source.path, base))
    return sorted(Path(p) for p in glob.glob(pattern, recursive=True) if Path(p).is_file())
