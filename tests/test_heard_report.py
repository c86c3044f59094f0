"""The "What we heard" report: rendered in English and French from form letters and comments.

Checks what a reader would: the title and sections in the report's language, people
counted (distinct voices) beside submissions, the campaign quoted once with its size,
a tagged PDF/UA file with title and language, and the flow rendering and sending it to
the consultation participants' list.
"""

from __future__ import annotations

import datetime as dt
import json
import subprocess

import pikepdf
import pytest

from reviewprep import jobs
from reviewprep.cli import main
from tests.campaign_corpora import corpus

START, END = dt.date(2026, 3, 1), dt.date(2026, 6, 30)
TITLES = {"en": "What we heard", "fr": "Ce que nous avons entendu", "es": "Lo que escuchamos"}
SIMILAR = {"en": "and 69 similar letters", "fr": "et 69 lettres semblables", "es": "y 69 cartas similares"}


def load_corpus(settings, tmp_path, capsys):
    c = corpus()
    rows = [{"submitted_at": letter.day.isoformat(), "stakeholder_name": f"Writer {letter.key}",
             "organization": "", "stakeholder_type": "individual", "country": "Canada", "party": "CA",
             "text": letter.text + (" The labour chapter and rules of origin." if letter.key.startswith("en") else ""),
             "confidentiality": "public", "language": letter.key[:2]} for letter in c.letters]
    path = tmp_path / "letters.jsonl"
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), encoding="utf-8")
    assert main(["ingest", str(path), "--json"]) == 0
    capsys.readouterr()


def pdf_text(path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout


@pytest.mark.parametrize("language", ["en", "fr"])
def test_heard_pdf_in_two_languages(settings, tmp_path, capsys, language):
    load_corpus(settings, tmp_path, capsys)
    jobs.detect_campaigns(settings)
    snapshot = jobs.score(settings, END, "public")
    rendered = jobs.render_heard(settings, snapshot, language, START)
    text = " ".join(pdf_text(rendered.pdf).split())
    assert TITLES[language] in text
    assert "{next_review" not in text  # framework texts are written for the next review
    assert text.count(SIMILAR[language]) <= 1 * 6  # each campaign quoted at most once per chapter
    with pikepdf.open(rendered.pdf) as pdf:
        assert str(pdf.Root.Lang) == language
        assert "pdfuaid" in str(pdf.open_metadata())
        assert pdf.Root.MarkInfo.Marked
    html = rendered.html.read_text(encoding="utf-8")
    assert f'lang="{language}"' in html


def test_heard_counts_people_not_copies(settings, tmp_path, capsys):
    load_corpus(settings, tmp_path, capsys)
    jobs.detect_campaigns(settings)
    snapshot = jobs.score(settings, END, "public")
    rendered = jobs.render_heard(settings, snapshot, "en", START)
    text = " ".join(pdf_text(rendered.pdf).split())
    c = corpus()
    distinct = len(c.distinct) + len(c.near_miss) + 3
    assert f"{len(c.letters)} submissions from {distinct} distinct voices" in text
    assert "3 campaigns with 210 letters" in text
