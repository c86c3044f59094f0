"""Inboxes (`inboxes:` in config/sources.yaml): folders whose new files are gathered as they come.

The weekly flow gathers each inbox as one task, like a source. Every visible file under
the folder is planned like `reviewprep ingest FOLDER`: a file a source's path covers is
read as that source's; any other is recognised by its content (`recognise`: PDF, Word,
RTF, Outlook and e-mail messages and zips of them are letters; tables, JSON and YAML by
their header and first record) and read with the inbox's `defaults`. A file whose bytes
were loaded before is skipped as already loaded; a file that is not recognised is
reported, never loaded. `report_lines` says what happened to each file.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from reviewprep.gather.extract import OLE2_MAGIC
from reviewprep.gather.formats import guess_format
from reviewprep.store.loads import FileCounts

_MAIL_HEADERS = (b"from:", b"date:", b"subject:", b"received:", b"mime-version:", b"message-id:", b"to:")


def recognise(path: Path) -> tuple[str | None, str]:
    """(format, why) from what the file holds; (None, why not) for a file no format reads."""
    try:
        with path.open("rb") as fh:
            head = fh.read(2048)
    except OSError as exc:
        return None, f"cannot be opened ({exc.strerror or exc})"
    if b"%PDF-" in head[:1024]:
        return "letters", "a PDF document (by content)"
    if head.startswith(OLE2_MAGIC):
        return "letters", "an Office 97-2003 file: a Word .doc or an Outlook .msg (by content)"
    if head.lstrip(b"\xef\xbb\xbf \r\n\t").startswith(b"{\\rtf"):
        return "letters", "an RTF document (by content)"
    if head.startswith(b"PK\x03\x04"):
        return _zipped(path)
    if _looks_like_email(head):
        return "letters", "an e-mail message (by content)"
    fmt, why = guess_format(path)
    if fmt == "assessments_csv" and path.suffix.lower() == ".txt" and why.startswith("the default"):
        return "letters", "a plain-text letter (a .txt that is not a table)"
    return fmt, why


def _zipped(path: Path) -> tuple[str | None, str]:
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return "letters", "a zip archive (by content; the loader says what is wrong with it)"
    if "xl/workbook.xml" in names:
        if path.suffix.lower() in (".xlsx", ".xlsm"):
            return guess_format(path)
        return None, "an Excel workbook without the .xlsx extension: rename it"
    if "word/document.xml" in names:
        return "letters", "a Word document (by content)"
    return "letters", "a zip archive of letters (by content)"


def _looks_like_email(head: bytes) -> bool:
    block = head.split(b"\r\n\r\n", 1)[0].split(b"\n\n", 1)[0]
    found = {line.split(b":", 1)[0].strip().lower() + b":" for line in block.splitlines() if b":" in line[:62]}
    return block[:1].isalpha() and len(found & set(_MAIL_HEADERS)) >= 2


def report_lines(files: list[FileCounts]) -> list[str]:
    """One markdown line per file: loaded (with its counts), already loaded, not recognised or not read."""
    lines = []
    for f in files:
        name = f"`{Path(f.file).name}`"
        if f.already_loaded:
            lines.append(f"- {name}: already loaded (same SHA-256): nothing added")
        elif f.error and not f.format:
            recognised = not f.error.startswith("cannot tell the format")
            lines.append(f"- {name}: {f.error}" if recognised else f"- {name}: not recognised: {f.error}")
        elif f.error:
            lines.append(f"- {name}: not read ({f.format}): {f.error}")
        else:
            lines.append(f"- {name}: {f.format}: read {f.read}, accepted {f.accepted}, duplicates {f.duplicates}, "
                         f"quarantined {f.quarantined}")
    return lines or ["- no file in the inbox"]
