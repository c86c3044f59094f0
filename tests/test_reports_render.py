"""The six weekly variants rendered once (module scope) from the sample data plus hostile inputs.

Checks what a reader and an auditor would: headings in the report's language, the
marking on every page of a restricted report, a confidential marker nowhere public,
injected markup shown literally and nothing fetched, a tagged PDF/UA file with
title and language, pages that are not blank, and CSV/JSON twins.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import subprocess
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pikepdf
import pytest
from sqlalchemy import select

from reviewprep import jobs
from reviewprep.demo import ANCHOR
from reviewprep.files import neutralise
from reviewprep.gather.sources import Source
from reviewprep.reports.exports import CSV_COLUMNS
from reviewprep.settings import get_settings
from reviewprep.store.db import session_scope
from reviewprep.store.models import Report
from tests.conftest import REPO

MARKER = "ZQX-CONFIDENTIAL-MARKER-7731"
INJECTIONS = ('<img src="file:///etc/passwd">', '<link href="http://127.0.0.1:9/x.css">', "{{ 7*7 }}")
LANGUAGES = ("en", "fr", "es")
AUDIENCES = ("public", "restricted")
HEADINGS = {
    "en": ("Weekly readiness report", "Executive summary", "Heat map: chapters × recommendations",
           "Party comparison", "Obligations up to the next review", "Chapter 26: Competitiveness",
           "Stakeholder voice", "Engagement", "Methodology and data annex"),
    "fr": ("Rapport hebdomadaire sur l'état de préparation", "Sommaire", "Carte thermique : chapitres × recommandations",
           "Comparaison des Parties", "Obligations jusqu'au prochain examen", "Chapitre 26 : Compétitivité",
           "La parole aux parties prenantes", "Participation", "Annexe : méthodologie et données"),
    "es": ("Informe semanal de preparación", "Resumen ejecutivo", "Mapa de calor: capítulos × recomendaciones",
           "Comparación entre Partes", "Obligaciones hasta la próxima revisión", "Capítulo 26: Competitividad",
           "La voz de las partes interesadas", "Participación", "Anexo de metodología y datos"),
}
MARKINGS = {
    "en": "RESTRICTED — contains confidential stakeholder inputs; do not forward",
    "fr": "DIFFUSION RESTREINTE — contient des contributions confidentielles ; ne pas transmettre",
    "es": "RESTRINGIDO — contiene aportaciones confidenciales; no reenviar",
}

HOSTILE_CSV = """submission_id,submitted_at,stakeholder_name,organization,stakeholder_type,country,party,chapter,recommendation,rating,comment,evidence_url,confidentiality,language
TEST-HOSTILE-1,{day},Hostile Tester,Sample Injection Lab,company,US,US,ch26,R3,1,"{text}",,public,en
TEST-CONF-1,{day},{marker} person,{marker} Org,business_association,CA,CA,ch26,R3,0,"{marker}: the committee has not met, in confidence.",,confidential,en
"""


def plain(text: str) -> str:
    """pdftotext output with no-break spaces as plain spaces and lines joined."""
    return " ".join(text.replace("\u00a0", " ").replace("\u202f", " ").split())


def pdf_text(path: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout


def load_inputs(settings, hostile_file: Path) -> None:
    jobs.prepare_database(settings)
    for source in jobs.configured_sources(settings, REPO / "data/sample/sources.yaml"):
        jobs.gather(settings, source)
    jobs.gather(settings, Source(name="hostile", path=str(hostile_file), format="assessments_csv"))


@pytest.fixture(scope="module")
def outputs(tmp_path_factory):
    """Six weekly variants rendered side by side, as the flow's threads do."""
    root = tmp_path_factory.mktemp("reports")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("REVIEWPREP_HOME", str(REPO))
        mp.setenv("REVIEWPREP_VAR_DIR", str(root / "var"))
        mp.setenv("REVIEWPREP_OUT_DIR", str(root / "out"))
        mp.setenv("REVIEWPREP_DATABASE_URL", f"sqlite:///{root / 'var' / 'reports.db'}")
        mp.delenv("REVIEWPREP_CONFIG_DIR", raising=False)
        settings = get_settings()
        hostile = root / "hostile.csv"
        text = " ".join(INJECTIONS).replace('"', '""') + " =HYPERLINK(1)"
        hostile.write_text(HOSTILE_CSV.format(day=ANCHOR.isoformat(), text=text, marker=MARKER), encoding="utf-8")
        load_inputs(settings, hostile)
        variants = [(a, lang) for a in AUDIENCES for lang in LANGUAGES]
        with ThreadPoolExecutor(len(variants)) as pool:
            snapshots = {a: jobs.score(settings, ANCHOR, a) for a in AUDIENCES}
            rendered = list(pool.map(lambda v: jobs.render(settings, snapshots[v[0]], v[1]), variants))
        yield {"settings": settings, "rendered": {(r.audience, r.language): r for r in rendered}}


