"""The project's assessment template (DESIGN §3) as CSV."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

from reviewprep.gather import vocab
from reviewprep.gather.rawfile import detect_encoding
from reviewprep.gather.records import (
    Defaults,
    Fields,
    Rejected,
    Row,
    RowError,
    fingerprint,
)
from reviewprep.gather.textfile import csv_rows, header_columns

TEMPLATE_COLUMNS = (
    "submission_id", "submitted_at", "stakeholder_name", "organization", "stakeholder_type",
    "country", "party", "chapter", "recommendation", "rating", "comment", "evidence_url",
    "confidentiality", "language",
)
REQUIRED = ("submitted_at", "chapter", "rating")


def assessment_row(number: int, raw: str, data: dict[str, str], defaults: Defaults, today: dt.date) -> Row:
    """Validate one template record into an assessment, or quarantine it."""
    row = Row(number=number, raw=raw, kind="assessment")
    fields = Fields(data, defaults, today)
    try:
        values = fields.submission("comment", "submission_id", "submitted_at")
        values["chapter"] = fields.convert("chapter", vocab.chapter)
        values["recommendation"] = fields.convert("recommendation", vocab.recommendation)
        values["rating"] = fields.convert("rating", vocab.rating, scale=defaults.rating_scale)
        values["evidence_url"] = fields.text("evidence_url", 2000)
    except RowError as exc:
        row.rejected = exc.rejected
        return row
    identity = values["external_id"] or (
        values["submitted_on"], values["stakeholder_name"], values["organization"],
        values["party"], values["chapter"], values["recommendation"], values["rating"], values["text"],
    )
    values["fingerprint"] = fingerprint("assessment", identity)
    row.values = values
    return row


def load_csv(path: Path, defaults: Defaults, today: dt.date) -> tuple[str, Iterator[Row]]:
    """Stream the template CSV: header checked once, each record validated on its own."""
    encoding = detect_encoding(path)
    return encoding, _csv_records(path, encoding, defaults, today)


def _csv_records(path: Path, encoding: str, defaults: Defaults, today: dt.date) -> Iterator[Row]:
    with path.open("r", encoding=encoding, newline="") as fh:
        rows = csv_rows(fh)
        columns = header_columns(next(rows, (1, []))[1], REQUIRED)
        for number, cells in rows:
            if not any(c.strip() for c in cells):
                continue
            raw = ",".join(cells)
            if len(cells) != len(columns):
                reason = f"{len(cells)} fields where the header has {len(columns)}"
                yield Row(number, raw, "assessment", rejected=Rejected("(row)", reason))
                continue
            yield assessment_row(number, raw, dict(zip(columns, cells)), defaults, today)
