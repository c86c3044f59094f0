"""A generic survey export: one row per respondent, one column per question.

config/sources.yaml maps the respondent columns to template fields (`columns`) and
names the rating questions (`questions`): each answered question becomes one
assessment of its chapter (and recommendation). A respondent row is taken whole or
set aside whole: if any answer is unusable, the row is quarantined with every problem
listed, so a half-valid response never counts half. A row with no answered question
is quarantined too. Counts are of respondent rows.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, field_validator

from reviewprep.codes import ChapterCode, RecommendationCode
from reviewprep.gather import vocab
from reviewprep.gather.loading import Context, Reading
from reviewprep.gather.rawfile import detect_encoding
from reviewprep.gather.records import Fields, Rejected, Row, RowError, fingerprint, identity
from reviewprep.gather.textfile import open_csv_table, table_reading
from reviewprep.gather.xlsxfile import xlsx_table
from reviewprep.store.rows import NOT_APPLICABLE

RESPONDENT_COLUMNS = (
    "submission_id", "submitted_at", "stakeholder_name", "organization", "stakeholder_type",
    "country", "party", "evidence_url", "confidentiality", "language",
)
REQUIRED = ("submitted_at",)
NO_ANSWER = {"", "-", "n/a", "na", "don't know", "dont know", "no answer", "prefer not to say",
             "ne sais pas", "sans objet", "sans reponse", "no se", "no sabe", "no aplica", "sin respuesta"}


class Question(BaseModel):
    """One rating question of the survey."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    column: str = Field(min_length=1, description="the question's column header")
    chapter: ChapterCode
    recommendation: RecommendationCode | None = None
    party: str | None = Field(default=None, description="the Party rated, when the question names one")
    comment: str | None = Field(default=None, description="header of a free-text column for this question")

    @field_validator("party")
    @classmethod
    def _known_party(cls, value: str | None) -> str | None:
        return None if value is None else vocab.party(value)  # Invalid is a ValueError: pydantic reports it


def survey_columns(questions) -> dict[str, str]:
    """Internal field names for the question and comment columns."""
    mapping = {}
    for i, q in enumerate(questions):
        mapping[f"q{i}"] = q.column
        if q.comment:
            mapping[f"q{i}_comment"] = q.comment
    return mapping


def respondent_row(number: int, data: dict[str, str], ctx: Context) -> Row:
    row = Row(number, "assessment")
    fields = Fields(data, ctx.defaults, ctx.today, ctx.memo)
    try:
        respondent = fields.submission("", "submission_id", "submitted_at")
        respondent["evidence_url"] = fields.text("evidence_url", 2000)
    except RowError as exc:
        row.rejected = exc.rejected
        return row
    problems: list[Rejected] = []
    for i, question in enumerate(ctx.questions):
        answer = data.get(f"q{i}", "").strip()
        if vocab.fold(answer) in NO_ANSWER:
            continue
        try:
            rating = fields.convert(f"q{i}", vocab.rating, ctx.defaults.rating_scale)
            comment = fields.text(f"q{i}_comment")
        except RowError as exc:
            column = question.column if exc.rejected.column == f"q{i}" else question.comment
            problems.append(Rejected(column, exc.rejected.reason))
            continue
        party = question.party or respondent["party"]
        record = {**respondent, "party": party, "chapter": question.chapter, "title": question.column,
                  "recommendation": question.recommendation, "rating": rating, "text": comment}
        if question.recommendation and question.recommendation not in ctx.framework.applicability[question.chapter]:
            row.warning = NOT_APPLICABLE
        record["fingerprint"] = identity("survey", record, question.column, question.chapter,
                                         question.recommendation, rating, record["evidence_url"]) \
            if record["external_id"] else \
            fingerprint("survey", record["submitted_on"], record["stakeholder_name"], record["organization"],
                        party, question.column, rating, record["text"])
        row.records.append(record)
    if problems:
        reason = "; ".join(f"{p.column!r}: {p.reason}" for p in problems)
        row.rejected, row.records = Rejected(problems[0].column, reason), []
    elif not row.records:
        row.rejected = Rejected("(row)", "no rating question answered")
    return row


def load_csv(path: Path, ctx: Context) -> Reading:
    encoding = detect_encoding(path)
    return _reading(encoding, lambda: open_csv_table(path, encoding), ctx)


def load_xlsx(path: Path, ctx: Context) -> Reading:
    return _reading("xlsx", lambda: xlsx_table(path), ctx)


def _reading(encoding: str, open_table, ctx: Context) -> Reading:
    columns = {**ctx.columns, **survey_columns(ctx.questions)}
    required = REQUIRED + tuple(f"q{i}" for i in range(len(ctx.questions)))
    return table_reading(encoding, open_table, ctx, RESPONDENT_COLUMNS, required, "assessment", respondent_row,
                         columns)
