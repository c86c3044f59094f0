"""Machine-readable scores beside each PDF: CSV (one row per cell) and JSON.

The JSON is `Snapshot.as_json()`, the same object `reviewprep scores --json` prints.
The CSV adds the chapter and recommendation names in the report's language.
"""

from __future__ import annotations

import csv
import io
import json

from reviewprep.files import neutralise
from reviewprep.framework.models import Framework
from reviewprep.scoring.snapshot import Snapshot

CSV_COLUMNS = (
    "as_of", "audience", "chapter", "chapter_name", "recommendation", "recommendation_title", "party",
    "score", "status", "confidence", "n", "organizations", "assessment_component", "evidence_component",
    "change_since_previous", "slope_per_week", "outlook", "projected_at_review",
)

def scores_csv(snapshot: Snapshot, framework: Framework, language: str) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for c in snapshot.cells:
        t = snapshot.trends[c.key]
        row = (
            snapshot.as_of.isoformat(), snapshot.audience, c.chapter, framework.chapter(c.chapter).name(language),
            c.recommendation, framework.recommendation(c.recommendation).title(language), c.party,
            c.score, c.status, c.confidence, c.n, c.organizations, c.assessment, c.evidence,
            t.trend.change, t.trend.slope_per_week, t.outlook.band, t.outlook.projected,
        )
        writer.writerow(["" if v is None else neutralise(v) for v in row])
    return buffer.getvalue()


def scores_json(snapshot: Snapshot) -> str:
    return json.dumps(snapshot.as_json(), ensure_ascii=False, indent=1, default=str) + "\n"
