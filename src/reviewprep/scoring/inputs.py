"""The scoring inputs as arrays, so every as-of date and audience is a cheap mask.

`store.scoring_reads.load_inputs` reads them from the database once; a snapshot is then
a pure function of these arrays and the config, which is what makes it exact,
reproducible and hashable.

"Received by the as-of date" means the date on the input itself: a submission's
`submitted_on` and an evidence event's `event_date` (docs/methodology.md explains why).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, fields

import numpy as np

from reviewprep.codes import AUDIENCES

EPOCH = dt.date(1970, 1, 1)
HEX_ROWS = 65_536  # fingerprints hashed at a time as hex: 4 MB, not a second copy of the column


def hex_of(fingerprints: np.ndarray) -> bytes:
    """S32 fingerprints as their hex, one after another: the text they are stored as."""
    return fingerprints.tobytes().hex().encode("ascii")


def day_number(day: dt.date) -> int:
    """Days since 1970-01-01: how dates are held in the arrays."""
    return (day - EPOCH).days


def from_day_number(number: int) -> dt.date:
    return EPOCH + dt.timedelta(days=int(number))


def lexsort(keys: tuple[np.ndarray, ...]) -> np.ndarray:
    """`np.lexsort(keys)`, as one stable sort per key from the least significant: a key with
    fewer than 65,536 distinct values (days, cells, ratings, groups here) sorts by radix, in
    linear time, where np.lexsort compares."""
    order = np.arange(len(keys[0]) if keys else 0)
    for key in keys:
        values = key[order]
        if values.dtype.kind == "f":
            values = np.unique(values, return_inverse=True)[1]
        if len(values) and int(values.max()) - int(values.min()) < 1 << 16:
            wide = np.int32 if values.itemsize < 4 else values.dtype  # so the difference never wraps
            values = np.subtract(values, values.min(), dtype=wide).astype(np.uint16)
        order = order[np.argsort(values, kind="stable")]
    return order


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
        """The columns in day order; each unsorted column is let go once its sorted copy is made."""
        return cls.in_day_order(**columns)[0]

    @classmethod
    def in_day_order(cls, **columns: np.ndarray):
        """`by_day`, and the order it took the rows in (row i is the given row order[i])."""
        columns = {k: np.asarray(v) for k, v in columns.items()}
        order = lexsort(cls.sort_keys(columns))
        return cls(**{k: columns.pop(k)[order] for k in list(columns)}), order

    @staticmethod
    def sort_keys(c: dict[str, np.ndarray]) -> tuple[np.ndarray, ...]:
        """Sort keys, least significant first; the last one is the day."""
        return (c["submission_id"], c["day"])


@dataclass
class Submissions(Columns):
    """One entry per submission, assessment or comment: what engagement and the hash see."""

    submission_id: np.ndarray
    fingerprint: np.ndarray  # the content identity: SHA-256, 32 raw bytes (S32), half its hex
    day: np.ndarray
    kind: np.ndarray  # index into SUBMISSION_KINDS
    party: np.ndarray  # index into PARTY_ORDER
    stakeholder_type: np.ndarray  # index into STAKEHOLDER_TYPES
    organization: np.ndarray  # integer id of the organisation, or of the individual when none
    named_organization: np.ndarray  # bool: an organisation was given
    tagged: np.ndarray  # bool: a comment matched at least one tag term
    confidential: np.ndarray
    # Campaign detection: the letter's group (index into Inputs.group_keys, -1 = none) and
    # the copies it stands for (itself plus regulations.gov's Duplicate Comments); its voice
    # outside campaigns: its organisation's, else its name's, else its own.
    group: np.ndarray
    copies: np.ndarray
    voice: np.ndarray


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
    group: np.ndarray  # the submission's campaign-detection group, -1 = none

    @staticmethod
    def sort_keys(c: dict[str, np.ndarray]) -> tuple[np.ndarray, ...]:
        """Day, then everything that enters a sum (cell, stakeholder type, rating, group): so
        the floating-point sums, hence the scores, are bit-for-bit the same whatever order
        the inputs arrived in. Rows equal on all of these are interchangeable."""
        cell = ((c["chapter"].astype(np.int32) * 16 + c["recommendation"] + 1) * 8 + c["party"]) * 16 \
            + c["stakeholder_type"]  # codes may be int8: widened first
        return (c["group"], c["rating"], cell, c["day"])


@dataclass
class Mentions(Columns):
    """(submission, chapter) pairs: a rating's chapter or a comment's chapter tag."""

    submission_id: np.ndarray
    chapter: np.ndarray
    day: np.ndarray
    confidential: np.ndarray
    voice: np.ndarray  # the submission's voice without campaigns (organisation, name or itself)
    group: np.ndarray  # the submission's campaign-detection group, -1 = none


@dataclass(frozen=True)
class Event:
    id: int
    fingerprint: str
    day: dt.date
    party: str
    obligation: str
    status: str
    confidential: bool = False
    period: str | None = None  # a year or "start/end" range; None: the year of `day`


@dataclass
class Inputs:
    submissions: Submissions
    ratings: Ratings
    mentions: Mentions
    events: list[Event]
    group_keys: Sequence[str] = ()  # campaign detection's group keys (a tuple, or a StringDType array), by index
    campaign_min_size: int = 5  # copies from which a group is a campaign (config/campaigns.yaml)

    def __post_init__(self) -> None:
        for table in (self.submissions, self.ratings, self.mentions):
            if len(table) > 1 and np.any(table.day[1:] < table.day[:-1]):
                raise ValueError(f"{type(table).__name__} must be ordered by day (build them with by_day)")

    def for_audience(self, audience: str) -> Inputs:
        """All inputs for `restricted`; public ones only for `public`."""
        if audience not in AUDIENCES:
            raise ValueError(f"unknown audience {audience!r}; choose from {', '.join(AUDIENCES)}")
        if audience == "restricted" or not self.has_confidential():
            return self
        return dataclasses.replace(self, submissions=self.submissions.public(), ratings=self.ratings.public(),
                                   mentions=self.mentions.public(),
                                   events=[e for e in self.events if not e.confidential])

    def has_confidential(self) -> bool:
        return bool(self.submissions.confidential.any() or self.ratings.confidential.any()
                    or self.mentions.confidential.any() or any(e.confidential for e in self.events))

    def until(self, as_of: dt.date) -> Inputs:
        """Only what had been received by `as_of` (views: no copying)."""
        last = day_number(as_of)
        return dataclasses.replace(self, submissions=self.submissions.until(last),
                                   ratings=self.ratings.until(last), mentions=self.mentions.until(last),
                                   events=[e for e in self.events if e.day <= as_of])

    def since(self, first: dt.date) -> Inputs:
        """Only what is dated `first` or later (for a period's counts; scores use `until`)."""
        day = day_number(first)

        def after(table):
            return table.take(slice(int(np.searchsorted(table.day, day, side="left")), None))

        return dataclasses.replace(self, submissions=after(self.submissions), ratings=after(self.ratings),
                                   mentions=after(self.mentions), events=[e for e in self.events if e.day >= first])

    def campaign_groups(self) -> np.ndarray:
        """Per group index: it is a campaign among these inputs (its copies reach the minimum)."""
        s = self.submissions
        grouped = s.group >= 0
        totals = np.bincount(s.group[grouped], weights=s.copies[grouped], minlength=len(self.group_keys))
        return totals >= self.campaign_min_size

    def digest(self) -> str:
        """Hash of exactly these inputs (order-free): the identity of a snapshot's inputs."""
        digest = hashlib.sha256(b"submissions\n")
        fingerprints = self.submissions.fingerprint
        order = fingerprint_order(fingerprints)  # the order of their hex too
        for start in range(0, len(order), HEX_ROWS):
            digest.update(hex_of(fingerprints[order[start:start + HEX_ROWS]]))
        digest.update(b"\nevents\n")
        digest.update("\n".join(sorted(e.fingerprint for e in self.events)).encode())
        s = self.submissions
        active = self.campaign_groups()
        grouped = np.flatnonzero((s.group >= 0) & active[np.maximum(s.group, 0)]) if len(active) else []
        if len(grouped):  # which letters are one campaign's changes the scores (smaller groups do not)
            digest.update(b"\ncampaigns %d copies %d\n" % (self.campaign_min_size, int(s.copies[grouped].sum())))
            keys = np.asarray(self.group_keys, dtype="S64")
            fingerprints, groups = s.fingerprint[grouped], s.group[grouped]
            order = _pair_order(fingerprints, groups, keys)
            for start in range(0, len(order), HEX_ROWS):
                rows = order[start:start + HEX_ROWS]
                pairs = np.char.add(np.frombuffer(hex_of(fingerprints[rows]), dtype="S64"), keys[groups[rows]])
                digest.update(pairs.tobytes())
        return digest.hexdigest()


def fingerprint_order(fingerprints: np.ndarray) -> np.ndarray:
    """The order that sorts S32 fingerprints, without a sorted copy of them: by their first 8
    bytes as a big-endian integer (an integer sort, several times faster than comparing
    bytes strings), or by the whole bytes when two share those 8 bytes."""
    words = fingerprints.dtype.itemsize // 8
    if not len(fingerprints) or fingerprints.dtype.itemsize % 8:
        return np.argsort(fingerprints, kind="stable")
    first = np.ascontiguousarray(fingerprints).view(">u8")[::words]
    order = np.argsort(first.astype(np.uint64))
    ordered = first[order]
    if np.any(ordered[1:] == ordered[:-1]):
        return np.argsort(fingerprints, kind="stable")
    return order


def _pair_order(fingerprints: np.ndarray, groups: np.ndarray, keys: np.ndarray) -> np.ndarray:
    """The order of the (fingerprint hex + group key) pairs sorted as strings, found without
    making them: by fingerprint (raw bytes sort as their hex), ties (equal fingerprints, as
    in hand-built inputs) by key."""
    order = fingerprint_order(fingerprints)
    ordered = fingerprints[order]
    if np.any(ordered[1:] == ordered[:-1]):
        by_key = np.argsort(keys[groups], kind="stable")
        order = by_key[np.argsort(fingerprints[by_key], kind="stable")]
    return order
