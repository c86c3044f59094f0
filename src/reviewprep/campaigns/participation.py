"""Who took part, counted both ways: submissions, and distinct voices (a campaign once).

Used by the "What we heard" report for a date range. A submission's voice is its
campaign when it is in one, else its organisation, else its writer's name, else itself
(the same rule as `campaigns.voices`, which the scores use on arrays).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass

from reviewprep.campaigns.text import fold


@dataclass(frozen=True)
class Contribution:
    id: int
    party: str
    stakeholder_type: str
    country: str
    organization: str
    name: str
    group: str  # campaign detection's group key, "" when never grouped
    copies: int  # itself plus the copies a source folded into it
    codes: tuple[str, ...]  # chapters and recommendations it speaks to


def voice(c: Contribution, active: set[str]) -> str:
    if c.group in active:
        return f"campaign:{c.group}"
    if c.organization.strip():
        return f"org:{fold(c.organization.strip())}"
    if c.name.strip():
        return f"name:{fold(c.name.strip())}"
    return f"submission:{c.id}"


def active_groups(rows: list[Contribution], min_size: int) -> set[str]:
    copies: Counter[str] = Counter()
    for c in rows:
        if c.group:
            copies[c.group] += max(c.copies, 1)
    return {g for g, n in copies.items() if n >= min_size}


def _table(rows: list[Contribution], voices: list[str], key) -> list[dict]:
    subs: Counter = Counter()
    heard: dict[str, set[str]] = defaultdict(set)
    for c, v in zip(rows, voices, strict=True):
        subs[key(c)] += 1
        heard[key(c)].add(v)
    return [{"key": k, "submissions": n, "voices": len(heard[k])}
            for k, n in sorted(subs.items(), key=lambda kv: (-kv[1], kv[0]))]


def participation(rows: list[Contribution], min_size: int) -> dict:
    """Counts by Party, stakeholder type, country, chapter and (as "ch26/R3") recommendation
    within a chapter, both ways."""
    active = active_groups(rows, min_size)
    voices = [voice(c, active) for c in rows]
    sme = {v for c, v in zip(rows, voices, strict=True) if c.stakeholder_type == "sme"}
    by_code: dict[str, dict] = defaultdict(lambda: {"submissions": 0, "voices": set(), "groups": set()})
    for c, v in zip(rows, voices, strict=True):
        chapters = [k for k in c.codes if k.startswith("ch")]
        pairs = [f"{ch}/{r}" for ch in chapters for r in c.codes if not r.startswith("ch")]
        for code in (*chapters, *pairs):  # a recommendation is counted within each chapter it is raised on
            entry = by_code[code]
            entry["submissions"] += 1
            entry["voices"].add(v)
            if c.group in active:
                entry["groups"].add(c.group)
    distinct = len(set(voices))
    in_campaigns = [c for c in rows if c.group in active]
    return {
        "submissions": len(rows),
        "distinct_voices": distinct,
        "campaign_letters": len(in_campaigns),
        "signatories": sum(max(c.copies, 1) for c in in_campaigns),
        "active_groups": active,
        "by_party": _table(rows, voices, lambda c: c.party),
        "by_stakeholder_type": _table(rows, voices, lambda c: c.stakeholder_type),
        "by_country": _table(rows, voices, lambda c: c.country),
        "by_code": {code: {"submissions": e["submissions"], "voices": len(e["voices"]), "groups": e["groups"]}
                    for code, e in by_code.items()},
        "sme_share": {
            "submissions": sum(c.stakeholder_type == "sme" for c in rows) / len(rows) if rows else None,
            "voices": len(sme) / distinct if distinct else None,
        },
    }
