"""Build small, hand-checkable scoring inputs without a database."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass

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


@dataclass(frozen=True)
class Rating:
    """One assessment: `level` 0-4 for a Party on a chapter (or one recommendation of it)."""

    chapter: str
    party: str
    level: float
    recommendation: str | None = None
    days_ago: int = 0  # before AS_OF; negative: after it
    stakeholder_type: str = "government"
    org: int | str | None = None  # organisation; None: the submission's own (an individual)
    confidential: bool = False
    campaign: str | None = None  # campaign-detection group key: letters of one form letter


@dataclass(frozen=True)
class EventRow:
    """One evidence-log entry."""

    day: dt.date
    party: str
    obligation: str
    status: str
    confidential: bool = False
    period: str | None = None  # the period it counts for; None: the year of `day`


@dataclass(frozen=True)
class Comment:
    """One consultation comment, tagged with `tags` (chapter or recommendation codes)."""

    party: str
    days_ago: int = 0
    tags: tuple[str, ...] = ()
    confidential: bool = False


def rating(chapter: str, party: str, level: float, rec: str | None = None, *, days_ago: int = 0,
           kind: str = "government", org: int | str | None = None, confidential: bool = False,
           campaign: str | None = None) -> Rating:
    """`campaign` names the form letter the rating came with (its group key; id C-<key>)."""
    return Rating(chapter, party, level, rec, days_ago, kind, org, confidential, campaign)


def event(day: dt.date, party: str, obligation: str, status: str, *, confidential: bool = False,
          period: str | None = None) -> EventRow:
    return EventRow(day, party, obligation, status, confidential, period)


def comment(party: str, *, days_ago: int = 0, tags=(), confidential: bool = False) -> Comment:
    return Comment(party, days_ago, tuple(tags), confidential)


def inputs(ratings: Sequence[Rating] = (), events: Sequence[EventRow] = (), ids=None, event_ids=None,
           campaign_min_size: int = 5) -> Inputs:
    """Scoring inputs built in memory from `rating(...)` and `event(...)`. Ids default to 1, 2, …"""
    rows = list(ratings)
    n = len(rows)
    ids = np.array(ids if ids is not None else range(1, n + 1), dtype=np.int64)
    day = np.array([day_number(AS_OF) - r.days_ago for r in rows], dtype=np.int64)
    party = np.array([PARTY_ORDER.index(r.party) for r in rows], dtype=np.int64)
    kind_of = np.array([STAKEHOLDER_TYPES.index(r.stakeholder_type) for r in rows], dtype=np.int64)
    org = np.array([r.org if r.org is not None else 1000 + int(i) for i, r in zip(ids, rows, strict=True)],
                   dtype=np.int64)
    confidential = np.array([r.confidential for r in rows], dtype=bool)
    chapter = np.array([CHAPTER_CODES.index(r.chapter) for r in rows], dtype=np.int64)
    fingerprints = [hashlib.sha256(repr((int(i), r)).encode()).hexdigest() for i, r in zip(ids, rows, strict=True)]
    group_keys = tuple(sorted({r.campaign for r in rows if r.campaign}))
    group = np.array([group_keys.index(r.campaign) if r.campaign else -1 for r in rows], dtype=np.int64)
    return Inputs(
        submissions=Submissions.by_day(
            submission_id=ids, fingerprint=np.array(fingerprints, dtype="S64"), day=day,
            kind=np.full(n, KINDS.index("assessment"), dtype=np.int64), party=party,
            stakeholder_type=kind_of, organization=org, named_organization=np.ones(n, dtype=bool),
            tagged=np.zeros(n, dtype=bool), confidential=confidential, group=group,
            copies=np.ones(n, dtype=np.int64), voice=org,
        ),
        ratings=Ratings.by_day(
            submission_id=ids, day=day, chapter=chapter,
            recommendation=np.array([RECOMMENDATION_CODES.index(r.recommendation) if r.recommendation else -1
                                     for r in rows], dtype=np.int64),
            party=party, rating=np.array([r.level for r in rows], dtype=np.float64),
            stakeholder_type=kind_of, organization=org, confidential=confidential, group=group,
        ),
        mentions=Mentions.by_day(submission_id=ids, chapter=chapter, day=day, confidential=confidential,
                                 voice=org, group=group),
        events=[
            Event(eid, f"ev{eid}-{e}", e.day, e.party, e.obligation, e.status, e.confidential, e.period)
            for eid, e in zip(event_ids if event_ids is not None else range(1, len(events) + 1), events,
                              strict=True)
        ],
        group_keys=group_keys, campaign_min_size=campaign_min_size,
    )


def store_inputs(session, ratings: Sequence[Rating] = (), events: Sequence[EventRow] = (),
                 comments: Sequence[Comment] = ()) -> None:
    """Write inputs through the real models, as the loaders would."""
    from reviewprep.store.models import Assessment, CommentTag, EvidenceEvent, Submission

    seen: dict[str, int] = {}

    def identity(*content) -> str:  # by content, like the loaders; repeats of one row stay distinct
        key = repr(content)
        seen[key] = seen.get(key, 0) + 1
        return hashlib.sha256(f"{key}|{seen[key]}".encode()).hexdigest()

    def submission(kind: str, party: str, days: int, kind_of: str, org: str, confidential: bool, text: str,
                   content):
        return Submission(
            fingerprint=identity(kind, content), kind=kind,
            submitted_on=AS_OF - dt.timedelta(days=days), stakeholder_name=f"Person {text}",
            organization=org, stakeholder_type=kind_of, party=party, language="en",
            confidential=confidential, text=text,
        )

    for i, r in enumerate(ratings):
        s = submission("assessment", r.party, r.days_ago, r.stakeholder_type,
                       "" if r.org is None else f"Org {r.org}", r.confidential, f"rating {i} {r}", r)
        s.assessment = Assessment(chapter=r.chapter, recommendation=r.recommendation, rating=float(r.level))
        session.add(s)
    for i, c in enumerate(comments):
        s = submission("comment", c.party, c.days_ago, "individual", "", c.confidential, f"comment {i}", c)
        session.add(s)
        session.flush()
        session.add_all(CommentTag(submission_id=s.id, code=code, matched_terms=["term"]) for code in c.tags)
    for i, e in enumerate(events):
        session.add(EvidenceEvent(
            fingerprint=identity("event", e), event_date=e.day, party=e.party,
            obligation=e.obligation, status=e.status, description=f"event {i}: {e.obligation} {e.status}",
            confidential=e.confidential, period=e.period,
        ))
    session.flush()
