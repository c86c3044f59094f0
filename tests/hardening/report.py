"""pytest plugin behind `make hardening`: slow cases included, and the table of every case.

Cases other suites already prove are run by node id (existing.py) and shown with what
they check; hardening tests show the rows they recorded (see `table` in conftest.py).
The table is printed, and written to the file --hardening-table names (`make hardening`:
bench/results/hardening.md).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from reviewprep.files import write_atomic
from tests.hardening.existing import EXISTING
from tests.hardening.table import Row


class HardeningReport:
    def __init__(self, table_file: Path | None) -> None:
        self.rows: list[Row] = []
        self.table_file = table_file

    @pytest.hookimpl
    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        if report.when != "call" and not report.failed:
            return
        recorded = [row for name, rows in report.user_properties if name == "hardening_rows" for row in rows]
        if report.when != "call":  # setup or teardown failed
            recorded = []
        problem = _problem(report) if report.failed else ""
        if recorded:
            self.rows += recorded
            if problem and all(r.ok for r in recorded):
                self.rows.append(Row(f"{recorded[-1].case} (then)", "no error", problem, False))
            return
        case, expected = EXISTING.get(report.nodeid, (report.nodeid.split("::")[-1], "passes"))
        self.rows.append(Row(case, expected, problem or "as expected (test passed)", not report.failed))

    @pytest.hookimpl
    def pytest_terminal_summary(self, terminalreporter) -> None:
        if not self.rows:
            return
        text = markdown(self.rows)
        terminalreporter.write_sep("=", "hardening cases")
        terminalreporter.write_line(text)
        if self.table_file:
            write_atomic(self.table_file, text + "\n")


def _problem(report: pytest.TestReport) -> str:
    crash = getattr(report.longrepr, "reprcrash", None)
    text = crash.message if crash is not None else str(report.longrepr)
    return " ".join(text.split())[:300]


def markdown(rows: list[Row]) -> str:
    def cell(text: str) -> str:
        return text.replace("|", "\\|").replace("\n", " ")

    failed = sum(not r.ok for r in rows)
    lines = ["| # | case | expected | observed | result |", "|---:|---|---|---|---|"]
    lines += [f"| {i} | {cell(r.case)} | {cell(r.expected)} | {cell(r.observed)} | {'pass' if r.ok else 'FAIL'} |"
              for i, r in enumerate(rows, 1)]
    lines += ["", f"{len(rows)} cases, {len(rows) - failed} passed, {failed} failed."]
    return "\n".join(lines)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--hardening-table", type=Path, metavar="FILE", help="also write the table to FILE")


def pytest_configure(config: pytest.Config) -> None:
    config.pluginmanager.register(HardeningReport(config.getoption("hardening_table")), "hardening-report")
