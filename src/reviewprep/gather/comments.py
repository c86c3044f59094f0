"""Unstructured comments (JSON or JSON Lines): no rating, tagged to chapters and recommendations.

A comment no term matches is stored all the same (it still counts toward engagement)
and counted as untagged. With an id, a comment's identity is its id and content
(`records.identity`); without one, it is its date, writer (organisation and name) and
text: the same form letter sent by two people on one day is two comments (campaign
detection groups them), the same record loaded twice is one.
regulations.gov's `Duplicate Comments` (copies the agency folded into this one) is kept.
"""

from __future__ import annotations

from pathlib import Path

from reviewprep.gather.jsonrecords import json_reading
from reviewprep.gather.loading import Context, Reading
from reviewprep.gather.records import Fields, Row, RowError, fingerprint, identity

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
        values["duplicate_count"] = duplicate_count(data.get("duplicate_comments", ""))
    except RowError as exc:
        row.rejected = exc.rejected
        return row
    values["tags"] = ctx.tagger.tags(values["text"])
    values["fingerprint"] = identity("comment", values) if values["external_id"] else \
        fingerprint("comment", values["submitted_on"], values["organization"], values["stakeholder_name"],
                    values["text"])
    row.records.append(values)
    return row


def duplicate_count(value: str) -> int:
    """regulations.gov's `Duplicate Comments`: a whole number of copies, 0 when empty."""
    text = str(value).strip().replace(",", "")
    if not text:
        return 0
    if not text.isdigit():
        raise RowError("Duplicate Comments", f"{value!r} is not a whole number of duplicate comments")
    return int(text)


def load_jsonl(path: Path, ctx: Context) -> Reading:
    return json_reading(path, ctx, "comment", COLUMNS, comment_row, lines=True)


def load_json(path: Path, ctx: Context) -> Reading:
    return json_reading(path, ctx, "comment", COLUMNS, comment_row, lines=False)
