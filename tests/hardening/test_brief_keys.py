"""Briefs for different meetings on one date never share a key, files, rows or deliveries."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from reviewprep import jobs
from reviewprep.demo import ANCHOR
from reviewprep.reports.brief import BriefRequest
from reviewprep.store.db import session_scope
from reviewprep.store.models import Delivery, Report
from tests.conftest import REPO
from tests.distribution_helpers import write_distribution
from tests.orchestration_helpers import SMALL_LISTS

DATE = dt.date(2026, 12, 3)
LONG = "Free Trade Commission preparatory session on digital trade, day "  # 64 characters before the day


def keys(settings, *meetings: str) -> list[str]:
    framework = jobs.load_config(settings).framework
    return [BriefRequest.make(m, DATE, framework).meeting_key for m in meetings]


def test_keys_are_unique_per_meeting_stable_and_readable(settings, table):
    pairs = [(LONG + "one", LONG + "two"), ("Министерская встреча", "Встреча министров"), ("部长级会议", "贸易部长会议"),
             ("Reunión ministerial", "Reunion ministerial")]
    for a, b in pairs:
        ka, kb = keys(settings, a, b)
        table.check(f"brief keys for {a!r} and {b!r} on one date", "two different, readable keys",
                    f"{ka} / {kb}", ka != kb and "meeting" not in ka + kb and ka.isascii() and kb.isascii())
    again = keys(settings, "Trade  ministers", "Trade ministers")
    table.check("the same meeting named twice (spacing aside)", "one key", " / ".join(again), len(set(again)) == 1)
    table.assert_all_passed()


@pytest.mark.flow
def test_two_briefs_for_different_meetings_on_one_date_are_both_rendered_and_sent(
        settings, config_copy, prefect_harness, table):
    from flows.ministerial_brief import ministerial_brief

    jobs.prepare_database(settings)
    for source in jobs.configured_sources(settings, REPO / "data/sample/sources.yaml"):
        jobs.gather(settings, source)
    write_distribution(config_copy, SMALL_LISTS)
    summaries = [ministerial_brief(meeting=LONG + day, meeting_date=DATE, chapters=["ch26"], as_of=ANCHOR)
                 for day in ("one", "two")]
    with session_scope(settings.db_url) as session:
        reports = session.scalars(select(Report).where(Report.kind == "brief")).all()
        sent = sorted((d.report_key, d.recipient) for d in session.scalars(select(Delivery)) if d.status == "sent")
    meetings = {r.meta["meeting"] for r in reports}
    pdfs = {r.pdf_path for r in reports}
    outbox = sorted(settings.outbox.rglob("*.eml"))
    table.compare("two briefs, different meetings (same first 48 characters), one date, two recipients each",
                  {"reports": 4, "meetings": 2, "PDF files": 4, "sent": 4, "sent by the second run": 2,
                   "outbox messages": 4},
                  {"reports": len(reports), "meetings": len(meetings), "PDF files": len(pdfs), "sent": len(sent),
                   "sent by the second run": summaries[1]["distribution"]["sent_now"],
                   "outbox messages": len(outbox)})
    table.assert_all_passed()
