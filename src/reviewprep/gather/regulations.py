"""regulations.gov bulk-download CSV exports of public comments, in both layouts.

- Current layout: the header is the first row and begins `Document ID, Agency ID,
  Docket ID, Tracking Number, Document Type, Posted Date, ...`; dates are ISO.
- Legacy layout: docket metadata rows first, then blank rows, then a header beginning
  `Document Title, Document Type, Attachment Count, Submitter Last Name, ...`; `N/A`
  marks an empty cell; dates are M/D/YYYY. The comment text may come in a companion
  file keyed by `Document ID`.

Columns are found by name, not position, so a reordered or widened export still loads.
Each export row becomes a comment (tagged like any other). The Party is the source's
default, else US: regulations.gov is the US government's docket; where the commenter
writes from is kept in `country`. The stakeholder type comes from `Category` where it
says, else from `Government Agency Type`, else individual without an organisation and
the source's default (or company) with one.

The companion's texts are indexed in a temporary SQLite file, so joining a large pair
keeps memory flat. It is kept and counted as a file of its own: a text that found its
comment counts as accepted, one whose comment was stored by an earlier load as a
duplicate, and one with no comment anywhere is quarantined, so no text is lost.
"""

from __future__ import annotations

import dataclasses
import re
import sqlite3
import tempfile
from collections.abc import Iterator
from pathlib import Path

from reviewprep.gather import vocab
from reviewprep.gather.comments import comment_row
from reviewprep.gather.loading import Context, Reading
from reviewprep.gather.rawfile import detect_encoding, keep_raw, looks_binary
from reviewprep.gather.records import Rejected, Row, row_confidential
from reviewprep.gather.textfile import CSV_ERROR, Unreadable, csv_records, normalise_header, raw_line
from reviewprep.store.loads import FileCounts, load_file, set_aside
from reviewprep.store.rows import stored_comment_ids

FORMAT = "regulations_gov"
COMPANION_FORMAT = "regulations_gov_text"
HEADER_SEARCH = 200

# field -> header names that hold it, in order of preference (current and legacy names)
COLUMNS = {
    "document_id": ("document id",),
    "received": ("received date",),
    "posted": ("posted date",),
    "first_name": ("first name", "submitter first name"),
    "last_name": ("last name", "submitter last name"),
    "organization": ("organization name", "organization"),
    "country": ("country",),
    "comment": ("comment", "comment text"),
    "category": ("category",),
    "agency_type": ("government agency type",),
    "duplicates": ("duplicate comments",),
}

_CATEGORY_WORDS = (  # first match wins; each word must start a word of the folded Category
    ("legislat", "legislature"), ("congress", "legislature"), ("small business", "sme"),
    ("association", "business_association"), ("chamber", "business_association"),
    ("union", "labour"), ("labor", "labour"), ("labour", "labour"),
    ("academ", "academic"), ("universit", "academic"), ("research", "academic"),
    ("non-governmental", "civil_society"), ("nonprofit", "civil_society"), ("non-profit", "civil_society"),
    ("advocacy", "civil_society"), ("public interest", "civil_society"), ("ngo", "civil_society"),
    ("government", "government"), ("federal", "government"), ("state", "government"),
    ("local", "government"), ("tribal", "government"), ("agency", "government"),
    ("company", "company"), ("business", "company"), ("corporat", "company"), ("industry", "company"),
    ("individual", "individual"), ("citizen", "individual"),
)
_CATEGORY_PATTERNS = tuple((re.compile(rf"(?<!\w){re.escape(word)}"), code) for word, code in _CATEGORY_WORDS)


def stakeholder_type_for(category: str, agency_type: str, organization: str, default: str | None) -> str:
    folded = vocab.fold(category)
    for pattern, code in _CATEGORY_PATTERNS:
        if pattern.search(folded):
            return code
    if agency_type:
        return "government"
    return "individual" if not organization else default or "company"


