"""Scoring on small cases whose answers are worked out by hand in the comments."""

from __future__ import annotations

import datetime as dt

import pytest

from reviewprep.framework import load_framework
from reviewprep.framework.models import DueOnce, Obligation, Text
from reviewprep.scoring.config import load_scoring
from reviewprep.scoring.method import score_cells
from tests.conftest import REPO
from tests.scoring_cases import AS_OF, inputs

CONFIG = load_scoring(REPO / "config")  # half-life 90 d, min 3 ratings, weights A 0.6 / E 0.4
TEXT = Text(en="x", fr="x", es="x")


def framework_with(*obligations):
    """The shipped framework with only the given obligations, so evidence is controlled."""
    return load_framework(REPO / "config").model_copy(update={"obligations": list(obligations)})


def once(code, chapter, recs, due, scope="trilateral"):
    return Obligation(code=code, chapter=chapter, article="0", recommendations=recs, scope=scope,
                      due=DueOnce(rule="once", date=due), title=TEXT, source="test")


def cell(cells, chapter, rec, party):
    return next(c for c in cells if (c.chapter, c.recommendation, c.party) == (chapter, rec, party))


def test_three_fresh_ratings_mean_times_25():
    # ratings 2, 3, 4 today by governments (weight 1): mean 3 -> A = 75; no obligations -> score 75
    cells = score_cells(inputs([("ch28", "R1", "US", 2), ("ch28", "R1", "US", 3), ("ch28", "R1", "US", 4)]),
                        framework_with(), CONFIG, AS_OF)
    c = cell(cells, "ch28", "R1", "US")
    assert (c.assessment, c.evidence, c.score, c.status, c.n, c.organizations) == (75.0, None, 75.0, "on_track", 3, 3)


def test_recency_halves_weight_every_half_life():
    # 4 (age 0, w 1) + 4 (age 0, w 1) + 0 (age 90 = one half-life, w 0.5): 8 / 2.5 = 3.2 -> A = 80
    cells = score_cells(inputs([("ch28", "R1", "US", 4), ("ch28", "R1", "US", 4), ("ch28", "R1", "US", 0, 90)]),
                        framework_with(), CONFIG, AS_OF)
    assert cell(cells, "ch28", "R1", "US").score == 80.0


def test_stakeholder_type_weight():
    # individuals weigh 0.5: (4*1 + 4*1 + 0*0.5) / 2.5 = 3.2 -> 80
    rows = [("ch28", "R1", "MX", 4), ("ch28", "R1", "MX", 4), ("ch28", "R1", "MX", 0, 0, "individual")]
    assert cell(score_cells(inputs(rows), framework_with(), CONFIG, AS_OF), "ch28", "R1", "MX").score == 80.0


def test_whole_chapter_rating_reaches_every_applicable_cell():
    # no recommendation: the rating bears on R1, R2 and R9 of ch28 (the applicable ones)
    rows = [("ch28", None, "CA", 2)] * 3
    cells = score_cells(inputs(rows), framework_with(), CONFIG, AS_OF)
    assert [cell(cells, "ch28", r, "CA").score for r in ("R1", "R2", "R9")] == [50.0, 50.0, 50.0]
    assert cell(cells, "ch26", "R1", "CA").score is None


def test_too_few_ratings_is_insufficient_not_zero():
    cells = score_cells(inputs([("ch28", "R1", "US", 0), ("ch28", "R1", "US", 0)]), framework_with(), CONFIG, AS_OF)
    c = cell(cells, "ch28", "R1", "US")
    assert c.score is None and c.status == "insufficient_evidence" and c.n == 2


@pytest.mark.parametrize(
    ("events", "expected"),
    [
        ([(dt.date(2024, 6, 1), "NA", "plan", "met")], 100.0),   # met before the due date
        ([(dt.date(2025, 3, 1), "NA", "plan", "met")], 75.0),    # met after it: late
        ([], 0.0),                                               # due, nothing met: overdue
        ([(dt.date(2025, 3, 1), "NA", "plan", "not_met")], 0.0),
        ([(dt.date(2025, 3, 1), "NA", "plan", "unknown")], None),  # unknown: left out of E
        ([(dt.date(2027, 1, 1), "NA", "plan", "met")], 0.0),     # after the as-of date: not seen
    ],
)
def test_evidence_component(events, expected):
    fw = framework_with(once("plan", "ch26", ["R3"], dt.date(2025, 1, 1)))
    cells = score_cells(inputs([], events), fw, CONFIG, AS_OF)
    for party in ("US", "CA", "MX", "NA"):  # a trilateral obligation bears on every Party's cell
        c = cell(cells, "ch26", "R3", party)
        assert c.evidence == expected and c.score == expected


def test_not_yet_due_is_left_out():
    fw = framework_with(once("plan", "ch26", ["R3"], dt.date(2027, 1, 1)))
    c = cell(score_cells(inputs(), fw, CONFIG, AS_OF), "ch26", "R3", "US")
    assert c.evidence is None and c.status == "insufficient_evidence"


def test_each_party_obligation_is_per_party():
    fw = framework_with(once("plan", "ch28", ["R9"], dt.date(2025, 1, 1), scope="each_party"))
    cells = score_cells(inputs([], [(dt.date(2024, 5, 1), "CA", "plan", "met")]), fw, CONFIG, AS_OF)
    assert cell(cells, "ch28", "R9", "CA").evidence == 100.0
    assert cell(cells, "ch28", "R9", "US").evidence == 0.0
    assert cell(cells, "ch28", "R9", "NA").evidence is None  # trilateral cell: trilateral obligations only


def test_components_combine_with_weights():
    # A = 2 * 25 = 50, E = 100 (met on time): 0.6 * 50 + 0.4 * 100 = 70 -> needs acceleration
    fw = framework_with(once("plan", "ch26", ["R3"], dt.date(2025, 1, 1)))
    rows = [("ch26", "R3", "MX", 2)] * 3
    c = cell(score_cells(inputs(rows, [(dt.date(2024, 6, 1), "NA", "plan", "met")]), fw, CONFIG, AS_OF),
             "ch26", "R3", "MX")
    assert (c.assessment, c.evidence, c.score, c.status) == (50.0, 100.0, 70.0, "needs_acceleration")


def test_inputs_after_as_of_and_confidential_for_public_are_excluded():
    rows = [("ch28", "R1", "US", 4)] * 3 + [("ch28", "R1", "US", 0, -5)] + [("ch28", "R1", "US", 0, 0, None, None, True)]
    data = inputs(rows)
    restricted = cell(score_cells(data.visible(AS_OF, "restricted"), framework_with(), CONFIG, AS_OF), "ch28", "R1", "US")
    public = cell(score_cells(data.visible(AS_OF, "public"), framework_with(), CONFIG, AS_OF), "ch28", "R1", "US")
    assert restricted.n == 4 and restricted.score == 75.0  # (4+4+4+0)/4 * 25; the future 0 is unseen
    assert public.n == 3 and public.score == 100.0


def test_status_bands():
    from reviewprep.scoring.method import status_of

    assert [status_of(s, CONFIG) for s in (75, 74.99, 50, 49.9, 25, 24.9, None)] == [
        "on_track", "needs_acceleration", "needs_acceleration", "limited", "limited", "off_track",
        "insufficient_evidence"]
