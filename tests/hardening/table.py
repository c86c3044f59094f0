"""The hardening table: each case with what was expected and what was observed."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class Row:
    case: str
    expected: str
    observed: str
    ok: bool


class Table:
    """Rows a test records as it checks; the test then fails if any row did."""

    def __init__(self) -> None:
        self.rows: list[Row] = []

    def check(self, case: str, expected: str, observed: str, ok: bool) -> bool:
        self.rows.append(Row(case, expected, observed, bool(ok)))
        return bool(ok)

    def compare(self, case: str, expected: dict, observed: dict) -> bool:
        """A row whose expected and observed are `key=value` lists; passes when every expected key matches."""
        ok = all(observed.get(k) == v for k, v in expected.items())
        return self.check(case, describe(expected), describe(observed), ok)

    def assert_all_passed(self) -> None:
        failed = [f"{r.case}: expected {r.expected}; observed {r.observed}" for r in self.rows if not r.ok]
        assert self.rows and not failed, "\n".join(failed) or "no case was checked"


def describe(values: dict) -> str:
    return ", ".join(f"{k}={v}" for k, v in values.items())
