"""Analyst judgement: a green / amber / red delivery-confidence call per chapter and Party.

Kept beside the computed score, never blended into it (in the manner of the UK
Infrastructure and Projects Authority's delivery confidence assessment): no score,
status, aggregate or confidence reads a judgement. As of a date, the judgement shown for
a chapter and Party is the latest one dated on or before it, flagged once it has expired.
Recorded with `reviewprep judgement set` or from a CSV/YAML file (`judgement load`).
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import yaml

from reviewprep.codes import CHAPTER_CODES, JUDGEMENT_RATINGS, PARTY_ORDER

FILE_COLUMNS = ("chapter", "party", "rating", "rationale", "author", "date", "expires", "confidentiality")
MAX_FILE = 5 << 20  # an analyst's file of judgements; anything bigger is not one


@dataclass(frozen=True)
class Judgement:
    chapter: str
    party: str  # US, CA, MX, or NA for trilateral work
    rating: str  # green | amber | red
    rationale: str
    author: str
    date: dt.date
    expires: dt.date
    confidential: bool = False

    def expired(self, as_of: dt.date) -> bool:
        return self.expires < as_of

    def as_json(self, as_of: dt.date) -> dict:
        return {"chapter": self.chapter, "party": self.party, "rating": self.rating, "rationale": self.rationale,
                "author": self.author, "date": self.date.isoformat(), "expires": self.expires.isoformat(),
                "expired": self.expired(as_of), "confidential": self.confidential}

    def fingerprint(self) -> str:
        return "|".join((self.chapter, self.party, self.rating, self.rationale, self.author,
                         self.date.isoformat(), self.expires.isoformat(), str(self.confidential)))


class Invalid(ValueError):
    """A judgement field that cannot be used; names the column."""

    def __init__(self, column: str, reason: str):
        super().__init__(f"{column}: {reason}")
        self.column, self.reason = column, reason


def _date(column: str, value: object) -> dt.date | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        raise Invalid(column, f"{value!r} is not a date (YYYY-MM-DD)") from None


def make(*, chapter: str, party: str, rating: str, rationale: str, author: str, date: object,
         expires: object = None, confidential: bool = False, valid_days: int = 90,
         today: dt.date | None = None) -> Judgement:
    """A checked judgement; raises Invalid naming the first bad field."""
    chapter, party, rating = (str(v or "").strip() for v in (chapter, party, rating))
    if chapter.lower() not in CHAPTER_CODES:
        raise Invalid("chapter", f"unknown chapter {chapter!r}; choose from {', '.join(CHAPTER_CODES)}")
    if party.upper() not in PARTY_ORDER:
        raise Invalid("party", f"unknown Party {party!r}; choose from {', '.join(PARTY_ORDER)}")
    if rating.lower() not in JUDGEMENT_RATINGS:
        raise Invalid("rating", f"rating {rating!r} is not one of {', '.join(JUDGEMENT_RATINGS)}")
    rationale, author = " ".join(str(rationale or "").split()), " ".join(str(author or "").split())
    if not rationale:
        raise Invalid("rationale", "a judgement needs its rationale")
    if not author:
        raise Invalid("author", "a judgement needs its author")
    if len(rationale) > 2000 or len(author) > 200:
        raise Invalid("rationale" if len(rationale) > 2000 else "author", "too long")
    day = _date("date", date) or today or dt.date.today()
    until = _date("expires", expires) or day + dt.timedelta(days=valid_days)
    if until < day:
        raise Invalid("expires", f"expires {until} before its date {day}")
    return Judgement(chapter.lower(), party.upper(), rating.lower(), rationale, author, day, until, confidential)


def _confidential(value: object) -> bool:
    text = str(value or "public").strip().lower()
    if text in ("public", "", "no", "false", "0"):
        return False
    if text in ("confidential", "restricted", "yes", "true", "1"):
        return True
    raise Invalid("confidentiality", f"{value!r} is not public or confidential")


def read_file(path: Path, valid_days: int, today: dt.date) -> tuple[list[Judgement], list[dict], int]:
    """(judgements, problems, rows read) from a CSV or YAML file; each problem names the
    file, row and column. Rows read = judgements + problems."""
    if path.stat().st_size > MAX_FILE:
        raise Invalid("file", f"over {MAX_FILE:,} bytes: not a file of judgements")
    if path.suffix.lower() in (".yaml", ".yml"):
        data = yaml.safe_load(path.read_text(encoding="utf-8-sig")) or []
        rows = data.get("judgements", []) if isinstance(data, dict) else data
        if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
            raise Invalid("file", "expected a list of judgements (or a mapping with a 'judgements' list)")
        numbered = list(enumerate(rows, start=1))
    else:
        with open(path, encoding="utf-8-sig", newline="") as fh:
            numbered = list(enumerate(csv.DictReader(fh), start=2))  # row 1 is the header
    found, problems = [], []
    for number, row in numbered:
        row = {str(k).strip().lower(): v for k, v in row.items() if k is not None}
        try:
            found.append(make(chapter=row.get("chapter"), party=row.get("party"), rating=row.get("rating"),
                              rationale=row.get("rationale"), author=row.get("author"), date=row.get("date"),
                              expires=row.get("expires"), confidential=_confidential(row.get("confidentiality")),
                              valid_days=valid_days, today=today))
        except Invalid as exc:
            problems.append({"file": str(path), "row": number, "column": exc.column, "reason": exc.reason})
    return found, problems, len(numbered)


def current(judgements: Iterable[Judgement], as_of: dt.date, audience: str) -> list[Judgement]:
    """The judgement in force for each chapter and Party as of `as_of` (latest dated on or
    before it; recorded later wins a tie), public ones only for the public audience."""
    latest: dict[tuple[str, str], Judgement] = {}
    for j in judgements:  # in the order recorded
        if j.date > as_of or (audience == "public" and j.confidential):
            continue
        key = (j.chapter, j.party)
        if key not in latest or j.date >= latest[key].date:
            latest[key] = j
    return sorted(latest.values(), key=lambda j: (CHAPTER_CODES.index(j.chapter), PARTY_ORDER.index(j.party)))
