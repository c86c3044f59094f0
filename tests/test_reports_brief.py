"""Ministerial brief: content, length, language, baseline from the previous brief, the flow and the CLI."""

from __future__ import annotations

import datetime as dt
import subprocess
from contextlib import contextmanager

import pytest
from sqlalchemy import select

from reviewprep import cli, jobs
from reviewprep.demo import ANCHOR
from reviewprep.reports.brief import BriefRequest, meeting_slug, weakest_cells
from reviewprep.store import scoring_reads
from reviewprep.store.db import session_scope
from reviewprep.store.models import Report
from tests.conftest import REPO


def plain_text(pdf) -> tuple[str, int]:
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    pages = len([p for p in text.split("\f") if p.strip()])
    return " ".join(text.replace("\u00a0", " ").replace("\u202f", " ").split()), pages


def render_brief(settings, request, audience, language):
    """Score the brief for its audience (as the flow's score step does), then render the variant."""
    return jobs.render_brief(settings, request, jobs.score_brief(settings, request, audience), language)


@pytest.fixture
def loaded(settings):
    jobs.prepare_database(settings)
    for source in jobs.configured_sources(settings, REPO / "data/sample/sources.yaml"):
        jobs.gather(settings, source)
    return settings


def test_spanish_brief_for_two_chapters(loaded):
    request = jobs.brief_request(loaded, "Comisión de Libre Comercio", dt.date(2026, 12, 3), ANCHOR, ["ch26", "ch28"])
    r = render_brief(loaded, request, "public", "es")
    text, pages = plain_text(r.pdf)
    assert 2 <= pages <= 4
    for heading in ("Nota informativa ministerial", "Comisión de Libre Comercio", "Preparación en síntesis",
                    "Variación desde la última nota informativa", "Capítulo 26: Competitividad",
                    "Capítulo 28: Buenas Prácticas Regulatorias", "Celdas más débiles y la petición", "Riesgos",
                    "Obligaciones vencidas", "La voz de las partes interesadas"):
        assert heading in text, heading
    assert "Capítulo 19" not in text and "Executive summary" not in text
    assert "PÚBLICO — calculado solo con aportaciones públicas" in text
    assert r.key == "brief-2026-12-03-comision-de-libre-comercio-7f61659f-es-public"
    assert r.pdf.parent == loaded.out_path / "briefs" / "2026-12-03" and r.csv.is_file() and r.json.is_file()


def test_the_weekly_and_the_brief_scores_read_their_inputs_as_one_moment(loaded, monkeypatch):
    """Both jobs start their read on a session that has not begun, so it goes through
    connections that share one snapshot (store.db.one_snapshot), not the session."""
    handed_over = []
    shared = scoring_reads.one_snapshot

    @contextmanager
    def spy(session, count):
        with shared(session, count) as readers:
            handed_over.append(session not in readers and len(readers) == count)
            yield readers

    monkeypatch.setattr(scoring_reads, "one_snapshot", spy)
    monkeypatch.setattr(scoring_reads, "READERS", 2)
    jobs.score(loaded, ANCHOR, "public")
    jobs.score_brief(loaded, jobs.brief_request(loaded, "Free Trade Commission", dt.date(2026, 12, 3), ANCHOR), "public")
    assert handed_over == [True, True]


def test_weakest_cells_and_their_asks(loaded):
    snapshot = jobs.score(loaded, ANCHOR, "restricted")
    rows = weakest_cells(snapshot, "ch26", ("US", "MX", "NA"))
    scored = sorted(c.score for c in snapshot.cells if c.chapter == "ch26" and c.party in ("US", "MX", "NA")
                    and c.score is not None)
    assert [row["cell"].score for row in rows] == scored[:3]
    assert all(row["cell"].chapter == "ch26" and row["cell"].party in ("US", "MX", "NA") for row in rows)
    request = jobs.brief_request(loaded, "FTC", dt.date(2026, 12, 3), ANCHOR, ["ch26"], ["US", "MX"])
    pdf = render_brief(loaded, request, "restricted", "en").pdf
    text, pages = plain_text(pdf)
    assert 2 <= pages <= 4
    raw = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    marking = "RESTRICTED — contains confidential stakeholder inputs; do not forward"
    assert all(marking in " ".join(page.split()) for page in raw.split("\f") if page.strip())
    for row in rows:
        rec = row["cell"].recommendation
        assert f"The ask ({rec}):" in text
    assert "Canada" not in text.split("Weakest cells and the ask")[1].split("Risks")[0]


