"""Properties of the scoring method that must hold for any inputs (hypothesis)."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import replace

from hypothesis import given, settings
from hypothesis import strategies as st

from reviewprep.codes import STAKEHOLDER_TYPES
from reviewprep.framework import load_framework, load_review_calendar
from reviewprep.scoring.config import load_scoring
from reviewprep.scoring.method import assessment_sums, score_cells
from reviewprep.scoring.snapshot import compute
from tests.conftest import REPO
from tests.scoring_cases import AS_OF, event, inputs, rating

FRAMEWORK = load_framework(REPO / "config")
CALENDAR = load_review_calendar(REPO / "config")
CONFIG = load_scoring(REPO / "config")
OBLIGATIONS = [o.code for o in FRAMEWORK.obligations]
# Two chapters with obligations and a handful of cells, so examples pile up on the same cells.
CELLS = [("ch26", None), ("ch26", "R3"), ("ch26", "R7"), ("ch28", None), ("ch28", "R1"), ("ch28", "R9")]
FAST = settings(max_examples=60, deadline=None)


def rating_rows(age=st.integers(min_value=0, max_value=400), confidential=st.booleans()):
    return st.builds(
        lambda cell, party, level, days_ago, kind, org, confidential: rating(
            cell[0], party, level, cell[1], days_ago=days_ago, kind=kind, org=org, confidential=confidential),
        st.sampled_from(CELLS), st.sampled_from(["US", "CA", "MX", "NA"]), st.integers(0, 4), age,
        st.sampled_from(STAKEHOLDER_TYPES), st.integers(0, 6), confidential,
    )


def event_rows(after=dt.date(2020, 7, 1), before=AS_OF, confidential=st.booleans()):
    return st.builds(
        lambda day, party, obligation, status, confidential: event(
            day, party, obligation, status, confidential=confidential),
        st.dates(min_value=after, max_value=before), st.sampled_from(["US", "CA", "MX", "NA"]),
        st.sampled_from(OBLIGATIONS), st.sampled_from(["met", "not_met", "unknown"]), confidential,
    )


def snapshot_json(data, audience: str = "restricted") -> str:
    return json.dumps(compute(None, FRAMEWORK, CALENDAR, CONFIG, AS_OF, audience, inputs=data).as_json(explain=True),
                      allow_nan=False)


@FAST
@given(st.lists(rating_rows(), max_size=40), st.lists(event_rows(), max_size=12),
       st.sampled_from(["public", "restricted"]))
def test_every_number_stays_within_0_and_100(rows, events, audience):
    snap = compute(None, FRAMEWORK, CALENDAR, CONFIG, AS_OF, audience, inputs=inputs(rows, events))
    for c in snap.cells:
        for value in (c.score, c.assessment, c.evidence, snap.trends[c.key].outlook.projected):
            assert value is None or 0 <= value <= 100
        assert (c.score is None) == (c.status == "insufficient_evidence")
    aggregates = [snap.overall, *snap.chapters.values(), *snap.recommendations.values(), *snap.parties.values()]
    assert all(a.score is None or 0 <= a.score <= 100 for a in aggregates)


@FAST
@given(st.lists(rating_rows(), max_size=40), st.lists(event_rows(), max_size=12), st.randoms())
def test_the_order_of_inputs_does_not_matter(rows, events, rnd):
    ids, event_ids = list(range(1, len(rows) + 1)), list(range(1, len(events) + 1))
    before = snapshot_json(inputs(rows, events, ids, event_ids))
    shuffled, shuffled_events = list(zip(ids, rows, strict=True)), list(zip(event_ids, events, strict=True))
    rnd.shuffle(shuffled)
    rnd.shuffle(shuffled_events)
    after = snapshot_json(inputs([r for _, r in shuffled], [e for _, e in shuffled_events],
                                 [i for i, _ in shuffled], [i for i, _ in shuffled_events]))
    assert after == before


@settings(max_examples=25, deadline=None)
@given(st.lists(rating_rows(), min_size=60, max_size=300), st.randoms())
def test_the_sums_behind_a_score_are_bit_for_bit_the_same_in_any_order(rows, rnd):
    """Rounding hides last-bit differences of float sums; the canonical order removes them."""
    numbered = list(enumerate(rows, start=1))
    before = assessment_sums(inputs(rows).ratings, FRAMEWORK, CONFIG, AS_OF)
    rnd.shuffle(numbered)
    after = assessment_sums(inputs([r for _, r in numbered], ids=[i for i, _ in numbered]).ratings,
                            FRAMEWORK, CONFIG, AS_OF)
    for name in ("weight", "assessment", "dispersion", "count", "organizations", "latest"):
        assert getattr(after, name).tobytes() == getattr(before, name).tobytes(), name


@FAST
@given(st.lists(rating_rows(confidential=st.just(False)), min_size=3, max_size=30),
       st.integers(0, 4), st.sampled_from(STAKEHOLDER_TYPES), st.integers(0, 400))
def test_adding_a_higher_rating_never_lowers_the_assessment_component(rows, level, kind, age):
    cell = ("ch28", "R1", "US")
    rows = [replace(r, chapter="ch28", recommendation="R1", party="US") for r in rows]
    before = next(c for c in score_cells(inputs(rows), FRAMEWORK, CONFIG, AS_OF) if c.key == cell).assessment
    if CONFIG.rating_points[level] < before:
        level = 4  # "higher": worth at least the current A
    added = rows + [rating("ch28", "US", level, "R1", days_ago=age, kind=kind, org=99)]
    after = next(c for c in score_cells(inputs(added), FRAMEWORK, CONFIG, AS_OF) if c.key == cell).assessment
    assert after >= before


@FAST
@given(st.lists(rating_rows(), max_size=30), st.lists(event_rows(), max_size=10),
       st.lists(rating_rows(age=st.integers(min_value=-400, max_value=-1)), min_size=1, max_size=10),
       st.lists(event_rows(after=AS_OF + dt.timedelta(days=1), before=dt.date(2028, 1, 1)), max_size=5),
       st.sampled_from(["public", "restricted"]))
def test_inputs_dated_after_the_as_of_date_change_nothing(rows, events, later_rows, later_events, audience):
    before = snapshot_json(inputs(rows, events), audience)
    after = snapshot_json(inputs(rows + later_rows, events + later_events), audience)
    assert after == before


@FAST
@given(st.lists(rating_rows(confidential=st.just(False)), max_size=30),
       st.lists(event_rows(confidential=st.just(False)), max_size=8),
       st.lists(rating_rows(confidential=st.just(True)), min_size=1, max_size=15),
       st.lists(event_rows(confidential=st.just(True)), max_size=8),
       st.integers(0, 4))
def test_a_public_score_never_moves_when_only_confidential_inputs_change(rows, events, secret_rows,
                                                                         secret_events, new_level):
    public_only = snapshot_json(inputs(rows, events), "public")
    with_secrets = inputs(rows + secret_rows, events + secret_events)
    assert snapshot_json(with_secrets, "public") == public_only
    changed = [replace(r, level=new_level) for r in secret_rows]  # the confidential ratings change
    assert snapshot_json(inputs(rows + changed, events + secret_events[:1]), "public") == public_only
