"""Read the scoring inputs once, as arrays, so every as-of date and audience is a cheap mask.

The database does the per-row work: day numbers and integer codes come back from SQL
(`day_number_of`, `code_of`), so loading is three column fetches turned into NumPy
arrays, with no Python loop over rows. A snapshot is then a pure function of these
arrays and the config, which is what makes it exact, reproducible and hashable.

"Received by the as-of date" means the date on the input itself: a submission's
`submitted_on` and an evidence event's `event_date` (docs/methodology.md explains why).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, fields

import numpy as np
from sqlalchemy import Integer, case, literal, select
from sqlalchemy.exc import CompileError
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import Session
from sqlalchemy.sql.functions import FunctionElement

from reviewprep.errors import JobFailed
from reviewprep.framework.models import (
    CHAPTER_CODES,
    PARTIES,
    RECOMMENDATION_CODES,
    TRILATERAL,
)
from reviewprep.gather.vocab import STAKEHOLDER_TYPES
from reviewprep.store.models import Assessment, CommentTag, EvidenceEvent, Submission

PARTY_ORDER = (*PARTIES, TRILATERAL)
KINDS = ("assessment", "comment")
AUDIENCES = ("public", "restricted")
EPOCH = dt.date(1970, 1, 1)
CURRENT = "current"  # a submission's status when it is scored (see gather.corrections)


def day_number(day: dt.date) -> int:
    """Days since 1970-01-01: how dates are held in the arrays."""
    return (day - EPOCH).days


def from_day_number(number: int) -> dt.date:
    return EPOCH + dt.timedelta(days=int(number))


class day_number_of(FunctionElement):
    """SQL for `day_number(column)`, so dates arrive as integers."""

    type = Integer()
    inherit_cache = True


@compiles(day_number_of, "sqlite")
def _day_number_sqlite(element, compiler, **kw) -> str:
    return f"CAST(julianday({compiler.process(element.clauses, **kw)}) - 2440587.5 AS INTEGER)"


@compiles(day_number_of, "postgresql")
def _day_number_postgresql(element, compiler, **kw) -> str:
    return f"({compiler.process(element.clauses, **kw)} - DATE '1970-01-01')"


@compiles(day_number_of)
def _day_number_other(element, compiler, **kw) -> str:
    raise CompileError(f"day numbers are not implemented for {compiler.dialect.name}")


def code_of(column, codes: tuple[str, ...]):
    """SQL mapping each code to its index in `codes`; anything else (or NULL) to -1."""
    return case({code: i for i, code in enumerate(codes)}, value=column, else_=-1)


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
    kind: np.ndarray  # index into KINDS
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

    def visible(self, as_of: dt.date, audience: str) -> Inputs:
        """Only what had been received by `as_of`, and only public inputs for the public."""
        return self.for_audience(audience).until(as_of)

    def digest(self) -> str:
        """Hash of exactly these inputs (order-free): the identity of a snapshot's inputs."""
        digest = hashlib.sha256(b"submissions\n")
        digest.update(np.sort(self.submissions.fingerprint).tobytes())
        digest.update(b"\nevents\n")
        digest.update("\n".join(sorted(e.fingerprint for e in self.events)).encode())
        return digest.hexdigest()


FETCH_ROWS = 100_000  # rows per fetch: Python tuples only ever exist for one batch


def _fetch(session: Session, query, dtype: list[tuple[str, str]]) -> np.ndarray:
    """Run `query` on the DBAPI cursor and return a structured array, one field per column.

    The statement is compiled with its (constant) literals inlined; skipping SQLAlchemy's
    per-row result processing and converting batch by batch is what keeps 100,000 rows
    well under a second and memory proportional to the arrays, not to Python objects.
    """
    connection = session.connection()
    sql = str(query.compile(dialect=connection.dialect, compile_kwargs={"literal_binds": True}))
    cursor = connection.connection.cursor()
    try:
        cursor.execute(sql)
        batches = []
        while rows := cursor.fetchmany(FETCH_ROWS):
            batches.append(np.array(rows, dtype=dtype))
    finally:
        cursor.close()
    return np.concatenate(batches) if batches else np.array([], dtype=dtype)


