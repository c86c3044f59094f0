"""Voices on arrays: a campaign is one voice, anonymous writers are each their own."""

from __future__ import annotations

import numpy as np

from reviewprep.campaigns.voices import active_campaigns, distinct, one_voice_factor, voice_ids


def test_a_group_becomes_a_campaign_at_min_size_counting_folded_copies():
    group = np.array([0, 0, 0, 1, 1, -1, 2])
    copies = np.array([1, 1, 1, 1, 1, 1, 40])
    assert active_campaigns(group, copies, 3).tolist() == [True, True, True, False, False, False, True]


def test_voices_campaign_once_anonymous_each():
    who = np.array([0, 0, 1, 2, 2, 2, 3])  # 0: an organisation, 1: a name, 2: "" (anonymous), 3: another
    anonymous = np.array([False, False, False, True, True, False, False])
    group = np.array([-1, -1, -1, -1, -1, 5, 5])
    active = np.array([False, False, False, False, False, True, True])
    voices = voice_ids(who, anonymous, group, active)
    assert distinct(voices) == 1 + 1 + 2 + 1  # the organisation, the name, two anonymous, one campaign


def test_campaign_ratings_share_one_weight_per_cell():
    cell = np.array([7, 7, 7, 7, 8])
    voice = np.array([100, 100, 100, 3, 100])
    active = np.array([True, True, True, False, True])
    assert one_voice_factor(cell, voice, active).tolist() == [1 / 3, 1 / 3, 1 / 3, 1.0, 1.0]


def test_participation_counts_people_not_copies():
    from reviewprep.campaigns.participation import Contribution, participation

    letters = [Contribution(i, "US", "individual", "United States", "", f"Person {i}", "g1", 1, ("ch26",))
               for i in range(150)]
    others = [Contribution(1000 + i, "CA", "sme" if i < 10 else "company", "Canada", f"Firm {i}", "", "", 1,
                           ("ch26", "R3") if i % 2 else ("ch12",)) for i in range(50)]
    anonymous = [Contribution(2000 + i, "MX", "individual", "", "", "", "", 1, ()) for i in range(2)]
    p = participation(letters + others + anonymous, min_size=5)
    assert (p["submissions"], p["distinct_voices"], p["campaign_letters"]) == (202, 53, 150)
    assert p["by_code"]["ch26"] == {"submissions": 175, "voices": 26, "groups": {"g1"}}
    assert p["by_code"]["ch26/R3"] == {"submissions": 25, "voices": 25, "groups": set()}
    assert "R3" not in p["by_code"]
    assert p["sme_share"]["submissions"] == 10 / 202 and p["sme_share"]["voices"] == 10 / 53
    assert p["by_party"][0] == {"key": "US", "submissions": 150, "voices": 1}
