"""Pydantic models for config/framework.yaml and config/review.yaml.

Validation happens here so that a bad file stops the job at load time with a
message naming the key, instead of failing half-way through a report.
"""

from __future__ import annotations

import datetime as dt
import string
from typing import Literal

from babel.dates import format_date
from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from reviewprep.codes import (
    CHAPTER_CODES,
    LANGUAGES,
    RECOMMENDATION_CODES,
    ChapterCode,
    Party,
    RecommendationCode,
)


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


# Placeholders a framework text may use, filled from the review calendar as of the
# report's date, so wording is always written for the next review, never a past one.
PLACEHOLDERS = ("next_review_year", "next_review_date")


def review_words(next_review: dt.date, language: str) -> dict[str, str]:
    """The values of the placeholders for one language."""
    return {"next_review_year": str(next_review.year),
            "next_review_date": format_date(next_review, format="long", locale=language)}


class Text(Strict):
    """A string in each report language; may use the placeholders in PLACEHOLDERS."""

    en: str = Field(min_length=1)
    fr: str = Field(min_length=1)
    es: str = Field(min_length=1)

    @model_validator(mode="after")
    def _known_placeholders(self) -> Text:
        for language in LANGUAGES:
            try:
                names = [name for _, name, _, _ in string.Formatter().parse(getattr(self, language)) if name is not None]
            except ValueError as exc:
                raise ValueError(f"{language}: {exc} (write {{{{ and }}}} for a literal brace)") from None
            unknown = [n for n in names if n not in PLACEHOLDERS]
            if unknown:
                raise ValueError(f"{language}: unknown placeholder {{{unknown[0]}}}; use "
                                 + " or ".join(f"{{{p}}}" for p in PLACEHOLDERS))
        return self

    def __call__(self, language: str) -> str:
        return getattr(self, language)


class Chapter(Strict):
    code: ChapterCode
    number: int
    name: Text
    focus: Text

    @model_validator(mode="after")
    def _number_matches_code(self) -> Chapter:
        if self.code != f"ch{self.number}":
            raise ValueError(f"number {self.number} does not match code {self.code}")
        return self


class Recommendation(Strict):
    code: RecommendationCode
    title: Text
    summary: Text
    action: Text  # the concrete next step, written for the next review


class DueOnce(Strict):
    rule: Literal["once"]
    date: dt.date


class DueYearly(Strict):
    rule: Literal["yearly"]
    first_year: int = Field(ge=2020, le=2036)
    month_day: str = Field(default="12-31", pattern=r"^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$")

    def due_date(self, year: int) -> dt.date:
        month, day = (int(part) for part in self.month_day.split("-"))
        return dt.date(year, month, day)


class Obligation(Strict):
    code: str = Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")
    chapter: ChapterCode | None = None  # None: the agreement as a whole (bears on every chapter)
    article: str
    recommendations: list[RecommendationCode] = Field(min_length=1)
    scope: Literal["trilateral", "each_party"]
    due: DueOnce | DueYearly = Field(discriminator="rule")
    title: Text
    source: str

    def instances(self, until: dt.date) -> list[tuple[str, dt.date]]:
        """(period label, due date) for every instance whose period has begun by `until`."""
        if isinstance(self.due, DueOnce):
            return [("once", self.due.date)]
        return [
            (str(year), self.due.due_date(year))
            for year in range(self.due.first_year, until.year + 1)
        ]


class Terms(Strict):
    chapters: dict[ChapterCode, list[str]]
    recommendations: dict[RecommendationCode, list[str]]
    # what names each Party in a comment's text (gather/parties.py), and phrases that
    # contain a Party's name without speaking of it (the agreement's own names, New Mexico)
    parties: dict[Party, list[str]] = Field(default_factory=dict)
    not_parties: list[str] = Field(default_factory=list)


