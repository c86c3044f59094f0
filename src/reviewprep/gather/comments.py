"""Unstructured comments (JSON or JSON Lines): no rating, tagged to chapters and recommendations.

A comment no term matches is stored all the same (it still counts toward engagement)
and counted as untagged. With an id, a comment's identity is its id and content
(`records.identity`); without one, it is its date, writer (organisation and name) and
text: the same form letter sent by two people on one day is two comments (campaign
detection groups them), the same record loaded twice is one.
regulations.gov's `Duplicate Comments` (copies the agency folded into this one) is kept.

A comment's Party and language (the same rule for every format, letters included):

- `parties_named`: every Party its text names (`terms: parties:` in config/framework.yaml,
  gather/parties.py), e.g. "CA,MX";
- `party`: the row's own Party column when it has one (an analyst can always correct a
  reading); else the one Party the text names, when it names exactly one; else the
  source's default. The commenter's `country` is kept apart: an embassy of Canada
  writing about Canada is country Canada, Party CA; a US company writing about Mexico is
  country United States, Party MX;
- `language`: the row's own language column (`language_source` "declared"); else the
  language detected from the text (gather/language.py, "detected"); else, for a text too
  short or too mixed to tell, the source's default or en ("default").
"""

from __future__ import annotations

from pathlib import Path

from reviewprep.gather.jsonrecords import json_reading
from reviewprep.gather.language import detect as detect_language
from reviewprep.gather.loading import Context, Reading
from reviewprep.gather.records import TEXT_LIMIT, Fields, Row, RowError, fingerprint, identity

COLUMNS = (
    "comment_id", "submitted_at", "stakeholder_name", "organization", "stakeholder_type",
    "country", "party", "text", "comment", "confidentiality", "language",
)


def comment_row(number: int, data: dict[str, str], ctx: Context) -> Row:
    """Every comment, whatever its format, becomes a row here: its Parties and language
    are told from its text (the rule is in this module's docstring), then it is tagged."""
    row = Row(number, "comment")
    if not data.get("text") and data.get("comment"):
        data["text"] = data["comment"]
    named = ctx.parties.named((data.get("text") or "")[:TEXT_LIMIT])
    if len(named) == 1 and not (data.get("party") or "").strip():
        data = {**data, "party": named[0]}
    fields = Fields(data, ctx.defaults, ctx.today, ctx.memo)
    try:
        values = fields.submission("text", "comment_id", "submitted_at")
        if not values["text"]:
            raise RowError("text", "comment text is empty")
        values["duplicate_count"] = duplicate_count(data.get("duplicate_comments", ""))
    except RowError as exc:
        row.rejected = exc.rejected
        return row
    values["parties_named"] = ",".join(named)
    if values["language_source"] != "declared" and (detected := detect_language(values["text"])):
        values["language"], values["language_source"] = detected, "detected"
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
