"""The "What we heard" consultation summary for a date range, in one language and audience.

Who took part (submissions and distinct voices, campaigns, types, Parties, countries),
what they said per chapter and recommendation (counts, campaigns, quotes: evidence-rich
first, a campaign once with its size), what is changing (each chapter's readiness and
overdue obligations as of the period's last day, from the scoring snapshot), and the
emerging topics. Everything is read before templating (`store.heard_reads`,
`store.campaigns`); the template only lays out.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sqlalchemy.orm import Session

from reviewprep.campaigns import topics as topic_groups
from reviewprep.campaigns.config import CampaignsConfig
from reviewprep.campaigns.participation import participation
from reviewprep.campaigns.quotes import choose
from reviewprep.framework.models import Framework
from reviewprep.reports.context import overdue
from reviewprep.reports.render import render_html
from reviewprep.reports.variant import Rendered, report_environment, write_variant
from reviewprep.scoring.snapshot import Snapshot
from reviewprep.store import campaigns as campaign_store
from reviewprep.store import heard_reads

CANDIDATES = 400  # recent submissions per chapter considered for quotes (a campaign's letters count once)


def report_key(start: dt.date, end: dt.date, language: str, audience: str) -> str:
    return f"heard-{start.isoformat()}-{end.isoformat()}-{language}-{audience}"


def heard_data(session: Session, start: dt.date, end: dt.date, audience: str, framework: Framework,
               config: CampaignsConfig) -> dict:
    """Everything the report shows beyond the snapshot, for the submissions dated in the period."""
    public = audience == "public"
    min_size = config.detection.min_size
    rows = heard_reads.contributions(session, start, end, public)
    counts = participation(rows, min_size)
    groups = sorted(counts["active_groups"])
    letters, assignments, ids = campaign_store.letters_of(session, groups, end, public)
    letters = [letter for letter in letters if letter.day >= start]
    from reviewprep.campaigns.summary import campaigns as summarise

    found = summarise(letters, assignments, min_size)
    by_campaign = {ids[k]: {"id": c.id, "template": c.template, "signatories": c.signatories}
                   for c in found for k in c.members}
    quotes = {}
    for chapter in framework.chapters:
        candidates = heard_reads.quote_candidates(session, start, end, public, chapter.code, CANDIDATES)
        quotes[chapter.code] = choose(candidates, by_campaign, config.quotes.per_chapter,
                                      config.quotes.min_evidence_points)
    untagged = campaign_store.untagged_texts(session, start, end, public)
    t = config.topics
    topics = topic_groups.emerging_topics(untagged, t.max_topics, t.min_size, t.top_words)
    return {"counts": counts, "campaigns": found, "quotes": quotes, "topics": topics,
            "languages": campaign_store.campaign_languages(session, found)}


def heard_context(snapshot: Snapshot, framework: Framework, language: str, start: dt.date, end: dt.date,
                  data: dict) -> dict:
    counts = data["counts"]
    by_code = counts["by_code"]
    campaign_of_group = {c.group: c for c in data["campaigns"]}
    chapters = []
    for chapter in framework.chapters:
        code = chapter.code
        if code not in by_code:
            continue
        aggregate = snapshot.chapters[code]
        chapters.append({
            "code": code, "submissions": by_code[code]["submissions"], "voices": by_code[code]["voices"],
            "campaigns": [campaign_of_group[g] for g in sorted(by_code[code]["groups"]) if g in campaign_of_group],
            "recommendations": [{"code": r, **{k: by_code[f"{code}/{r}"][k] for k in ("submissions", "voices")}}
                                for r in framework.applicability[code] if f"{code}/{r}" in by_code],
            "quotes": data["quotes"][code],
            "score": aggregate.score, "status": aggregate.status, "coverage": aggregate.coverage,
            "overdue": overdue(snapshot, framework, language, chapters=[code]),
        })
    campaigns = [{"id": c.id, "size": c.size, "signatories": c.signatories, "excerpt": c.excerpt(220),
                  "chapters": [k for k in c.codes if k.startswith("ch")], "first": c.first, "last": c.last,
                  "language": data["languages"].get(c.id, language)} for c in data["campaigns"]]
    return {
        "lang": language, "snapshot": snapshot, "framework": framework,
        "heard": {
            "start": start, "end": end, "submissions": counts["submissions"],
            "distinct_voices": counts["distinct_voices"], "campaign_letters": counts["campaign_letters"],
            "signatories": counts["signatories"], "campaigns": campaigns,
            "with_additions": sum(len(c.additions) for c in data["campaigns"]),
            "by_stakeholder_type": counts["by_stakeholder_type"], "by_party": counts["by_party"],
            "by_country": counts["by_country"][:12], "sme_share": counts["sme_share"],
            "chapters": chapters, "topics": data["topics"],
        },
    }


def render_heard(session: Session, snapshot: Snapshot, framework: Framework, config: CampaignsConfig,
                 templates: Path, out_dir: Path, language: str, start: dt.date) -> Rendered:
    """Render and record one variant; the period ends on the snapshot's as-of date."""
    end = snapshot.as_of
    framework = framework.for_next_review(snapshot.next_review)  # texts written for the next review
    data = heard_data(session, start, end, snapshot.audience, framework, config)
    env, _words = report_environment(templates, language)
    html = render_html(env, "heard.html.j2", heard_context(snapshot, framework, language, start, end, data))
    return write_variant(session, kind="heard", key=report_key(start, end, language, snapshot.audience),
                         folder=out_dir / "heard" / f"{start.isoformat()}_{end.isoformat()}", html=html,
                         templates=templates, snapshot=snapshot, framework=framework, language=language,
                         meta={"start": start.isoformat(), "end": end.isoformat()})
