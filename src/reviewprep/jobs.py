"""The steps of a run as plain functions: flows orchestrate them, tests call them directly.

Each step opens its own session from settings, so a Prefect task can run it in any
worker process and two runs at once only meet in the database, where unique keys
keep them from doubling anything.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from reviewprep.campaigns import topics as topic_groups
from reviewprep.campaigns.config import CampaignsConfig, load_campaigns_config
from reviewprep.campaigns.summary import Campaign
from reviewprep.campaigns.topics import Topic
from reviewprep.errors import UserError
from reviewprep.framework import load_framework, load_review_calendar
from reviewprep.memory import release_freed_memory
from reviewprep.scoring.config import load_scoring
from reviewprep.scoring.snapshot import Snapshot, compute
from reviewprep.settings import Settings
from reviewprep.store import campaigns as campaign_store
from reviewprep.store.campaigns import DetectionRun
from reviewprep.store.db import exclusive, session_scope, upgrade
from reviewprep.store.snapshots import store

# Gathering and rendering are imported where they run: they pull in WeasyPrint (and its
# fonts and PDF code), which a scoring process would carry for nothing.
if TYPE_CHECKING:
    from reviewprep.framework.models import Framework, ReviewCalendar
    from reviewprep.gather.sources import Inbox, Source
    from reviewprep.reports.brief import BriefRequest
    from reviewprep.reports.weekly import Rendered
    from reviewprep.scoring.config import ScoringConfig
    from reviewprep.store.loads import FileCounts


@dataclass(frozen=True)
class Config:
    framework: Framework
    calendar: ReviewCalendar
    scoring: ScoringConfig


def load_config(settings: Settings) -> Config:
    """All config files, validated; a bad one raises ConfigError naming file and key."""
    framework = load_framework(settings.config_path)
    return Config(framework, load_review_calendar(settings.config_path), load_scoring(settings.config_path))


def prepare_database(settings: Settings) -> None:
    upgrade(settings.db_url)


def configured_sources(settings: Settings, sources_file: Path | None = None) -> list[Source]:
    from reviewprep.gather.sources import load_sources
    return load_sources(sources_file or settings.config_path / "sources.yaml").sources


def configured_inboxes(settings: Settings, sources_file: Path | None = None) -> list[Inbox]:
    from reviewprep.gather.sources import load_sources
    return load_sources(sources_file or settings.config_path / "sources.yaml").inboxes


def gather_inbox(settings: Settings, inbox: Inbox, today: dt.date | None = None) -> list[FileCounts]:
    """Load an inbox's new files, each recognised by its content; one FileCounts per file."""
    from reviewprep.gather.ingest import ingest_inbox
    config = load_config(settings)
    with exclusive(settings.db_url, f"gather-inbox-{inbox.name}"):
        return ingest_inbox(settings, config.framework, inbox, today)


def gather(settings: Settings, source: Source, today: dt.date | None = None) -> list[FileCounts]:
    """Load one source; a second run gathering the same source waits, then finds it loaded."""
    from reviewprep.gather.ingest import ingest_source
    config = load_config(settings)
    with exclusive(settings.db_url, f"gather-{source.name}"):
        return ingest_source(settings, config.framework, source, today)


def score(settings: Settings, as_of: dt.date, audience: str, baseline: dt.date | None = None) -> Snapshot:
    """Compute and store the snapshot for one audience (idempotent)."""
    config = load_config(settings)
    with session_scope(settings.db_url) as session:
        snapshot = compute(session, config.framework, config.calendar, config.scoring, as_of, audience, baseline)
        store(session, snapshot)
    release_freed_memory()
    return snapshot


def render(settings: Settings, snapshot: Snapshot, language: str) -> Rendered:
    """Render one weekly variant from the snapshot its audience's `score` step produced, and record it."""
    from reviewprep.reports.weekly import render_weekly
    config = load_config(settings)
    with session_scope(settings.db_url) as session:
        store(session, snapshot)  # idempotent: links the report to its scoring run
        return render_weekly(session, snapshot, config.framework, config.scoring,
                             settings.templates_path, settings.out_path, language)


def brief_request(settings: Settings, meeting: str, meeting_date: dt.date, as_of: dt.date | None = None,
                  chapters: list[str] | None = None, parties: list[str] | None = None) -> BriefRequest:
    """A checked brief request (UserError on an empty meeting name or unknown codes)."""
    from reviewprep.reports.brief import BriefRequest
    try:
        return BriefRequest.make(meeting, meeting_date, load_config(settings).framework, as_of, chapters, parties)
    except ValueError as exc:
        raise UserError(str(exc)) from None


def score_brief(settings: Settings, request: BriefRequest, audience: str) -> Snapshot:
    """The brief's scores for one audience, against the previous brief, stored (idempotent)."""
    from reviewprep.reports import brief as reports_brief
    config = load_config(settings)
    with session_scope(settings.db_url) as session:
        snapshot = reports_brief.brief_snapshot(session, request, config.framework, config.calendar,
                                                config.scoring, audience)
    release_freed_memory()
    return snapshot


def render_brief(settings: Settings, request: BriefRequest, snapshot: Snapshot, language: str) -> Rendered:
    """Render one ministerial brief variant from the snapshot `score_brief` produced, and record it."""
    from reviewprep.reports import brief as reports_brief
    config = load_config(settings)
    with session_scope(settings.db_url) as session:
        store(session, snapshot)  # idempotent: links the report to its scoring run
        return reports_brief.render_brief(session, request, snapshot, config.framework, config.scoring,
                                          settings.templates_path, settings.out_path, language)


def campaigns_config(settings: Settings) -> CampaignsConfig:
    return load_campaigns_config(settings.config_path)


def detect_campaigns(settings: Settings, rebuild: bool = False) -> DetectionRun:
    """Group the text submissions no run has seen (all of them with `rebuild`); one run at a time."""
    config = campaigns_config(settings)
    with exclusive(settings.db_url, "campaigns"), session_scope(settings.db_url) as session:
        run = campaign_store.detect(session, config.detection.settings(), rebuild)
    release_freed_memory()
    return run


def campaigns(settings: Settings, as_of: dt.date | None, audience: str) -> list[Campaign]:
    """The campaigns as of a date (None: all letters) for an audience, after grouping anything new."""
    detect_campaigns(settings)
    config = campaigns_config(settings)
    with session_scope(settings.db_url) as session:
        return campaign_store.campaigns_as_of(session, config.detection.min_size, as_of, audience == "public")


def emerging_topics(settings: Settings, as_of: dt.date | None, audience: str) -> list[Topic]:
    detect_campaigns(settings)
    t = campaigns_config(settings).topics
    with session_scope(settings.db_url) as session:
        texts = campaign_store.untagged_texts(session, dt.date.min, as_of or dt.date.max, audience == "public")
    return topic_groups.emerging_topics(texts, t.max_topics, t.min_size, t.top_words)


def render_heard(settings: Settings, snapshot: Snapshot, language: str, start: dt.date) -> Rendered:
    """Render one "What we heard" variant for `start` to the snapshot's as-of date, and record it."""
    from reviewprep.reports import heard
    config = load_config(settings)
    with session_scope(settings.db_url) as session:
        store(session, snapshot)
        return heard.render_heard(session, snapshot, config.framework, campaigns_config(settings),
                                  settings.templates_path, settings.out_path, language, start)
