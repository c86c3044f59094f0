"""Written submissions: a letter (PDF, DOCX, DOC, RTF, TXT, EML, MSG), or a zip of them, becomes comments.

Each document is one row: its text comes from `gather.extract`, and it is stored through
`gather.comments.comment_row`, so it is tagged (and its language and Parties read) like
any comment. An e-mail is one submission: its body, then each attachment's text under a
heading `[Attachment: name]`; an attachment that cannot be read is named in the text
and in the file's notes, the rest of the e-mail is kept.

Metadata, in order of precedence: a sidecar CSV (the source's `metadata:` file, else a
`metadata.csv` beside the letter or in one of the two folders above it, else one inside
the zip), then what the document says (an e-mail's From and Date, a document's author
and created date), then the file's modification date. Anything not given by the sidecar
is recorded in the submission's `inferred` ({field: "from what"}).

A zip is checked from its central directory before anything is inflated (entry count,
total declared size, compression ratio: `extract.check_zip`); an entry whose name would
leave its folder (`../`, an absolute path) is quarantined unread, and no entry is ever
written to disk. Every problem is a quarantined row naming the entry and the column.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from reviewprep.gather.comments import comment_row
from reviewprep.gather.extract import Extracted, Limits, NotExtractable, check_zip, decode_text, extract
from reviewprep.gather.loading import Context, Reading
from reviewprep.gather.records import TEXT_LIMIT, Rejected, Row, row_confidential
from reviewprep.gather.textfile import Unreadable, normalise_header, sniff_delimiter

SIDECAR_NAME = "metadata.csv"
SIDECAR_SIZE = 16 << 20
PARENTS_SEARCHED = 2  # folders above a letter searched for a metadata.csv
HOUSEKEEPING = ("__macosx/", "thumbs.db", "desktop.ini", ".ds_store")

# sidecar header (normalised) -> the comment field it fills; English, French, Spanish
SIDECAR_COLUMNS = {
    "file": "file", "filename": "file", "file name": "file", "fichier": "file", "nom du fichier": "file",
    "archivo": "file", "nombre del archivo": "file", "nombre de archivo": "file",
    "organisation": "organization", "organization": "organization", "organisme": "organization",
    "organización": "organization", "organizacion": "organization",
    "name": "stakeholder_name", "stakeholder name": "stakeholder_name", "nom": "stakeholder_name",
    "nombre": "stakeholder_name",
    "stakeholder type": "stakeholder_type", "stakeholder_type": "stakeholder_type",
    "type de partie prenante": "stakeholder_type", "type d'intervenant": "stakeholder_type",
    "tipo de parte interesada": "stakeholder_type", "tipo de actor": "stakeholder_type",
    "country": "country", "pays": "country", "país": "country", "pais": "country",
    "party": "party", "partie": "party", "parte": "party",
    "date": "submitted_at", "fecha": "submitted_at", "submitted_at": "submitted_at",
    "date de soumission": "submitted_at", "fecha de envío": "submitted_at",
    "confidentiality": "confidentiality", "confidentialité": "confidentiality",
    "confidencialidad": "confidentiality",
    "language": "language", "langue": "language", "idioma": "language", "lengua": "language",
}
FIELD_NAMES = {"stakeholder_name": "stakeholder_name", "organization": "organization",
               "submitted_at": "submitted_on"}  # comment field -> submission column, where they differ


@dataclass
class Sidecar:
    """One metadata CSV: {file key: {field: value}}, and the header each field came from."""

    name: str
    rows: dict[str, dict[str, str]]
    headers: dict[str, str]  # field -> header as written

    def find(self, key: str) -> dict[str, str] | None:
        """The row for `key` (a path relative to the sidecar's folder), else for its unique basename."""
        folded = key.casefold()
        if folded in self.rows:
            return self.rows[folded]
        base = PurePosixPath(folded).name
        matches = [row for name, row in self.rows.items() if PurePosixPath(name).name == base]
        return matches[0] if len(matches) == 1 else None


def is_sidecar(path: Path) -> bool:
    """Whether `path` is a metadata sidecar (named metadata.csv, with a file column): never a letter."""
    if path.name.casefold() != SIDECAR_NAME or not path.is_file():
        return False
    try:
        with path.open("rb") as fh:
            first = fh.readline(1 << 16)
    except OSError:
        return False
    header = next(csv.reader([decode_text(first)[0]], delimiter=sniff_delimiter(decode_text(first)[0])), [])
    return any(SIDECAR_COLUMNS.get(normalise_header(h)) == "file" for h in header)


def read_sidecar(data: bytes, name: str) -> Sidecar:
    """Parse a sidecar; `Unreadable` when it has no file column (or is not CSV at all)."""
    if len(data) > SIDECAR_SIZE:
        raise Unreadable(f"metadata sidecar {name}: {len(data):,} bytes (limit {SIDECAR_SIZE:,})")
    text, _ = decode_text(data)
    first_line = text.split("\n", 1)[0]
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sniff_delimiter(first_line))
    try:
        header = next(reader, [])
        fields = [SIDECAR_COLUMNS.get(normalise_header(h)) for h in header]
        if "file" not in fields:
            raise Unreadable(f"metadata sidecar {name}: no 'file' column (its header is {', '.join(header)!r})")
        headers = {f: h.strip() for f, h in zip(fields, header, strict=True) if f}
        rows = {}
        for cells in reader:
            row = {f: c.strip() for f, c in zip(fields, cells, strict=False) if f and c.strip()}
            key = row.pop("file", "").replace("\\", "/").lstrip("./")
            if key:
                rows[key.casefold()] = row
    except csv.Error as exc:
        raise Unreadable(f"metadata sidecar {name}: not a readable CSV ({exc})") from None
    return Sidecar(name, rows, headers)


