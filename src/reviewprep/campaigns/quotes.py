"""Choosing quotes: each campaign once, with its size; evidence-rich submissions first.

A submission's evidence points count what a reader can check: figures (numbers,
percentages, amounts), references to articles or chapters of the agreement, links, and
dates. Among the candidates, more points come first, then the more recent. A campaign's
letters are one candidate: its template, shown with the number of similar letters; the
largest campaign among the candidates is always quoted (once), since it speaks for many.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

_CHECKS = (
    re.compile(r"\b\d[\d,.\s]*\s?(%|percent|pour cent|por ciento|\$|dollars?|dólares|pesos|usd|cad|mxn)", re.I),
    re.compile(r"\b(art(icle|ículo|iculo)?\.?|chapter|chapitre|capítulo|capitulo|annex|annexe|anexo)\s+\d+", re.I),
    re.compile(r"https?://\S+", re.I),
    re.compile(r"\b(19|20)\d\d\b"),
    re.compile(r"\b\d{2,}\b"),
)


def evidence_points(text: str) -> int:
    """How many kinds of checkable detail a text holds (0 to 5)."""
    return sum(bool(check.search(text)) for check in _CHECKS)


def choose(candidates: Iterable[dict], campaign_of: Mapping[int, dict], limit: int,
           min_points: int = 0) -> list[dict]:
    """At most `limit` quotes from `candidates` (dicts with id, text, date).

    `campaign_of` maps a submission id to its campaign ({"id", "template", "signatories"}):
    the campaign is quoted once, by its template, with `similar` = the other letters.
    Submissions with fewer than `min_points` come only after those with enough.
    """
    seen: set[str] = set()
    ranked = []
    for c in candidates:
        campaign = campaign_of.get(c["id"])
        if campaign is not None:
            if campaign["id"] in seen:
                continue
            seen.add(campaign["id"])
            c = {**c, "text": campaign["template"] or c["text"],
                 "campaign": {"id": campaign["id"], "similar": campaign["signatories"] - 1}}
        points = evidence_points(c["text"])
        c = {**c, "evidence_points": points}
        ranked.append(((points >= min_points, points, c["date"], c["id"]), c))
    ranked.sort(key=lambda pair: pair[0], reverse=True)
    chosen = [c for _, c in ranked[:limit]]
    campaigns = [c for _, c in ranked if c.get("campaign")]
    if limit and campaigns and not any(c.get("campaign") for c in chosen):
        # The largest campaign speaks for many people: it always has a place, as one quote.
        largest = max(campaigns, key=lambda c: (c["campaign"]["similar"], c["id"]))
        chosen = [*chosen[:limit - 1], largest]
    return chosen
