"""The few facts a message states beside its attached report, taken from the report's own snapshot.

Recorded with each report version, so the message a recipient reads says exactly what
the attached file says: overall readiness, the biggest moves since last week, and the
overdue obligations.
"""

from __future__ import annotations

from reviewprep.framework.models import Framework
from reviewprep.reports.context import movers, overdue
from reviewprep.scoring.snapshot import Snapshot

BIGGEST = 3
OVERDUE_LISTED = 5


def message_digest(snapshot: Snapshot, framework: Framework, language: str) -> dict:
    moved = movers(snapshot, BIGGEST)
    biggest = sorted(moved["up"] + moved["down"], key=lambda m: (-abs(m["change"]), m["chapter"],
                                                                 m["recommendation"], m["party"]))[:BIGGEST]
    late = overdue(snapshot, framework, language)
    return {
        "overall": snapshot.overall.score,
        "status": snapshot.overall.status,
        "coverage": snapshot.overall.coverage,
        "changes": [{"chapter": framework.chapter(m["chapter"]).number, "recommendation": m["recommendation"],
                     "party": m["party"], "change": m["change"]} for m in biggest],
        "overdue": [{"title": r["title"], "party": r["party"], "due": r["due"].isoformat()}
                    for r in late[:OVERDUE_LISTED]],
        "overdue_count": len(late),
    }