def find_header(records: Iterator[tuple[int, list[str]]]) -> tuple[str, int, list[str], int]:
    """(layout, header row, header cells, metadata rows skipped) from the first rows."""
    skipped = 0
    for number, cells in records:
        names = [normalise_header(c) for c in cells]
        if names and names[0] == "document id" and "comment" in names and (
                "posted date" in names or "received date" in names):
            return "current", number, cells, skipped
        if "document title" in names[:2] and "document type" in names:
            return "legacy", number, cells, skipped
        if number >= HEADER_SEARCH:
            break
        skipped += bool("".join(cells).strip()) and cells[0] != CSV_ERROR
    raise Unreadable("not a regulations.gov export: no 'Document ID ... Comment' header (current layout) "
                     f"or 'Document Title, Document Type ...' header (legacy layout) in the first "
                     f"{HEADER_SEARCH} rows")


def load(path: Path, ctx: Context) -> Reading:
    encoding = detect_encoding(path)
    reading = Reading(encoding, iter(()))
    ctx = dataclasses.replace(ctx, memo={}, defaults=ctx.defaults.model_copy(
        update={"date_order": "mdy", "party": ctx.defaults.party or "US"}))

    def rows() -> Iterator[Row]:
        with path.open("r", encoding=encoding, newline="") as fh:
            records = csv_records(fh, ",")
            layout, header_row, header, skipped = find_header(records)
            names = [normalise_header(c) for c in header]
            where = {f: next((names.index(h) for h in hs if h in names), None) for f, hs in COLUMNS.items()}
            missing = [COLUMNS[f][0] for f in ("document_id", "comment") if where[f] is None]
            if where["received"] is None and where["posted"] is None:
                missing.append("received date or posted date")
            if missing:
                raise Unreadable(f"row {header_row}: regulations.gov column(s) missing: {', '.join(missing)}")
            reading.notes.append(f"regulations.gov {layout} layout, header on row {header_row}"
                                 + (f"; {skipped} docket metadata row(s) above it skipped" if skipped else ""))
            for number, cells in records:
                if not "".join(cells).strip():
                    continue
                if cells[0] == CSV_ERROR:
                    yield Row(number, "comment", rejected=Rejected("(row)", f"unreadable record: {cells[1]}"))
                    continue
                if len(cells) < len(names):
                    yield Row(number, "comment", raw=raw_line(cells), rejected=Rejected(
                        "(row)", f"{len(cells)} fields where the header has {len(names)} (a cut-off line?)"))
                    continue
                data = _comment_data(cells, where, ctx)
                row = comment_row(number, data, ctx)
                if row.rejected is not None:
                    row.raw = raw_line(cells)
                    row.confidential = row_confidential(data, ctx.defaults)
                    if row.rejected.column in _SHOWN_AS:
                        row.rejected.column = _SHOWN_AS[row.rejected.column]
                yield row

    reading.rows = rows()
    return reading


_SHOWN_AS = {"comment_id": "Document ID", "submitted_at": "Received Date", "text": "Comment",
             "stakeholder_type": "Category", "party": "(source default party)"}


def _comment_data(cells: list[str], where: dict[str, int | None], ctx: Context) -> dict[str, str]:
    def cell(f: str) -> str:
        i = where[f]
        value = cells[i].strip() if i is not None else ""
        return "" if value.upper() == "N/A" else value

    document_id = cell("document_id")
    organization = cell("organization")
    text = ctx.companion.text(document_id) if ctx.companion is not None and document_id else None
    return {
        "comment_id": document_id,
        "submitted_at": cell("received") or cell("posted"),
        "stakeholder_name": " ".join(p for p in (cell("first_name"), cell("last_name")) if p),
        "organization": organization,
        "country": cell("country"),
        "stakeholder_type": stakeholder_type_for(cell("category"), cell("agency_type"), organization,
                                                 ctx.defaults.stakeholder_type),
        "text": text or cell("comment"),
        "duplicate_comments": cell("duplicates"),
    }


