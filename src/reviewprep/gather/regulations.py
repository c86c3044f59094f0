"""regulations.gov bulk-download CSV exports of public comments, in both layouts.

- Current layout: the header is the first row and begins `Document ID, Agency ID,
  Docket ID, Tracking Number, Document Type, Posted Date, ...`; dates are ISO.
- Legacy layout: docket metadata rows first, then blank rows, then a header beginning
  `Document Title, Document Type, Attachment Count, Submitter Last Name, ...`; `N/A`
  marks an empty cell; dates are M/D/YYYY. The comment text may come in a companion
  file keyed by `Document ID`.

Columns are found by name (COLUMNS: the names each vintage uses; a source's `columns:`
replaces them field by field), not position, so a reordered or widened export still
loads; the legacy main file may have no comment column at all. Each export row becomes
a comment through `comments.comment_row`: its Party is the one its text names, else the
source's default, else US (regulations.gov is the US government's docket); where the
commenter writes from is kept in `country`. The stakeholder type comes from `Category`
where it says, else from `Government Agency Type`, else individual without an
organisation and the source's default (or company) with one.

A comment whose text is empty or only says "see attached" takes its text from its
files in the attachments folder (`gather.attachments`) when one is given; a withdrawn
comment (blanked by the export) is quarantined as such.

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
from collections.abc import Iterator, Mapping
from pathlib import Path

from reviewprep.gather import vocab
from reviewprep.gather.attachments import listed_names, says_see_attached
from reviewprep.gather.comments import comment_row
from reviewprep.gather.loading import Context, Reading
from reviewprep.gather.rawfile import detect_encoding, keep_raw, looks_binary
from reviewprep.gather.records import TEXT_LIMIT, Rejected, Row, row_confidential
from reviewprep.gather.textfile import CSV_ERROR, Unreadable, csv_records, normalise_header, raw_line
from reviewprep.store.loads import FileCounts, load_file, set_aside
from reviewprep.store.rows import stored_comment_ids

FORMAT = "regulations_gov"
COMPANION_FORMAT = "regulations_gov_text"
HEADER_SEARCH = 200

# field -> the header names that hold it across the export's vintages, in order of
# preference; a source's `columns: {field: header}` replaces them for that field.
COLUMNS = {
    "document_id": ("document id",),
    "received": ("received date", "date received", "receive date"),
    "posted": ("posted date", "date posted"),
    "first_name": ("first name", "submitter first name"),
    "last_name": ("last name", "submitter last name"),
    "organization": ("organization name", "organization", "organisation"),
    "country": ("country",),
    "comment": ("comment", "text comment", "comment text"),
    "category": ("category",),
    "agency_type": ("government agency type",),
    "duplicates": ("duplicate comments",),
    "attachment_files": ("attachment files",),
    "attachment_count": ("attachment count",),
    "withdrawn": ("is withdrawn?", "withdrawn"),
}
FIELDS = tuple(COLUMNS)  # what config/sources.yaml's `columns:` may map for this format
COMPANION_TEXT = ("comment", "text comment", "comment text", "text")
_LOOKED_FOR = "<Document ID>_<n>, <Document ID>-<n>, <Document ID>_attachment_<n> or <Document ID>/attachment_<n>"
_SEE_ATTACHED = "saying only 'see attached' stored as written: no attachments folder was given (--attachments DIR)"
_SOME_ATTACHMENTS = "text from some of its attachments only: the others could not be read"

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


def header_names(columns: Mapping[str, str]) -> dict[str, tuple[str, ...]]:
    """The header names sought for each field: the source's mapping, else the known variants."""
    return {f: (normalise_header(columns[f]),) if columns.get(f) else names for f, names in COLUMNS.items()}


