"""Nothing about a confidential input reaches a public report, and the quarantine export marks confidential rows."""

from __future__ import annotations

import csv
import re
import subprocess

import pytest
from sqlalchemy import func, select

from reviewprep import cli, jobs
from reviewprep.demo import ANCHOR
from reviewprep.store.db import session_scope
from reviewprep.store.models import EvidenceEvent, Submission
from tests.conftest import REPO
from tests.gather_helpers import assessment, csv_text, write

SECRET_FILE = "cabinet-only-consultation-notes.csv"
SECRET = "CONFIDENTIAL position of the deputy minister"


def pdf_text(path) -> str:
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout


@pytest.fixture
def loaded(settings, tmp_path):
    """The sample data, plus a file of confidential assessments only (one with a bad rating)."""
    jobs.prepare_database(settings)
    for source in jobs.configured_sources(settings, REPO / "data/sample/sources.yaml"):
        jobs.gather(settings, source)
    rows = [assessment(submission_id=f"SECRET-{i}", submitted_at="2026-10-01", confidentiality="confidential",
                       comment=f"{SECRET} #{i}") for i in range(97)]
    rows.append(assessment(submission_id="SECRET-bad", rating="7", confidentiality="confidential",
                           comment=f"{SECRET} (quarantined)"))
    path = write(tmp_path / "in" / SECRET_FILE, csv_text(rows))
    assert cli.main(["ingest", str(path)]) == 0
    return settings


def test_public_report_has_no_trace_of_a_confidential_file(loaded, table):
    public = jobs.render(loaded, jobs.score(loaded, ANCHOR, "public"), "en")
    restricted = jobs.render(loaded, jobs.score(loaded, ANCHOR, "restricted"), "en")
    text = pdf_text(public.pdf)
    html = public.html.read_text(encoding="utf-8")
    twins = "".join(p.read_text(encoding="utf-8") for p in (public.csv, public.json))
    table.check("public weekly PDF (pdftotext) after loading a file of confidential inputs only",
                "the file's name absent from the PDF, its HTML twin, CSV and JSON",
                f"in PDF={SECRET_FILE in text}, in HTML={SECRET_FILE in html}, in CSV/JSON={SECRET_FILE in twins}",
                SECRET_FILE not in text + html + twins and SECRET not in text + html)
    annex = html[html.index('<section class="annex">'):]
    total = re.search(r'<tr class="total">.*?<td class="num">([\d,]+)</td>\s*</tr>', annex, re.S)
    with session_scope(loaded.db_url) as session:
        public_inputs = sum(session.scalar(select(func.count()).select_from(m).where(m.confidential.is_(False)))
                            for m in (Submission, EvidenceEvent))
    shown = int(total.group(1).replace(",", "")) if total else None
    table.check("public annex: the inputs counted", f"the public inputs only ({public_inputs}), no row, "
                "duplicate or quarantine count that would include the 98 confidential rows",
                f"total shown={shown}, quarantine by column shown={'Quarantined rows by column' in annex}",
                shown == public_inputs and "Quarantined rows by column" not in annex)
    table.check("restricted weekly PDF, same inputs", "the file listed (restricted readers may see it)",
                f"in PDF={SECRET_FILE in pdf_text(restricted.pdf)}", SECRET_FILE in pdf_text(restricted.pdf))
    table.assert_all_passed()


def test_quarantine_export_marks_confidential_rows_and_withholds_them(loaded, tmp_path, table):
    out = tmp_path / "quarantine.csv"
    assert cli.main(["quarantine", "export", str(out)]) == 0
    rows = list(csv.DictReader(out.read_text(encoding="utf-8-sig").splitlines()))
    secret = [r for r in rows if r["file"] == SECRET_FILE]
    table.check("reviewprep quarantine export (default)", "the confidential row marked, its raw text withheld",
                f"rows={len(secret)}, confidential={[r.get('confidential') for r in secret]}, "
                f"raw shown={any(SECRET in r['raw'] for r in secret)}",
                len(secret) == 1 and secret[0].get("confidential") == "yes" and SECRET not in out.read_text())
    full = tmp_path / "all.csv"
    assert cli.main(["quarantine", "export", str(full), "--include-confidential"]) == 0
    table.check("reviewprep quarantine export --include-confidential", "the raw text, still marked",
                f"raw shown={SECRET in full.read_text(encoding='utf-8-sig')}", SECRET in full.read_text(encoding="utf-8-sig"))
    table.assert_all_passed()
