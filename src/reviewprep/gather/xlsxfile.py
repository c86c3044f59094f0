"""Read an .xlsx workbook as a streamed table, after checking it is safe to open.

An .xlsx file is a zip archive. Before openpyxl parses anything, the archive's own
directory is checked: a file that is not a zip (an old .xls, a CSV renamed, a cut-off
download), or whose members declare more than MAX_UNCOMPRESSED bytes or inflate more
than MAX_RATIO times (a zip bomb), is refused. Python's zipfile never inflates a member
beyond its declared size, so the declared sizes are a real bound. openpyxl then reads
in read-only mode, one row at a time; only its shared-strings table and its styles are
held in memory, which is why those members have their own, smaller caps. The bytes of
the shared-strings table do not bound its memory (each string costs openpyxl about 170
bytes however short it is: 13 million one-letter strings took 2.2 GB), so its strings
are counted first, in a streamed pass that stops at the cap.
"""

from __future__ import annotations

import datetime as dt
import zipfile
from collections.abc import Iterator
from pathlib import Path
from xml.etree import ElementTree

from reviewprep.gather.textfile import CSV_ERROR, Table, Unreadable

MAX_UNCOMPRESSED = 2 << 30
MAX_SHARED_STRINGS = 128 << 20
MAX_SHARED_STRING_COUNT = 1_000_000  # about 170 MB once openpyxl holds them
MAX_STYLES = 32 << 20
MAX_CONTENT_TYPES = 1 << 20
SHARED_STRINGS_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
MAX_RATIO = 100
SHEETS_NAMED = 10  # a note names at most this many sheets
RATIO_FLOOR = 1 << 20  # members smaller than this may compress as well as they like


def check_archive(path: Path) -> None:
    """Refuse what is not a plausible, bounded .xlsx archive (see module docstring)."""
    if not zipfile.is_zipfile(path):
        raise Unreadable("not an .xlsx workbook: the file is not a zip archive "
                         "(an old .xls, a renamed CSV, or a cut-off download?)")
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise Unreadable(f"not a readable .xlsx workbook: {exc}") from None
    names = {m.filename for m in members}
    if "xl/workbook.xml" not in names:
        raise Unreadable("a zip archive, but not an Excel workbook (no xl/workbook.xml)")
    total = sum(m.file_size for m in members)
    if total > MAX_UNCOMPRESSED:
        raise Unreadable(f"refused: the workbook would unpack to {total:,} bytes "
                         f"(limit {MAX_UNCOMPRESSED:,}); split it or save it as CSV")
    for m in members:
        if m.file_size > RATIO_FLOOR and m.file_size > MAX_RATIO * max(m.compress_size, 1):
            raise Unreadable(f"refused: {m.filename} inflates {m.file_size // max(m.compress_size, 1):,} "
                             f"times (limit {MAX_RATIO}); this looks like a zip bomb")
    shared = _shared_strings_parts(path, members)
    for m in members:
        if m.filename in shared and m.file_size > MAX_SHARED_STRINGS:
            raise Unreadable(f"refused: the shared-strings table is {m.file_size:,} bytes "
                             f"(limit {MAX_SHARED_STRINGS:,}); save the sheet as CSV instead")
        if m.filename == "xl/styles.xml" and m.file_size > MAX_STYLES:
            raise Unreadable(f"refused: the styles part is {m.file_size:,} bytes (limit {MAX_STYLES:,}); "
                             "save the sheet as CSV instead")
    for name in shared & names:
        _count_shared_strings(path, name)


def _shared_strings_parts(path: Path, members: list[zipfile.ZipInfo]) -> set[str]:
    """Where the shared strings are: openpyxl finds them by content type, wherever the part is named."""
    found = {"xl/sharedStrings.xml"}
    types = next((m for m in members if m.filename == "[Content_Types].xml"), None)
    if types is None or types.file_size > MAX_CONTENT_TYPES:
        return found
    try:
        with zipfile.ZipFile(path) as archive:
            root = ElementTree.fromstring(archive.read(types))
    except (ElementTree.ParseError, zipfile.BadZipFile, OSError, ValueError):
        return found
    for override in root:
        if override.get("ContentType") == SHARED_STRINGS_TYPE and override.get("PartName"):
            found.add(override.get("PartName").lstrip("/"))
    return found


def _count_shared_strings(path: Path, part: str, limit: int = MAX_SHARED_STRING_COUNT) -> None:
    """Refuse a shared-strings table of more than `limit` strings, reading at most that many."""
    count = 0
    try:
        with zipfile.ZipFile(path) as archive, archive.open(part) as stream:
            root = None
            for event, element in ElementTree.iterparse(stream, events=("start", "end")):
                if root is None:
                    root = element
                elif event == "end" and element.tag.rpartition("}")[2] == "si":
                    count += 1
                    if count > limit:
                        raise Unreadable(f"refused: the shared-strings table holds more than {limit:,} strings "
                                         "(reading them would take too much memory); save the sheet as CSV instead")
                    root.clear()  # keep nothing of what was counted
    except (ElementTree.ParseError, zipfile.BadZipFile, OSError, ValueError) as exc:
        raise Unreadable(f"not a readable .xlsx workbook: {part}: {exc}") from None


def cell_text(value: object) -> str:
    """A cell as the text a CSV export would hold: dates in ISO form, 2.0 as '2'."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def xlsx_table(path: Path, prefer_sheet: str | None = None) -> Table:
    """The first worksheet (or `prefer_sheet`) as a Table; formulas come back as their text."""
    from openpyxl import load_workbook

    check_archive(path)
    try:
        workbook = load_workbook(path, read_only=True, data_only=False)
    except Exception as exc:  # noqa: BLE001 - whatever a malformed workbook makes openpyxl raise
        raise Unreadable(f"not a readable .xlsx workbook: {type(exc).__name__}: {exc}") from None
    names = workbook.sheetnames
    sheet = workbook[prefer_sheet] if prefer_sheet in names else workbook.worksheets[0]
    sheet.reset_dimensions()  # some writers record a wrong size; read what is there
    rows = _rows(sheet)
    for number, cells in rows:
        if cells and cells[0] == CSV_ERROR:
            workbook.close()
            raise Unreadable(f"row {number}: {cells[1]}")
        if "".join(cells).strip():
            table = Table(cells, number, rows, strict_width=False, close=workbook.close)
            if len(names) > 1:
                table.notes.append(f"read worksheet {sheet.title!r} of {sheet_list(names)}")
            return table
    workbook.close()
    raise Unreadable(f"worksheet {sheet.title!r} is empty")


def sheet_list(names: list[str], shown: int = SHEETS_NAMED) -> str:
    """The workbook's sheet names for a note: the first few, then how many more."""
    listed = ", ".join(repr(n[:80]) for n in names[:shown])
    return listed if len(names) <= shown else f"{len(names):,} sheets: {listed} and {len(names) - shown:,} more"


def _rows(sheet) -> Iterator[tuple[int, list[str]]]:
    """Numbered rows of cell text; a workbook that breaks off mid-sheet ends with a problem row."""
    number = 0
    values = sheet.iter_rows(min_row=1, values_only=True)
    while True:
        try:
            row = next(values)
        except StopIteration:
            return
        except Exception as exc:  # noqa: BLE001 - a damaged sheet: keep what came before
            yield number + 1, [CSV_ERROR, f"the worksheet breaks off after row {number} "
                                          f"(truncated or corrupt file): {type(exc).__name__}: {exc}"]
            return
        number += 1
        yield number, [cell_text(v) for v in row]