def find_header(records: Iterator[tuple[int, list[str]]], columns: Mapping[str, str] = {}
                ) -> tuple[str, int, list[str], int]:
    """(layout, header row, header cells, metadata rows skipped) from the first rows.

    The header is the first row naming a Document ID column and a Received or Posted
    Date column (or, legacy, starting `Document Title, Document Type`); rows above it are
    the legacy export's docket metadata.
    """
    sought = header_names(columns)
    dates = sought["received"] + sought["posted"]
    skipped = 0
    for number, cells in records:
        names = [normalise_header(c) for c in cells]
        legacy = "document title" in names[:2] and "document type" in names
        if legacy or (any(n in names for n in sought["document_id"]) and any(n in names for n in dates)):
            return ("legacy" if legacy or skipped else "current"), number, cells, skipped
        if number >= HEADER_SEARCH:
            break
        skipped += bool("".join(cells).strip()) and cells[0] != CSV_ERROR
    raise Unreadable("not a regulations.gov export: no header with 'Document ID' and 'Received Date' or "
                     f"'Posted Date' (or 'Document Title, Document Type ...', legacy) in the first {HEADER_SEARCH} "
                     "rows; if its columns are named otherwise, map them with `columns:` in config/sources.yaml")


def load(path: Path, ctx: Context) -> Reading:
    encoding = detect_encoding(path)
    reading = Reading(encoding, iter(()))
    ctx = dataclasses.replace(ctx, memo={}, defaults=ctx.defaults.model_copy(
        update={"date_order": "mdy", "party": ctx.defaults.party or "US"}))

    def rows() -> Iterator[Row]:
        with path.open("r", encoding=encoding, newline="") as fh:
            records = csv_records(fh, ",")
            layout, header_row, header, skipped = find_header(records, ctx.columns)
            names = [normalise_header(c) for c in header]
            where = {f: next((names.index(h) for h in hs if h in names), None)
                     for f, hs in header_names(ctx.columns).items()}
            _check_columns(where, header_row, ctx)
            reading.notes.append(f"regulations.gov {layout} layout, header on row {header_row}"
                                 + (f"; {skipped} docket metadata row(s) above it skipped" if skipped else ""))
            if where["comment"] is None:
                reading.notes.append("no comment column: the texts come from the companion file and attachments")
            shown = _shown_as(where, header)
            see_attached = []
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
                row = _comment(number, cells, where, ctx, see_attached)
                if row.rejected is not None:
                    row.raw = raw_line(cells)
                    row.confidential = row_confidential({}, ctx.defaults)
                    row.rejected.column = shown.get(row.rejected.column, row.rejected.column)
                yield row
            if see_attached:
                reading.notes.append(f"{len(see_attached)} comment(s) {_SEE_ATTACHED}; rows "
                                     + ", ".join(map(str, see_attached[:5])) + (" and more" if len(see_attached) > 5
                                                                                 else ""))

    reading.rows = rows()
    return reading


def _check_columns(where: dict[str, int | None], header_row: int, ctx: Context) -> None:
    sought = header_names(ctx.columns)
    missing = [sought["document_id"][0]] if where["document_id"] is None else []
    if where["received"] is None and where["posted"] is None:
        missing.append(f"{sought['received'][0]} or {sought['posted'][0]}")
    if missing:
        raise Unreadable(f"row {header_row}: regulations.gov column(s) missing: {', '.join(missing)}")
    if where["comment"] is None and ctx.companion is None and ctx.attachments is None:
        raise Unreadable(f"row {header_row}: this export has no comment column ({', '.join(sought['comment'])}): "
                         "its texts are in its companion comment-text file (give it with --companion FILE or "
                         "`companion:` in config/sources.yaml) or its attachments (--attachments DIR)")


def _shown_as(where: dict[str, int | None], header: list[str]) -> dict[str, str]:
    """The file's own header for each field a rejection may name."""
    def name(f: str, fallback: str) -> str:
        return header[where[f]].strip() if where[f] is not None else fallback

    return {"comment_id": name("document_id", "Document ID"),
            "submitted_at": name("received", "") or name("posted", "Received Date"),
            "text": name("comment", "Comment"), "stakeholder_type": name("category", "Category"),
            "attachments": name("attachment_files", "") or name("attachment_count", "Attachment Files"),
            "withdrawn": name("withdrawn", "Is Withdrawn?"), "party": "(source default party)"}


