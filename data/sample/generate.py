"""Deterministic SAMPLE data for the reviewprep demo.

People, organisations, comments and ratings are fictional and generated from a
fixed seed, so the demo, the tests and the docs all see the same numbers. The
evidence log is the exception: its rows summarise public facts from the project's
seed documents and say so where a fact is uncertain or no record was found.

Only the standard library is used, and randomness is drawn solely through
``Random.random()``: CPython guarantees that sequence across versions (``choice``,
``randrange`` and friends carry no such promise), so the files stay byte-identical
wherever they are regenerated.

Regenerate with ``python3 data/sample/generate.py`` (writes ``data/sample/``). The phrase
tables are in ``phrases.py`` and the evidence log in ``evidence_log.py``, next to this file.
"""

from __future__ import annotations

import csv
import json
import math
import random
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import TypeVar

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1] / "src"))  # runs without an install: the anchor has one home

from evidence_log import evidence_rows  # noqa: E402
from phrases import (  # noqa: E402
    BAND_OPENERS,
    CHAPTER_PHRASES,
    CLOSERS,
    COLON,
    COUNTRIES,
    HOWEVER,
    OPENERS,
    ORGANISATIONS,
    PLAIN,
    TOPIC_SENTENCES,
    TOPIC_WEIGHT,
)

from reviewprep.demo import ANCHOR  # noqa: E402

T = TypeVar("T")

SEED = 20200701  # USMCA entry into force; any fixed integer would do
WEEKS = 26
N_ASSESSMENTS = 400
N_COMMENTS = 60

ASSESSMENTS_FILE = "sample_assessments.csv"
COMMENTS_FILE = "sample_comments.jsonl"
EVIDENCE_FILE = "sample_evidence.csv"
README_FILE = "README.md"

ASSESSMENT_COLUMNS = (
    "submission_id", "submitted_at", "stakeholder_name", "organization",
    "stakeholder_type", "country", "party", "chapter", "recommendation", "rating",
    "comment", "evidence_url", "confidentiality", "language",
)
EVIDENCE_COLUMNS = (
    "event_id", "date", "party", "obligation", "status", "period", "description", "source_url",
)

# Mirrors config/framework.yaml as of writing. Kept here so that an analyst editing
# the matrix does not silently change the demo data.
APPLICABILITY = {
    "ch12": ("R1", "R2", "R7", "R9"),
    "ch16": ("R1", "R2", "R3", "R8", "R9"),
    "ch19": ("R1", "R3", "R4", "R5", "R6", "R9", "R10"),
    "ch25": ("R1", "R5", "R6", "R9", "R10"),
    "ch26": ("R1", "R2", "R3", "R4", "R5", "R7", "R8", "R9", "R10"),
    "ch28": ("R1", "R2", "R9"),
}

# How often each chapter is rated: the competitiveness and SME chapters draw most talk.
CHAPTER_WEIGHT = {"ch12": 0.8, "ch16": 0.9, "ch19": 1.0, "ch25": 1.1, "ch26": 1.2, "ch28": 0.9}

# (mean rating at the start of the window, change per week). ch26 sinks because no
# Competitiveness Committee work plan is public; ch25 and ch28 improve; ch19 is flat.
CHAPTER_TREND = {
    "ch12": (1.5, 0.0),
    "ch16": (2.0, 0.005),
    "ch19": (2.6, 0.0),
    "ch25": (2.3, 0.035),
    "ch26": (1.2, -0.025),
    "ch28": (1.8, 0.03),
}
PARTY_OFFSET = {"US": 0.0, "CA": 0.15, "MX": -0.15, "NA": -0.1}

INDIVIDUAL_LANGUAGE = {
    "US": {"en": 0.95, "es": 0.05},
    "CA": {"en": 0.55, "fr": 0.45},
    "MX": {"es": 0.7, "en": 0.3},
}



@dataclass(frozen=True)
class Person:
    name: str
    organization: str
    stakeholder_type: str
    country: str
    language: str



# --- random helpers: everything goes through Random.random() (see module doc) ---

