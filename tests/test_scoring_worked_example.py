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
EVENTS = [
    event(D(2022, 5, 10), "NA", "ch26-committee-meets", "met"),
    event(D(2023, 10, 2), "NA", "ch26-committee-meets", "met"),
    event(D(2024, 12, 31), "NA", "ch26-committee-meets", "unknown"),
    event(D(2025, 12, 31), "NA", "ch26-committee-meets", "not_met"),
    event(D(2024, 3, 15), "NA", "ch26-work-plan-published", "met"),
]
EXPECTED = {
    "assessment_component": 59.43, "evidence_component": 55.0, "score": 57.66,
    "status": "needs_acceleration", "confidence": "medium", "n": 5, "organizations": 5,
    "dispersion": 0.895, "evidence_known": 5, "evidence_unknown": 1, "evidence_coverage": 0.833,
}
TREND = {"previous": 58.52, "change": -0.86, "slope_per_week": -0.072, "baseline": 55.0,
         "change_since_baseline": 2.66}
OUTLOOK = {"band": "deteriorating", "projected": 55.37, "ratio": -0.132, "required_per_week": 0.544}


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
        ("ch26-committee-meets", "2021", "overdue"), ("ch26-committee-meets", "2022", "on_time"),
        ("ch26-committee-meets", "2023", "on_time"), ("ch26-committee-meets", "2024", "unknown"),
        ("ch26-committee-meets", "2025", "overdue"), ("ch26-work-plan-published", "once", "late"),
    ]


def test_the_document_shows_the_same_numbers():
    text = (REPO / "docs" / "methodology.md").read_text(encoding="utf-8")
    for shown in ("**A = 157.5 ÷ 2.65 = 59.43**", "= 55.00**", "= **0.833**", "= 35.660 + 22 = 57.66**",
                  "**needs acceleration**", "**0.895** levels", "**medium**", "**58.52**",
                  "57.66 − 58.52 = −0.86", "**−0.072 points per week**", "**change since the baseline +2.66**",
                  "**55.37**", "**0.544**", "**−0.132**", "**deteriorating**"):
        assert shown in text, shown
