"""A snapshot as JSON-native data: `reviewprep scores --json`, the JSON beside each report, the stored run.

Only JSON-native values in a fixed key order, so the same inputs always give
byte-identical output; nothing run-specific (run ids, clock time) is in it.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from reviewprep.scoring import evidence
from reviewprep.scoring.method import Cell

if TYPE_CHECKING:
    from reviewprep.scoring.snapshot import Snapshot


def snapshot_json(snapshot: Snapshot, explain: bool = False, cells: bool = True) -> dict:
    """The machine-readable scores.

    Each cell's explanation lists its obligation instances; with `explain` also every
    contributing submission and its weight share (large: one pair per rating and cell;
    the stored run always keeps them). Without `cells` the cells' list is empty: the
    stored run writes each cell's JSON a few cells at a time, not all at once.
    """
    s = snapshot
    return {
        "as_of": s.as_of.isoformat(),
        "audience": s.audience,
        "method_version": s.method_version,
        "inputs_hash": s.inputs_hash,
        "next_review": iso(s.next_review),
        "days_to_next_review": s.days_to_review,
        "overall": s.overall.as_dict(),
        "chapters": [{"code": k, **v.as_dict(), **s.chapter_trends[k].as_dict()} for k, v in s.chapters.items()],
        "recommendations": [{"code": k, **v.as_dict()} for k, v in s.recommendations.items()],
        "parties": [{"code": k, **v.as_dict()} for k, v in s.parties.items()],
        "cells": [cell_json(s, c, explain) for c in s.cells] if cells else [],
        "obligations": [instance_json(i) for i in s.obligations],
        "baseline": None if s.baseline is None else {k: v for k, v in s.baseline.items() if k != "cells"},
        "history": s.history,
        "engagement": s.engagement,
        "inputs": s.counts,
        # analysts' judgements in force, beside the scores and never blended into them
        "judgements": s.judgements,
    }


def cell_json(snapshot: Snapshot, c: Cell, explain: bool) -> dict:
    trend = snapshot.trends[c.key]
    return {
        "chapter": c.chapter, "recommendation": c.recommendation, "party": c.party,
        "score": c.score, "status": c.status, "confidence": c.confidence, "n": c.n,
        "voices": c.voices, "organizations": c.organizations, "assessment_component": c.assessment,
        "evidence_component": c.evidence, "dispersion": c.dispersion,
        "evidence_known": c.evidence_known, "evidence_unknown": c.evidence_unknown,
        "evidence_not_checked": c.evidence_not_checked, "evidence_coverage": c.evidence_coverage, "latest_input": iso(c.latest_input),
        "trend": trend.trend.as_dict(), "outlook": trend.outlook.as_dict(),
        "explanation": explanation(c, explain),
    }


def iso(day: dt.date | None) -> str | None:
    return None if day is None else day.isoformat()


def instance_json(i: evidence.Instance) -> dict:
    return {"obligation": i.obligation, "period": i.period, "party": i.party, "due": i.due.isoformat(),
            "state": i.state, "met_on": iso(i.met_on), "events": list(i.event_ids)}


def explanation(c: Cell, submissions: bool = True) -> dict:
    """What made the cell: each obligation instance with its state and the evidence events
    behind it, and (with `submissions`) each submission with its share of the assessment weight."""
    made = {"obligations": [instance_json(i) for i in c.instances]}
    if len(c.campaigns):  # ratings sent as part of a campaign, weighed as one voice
        made["campaigns"] = c.campaigns.as_json()
    if submissions:
        made["submissions"] = [[sid, share] for sid, share in
                               zip(c.submissions.tolist(), c.shares.tolist(), strict=True)]
    return made
