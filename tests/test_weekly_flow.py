"""One real Prefect flow run end to end, twice: same scores, nothing stored twice."""

from __future__ import annotations

import json
import subprocess

import pytest
from sqlalchemy import func, select

from reviewprep.demo import ANCHOR
from reviewprep.store.db import session_scope
from reviewprep.store.models import (
    EvidenceEvent,
    QuarantinedRow,
    ScoreRun,
    SourceFile,
    Submission,
)

pytestmark = pytest.mark.flow


def counts(settings) -> dict:
    with session_scope(settings.db_url) as s:
        return {m.__tablename__: s.scalar(select(func.count()).select_from(m))
                for m in (SourceFile, Submission, EvidenceEvent, QuarantinedRow, ScoreRun)}


def test_weekly_flow_on_sample_data(settings, prefect_harness):
    from flows.weekly_readiness import weekly_readiness

    # Not a test of approvals (test_approvals.py is): leave the business council's copy pending.
    first = weekly_readiness(as_of=ANCHOR, sources_file="data/sample/sources.yaml", wait_for_approval=False)
    stored = counts(settings)
    assert first["inputs"]["read"] == first["inputs"]["accepted"] + first["inputs"]["duplicates"] + first["inputs"]["quarantined"]
    assert first["inputs"]["quarantined"] == 3  # the three deliberately invalid sample rows
    assert stored["submissions"] == first["inputs"]["accepted"] - stored["evidence_events"]

    pdf = first["reports"][0]["pdf"]
    text = subprocess.run(["pdftotext", "-layout", pdf, "-"], capture_output=True, text=True, check=True).stdout
    assert "Weekly readiness report" in text and "Heat map" in text
    for heading in ("Chapter 12: Sectoral Annexes", "Chapter 16: Temporary Entry", "Chapter 19: Digital Trade",
                    "Chapter 25: Small and Medium", "Chapter 26: Competitiveness", "Chapter 28: Good Regulatory"):
        assert heading in text
    assert "days away" in text

    second = weekly_readiness(as_of=ANCHOR, sources_file="data/sample/sources.yaml", wait_for_approval=False)
    assert second["inputs"]["accepted"] == 0
    assert counts(settings) == stored  # nothing stored twice, same snapshot reused
    assert (second["overall"], second["status"]) == (first["overall"], first["status"])


def test_cli_scores_are_reproducible(settings, prefect_harness, capsys):
    from reviewprep import jobs

    jobs.prepare_database(settings)
    for source in jobs.configured_sources(settings, settings.home / "data/sample/sources.yaml"):
        jobs.gather(settings, source)
    one = jobs.score(settings, ANCHOR, "restricted").as_json()
    two = jobs.score(settings, ANCHOR, "restricted").as_json()
    assert json.dumps(one, default=str) == json.dumps(two, default=str)