@pytest.fixture(scope="module")
def texts(outputs):
    return {key: pdf_text(r.pdf) for key, r in outputs["rendered"].items()}


def test_every_variant_writes_pdf_html_csv_json_and_is_recorded(outputs):
    rendered = outputs["rendered"]
    assert len(rendered) == 6
    folder = outputs["settings"].out_path / "weekly" / ANCHOR.isoformat()
    for (audience, lang), r in rendered.items():
        stem = f"weekly-{ANCHOR.isoformat()}-{lang}-{audience}"
        assert {r.pdf.name, r.html.name, r.csv.name, r.json.name} == {f"{stem}.{ext}" for ext in ("pdf", "html", "csv", "json")}
        assert all(p.parent == folder and p.stat().st_size > 0 for p in (r.pdf, r.html, r.csv, r.json))
    assert not list(folder.glob(".*.tmp")), "no temporary file left behind"
    with session_scope(outputs["settings"].db_url) as s:
        rows = {row.report_key: row for row in s.scalars(select(Report).where(Report.kind == "weekly"))}
        assert set(rows) == {r.key for r in rendered.values()}
        for r in rendered.values():
            assert rows[r.key].sha256 == hashlib.sha256(r.pdf.read_bytes()).hexdigest()
            assert rows[r.key].pdf_path == str(r.pdf) and rows[r.key].run_id is not None
            assert rows[r.key].meta["csv"] == str(r.csv)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_headings_are_in_the_report_language(texts, lang):
    for audience in AUDIENCES:
        text = plain(texts[(audience, lang)])
        for heading in HEADINGS[lang]:
            assert heading in text, f"{lang}/{audience}: {heading!r} missing"
        others = [h for other in LANGUAGES if other != lang for h in HEADINGS[other][1:3]]
        assert not [h for h in others if h in text], "headings of another language leaked in"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_page_of_a_restricted_report_carries_its_marking(texts, lang):
    pages = [p for p in texts[("restricted", lang)].split("\f") if p.strip()]
    assert len(pages) >= 10
    for number, page in enumerate(pages, 1):
        assert MARKINGS[lang] in plain(page), f"page {number} has no marking"
    assert MARKINGS[lang] not in plain(texts[("public", lang)])


def test_confidential_marker_reaches_no_public_output(outputs, texts):
    for (audience, lang), r in outputs["rendered"].items():
        files = {"pdf": texts[(audience, lang)], "html": r.html.read_text(encoding="utf-8"),
                 "csv": r.csv.read_text(encoding="utf-8"), "json": r.json.read_text(encoding="utf-8")}
        if audience == "public":
            assert not [kind for kind, body in files.items() if MARKER in body]
        else:  # the marker is really there to be found, and marked as confidential
            assert MARKER in plain(files["pdf"]) and MARKER in files["html"]
            assert {"en": "CONFIDENTIAL", "fr": "CONFIDENTIEL", "es": "CONFIDENCIAL"}[lang] in files["pdf"]


def test_injected_markup_is_shown_literally_and_nothing_is_fetched(outputs, texts):
    for (audience, lang), r in outputs["rendered"].items():
        text = plain(texts[(audience, lang)])
        for snippet in INJECTIONS:
            assert snippet in text, f"{lang}/{audience}: {snippet!r} not shown as text"
        html = r.html.read_text(encoding="utf-8")
        assert "<img" not in html and "<link href=\"http" not in html
        assert "&lt;img src=&#34;file:///etc/passwd&#34;&gt;" in html
        assert r.refused_urls == [] and r.requested_urls == []  # nothing refused: nothing was even asked for
        assert "<style>" in html and "@page" in html  # the HTML twin carries its own styles


