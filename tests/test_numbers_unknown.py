"""Unknown is not overdue, and evidence counts for the period it names.

A fresh database with only a new unit's assessments: no cell scores 0 for want of
evidence, the overall figure comes from the ratings that exist, and never-checked
obligation instances are `not_checked` in `reviewprep scores --json`, never `overdue`.
An instance becomes overdue only when an analyst records a check: a `not_met` event,
or a `checked` event ("checked through DATE").
"""

from __future__ import annotations

import datetime as dt

from tests.numbers_helpers import cell, ingest, scores, write_assessments, write_evidence

D = dt.date


def test_assessments_only_no_cell_scores_zero_for_missing_evidence(settings, capsys, tmp_path):
    counts = ingest(capsys, write_assessments(tmp_path / "assessments.csv"))
    assert counts  # the ingest summary
    for audience in ("public", "restricted"):
        data = scores(capsys, "--audience", audience)
        assert data["inputs"]["evidence_events"] == 0
        # an empty evidence log never makes a score
        assert all(c["evidence_component"] is None for c in data["cells"])
        scored = [c for c in data["cells"] if c["score"] is not None]
        assert [(c["chapter"], c["recommendation"], c["party"]) for c in scored] == [("ch26", "R3", "MX")]
        mx = cell(data, "ch26", "R3", "MX")
        # 3 ratings (levels 2, 1, 2): the score is the assessment component alone, not dragged to 0
        assert mx["score"] == mx["assessment_component"] and 25 < mx["score"] < 50
        assert data["overall"]["score"] == mx["score"] and data["overall"]["scored"] == 1
        assert all(c["status"] == "insufficient_evidence" for c in data["cells"] if c is not mx and c["n"] < 3)
        states = {o["state"] for o in data["obligations"]}
        assert "overdue" not in states
        assert "not_checked" in states
        assert {o["state"] for o in data["obligations"] if D.fromisoformat(o["due"]) < D(2026, 11, 20)} \
            == {"not_checked"}
        assert {o["state"] for o in mx["explanation"]["obligations"]} == {"not_checked"}
        assert mx["evidence_known"] == 0 and mx["evidence_not_checked"] >= 5 and mx["evidence_coverage"] == 0.0


def test_overdue_only_after_a_check(settings, capsys, tmp_path):
    ingest(capsys, write_assessments(tmp_path / "assessments.csv"), write_evidence(tmp_path / "evidence.csv", [
        (D(2025, 12, 31), "NA", "ch26-committee-meets", "not_met", ""),       # 2025: checked, not met
        (D(2023, 6, 30), "NA", "ch25-sme-committee-meets", "checked", ""),    # checked through 2023-06-30
        (D(2024, 12, 31), "NA", "ch16-working-group-meets", "unknown", ""),   # checked, record silent
    ]))
    data = scores(capsys)
    state = {(o["obligation"], o["period"], o["party"]): o["state"] for o in data["obligations"]}
    assert state[("ch26-committee-meets", "2025", "NA")] == "overdue"
    assert state[("ch26-committee-meets", "2024", "NA")] == "not_checked"
    # "checked through 2023-06-30": instances due by then (2021, 2022) are overdue; later ones not checked
    assert [state[("ch25-sme-committee-meets", y, "NA")] for y in ("2021", "2022", "2023", "2024")] \
        == ["overdue", "overdue", "not_checked", "not_checked"]
    assert state[("ch16-working-group-meets", "2024", "NA")] == "unknown"
    mx = cell(data, "ch26", "R3", "MX")
    assert mx["evidence_component"] == 0.0 and mx["evidence_known"] == 1  # only 2025 is known
    assert mx["score"] == round(0.6 * mx["assessment_component"] + 0.4 * 0.0, 2)


def test_a_met_event_counts_for_the_period_it_names(settings, capsys, tmp_path):
    ingest(capsys, write_evidence(tmp_path / "evidence.csv", [
        (D(2024, 1, 20), "NA", "ch26-committee-meets", "met", "2023"),       # the 2023 meeting, held late
        (D(2025, 3, 3), "NA", "ch26-committee-meets", "met", ""),            # no period: its year, 2025
        (D(2022, 2, 1), "NA", "ch25-sme-dialogue", "met", "2021-06-01/2022-06-30"),  # a range: 2021 and 2022
    ]))
    data = scores(capsys)
    found = {(o["obligation"], o["period"]): o for o in data["obligations"]}
    assert found[("ch26-committee-meets", "2023")]["state"] == "late"
    assert found[("ch26-committee-meets", "2023")]["met_on"] == "2024-01-20"
    assert found[("ch26-committee-meets", "2024")]["state"] == "not_checked"  # not claimed by the January event
    assert found[("ch26-committee-meets", "2025")]["state"] == "on_time"
    assert found[("ch25-sme-dialogue", "2021")]["state"] == "late"
    assert found[("ch25-sme-dialogue", "2022")]["state"] == "on_time"


def test_a_bad_period_is_quarantined_with_its_column(settings, capsys, tmp_path):
    counts = ingest(capsys, write_evidence(tmp_path / "evidence.csv", [
        (D(2024, 1, 20), "NA", "ch26-committee-meets", "met", "last year"),
        (D(2024, 1, 20), "NA", "ch26-committee-meets", "met", "2024-12-31/2024-01-01"),
        (D(2024, 1, 20), "NA", "ch26-committee-meets", "met", "2023"),
    ]))
    text = str(counts)
    assert "'quarantined': 2" in text.replace('"', "'")
    from reviewprep.store.db import session_scope
    from reviewprep.store.models import QuarantinedRow
    with session_scope(settings.db_url) as session:
        rows = session.query(QuarantinedRow).all()
        assert {r.column for r in rows} == {"period"}
        assert all("period" in r.reason for r in rows)
