"""What loaders produce and how a row's fields become a stored record.

A loader turns each input row into a `Row`: either a record ready to store or the
reason it was quarantined. Everything format-specific stays in the loader; the
checks every format shares (vocabulary, identity) live here.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from typing import Any

from reviewprep.gather import vocab
from reviewprep.gather.vocab import Invalid


@dataclass
class Rejected:
    """Why a row was set aside: the column at fault and the problem."""

    column: str
    reason: str


@dataclass
class Row:
    number: int
    raw: str
    kind: str = ""  # assessment | comment | evidence
    values: dict[str, Any] = field(default_factory=dict)
    rejected: Rejected | None = None


@dataclass(frozen=True)
class Defaults:
    """Per-source defaults from config/sources.yaml, used when a row leaves a field empty."""

    party: str | None = None
    confidentiality: str = "public"
    language: str | None = None
    stakeholder_type: str | None = None
    date_order: str = "auto"
    rating_scale: str = "levels"


def fingerprint(*parts: object) -> str:
    """Identity of a record from its content, stable across files and runs."""
    joined = "\x1f".join("" if p is None else str(p) for p in parts)
    return hashlib.sha256(joined.encode("utf-8")).hexdigest()


class Fields:
    """Reads one row's columns, converting each and remembering which column failed."""

    def __init__(self, data: dict[str, str], defaults: Defaults, today: dt.date):
        self.data, self.defaults, self.today = data, defaults, today

    def text(self, column: str, limit: int = 20000) -> str:
        value = (self.data.get(column) or "").strip()
        if len(value) > limit:
            raise RowError(column, f"longer than {limit} characters")
        return value

    def convert(self, column: str, convert, default: str | None = None, **kwargs):
        value = self.text(column) or (default or "")
        try:
            return convert(value, **kwargs)
        except Invalid as exc:
            raise RowError(column, str(exc)) from None

    def submission(self, text_column: str, id_column: str, date_column: str) -> dict[str, Any]:
        """The fields every submission carries, defaults applied."""
        d = self.defaults
        party = self.convert("party", vocab.party, d.party)
        return {
            "external_id": self.text(id_column, 200) or None,
            "submitted_on": self.convert(date_column, vocab.date, today=self.today, order=d.date_order),
            "stakeholder_name": self.text("stakeholder_name", 300),
            "organization": self.text("organization", 300),
            "stakeholder_type": self.convert("stakeholder_type", vocab.stakeholder_type, d.stakeholder_type or "individual"),
            "country": self.text("country", 60),
            "party": party,
            "language": self.convert("language", vocab.language, d.language or "en"),
            "confidential": self.convert("confidentiality", vocab.confidentiality, d.confidentiality),
            "text": self.text(text_column),
        }


class RowError(Exception):
    def __init__(self, column: str, reason: str):
        super().__init__(f"{column}: {reason}")
        self.rejected = Rejected(column, reason)