def _pick(rng: random.Random, items: Sequence[T]) -> T:
    """One item, uniformly."""
    return items[int(rng.random() * len(items))]


def _chance(rng: random.Random, probability: float) -> bool:
    return rng.random() < probability


def _weighted(rng: random.Random, weights: dict[str, float]) -> str:
    """One key, with probability proportional to its weight."""
    x = rng.random() * sum(weights.values())
    for key, weight in weights.items():
        x -= weight
        if x < 0:
            return key
    return key  # only reached through float rounding on the last key


def _shuffled(rng: random.Random, items: Sequence[T]) -> list[T]:
    """Fisher-Yates on a copy."""
    out = list(items)
    for i in range(len(out) - 1, 0, -1):
        j = int(rng.random() * (i + 1))
        out[i], out[j] = out[j], out[i]
    return out


# --- people and dates ---

def _people(rng: random.Random, label: str, count: int, individual_share: float) -> list[Person]:
    """Fictional people; organisations are dealt round a shuffled deck so all appear."""
    deck = _shuffled(rng, ORGANISATIONS)
    people, dealt = [], 0
    for number in range(1, count + 1):
        name = f"Sample {label} {number:03d}"
        if _chance(rng, individual_share):
            country = _pick(rng, COUNTRIES)
            language = _weighted(rng, INDIVIDUAL_LANGUAGE[country])
            people.append(Person(name, "", "individual", country, language))
        else:
            org = deck[dealt % len(deck)]
            dealt += 1
            people.append(Person(name, org.name, org.stakeholder_type, org.country, org.language))
    return people


def _window_start(anchor: date) -> date:
    """First day of the WEEKS-week window that ends on the anchor."""
    return anchor - timedelta(weeks=WEEKS) + timedelta(days=1)


def _day_in_window(rng: random.Random, anchor: date) -> date:
    return _window_start(anchor) + timedelta(days=int(rng.random() * WEEKS * 7))


def _party(rng: random.Random, country: str) -> str:
    """Mostly the speaker's own Party, sometimes a neighbour, ~10% trilateral."""
    if _chance(rng, 0.10):
        return "NA"
    if _chance(rng, 0.70):
        return country
    return _pick(rng, [c for c in COUNTRIES if c != country])


# --- structured assessments ---

def _rating(rng: random.Random, chapter: str, party: str, week: int) -> int:
    """Chapter level and weekly drift, a Party offset and +/-1 noise, on the 0..4 scale.

    The noise is triangular (difference of two uniforms) so that a few dozen ratings
    per chapter are enough for the designed trends to show through.
    """
    base, drift = CHAPTER_TREND[chapter]
    level = base + drift * week + PARTY_OFFSET[party] + (rng.random() - rng.random())
    return min(4, max(0, math.floor(level + 0.5)))


def _assessment_comment(rng: random.Random, language: str, chapter: str, rating: int) -> str:
    """Tone follows the rating: praise, criticism, or both for the middle band."""
    band = "low" if rating <= 1 else "mid" if rating == 2 else "high"
    positives, negatives = CHAPTER_PHRASES[chapter][language]
    opener = _pick(rng, BAND_OPENERS[language][band])
    if band == "low":
        body = _pick(rng, negatives)
    elif band == "high":
        body = _pick(rng, positives)
    else:
        body = _pick(rng, positives) + HOWEVER[language] + _pick(rng, negatives)
    return f"{opener}{COLON[language]}{body}."


def _evidence_url(rng: random.Random, chapter: str) -> str:
    if not _chance(rng, 0.35):
        return ""
    return f"https://example.org/sample/evidence/{chapter}-{int(rng.random() * 16**6):06x}"