def load(path: Path, ctx: Context) -> Reading:
    """One letter, or a zip of letters: a row each (the sidecar is metadata, not a row)."""
    limits: Limits = ctx.limits
    reading = Reading("", iter(()))
    if _is_zip_of_letters(path):
        reading.rows = _zip_rows(path, ctx, limits, reading.notes)
    else:
        reading.rows = iter([_file_row(path, ctx, limits, reading.notes)])
    return reading


def _is_zip_of_letters(path: Path) -> bool:
    """A zip (by its first bytes: an Outlook .msg may hold a zip inside) that is not a Word document."""
    with path.open("rb") as fh:
        if fh.read(4) not in (b"PK\x03\x04", b"PK\x05\x06"):
            return False
    try:
        with zipfile.ZipFile(path) as archive:
            return "word/document.xml" not in archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):  # cut off: a .docx is a damaged letter, a .zip a damaged batch
        return path.suffix.lower() == ".zip"


def _file_row(path: Path, ctx: Context, limits: Limits, notes: list[str]) -> Row:
    size = path.stat().st_size
    modified = dt.datetime.fromtimestamp(path.stat().st_mtime).date()
    sidecar = _sidecar_for(path, ctx)
    key = _key(path, sidecar)
    if size > limits.max_bytes:
        return _rejected(1, "", "file", f"too large: {size:,} bytes (limit {limits.max_bytes:,}, "
                         "setting REVIEWPREP_LETTER_MAX_MB)", ctx)
    return _letter_row(1, "", path.read_bytes(), path.name, modified, sidecar, key, ctx, limits, notes)


def _key(path: Path, sidecar: Sidecar | None) -> str:
    """The letter's path relative to its sidecar's folder (its name when elsewhere)."""
    if sidecar is not None:
        try:
            return path.resolve().relative_to(Path(sidecar.name).resolve().parent).as_posix()
        except ValueError:
            pass
    return path.name


def _sidecar_for(path: Path, ctx: Context) -> Sidecar | None:
    """The source's sidecar, else the nearest metadata.csv at most PARENTS_SEARCHED folders up."""
    memo = ctx.memo.setdefault("letters_sidecars", {})
    candidates = [ctx.metadata] if ctx.metadata else [
        folder / SIDECAR_NAME for folder in [path.parent, *path.parent.parents][:PARENTS_SEARCHED + 1]]
    for candidate in candidates:
        candidate = Path(candidate)
        if candidate not in memo:
            if ctx.metadata is None and not is_sidecar(candidate):
                memo[candidate] = None
            elif not candidate.is_file():
                raise Unreadable(f"metadata sidecar {candidate} not found (source key metadata)")
            else:
                memo[candidate] = read_sidecar(candidate.read_bytes(), str(candidate))
        if memo[candidate] is not None:
            return memo[candidate]
    return None


