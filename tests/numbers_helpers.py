"""Small input files and CLI calls shared by the issue-13 tests ("numbers a minister can defend").

Inputs go in the way a new unit's would: as files through `reviewprep ingest`, in the
project's assessment template and evidence-log layouts (columns as in
`reviewprep template` and docs/methodology.md).
"""

from __future__ import annotations

import csv
import datetime as dt
import json
from pathlib import Path

from reviewprep.cli import main

AS_OF = dt.date(2026, 11, 20)
ASSESSMENT_COLUMNS = ("submission_id", "submitted_at", "stakeholder_name", "organization", "stakeholder_type",
                      "country", "party", "chapter", "recommendation", "rating", "comment", "evidence_url",
                      "confidentiality", "language")
EVIDENCE_COLUMNS = ("event_id", "date", "party", "obligation", "status", "period", "description", "source_url",
                    "confidentiality")

# A new unit's first week: 18 of its own assessments, spread so that no cell reaches 3
# ratings except ch26 x R3 for Mexico (3 ratings) and ch25 x R6 for Canada (2: one short).
NEW_UNIT = [
    # (chapter, recommendation, party, rating, days before AS_OF, organisation, type, country)
    ("ch26", "R3", "MX", 2, 3, "Cámara de Comercio de Tijuana", "business_association", "MX"),
    ("ch26", "R3", "MX", 1, 10, "Secretaría Ejemplo", "government", "MX"),
    ("ch26", "R3", "MX", 2, 20, "Universidad Ejemplo", "academic", "MX"),
    ("ch25", "R6", "CA", 3, 5, "Ottawa Exporters Network", "sme", "CA"),
    ("ch25", "R6", "CA", 2, 12, "Prairie Trade Council", "business_association", "CA"),
    ("ch12", "R1", "US", 1, 75, "Texas Chemical Group", "company", "US"),  # ch12: nothing new for 60 days
    ("ch12", "R2", "US", 2, 75, "Texas Chemical Group", "company", "US"),
    ("ch16", "R8", "CA", 1, 6, "Border Mobility Forum", "civil_society", "CA"),
    ("ch16", "R3", "US", 2, 7, "Arizona Staffing Association", "business_association", "US"),
    ("ch19", "R5", "US", 3, 8, "Digital Commerce Alliance", "business_association", "US"),
    ("ch19", "R5", "MX", 2, 8, "Asociación Digital", "business_association", "MX"),
    ("ch19", "R6", "CA", 2, 9, "Montreal SME Hub", "sme", "CA"),
    ("ch26", "R7", "NA", 1, 11, "North American Logistics Council", "business_association", "US"),
    ("ch26", "R2", "CA", 2, 14, "Canadian Manufacturers Example", "business_association", "CA"),
    ("ch28", "R9", "MX", 3, 15, "Consejo Regulatorio Ejemplo", "civil_society", "MX"),
    ("ch28", "R1", "US", 2, 16, "Regulatory Studies Example", "academic", "US"),
    ("ch28", "R2", "CA", 1, 17, "Ontario Business Example", "business_association", "CA"),
    ("ch25", "R9", "MX", 2, 18, "Pymes Unidas Ejemplo", "sme", "MX"),
]


def write_assessments(path: Path, rows=NEW_UNIT, as_of: dt.date = AS_OF) -> Path:
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(ASSESSMENT_COLUMNS)
        for i, (chapter, rec, party, rating, days, org, kind, country) in enumerate(rows, 1):
            w.writerow([f"T13-A-{i:03d}", (as_of - dt.timedelta(days=days)).isoformat(), f"Respondent {i}", org,
                        kind, country, party, chapter, rec or "", rating,
                        f"Comment {i} on {chapter}: progress is uneven.", "", "public", "en"])
    return path


def write_evidence(path: Path, events) -> Path:
    """events: (date, party, obligation, status, period or '')."""
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(EVIDENCE_COLUMNS)
        for i, (day, party, obligation, status, period) in enumerate(events, 1):
            w.writerow([f"T13-E-{i:03d}", day.isoformat(), party, obligation, status, period,
                        f"Event {i}", "", "public"])
    return path


def cli(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def ingest(capsys, *paths: Path) -> dict:
    code, out, err = cli(capsys, "ingest", "--json", *map(str, paths))
    assert code == 0, err
    return json.loads(out)


def scores(capsys, *extra: str, as_of: dt.date = AS_OF) -> dict:
    code, out, err = cli(capsys, "scores", "--as-of", as_of.isoformat(), "--json", *extra)
    assert code == 0, err
    return json.loads(out)


def cell(data: dict, chapter: str, recommendation: str, party: str) -> dict:
    return next(c for c in data["cells"] if (c["chapter"], c["recommendation"], c["party"])
                == (chapter, recommendation, party))
