"""Unstructured comments (JSON or JSON Lines): no rating, tagged to chapters and recommendations.

A comment no term matches is stored all the same (it still counts toward engagement)
and counted as untagged.
"""

from __future__ import annotations

from pathlib import Path

from reviewprep.gather.jsonrecords import json_reading
from reviewprep.gather.loading import Context, Reading
from reviewprep.gather.records import Fields, Row, RowError, fingerprint

COLUMNS = (
    "comment_id", "submitted_at", "stakeholder_name", "organization", "stakeholder_type",
    "country", "party", "text", "comment", "confidentiality", "language",
)


def comment_row(number: int, data: dict[str, str], ctx: Context) -> Row:
    row = Row(number, "comment")
    if not data.get("text") and data.get("comment"):
        data["text"] = data["comment"]
    fields = Fields(data, ctx.defaults, ctx.today, ctx.memo)
    try:
        values = fields.submission("text", "comment_id", "submitted_at")
        if not values["text"]:
            raise RowError("text", "comment text is empty")
    except RowError as exc:
        row.rejected = exc.rejected
        return row
    values["tags"] = ctx.tagger.tags(values["text"])
    values["fingerprint"] = fingerprint("comment", values["external_id"]) if values["external_id"] else \
        fingerprint("comment", values["submitted_on"], values["organization"], values["text"])
    row.records.append(values)
    return row


def load_jsonl(path: Path, ctx: Context) -> Reading:
    return json_reading(path, ctx, "comment", COLUMNS, comment_row, lines=True)


def load_json(path: Path, ctx: Context) -> Reading:
    return json_reading(path, ctx, "comment", COLUMNS, comment_row, lines=False)
