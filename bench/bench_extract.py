"""Text extraction and OCR benchmark: cost per page and per MB, and what a 1,000-letter folder costs.

Documents are made here with the tools' own libraries (a text PDF by WeasyPrint, a DOCX
by python-docx, a scanned page as an image-only PDF drawn by Pillow, as
tests/fixtures/letters/generate.py does) and read by `gather.extract.extract`, best of
`--repeat` runs (of two for the scans). OCR (pdftoppm at 300 dpi, Tesseract eng+fra+spa) runs in child
processes, so times are wall seconds (`cpu_s` adds the children's CPU). `ingest_per_letter`
is the rest of a letter's way in (raw copy, tagging, language, storing) measured by
ingesting a folder of small DOCX letters into a fresh SQLite database, minus their
extraction.

Each kind has its floor beside it, what a user would script instead on the same bytes,
best of the same runs: poppler's `pdftotext` for the text PDF; python-docx's paragraphs
joined for the DOCX; for the scan, the same `pdftoppm -r 300 -gray` and the `tesseract`
command with the same languages, plain text out (no word confidences, no layout kept).

    uv run python bench/bench_extract.py                 # ~1 minute
    uv run python bench/bench_extract.py --pages 20 --json
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import json
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from reviewprep.gather.extract import OCR_DPI, OCR_LANGUAGES, extract  # noqa: E402
from tests.fixtures.letters.generate import ENGLISH, FRENCH, scanned_pdf  # noqa: E402

WORDS_PER_PAGE = 450
OCR_REPEAT = 2  # runs of the scanned page, ours and the floor's (the best is kept)
# A 1,000-letter folder as a trade-policy unit receives it: mostly text PDFs and Word
# files of a few pages, some scans. (share, kind, pages)
FOLDER_MIX = ((0.55, "pdf_text", 3), (0.30, "docx", 3), (0.15, "ocr_page", 2))


def paragraphs(pages: int) -> list[str]:
    words = ENGLISH.replace("\n", " ").split()
    per_paragraph = 90
    total = pages * WORDS_PER_PAGE
    return [" ".join(words[(i + k) % len(words)] for k in range(per_paragraph)) for i in range(0, total, per_paragraph)]


def text_pdf(pages: int) -> bytes:
    from weasyprint import HTML

    body = "".join(f"<p>{p}</p>" for p in paragraphs(pages))
    return HTML(string=f"<html><body style='font: 11pt DejaVu Serif'>{body}</body></html>").write_pdf()


def scanned_letter(pages: int) -> bytes:
    """A scanned letter of `pages` image-only pages (the scan fixture's page, repeated)."""
    import pypdfium2 as pdfium

    page = pdfium.PdfDocument(scanned_pdf(FRENCH))
    letter = pdfium.PdfDocument.new()
    for _ in range(pages):
        letter.import_pages(page)
    out = io.BytesIO()
    letter.save(out)
    return out.getvalue()


def docx_file(pages: int, heading: str = "") -> bytes:
    import docx

    document = docx.Document()
    if heading:
        document.add_heading(heading, level=1)
    for paragraph in paragraphs(pages):
        document.add_paragraph(paragraph)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def best_of(repeat: int, run) -> tuple[float, float, object]:
    """The fastest of `repeat` calls of `run()`: its wall seconds, its CPU seconds (children's
    included) and what it returned."""
    best = None
    for _ in range(repeat):
        before = _cpu()
        start = time.perf_counter()
        got = run()
        wall = time.perf_counter() - start
        if best is None or wall < best[0]:
            best = (wall, _cpu() - before, got)
    return best


def timed(data: bytes, name: str, repeat: int) -> dict:
    wall, cpu, got = best_of(repeat, lambda: extract(data, name))
    return {"wall_s": round(wall, 4), "cpu_s": round(cpu, 4), "pages": got.pages, "bytes": len(data),
            "chars": len(got.text), "method": got.method, "ocr_confidence": got.ocr_confidence}


def floor(kind: str, data: bytes, repeat: int) -> dict:
    """The same document read by what a user would script instead (see the module's docstring)."""
    import subprocess

    import docx

    def pdftotext(folder: Path) -> int:
        return len(subprocess.run(["pdftotext", str(folder / "in.pdf"), "-"], capture_output=True,
                                  check=True).stdout)

    def python_docx(_folder: Path) -> int:
        return len("\n".join(p.text for p in docx.Document(io.BytesIO(data)).paragraphs))

    def pdftoppm_tesseract(folder: Path) -> int:
        subprocess.run(["pdftoppm", "-r", str(OCR_DPI), "-f", "1", "-l", "1", "-gray", "-png",
                        str(folder / "in.pdf"), str(folder / "page")], capture_output=True, check=True)
        image = next(folder.glob("page*.png"))
        return len(subprocess.run(["tesseract", str(image), "-", "-l", OCR_LANGUAGES], capture_output=True,
                                  check=True).stdout)

    tool, read = {"pdf_text": ("pdftotext", pdftotext), "docx": ("python-docx", python_docx),
                  "ocr_page": ("pdftoppm + tesseract", pdftoppm_tesseract)}[kind]
    with tempfile.TemporaryDirectory(prefix="bench-floor-") as tmp:
        folder = Path(tmp)
        (folder / "in.pdf").write_bytes(data)
        wall, cpu, _ = best_of(repeat, lambda: read(folder))
    return {"tool": tool, "wall_s": round(wall, 4), "cpu_s": round(cpu, 4)}


def _cpu() -> float:
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def ingest_per_letter(letters: int) -> float:
    """Seconds per letter for everything but extraction: ingest a folder of DOCX letters."""
    from reviewprep.gather.ingest import ingest
    from reviewprep.jobs import load_config, prepare_database
    from reviewprep.settings import Settings

    with tempfile.TemporaryDirectory(prefix="bench-letters-") as tmp:
        folder = Path(tmp) / "letters"
        folder.mkdir()
        for number in range(letters):  # a heading of its own each, so none is a duplicate
            (folder / f"letter-{number}.docx").write_bytes(docx_file(1, f"Letter {number}"))
        data = (folder / "letter-0.docx").read_bytes()
        settings = Settings(home=ROOT, var_dir=Path(tmp) / "var", database_url=f"sqlite:///{tmp}/bench.db")
        prepare_database(settings)
        framework = load_config(settings).framework
        extraction = timed(data, "x.docx", 3)["wall_s"]
        start = time.perf_counter()
        results = ingest(settings, framework, [folder], "letters", today=dt.date(2026, 12, 31))
        wall = time.perf_counter() - start
    read = sum(r.read for r in results)
    if read != letters:
        raise SystemExit(f"ingest read {read} of {letters} letters")
    return max(wall / letters - extraction, 0.0)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=10, help="pages of the text PDF and DOCX measured")
    parser.add_argument("--repeat", type=int, default=3, help="runs per measurement (the best is kept)")
    parser.add_argument("--letters", type=int, default=30, help="letters ingested to measure the rest of the way in")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    if args.pages > 200 or args.letters > 1000:
        parser.error("keep it small: --pages <= 200, --letters <= 1000")
    cases = {
        "pdf_text": (text_pdf(args.pages), "bench.pdf"),
        "docx": (docx_file(args.pages), "bench.docx"),
        "ocr_page": (scanned_pdf(FRENCH), "scan.pdf"),
    }
    rows = {}
    for kind, (data, name) in cases.items():
        # A page of OCR takes seconds: best of two, so neither side pays alone for a cold start
        # (Tesseract's language data read from disk the first time).
        repeat = min(args.repeat, OCR_REPEAT) if kind == "ocr_page" else args.repeat
        measured = timed(data, name, repeat)
        pages = measured["pages"] or args.pages  # a DOCX has no pages: the words written per page
        measured["pages"] = pages
        measured["s_per_page"] = round(measured["wall_s"] / pages, 4)
        measured["s_per_mb"] = round(measured["wall_s"] / (len(data) / 1e6), 3)
        measured["cpu_s_per_page"] = round(measured["cpu_s"] / pages, 4)
        measured["floor"] = floor(kind, data, repeat)
        measured["over_floor"] = round(measured["wall_s"] / measured["floor"]["wall_s"], 2)
        rows[kind] = measured
    rest = ingest_per_letter(args.letters)
    # The folder's scanned letter is measured whole: its pages are OCR'd side by side.
    (_, _, scan_pages), = (m for m in FOLDER_MIX if m[1] == "ocr_page")
    scan = timed(scanned_letter(scan_pages), "scan-letter.pdf", OCR_REPEAT)
    letter_s = {kind: (scan["wall_s"], scan["cpu_s"]) if kind == "ocr_page" else
                (rows[kind]["s_per_page"] * pages, rows[kind]["cpu_s_per_page"] * pages)
                for _, kind, pages in FOLDER_MIX}
    per_letter = sum(share * (letter_s[kind][0] + rest) for share, kind, _ in FOLDER_MIX)
    cpu_per_letter = sum(share * (letter_s[kind][1] + rest) for share, kind, _ in FOLDER_MIX)
    result = {
        "machine": {"cpus": os.cpu_count(), "python": sys.version.split()[0], "load": os.getloadavg()[0]},
        "words_per_page": WORDS_PER_PAGE, "kinds": rows, "ingest_per_letter_s": round(rest, 4),
        "scanned_letter": {"pages": scan_pages, "wall_s": scan["wall_s"], "cpu_s": scan["cpu_s"]},
        "folder_mix": [{"share": s, "kind": k, "pages": p} for s, k, p in FOLDER_MIX],
        "folder_1000_s": round(1000 * per_letter, 1),
        "folder_1000_cpu_s": round(1000 * cpu_per_letter, 1),
        "folder_1000_text_only_s": round(1000 * sum(
            share * (letter_s[kind][0] + rest) for share, kind, _ in FOLDER_MIX[:2])
            / sum(s for s, _, _ in FOLDER_MIX[:2]), 1),
    }
    if args.json:
        print(json.dumps(result, indent=1))
        return 0
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores (wall times grow with it; CPU does not)")
    print(f"{'kind':<10} {'pages':>5} {'bytes':>10} {'wall s':>8} {'cpu s':>7} {'s/page':>8} {'s/MB':>8}  note")
    for kind, r in rows.items():
        note = f"OCR confidence {r['ocr_confidence']}" if r["method"] == "ocr" else f"{r['chars']:,} characters"
        print(f"{kind:<10} {r['pages']:>5} {r['bytes']:>10,} {r['wall_s']:>8.3f} {r['cpu_s']:>7.3f} "
              f"{r['s_per_page']:>8.4f} {r['s_per_mb']:>8.2f}  {note}")
    for kind, r in rows.items():
        f = r["floor"]
        print(f"{kind:<10} floor {f['tool']}: {f['wall_s']:.3f} s wall, {f['cpu_s']:.3f} s CPU; "
              f"extraction over the floor: {r['over_floor']}")
    print(f"a {scan_pages}-page scanned letter, its pages OCR'd side by side: {scan['wall_s']:.3f} s wall, "
          f"{scan['cpu_s']:.3f} s CPU")
    print(f"rest of ingest per letter (raw copy, tagging, language, store): {rest:.4f} s")
    mix = ", ".join(f"{int(s * 100)}% {k} x{p} pages" for s, k, p in FOLDER_MIX)
    print(f"1,000-letter folder ({mix}): {result['folder_1000_s']:.0f} s "
          f"(~{result['folder_1000_s'] / 60:.1f} min) wall here, {result['folder_1000_cpu_s']:.0f} s of CPU; "
          f"with no scans: {result['folder_1000_text_only_s']:.0f} s wall")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