def _zip_rows(path: Path, ctx: Context, limits: Limits, notes: list[str]) -> Iterator[Row]:
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise Unreadable(f"not a readable zip archive: {exc}") from None
    with archive:
        try:
            members = check_zip(archive, limits)
        except NotExtractable as exc:
            raise Unreadable(str(exc)) from None
        sidecars = {}
        for info in members:
            if PurePosixPath(info.filename).name.casefold() == SIDECAR_NAME and _safe_name(info.filename):
                folder = str(PurePosixPath(info.filename).parent)
                try:
                    sidecars[folder] = read_sidecar(archive.read(info), f"{path.name}/{info.filename}")
                except Unreadable as exc:
                    notes.append(f"{exc}; its letters are read without it")
        if ctx.metadata:
            sidecars = {".": _sidecar_for(path, ctx)}
        skipped = 0
        number = 0
        for info in members:
            name = info.filename
            if info.is_dir():
                continue
            if name.casefold().startswith(HOUSEKEEPING) or PurePosixPath(name).name.casefold() in HOUSEKEEPING \
                    or PurePosixPath(name).name.startswith("."):
                skipped += 1
                continue
            if PurePosixPath(name).name.casefold() == SIDECAR_NAME:
                continue  # metadata, never a letter
            number += 1
            if not _safe_name(name):
                yield _rejected(number, name, "file", "the entry's name leaves its folder (../ or an absolute "
                                "path): not read, never written", ctx)
                continue
            if info.flag_bits & 0x1:
                yield _rejected(number, name, "file", "the entry is encrypted (password-protected zip)", ctx)
                continue
            if info.file_size > limits.max_bytes:
                yield _rejected(number, name, "file", f"too large: {info.file_size:,} bytes "
                                f"(limit {limits.max_bytes:,}, setting REVIEWPREP_LETTER_MAX_MB)", ctx)
                continue
            try:
                data = archive.read(info)
            except (zipfile.BadZipFile, OSError, RuntimeError, ValueError, EOFError) as exc:
                yield _rejected(number, name, "file", f"the entry cannot be unpacked: {exc}", ctx)
                continue
            sidecar, key = _zip_sidecar(sidecars, name)
            modified = dt.date(*info.date_time[:3]) if info.date_time[0] >= 1980 else None
            yield _letter_row(number, name, data, PurePosixPath(name).name, modified, sidecar, key, ctx,
                              limits, notes)
        if skipped:
            notes.append(f"{skipped} housekeeping entr{'y' if skipped == 1 else 'ies'} skipped "
                         "(__MACOSX/, hidden files, Thumbs.db, desktop.ini)")


def _safe_name(name: str) -> bool:
    """A relative path that stays inside the archive's folder (no `..`, no root, no drive)."""
    posix = PurePosixPath(name.replace("\\", "/"))
    return not (posix.is_absolute() or ".." in posix.parts or (posix.parts and ":" in posix.parts[0]))


def _zip_sidecar(sidecars: dict[str, Sidecar], name: str) -> tuple[Sidecar | None, str]:
    """The sidecar nearest above a zip entry, and the entry's key relative to it."""
    entry = PurePosixPath(name)
    for folder in [entry.parent, *entry.parent.parents]:
        sidecar = sidecars.get(str(folder))
        if sidecar is not None:
            return sidecar, entry.relative_to(folder).as_posix() if str(folder) != "." else name
    return None, name


def _rejected(number: int, member: str, column: str, reason: str, ctx: Context,
              data: dict[str, str] | None = None) -> Row:
    where = f"{member}: " if member else ""
    row = Row(number, "comment", rejected=Rejected(column, where + reason), raw=member)
    row.confidential = row_confidential(data or {}, ctx.defaults)
    return row


