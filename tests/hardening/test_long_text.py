"""One 90,000-character comment: quotes are shortened with a pointer to the full text, the weekly
report keeps its length and the brief stays within its four pages."""

from __future__ import annotations

import datetime as dt
import subprocess

import pytest

from reviewprep import cli, jobs
from reviewprep.demo import ANCHOR
from tests.conftest import REPO
from tests.gather_helpers import assessment, csv_text, write

WORDS = "The implementation of the SME Dialogue has stalled again in the third quarter. "
LONG = (WORDS * (90_000 // len(WORDS) + 1))[:90_000]
ORGANISATION = ("Cámara " + "Regional " * 40)[:300]  # the longest name ingest takes


def pages_and_text(pdf) -> tuple[int, str]:
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return len([p for p in text.split("\f") if p.strip()]), " ".join(text.split())


@pytest.fixture
def loaded(settings):
    jobs.prepare_database(settings)
    for source in jobs.configured_sources(settings, REPO / "data/sample/sources.yaml"):
        jobs.gather(settings, source)
    return settings


def test_a_90000_character_comment_is_shortened_in_every_report(loaded, tmp_path, table):
    before, _ = pages_and_text(jobs.render(loaded, jobs.score(loaded, ANCHOR, "public"), "en").pdf)
    latest = (ANCHOR - dt.timedelta(days=1)).isoformat()  # the newest quote of each chapter
    rows = [assessment(submission_id=f"LONG-{chapter}", submitted_at=latest, chapter=chapter, party="US",
                       organization=ORGANISATION, comment=LONG)
            for chapter in ("ch12", "ch16", "ch19", "ch25", "ch26", "ch28")]
    assert cli.main(["ingest", str(write(tmp_path / "in" / "long.csv", csv_text(rows)))]) == 0
    weekly = jobs.render(loaded, jobs.score(loaded, ANCHOR, "public"), "en")
    after, text = pages_and_text(weekly.pdf)
    twin = weekly.html.read_text(encoding="utf-8")
    table.check("a 90,000-character comment (and a 300-character organisation) on every chapter · weekly report",
                f"pages as without it ({before}) or one more; the quote shortened with '…' and a pointer; "
                "the full text in the HTML twin",
                f"{after} pages; shortened={'…' in text and 'full text' in text}; full text in twin={LONG.strip() in twin}",
                after <= before + 1 and "…" in text and "the full text is in the HTML" in text and LONG.strip() in twin
                and LONG.strip() not in text)
    request = jobs.brief_request(loaded, "Free Trade Commission", dt.date(2026, 12, 3), ANCHOR)
    brief_pages, brief_text = pages_and_text(jobs.render_brief(loaded, request, jobs.score_brief(loaded, request, "public"), "en").pdf)
    table.check("the same inputs · ministerial brief, all six chapters", "2 to 4 pages",
                f"{brief_pages} pages", 2 <= brief_pages <= 4)
    table.assert_all_passed()
