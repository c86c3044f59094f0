"""A NUL byte past the first 64 KiB: the row holding it is quarantined, saying why, in every format and on
every database; a database error never prints the row it was writing."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from reviewprep.gather.textfile import HOLDS_NUL
from reviewprep.store.db import get_engine, upgrade
from tests.gather_helpers import Loader, assessment, csv_text, write

GOOD_ROWS = 700  # about 90 KiB before the NUL
SECRET = "CONFIDENTIAL: the minister's private position"


def rows(prefix: str) -> list[dict]:
    good = [assessment(submission_id=f"{prefix}-{i}", comment=f"Row {i}: slow progress on the work plan")
            for i in range(GOOD_ROWS)]
    return [*good, assessment(submission_id=f"{prefix}-bad", comment=f"{SECRET} \x00 end"),
            assessment(submission_id=f"{prefix}-after", comment="after the NUL")]


def files(folder) -> dict:
    return {
        "CSV": write(folder / "late-nul.csv", csv_text(rows("C"))),
        "JSON Lines": write(folder / "late-nul.jsonl", "\n".join(json.dumps(r) for r in rows("L")) + "\n"),
        "JSON array": write(folder / "late-nul.json", json.dumps(rows("A"))),
    }


def check(load: Loader, folder, table, database: str) -> None:
    for fmt, path in files(folder).items():
        counts = load.one(path)
        problem = next((q for q in load.quarantine() if q["file"] == path.name), {})
        table.check(f"a NUL character in row {GOOD_ROWS + 2} of a {fmt} file (after 64 KiB) · {database}",
                    f"{GOOD_ROWS + 2} read = {GOOD_ROWS + 1} accepted + 1 quarantined saying 'NUL', no row text in the reason",
                    f"{counts.read} read = {counts.accepted} accepted + {counts.quarantined} quarantined: "
                    f"{problem.get('column')}: {problem.get('reason')}",
                    (counts.read, counts.accepted, counts.quarantined) == (GOOD_ROWS + 2, GOOD_ROWS + 1, 1)
                    and HOLDS_NUL in problem.get("reason", "") and SECRET not in problem.get("reason", ""))


def test_a_late_nul_quarantines_its_row_on_sqlite(settings, tmp_path, table):
    check(Loader(settings), tmp_path / "in", table, "SQLite")
    table.assert_all_passed()


@pytest.mark.postgres
def test_a_late_nul_quarantines_its_row_on_postgresql(settings, tmp_path, monkeypatch, postgres_url, table):
    monkeypatch.setenv("REVIEWPREP_DATABASE_URL", postgres_url)
    from reviewprep.settings import get_settings

    check(Loader(get_settings()), tmp_path / "in", table, "PostgreSQL")
    table.assert_all_passed()


def test_a_database_error_does_not_print_the_row(settings, table):
    upgrade(settings.db_url)
    with pytest.raises(DBAPIError) as caught, get_engine(settings.db_url).begin() as conn:
        conn.execute(text("INSERT INTO quarantine (source_file_id, row_number, reason, raw) "
                          "VALUES (:file, 1, :reason, :raw)"), {"file": 999_999, "reason": SECRET, "raw": SECRET})
    table.check("a database error while writing a row holding confidential text",
                "the error names the statement, not the values", str(caught.value)[:200],
                SECRET not in str(caught.value))
    table.assert_all_passed()