def _letter_row(number: int, member: str, data: bytes, name: str, modified: dt.date | None,
                sidecar: Sidecar | None, key: str, ctx: Context, limits: Limits, notes: list[str]) -> Row:
    """Extract one document and hand it to comment_row with its metadata."""
    given = (sidecar.find(key) if sidecar else None) or {}
    fields = dict(given)
    try:
        doc = extract(data, name, limits)
    except NotExtractable as exc:
        return _rejected(number, member, "file", str(exc), ctx, fields)
    text, warning = _submission_text(doc)
    if not text.strip():
        reason = ("no text found, even after OCR (a blank or unreadable scan?)" if doc.method == "ocr"
                  else "no text found in the document")
        return _rejected(number, member, "text", reason, ctx, fields)
    if len(text) > TEXT_LIMIT:
        text = text[:TEXT_LIMIT]
        warning = warning or f"text cut at {TEXT_LIMIT:,} characters (the raw file keeps it all)"
    inferred = _infer(fields, doc, modified)
    fields["text"] = text
    row = comment_row(number, fields, ctx)
    if row.rejected is not None:
        row.rejected = _name_column(row.rejected, member, sidecar, given, inferred)
        row.raw = json.dumps({"member": member or name, **{k: v for k, v in fields.items() if k != "text"}},
                             ensure_ascii=False)
        row.confidential = row_confidential(fields, ctx.defaults)
        return row
    record = row.records[0]
    ocr = [d.ocr_confidence for d in _documents(doc) if d.method == "ocr" and d.ocr_confidence is not None]
    record.update(
        source_member=_member_label(member, doc)[:500],
        title=(doc.subject or doc.title)[:500],
        extraction="ocr" if any(d.method == "ocr" for d in _documents(doc)) else "text",
        ocr_confidence=round(sum(ocr) / len(ocr), 1) if ocr else None,
        inferred={FIELD_NAMES.get(f, f): why for f, why in inferred.items()} or None,
    )
    row.warning = warning
    return row


def _documents(doc: Extracted) -> list[Extracted]:
    return [doc, *doc.attachments]


def _member_label(member: str, doc: Extracted) -> str:
    """The zip entry, then the attachments whose text was appended."""
    names = [a.name for a in doc.attachments]
    return "; ".join(filter(None, [member, ("attachments: " + ", ".join(names)) if names else ""]))


def _submission_text(doc: Extracted) -> tuple[str, str]:
    """The text stored: the body, then each attachment under a heading; a warning when one was not read."""
    parts = [doc.text]
    for attachment in doc.attachments:
        parts.append(f"[Attachment: {attachment.name}]\n{attachment.text}" if attachment.text
                     else f"[Attachment: {attachment.name}: no text found]")
    for name, why in doc.skipped:
        parts.append(f"[Attachment: {name}: not read ({why})]")
    warning = "an e-mail attachment could not be read (named in the text; the raw file keeps it)" \
        if doc.skipped else ""
    return "\n\n".join(p for p in parts if p), warning


def _infer(fields: dict[str, str], doc: Extracted, modified: dt.date | None) -> dict[str, str]:
    """Fill what the sidecar left empty from the document, then the file's date; {field: from what}."""
    inferred = {}
    if not fields.get("submitted_at"):
        for when, why in ((doc.sent, "e-mail Date header"), (doc.created, "document properties (created)"),
                          (modified, "file modification date")):
            if when is not None:
                fields["submitted_at"] = (when.date() if isinstance(when, dt.datetime) else when).isoformat()
                inferred["submitted_at"] = why
                break
    if not fields.get("stakeholder_name"):
        for who, why in ((doc.sender_name or doc.sender_address, "e-mail From header"),
                         (doc.author, "document properties (author)")):
            if who:
                fields["stakeholder_name"] = who
                inferred["stakeholder_name"] = why
                break
    return inferred


def _name_column(rejected: Rejected, member: str, sidecar: Sidecar | None, given: dict[str, str],
                 inferred: dict[str, str]) -> Rejected:
    """Say where the faulty value came from: the sidecar's column, or what it was inferred from."""
    field = rejected.column
    where = f"{member}: " if member else ""
    if sidecar is not None and field in given:
        header = sidecar.headers.get(field, field)
        return Rejected(f"{header} ({Path(sidecar.name).name})", f"{where}{rejected.reason}")
    if field in inferred:
        return Rejected(f"{field} (from the {inferred[field]})", f"{where}{rejected.reason}")
    return Rejected(field, f"{where}{rejected.reason}")
