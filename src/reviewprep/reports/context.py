"""Everything a report template needs, computed once from a scoring snapshot and data read before.

Templates only lay out; choosing movers, overdue obligations, the heat map and every
chart's geometry happens here, where it can be tested without rendering. Nothing here
queries: quotes and source files come in from `store.report_reads`.
`words` is the language's label set (`reports.labels.labels`), needed for chart labels.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable

import numpy as np

from reviewprep.codes import CONFIDENCES, INSTANCE_STATES, PARTY_ORDER, RECOMMENDATION_CODES, TRILATERAL
from reviewprep.framework.models import Framework
from reviewprep.reports import charts, gaps
from reviewprep.scoring import aggregate as agg
from reviewprep.scoring.config import ScoringConfig
from reviewprep.scoring.snapshot import Snapshot

QUOTES_PER_CHAPTER = 3
PARTY_NAMES = {"us": "US", "usa": "US", "united states": "US", "ca": "CA", "canada": "CA", "mx": "MX",
               "mexico": "MX", "méxico": "MX"}


def chapter_label(framework: Framework, code: str, language: str) -> str:
    chapter = framework.chapter(code)
    return f"{chapter.number} {chapter.name(language)}"


def movers(snapshot: Snapshot, limit: int = 3) -> dict[str, list[dict]]:
    """Cells whose score moved most since the previous weekly snapshot."""
    changes = [
        {"chapter": c.chapter, "recommendation": c.recommendation, "party": c.party,
         "score": c.score, "change": snapshot.trends[c.key].trend.change}
        for c in snapshot.cells
    ]
    changes = [m for m in changes if m["change"]]
    up = sorted((m for m in changes if m["change"] > 0), key=lambda m: (-m["change"], m["chapter"], m["recommendation"], m["party"]))
    down = sorted((m for m in changes if m["change"] < 0), key=lambda m: (m["change"], m["chapter"], m["recommendation"], m["party"]))
    return {"up": up[:limit], "down": down[:limit]}


def overdue(snapshot: Snapshot, framework: Framework, language: str,
            chapters: Iterable[str] | None = None, parties: Iterable[str] | None = None) -> list[dict]:
    """Overdue obligation instances, most recent first (optionally for some chapters and Parties)."""
    chapters = set(chapters) if chapters else None
    parties = set(parties) if parties else None
    rows = []
    for i in snapshot.obligations:
        ob = framework.obligation(i.obligation)
        if i.state != "overdue" or (chapters and ob.chapter is not None and ob.chapter not in chapters):
            continue
        if parties and i.party not in parties:
            continue
        rows.append({"obligation": i.obligation, "title": ob.title(language), "article": ob.article,
                     "chapter": ob.chapter, "period": i.period, "due": i.due, "party": i.party})
    return sorted(rows, key=lambda r: (r["due"], r["obligation"], r["party"]), reverse=True)


def heatmap(snapshot: Snapshot, framework: Framework, config: ScoringConfig) -> list[dict]:
    """Chapter rows × R1..R10 columns; each applicable cell the mean over Parties."""
    rows = []
    for chapter in framework.chapters:
        cells = []
        for rec in RECOMMENDATION_CODES:
            if rec not in framework.applicability[chapter.code]:
                cells.append(None)
                continue
            a = agg.aggregate((c for c in snapshot.cells if (c.chapter, c.recommendation) == (chapter.code, rec)), config)
            cells.append({"recommendation": rec, **a.as_dict()})
        rows.append({"chapter": chapter, "cells": cells, "aggregate": snapshot.chapters[chapter.code]})
    return rows


def heatmap_chart(rows: list[dict], language: str) -> dict:
    """Heat map geometry, plus its lowest and highest scored cells for the alt text."""
    chart = charts.heatmap(
        [{"label_lines": charts.wrap_lines(f"{r['chapter'].number} {r['chapter'].name(language)}", 24),
          "cells": r["cells"], "total": r["aggregate"].as_dict()} for r in rows],
        RECOMMENDATION_CODES,
    )
    scored = sorted(((c["score"], r["chapter"].number, c["recommendation"]) for r in rows for c in r["cells"]
                     if c is not None and c["score"] is not None), key=lambda t: (t[0], t[1], int(t[2][1:])))
    chart["lowest"], chart["highest"] = (scored[0], scored[-1]) if scored else (None, None)
    return chart


def chapter_confidence(snapshot: Snapshot, chapter: str) -> str:
    """The most common confidence among the chapter's scored cells (low when none)."""
    levels = Counter(c.confidence for c in snapshot.cells if c.chapter == chapter and c.score is not None)
    if not levels:
        return "low"
    return max(CONFIDENCES, key=lambda lv: (levels[lv], -CONFIDENCES.index(lv)))


