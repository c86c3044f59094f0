"""The evidence log: dated events saying which obligations were met, missed or unknown."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import yaml

from reviewprep.framework.models import Framework
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
from reviewprep.gather.textfile import Unreadable, csv_rows, header_columns

COLUMNS = ("event_id", "date", "party", "obligation", "status", "description", "source_url")
REQUIRED = ("date", "party", "obligation")
STATUSES = ("met", "not_met", "unknown")


def event_row(number: int, raw: str, data: dict[str, str], framework: Framework, today: dt.date) -> Row:
    row = Row(number=number, raw=raw, kind="evidence")
    fields = Fields(data, Defaults(), today)
    try:
        obligation = fields.text("obligation", 100)
        if obligation not in {o.code for o in framework.obligations}:
            raise RowError("obligation", f"unknown obligation {obligation!r} (see config/framework.yaml)")
        status = fields.text("status", 20).lower() or "met"
        if status not in STATUSES:
            raise RowError("status", f"status {status!r} is not one of {', '.join(STATUSES)}")
        values = {
            "external_id": fields.text("event_id", 200) or None,
            "event_date": fields.convert("date", vocab.date, today=today),
            "party": fields.convert("party", vocab.party),
            "obligation": obligation,
            "status": status,
            "description": fields.text("description"),
            "source_url": fields.text("source_url", 2000),
        }
    except RowError as exc:
        row.rejected = exc.rejected
        return row
    values["fingerprint"] = fingerprint(
        "evidence", values["event_date"], values["party"], obligation, status, values["description"]
    )
    row.values = values
    return row


def load_csv(path: Path, defaults: Defaults, today: dt.date, framework: Framework) -> tuple[str, Iterator[Row]]:
    encoding = detect_encoding(path)

    def records() -> Iterator[Row]:
        with path.open("r", encoding=encoding, newline="") as fh:
            rows = csv_rows(fh)
            columns = header_columns(next(rows, (1, []))[1], REQUIRED)
            for number, cells in rows:
                if not any(c.strip() for c in cells):
                    continue
                raw = ",".join(cells)
                if len(cells) != len(columns):
                    reason = f"{len(cells)} fields where the header has {len(columns)}"
                    yield Row(number, raw, "evidence", rejected=Rejected("(row)", reason))
                    continue
                yield event_row(number, raw, dict(zip(columns, cells)), framework, today)

    return encoding, records()


def load_yaml(path: Path, defaults: Defaults, today: dt.date, framework: Framework) -> tuple[str, Iterator[Row]]:
    """A YAML list of events with the same keys as the CSV columns."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8-sig"))
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise Unreadable(f"not a valid UTF-8 YAML file: {exc}") from None
    if isinstance(data, dict):
        data = data.get("events")
    if not isinstance(data, list):
        raise Unreadable("expected a list of events (or a mapping with an 'events' list)")

    def records() -> Iterator[Row]:
        for number, item in enumerate(data, start=1):
            if not isinstance(item, dict):
                yield Row(number, repr(item), "evidence", rejected=Rejected("(item)", "not a mapping"))
                continue
            cells = {str(k).lower(): "" if v is None else str(v) for k, v in item.items()}
            yield event_row(number, repr(item), cells, framework, today)

    return "utf-8", records()