def _comment(number: int, cells: list[str], where: dict[str, int | None], ctx: Context,
             see_attached: list[int]) -> Row:
    """One export row as a comment: its text from the row, the companion file or its attachments."""
    def cell(f: str) -> str:
        i = where[f]
        value = cells[i].strip() if i is not None else ""
        return "" if value.upper() == "N/A" else value

    document_id = cell("document_id")
    organization = cell("organization")
    text = (ctx.companion.text(document_id) if ctx.companion is not None and document_id else None) \
        or cell("comment")
    data = {
        "comment_id": document_id,
        "submitted_at": cell("received") or cell("posted"),
        "stakeholder_name": " ".join(p for p in (cell("first_name"), cell("last_name")) if p),
        "organization": organization,
        "country": cell("country"),
        "stakeholder_type": stakeholder_type_for(cell("category"), cell("agency_type"), organization,
                                                 ctx.defaults.stakeholder_type),
        "text": text,
        "duplicate_comments": cell("duplicates"),
    }
    if not text and cell("withdrawn").lower() == "true":
        return Row(number, "comment", rejected=Rejected(
            "withdrawn", "withdrawn by the agency: the export keeps none of its text"))
    provenance: dict = {}
    warning = ""
    if not text or says_see_attached(text):
        listed = listed_names(cell("attachment_files"))
        count = int(cell("attachment_count")) if cell("attachment_count").isdigit() else 0
        if ctx.attachments is None:
            if not text and (listed or count):
                return Row(number, "comment", rejected=Rejected("attachments", (
                    f"no comment text: it is in its {max(len(listed), count)} attachment(s)"
                    + (f" ({', '.join(listed)})" if listed else "")
                    + "; give the attachments folder (--attachments DIR or `attachments:` in config/sources.yaml)")))
            if text:
                see_attached.append(number)
        else:
            found_text, provenance, rejected, warning = _from_attachments(document_id, listed, count, ctx)
            if rejected is not None:
                return Row(number, "comment", rejected=rejected)
            if found_text:
                data["text"] = found_text
            elif not text:
                return Row(number, "comment", rejected=Rejected("text", (
                    f"comment text is empty and no file in {ctx.attachments.folder} carries its Document ID")))
    row = comment_row(number, data, ctx)
    if row.rejected is None and provenance:
        row.records[0].update(provenance)
        row.warning = warning
    return row


def _from_attachments(document_id: str, listed: list[str], count: int, ctx: Context
                      ) -> tuple[str, dict, Rejected | None, str]:
    """(text, provenance columns, rejection, warning) for a comment whose text is in its attachments;
    no text and no rejection when it lists none and no file carries its Document ID."""
    attachments = ctx.attachments
    files, missing = attachments.files_for(document_id, listed, count)
    if missing:
        return "", {}, Rejected("attachments", (
            f"attachment file(s) not found in {attachments.folder}: {', '.join(missing)} "
            f"(looked for {_LOOKED_FOR})")), ""
    if not files:
        return "", {}, None, ""
    found = attachments.read(files)
    if not found.text:
        return "", {}, Rejected("attachments", "no text could be read from its attachment(s): "
                                + "; ".join(found.problems)), ""
    text = found.text
    warning = _SOME_ATTACHMENTS if found.problems else ""
    if len(text) > TEXT_LIMIT:
        text = text[:TEXT_LIMIT]
        warning = warning or f"text cut at {TEXT_LIMIT:,} characters (the attachment's raw file keeps it all)"
    ocr = [c for c in found.ocr if c is not None]
    provenance = {
        "source_member": ", ".join(found.members)[:500],
        "extraction": "ocr" if found.ocr else "text",
        "ocr_confidence": round(sum(ocr) / len(ocr), 1) if ocr else None,
    }
    return text, provenance, None, warning


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
            text_at = next((names.index(h) for h in COMPANION_TEXT if h in names), None)
            if id_at is None or text_at is None:
                raise Unreadable(f"row {header_row}: a comment-text file needs 'Document ID' and 'Comment' "
                                 "(or 'Text Comment') columns")
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