def chapter_trend(snapshot: Snapshot, chapter: str, config: ScoringConfig) -> dict:
    """The chapter's trend as the snapshot computed it (slope, direction within the
    tolerance, outlook), with its chart."""
    found = snapshot.chapter_trends[chapter]
    return {
        "series": found.series,
        "slope": found.slope_per_week,
        "direction": found.direction,
        "change": found.change,
        "outlook": found.outlook,
        "chart": charts.line_chart(found.series, target=config.outlook.target),
    }


def party_bars(snapshot: Snapshot, chapter: str, parties: Iterable[str], words: dict) -> dict:
    """One bar per Party (and trilateral work) for a chapter."""
    return charts.bar_chart([{"bars": [
        {"key": words["party"][p], "party": p, **snapshot.chapter_parties[(chapter, p)].as_dict()} for p in parties
    ]}], width=300, key_width=68)


def party_comparison(snapshot: Snapshot, framework: Framework, chapters: Iterable[str],
                     parties: Iterable[str], language: str, words: dict) -> dict:
    """Grouped bars: for each chapter, one bar per Party, keyed by the Party's short name."""
    parties = list(parties)
    return charts.bar_chart([
        {"label_lines": charts.wrap_lines(chapter_label(framework, code, language), 22, max_lines=3),
         "chapter": code,
         "bars": [{"key": words["party_short"][p], "party": p, **snapshot.chapter_parties[(code, p)].as_dict()}
                  for p in parties]}
        for code in chapters
    ], width=510, label_width=120, key_width=34, bar_height=8, gap=2, group_gap=8)


def period_middle(period: str, due: dt.date) -> dt.date:
    """Where an instance is drawn: the middle of the year it belongs to (a yearly instance due
    on 31 December sits under its own year, not the next), or its due date when once-only."""
    return due if period == "once" else dt.date(int(period), 7, 1)


def country_label(country: str, words: dict) -> str:
    """A quote author's country in the report's language when it is one of the Parties."""
    code = PARTY_NAMES.get(country.strip().lower())
    return words["party"][code] if code else country.strip()


def attributed(quotes: list[dict], words: dict) -> list[dict]:
    """Quotes with their author's country as words (the Party a quote is about stays apart)."""
    return [{**q, "country": country_label(q.get("country") or "", words)} for q in quotes]


def judgements_by_chapter(snapshot: Snapshot) -> dict[str, dict[str, dict]]:
    """chapter -> Party -> the judgement in force (as_json form, with its expiry flag)."""
    found: dict[str, dict[str, dict]] = {}
    for j in snapshot.judgements:
        found.setdefault(j["chapter"], {})[j["party"]] = {**j, "date": dt.date.fromisoformat(j["date"]),
                                                         "expires": dt.date.fromisoformat(j["expires"])}
    return found


def obligations_timeline(snapshot: Snapshot, framework: Framework, language: str, words: dict,
                         chapters: Iterable[str] | None = None, parties: Iterable[str] | None = None,
                         agreement_wide: bool = True) -> dict:
    """Every obligation instance from the first due date up to the next review, by state
    (without the agreement-wide ones of the review cycle when `agreement_wide` is false)."""
    chapters = set(chapters) if chapters else None
    parties = set(parties) if parties else None
    horizon = snapshot.next_review or snapshot.as_of
    known = {(i.obligation, i.period, i.party): i for i in snapshot.obligations}
    rows, counts = [], Counter()
    for ob in framework.obligations:
        if (chapters and ob.chapter is not None and ob.chapter not in chapters) or (
                ob.chapter is None and not agreement_wide):
            continue
        row_parties = [TRILATERAL] if ob.scope == "trilateral" else [p for p in PARTY_ORDER[:-1]
                                                                     if not parties or p in parties]
        for party in row_parties:
            marks = []
            for period, due in ob.instances(horizon):
                instance = known.get((ob.code, period, party))
                if instance is None and due > horizon:
                    continue
                state = instance.state if instance else "not_due"
                marks.append({"due": due, "period": period, "state": state, "at": period_middle(period, due),
                              "met_on": instance.met_on if instance else None})
                counts[state] += 1
            title = ob.title(language) + ("" if party == TRILATERAL else f" — {words['party'][party]}")
            rows.append({"label_lines": charts.wrap_lines(f"{ob.article} · {title}", 44), "marks": marks,
                         "obligation": ob.code, "party": party})
    dues = [m["due"] for r in rows for m in r["marks"]]
    start = dt.date(min(dues).year, 1, 1) if dues else dt.date(snapshot.as_of.year, 1, 1)
    end = max(horizon, snapshot.as_of) + dt.timedelta(days=45)
    chart = charts.timeline(rows, start, end, snapshot.as_of, snapshot.next_review)
    chart["counts"] = {s: counts[s] for s in INSTANCE_STATES}
    return chart


