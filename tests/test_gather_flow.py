"""The weekly flow's gather step, for real: one Prefect task per source, never per row."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from openpyxl import Workbook

from reviewprep import jobs
from reviewprep.gather.assessments import TEMPLATE_COLUMNS
from tests.gather_helpers import GOOD, csv_text, write

pytestmark = pytest.mark.flow
FIXTURES = Path(__file__).parent / "fixtures" / "gather"


def task_runs(flow_run_id) -> list:
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import FlowRunFilter, FlowRunFilterId

    with get_client(sync_client=True) as client:
        return client.read_task_runs(flow_run_filter=FlowRunFilter(id=FlowRunFilterId(any_=[flow_run_id])))


def test_each_source_is_one_task(settings, tmp_path, prefect_harness):
    from prefect import flow
    from prefect.runtime import flow_run

    from flows.weekly_readiness import gather_source

    book = Workbook()
    book.active.append(list(TEMPLATE_COLUMNS))
    for i in range(200):
        book.active.append([{**GOOD, "submission_id": f"X-{i}"}[c] for c in TEMPLATE_COLUMNS])
    (tmp_path / "in").mkdir()
    book.save(tmp_path / "in" / "a.xlsx")
    write(tmp_path / "in" / "b.csv", csv_text([{**GOOD, "submission_id": f"C-{i}"} for i in range(300)]))
    sources_file = tmp_path / "sources.yaml"
    sources_file.write_text(yaml.safe_dump({"sources": [
        {"name": "xlsx", "path": str(tmp_path / "in" / "*.xlsx"), "format": "assessments_xlsx"},
        {"name": "csv", "path": str(tmp_path / "in" / "*.csv"), "format": "assessments_csv"},
        {"name": "regs", "path": str(FIXTURES / "regulations_legacy.csv"), "format": "regulations_gov",
         "companion": str(FIXTURES / "regulations_legacy_text.csv")},
    ]}))

    @flow
    def gather_only(sources):
        return flow_run.id, [f for future in gather_source.map(sources) for f in future.result()]

    jobs.prepare_database(settings)
    run_id, files = gather_only(jobs.configured_sources(settings, sources_file))
    runs = [t for t in task_runs(run_id) if t.name.startswith("gather-source")]
    assert len(runs) == 3 and all(t.state.is_completed() for t in runs)
    by_source = {f.source: f for f in files if f.format != "regulations_gov_text"}
    assert (by_source["xlsx"].accepted, by_source["csv"].accepted, by_source["regs"].accepted) == (200, 300, 3)
