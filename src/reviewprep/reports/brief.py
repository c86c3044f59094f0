"""The ministerial brief: two to four pages for a named meeting.

Headline readiness, change since the last brief (its as-of date, found in the reports
table, is the baseline), per focus chapter the three weakest cells with the matching
recommendation as the ask, risks and stakeholder voice.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from slugify import slugify
from sqlalchemy.orm import Session

from reviewprep.codes import PARTIES, TRILATERAL
from reviewprep.framework.models import Framework, ReviewCalendar
from reviewprep.reports import context as ctx
from reviewprep.reports import gaps
from reviewprep.reports.records import previous_brief_as_of
from reviewprep.reports.render import render_html
from reviewprep.reports.variant import Rendered, report_environment, write_variant
from reviewprep.scoring import aggregate as agg
from reviewprep.scoring.config import ScoringConfig
from reviewprep.scoring.snapshot import Snapshot, compute
from reviewprep.store import report_reads
from reviewprep.store.scoring_reads import load_inputs
from reviewprep.store.snapshots import store

WEAKEST_CELLS = 3
COMPACT_ABOVE = 2  # with more focus chapters, each gets a shorter section so the brief stays within 4 pages
COMPACT_VOICES = 4  # and only the weakest chapters' quotes are given
MEETING_CHARS = 120
BRIEF_QUOTE_CHARS = 200  # at most four quotes: with this cap the brief stays within its pages whatever was written
BRIEF_GAP_LIMIT = 4  # to-do items per list in a brief, which stays within 4 pages


def meeting_slug(meeting: str, limit: int = 48) -> str:
    """A readable, file-safe key for a meeting name, unique per meeting and stable for the same one.

    The name is transliterated (Министерская встреча → ministerskaia-vstrecha) and cut at a
    word, then followed by a digest of the whole name, so two meetings whose names share
    their first 48 characters, or transliterate alike, still get different keys.
    """
    name = unicodedata.normalize("NFKC", " ".join(meeting.split())).casefold()
    readable = slugify(name, max_length=limit, word_boundary=True) or "meeting"
    return f"{readable}-{hashlib.sha256(name.encode()).hexdigest()[:8]}"


@dataclass(frozen=True)
class BriefRequest:
    """What the analyst asked for; empty chapters or Parties mean all of them."""

    meeting: str
    meeting_date: dt.date
    as_of: dt.date
    chapters: tuple[str, ...]
    parties: tuple[str, ...]

    @classmethod
    def make(cls, meeting: str, meeting_date: dt.date, framework: Framework, as_of: dt.date | None = None,
             chapters=None, parties=None) -> BriefRequest:
        meeting = " ".join(meeting.split())
        if not meeting:
            raise ValueError("the meeting needs a name")
        if len(meeting) > MEETING_CHARS:
            raise ValueError(f"the meeting name is {len(meeting):,} characters long; at most {MEETING_CHARS} fit a brief")
        order = [c.code for c in framework.chapters]
        chosen = sorted(set(chapters or order), key=order.index)
        unknown = [c for c in chosen if c not in order]
        if unknown:
            raise ValueError(f"unknown chapter {', '.join(unknown)}; choose from {', '.join(order)}")
        bad = [p for p in (parties or ()) if p not in PARTIES]
        if bad:
            raise ValueError(f"unknown Party {', '.join(bad)}; choose from {', '.join(PARTIES)}")
        focus = tuple(p for p in PARTIES if not parties or p in parties)
        return cls(meeting, meeting_date, as_of or min(dt.date.today(), meeting_date), tuple(chosen), focus)

    @property
    def meeting_key(self) -> str:
        return f"{self.meeting_date.isoformat()}-{meeting_slug(self.meeting)}"

    @property
    def cell_parties(self) -> tuple[str, ...]:
        """The focus Parties plus trilateral work, which every Party shares."""
        return (*self.parties, TRILATERAL)

    def report_key(self, language: str, audience: str) -> str:
        return f"brief-{self.meeting_key}-{language}-{audience}"


def weakest_cells(snapshot: Snapshot, chapter: str, parties: tuple[str, ...], limit: int = WEAKEST_CELLS) -> list[dict]:
    """The lowest scored cells of a chapter among the focus Parties, with their change since the baseline."""
    base = (snapshot.baseline or {}).get("cells", {})
    scored = [c for c in snapshot.cells if c.chapter == chapter and c.party in parties and c.score is not None]
    scored.sort(key=lambda c: (c.score, int(c.recommendation[1:]), parties.index(c.party)))
    rows = []
    for c in scored[:limit]:
        before = base.get((c.chapter, c.recommendation, c.party))
        rows.append({"cell": c, "change": None if before is None else round(c.score - before, 2)})
    return rows


def is_compact(request: BriefRequest) -> bool:
    return len(request.chapters) > COMPACT_ABOVE


def brief_quotes(session: Session, snapshot: Snapshot, request: BriefRequest) -> dict[str, list[dict]]:
    """The stakeholder quotes the brief shows per focus chapter, read before templating."""
    parties = request.cell_parties if len(request.parties) < len(PARTIES) else None
    return report_reads.chapter_quotes(session, snapshot.as_of, snapshot.audience, request.chapters,
                                       1 if is_compact(request) else 2, parties)


def brief_context(snapshot: Snapshot, framework: Framework, config: ScoringConfig, request: BriefRequest,
                  language: str, words: dict, quotes: dict[str, list[dict]], baseline_from_brief: bool) -> dict:
    """`quotes` by chapter as `brief_quotes` reads them. Framework texts are filled in for the
    next review as of the snapshot, so a brief never asks about a review already held."""
    framework = framework.for_next_review(snapshot.next_review)
    judged = ctx.judgements_by_chapter(snapshot)
    base = snapshot.baseline or {}
    parties = request.cell_parties
    compact = is_compact(request)
    focus_cells = [c for c in snapshot.cells if c.chapter in request.chapters and c.party in parties]
    chapters = []
    for code in request.chapters:
        aggregate = agg.aggregate((c for c in focus_cells if c.chapter == code), config)
        before = base.get("chapters", {}).get(code)
        weakest = weakest_cells(snapshot, code, parties)
        chapters.append({
            "chapter": framework.chapter(code),
            "aggregate": aggregate,
            "all_parties": snapshot.chapters[code],
            "change": None if snapshot.chapters[code].score is None or before is None
            else round(snapshot.chapters[code].score - before, 2),
            "baseline": before,
            "trend": ctx.chapter_trend(snapshot, code, config),
            "weakest": weakest,
            "asks": list(dict.fromkeys(row["cell"].recommendation for row in weakest)),
            "unscored": sum(1 for c in focus_cells if c.chapter == code and c.score is None),
            "party_chart": ctx.party_bars(snapshot, code, parties, words),
            "quotes": ctx.attributed(quotes[code], words),
            "steps": {a["recommendation"]: a for a in gaps.attention(snapshot, framework, config, language,
                                                                    WEAKEST_CELLS, [code], parties)},
            "judgements": {p: j for p, j in judged.get(code, {}).items() if p in parties},
        })
    voice = [c for c in chapters if c["quotes"]]
    if compact:
        voice = sorted(voice, key=lambda c: (c["aggregate"].score is None, c["aggregate"].score or 0))[:COMPACT_VOICES]
        voice.sort(key=lambda c: request.chapters.index(c["chapter"].code))
    horizon = snapshot.next_review
    upcoming = sorted(
        (i for i in snapshot.obligations if i.state == "not_due" and i.party in parties
         and framework.obligation(i.obligation).chapter in (None, *request.chapters)
         and (horizon is None or i.due <= horizon)),
        key=lambda i: (i.due, i.obligation, i.party))
    return {
        "lang": language,
        "snapshot": snapshot,
        "framework": framework,
        "config": config,
        "request": request,
        "baseline": base.get("as_of"),
        "baseline_overall": base.get("overall"),
        "baseline_from_brief": baseline_from_brief,
        "overall_change": None if snapshot.overall.score is None or base.get("overall") is None
        else round(snapshot.overall.score - base["overall"], 2),
        "focus": agg.aggregate(focus_cells, config),
        "chapters": chapters,
        "overdue": ctx.overdue(snapshot, framework, language, request.chapters, parties),
        "upcoming": upcoming,
        "deteriorating": [c for c in chapters if c["trend"]["outlook"].band == "deteriorating"],
        # a compact brief lists the review-cycle steps under "Due before the next review" only
        "timeline": ctx.obligations_timeline(snapshot, framework, language, words, request.chapters, request.parties,
                                             agreement_wide=not compact),
        "parties": parties,
        "compact": compact,
        "voice": voice,
        "quote_chars": BRIEF_QUOTE_CHARS,
        "gaps": {**gaps.evidence_gaps(snapshot, framework, config, language, snapshot.latest_by_chapter,
                                      request.chapters, parties), "limit": BRIEF_GAP_LIMIT},
    }


def brief_snapshot(session: Session, request: BriefRequest, framework: Framework, calendar: ReviewCalendar,
                   config: ScoringConfig, audience: str) -> Snapshot:
    """Scores as of the request's date against the last brief (else the week before), stored.

    The inputs are read first, while the session has not begun: as one moment of the database."""
    inputs = load_inputs(session, audience=audience)
    previous = previous_brief_as_of(session, request.as_of, request.meeting_key)
    baseline = previous or request.as_of - dt.timedelta(days=config.trend.interval_days)
    snapshot = compute(session, framework, calendar, config, request.as_of, audience, baseline, inputs=inputs)
    store(session, snapshot)
    return snapshot


def render_brief(session: Session, request: BriefRequest, snapshot: Snapshot, framework: Framework,
                 config: ScoringConfig, templates: Path, out_dir: Path, language: str) -> Rendered:
    """Write every file of one variant from the snapshot its audience's `brief_snapshot` produced."""
    if snapshot.as_of != request.as_of:
        raise ValueError(f"the snapshot is as of {snapshot.as_of}, the brief asks for {request.as_of}")
    previous = previous_brief_as_of(session, request.as_of, request.meeting_key)
    quotes = brief_quotes(session, snapshot, request)
    env, words = report_environment(templates, language)
    html = render_html(env, "brief.html.j2", brief_context(snapshot, framework, config, request, language, words,
                                                           quotes, previous is not None))
    return write_variant(session, kind="brief", key=request.report_key(language, snapshot.audience),
                         folder=out_dir / "briefs" / request.meeting_date.isoformat(), html=html,
                         templates=templates, snapshot=snapshot, framework=framework, language=language,
                         meta={"meeting": request.meeting, "meeting_date": request.meeting_date.isoformat(),
                               "meeting_key": request.meeting_key, "chapters": list(request.chapters),
                               "parties": list(request.parties), "baseline": snapshot.baseline["as_of"]
                               if snapshot.baseline else None})
