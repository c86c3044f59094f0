"""Read the scoring inputs once, as arrays, so every as-of date is a cheap mask.

Nothing here loops over rows in Python: one query per table, then NumPy columns.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass

import numpy as np
from sqlalchemy import select
from sqlalchemy.orm import Session

from reviewprep.framework.models import (
    CHAPTER_CODES,
    PARTIES,
    RECOMMENDATION_CODES,
    TRILATERAL,
)
from reviewprep.store.models import Assessment, EvidenceEvent, Submission

PARTY_ORDER = (*PARTIES, TRILATERAL)
EPOCH = dt.date(1970, 1, 1)


def day_number(day: dt.date) -> int:
    return (day - EPOCH).days


@dataclass
class Ratings:
    """One entry per stored assessment, columns aligned."""

    submission_id: np.ndarray
    fingerprint: np.ndarray
    day: np.ndarray
    chapter: np.ndarray  # index into CHAPTER_CODES
    recommendation: np.ndarray  # index into RECOMMENDATION_CODES, -1 = whole chapter
    party: np.ndarray  # index into PARTY_ORDER
    rating: np.ndarray
    stakeholder_type: np.ndarray
    organization: np.ndarray  # integer id of the organisation (or the individual)
    confidential: np.ndarray

    def __len__(self) -> int:
        return len(self.rating)

    def take(self, mask: np.ndarray) -> Ratings:
        return Ratings(**{k: v[mask] for k, v in self.__dict__.items()})


@dataclass(frozen=True)
class Event:
    id: int
    fingerprint: str
    day: dt.date
    party: str
    obligation: str
    status: str
    confidential: bool = False


@dataclass
class Inputs:
    ratings: Ratings
    events: list[Event]

    def visible(self, as_of: dt.date, audience: str) -> Inputs:
        """Only what had been received by `as_of`, and only public inputs for the public."""
        mask = self.ratings.day <= day_number(as_of)
        if audience == "public":
            mask &= ~self.ratings.confidential
        events = [e for e in self.events if e.day <= as_of and (audience != "public" or not e.confidential)]
        return Inputs(self.ratings.take(mask), events)

    def digest(self) -> str:
        """Hash of exactly the inputs that are visible: the snapshot's identity."""
        digest = hashlib.sha256()
        for fp in np.sort(self.ratings.fingerprint):
            digest.update(fp.encode())
        for fp in sorted(e.fingerprint for e in self.events):
            digest.update(fp.encode())
        return digest.hexdigest()


def load_inputs(session: Session) -> Inputs:
    rows = session.execute(
        select(
            Submission.id, Submission.fingerprint, Submission.submitted_on, Assessment.chapter,
            Assessment.recommendation, Submission.party, Assessment.rating,
            Submission.stakeholder_type, Submission.organization, Submission.stakeholder_name,
            Submission.confidential,
        ).join(Assessment, Assessment.submission_id == Submission.id)
        .order_by(Submission.id)
    ).all()
    columns = list(zip(*rows)) if rows else [()] * 11
    (ids, fps, days, chapters, recs, parties, ratings, types, orgs, names, confidential) = columns
    chapter_index = {c: i for i, c in enumerate(CHAPTER_CODES)}
    rec_index = {r: i for i, r in enumerate(RECOMMENDATION_CODES)}
    party_index = {p: i for i, p in enumerate(PARTY_ORDER)}
    org_keys = [o.strip().lower() or f"individual:{n.strip().lower()}" for o, n in zip(orgs, names)]
    _, org_ids = np.unique(np.array(org_keys, dtype=object), return_inverse=True) if org_keys else (None, np.array([], dtype=np.int64))
    ratings_arrays = Ratings(
        submission_id=np.array(ids, dtype=np.int64),
        fingerprint=np.array(fps, dtype=object),
        day=np.array([day_number(d) for d in days], dtype=np.int64),
        chapter=np.array([chapter_index[c] for c in chapters], dtype=np.int64),
        recommendation=np.array([rec_index.get(r, -1) if r else -1 for r in recs], dtype=np.int64),
        party=np.array([party_index[p] for p in parties], dtype=np.int64),
        rating=np.array(ratings, dtype=np.float64),
        stakeholder_type=np.array(types, dtype=object),
        organization=np.asarray(org_ids, dtype=np.int64),
        confidential=np.array(confidential, dtype=bool),
    )
    events = [
        Event(*row)
        for row in session.execute(
            select(
                EvidenceEvent.id, EvidenceEvent.fingerprint, EvidenceEvent.event_date,
                EvidenceEvent.party, EvidenceEvent.obligation, EvidenceEvent.status,
            ).order_by(EvidenceEvent.event_date, EvidenceEvent.id)
        )
    ]
    return Inputs(ratings_arrays, events)
