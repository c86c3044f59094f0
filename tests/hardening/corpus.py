"""The bad-input corpus of the gather issue, written once per entry point and checked the same way.

Each case builds its files through a `Writer` (plain files with the contract columns,
or `reviewprep template` output filled in) and says what every file must come to:
counts, the error of a file that cannot be read, the (row, column) of each quarantined
row, notes, encoding, and texts that must be stored exactly as given. Names and people
carry the case's id, so all cases can share one database without meeting each other.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import shutil
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from reviewprep.gather.assessments import TEMPLATE_COLUMNS
from tests.gather_helpers import assessment, csv_text


@dataclass(frozen=True)
class Expect:
    """What one file comes to; `error` set means the file as a whole cannot be read."""

    read: int = 0
    accepted: int = 0
    duplicates: int = 0
    quarantined: int = 0
    error: str = ""
    held: tuple[tuple[int, str], ...] = ()  # (row, column) of each quarantined row
    note: str = ""
    encoding: str = ""
    already_loaded: bool = False

    def describe(self) -> str:
        if self.error:
            return f"not read: {self.error!r}"
        return counts_text(self.read, self.accepted, self.duplicates, self.quarantined, self.held,
                           self.already_loaded) + (f", note {self.note!r}" if self.note else "") + \
            (f", {self.encoding}" if self.encoding else "")


def counts_text(read, accepted, duplicates, quarantined, held=(), already_loaded=False) -> str:
    at = f" at {' '.join(f'{r}/{c}' for r, c in held)}" if held else ""
    return (f"{read} read = {accepted} accepted + {duplicates} dup + {quarantined} quarantined{at}"
            + (" (already loaded)" if already_loaded else ""))


class Rows:
    """Rows of one case: a good assessment dated in the past, made unique by the case's id."""

    def __init__(self, today: dt.date, tag: str):
        self.today, self.tag = today, tag
        self.year = today.year - 1  # a year whose every date is in the past

    def __call__(self, **changes: str) -> dict[str, str]:
        return assessment(**{"submitted_at": (self.today - dt.timedelta(days=30)).isoformat(),
                             "stakeholder_name": f"Ana Ruiz ({self.tag})", **changes})


class Writer:
    """Plain files: the contract columns as a CSV header, workbooks made with openpyxl."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.header = list(TEMPLATE_COLUMNS)

    def path(self, name: str) -> Path:
        self.folder.mkdir(parents=True, exist_ok=True)
        return self.folder / name

    def raw(self, name: str, data: bytes) -> Path:
        path = self.path(name)
        path.write_bytes(data)
        return path

    def copy(self, name: str, of: Path) -> Path:
        return Path(shutil.copyfile(of, self.path(f"{name}{of.suffix}")))

    def table(self, name: str, rows: list[dict], columns: list[str] | None = None, delimiter: str = ",",
              newline: str = "\r\n", encoding: str = "utf-8", bom: bool = False) -> Path:
        text = csv_text(rows, columns or self.header, delimiter=delimiter, newline=newline)
        return self.raw(f"{name}.csv", (("\ufeff" if bom else "") + text).encode(encoding))

    def text_bytes(self, rows: list[dict]) -> bytes:
        return csv_text(rows, self.header).encode("utf-8")

    def workbook_bytes(self, rows: list[dict]) -> bytes:
        from openpyxl import Workbook

        book = Workbook()
        book.active.append(self.header)
        for row in rows:
            book.active.append([row.get(c, "") for c in self.header])
        buffer = io.BytesIO()
        book.save(buffer)
        return buffer.getvalue()


def filled_template(template: Path, rows: list[dict]) -> bytes:
    """The XLSX template with `rows` appended under its header, as a user fills it in."""
    from openpyxl import load_workbook

    book = load_workbook(template)
    sheet = book["assessments"]
    header = [c.value for c in sheet[1]]
    for row in rows:
        sheet.append([row.get(c, "") or None for c in header])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


class CsvTemplateWriter(Writer):
    """`reviewprep template assessments` output filled in: the CSV's bytes then the rows (as Excel
    adds them); a file saved another way (other delimiter, encoding...) keeps the template's header."""

    def __init__(self, folder: Path, csv_template: Path, xlsx_template: Path):
        super().__init__(folder)
        self.template, self.xlsx_template = csv_template.read_bytes(), xlsx_template
        self.header = next(csv.reader(io.StringIO(self.template.decode("utf-8-sig"))))

    def table(self, name: str, rows: list[dict], columns: list[str] | None = None, delimiter: str = ",",
              newline: str = "\r\n", encoding: str = "utf-8", bom: bool = False) -> Path:
        if columns or delimiter != "," or newline != "\r\n" or encoding != "utf-8" or bom:
            return super().table(name, rows, columns, delimiter, newline, encoding, bom)
        body = csv_text(rows, self.header).split("\r\n", 1)[1]
        return self.raw(f"{name}.csv", self.template + body.encode("utf-8"))

    def workbook_bytes(self, rows: list[dict]) -> bytes:
        return filled_template(self.xlsx_template, rows)


