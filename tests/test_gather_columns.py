"""The template CSV read a column at a time gives exactly the rows the row-at-a-time path gives."""

from __future__ import annotations

import dataclasses

from reviewprep.gather.assessments import REQUIRED, TEMPLATE_COLUMNS, assessment_row, load_csv
from reviewprep.gather.loading import Context
from reviewprep.gather.rawfile import detect_encoding
from reviewprep.gather.records import Defaults
from reviewprep.gather.textfile import open_csv_table, table_reading
from reviewprep.jobs import load_config
from tests.gather_helpers import TODAY, assessment, csv_text, write

ROWS = [
    assessment(),
    assessment(submission_id="A-1", recommendation="", rating="en cours", confidentiality="confidential"),
    assessment(submission_id="A-2", language="", party="", chapter="Chapitre 19"),  # no Party, no default
    assessment(chapter="ch99"),  # unknown chapter: quarantined
    assessment(rating="7", party="XX"),  # two bad columns: the first one named, as row by row
    assessment(stakeholder_name="n" * 301),  # too long
    {name: " " for name in TEMPLATE_COLUMNS},  # blank
    assessment(submitted_at="03/04/2026"),  # ambiguous date
    assessment(recommendation="R9", evidence_url="https://example.org/x"),  # maybe not applicable
    assessment(),  # repeated
]


def _read(settings, path, columns_at_a_time: bool, defaults: Defaults = Defaults()) -> list[tuple]:
    ctx = Context(load_config(settings).framework, TODAY, defaults)
    if columns_at_a_time:
        reading = load_csv(path, ctx)
    else:
        encoding = detect_encoding(path)
        reading = table_reading(encoding, lambda: open_csv_table(path, encoding), ctx, TEMPLATE_COLUMNS,
                                REQUIRED, "assessment", assessment_row)
    return [dataclasses.astuple(row) for row in reading.rows]


def test_same_rows_either_way(settings, tmp_path):
    text = csv_text(ROWS) + ",".join(["x"] * 3) + "\r\n"  # and a record of the wrong width
    path = write(tmp_path / "a.csv", text)
    fast = _read(settings, path, True)
    assert fast == _read(settings, path, False)
    assert len(fast) == len(ROWS)  # the blank row is skipped, the short one quarantined
    assert {r[0] for r in fast if r[3] is None} == {2, 3, 10, 11}


def test_same_rows_without_optional_columns_and_with_defaults(settings, tmp_path):
    columns = [c for c in TEMPLATE_COLUMNS if c not in ("language", "party", "submission_id")]
    path = write(tmp_path / "b.csv", csv_text(ROWS[:3], columns=columns))
    defaults = Defaults(party="CA", language="fr", rating_scale="levels")
    fast = _read(settings, path, True, defaults)
    assert fast == _read(settings, path, False, defaults)
    assert all(r[2][0]["party"] == "CA" and r[2][0]["language_source"] == "default" for r in fast)
