"""Build small, hand-checkable scoring inputs without a database."""

from __future__ import annotations

import datetime as dt

import numpy as np

from reviewprep.framework.models import CHAPTER_CODES, RECOMMENDATION_CODES
from reviewprep.scoring.inputs import PARTY_ORDER, Event, Inputs, Ratings, day_number

AS_OF = dt.date(2026, 11, 20)


def ratings(*rows: tuple) -> Ratings:
    """rows: (chapter, recommendation or None, party, rating, days_before_as_of, type, org, confidential)."""
    full = [tuple(r) + (None,) * (8 - len(r)) for r in rows]
    return Ratings(
        submission_id=np.arange(1, len(full) + 1, dtype=np.int64),
        fingerprint=np.array([f"fp{i}" for i in range(len(full))], dtype=object),
        day=np.array([day_number(AS_OF) - (r[4] or 0) for r in full], dtype=np.int64),
        chapter=np.array([CHAPTER_CODES.index(r[0]) for r in full], dtype=np.int64),
        recommendation=np.array([RECOMMENDATION_CODES.index(r[1]) if r[1] else -1 for r in full], dtype=np.int64),
        party=np.array([PARTY_ORDER.index(r[2]) for r in full], dtype=np.int64),
        rating=np.array([r[3] for r in full], dtype=np.float64),
        stakeholder_type=np.array([r[5] or "government" for r in full], dtype=object),
        organization=np.array([r[6] if r[6] is not None else i for i, r in enumerate(full)], dtype=np.int64),
        confidential=np.array([bool(r[7]) for r in full], dtype=bool),
    )


def inputs(rating_rows=(), events=()) -> Inputs:
    return Inputs(ratings(*rating_rows), [
        Event(i + 1, f"ev{i}", day, party, obligation, status)
        for i, (day, party, obligation, status) in enumerate(events)
    ])