def _factorize(values: np.ndarray) -> np.ndarray:
    """An integer per distinct value (np.unique's inverse, about twice as fast on strings)."""
    order = np.argsort(values, kind="stable")
    ordered = values[order]
    new = np.ones(len(values), dtype=bool)
    new[1:] = ordered[1:] != ordered[:-1]
    ids = np.empty(len(values), dtype=np.int64)
    ids[order] = np.cumsum(new) - 1
    return ids


def _check_codes(what: str, ids: np.ndarray, **codes: np.ndarray) -> None:
    for name, values in codes.items():
        bad = np.flatnonzero(values < 0)
        if len(bad):
            raise JobFailed(f"{len(bad)} stored {what} have a {name} reviewprep does not know "
                            f"(first: submission {ids[bad[0]]}); the database was changed outside reviewprep")


def load_inputs(session: Session) -> Inputs:
    """Everything scoring reads, once: submissions, assessments, comment tags, evidence."""
    s = Submission
    who = case((s.organization != "", literal("o:") + s.organization), else_=literal("i:") + s.stakeholder_name)
    subs = _fetch(session, select(
        s.id, s.fingerprint, day_number_of(s.submitted_on), code_of(s.kind, KINDS),
        code_of(s.party, PARTY_ORDER), code_of(s.stakeholder_type, STAKEHOLDER_TYPES), who, s.confidential,
    ).where(s.status == CURRENT).order_by(s.id), [("id", "i8"), ("fingerprint", "S64"), ("day", "i8"), ("kind", "i8"), ("party", "i8"),
                       ("type", "i8"), ("who", "O"), ("confidential", "?")])
    _check_codes("submissions", subs["id"], kind=subs["kind"], party=subs["party"], stakeholder_type=subs["type"])
    current = select(s.id).where(s.status == CURRENT)  # corrected and withdrawn versions are kept, not scored
    who = np.strings.lower(np.strings.strip(subs["who"].astype(np.dtypes.StringDType())))
    named = np.strings.startswith(who, "o:")
    org_id = _factorize(who)

    rated = _fetch(session, select(
        Assessment.submission_id, code_of(Assessment.chapter, CHAPTER_CODES),
        code_of(Assessment.recommendation, RECOMMENDATION_CODES), Assessment.rating,
    ).where(Assessment.submission_id.in_(current)), [("id", "i8"), ("chapter", "i8"), ("recommendation", "i8"), ("rating", "f8")])
    _check_codes("assessments", rated["id"], chapter=rated["chapter"])
    tags = _fetch(session, select(CommentTag.submission_id, code_of(CommentTag.code, CHAPTER_CODES))
                  .where(CommentTag.submission_id.in_(current)), [("id", "i8"), ("chapter", "i8")])

    def row_of(ids: np.ndarray) -> np.ndarray:  # submissions come ordered by id
        return np.searchsorted(subs["id"], ids)

    a_row = row_of(rated["id"])
    tagged = np.zeros(len(subs), dtype=bool)
    tagged[row_of(tags["id"])] = True
    chapter_tags = tags[tags["chapter"] >= 0]
    mentioned = np.concatenate([rated["id"], chapter_tags["id"]])
    m_row = row_of(mentioned)
    day, party, kind_of, confidential = subs["day"], subs["party"], subs["type"], subs["confidential"]
    events = [Event(*row) for row in session.execute(select(
        EvidenceEvent.id, EvidenceEvent.fingerprint, EvidenceEvent.event_date, EvidenceEvent.party,
        EvidenceEvent.obligation, EvidenceEvent.status, EvidenceEvent.confidential,
    ).order_by(EvidenceEvent.id))]
    return Inputs(
        submissions=Submissions.by_day(
            submission_id=subs["id"], fingerprint=subs["fingerprint"], day=day, kind=subs["kind"], party=party,
            stakeholder_type=kind_of, organization=org_id, named_organization=named, tagged=tagged,
            confidential=confidential,
        ),
        ratings=Ratings.by_day(
            submission_id=rated["id"], day=day[a_row], chapter=rated["chapter"],
            recommendation=rated["recommendation"], party=party[a_row], rating=rated["rating"],
            stakeholder_type=kind_of[a_row], organization=org_id[a_row], confidential=confidential[a_row],
        ),
        mentions=Mentions.by_day(
            submission_id=mentioned, chapter=np.concatenate([rated["chapter"], chapter_tags["chapter"]]),
            day=day[m_row], confidential=confidential[m_row],
        ),
        events=events,
    )
