"""Hardening cases record table rows (case, expected, observed); slow cases run only under `make hardening`."""

from __future__ import annotations

import pytest

from tests.hardening.table import Table

REPORT_PLUGIN = "tests.hardening.report"


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "slow_hardening: a slow hardening case, run by `make hardening` only")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Without the report plugin (plain `make test`) the slow cases are deselected, not skipped."""
    if config.pluginmanager.has_plugin(REPORT_PLUGIN):
        return
    slow = [item for item in items if item.get_closest_marker("slow_hardening")]
    if slow:
        config.hook.pytest_deselected(items=slow)
        kept = set(map(id, items)) - set(map(id, slow))
        items[:] = [item for item in items if id(item) in kept]


@pytest.fixture
def table(request: pytest.FixtureRequest) -> Table:
    """The rows this test checks; the report plugin prints them."""
    table = Table()
    request.node.user_properties.append(("hardening_rows", table.rows))
    return table
