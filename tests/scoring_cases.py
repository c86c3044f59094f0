"""Build small, hand-checkable scoring inputs without a database."""

from __future__ import annotations

import datetime as dt
import hashlib

import numpy as np

from reviewprep.codes import CHAPTER_CODES, PARTY_ORDER, RECOMMENDATION_CODES, STAKEHOLDER_TYPES
from reviewprep.codes import SUBMISSION_KINDS as KINDS
from reviewprep.scoring.inputs import (
    Event,
    Inputs,
    Mentions,
    Ratings,
    Submissions,
    day_number,
)

AS_OF = dt.date(2026, 11, 20)


def _full(row: tuple) -> tuple:
    """(chapter, recommendation, party, rating, days_before_as_of, type, org, confidential)."""
    return tuple(row) + (None,) * (8 - len(row))


def inputs(rating_rows=(), events=(), ids=None, event_ids=None) -> Inputs:
    """rating_rows: (chapter, recommendation or None, party, rating, days_before_as_of=0,
    stakeholder type='government', organisation id=own, confidential=False);
    events: (date, party, obligation, status[, confidential]). Ids default to 1, 2, …"""
    rows = [_full(r) for r in rating_rows]
    n = len(rows)
    ids = np.array(ids if ids is not None else range(1, n + 1), dtype=np.int64)
    day = np.array([day_number(AS_OF) - (r[4] or 0) for r in rows], dtype=np.int64)
    party = np.array([PARTY_ORDER.index(r[2]) for r in rows], dtype=np.int64)
    kind_of = np.array([STAKEHOLDER_TYPES.index(r[5] or "government") for r in rows], dtype=np.int64)
    org = np.array([r[6] if r[6] is not None else 1000 + int(i) for i, r in zip(ids, rows, strict=True)], dtype=np.int64)
    confidential = np.array([bool(r[7]) for r in rows], dtype=bool)
    chapter = np.array([CHAPTER_CODES.index(r[0]) for r in rows], dtype=np.int64)
    fingerprints = [hashlib.sha256(repr((int(i), r)).encode()).hexdigest() for i, r in zip(ids, rows, strict=True)]
    return Inputs(
        submissions=Submissions.by_day(
            submission_id=ids, fingerprint=np.array(fingerprints, dtype="S64"), day=day,
            kind=np.full(n, KINDS.index("assessment"), dtype=np.int64), party=party,
            stakeholder_type=kind_of, organization=org, named_organization=np.ones(n, dtype=bool),
            tagged=np.zeros(n, dtype=bool), confidential=confidential,
        ),
        ratings=Ratings.by_day(
            submission_id=ids, day=day, chapter=chapter,
            recommendation=np.array([RECOMMENDATION_CODES.index(r[1]) if r[1] else -1 for r in rows], dtype=np.int64),
            party=party, rating=np.array([r[3] for r in rows], dtype=np.float64),
            stakeholder_type=kind_of, organization=org, confidential=confidential,
        ),
        mentions=Mentions.by_day(submission_id=ids, chapter=chapter, day=day, confidential=confidential),
        events=[
            Event(eid, f"ev{eid}-{e}", e[0], e[1], e[2], e[3], bool(e[4]) if len(e) > 4 else False)
            for eid, e in zip(event_ids if event_ids is not None else range(1, len(events) + 1), events,
                              strict=True)
        ],
    )


def store_inputs(session, rating_rows=(), events=(), comments=()) -> None:
    """Write inputs through the real models, as the loaders would (same tuple shapes as
    `inputs`; comments: (party, days_before_as_of, chapter codes, confidential))."""
    from reviewprep.store.models import Assessment, CommentTag, EvidenceEvent, Submission

    seen: dict[str, int] = {}

    def identity(*content) -> str:  # by content, like the loaders; repeats of one row stay distinct
        key = repr(content)
        seen[key] = seen.get(key, 0) + 1
        return hashlib.sha256(f"{key}|{seen[key]}".encode()).hexdigest()

    def submission(kind: str, party: str, days: int, kind_of: str, org: str, confidential: bool, text: str,
                   content: tuple):
        return Submission(
            fingerprint=identity(kind, *content), kind=kind,
            submitted_on=AS_OF - dt.timedelta(days=days), stakeholder_name=f"Person {text}",
            organization=org, stakeholder_type=kind_of, party=party, language="en",
            confidential=confidential, text=text,
        )

    for i, row in enumerate(_full(r) for r in rating_rows):
        chapter, rec, party, rating, days, kind_of, org, confidential = row
        s = submission("assessment", party, days or 0, kind_of or "government",
                       "" if org is None else f"Org {org}", bool(confidential), f"rating {i} {row}", row)
        s.assessment = Assessment(chapter=chapter, recommendation=rec, rating=float(rating))
        session.add(s)
    for i, (party, days, codes, confidential) in enumerate(comments):
        s = submission("comment", party, days, "individual", "", confidential, f"comment {i}",
                       (party, days, tuple(codes), confidential))
        session.add(s)
        session.flush()
        session.add_all(CommentTag(submission_id=s.id, code=c, matched_terms=["term"]) for c in codes)
    for i, e in enumerate(events):
        day, party, obligation, status = e[:4]
        session.add(EvidenceEvent(
            fingerprint=identity("event", *e), event_date=day, party=party,
            obligation=obligation, status=status, description=f"event {i}: {obligation} {status}",
            confidential=bool(e[4]) if len(e) > 4 else False,
        ))
    session.flush()