def test_pdf_is_tagged_with_title_language_headings_and_table_headers(outputs):
    for (_audience, lang), r in outputs["rendered"].items():
        info = subprocess.run(["pdfinfo", str(r.pdf)], capture_output=True, text=True, check=True).stdout
        assert "Tagged:          yes" in info
        with pikepdf.open(r.pdf) as pdf:
            assert str(pdf.Root.Lang) == lang
            assert bool(pdf.Root.MarkInfo.Marked) and bool(pdf.Root.ViewerPreferences.DisplayDocTitle)
            assert r.title and str(pdf.docinfo["/Title"]) == r.title
            with pdf.open_metadata() as xmp:
                assert xmp.get("dc:title") == r.title
                assert xmp.get("pdfuaid:part") == "1"
            kinds, alts = set(), []
            stack = [pdf.Root.StructTreeRoot]
            while stack:
                node = stack.pop()
                if isinstance(node, pikepdf.Dictionary):
                    if "/S" in node:
                        kinds.add(str(node.S))
                        if node.S == "/Figure":
                            alts.append(str(node.get("/Alt", "")))
                    kids = node.get("/K")
                    stack.extend(kids if isinstance(kids, pikepdf.Array) else [kids] if kids is not None else [])
        assert {"/H1", "/H2", "/H3", "/Table", "/TH", "/TD", "/Figure", "/L"} <= kinds
        assert len(alts) >= 1 + 2 + 6 * 2 and all(len(a) > 40 for a in alts), "every chart has alt text"


def gray_bodies(pdf: Path, folder: Path) -> list[bytes]:
    """Each page's body (running header and footer cut off) as 8-bit grey pixels.

    Read from pdftoppm's PGM output, so no imaging library is needed.
    """
    prefix = folder / pdf.stem
    subprocess.run(["pdftoppm", "-gray", "-r", "20", str(pdf), str(prefix)], check=True)
    bodies = []
    for path in sorted(folder.glob(f"{pdf.stem}-*.pgm")):
        magic, width, height, maxval, pixels = path.read_bytes().split(maxsplit=4)
        assert magic == b"P5" and maxval == b"255"
        w, h = int(width), int(height)
        bodies.append(pixels[w * (h * 12 // 100): w * (h * 88 // 100)])
    return bodies


def test_no_page_is_blank(outputs, tmp_path):
    for r in outputs["rendered"].values():
        bodies = gray_bodies(r.pdf, tmp_path)
        assert len(bodies) >= 10
        for number, pixels in enumerate(bodies, 1):
            mean = sum(pixels) / len(pixels)
            variance = sum((p - mean) ** 2 for p in pixels) / len(pixels)
            assert variance > 50, f"{r.pdf.name} page {number} has an empty body (variance {variance:.1f})"


def test_scores_csv_and_json_sit_beside_the_pdf(outputs):
    r = outputs["rendered"][("public", "fr")]
    rows = list(csv.reader(io.StringIO(r.csv.read_text(encoding="utf-8"))))
    assert tuple(rows[0]) == CSV_COLUMNS
    data = json.loads(r.json.read_text(encoding="utf-8"))
    assert len(rows) - 1 == len(data["cells"]) and data["audience"] == "public" and data["as_of"] == ANCHOR.isoformat()
    names = {row[2]: row[3] for row in rows[1:]}
    assert names["ch26"] == "Compétitivité"  # names in the report's language, codes stable
    for row in rows[1:]:
        for cell in row:
            if cell[:1] in ("=", "+", "@") or (cell[:1] == "-" and not _is_number(cell)):
                pytest.fail(f"formula-like cell not neutralised: {cell!r}")


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


@pytest.mark.parametrize("value, expected", [
    ("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"), ("+1", "'+1"), ("-2+3", "'-2+3"),
    ("@SUM(A1)", "'@SUM(A1)"), ("\tx", "'\tx"), ("plain", "plain"), (-1.5, -1.5), (None, None),
])
def test_neutralise_formula_cells(value, expected):
    assert neutralise(value) == expected


def test_rerender_replaces_in_place(outputs):
    """Rendering a variant again rewrites its files and updates its one row."""
    settings = outputs["settings"]
    again = jobs.render(settings, jobs.score(settings, ANCHOR, "public"), "en")
    assert again.key == outputs["rendered"][("public", "en")].key
    with session_scope(settings.db_url) as s:
        assert len(s.scalars(select(Report).where(Report.report_key == again.key)).all()) == 1
        assert s.scalar(select(Report.sha256).where(Report.report_key == again.key)) == again.sha256
    assert dt.date.fromisoformat(json.loads(again.json.read_text())["as_of"]) == ANCHOR
