"""What loaders produce and how a row's fields become a stored record.

A loader turns each input row into a `Row`: either records ready to store (one, or
several for a survey respondent) or the reason it was quarantined. Everything
format-specific stays in the loader; the checks every format shares (vocabulary,
identity) live here.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from operator import itemgetter
from typing import Any

from pydantic import BaseModel, ConfigDict

from reviewprep.codes import (
    Confidentiality,
    DateOrder,
    Language,
    PartyOrTrilateral,
    RatingScale,
    StakeholderType,
)
from reviewprep.gather import vocab
from reviewprep.gather.vocab import Invalid

TEXT_LIMIT = 100_000


@dataclass(slots=True)
class Rejected:
    """Why a row was set aside: the column at fault and the problem."""

    column: str
    reason: str


@dataclass(slots=True)
class Row:
    number: int
    kind: str  # assessment | comment | evidence
    records: list[dict[str, Any]] = field(default_factory=list)
    rejected: Rejected | None = None
    raw: str = ""  # the row as read, kept with a quarantined row
    warning: str = ""  # stored, but something the user should know (see pipeline notes)
    confidential: bool | None = None  # of a quarantined row: None when it could not be told


def row_confidential(data: dict[str, str], defaults: Defaults) -> bool:
    """Whether a row (set aside for another reason) is confidential: its own cell, else the source's
    default; a value that is neither public nor confidential counts as confidential."""
    value = (data.get("confidentiality") or "").strip() or defaults.confidentiality
    try:
        return vocab.confidentiality(value)
    except Invalid:
        return True


class Defaults(BaseModel):
    """A source's `defaults:` in config/sources.yaml: used when a row leaves the field empty
    (or, for date_order and rating_scale, always)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    party: PartyOrTrilateral | None = None
    confidentiality: Confidentiality = "public"
    language: Language | None = None
    stakeholder_type: StakeholderType | None = None
    date_order: DateOrder = "auto"
    rating_scale: RatingScale = "levels"


def fingerprint(*parts: object) -> str:
    """A SHA-256 of the parts, stable across files and runs."""
    try:
        joined = "\x1f".join(parts)  # all text: the usual case, an external id
    except TypeError:
        joined = "\x1f".join([p if isinstance(p, str) else "" if p is None else str(p) for p in parts])
    return hashlib.sha256(joined.encode("utf-8")).hexdigest()


SUBMISSION_CONTENT = ("submitted_on", "stakeholder_name", "organization", "stakeholder_type", "country",
                      "party", "language", "confidential", "text")
_submission_content = itemgetter(*SUBMISSION_CONTENT)


def identity(kind: str, record: dict[str, Any], *content: object) -> str:
    """The fingerprint of a record that has an id: the id *and* everything it says.

    An id alone never makes two records one: the same id with the same content is a
    duplicate wherever it comes from; the same id with different content is another
    record, which the store holds as a conflict when the id is already taken in the same
    source (store.rows). `content` adds what the kind says beyond a submission's fields
    (a rating, its chapter...). Records without an id are identified by their content
    by each loader, as before.
    """
    return fingerprint(kind, record["external_id"], *_submission_content(record), *content)


class RowError(Exception):
    def __init__(self, column: str, reason: str):
        super().__init__(f"{column}: {reason}")
        self.rejected = Rejected(column, reason)


PEOPLE = ("stakeholder_type", "party", "language", "confidentiality")
CELL = ("chapter", "recommendation", "rating")
_GETTERS = {columns: itemgetter(*columns) for columns in (PEOPLE, CELL)}


class Fields:
    """Reads one row's columns, converting each and remembering which column failed.

    `memo` (one dict per file) remembers whole groups of converted codes keyed by the
    cells as written: the same few combinations repeat on every row, so a large file
    pays one lookup per group instead of one conversion per column.
    """

    __slots__ = ("data", "defaults", "today", "memo")

    def __init__(self, data: dict[str, str], defaults: Defaults, today: dt.date, memo: dict | None = None):
        self.data, self.defaults, self.today = data, defaults, today
        self.memo = {} if memo is None else memo

    def text(self, column: str, limit: int = TEXT_LIMIT) -> str:
        value = self.data.get(column)
        if not value:
            return ""
        value = value.strip()
        if len(value) > limit:
            raise RowError(column, f"longer than {limit:,} characters")
        return value

    def convert(self, column: str, convert, *args, default: str | None = None):
        """`convert(value, *args)`, the default standing in for an empty cell."""
        value = self.data.get(column)
        value = value.strip() if value else ""
        try:
            return convert(value or default or "", *args)
        except Invalid as exc:
            raise RowError(column, str(exc)) from None

    def group(self, columns: tuple[str, ...], convert_all, *args) -> tuple:
        """`convert_all(self, *args)` for these columns' cells, remembered per distinct combination.

        `columns` must be one of the module's column tuples (its memo is keyed by identity).
        """
        try:
            key = _GETTERS[columns](self.data)
        except KeyError:  # a column the file does not have
            key = tuple(map(self.data.get, columns))
        memo = self.memo.get(columns)
        if memo is None:
            memo = self.memo[columns] = {}
        hit = memo.get(key)
        if hit is None:
            if len(memo) > 100_000:
                memo.clear()
            hit = memo[key] = convert_all(self, *args)
        return hit

    def submission(self, text_column: str, id_column: str, date_column: str) -> dict[str, Any]:
        """The fields every submission carries, defaults applied (written out: the hot path)."""
        get = self.data.get
        external_id = (get(id_column) or "").strip()
        name = (get("stakeholder_name") or "").strip()
        organization = (get("organization") or "").strip()
        country = (get("country") or "").strip()
        text = (get(text_column) or "").strip()
        if len(external_id) > 200 or len(name) > 300 or len(organization) > 300 or len(country) > 60 \
                or len(text) > TEXT_LIMIT:
            for column, limit in ((id_column, 200), ("stakeholder_name", 300), ("organization", 300),
                                  ("country", 60), (text_column, TEXT_LIMIT)):
                self.text(column, limit)
        stakeholder_type, party, language, confidential = self.group(PEOPLE, people_codes)
        return {
            "external_id": external_id or None,
            "submitted_on": self.convert(date_column, vocab.date, self.today, self.defaults.date_order),
            "stakeholder_name": name,
            "organization": organization,
            "stakeholder_type": stakeholder_type,
            "country": country,
            "party": party,
            "language": language,
            "language_source": "declared" if (get("language") or "").strip() else "default",
            "parties_named": "",
            "confidential": confidential,
            "text": text,
        }


def people_codes(fields: Fields) -> tuple:
    """(stakeholder type, Party, language, confidential) of a row, defaults applied."""
    d, convert = fields.defaults, fields.convert
    return (
        convert("stakeholder_type", vocab.stakeholder_type, default=d.stakeholder_type or "individual"),
        convert("party", vocab.party, default=d.party),
        convert("language", vocab.language, default=d.language or "en"),
        convert("confidentiality", vocab.confidentiality, default=d.confidentiality),
    )