def _assessment(rng: random.Random, person: Person, anchor: date) -> dict[str, str]:
    submitted = _day_in_window(rng, anchor)
    week = (submitted - _window_start(anchor)).days // 7
    party = _party(rng, person.country)
    chapter = _weighted(rng, CHAPTER_WEIGHT)
    recommendation = "" if _chance(rng, 0.25) else _pick(rng, APPLICABILITY[chapter])
    rating = _rating(rng, chapter, party, week)
    return {
        "submitted_at": submitted.isoformat(),
        "stakeholder_name": person.name,
        "organization": person.organization,
        "stakeholder_type": person.stakeholder_type,
        "country": person.country,
        "party": party,
        "chapter": chapter,
        "recommendation": recommendation,
        "rating": str(rating),
        "comment": _assessment_comment(rng, person.language, chapter, rating),
        "evidence_url": _evidence_url(rng, chapter),
        "confidentiality": "confidential" if _chance(rng, 0.12) else "public",
        "language": person.language,
    }


def _invalid_rows(anchor: date) -> list[dict[str, str]]:
    """Three rows the loader must quarantine, one problem each, so the demo shows it."""
    base = {
        "submitted_at": anchor.isoformat(),
        "stakeholder_name": "Sample respondent 999",
        "organization": "",
        "stakeholder_type": "individual",
        "country": "US",
        "party": "US",
        "chapter": "ch26",
        "recommendation": "",
        "rating": "2",
        "evidence_url": "",
        "confidentiality": "public",
        "language": "en",
    }
    problems = (
        ("rating", "7", "rating 7 is outside the 0..4 scale"),
        ("chapter", "ch99", "chapter ch99 does not exist"),
        ("party", "ZZ", "party ZZ is not US, CA, MX or NA"),
    )
    return [
        {**base, column: value, "comment": f"Deliberately invalid sample row: {why}."}
        for column, value, why in problems
    ]


def assessment_rows(anchor: date = ANCHOR) -> list[dict[str, str]]:
    """Valid rows in date order, numbered, then the three invalid rows."""
    rng = random.Random(SEED)
    people = _people(rng, "respondent", 120, individual_share=0.15)
    rows = [_assessment(rng, _pick(rng, people), anchor) for _ in range(N_ASSESSMENTS)]
    rows.sort(key=lambda row: row["submitted_at"])
    rows += _invalid_rows(anchor)
    return [{"submission_id": f"SAMPLE-A-{n:04d}", **row} for n, row in enumerate(rows, 1)]


# --- unstructured consultation comments ---

def _comment_text(rng: random.Random, person: Person, plain: bool) -> str:
    """2-4 sentences: framing plus one or two topics, or (plain) no topic at all."""
    language = person.language
    opener = _pick(rng, OPENERS[language][bool(person.organization)])
    if plain:
        return " ".join([opener, *_shuffled(rng, PLAIN[language])[: 1 + int(rng.random() * 2)]])
    first = _weighted(rng, TOPIC_WEIGHT)
    topics = [first]
    if _chance(rng, 0.5):
        topics.append(_weighted(rng, {t: w for t, w in TOPIC_WEIGHT.items() if t != first}))
    sentences = [opener]
    sentences += [_pick(rng, TOPIC_SENTENCES[topic][language]) for topic in topics]
    if _chance(rng, 0.5):
        sentences.append(_pick(rng, CLOSERS[language]))
    return " ".join(sentences)


def comment_records(anchor: date = ANCHOR) -> list[dict[str, str]]:
    """Consultation comments in date order; individuals speak more than in assessments.

    Every tenth comment is plain (names no topic) so that exactly 10% stay untagged.
    """
    rng = random.Random(SEED + 1)
    people = _people(rng, "commenter", N_COMMENTS, individual_share=0.40)
    records = []
    for index, person in enumerate(people):
        records.append({
            "submitted_at": _day_in_window(rng, anchor).isoformat(),
            "stakeholder_name": person.name,
            "organization": person.organization,
            "stakeholder_type": person.stakeholder_type,
            "country": person.country,
            "party": _party(rng, person.country),
            "language": person.language,
            "confidentiality": "confidential" if _chance(rng, 0.05) else "public",
            "text": _comment_text(rng, person, plain=index % 10 == 9),
        })
    records.sort(key=lambda record: record["submitted_at"])
    return [{"comment_id": f"SAMPLE-C-{n:03d}", **record} for n, record in enumerate(records, 1)]