class XlsxTemplateWriter(Writer):
    """`reviewprep template assessments OUT.xlsx` filled in (row-level cases only)."""

    def __init__(self, folder: Path, xlsx_template: Path):
        super().__init__(folder)
        self.template = xlsx_template

    def table(self, name: str, rows: list[dict], **options) -> Path:
        assert not options, "only row-level cases go through the XLSX template"
        return self.raw(f"{name}.xlsx", filled_template(self.template, rows))


@dataclass(frozen=True)
class Case:
    id: str
    title: str
    build: Callable[[Writer, Rows], list[Path]]  # the files, in the order they are loaded
    expect: tuple[Expect, ...]  # one per file
    texts: tuple[str, ...] = ()  # comments that must be stored exactly as given
    rows_only: bool = False  # only the rows are bad: also run through the XLSX template

    def exit_code(self) -> int:
        """`reviewprep ingest`: 2 when no file could be read at all."""
        return 2 if all(e.error for e in self.expect) else 0


def _mixed_line_endings(w: Writer, r: Rows) -> list[Path]:
    lines = csv_text([r(rating=str(i)) for i in range(4)], w.header, newline="\n").split("\n")
    content = lines[0] + "\r\n" + lines[1] + "\n" + lines[2] + "\r" + lines[3] + "\r\n" + lines[4] + "\n"
    return [w.raw("mixed.csv", content.encode())]


def _truncated(w: Writer, r: Rows) -> list[Path]:
    content = w.text_bytes([r(), r(rating="3"), r(comment="cut off here")])
    return [w.raw("cut.csv", content[:-15])]


def _zip_bomb(w: Writer, r: Rows) -> list[Path]:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (20 << 20))
    return [w.raw("bomb.xlsx", buffer.getvalue())]


