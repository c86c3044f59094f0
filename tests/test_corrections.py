"""Withdrawals and corrections: *as known now* changes, *as reported* stays identical, both audited."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from reviewprep import jobs
from reviewprep.cli import main
from reviewprep.demo import ANCHOR
from reviewprep.store.db import session_scope
from reviewprep.store.models import Assessment, ScoreRun, Submission


@pytest.fixture
def loaded(settings):
    jobs.prepare_database(settings)
    for source in jobs.configured_sources(settings, settings.home / "data/sample/sources.yaml"):
        jobs.gather(settings, source)
    jobs.detect_campaigns(settings)  # as the flows do before scoring
    return settings


def compare(capsys, audience: str = "restricted") -> dict:
    assert main(["scores", "--as-of", ANCHOR.isoformat(), "--audience", audience, "--compare", "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_withdraw_and_correct_change_known_now_not_as_reported(loaded, capsys):
    settings = loaded
    reported = jobs.score(settings, ANCHOR, "restricted")  # what a report of that week used
    with session_scope(settings.db_url) as s:
        stored = s.get(ScoreRun, reported.run_id)
        stored_summary, stored_hash = json.dumps(stored.summary, sort_keys=True), stored.inputs_hash
        rated = s.scalars(select(Submission).join(Assessment).where(Submission.submitted_on <= ANCHOR)
                          .order_by(Submission.id)).all()
        # a scored cell with the fewest ratings moves most when one of them changes
        by_cell: dict = {}
        for sub in rated:
            by_cell.setdefault((sub.assessment.chapter, sub.assessment.recommendation, sub.party), []).append(sub)
        scored = {c.key: c.n for c in reported.cells if c.assessment is not None and c.key in by_cell}
        cell = min(scored, key=lambda k: (scored[k], k))
        subs = by_cell[cell]
        target, other = subs[0].id, rated[-1].id
        old_rating = subs[0].assessment.rating

    before = compare(capsys)
    assert before["changed_cells"] == [], before["changed_cells"][:2]
    assert before["as_reported"]["run_id"] == reported.run_id

    new_rating = 0 if old_rating >= 2 else 4
    assert main(["submissions", "correct", str(target), "--rating", str(new_rating),
                 "--reason", "respondent meant the other end of the scale", "--by", "Ana Analyst"]) == 0
    assert main(["submissions", "withdraw", str(other), "--reason", "submitted twice under two names",
                 "--by", "Ana Analyst"]) == 0
    assert main(["submissions", "withdraw", str(other), "--reason", "again", "--by", "Ana Analyst"]) == 2
    capsys.readouterr()

    after = compare(capsys)
    assert after["as_reported"]["run_id"] == reported.run_id
    assert after["as_reported"]["inputs_hash"] == stored_hash
    assert after["as_known_now"]["inputs_hash"] != stored_hash
    assert any((c["chapter"], c["recommendation"], c["party"]) == cell for c in after["changed_cells"]), (cell, after["changed_cells"])
    with session_scope(settings.db_url) as s:  # the stored snapshot is exactly as it was
        assert json.dumps(s.get(ScoreRun, reported.run_id).summary, sort_keys=True) == stored_summary
        old = s.get(Submission, target)
        assert old.status == "superseded" and old.assessment.rating == old_rating  # every version kept
        current = s.scalar(select(Submission).where(Submission.replaces_id == target))
        assert current.status == "current" and current.assessment.rating == new_rating
        assert s.get(Submission, other).status == "withdrawn"

    assert main(["submissions", "history", str(target)]) == 0
    history = capsys.readouterr().out
    assert "superseded, rating" in history and f"rating {float(new_rating)}" in history

    assert main(["audit", "--json"]) == 0
    entries = json.loads(capsys.readouterr().out)["entries"]
    correction = next(e for e in entries if e["action"] == "correction")
    assert correction["actor"] == "Ana Analyst"
    assert correction["detail"]["before"] == {"rating": old_rating}
    assert correction["detail"]["after"] == {"rating": float(new_rating)}
    withdrawal = next(e for e in entries if e["action"] == "withdrawal")
    assert withdrawal["subject"] == f"submission {other}" and "twice" in withdrawal["detail"]["reason"]
    assert main(["audit"]) == 0
    assert "Ana Analyst  withdrawal  submission" in capsys.readouterr().out