# --- writing ---

def _write_csv(path: Path, columns: Sequence[str], rows: list[dict[str, str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def _write_jsonl(path: Path, records: list[dict[str, str]]) -> None:
    with path.open("w", encoding="utf-8", newline="\n") as handle:
        for record in records:
            handle.write(json.dumps(record, ensure_ascii=False, sort_keys=True) + "\n")


def _readme(anchor: date, n_assessments: int, n_comments: int, n_events: int) -> str:
    start = _window_start(anchor)
    return f"""# Sample data — NOT REAL

Everything in this folder is SAMPLE DATA. The `sample_*` files and this README are
generated by `python3 data/sample/generate.py` (no install needed). The generator
uses a fixed seed, so every run writes byte-identical files. Do not edit them by
hand: change `generate.py`, `phrases.py` or `evidence_log.py` here and regenerate.

- All people ("Sample respondent 017", "Sample commenter 004") and organisations
  (every name begins with "Sample") are fictional. Ratings and comments are
  invented to give the demo realistic levels, trends and languages.
- The evidence log is different: its rows summarise public facts, with the dates
  published in official records where there are some (the SME Dialogues of
  2022-04-22 in San Antonio, 2023 in Mexico City and 2024 in Montréal; Free Trade
  Commission Decision No. 5 of 2023-02-23), linked to the USTR pages that publish
  them; the rest comes from *USMCA Forward 2024*, chapter 4, and a White House fact
  sheet on the North American Leaders' Summit, whose `source_url` values are
  placeholders under `example.org`. Where no record was found for a year the row
  says `unknown` (checked, the record is silent); an obligation instance with no row
  at all is "not yet checked". Anything not confirmed by an official record (an
  inferred meeting, a day of the month) says "unconfirmed". The `period` column is
  empty: each event counts for the year of its date.

Anchor date: **{anchor.isoformat()}**. Assessments and comments are dated in the
{WEEKS} weeks from {start.isoformat()} to {anchor.isoformat()}, so weekly trends exist.

## Files

- `{ASSESSMENTS_FILE}` — {n_assessments} rows of structured assessments in the project's
  assessment template (columns `submission_id … language`): a Party's progress on a
  chapter, optionally one recommendation, rated 0 (none) to 4 (complete), with a
  comment in English, French or Spanish. About 12% are `confidential`. Trends by
  design: ch26 (Competitiveness) is low and slowly falling, ch25 (SMEs) and ch28
  (Good Regulatory Practices) are rising, ch19 (Digital Trade) is flat. The last three
  rows are deliberately invalid (rating `7`, chapter `ch99`, party `ZZ`) so the demo
  shows quarantine.
- `{COMMENTS_FILE}` — {n_comments} unstructured public-consultation comments, one JSON
  object per line, with no rating; they are tagged by the term list in
  `config/framework.yaml`. One in ten names no specific topic and stays untagged.
- `{EVIDENCE_FILE}` — {n_events} evidence-log events against the obligations in
  `config/framework.yaml` (`met`, `not_met`, `unknown` or `checked`; party `NA` = trilateral;
  an optional `period`, a year or a date range, says which period an event counts for).
"""


def run(out_dir: Path, anchor: date = ANCHOR) -> list[Path]:
    """Write the four sample files into out_dir and return their paths."""
    out_dir.mkdir(parents=True, exist_ok=True)
    assessments = assessment_rows(anchor)
    comments = comment_records(anchor)
    evidence = evidence_rows(anchor)
    paths = [out_dir / name for name in (ASSESSMENTS_FILE, COMMENTS_FILE, EVIDENCE_FILE, README_FILE)]
    _write_csv(paths[0], ASSESSMENT_COLUMNS, assessments)
    _write_jsonl(paths[1], comments)
    _write_csv(paths[2], EVIDENCE_COLUMNS, evidence)
    readme = _readme(anchor, len(assessments), len(comments), len(evidence))
    paths[3].write_text(readme, encoding="utf-8", newline="\n")
    return paths


if __name__ == "__main__":
    for written in run(HERE):
        print(written)
