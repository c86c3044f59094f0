"""The scoring inputs as arrays, so every as-of date and audience is a cheap mask.

`store.scoring_reads.load_inputs` reads them from the database once; a snapshot is then
a pure function of these arrays and the config, which is what makes it exact,
reproducible and hashable.

"Received by the as-of date" means the date on the input itself: a submission's
`submitted_on` and an evidence event's `event_date` (docs/methodology.md explains why).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, fields

import numpy as np

from reviewprep.codes import AUDIENCES

EPOCH = dt.date(1970, 1, 1)


def day_number(day: dt.date) -> int:
    """Days since 1970-01-01: how dates are held in the arrays."""
    return (day - EPOCH).days


def from_day_number(number: int) -> dt.date:
    return EPOCH + dt.timedelta(days=int(number))


@dataclass
class Columns:
    """Aligned NumPy columns, rows ordered by day (build with `by_day`).

    Day order makes "received by a date" a prefix: `until` slices (a view, no copy).
    """

    def __len__(self) -> int:
        return len(self.day)

    def take(self, rows):
        return type(self)(**{f.name: getattr(self, f.name)[rows] for f in fields(self)})

    def until(self, last_day: int):
        return self.take(slice(0, int(np.searchsorted(self.day, last_day, side="right"))))

    def public(self):
        return self.take(~self.confidential)

    @classmethod
    def by_day(cls, **columns: np.ndarray):
        c = {k: np.asarray(v) for k, v in columns.items()}
        order = np.lexsort(cls.sort_keys(c))
        return cls(**{k: v[order] for k, v in c.items()})

    @staticmethod
    def sort_keys(c: dict[str, np.ndarray]) -> tuple[np.ndarray, ...]:
        """Sort keys, least significant first; the last one is the day."""
        return (c["submission_id"], c["day"])


@dataclass
class Submissions(Columns):
    """One entry per submission, assessment or comment: what engagement and the hash see."""

    submission_id: np.ndarray
    fingerprint: np.ndarray  # bytes (S64): the content identity
    day: np.ndarray
    kind: np.ndarray  # index into SUBMISSION_KINDS
    party: np.ndarray  # index into PARTY_ORDER
    stakeholder_type: np.ndarray  # index into STAKEHOLDER_TYPES
    organization: np.ndarray  # integer id of the organisation, or of the individual when none
    named_organization: np.ndarray  # bool: an organisation was given
    tagged: np.ndarray  # bool: a comment matched at least one tag term
    confidential: np.ndarray


@dataclass
class Ratings(Columns):
    """One entry per assessment, in canonical order (see `sort_keys`)."""

    submission_id: np.ndarray
    day: np.ndarray
    chapter: np.ndarray  # index into CHAPTER_CODES
    recommendation: np.ndarray  # index into RECOMMENDATION_CODES, -1 = whole chapter
    party: np.ndarray  # index into PARTY_ORDER
    rating: np.ndarray  # level 0-4
    stakeholder_type: np.ndarray  # index into STAKEHOLDER_TYPES
    organization: np.ndarray
    confidential: np.ndarray

    @staticmethod
    def sort_keys(c: dict[str, np.ndarray]) -> tuple[np.ndarray, ...]:
        """Day, then everything that enters a sum (cell, stakeholder type, rating): so the
        floating-point sums, hence the scores, are bit-for-bit the same whatever order the
        inputs arrived in. Rows equal on all of these are interchangeable."""
        cell = ((c["chapter"] * 16 + c["recommendation"] + 1) * 8 + c["party"]) * 16 + c["stakeholder_type"]
        return (c["rating"], cell, c["day"])


@dataclass
class Mentions(Columns):
    """(submission, chapter) pairs: a rating's chapter or a comment's chapter tag."""

    submission_id: np.ndarray
    chapter: np.ndarray
    day: np.ndarray
    confidential: np.ndarray


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
    submissions: Submissions
    ratings: Ratings
    mentions: Mentions
    events: list[Event]

    def __post_init__(self) -> None:
        for table in (self.submissions, self.ratings, self.mentions):
            if len(table) > 1 and np.any(table.day[1:] < table.day[:-1]):
                raise ValueError(f"{type(table).__name__} must be ordered by day (build them with by_day)")

    def for_audience(self, audience: str) -> Inputs:
        """All inputs for `restricted`; public ones only for `public`."""
        if audience not in AUDIENCES:
            raise ValueError(f"unknown audience {audience!r}; choose from {', '.join(AUDIENCES)}")
        if audience == "restricted":
            return self
        return Inputs(self.submissions.public(), self.ratings.public(), self.mentions.public(),
                      [e for e in self.events if not e.confidential])

    def until(self, as_of: dt.date) -> Inputs:
        """Only what had been received by `as_of` (views: no copying)."""
        last = day_number(as_of)
        return Inputs(self.submissions.until(last), self.ratings.until(last), self.mentions.until(last),
                      [e for e in self.events if e.day <= as_of])

    def digest(self) -> str:
        """Hash of exactly these inputs (order-free): the identity of a snapshot's inputs."""
        digest = hashlib.sha256(b"submissions\n")
        digest.update(np.sort(self.submissions.fingerprint).tobytes())
        digest.update(b"\nevents\n")
        digest.update("\n".join(sorted(e.fingerprint for e in self.events)).encode())
        return digest.hexdigest()
