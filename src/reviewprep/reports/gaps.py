"""What would make a report assessable, and what to do next: built from a snapshot.

The evidence gaps are the analyst's to-do list for the coming week (restricted variants)
or a neutral coverage statement (public ones): cells one or two ratings short of the
minimum, obligation instances nobody has checked yet, and chapters with no recent input.
The actions name, for the weakest cells, the recommendation and its next step, written
for the next review (the framework handed in is already filled in for it).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from reviewprep.codes import PARTY_ORDER
from reviewprep.framework.models import Framework

GAP_LIMIT = 8  # items per list in a report; the JSON file has them all
ATTENTION_CELLS = 3


def instance_row(instance, framework: Framework, language: str) -> dict:
    ob = framework.obligation(instance.obligation)
    return {"obligation": instance.obligation, "title": ob.title(language), "article": ob.article,
            "chapter": ob.chapter, "period": instance.period, "due": instance.due, "party": instance.party}


def ratings_missing(cell, minimum: int) -> int:
    """Ratings a cell lacks for an assessment: counted in voices (a campaign once), as the
    minimum is; none once it has one."""
    return max(0, minimum - cell.voices) if cell.assessment is None else 0


def evidence_gaps(snapshot, framework: Framework, config, language: str,
                  latest_by_chapter: dict[str, dt.date | None],
                  chapters: Iterable[str] | None = None, parties: Iterable[str] | None = None) -> dict:
    """Cells short of ratings, obligation instances not yet checked, quiet chapters."""
    chapters = list(chapters) if chapters else [c.code for c in framework.chapters]
    parties = set(parties) if parties else None
    minimum, short_by = config.minimum_ratings, config.evidence_gaps.ratings_short_by
    cells = [c for c in snapshot.cells if c.chapter in chapters and (parties is None or c.party in parties)]
    short = sorted(
        ({"chapter": c.chapter, "recommendation": c.recommendation, "party": c.party, "voices": c.voices,
          "missing": missing} for c in cells if 0 < (missing := ratings_missing(c, minimum)) <= short_by),
        key=lambda r: (r["missing"], chapters.index(r["chapter"]), int(r["recommendation"][1:]),
                       PARTY_ORDER.index(r["party"])))
    not_checked = sorted(
        (instance_row(i, framework, language) for i in snapshot.obligations if i.state == "not_checked"
         and framework.obligation(i.obligation).chapter in (None, *chapters)
         and (parties is None or i.party in parties)),
        key=lambda r: (r["due"], r["obligation"], r["party"]), reverse=True)
    quiet_days = config.evidence_gaps.quiet_days
    quiet = [{"chapter": framework.chapter(code), "last_input": latest_by_chapter.get(code)}
             for code in chapters
             if latest_by_chapter.get(code) is None or (snapshot.as_of - latest_by_chapter[code]).days >= quiet_days]
    return {"short_cells": short, "not_checked": not_checked, "quiet_chapters": quiet, "quiet_days": quiet_days,
            "rated_cells": sum(1 for c in cells if c.assessment is not None),
            "scored_cells": sum(1 for c in cells if c.score is not None),
            "applicable": len(cells), "limit": GAP_LIMIT}


def attention(snapshot, framework: Framework, config, language: str, limit: int = ATTENTION_CELLS,
              chapters: Iterable[str] | None = None, parties: Iterable[str] | None = None) -> list[dict]:
    """The weakest scored cells, each with its recommendation and next step: press for what
    is overdue, gather the ratings it lacks, and the recommendation's action for the next review.
    Cells of one chapter and recommendation that need the same step are one row, with their Parties."""
    chapters = set(chapters) if chapters else None
    parties = set(parties) if parties else None
    order = {c.code: i for i, c in enumerate(framework.chapters)}
    scored = sorted((c for c in snapshot.cells if c.score is not None
                     and (chapters is None or c.chapter in chapters) and (parties is None or c.party in parties)),
                    key=lambda c: (c.score, order[c.chapter], int(c.recommendation[1:]), PARTY_ORDER.index(c.party)))
    rows: list[dict] = []
    for c in scored:
        same = next((r for r in rows if (r["chapter"], r["recommendation"], r["score"]) ==
                     (c.chapter, c.recommendation, c.score)), None)
        if same is not None:
            same["parties"].append(c.party)
            same["missing"] = max(same["missing"], ratings_missing(c, config.minimum_ratings))
            continue
        if len(rows) == limit:
            break
        overdue = []
        for i in c.instances:
            if i.state == "overdue":
                title = framework.obligation(i.obligation).title(language)
                overdue.append(title if i.period == "once" else f"{title} ({i.period})")
        rows.append({"cell": c, "chapter": c.chapter, "recommendation": c.recommendation, "party": c.party,
                     "parties": [c.party],
                     "score": c.score, "status": c.status, "overdue": list(dict.fromkeys(overdue)),
                     "missing": ratings_missing(c, config.minimum_ratings),
                     "action": framework.recommendation(c.recommendation).action(language)})
    return rows
