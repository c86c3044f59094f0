"""Two weekly runs at once (a scheduled and a manual one): nothing corrupted, nothing doubled."""

from __future__ import annotations

import hashlib
from email import message_from_bytes, policy

import pytest
from sqlalchemy import select

from reviewprep.store.db import session_scope
from reviewprep.store.models import Delivery, Report
from tests.distribution_helpers import write_distribution
from tests.orchestration_helpers import (
    RUN_WEEKLY,
    SMALL_LISTS,
    check_outputs,
    finish,
    harness_api_url,
    start,
    stored_counts,
)

pytestmark = pytest.mark.flow


def test_two_runs_at_once(settings, config_copy, prefect_harness):
    write_distribution(config_copy, {"council": SMALL_LISTS["council"]})  # one variant: cheap, still real
    api = harness_api_url()
    runs = [start(RUN_WEEKLY, PREFECT_API_URL=api) for _ in range(2)]
    first, second = (finish(p) for p in runs)

    stored = stored_counts(settings)
    # every row was read by both runs and stored by exactly one of them
    assert first["inputs"]["read"] == second["inputs"]["read"] > 0
    accepted = first["inputs"]["accepted"] + second["inputs"]["accepted"]
    assert stored["submissions"] + stored["evidence_events"] == accepted
    assert stored["source_files"] == 3
    assert stored["score_runs"] == 1  # both runs scored the same inputs: one stored snapshot
    check_outputs(settings, variants=1)

    assert stored["deliveries"] == 1
    with session_scope(settings.db_url) as s:
        assert {(d.status, d.attempts) for d in s.scalars(select(Delivery))} == {("sent", 1)}
        hashes = {r.report_key: r.sha256 for r in s.scalars(select(Report))}
    emls = sorted(settings.outbox.rglob("*.eml"), key=lambda p: p.name)
    assert [p.name for p in emls] == ["dan.public@example.org.eml"]
    for path in emls:
        msg = message_from_bytes(path.read_bytes(), policy=policy.default)
        [pdf] = list(msg.iter_attachments())
        assert hashlib.sha256(pdf.get_content()).hexdigest() == hashes[msg["X-Reviewprep-Report"]]
    assert first["overall"] == second["overall"]