def distinct_count(id_arrays: list[np.ndarray]) -> int:
    """How many distinct ids the arrays hold together: marked in one flag per possible id,
    in linear time (a sort of a million ids, or a Python set of them, costs far more)."""
    arrays = [a for a in id_arrays if len(a)]
    if not arrays:
        return 0
    seen = np.zeros(max(int(a.max()) for a in arrays) + 1, dtype=bool)
    for a in arrays:
        seen[a] = True
    return int(np.count_nonzero(seen))


def inputs_annex(snapshot: Snapshot, sources: dict) -> dict:
    """The source files (`store.report_reads.source_files`) and, per chapter, what its scores rest on."""
    trace = []
    for code, aggregate in snapshot.chapters.items():
        cells = [c for c in snapshot.cells if c.chapter == code]
        trace.append({"chapter": code, "scored": aggregate.scored, "applicable": aggregate.applicable,
                      "submissions": distinct_count([c.submissions for c in cells]),
                      "events": len({e for c in cells for e in c.events})})
    return {**sources, "trace": trace}


def weekly_context(snapshot: Snapshot, framework: Framework, config: ScoringConfig, language: str,
                   words: dict, quotes: dict[str, list[dict]], sources: dict) -> dict:
    """`quotes` by chapter and `sources` as `store.report_reads` reads them. Framework texts are
    filled in for the next review as of the snapshot (`Framework.for_next_review`)."""
    framework = framework.for_next_review(snapshot.next_review)
    judged = judgements_by_chapter(snapshot)
    chapters = []
    for chapter in framework.chapters:
        code = chapter.code
        chapters.append({
            "chapter": chapter,
            "aggregate": snapshot.chapters[code],
            "confidence": chapter_confidence(snapshot, code),
            "trend": chapter_trend(snapshot, code, config),
            "parties": [{"party": p, **snapshot.chapter_parties[(code, p)].as_dict()} for p in PARTY_ORDER],
            "party_chart": party_bars(snapshot, code, PARTY_ORDER, words),
            "obligations": sorted((i for i in snapshot.obligations if framework.obligation(i.obligation).chapter == code),
                                  key=lambda i: (i.due, i.obligation, i.party), reverse=True),
            "quotes": attributed(quotes[code], words),
            "judgements": judged.get(code, {}),
        })
    overall_series = [(dt.date.fromisoformat(h["as_of"]), h["overall"]) for h in snapshot.history]
    rows = heatmap(snapshot, framework, config)
    return {
        "lang": language,
        "snapshot": snapshot,
        "framework": framework,
        "config": config,
        "period_start": snapshot.as_of - dt.timedelta(days=6),
        "movers": movers(snapshot),
        "overdue": overdue(snapshot, framework, language),
        "attention": gaps.attention(snapshot, framework, config, language),
        "gaps": gaps.evidence_gaps(snapshot, framework, config, language, snapshot.latest_by_chapter),
        "not_checked": sum(1 for i in snapshot.obligations if i.state == "not_checked"),
        "heatmap": rows,
        "heatmap_chart": heatmap_chart(rows, language),
        "overall_trend": charts.line_chart(overall_series, width=420, height=140, target=config.outlook.target),
        "party_overall": charts.bar_chart([{"bars": [
            {"key": words["party"][p], "party": p, **snapshot.parties[p].as_dict()} for p in PARTY_ORDER]}], key_width=68),
        "party_comparison": party_comparison(snapshot, framework, [c.code for c in framework.chapters],
                                             PARTY_ORDER, language, words),
        "timeline": obligations_timeline(snapshot, framework, language, words),
        "chapters": chapters,
        "parties": PARTY_ORDER,
        "recommendation_codes": RECOMMENDATION_CODES,
        "annex": inputs_annex(snapshot, sources),
    }
