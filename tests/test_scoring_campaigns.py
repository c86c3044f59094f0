"""A campaign's ratings weigh as one voice: the worked example of docs/campaigns.md, by hand.

Four business associations rate a cell 3, 3, 2, 3; 150 individuals send one form letter
rating it 0. Counted letter by letter the campaign sets the score (3.48, off track, high
confidence); as one voice it is one rating among five (61.11, needs acceleration,
medium confidence); alone, it is one voice, below the minimum: insufficient evidence.
"""

from __future__ import annotations

import pytest

from reviewprep.framework import load_framework
from reviewprep.scoring.config import load_scoring
from reviewprep.scoring.method import score_cells
from tests.conftest import REPO
from tests.scoring_cases import AS_OF, inputs, rating

CELL = ("ch26", "R4", "US")  # a cell no obligation bears on: the score is A alone


@pytest.fixture(scope="module")
def framework():
    return load_framework(REPO / "config")


@pytest.fixture(scope="module")
def config():
    return load_scoring(REPO / "config")


def associations():
    return [rating("ch26", "US", level, "R4", kind="business_association", org=100 + i)
            for i, level in enumerate((3, 3, 2, 3))]


def campaign(size=150, level=0):
    return [rating("ch26", "US", level, "R4", kind="individual", campaign="form") for _ in range(size)]


def cell(framework, config, rows, min_size=5):
    cells = score_cells(inputs(rows, campaign_min_size=min_size), framework, config, AS_OF)
    return next(c for c in cells if c.key == CELL)


def test_worked_example_one_voice(framework, config):
    c = cell(framework, config, associations() + campaign())
    assert c.assessment == pytest.approx(61.11, abs=0.01)
    assert c.status == "needs_acceleration"
    assert (c.n, c.voices) == (154, 5)
    assert c.confidence == "medium"
    assert c.campaigns.as_json() == [{"id": "C-form", "ratings": 150, "weight_share": pytest.approx(0.5 / 4.5, abs=1e-6)}]


def test_worked_example_each_letter(framework, config):
    each = config.model_copy(update={"campaign_ratings": "each_letter"})
    c = cell(framework, each, associations() + campaign())
    assert c.assessment == pytest.approx(3.48, abs=0.01)
    assert c.status == "off_track"
    assert c.confidence == "high"


def test_a_campaign_alone_does_not_set_the_score(framework, config):
    c = cell(framework, config, campaign())
    assert c.assessment is None and c.score is None
    assert c.status == "insufficient_evidence" and c.confidence == "low"
    assert (c.n, c.voices) == (150, 1)


def test_a_group_below_min_size_is_not_a_campaign(framework, config):
    c = cell(framework, config, associations() + campaign(size=4))
    assert c.voices == 8 and c.campaigns.as_json() == []


def test_holdout_campaign_ratings_no_longer_set_the_score(framework, config):
    """The hold-out: 150 campaign ratings of 0 among 50 distinct ratings of 3 spread over cells."""
    distinct = [rating("ch26", "US", 3, "R4", kind="company", org=200 + i) for i in range(3)]
    with_campaign = cell(framework, config, distinct + campaign())
    assert with_campaign.assessment >= 50  # 3 voices at 75 and one at 0, weighted
    assert with_campaign.status != "off_track"
    one_letter = cell(framework, config, distinct + campaign(size=1))
    assert with_campaign.assessment == pytest.approx(
        cell(framework, config, distinct + [rating("ch26", "US", 0, "R4", kind="individual")]).assessment, abs=0.01)
    assert one_letter.voices == 4
