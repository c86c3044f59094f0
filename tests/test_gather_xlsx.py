"""The XLSX template: written with drop-downs, read back streamed; unsafe workbooks refused."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import pytest
from openpyxl import Workbook, load_workbook

from reviewprep.cli import main
from reviewprep.gather import xlsxfile
from reviewprep.gather.assessments import TEMPLATE_COLUMNS
from tests.gather_helpers import GOOD, Loader, csv_text, write

VALIDATED = ("party", "chapter", "recommendation", "rating", "stakeholder_type", "confidentiality", "language")


@pytest.fixture
def load(settings) -> Loader:
    return Loader(settings)


@pytest.fixture
def template(settings, tmp_path):
    out = tmp_path / "blank.xlsx"
    assert main(["template", "assessments", "--format", "xlsx", str(out)]) == 0
    return out


def column_letter(name: str) -> str:
    return "ABCDEFGHIJKLMN"[TEMPLATE_COLUMNS.index(name)]


def test_template_has_the_contract_columns_and_drop_downs(template):
    book = load_workbook(template)
    sheet = book["assessments"]
    assert [c.value for c in sheet[1]] == list(TEMPLATE_COLUMNS)
    assert book["lists"].sheet_state == "hidden"
    by_column = {str(v.sqref).split(":")[0][0]: v for v in sheet.data_validations.dataValidation}
    for name in VALIDATED:
        validation = by_column[column_letter(name)]
        assert validation.type == "list" and validation.formula1.startswith("lists!$")
    lists = book["lists"]
    offered = {lists.cell(1, c).value: [lists.cell(r, c).value for r in range(2, lists.max_row + 1)
                                        if lists.cell(r, c).value] for c in range(1, lists.max_column + 1)}
    assert offered["party"] == ["US", "CA", "MX", "NA"]
    assert offered["chapter"][4] == "ch26 - Competitiveness"
    assert offered["rating"][2] == "2 - in progress"
    assert len(offered["stakeholder_type"]) == 9 and offered["confidentiality"] == ["public", "confidential"]


def test_filled_template_loads_with_formula_kept_as_text(template, load, tmp_path):
    book = load_workbook(template)
    sheet = book["assessments"]
    row = {**GOOD, "submitted_at": dt.datetime(2026, 5, 4), "chapter": "ch26 - Competitiveness",
           "rating": "2 - in progress", "comment": "=1+1", "recommendation": "R3"}
    sheet.append([row[c] for c in TEMPLATE_COLUMNS])
    sheet.append([])  # a blank row is skipped, not counted
    sheet.append([{**row, "rating": 4, "comment": "<b>fine</b>"}[c] for c in TEMPLATE_COLUMNS])
    sheet.append([{**row, "rating": "7", "comment": "x"}[c] for c in TEMPLATE_COLUMNS[:10]])  # short row
    filled = tmp_path / "filled.xlsx"
    book.save(filled)
    counts = load.one(filled)
    assert (counts.format, counts.encoding, counts.read, counts.accepted, counts.quarantined) == \
        ("assessments_xlsx", "xlsx", 3, 2, 1)
    assert [s.text for s in load.submissions()] == ["=1+1", "<b>fine</b>"]
    assert [r[2:] for r in load.ratings()] == [("ch26", "R3", 2.0), ("ch26", "R3", 4.0)]
    (record,) = load.quarantine()
    assert (record["row"], record["column"]) == (5, "rating")
    assert any("read worksheet 'assessments'" in n for n in counts.notes)


def test_csv_template(settings, tmp_path):
    out = tmp_path / "blank.csv"
    assert main(["template", "assessments", str(out)]) == 0
    assert out.read_bytes().decode("utf-8-sig") == ",".join(TEMPLATE_COLUMNS) + "\r\n"


def test_xlsx_that_is_not_a_zip(load, tmp_path):
    counts = load.one(write(tmp_path / "renamed.xlsx", csv_text([GOOD])))
    assert counts.error.startswith("not an .xlsx workbook: the file is not a zip archive")
    assert load.quarantine()[0]["reason"] == counts.error


def test_zip_without_a_workbook(load, tmp_path):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "hi")
    counts = load.one(write(tmp_path / "other.xlsx", buffer.getvalue()))
    assert counts.error == "a zip archive, but not an Excel workbook (no xl/workbook.xml)"


def test_zip_bomb_is_refused_before_parsing(load, tmp_path):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (20 << 20))
    counts = load.one(write(tmp_path / "bomb.xlsx", buffer.getvalue()))
    assert counts.error.startswith("refused: xl/worksheets/sheet1.xml inflates")
    assert "zip bomb" in counts.error


def test_declared_size_over_the_limit_is_refused(load, tmp_path, monkeypatch, template):
    monkeypatch.setattr(xlsxfile, "MAX_UNCOMPRESSED", 1000)
    counts = load.one(template)
    assert counts.error.startswith("refused: the workbook would unpack to")


def test_truncated_xlsx(load, template, tmp_path):
    data = template.read_bytes()
    counts = load.one(write(tmp_path / "cut.xlsx", data[: len(data) // 2]))
    assert "not a zip archive" in counts.error and "cut-off download" in counts.error


def test_workbook_corrupt_mid_sheet_keeps_rows_before_the_break(load, tmp_path):
    book = Workbook()
    sheet = book.active
    sheet.append(list(TEMPLATE_COLUMNS))
    for i in range(3000):
        sheet.append([{**GOOD, "submission_id": f"S-{i}", "comment": f"comment {i} " * 5}[c]
                      for c in TEMPLATE_COLUMNS])
    good = io.BytesIO()
    book.save(good)
    data = bytearray(good.getvalue())
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as archive:
        info = archive.getinfo("xl/worksheets/sheet1.xml")
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    middle = start + info.compress_size * 3 // 4
    data[middle:middle + 64] = b"\xff" * 64  # damage the deflate stream three quarters in
    counts = load.one(write(tmp_path / "damaged.xlsx", bytes(data)))
    assert counts.was_read and counts.accepted > 100 and counts.quarantined == 1
    (record,) = load.quarantine()
    assert record["column"] == "(row)" and "breaks off after row" in record["reason"]
