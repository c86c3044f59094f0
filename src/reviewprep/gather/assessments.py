"""The project's assessment template (one rating per row) as CSV, XLSX, JSON or JSON Lines.

A recommendation that the framework's applicability matrix does not apply to the
row's chapter is stored as given, with a warning: the matrix is config an analyst may
edit, and scoring reads it at scoring time, so the rating counts as soon as the matrix
says the cell exists. Until then scoring leaves it out.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator
from hashlib import sha256
from itertools import compress, islice
from pathlib import Path

from reviewprep.gather import vocab
from reviewprep.gather.jsonrecords import json_reading
from reviewprep.gather.loading import Context, Reading
from reviewprep.gather.rawfile import detect_encoding
from reviewprep.gather.records import (
    CELL,
    PEOPLE,
    TEXT_LIMIT,
    Fields,
    Row,
    RowError,
    fingerprint,
    identity,
    people_codes,
)
from reviewprep.gather.textfile import RowMaker, Table, open_csv_table, table_reading, table_rows
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
    values["fingerprint"] = _fingerprint(values, chapter, rec, rating)
    return Row(number, "assessment", [values], warning="" if applicable else NOT_APPLICABLE)


def _fingerprint(values: dict, chapter: str, rec: str | None, rating: float) -> str:
    # `rec or ""`: the same fingerprint as None (fingerprint() reads None as "")
    if values["external_id"]:
        return identity("assessment", values, chapter, rec or "", rating, values["evidence_url"])
    return fingerprint("assessment", values["submitted_on"], values["stakeholder_name"], values["organization"],
                       values["party"], chapter, rec or "", rating, values["text"])


def _cell(fields: Fields, ctx: Context) -> tuple:
    chapter = fields.convert("chapter", ctx.vocab.chapter)
    rec = fields.convert("recommendation", vocab.recommendation)
    rating = fields.convert("rating", vocab.rating, ctx.defaults.rating_scale)
    return chapter, rec, rating, rec is None or rec in ctx.framework.applicability[chapter]


def load_csv(path: Path, ctx: Context) -> Reading:
    """Stream the template CSV: header checked once, then the records validated a column at a time."""
    encoding = detect_encoding(path)
    return table_reading(encoding, lambda: open_csv_table(path, encoding), ctx, TEMPLATE_COLUMNS, REQUIRED,
                         "assessment", assessment_row, rows_of=csv_rows)


COLUMN_BATCH = 5000
_BAD = object()  # a cell (or group of cells) that does not convert


def csv_rows(table: Table, fields: list[str | None], kind: str, make: RowMaker, ctx: Context) -> Iterator[Row]:
    """`table_rows` for the template, the same rows in the same order, validated a column at a time.

    Records are taken in batches and turned into columns; each distinct group of codes,
    date and cell (chapter, recommendation, rating) is converted once per load, and the
    whole batch is looked up at C speed. A record with anything to say (a wrong width, an
    unreadable or blank record, a cell that does not convert or is too long) is handed to
    `table_rows` on its own, so its reason is the one the row-at-a-time path gives.
    """
    width = len(fields)
    at = {f: i for i, f in enumerate(fields) if f is not None}
    memo = ctx.memo.setdefault(csv_rows, {"people": {}, "date": {}, "cell": {}})
    while batch := list(islice(table.rows, COLUMN_BATCH)):
        whole = [record for record in batch if len(record[1]) == width]
        built = _batch_rows(whole, at, ctx, memo) if whole else {}
        if len(built) == len(batch):  # the usual batch: every record valid, in order
            yield from built.values()
            continue
        for number, cells in batch:
            row = built.get(number)
            if row is None:
                yield from table_rows(dataclasses.replace(table, rows=iter(((number, cells),))), fields, kind,
                                      make, ctx)
            else:
                yield row


def _batch_rows(records: list[tuple[int, list[str]]], at: dict[str, int], ctx: Context,
                memo: dict) -> dict[int, Row]:
    """{row number: Row} for the records of a batch that are valid in every column."""
    columns = list(zip(*(cells for _, cells in records), strict=True))
    empty = ("",) * len(records)  # a column the file does not have reads as empty cells, as in Fields

    def column(name: str) -> tuple[str, ...]:
        return columns[at[name]] if name in at else empty

    defaults, today = ctx.defaults, ctx.today
    # each converted value with its text as the fingerprint reads it (str(), None as "")
    people = _converted(memo["people"], list(zip(*map(column, PEOPLE), strict=True)), lambda key: (
        *(codes := people_codes(Fields(dict(zip(PEOPLE, key, strict=True)), defaults, today))), str(codes[3])))
    dates = _converted(memo["date"], column("submitted_at"), lambda raw: (day := Fields(
        {"submitted_at": raw}, defaults, today).convert("submitted_at", vocab.date, today, defaults.date_order),
        str(day)))
    cells = _converted(memo["cell"], list(zip(*map(column, CELL), strict=True)), lambda key: (
        *(cell := _cell(Fields(dict(zip(CELL, key, strict=True)), defaults, today), ctx)), cell[1] or "",
        str(cell[2])))
    ids, names, organizations, countries, texts, urls, languages = (
        list(map(str.strip, column(name))) for name in
        ("submission_id", "stakeholder_name", "organization", "country", "comment", "evidence_url", "language"))
    bad: set[int] = set()
    for converted in (people, dates, cells):
        if _BAD in converted:
            bad.update(i for i, value in enumerate(converted) if value is _BAD)
    for values, limit in ((ids, 200), (names, 300), (organizations, 300), (countries, 60), (texts, TEXT_LIMIT),
                          (urls, 2000)):
        if max(map(len, values)) > limit:
            bad.update(i for i, value in enumerate(values) if len(value) > limit)
    columns = (records, ids, names, organizations, countries, languages, texts, urls, dates, people, cells)
    if bad:
        keep = [i not in bad for i in range(len(records))]
        columns = tuple(compress(values, keep) for values in columns)
    built = {}
    for ((number, _), external_id, name, organization, country, declared, text, url, (submitted_on, day),
         (stakeholder_type, party, language, confidential, confidential_text),
         (chapter, rec, rating, applicable, rec_text, rating_text)) in zip(*columns, strict=True):
        built[number] = Row(number, "assessment", [{
            "external_id": external_id or None, "submitted_on": submitted_on, "stakeholder_name": name,
            "organization": organization, "stakeholder_type": stakeholder_type, "country": country,
            "party": party, "language": language, "language_source": "declared" if declared else "default",
            "parties_named": "", "confidential": confidential, "text": text, "evidence_url": url,
            "chapter": chapter, "recommendation": rec, "rating": rating,
            # as _fingerprint (identity() with an id, else the content), each part already text
            "fingerprint": sha256("\x1f".join((
                "assessment", external_id, day, name, organization, stakeholder_type, country, party, language,
                confidential_text, text, chapter, rec_text, rating_text, url) if external_id else (
                "assessment", day, name, organization, party, chapter, rec_text, rating_text, text)
            ).encode()).hexdigest(),
        }], None, "", "" if applicable else NOT_APPLICABLE)
    return built


def _converted(memo: dict, keys: list, convert: Callable) -> list:
    """`convert(key)` for each key, each distinct key converted once (`_BAD` when it does not convert)."""
    found = list(map(memo.get, keys))
    if None in found:
        if len(memo) > 100_000:
            memo.clear()
        for i, value in enumerate(found):
            if value is None:
                key = keys[i]
                value = memo.get(key)
                if value is None:
                    try:
                        value = convert(key)
                    except RowError:
                        value = _BAD
                    memo[key] = value
                found[i] = value
    return found


def load_xlsx(path: Path, ctx: Context) -> Reading:
    return table_reading("xlsx", lambda: xlsx_table(path, prefer_sheet="assessments"), ctx, TEMPLATE_COLUMNS,
                         REQUIRED, "assessment", assessment_row)


def load_json(path: Path, ctx: Context) -> Reading:
    return json_reading(path, ctx, "assessment", TEMPLATE_COLUMNS, assessment_row, lines=False)


def load_jsonl(path: Path, ctx: Context) -> Reading:
    return json_reading(path, ctx, "assessment", TEMPLATE_COLUMNS, assessment_row, lines=True)
