"""What every loader gets (a `Context`) and gives back (a `Reading`).

A loader is `loader(path, context) -> Reading`; the rows are a lazy iterator, so a file
is read while it is stored, never held whole in memory.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from reviewprep.framework.models import Framework
from reviewprep.gather.extract import DEFAULT_LIMITS, Limits
from reviewprep.gather.parties import PartyFinder
from reviewprep.gather.records import Defaults, Row
from reviewprep.gather.tagging import Tagger
from reviewprep.gather.vocab import Vocabulary


@dataclass
class Reading:
    encoding: str
    rows: Iterator[Row]
    notes: list[str] = field(default_factory=list)  # said once per file: ignored columns, layout...


@dataclass
class Context:
    framework: Framework
    today: dt.date
    defaults: Defaults = Defaults()
    columns: Mapping[str, str] = field(default_factory=dict)  # {field: header in the file}
    questions: Sequence[Any] = ()  # survey questions (gather.survey.Question)
    companion: Any = None  # regulations.gov comment-text index (gather.regulations.Companion)
    attachments: Any = None  # regulations.gov attachments folder (gather.attachments.Attachments)
    labels: Any = None  # survey answer-label tables (gather.survey_labels.SurveyLabels; None: built-in)
    metadata: Path | None = None  # written submissions: the source's metadata sidecar (gather.letters)
    limits: Limits = DEFAULT_LIMITS  # written submissions: what one document may cost (gather.extract)
    memo: dict = field(default_factory=dict)  # converted code groups, shared by the rows of a load

    @cached_property
    def vocab(self) -> Vocabulary:
        return Vocabulary(self.framework)

    @cached_property
    def tagger(self) -> Tagger:
        return Tagger(self.framework)

    @cached_property
    def parties(self) -> PartyFinder:
        return PartyFinder(self.framework)


Loader = Callable[[Path, Context], Reading]
