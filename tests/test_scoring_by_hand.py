"""Scoring on small cases whose answers are worked out by hand in the comments."""

from __future__ import annotations

import datetime as dt

import pytest

from reviewprep.framework import load_framework
from reviewprep.framework.models import DueOnce, Obligation, Text
from reviewprep.scoring.config import load_scoring
from reviewprep.scoring.method import score_cells
from tests.conftest import REPO
from tests.scoring_cases import AS_OF, event, inputs, rating

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
    cells = score_cells(inputs([rating("ch28", "US", 2, "R1"), rating("ch28", "US", 3, "R1"), rating("ch28", "US", 4, "R1")]),
                        framework_with(), CONFIG, AS_OF)
    c = cell(cells, "ch28", "R1", "US")
    assert (c.assessment, c.evidence, c.score, c.status, c.n, c.organizations) == (75.0, None, 75.0, "on_track", 3, 3)


def test_recency_halves_weight_every_half_life():
    # 4 (age 0, w 1) + 4 (age 0, w 1) + 0 (age 90 = one half-life, w 0.5): 8 / 2.5 = 3.2 -> A = 80
    cells = score_cells(inputs([rating("ch28", "US", 4, "R1"), rating("ch28", "US", 4, "R1"), rating("ch28", "US", 0, "R1", days_ago=90)]),
                        framework_with(), CONFIG, AS_OF)
    assert cell(cells, "ch28", "R1", "US").score == 80.0


def test_stakeholder_type_weight():
    # individuals weigh 0.5: (4*1 + 4*1 + 0*0.5) / 2.5 = 3.2 -> 80
    rows = [rating("ch28", "MX", 4, "R1"), rating("ch28", "MX", 4, "R1"), rating("ch28", "MX", 0, "R1", kind="individual")]
    assert cell(score_cells(inputs(rows), framework_with(), CONFIG, AS_OF), "ch28", "R1", "MX").score == 80.0


def test_whole_chapter_rating_reaches_every_applicable_cell():
    # no recommendation: the rating bears on R1, R2 and R9 of ch28 (the applicable ones)
    rows = [rating("ch28", "CA", 2)] * 3
    cells = score_cells(inputs(rows), framework_with(), CONFIG, AS_OF)
    assert [cell(cells, "ch28", r, "CA").score for r in ("R1", "R2", "R9")] == [50.0, 50.0, 50.0]
    assert cell(cells, "ch26", "R1", "CA").score is None


def test_too_few_ratings_is_insufficient_not_zero():
    cells = score_cells(inputs([rating("ch28", "US", 0, "R1"), rating("ch28", "US", 0, "R1")]), framework_with(), CONFIG, AS_OF)
    c = cell(cells, "ch28", "R1", "US")
    assert c.score is None and c.status == "insufficient_evidence" and c.n == 2 and c.confidence == "low"