def test_all_chapters_still_fit_in_four_pages(loaded):
    request = jobs.brief_request(loaded, "Leaders' Summit", dt.date(2026, 12, 10), ANCHOR)
    _, pages = plain_text(render_brief(loaded, request, "restricted", "fr").pdf)
    assert 2 <= pages <= 4


def test_baseline_is_the_previous_brief(loaded):
    first = jobs.brief_request(loaded, "Trade ministers", dt.date(2026, 10, 20), dt.date(2026, 10, 16), ["ch25"])
    render_brief(loaded, first, "public", "en")
    second = jobs.brief_request(loaded, "Free Trade Commission", dt.date(2026, 11, 24), ANCHOR, ["ch25"])
    r = render_brief(loaded, second, "public", "en")
    text, _ = plain_text(r.pdf)
    assert "Baseline: the previous brief, scored as of October 16, 2026." in text
    again = render_brief(loaded, second, "public", "en")  # re-rendering keeps its baseline
    with session_scope(loaded.db_url) as s:
        rows = s.scalars(select(Report).where(Report.kind == "brief").order_by(Report.as_of)).all()
        assert [row.report_key for row in rows] == [
            "brief-2026-10-20-trade-ministers-a1723aba-en-public",
            f"brief-2026-11-24-{meeting_slug('Free Trade Commission')}-en-public"]
        assert rows[1].meta["baseline"] == "2026-10-16" and rows[1].sha256 == again.sha256
        assert rows[0].meta["baseline"] == "2026-10-09"  # no brief before it: the previous week


def test_brief_request_is_checked(loaded):
    with pytest.raises(ValueError, match="needs a name"):
        BriefRequest.make("   ", dt.date(2026, 12, 3), jobs.load_config(loaded).framework)
    request = BriefRequest.make("FTC", dt.date(2020, 1, 1), jobs.load_config(loaded).framework)
    assert request.as_of == dt.date(2020, 1, 1) and request.parties == ("US", "CA", "MX")


@pytest.mark.parametrize("argv, message", [
    (["brief", "--meeting", "FTC", "--date", "2026-13-01"], "is not a date"),
    (["brief", "--meeting", "FTC", "--date", "2026-12-01", "--chapters", "ch99"], "unknown chapter ch99"),
    (["brief", "--meeting", "FTC", "--date", "2026-12-01", "--parties", "FR"], "unknown Party FR"),
    (["brief", "--date", "2026-12-01"], "--meeting"),
])
def test_cli_bad_usage_exits_2(argv, message, capsys):
    with pytest.raises(SystemExit) as exit_info:
        cli.main(argv)
    assert exit_info.value.code == 2 and message in capsys.readouterr().err


def test_cli_empty_meeting_exits_2(settings, capsys):
    assert cli.main(["brief", "--meeting", " ", "--date", "2026-12-01"]) == 2
    assert "--meeting needs a name" in capsys.readouterr().err


@pytest.mark.flow
def test_brief_flow_and_cli_run_for_real(loaded, prefect_harness, capsys):
    assert cli.main(["brief", "--meeting", "Reunión ministerial", "--date", "2026-12-03", "--chapters", "ch26,ch28",
                     "--lang", "es", "--audience", "public,restricted", "--as-of", ANCHOR.isoformat(),
                     "--no-distribute"]) == 0
    printed = capsys.readouterr().out.split()
    slug = meeting_slug("Reunión ministerial")
    assert slug.startswith("reunion-ministerial-")
    assert [p.rsplit("/", 1)[1] for p in printed] == [
        f"brief-2026-12-03-{slug}-es-public.pdf", f"brief-2026-12-03-{slug}-es-restricted.pdf"]
    text, _ = plain_text(printed[1])
    assert "RESTRINGIDO" in text and "Nota informativa ministerial" in text
