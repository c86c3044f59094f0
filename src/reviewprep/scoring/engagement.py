"""Engagement measures: who is speaking, from where, on what.

Computed from the same visible input arrays as the scores, so the public figures
count public submissions only and the snapshot's inputs hash covers them too.
"""

from __future__ import annotations

import datetime as dt

import numpy as np

from reviewprep.codes import CHAPTER_CODES, PARTY_ORDER, STAKEHOLDER_TYPES, SUBMISSION_KINDS
from reviewprep.scoring.inputs import Inputs, day_number
from reviewprep.scoring.method import rounded


def _counts(codes: np.ndarray, names: tuple[str, ...]) -> dict[str, int]:
    """Submissions per code, in the vocabulary's order, leaving out codes nobody used."""
    counts = np.bincount(codes, minlength=len(names))
    return {name: int(n) for name, n in zip(names, counts, strict=True) if n}


def engagement(inputs: Inputs, as_of: dt.date) -> dict:
    """Counts of the submissions (assessments and comments) in `inputs` (already visible)."""
    s = inputs.submissions
    total = len(s)
    today = day_number(as_of)
    this_week = int(np.count_nonzero(s.day > today - 7))
    previous_week = int(np.count_nonzero((s.day > today - 14) & (s.day <= today - 7)))
    by_type = _counts(s.stakeholder_type, STAKEHOLDER_TYPES)
    m = inputs.mentions
    return {
        "total": total,
        "by_kind": _counts(s.kind, SUBMISSION_KINDS),
        "by_party": _counts(s.party, PARTY_ORDER),
        "by_stakeholder_type": by_type,
        "by_chapter": _counts(m.chapter, CHAPTER_CODES),
        "sme_share": rounded(by_type.get("sme", 0) / total, 3) if total else None,
        "organizations": int(len(np.unique(s.organization[s.named_organization]))),
        "untagged_comments": int(np.count_nonzero((s.kind == SUBMISSION_KINDS.index("comment")) & ~s.tagged)),
        "this_week": this_week,
        "previous_week": previous_week,
        "week_on_week": this_week - previous_week,
    }