@pytest.mark.parametrize(
    ("events", "expected"),
    [
        ([event(dt.date(2024, 6, 1), "NA", "plan", "met")], 100.0),   # met before the due date
        ([event(dt.date(2025, 3, 1), "NA", "plan", "met")], 75.0),    # met after it: late
        ([], None),                                              # due, never checked: not checked, left out
        ([event(dt.date(2025, 3, 1), "NA", "plan", "not_met")], 0.0),  # checked and not met: overdue
        ([event(dt.date(2025, 3, 1), "NA", "plan", "checked")], 0.0),  # "checked through 2025-03-01": overdue
        ([event(dt.date(2024, 12, 1), "NA", "plan", "checked")], None),  # checked only through a date before the due date
        ([event(dt.date(2025, 3, 1), "NA", "plan", "unknown")], None),  # unknown: left out of E
        ([event(dt.date(2027, 1, 1), "NA", "plan", "met")], None),    # after the as-of date: not seen, so not checked
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
    cells = score_cells(inputs([], [event(dt.date(2024, 5, 1), "CA", "plan", "met")]), fw, CONFIG, AS_OF)
    assert cell(cells, "ch28", "R9", "CA").evidence == 100.0
    assert cell(cells, "ch28", "R9", "US").evidence is None  # nobody checked the US instance: not overdue
    assert cell(cells, "ch28", "R9", "US").evidence_not_checked == 1
    assert cell(cells, "ch28", "R9", "NA").evidence is None  # trilateral cell: trilateral obligations only


def test_components_combine_with_weights():
    # A = 2 * 25 = 50, E = 100 (met on time): 0.6 * 50 + 0.4 * 100 = 70 -> needs acceleration
    fw = framework_with(once("plan", "ch26", ["R3"], dt.date(2025, 1, 1)))
    rows = [rating("ch26", "MX", 2, "R3")] * 3
    c = cell(score_cells(inputs(rows, [event(dt.date(2024, 6, 1), "NA", "plan", "met")]), fw, CONFIG, AS_OF),
             "ch26", "R3", "MX")
    assert (c.assessment, c.evidence, c.score, c.status) == (50.0, 100.0, 70.0, "needs_acceleration")


def test_inputs_after_as_of_and_confidential_for_public_are_excluded():
    rows = [rating("ch28", "US", 4, "R1")] * 3 + [rating("ch28", "US", 0, "R1", days_ago=-5)] + [rating("ch28", "US", 0, "R1", confidential=True)]
    data = inputs(rows)
    restricted = cell(score_cells(data.for_audience("restricted").until(AS_OF), framework_with(), CONFIG, AS_OF), "ch28", "R1", "US")
    public = cell(score_cells(data.for_audience("public").until(AS_OF), framework_with(), CONFIG, AS_OF), "ch28", "R1", "US")
    assert restricted.n == 4 and restricted.score == 75.0  # (4+4+4+0)/4 * 25; the future 0 is unseen
    assert public.n == 3 and public.score == 100.0


def test_status_bands():
    from reviewprep.scoring.method import status_of

    assert [status_of(s, CONFIG) for s in (75, 74.99, 50, 49.9, 25, 24.9, None)] == [
        "on_track", "needs_acceleration", "needs_acceleration", "limited", "limited", "off_track",
        "insufficient_evidence"]


@pytest.mark.parametrize(
    ("events", "state"),
    [
        ([event(dt.date(2025, 1, 5), "NA", "plan", "unknown"), event(dt.date(2025, 2, 1), "NA", "plan", "not_met")], "overdue"),
        ([event(dt.date(2025, 2, 1), "NA", "plan", "not_met"), event(dt.date(2025, 3, 1), "NA", "plan", "unknown")], "unknown"),
        ([event(dt.date(2025, 2, 1), "NA", "plan", "unknown"), event(dt.date(2025, 2, 1), "NA", "plan", "not_met")], "overdue"),
        ([event(dt.date(2025, 2, 1), "NA", "plan", "unknown"), event(dt.date(2025, 6, 1), "NA", "plan", "met")], "late"),
    ],
)
def test_without_a_met_event_the_latest_event_decides(events, state):
    from reviewprep.scoring.evidence import all_instances

    fw = framework_with(once("plan", "ch26", ["R3"], dt.date(2025, 1, 1)))
    (instance,) = all_instances(fw, inputs([], events).events, AS_OF)
    assert instance.state == state


def test_unknown_lowers_evidence_coverage_not_the_score():
    # two due instances, one met on time, one unknown: E = 100 from the known one, coverage 1/2
    fw = framework_with(once("a", "ch26", ["R3"], dt.date(2025, 1, 1)), once("b", "ch26", ["R3"], dt.date(2025, 1, 1)))
    events = [event(dt.date(2024, 6, 1), "NA", "a", "met"), event(dt.date(2025, 3, 1), "NA", "b", "unknown")]
    c = cell(score_cells(inputs([], events), fw, CONFIG, AS_OF), "ch26", "R3", "US")
    assert (c.evidence, c.evidence_known, c.evidence_unknown, c.evidence_coverage) == (100.0, 1, 1, 0.5)
    assert c.events == [1, 2] and [i.obligation for i in c.instances] == ["a", "b"]


def test_rating_points_come_from_config():
    # levels 1, 2, 3 worth 10, 40, 80: mean (10 + 40 + 80) / 3 = 43.33
    config = CONFIG.model_copy(update={"rating_points": {0: 0, 1: 10, 2: 40, 3: 80, 4: 100}})
    rows = [rating("ch28", "US", 1, "R1"), rating("ch28", "US", 2, "R1"), rating("ch28", "US", 3, "R1")]
    assert cell(score_cells(inputs(rows), framework_with(), config, AS_OF), "ch28", "R1", "US").score == 43.33


def test_ratings_that_weigh_nothing_give_no_component_and_no_nan():
    config = CONFIG.model_copy(update={"stakeholder_weights": {**CONFIG.stakeholder_weights, "individual": 0.0}})
    rows = [rating("ch28", "US", 4, "R1", kind="individual")] * 3
    c = cell(score_cells(inputs(rows), framework_with(), config, AS_OF), "ch28", "R1", "US")
    assert (c.n, c.assessment, c.score, c.dispersion, c.shares) == (3, None, None, None, [0.0, 0.0, 0.0])


@pytest.mark.parametrize(
    ("n", "orgs", "dispersion", "days_ago", "level"),
    [
        (10, 5, 0.5, 10, "high"),      # all four points
        (10, 5, 1.5, 10, "medium"),    # disagreement: three points
        (5, 3, 0.5, 400, "medium"),    # enough from enough, agreement: two points
        (5, 2, 0.5, 400, "low"),       # too few organisations, agreement only: one point
        (0, 0, None, 10, "low"),       # evidence only, recent: one point
        (2, 2, 0.0, 10, "low"),        # two agreeing ratings make no A, so no agreement point
    ],
)
def test_confidence_levels(n, orgs, dispersion, days_ago, level):
    from reviewprep.scoring.method import confidence_of

    assert confidence_of(n, orgs, dispersion, AS_OF - dt.timedelta(days=days_ago), AS_OF, CONFIG) == level


def test_slope_is_least_squares_in_points_per_week():
    from reviewprep.scoring.aggregate import slope_per_week

    weeks = [AS_OF - dt.timedelta(days=7 * k) for k in (3, 2, 1, 0)]
    # scores 40, 42, 47 at weeks 0, 1, 3: x̄ = 4/3, ȳ = 43; Σ(x-x̄)(y-ȳ) = 4 + 1/3 + 20/3 = 11,
    # Σ(x-x̄)² = (16 + 1 + 25) / 9 = 14/3 -> 11 / (14/3) = 2.357 points per week
    assert slope_per_week(list(zip(weeks, [40, 42, None, 47], strict=True)), CONFIG) == 2.357
    assert slope_per_week(list(zip(weeks, [None, None, 42, 47], strict=True)), CONFIG) is None  # under 3 points


@pytest.mark.parametrize(
    ("score", "slope", "band", "projected", "ratio"),
    [   # 105 days = 15 weeks to the review, target 75: from 60 the required progress is 1.0 a week
        (60.0, 1.0, "on_course", 75.0, 1.0),
        (60.0, 0.9, "acceleration_needed", 73.5, 0.9),
        (60.0, 0.3, "limited", 64.5, 0.3),
        (60.0, -0.5, "deteriorating", 52.5, -0.5),
        (80.0, 0.0, "on_course", 80.0, None),       # at the target and holding
        (80.0, -1.0, "deteriorating", 65.0, None),  # at the target, below it by the review
        (90.0, 2.0, "on_course", 100.0, None),      # projections stay within 0-100
    ],
)
def test_outlook_bands(score, slope, band, projected, ratio):
    from reviewprep.scoring.aggregate import outlook

    got = outlook(score, slope, 105, CONFIG)
    assert (got.band, got.projected, got.ratio) == (band, projected, ratio)
    assert outlook(None, 1.0, 105, CONFIG).band == outlook(60.0, None, 105, CONFIG).band == "unknown"


def test_baseline_is_the_last_review_unless_chosen():
    from reviewprep.framework import load_review_calendar
    from reviewprep.scoring.snapshot import baseline_date

    calendar = load_review_calendar(REPO / "config")
    assert baseline_date(AS_OF, calendar, CONFIG) == dt.date(2026, 7, 1)
    assert baseline_date(dt.date(2027, 9, 1), calendar, CONFIG) == dt.date(2027, 7, 1)
    assert baseline_date(dt.date(2026, 3, 1), calendar, CONFIG) is None  # no review yet
    assert baseline_date(AS_OF, calendar, CONFIG, dt.date(2026, 10, 1)) == dt.date(2026, 10, 1)
    assert baseline_date(AS_OF, calendar, CONFIG, AS_OF) is None  # a baseline must lie before
    none = CONFIG.model_copy(update={"trend": CONFIG.trend.model_copy(update={"baseline": None})})
    assert baseline_date(AS_OF, calendar, none) is None


def test_aggregates_are_equal_weight_means_of_shown_scores_with_coverage():
    from reviewprep.scoring.aggregate import aggregate

    rows = [rating("ch28", "US", 4, "R1")] * 3 + [rating("ch28", "US", 1, "R2")] * 3 + [rating("ch28", "US", 2, "R9")] * 2
    cells = [c for c in score_cells(inputs(rows), framework_with(), CONFIG, AS_OF) if c.chapter == "ch28"]
    a = aggregate(cells, CONFIG)
    assert (a.score, a.status, a.scored, a.applicable, a.coverage) == (62.5, "needs_acceleration", 2, 12, 0.167)


def test_a_rating_on_a_recommendation_the_chapter_does_not_apply_is_counted_not_scored():
    from reviewprep.framework import load_review_calendar
    from reviewprep.scoring.snapshot import compute

    rows = [rating("ch28", "US", 4, "R5")] * 3  # R5 does not apply to chapter 28
    snap = compute(None, framework_with(), load_review_calendar(REPO / "config"), CONFIG, AS_OF, "public",
                   inputs=inputs(rows))
    assert snap.counts["ratings_outside_framework"] == 3 and snap.overall.scored == 0


@pytest.mark.parametrize(
    ("key", "value", "problem"),
    [
        ("rating_points", {0: 0, 1: 50, 2: 25, 3: 75, 4: 100}, "must not decrease"),
        ("rating_points", {0: 0, 1: 25, 2: 50, 3: 75}, "each level"),
        ("component_weights", {"assessment": 0, "evidence": 0}, "positive weight"),
        ("minimum_obligations", 0, "greater than or equal to 1"),
        ("trend", {"interval_days": 7, "snapshots": 2, "minimum_points_for_slope": 3}, "must not exceed"),
    ],
)
def test_bad_scoring_config_names_the_key(config_copy, key, value, problem):
    import re

    import yaml

    from reviewprep.errors import ConfigError

    path = config_copy / "scoring.yaml"
    data = yaml.safe_load(path.read_text())
    path.write_text(yaml.safe_dump({**data, key: value}))
    with pytest.raises(ConfigError, match=re.escape(problem)) as err:
        load_scoring(config_copy)
    assert key in str(err.value)