class Companion:
    """Comment texts from a companion file, by Document ID, in a temporary SQLite index."""

    def __init__(self, path: Path):
        self.path = path
        self._dir = tempfile.TemporaryDirectory(prefix="reviewprep-companion-")
        self.db = sqlite3.connect(Path(self._dir.name) / "index.db")
        self.db.executescript(
            "CREATE TABLE texts (document_id TEXT PRIMARY KEY, row INTEGER, body TEXT, used INTEGER DEFAULT 0);"
            "CREATE TABLE problems (row INTEGER, col TEXT, reason TEXT, raw TEXT);"
        )
        self.read = self.repeated = 0
        self.encoding = ""
        self.error = ""
        try:
            self._index()
        except Unreadable as exc:
            self.error = str(exc)

    def _index(self) -> None:
        if not self.path.is_file():
            raise Unreadable("file not found")
        if looks_binary(self.path):
            raise Unreadable("binary content (NUL bytes): not a text file")
        self.encoding = detect_encoding(self.path)
        with self.path.open("r", encoding=self.encoding, newline="") as fh:
            records = csv_records(fh, ",")
            header_row, header = next(((n, c) for n, c in records if "".join(c).strip()), (0, []))
            names = [normalise_header(c) for c in header]
            id_at = names.index("document id") if "document id" in names else None
            text_at = next((names.index(h) for h in ("comment", "comment text", "text") if h in names), None)
            if id_at is None or text_at is None:
                raise Unreadable(f"row {header_row}: a comment-text file needs 'Document ID' and 'Comment' columns")
            for number, cells in records:
                if not "".join(cells).strip():
                    continue
                self.read += 1
                if cells[0] == CSV_ERROR or len(cells) <= max(id_at, text_at):
                    self._problem(number, "(row)", "unreadable or cut-off record", cells)
                    continue
                document_id, body = cells[id_at].strip(), cells[text_at].strip()
                if not document_id or document_id.upper() == "N/A":
                    self._problem(number, "Document ID", "Document ID is empty", cells)
                    continue
                known = self.db.execute("SELECT body FROM texts WHERE document_id = ?", (document_id,)).fetchone()
                if known is None:
                    self.db.execute("INSERT INTO texts (document_id, row, body) VALUES (?, ?, ?)",
                                    (document_id, number, body))
                elif known[0] == body:
                    self.repeated += 1
                else:
                    self._problem(number, "Document ID", f"Document ID {document_id} given twice with "
                                                         "different texts", cells)

    def _problem(self, number: int, column: str, reason: str, cells: list[str]) -> None:
        self.db.execute("INSERT INTO problems VALUES (?, ?, ?, ?)", (number, column, reason, raw_line(cells)))

    def text(self, document_id: str) -> str | None:
        found = self.db.execute("SELECT body FROM texts WHERE document_id = ?", (document_id,)).fetchone()
        if found is None:
            return None
        self.db.execute("UPDATE texts SET used = 1 WHERE document_id = ?", (document_id,))
        return found[0] or None

    def finish(self, session, raw_store: Path, source: str = "") -> FileCounts:
        """Keep and count the companion file once the exports it accompanies are loaded."""
        counts = FileCounts(file=str(self.path), format=COMPANION_FORMAT, source=source, encoding=self.encoding)
        try:
            if not self.path.is_file():
                counts.error = "file not found"
                return counts
            return load_file(session, self.path, keep_raw(self.path, raw_store), counts, self._tally,
                             refusal=lambda: self.error)
        finally:
            self.close()

    def _tally(self, session, source_file, counts: FileCounts) -> None:
        """A text that found its comment is accepted, one a stored comment has a duplicate,
        any other (and every problem the index met) is quarantined."""
        counts.read = self.read
        counts.accepted = self.db.execute("SELECT count(*) FROM texts WHERE used = 1").fetchone()[0]
        counts.duplicates = self.repeated
        problems = [(*p, None) for p in self.db.execute("SELECT row, col, reason, raw FROM problems")]
        unused = self.db.execute("SELECT document_id, row, body FROM texts WHERE used = 0 ORDER BY row")
        while chunk := unused.fetchmany(500):
            stored = stored_comment_ids(session, [c[0] for c in chunk])
            for document_id, number, body in chunk:
                if document_id in stored:
                    counts.duplicates += 1
                else:
                    problems.append((number, "Document ID", f"no comment with Document ID {document_id} "
                                                            "in the export(s) loaded with this file", body, None))
        problems.sort(key=lambda p: p[0])
        set_aside(session, source_file.id, counts, problems)

    def close(self) -> None:
        self.db.close()
        self._dir.cleanup()