def _truncated_xlsx(w: Writer, r: Rows) -> list[Path]:
    data = w.workbook_bytes([r(), r(rating="3")])
    return [w.raw("cut.xlsx", data[: len(data) // 2])]


def _same_file_twice(w: Writer, r: Rows) -> list[Path]:
    first = w.table("first", [r(), r(rating="7")])
    return [first, w.copy("second", first)]  # names in load order: a source's glob is read sorted


FORMULA, HTML, JINJA = ('=HYPERLINK("http://evil.example","click")', "<script>alert('x')</script><b>bold</b>",
                        "{{ 7*7 }} {% if true %}yes{% endif %}")
WITHOUT_RATING = [c for c in TEMPLATE_COLUMNS if c != "rating"]
EXTRA = [*TEMPLATE_COLUMNS, "Notes internes", "score"]

CASES = (
    Case("empty", "empty file", lambda w, r: [w.raw("empty.csv", b"")], (Expect(error="the file is empty"),)),
    Case("header_only", "header only", lambda w, r: [w.table("header", [])], (Expect(note="no data rows"),)),
    Case("missing_column", "required column missing",
         lambda w, r: [w.table("norating", [r()], columns=WITHOUT_RATING)],
         (Expect(error="required column(s) missing: 'rating'"),)),
    Case("extra_columns", "unknown extra columns",
         lambda w, r: [w.table("extra", [r(**{"Notes internes": "x", "score": "99"})], columns=EXTRA)],
         (Expect(1, 1, note="ignored column(s) not used by this format: Notes internes, score"),)),
    Case("semicolon", "';' delimiter (French/Spanish Excel)",
         lambda w, r: [w.table("fr", [r(comment="Lent, mais réel; selon nous", language="fr"), r(rating="3")],
                               delimiter=";")],
         (Expect(2, 2),), texts=("Lent, mais réel; selon nous",)),
    Case("cp1252", "cp1252 bytes",
         lambda w, r: [w.table("win", [r(organization="Société québécoise", comment="Déjà « lent » – trop lent")],
                               encoding="cp1252")],
         (Expect(1, 1, encoding="cp1252"),), texts=("Déjà « lent » – trop lent",)),
    Case("bom", "UTF-8 byte-order mark", lambda w, r: [w.table("bom", [r()], bom=True)],
         (Expect(1, 1, encoding="utf-8-sig"),)),
    Case("line_endings", "mixed line endings", _mixed_line_endings, (Expect(4, 4),)),
    Case("multiline", "quoted fields spanning lines",
         lambda w, r: [w.table("multi", [r(comment="line one\nline two\r\nline three"), r(rating="3")])],
         (Expect(2, 2),), texts=("line one\nline two\r\nline three",)),  # XML would make \r\n \n
    Case("ratings", "rating 7, high, empty",
         lambda w, r: [w.table("ratings", [r(), r(rating="7"), r(rating="high"), r(rating="")])],
         (Expect(4, 1, 0, 3, held=((3, "rating"), (4, "rating"), (5, "rating"))),), rows_only=True),
    Case("codes", "unknown chapter or Party",
         lambda w, r: [w.table("codes", [r(chapter="ch99"), r(party="France"), r(chapter="Capítulo 28")])],
         (Expect(3, 1, 0, 2, held=((2, "chapter"), (3, "party"))),), rows_only=True),
    Case("dates", "dates ISO, M/D/YYYY, D/M/YYYY and ambiguous",
         lambda w, r: [w.table("dates", [r(submitted_at=f"{r.year}-05-04"), r(submitted_at=f"5/24/{r.year}"),
                                         r(submitted_at=f"23/5/{r.year}"), r(submitted_at=f"04/05/{r.year}")])],
         (Expect(4, 3, 0, 1, held=((5, "submitted_at"),)),), rows_only=True),
    Case("future", "future date",
         lambda w, r: [w.table("future", [r(submitted_at=(r.today + dt.timedelta(days=30)).isoformat())])],
         (Expect(1, 0, 0, 1, held=((2, "submitted_at"),)),), rows_only=True),
    Case("dup_within", "duplicate rows within a file (and an id given twice with different ratings: a conflict)",
         lambda w, r: [w.table("dups", [r(), r(), r(submission_id=f"{r.tag}-1"),
                                        r(submission_id=f"{r.tag}-1", rating="4")])],
         (Expect(4, 2, 1, 1, held=((5, "(id)"),)),), rows_only=True),
    Case("dup_across", "duplicate rows across files",
         lambda w, r: [w.table("a", [r()]), w.table("b", [r(), r(rating="0")])],
         (Expect(1, 1), Expect(2, 1, 1)), rows_only=True),
    Case("same_twice", "the same file twice", _same_file_twice,
         (Expect(2, 1, 0, 1, held=((3, "rating"),)), Expect(2, 0, 2, 0, already_loaded=True)), rows_only=True),
    Case("text", "comments holding a formula, HTML and {{ 7*7 }}",
         lambda w, r: [w.table("text", [r(comment=FORMULA), r(comment=HTML), r(comment=JINJA)])],
         (Expect(3, 3),), texts=(FORMULA, HTML, JINJA), rows_only=True),
    Case("xlsx_not_zip", ".xlsx that is not a zip", lambda w, r: [w.raw("renamed.xlsx", w.text_bytes([r()]))],
         (Expect(error="not an .xlsx workbook: the file is not a zip archive"),)),
    Case("zip_bomb", "zip bomb (.xlsx)", _zip_bomb, (Expect(error="looks like a zip bomb"),)),
    Case("truncated", "truncated file", _truncated, (Expect(3, 2, 0, 1, held=((4, "(row)"),)),)),
    Case("truncated_xlsx", "truncated .xlsx", _truncated_xlsx, (Expect(error="not a zip archive"),)),
    Case("binary", "binary bytes under .csv",
         lambda w, r: [w.raw("photo.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))],
         (Expect(error="binary content"),)),
)


def write_case(case: Case, writer_for: Callable[[Path], Writer], root: Path, today: dt.date) -> list[Path]:
    """The case's files under `root/<case id>/`, each name prefixed with the id (one database for all)."""
    writer = writer_for(root / case.id)
    files = case.build(writer, Rows(today, f"{root.name}/{case.id}"))
    return [p.rename(p.with_name(f"{case.id}-{p.name}")) for p in files]


def outcome(case: Case, files: list[dict], quarantine: list[dict], stored_texts: set[str], raw_store: Path
            ) -> tuple[str, str, bool]:
    """(expected, observed, passed) for one case from what the entry point reported and stored.

    `files` are the FileCounts dicts of the case's files in load order; `quarantine` the
    records `reviewprep quarantine list` shows for them.
    """
    expected = "; ".join(e.describe() for e in case.expect)
    observed, ok = [], len(files) == len(case.expect)
    for want, got in zip(case.expect, files, strict=False):
        name = Path(got["file"]).name
        records = [q for q in quarantine if q["file"] == name]
        held = tuple((q["row"], q["column"]) for q in records)
        kept = bool(got["sha256"]) and (raw_store / got["sha256"][:2] / got["sha256"]).is_file()
        reconciles = got["read"] == got["accepted"] + got["duplicates"] + got["quarantined"]
        if got["error"] or want.error:
            observed.append(f"not read: {got['error']!r}" if got["error"] else
                            counts_text(got["read"], got["accepted"], got["duplicates"], got["quarantined"], held))
            ok &= bool(want.error) and want.error in got["error"] and got["read"] == 0 and kept \
                and [(q["row"], q["column"]) for q in records] == [(0, "(file)")] and got["error"] in records[0]["reason"]
            continue
        notes = " | ".join(got["notes"])
        observed.append(counts_text(got["read"], got["accepted"], got["duplicates"], got["quarantined"], held,
                                    got["already_loaded"])
                        + (f", note {want.note!r}" if want.note and want.note in notes else "")
                        + (f", {got['encoding']}" if want.encoding else ""))
        ok &= reconciles and kept and (got["read"], got["accepted"], got["duplicates"], got["quarantined"]) == \
            (want.read, want.accepted, want.duplicates, want.quarantined) and got["already_loaded"] == want.already_loaded
        ok &= (want.already_loaded or held == want.held) and want.note in notes
        ok &= not want.encoding or got["encoding"] == want.encoding
    missing = [t for t in case.texts if t not in stored_texts]
    if case.texts:
        observed.append("texts stored as given" if not missing else f"texts changed or lost: {missing}")
        expected += "; texts stored as given"
    return expected, "; ".join(observed), ok and not missing
