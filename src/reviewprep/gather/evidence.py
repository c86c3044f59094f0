"""The evidence log: dated events saying which obligations were met, missed or unknown.

CSV (streamed, like every table) or YAML (a list of events, or a mapping with an
`events` list). YAML has to be parsed whole, so a YAML log is capped at MAX_YAML bytes;
a longer log belongs in CSV.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path

import yaml

from reviewprep.codes import EventStatus
from reviewprep.gather import vocab
from reviewprep.gather.jsonrecords import record_cells
from reviewprep.gather.loading import Context, Reading
from reviewprep.gather.rawfile import detect_encoding
from reviewprep.gather.records import Defaults, Fields, Row, RowError, fingerprint, row_confidential
from reviewprep.gather.textfile import Unreadable, open_csv_table, table_reading

COLUMNS = ("event_id", "date", "party", "obligation", "status", "period", "description", "source_url",
           "confidentiality")
REQUIRED = ("date", "party", "obligation")
STATUSES: dict[str, EventStatus] = {  # what people write -> the stored status
    "met": "met", "done": "met", "yes": "met", "atteint": "met", "respecte": "met", "cumplido": "met",
    "not_met": "not_met", "not met": "not_met", "not-met": "not_met", "missed": "not_met", "no": "not_met",
    "non respecte": "not_met", "no cumplido": "not_met", "incumplido": "not_met",
    "unknown": "unknown", "inconnu": "unknown", "desconocido": "unknown",
    # "checked through DATE": the record was checked up to the event's date and the
    # obligation was not met for any instance due by then
    "checked": "checked", "checked through": "checked", "checked_through": "checked", "verifie": "checked",
    "verificado": "checked",
}
MAX_YAML = 50 << 20


def period_of(text: str) -> str | None:
    """The period an event counts for: a year ("2023") or an ISO range ("2023-01-01/2023-12-31");
    empty means the year of the event's date. Anything else is refused, naming the column."""
    text = text.strip()
    if not text:
        return None
    if re.fullmatch(r"\d{4}", text) and 2000 <= int(text) <= 2100:
        return text
    found = re.fullmatch(r"(\d{4}-\d{2}-\d{2})\s*/\s*(\d{4}-\d{2}-\d{2})", text)
    if found:
        try:
            start, end = (dt.date.fromisoformat(part) for part in found.groups())
        except ValueError:
            start = end = None
        if start and end and start <= end:
            return f"{start.isoformat()}/{end.isoformat()}"
    raise RowError("period", f"period {text!r} is not a year (2023) or a date range (2023-01-01/2023-12-31)")


def event_row(number: int, data: dict[str, str], ctx: Context) -> Row:
    row = Row(number, "evidence")
    fields = Fields(data, Defaults(date_order=ctx.defaults.date_order), ctx.today)
    try:
        obligation = fields.text("obligation", 100).lower()
        if not obligation:
            raise RowError("obligation", "obligation is empty")
        if obligation not in {o.code for o in ctx.framework.obligations}:
            raise RowError("obligation", f"unknown obligation {obligation!r} (see config/framework.yaml)")
        status_text = fields.text("status", 20)
        status = STATUSES.get(vocab.fold(status_text or "met"))
        if status is None:
            raise RowError("status", f"status {status_text!r} is not one of met, not_met, unknown, checked")
        values = {
            "external_id": fields.text("event_id", 200) or None,
            "event_date": fields.convert("date", vocab.date, ctx.today, ctx.defaults.date_order),
            "party": fields.convert("party", vocab.party, default=ctx.defaults.party),
            "obligation": obligation,
            "status": status,
            "period": period_of(fields.text("period", 40)),
            "description": fields.text("description"),
            "source_url": fields.text("source_url", 2000),
            "confidential": fields.convert("confidentiality", vocab.confidentiality,
                                           default=ctx.defaults.confidentiality),
        }
    except RowError as exc:
        row.rejected = exc.rejected
        return row
    parts = [values["event_date"], values["party"], obligation, status, values["description"]]
    if values["period"]:  # events without a period keep the identity they had before periods existed
        parts.append(values["period"])
    values["fingerprint"] = fingerprint("evidence", *parts)
    row.records.append(values)
    return row


def load_csv(path: Path, ctx: Context) -> Reading:
    encoding = detect_encoding(path)
    return table_reading(encoding, lambda: open_csv_table(path, encoding), ctx, COLUMNS, REQUIRED, "evidence",
                         event_row)


def load_yaml(path: Path, ctx: Context) -> Reading:
    """A YAML list of events with the same keys as the CSV columns (or mapped ones)."""
    if path.stat().st_size > MAX_YAML:
        raise Unreadable(f"a YAML evidence log over {MAX_YAML:,} bytes; use the CSV form for a log this long")
    encoding = detect_encoding(path)
    try:
        data = yaml.safe_load(path.read_text(encoding=encoding))
    except yaml.YAMLError as exc:
        raise Unreadable(f"not valid YAML: {exc}") from None
    except RecursionError:
        raise Unreadable("not usable YAML: nested too deeply") from None
    if data is None:
        raise Unreadable("the file is empty")
    if isinstance(data, dict):
        data = data.get("events")
    if not isinstance(data, list):
        raise Unreadable("expected a list of events (or a mapping with an 'events' list)")
    rename = {field: field for field in COLUMNS} | {h.strip().lower(): f for f, h in ctx.columns.items()}

    def records() -> Iterator[Row]:
        for number, item in enumerate(data, start=1):
            try:
                cells = record_cells(item)
            except RowError as exc:
                yield Row(number, "evidence", raw=repr(item)[:10000], rejected=exc.rejected)
                continue
            fields = {rename[k]: v for k, v in cells.items() if k in rename}
            row = event_row(number, fields, ctx)
            if row.rejected is not None:
                row.raw = repr(item)[:10000]
                row.confidential = row_confidential(fields, ctx.defaults)
            yield row

    return Reading(encoding, records())