class Framework(Strict):
    version: int = 1
    chapters: list[Chapter]
    recommendations: list[Recommendation]
    applicability: dict[ChapterCode, list[RecommendationCode]]
    obligations: list[Obligation]
    terms: Terms

    @field_validator("chapters")
    @classmethod
    def _all_chapters_once(cls, chapters: list[Chapter]) -> list[Chapter]:
        codes = [c.code for c in chapters]
        if sorted(codes) != sorted(CHAPTER_CODES):
            raise ValueError(f"must list each of {', '.join(CHAPTER_CODES)} once, got {', '.join(codes)}")
        return chapters

    @field_validator("recommendations")
    @classmethod
    def _all_recommendations_once(cls, recs: list[Recommendation]) -> list[Recommendation]:
        codes = [r.code for r in recs]
        if sorted(codes) != sorted(RECOMMENDATION_CODES):
            raise ValueError(f"must list each of R1..R10 once, got {', '.join(codes)}")
        return recs

    @model_validator(mode="after")
    def _consistent(self) -> Framework:
        missing = [c for c in CHAPTER_CODES if c not in self.applicability]
        if missing:
            raise ValueError(f"applicability: no row for {', '.join(missing)}")
        seen: set[str] = set()
        for i, ob in enumerate(self.obligations):
            if ob.code in seen:
                raise ValueError(f"obligations.{i}.code: duplicate code {ob.code!r}")
            seen.add(ob.code)
            applicable = (self.applicability[ob.chapter] if ob.chapter
                          else {r for recs in self.applicability.values() for r in recs})
            stray = [r for r in ob.recommendations if r not in applicable]
            if stray:
                raise ValueError(
                    f"obligations.{i}.recommendations: {', '.join(stray)} not applicable to {ob.chapter or 'any chapter'}"
                )
        return self

    def chapter(self, code: str) -> Chapter:
        return next(c for c in self.chapters if c.code == code)

    def recommendation(self, code: str) -> Recommendation:
        return next(r for r in self.recommendations if r.code == code)

    def obligation(self, code: str) -> Obligation:
        return next(o for o in self.obligations if o.code == code)

    @property
    def cells(self) -> list[tuple[str, str]]:
        """Applicable (chapter, recommendation) pairs in framework order."""
        order = {code: i for i, code in enumerate(RECOMMENDATION_CODES)}
        return [
            (c.code, r)
            for c in self.chapters
            for r in sorted(self.applicability[c.code], key=order.__getitem__)
        ]

    def bears_on(self, obligation: Obligation, chapter: str, recommendation: str) -> bool:
        """Whether an obligation counts for a (chapter, recommendation) cell: its own chapter's,
        or any chapter's when it belongs to the agreement as a whole."""
        return obligation.chapter in (None, chapter) and recommendation in obligation.recommendations

    def for_next_review(self, next_review: dt.date | None) -> Framework:
        """The framework with every text's placeholders filled for `next_review` (per language);
        unchanged when there is no review ahead."""
        if next_review is None:
            return self

        def fill(node):
            if isinstance(node, dict):
                if set(node) == set(LANGUAGES) and all(isinstance(v, str) for v in node.values()):
                    return {lang: node[lang].format(**review_words(next_review, lang)) for lang in LANGUAGES}
                return {k: fill(v) for k, v in node.items()}
            return [fill(v) for v in node] if isinstance(node, list) else node

        return Framework.model_validate(fill(self.model_dump()))

    def summary(self) -> dict:
        """The framework as plain JSON-ready data (for `framework show --json`)."""
        data = self.model_dump(mode="json")
        data["applicability"] = {c: [r for ch, r in self.cells if ch == c] for c in CHAPTER_CODES}
        return data


class WeeklySchedule(Strict):
    cron: str = "0 6 * * 1"
    timezone: str = "America/Toronto"


class ReviewCalendar(Strict):
    entry_into_force: dt.date
    joint_review: dt.date
    term_end: dt.date
    annual_reviews_after_joint_review: bool = True
    weekly_schedule: WeeklySchedule = WeeklySchedule()

    @model_validator(mode="after")
    def _ordered(self) -> ReviewCalendar:
        if not self.entry_into_force < self.joint_review < self.term_end:
            raise ValueError("dates must satisfy entry_into_force < joint_review < term_end")
        return self

    def review_dates(self) -> list[dt.date]:
        dates = [self.joint_review]
        if self.annual_reviews_after_joint_review:
            year = self.joint_review.year + 1
            while (d := self.joint_review.replace(year=year)) <= self.term_end:
                dates.append(d)
                year += 1
        return dates

    def next_review(self, as_of: dt.date) -> dt.date | None:
        """The first review on or after `as_of`, or None past the end of the term."""
        return next((d for d in self.review_dates() if d >= as_of), None)

    def days_to_next_review(self, as_of: dt.date) -> int | None:
        nxt = self.next_review(as_of)
        return None if nxt is None else (nxt - as_of).days
