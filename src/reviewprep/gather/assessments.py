"""The project's assessment template (one rating per row) as CSV, XLSX, JSON or JSON Lines.

A recommendation that the framework's applicability matrix does not apply to the
row's chapter is stored as given, with a warning: the matrix is config an analyst may
edit, and scoring reads it at scoring time, so the rating counts as soon as the matrix
says the cell exists. Until then scoring leaves it out.
"""

from __future__ import annotations

from pathlib import Path

from reviewprep.gather import vocab
from reviewprep.gather.jsonrecords import json_reading
from reviewprep.gather.loading import Context, Reading
from reviewprep.gather.rawfile import detect_encoding
from reviewprep.gather.records import CELL, Fields, Row, RowError, fingerprint, identity
from reviewprep.gather.textfile import open_csv_table, table_reading
from reviewprep.gather.xlsxfile import xlsx_table
from reviewprep.store.rows import NOT_APPLICABLE

TEMPLATE_COLUMNS = (
    "submission_id", "submitted_at", "stakeholder_name", "organization", "stakeholder_type",
    "country", "party", "chapter", "recommendation", "rating", "comment", "evidence_url",
    "confidentiality", "language",
)
REQUIRED = ("submitted_at", "chapter", "rating")


def assessment_row(number: int, data: dict[str, str], ctx: Context) -> Row:
    """Validate one template record into an assessment, or quarantine it."""
    fields = Fields(data, ctx.defaults, ctx.today, ctx.memo)
    try:
        values = fields.submission("comment", "submission_id", "submitted_at")
        chapter, rec, rating, applicable = fields.group(CELL, _cell, ctx)
        values["evidence_url"] = fields.text("evidence_url", 2000)
    except RowError as exc:
        return Row(number, "assessment", rejected=exc.rejected)
    values["chapter"], values["recommendation"], values["rating"] = chapter, rec, rating
    # `rec or ""`: the same fingerprint as None, without the slow path for a None part
    values["fingerprint"] = identity("assessment", values, chapter, rec or "", rating, values["evidence_url"]) \
        if values["external_id"] else \
        fingerprint("assessment", values["submitted_on"], values["stakeholder_name"], values["organization"],
                    values["party"], chapter, rec or "", rating, values["text"])
    return Row(number, "assessment", [values], warning="" if applicable else NOT_APPLICABLE)


def _cell(fields: Fields, ctx: Context) -> tuple:
    chapter = fields.convert("chapter", ctx.vocab.chapter)
    rec = fields.convert("recommendation", vocab.recommendation)
    rating = fields.convert("rating", vocab.rating, ctx.defaults.rating_scale)
    return chapter, rec, rating, rec is None or rec in ctx.framework.applicability[chapter]


def load_csv(path: Path, ctx: Context) -> Reading:
    """Stream the template CSV: header checked once, each record validated on its own."""
    encoding = detect_encoding(path)
    return table_reading(encoding, lambda: open_csv_table(path, encoding), ctx, TEMPLATE_COLUMNS, REQUIRED,
                         "assessment", assessment_row)


def load_xlsx(path: Path, ctx: Context) -> Reading:
    return table_reading("xlsx", lambda: xlsx_table(path, prefer_sheet="assessments"), ctx, TEMPLATE_COLUMNS,
                         REQUIRED, "assessment", assessment_row)


def load_json(path: Path, ctx: Context) -> Reading:
    return json_reading(path, ctx, "assessment", TEMPLATE_COLUMNS, assessment_row, lines=False)


def load_jsonl(path: Path, ctx: Context) -> Reading:
    return json_reading(path, ctx, "assessment", TEMPLATE_COLUMNS, assessment_row, lines=True)
