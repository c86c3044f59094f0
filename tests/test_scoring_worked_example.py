"""The worked example of docs/methodology.md, through the real database and method.

Every number asserted here was computed by hand in the document; the last test checks
the document still shows them, so the page and the code cannot drift apart.
"""

from __future__ import annotations

import datetime as dt

import pytest

from reviewprep import jobs
from reviewprep.store.db import session_scope, upgrade
from tests.conftest import REPO
from tests.scoring_cases import AS_OF, event, rating, store_inputs

D = dt.date
RATINGS = [
    rating("ch26", "MX", 3, "R3", kind="government", org="A"),
    rating("ch26", "MX", 2, "R3", days_ago=90, kind="business_association", org="B"),
    rating("ch26", "MX", 4, "R3", days_ago=180, kind="sme", org="C"),
    rating("ch26", "MX", 1, "R3", kind="individual", org="D"),
    rating("ch26", "MX", 2, days_ago=90, kind="company", org="E"),  # whole chapter 26
]
EVENTS = [  # a period, when given, says which year the event counts for (default: its date's year)
    event(D(2022, 5, 10), "NA", "ch26-committee-meets", "met"),
    event(D(2024, 1, 20), "NA", "ch26-committee-meets", "met", period="2023"),  # the 2023 meeting, held late
    event(D(2024, 12, 31), "NA", "ch26-committee-meets", "unknown"),
    event(D(2025, 12, 31), "NA", "ch26-committee-meets", "not_met"),
    event(D(2024, 3, 15), "NA", "ch26-work-plan-published", "met"),
]
EXPECTED = {
    "assessment_component": 59.43, "evidence_component": 62.5, "score": 60.66,
    "status": "needs_acceleration", "confidence": "medium", "n": 5, "organizations": 5,
    "dispersion": 0.895, "evidence_known": 4, "evidence_unknown": 1, "evidence_not_checked": 1,
    "evidence_coverage": 0.667,
}
TREND = {"previous": 61.52, "change": -0.86, "slope_per_week": -0.072, "direction": "stable",
         "baseline": 62.5, "change_since_baseline": -1.84}
OUTLOOK = {"band": "limited", "projected": 60.66, "ratio": 0.0, "required_per_week": 0.45}


@pytest.fixture
def example(settings):
    upgrade(settings.db_url)
    with session_scope(settings.db_url) as session:
        store_inputs(session, RATINGS, EVENTS)
    snapshot = jobs.score(settings, AS_OF, "public")
    return next(c for c in snapshot.as_json(explain=True)["cells"]
                if (c["chapter"], c["recommendation"], c["party"]) == ("ch26", "R3", "MX"))


def test_the_cell_matches_the_hand_computation(example):
    assert {k: example[k] for k in EXPECTED} == EXPECTED
    assert example["trend"] == TREND
    assert example["outlook"] == OUTLOOK


def test_the_explanation_lists_what_made_it(example):
    shares = [share for _, share in example["explanation"]["submissions"]]
    assert shares == [0.377358, 0.188679, 0.09434, 0.188679, 0.150943]  # 1.00, 0.50, 0.25, 0.50, 0.40 of 2.65
    states = [(o["obligation"], o["period"], o["state"]) for o in example["explanation"]["obligations"]]
    assert states == [
        ("ch26-committee-meets", "2021", "not_checked"), ("ch26-committee-meets", "2022", "on_time"),
        ("ch26-committee-meets", "2023", "late"), ("ch26-committee-meets", "2024", "unknown"),
        ("ch26-committee-meets", "2025", "overdue"), ("ch26-work-plan-published", "once", "late"),
    ]


def test_recomputed_by_hand_from_the_tables():
    """The document's arithmetic, redone here in plain Python from the two tables, with no
    reviewprep code: the same numbers must come out as the method gives."""
    type_weight = {"government": 1.0, "business_association": 1.0, "sme": 1.0, "individual": 0.5, "company": 0.8}

    def assessment(rows, days_earlier=0):
        weights = [type_weight[r.stakeholder_type] * 0.5 ** ((r.days_ago - days_earlier) / 90) for r in rows]
        points = [25 * r.level for r in rows]
        return sum(w * p for w, p in zip(weights, points, strict=True)) / sum(weights)

    a_now = assessment(RATINGS)
    assert round(a_now, 2) == 59.43 and round(157.5 / 2.65, 2) == 59.43
    # evidence: 2021 not checked (left out), 2022 on time, 2023 late (met 2024-01-20 for period 2023),
    # 2024 unknown (left out), 2025 overdue (not met), work plan late; 2026 not yet due
    credits = [1.0, 0.75, 0.0, 0.75]
    e = 100 * sum(credits) / len(credits)
    assert e == 62.5 and round(len(credits) / 6, 3) == 0.667
    score = round(0.6 * a_now + 0.4 * e, 2)
    assert score == 60.66 == EXPECTED["score"]
    a_before = assessment([r for r in RATINGS if r.days_ago != 0], days_earlier=7)  # a week earlier: ratings 2, 3, 5
    previous = round(0.6 * a_before + 0.4 * e, 2)
    assert previous == 61.52 and round(score - previous, 2) == -0.86
    ys = [previous] * 7 + [score]
    slope = sum((x - 3.5) * (y - sum(ys) / 8) for x, y in enumerate(ys)) / 42
    assert round(slope, 3) == -0.072 and abs(slope) <= 0.25  # within the tolerance: stable
    weeks = (D(2027, 7, 1) - AS_OF).days / 7
    assert round((75 - score) / weeks, 3) == 0.45
    assert round(score - 62.5, 2) == -1.84  # baseline 2026-07-01: one rating, so E alone


def test_the_document_shows_the_same_numbers():
    text = (REPO / "docs" / "methodology.md").read_text(encoding="utf-8")
    for shown in ("**A = 157.5 ÷ 2.65 = 59.43**", "= 62.50**", "= **0.667**", "= 35.660 + 25 = 60.66**",
                  "**needs acceleration**", "**0.895** levels", "**medium**", "**61.52**",
                  "60.66 − 61.52 = −0.86", "**−0.072 points per week**", "the direction is **stable**",
                  "**change since the baseline −1.84**", "projected = **60.66**", "**0.45** points per week",
                  "Ratio = 0 ÷ 0.45 = **0**", "**limited**", "not yet checked | left out"):
        assert shown in text, shown
