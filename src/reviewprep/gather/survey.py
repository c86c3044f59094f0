"""Survey exports: one row per respondent, one column per question.

config/sources.yaml names the rating questions (`questions`) and, for the generic
`survey_csv`/`survey_xlsx` formats, maps the respondent columns to template fields
(`columns`); the survey-tool presets (`gather/survey_presets.py`) find the respondent
columns themselves. Each answered question (or matrix row) becomes one assessment of
its chapter (and recommendation, and Party). A respondent row is taken whole or set
aside whole: if any answer is unusable, the row is quarantined with every problem
listed, so a half-valid response never counts half. A row with no answered question
is quarantined too. Counts are of respondent rows.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property, partial
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from reviewprep.codes import ChapterCode, RecommendationCode
from reviewprep.gather import vocab
from reviewprep.gather.loading import Context, Reading
from reviewprep.gather.rawfile import detect_encoding
from reviewprep.gather.records import Fields, Rejected, Row, RowError, fingerprint, identity
from reviewprep.gather.survey_labels import DEFAULT, Level, SurveyLabels, folded
from reviewprep.gather.textfile import open_csv_table, table_reading
from reviewprep.gather.xlsxfile import xlsx_table
from reviewprep.store.rows import NOT_APPLICABLE

RESPONDENT_COLUMNS = (
    "submission_id", "submitted_at", "stakeholder_name", "organization", "stakeholder_type",
    "country", "party", "evidence_url", "confidentiality", "language",
)
REQUIRED = ("submitted_at",)
LABELLED = {"stakeholder_type": "stakeholder_types", "party": "parties"}  # fields survey_labels.yaml can map
NO_ANSWER = {"", "-", "n/a", "na", "don't know", "dont know", "no answer", "prefer not to say", "not applicable",
             "ne sais pas", "sans objet", "sans reponse", "je ne sais pas", "no se", "no sabe", "no aplica",
             "sin respuesta", "ns/nc"}


class Question(BaseModel):
    """One rating question of the survey (or one matrix question: a rating per row)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    column: str = Field(min_length=1, description="the question's column: its header text, or for a preset "
                                                  "its id (Qualtrics ImportId or Q-number, LimeSurvey code)")
    chapter: ChapterCode | None = None
    recommendation: RecommendationCode | None = None
    party: str | None = Field(default=None, description="the Party rated, when the question names one")
    comment: str | None = Field(default=None, description="header of a free-text column for this question")
    scale: Literal["0-4", "1-5", "agree"] | None = Field(
        default=None, description="0-4 as stored; 1-5 stored minus one; agree: 5-point agree/disagree")
    labels: dict[str, Level] | None = Field(default=None, description="answer label -> level 0-4")
    rows: Literal["party", "chapter"] | None = Field(
        default=None, description="a matrix (grid) question whose rows name Parties or chapters (presets only)")
    row_labels: dict[str, str] | None = Field(
        default=None, description="matrix row label or code -> Party or chapter, before the tables")

    @field_validator("party")
    @classmethod
    def _known_party(cls, value: str | None) -> str | None:
        return None if value is None else vocab.party(value)  # Invalid is a ValueError: pydantic reports it

    @cached_property
    def folded_labels(self) -> dict[str, int]:
        return {vocab.fold(k): v for k, v in (self.labels or {}).items()}

    @model_validator(mode="after")
    def _complete(self) -> Question:
        if self.rows == "chapter":
            if self.chapter or self.recommendation:
                raise ValueError("a matrix with chapters as rows takes no chapter or recommendation")
        elif self.chapter is None:
            raise ValueError("chapter: every question names its chapter (or has rows: chapter)")
        if self.rows == "party" and self.party:
            raise ValueError("a matrix with Parties as rows takes no party")
        if self.row_labels and not self.rows:
            raise ValueError("row_labels: only a matrix question (rows: party|chapter) has rows")
        return self


@dataclass(frozen=True, slots=True)
class Item:
    """One rating cell of a respondent row: a question's column, or one row of a matrix question."""

    key: str  # the cell's field name in the row data
    column: str  # the column as the file names it (quarantine reasons name it)
    question: Question
    chapter: str
    party: str | None
    comment_key: str | None = None


@dataclass(frozen=True)
class Plan:
    """How one file's respondent rows become records."""

    items: tuple[Item, ...]
    labels: SurveyLabels = DEFAULT
    identity: Callable[[dict[str, str], str], tuple] | None = None  # (row data, external id) -> identity parts
    external_id: Callable[[dict[str, str]], str] | None = None


