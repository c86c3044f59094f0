"""Workbooks whose cost is not in their byte size: a million tiny shared strings, three thousand sheets."""

from __future__ import annotations

import time

from reviewprep.gather.xlsxfile import MAX_SHARED_STRING_COUNT, SHEETS_NAMED
from tests.gather_helpers import GOOD, Loader
from tests.hardening.workbooks import write_workbook


def test_too_many_shared_strings_is_quarantined_before_reading(settings, tmp_path, table):
    load = Loader(settings)
    strings = (format(i, "x") for i in range(MAX_SHARED_STRING_COUNT + 1))
    for part in ("xl/sharedStrings.xml", "xl/strings/table.xml"):  # found by content type, wherever it is
        path = write_workbook(tmp_path / part.replace("/", "_") / "many-strings.xlsx", [GOOD], extra_strings=strings)
        strings = (format(i, "x") for i in range(MAX_SHARED_STRING_COUNT + 1))
        started = time.perf_counter()
        counts = load.one(path)
        seconds = time.perf_counter() - started
        table.check(f"{MAX_SHARED_STRING_COUNT + 1:,} short shared strings ({path.stat().st_size / 1e6:.1f} MB "
                    f".xlsx, part {part}) · reviewprep ingest",
                    f"not read: more than {MAX_SHARED_STRING_COUNT:,} strings, nothing stored",
                    f"read={counts.read}, error={counts.error!r} ({seconds:.1f} s)",
                    counts.read == 0 and "more than 1,000,000 strings" in (counts.error or ""))
    table.assert_all_passed()


def test_a_workbook_of_3001_sheets_is_read_without_naming_them_all(settings, tmp_path, table):
    path = write_workbook(tmp_path / "sheets.xlsx", [GOOD], extra_sheets=3000)
    counts = Loader(settings).one(path)
    note = next((n for n in counts.notes if "worksheet" in n), "")
    table.check("a workbook with 3,001 sheets · reviewprep ingest",
                f"1 accepted; the note names {SHEETS_NAMED} sheets and counts the rest",
                f"accepted={counts.accepted}, note of {len(note):,} characters: {note[:120]}…",
                counts.accepted == 1 and "3,001 sheets" in note and "Sheet3001" not in note and len(note) < 400)
    table.assert_all_passed()
