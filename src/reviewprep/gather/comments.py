"""Unstructured comments as JSON Lines: no rating, tagged to chapters and recommendations."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path

from reviewprep.gather.rawfile import detect_encoding
from reviewprep.gather.records import (
    Defaults,
    Fields,
    Rejected,
    Row,
    RowError,
    fingerprint,
)
from reviewprep.gather.tagging import Tagger


def comment_row(number: int, raw: str, data: dict[str, str], defaults: Defaults, today: dt.date, tagger: Tagger) -> Row:
    row = Row(number=number, raw=raw, kind="comment")
    fields = Fields(data, defaults, today)
    try:
        values = fields.submission("text", "comment_id", "submitted_at")
        if not values["text"]:
            raise RowError("text", "comment text is empty")
    except RowError as exc:
        row.rejected = exc.rejected
        return row
    values["tags"] = tagger.tags(values["text"])
    values["fingerprint"] = fingerprint(
        "comment", values["external_id"] or (values["submitted_on"], values["organization"], values["text"])
    )
    row.values = values
    return row


def load_jsonl(path: Path, defaults: Defaults, today: dt.date, tagger: Tagger) -> tuple[str, Iterator[Row]]:
    encoding = detect_encoding(path)

    def records() -> Iterator[Row]:
        with path.open("r", encoding=encoding) as fh:
            for number, line in enumerate(fh, start=1):
                if not line.strip():
                    continue
                try:
                    item = json.loads(line)
                except json.JSONDecodeError as exc:
                    yield Row(number, line, "comment", rejected=Rejected("(line)", f"invalid JSON: {exc.msg}"))
                    continue
                if not isinstance(item, dict):
                    yield Row(number, line, "comment", rejected=Rejected("(line)", "not a JSON object"))
                    continue
                cells = {str(k).lower(): "" if v is None else str(v) for k, v in item.items()}
                yield comment_row(number, line.rstrip("\n"), cells, defaults, today, tagger)

    return encoding, records()