def survey_columns(questions) -> dict[str, str]:
    """Internal field names for the question and comment columns."""
    mapping = {}
    for i, q in enumerate(questions):
        mapping[f"q{i}"] = q.column
        if q.comment:
            mapping[f"q{i}_comment"] = q.comment
    return mapping


def rate(answer: str, question: Question, labels: SurveyLabels, rating_scale: str) -> float:
    """The level of an answer: on the question's declared scale, else (generic formats) the source's."""
    if question.scale or question.labels:
        return labels.rating(answer, question.scale, question.folded_labels)
    return vocab.rating(answer, rating_scale)


def respondent_row(number: int, data: dict[str, str], ctx: Context, plan: Plan) -> Row:
    row = Row(number, "assessment")
    answered = [item for item in plan.items if folded(data.get(item.key) or "") not in NO_ANSWER]
    data = plan.labels.respondent_cells(data)
    if not (data.get("party") or "").strip() and not ctx.defaults.party and answered \
            and all(item.party for item in answered):
        data["party"] = "NA"  # never stored: every answered question names its own Party
    if plan.external_id is not None:
        data["submission_id"] = plan.external_id(data)
    fields = Fields(data, ctx.defaults, ctx.today, ctx.memo)
    try:
        respondent = fields.submission("", "submission_id", "submitted_at")
        respondent["evidence_url"] = fields.text("evidence_url", 2000)
    except RowError as exc:
        row.rejected = exc.rejected
        if exc.rejected.column in LABELLED and (data.get(exc.rejected.column) or "").strip():
            table = LABELLED[exc.rejected.column]
            row.rejected.reason += f" (an answer label? add it to config/survey_labels.yaml, {table}:)"
        return row
    problems: list[Rejected] = []
    for item in answered:
        question = item.question
        try:
            rating = fields.convert(item.key, rate, question, plan.labels, ctx.defaults.rating_scale)
            comment = fields.text(item.comment_key) if item.comment_key else ""
        except RowError as exc:
            column = item.column if exc.rejected.column == item.key else question.comment
            problems.append(Rejected(column, exc.rejected.reason))
            continue
        party = item.party or respondent["party"]
        record = {**respondent, "party": party, "chapter": item.chapter, "title": item.column,
                  "recommendation": question.recommendation, "rating": rating, "text": comment}
        if question.recommendation and question.recommendation not in ctx.framework.applicability[item.chapter]:
            row.warning = NOT_APPLICABLE
        key = "\x1f".join(plan.identity(data, record["external_id"] or "")) if plan.identity \
            else record["external_id"]
        record["fingerprint"] = identity("survey", {**record, "external_id": key}, item.column, item.chapter,
                                         question.recommendation, rating, record["evidence_url"]) \
            if key else \
            fingerprint("survey", record["submitted_on"], record["stakeholder_name"], record["organization"],
                        party, item.column, rating, record["text"])
        row.records.append(record)
    if problems:
        # the record's column names the first question; a second one needs its own name
        reason = problems[0].reason if len(problems) == 1 else "; ".join(f"{p.column!r}: {p.reason}" for p in problems)
        row.rejected, row.records = Rejected(problems[0].column, reason), []
    elif not row.records:
        row.rejected = Rejected("(row)", "no rating question answered")
    return row


def generic_plan(ctx: Context) -> Plan:
    items = tuple(Item(f"q{i}", q.column, q, q.chapter, q.party, f"q{i}_comment" if q.comment else None)
                  for i, q in enumerate(ctx.questions))
    return Plan(items, ctx.labels or DEFAULT)


def load_csv(path: Path, ctx: Context) -> Reading:
    encoding = detect_encoding(path)
    return _reading(encoding, lambda: open_csv_table(path, encoding), ctx)


def load_xlsx(path: Path, ctx: Context) -> Reading:
    return _reading("xlsx", lambda: xlsx_table(path), ctx)


def _reading(encoding: str, open_table, ctx: Context) -> Reading:
    columns = {**ctx.columns, **survey_columns(ctx.questions)}
    required = REQUIRED + tuple(f"q{i}" for i in range(len(ctx.questions)))
    return table_reading(encoding, open_table, ctx, RESPONDENT_COLUMNS, required, "assessment",
                         partial(respondent_row, plan=generic_plan(ctx)), columns)

