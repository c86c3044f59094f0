"""Engagement measures: who is speaking, from where, on what.

Computed from the same visible input arrays as the scores, so the public figures
count public submissions only and the snapshot's inputs hash covers them too.
Submissions and distinct voices side by side: a campaign's letters are one voice
(docs/campaigns.md), an organisation is one voice however often it writes.
"""

from __future__ import annotations

import datetime as dt

import numpy as np

from reviewprep.campaigns.summary import campaign_id
from reviewprep.codes import CHAPTER_CODES, PARTY_ORDER, STAKEHOLDER_TYPES, SUBMISSION_KINDS
from reviewprep.scoring.inputs import Inputs, day_number
from reviewprep.scoring.method import distinct, rounded


def _counts(codes: np.ndarray, names: tuple[str, ...]) -> dict[str, int]:
    """Submissions per code, in the vocabulary's order, leaving out codes nobody used."""
    counts = np.bincount(codes, minlength=len(names))
    return {name: int(n) for name, n in zip(names, counts, strict=True) if n}


def _voice_counts(codes: np.ndarray, voice: np.ndarray, names: tuple[str, ...]) -> dict[str, int]:
    """Distinct voices per code (a voice heard under two codes counts under each)."""
    if not len(codes):
        return {}
    n_voices = int(voice.max()) + 1
    pairs = distinct(codes.astype(np.int64) * n_voices + voice)
    return _counts(pairs // n_voices, names)


def voices_of(inputs: Inputs) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(voice per submission, voice per mention, campaign groups) among `inputs`: a
    submission's voice is its campaign's when its group is a campaign here, else its own."""
    s, m = inputs.submissions, inputs.mentions
    active = inputs.campaign_groups()
    base = int(s.voice.max(initial=-1)) + 1

    def voice(group: np.ndarray, own: np.ndarray) -> np.ndarray:
        if not len(active):
            return own
        return np.where((group >= 0) & active[np.maximum(group, 0)], base + group, own)

    return voice(s.group, s.voice), voice(m.group, m.voice), active


def campaigns_seen(inputs: Inputs, active: np.ndarray) -> list[dict]:
    """The campaigns among `inputs`, largest first: id, size (letters), signatories (with copies)."""
    s = inputs.submissions
    grouped = s.group >= 0
    letters = np.bincount(s.group[grouped], minlength=len(active))
    copies = np.bincount(s.group[grouped], weights=s.copies[grouped], minlength=len(active))
    found = [{"id": campaign_id(inputs.group_keys[g]), "size": int(letters[g]), "signatories": int(copies[g]),
              "share": rounded(letters[g] / len(s), 3)} for g in np.flatnonzero(active)]
    return sorted(found, key=lambda c: (-c["signatories"], c["id"]))


def engagement(inputs: Inputs, as_of: dt.date) -> dict:
    """Counts of the submissions (assessments and comments) in `inputs` (already visible)."""
    s = inputs.submissions
    total = len(s)
    today = day_number(as_of)
    this_week = int(np.count_nonzero(s.day > today - 7))
    previous_week = int(np.count_nonzero((s.day > today - 14) & (s.day <= today - 7)))
    by_type = _counts(s.stakeholder_type, STAKEHOLDER_TYPES)
    m = inputs.mentions
    voice, mention_voice, active = voices_of(inputs)
    distinct_voices = len(distinct(voice))
    sme = STAKEHOLDER_TYPES.index("sme")
    sme_voices = len(distinct(voice[s.stakeholder_type == sme]))
    return {
        "total": total,
        "submissions": total,
        "distinct_voices": distinct_voices,
        "campaigns": campaigns_seen(inputs, active),
        "voices_by_party": _voice_counts(s.party, voice, PARTY_ORDER),
        "voices_by_stakeholder_type": _voice_counts(s.stakeholder_type, voice, STAKEHOLDER_TYPES),
        "voices_by_chapter": _voice_counts(m.chapter, mention_voice, CHAPTER_CODES),
        "sme_share_of_voices": rounded(sme_voices / distinct_voices, 3) if distinct_voices else None,
        "by_kind": _counts(s.kind, SUBMISSION_KINDS),
        "by_party": _counts(s.party, PARTY_ORDER),
        "by_stakeholder_type": by_type,
        "by_chapter": _counts(m.chapter, CHAPTER_CODES),
        "sme_share": rounded(by_type.get("sme", 0) / total, 3) if total else None,
        "organizations": len(distinct(s.organization[s.named_organization])),
        "untagged_comments": int(np.count_nonzero((s.kind == SUBMISSION_KINDS.index("comment")) & ~s.tagged)),
        "this_week": this_week,
        "previous_week": previous_week,
        "week_on_week": this_week - previous_week,
    }
