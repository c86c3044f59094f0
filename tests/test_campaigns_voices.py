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
