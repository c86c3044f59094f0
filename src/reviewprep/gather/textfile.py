"""Tables from delimited text: encoding detected, delimiter sniffed, rows streamed.

A `Table` (a header and an iterator of numbered rows) is what the CSV and XLSX readers
both produce, so every tabular format shares one header check and one row loop.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from reviewprep.gather.loading import Context, Reading
from reviewprep.gather.records import Rejected, Row, row_confidential
from reviewprep.store.loads import Unreadable  # the store records such a file with the reason

csv.field_size_limit(10 * 1024 * 1024)
MAX_LINE = 16 << 20  # characters in one physical line


class LineTooLong(Exception):
    """A physical line over MAX_LINE characters (skipped, reported as its record's problem)."""


class _Lines:
    """The file's lines for the csv reader, none longer than MAX_LINE characters.

    The csv module takes a whole line before it checks its field limit, so a file with
    no line breaks would sit in memory whole (a 2 GB line takes gigabytes). An overlong
    line is skipped in bounded pieces instead and raised as that record's problem; the
    reader starts afresh on the next line. (A class, not a generator: it must go on
    after raising.)
    """

    def __init__(self, fh: io.TextIOBase):
        self.fh = fh

    def __iter__(self) -> _Lines:
        return self

    def __next__(self) -> str:
        line = self.fh.readline(MAX_LINE)
        if not line:
            raise StopIteration
        if len(line) == MAX_LINE and not line.endswith(("\n", "\r")):
            while (rest := self.fh.readline(MAX_LINE)) and not rest.endswith(("\n", "\r")):
                pass
            raise LineTooLong(f"a line longer than {MAX_LINE:,} characters (no line breaks in the file?)")
        return line


@dataclass
class Table:
    header: list[str]
    header_row: int
    rows: Iterator[tuple[int, list[str]]]
    delimiter: str = ","
    strict_width: bool = True  # CSV rows must match the header; spreadsheets drop trailing blanks
    notes: list[str] = field(default_factory=list)
    close: Callable[[], None] = lambda: None


def sniff_delimiter(first_line: str) -> str:
    """`;` from French/Spanish Excel, tabs from some exports, else `,`."""
    counts = {d: first_line.count(d) for d in (",", ";", "\t")}
    best = max(counts, key=counts.__getitem__)
    return best if counts[best] else ","


def csv_records(fh: io.TextIOBase, delimiter: str) -> Iterator[tuple[int, list[str]]]:
    """(spreadsheet row number, cells) for each record; quoted fields may span lines.

    A record the csv module cannot parse (a field over 10 MB, a line over MAX_LINE) or
    that holds a NUL character (which the csv module passes through, and no database
    column takes) becomes a one-cell row holding the problem, so the loader quarantines
    it and reading goes on. JSON and YAML records get the same rule in `record_cells`.
    """
    reader = csv.reader(_Lines(fh), delimiter=delimiter, strict=False)
    number = 0
    while True:
        number += 1
        try:
            cells = next(reader)
        except StopIteration:
            return
        except (csv.Error, LineTooLong) as exc:
            yield number, [CSV_ERROR, str(exc)]
            continue
        if "\x00" in "".join(cells):  # one scan in C; the field is looked for only when there is one
            nul = next(i for i, cell in enumerate(cells, 1) if "\x00" in cell)
            yield number, [CSV_ERROR, f"field {nul} {HOLDS_NUL}"]
            continue
        yield number, cells


CSV_ERROR = "\x00csv-error"
HOLDS_NUL = "holds a NUL character (binary data; no database column takes one)"


def open_csv_table(path: Path, encoding: str) -> Table:
    fh = path.open("r", encoding=encoding, newline="")
    try:
        table = csv_table(fh)
    except BaseException:
        fh.close()
        raise
    table.close = fh.close
    return table


def csv_table(fh: io.TextIOBase) -> Table:
    """The first non-blank record is the header; its line decides the delimiter."""
    first = ""
    for _ in range(1000):
        line = fh.readline(1 << 20)
        if not line or line.strip():
            first = line
            break
    if not first.strip():
        raise Unreadable("the file is empty")
    delimiter = sniff_delimiter(first)
    fh.seek(0)
    rows = csv_records(fh, delimiter)
    for number, cells in rows:
        if cells and cells[0] == CSV_ERROR:
            raise Unreadable(f"row {number}: cannot read the header: {cells[1]}")
        if "".join(cells).strip():
            return Table(cells, number, rows, delimiter)
    raise Unreadable("the file is empty")


def normalise_header(cell: str) -> str:
    return " ".join(cell.replace("\ufeff", "").strip().lower().split())


def header_fields(
    table: Table, known: tuple[str, ...], required: tuple[str, ...], mapping: Mapping[str, str] = {}
) -> list[str | None]:
    """The field each column holds (None for a column nobody asked for).

    `mapping` is {field: header in the file} from config/sources.yaml; other columns
    are matched by name. Unknown columns are ignored and noted; a missing required
    field or a field given twice makes the file unreadable.
    """
    by_header = {normalise_header(h): f for f, h in mapping.items()}
    fields: list[str | None] = []
    unknown = []
    for cell in table.header:
        name = normalise_header(cell)
        target = by_header.get(name) or (name if name in known else None)
        if target is None and name:
            unknown.append(cell.strip())
        if target is not None and target in fields:
            raise Unreadable(f"row {table.header_row}: column {cell.strip()!r} gives {target!r} a second time")
        fields.append(target)
    missing = [f for f in required if f not in fields]
    if missing:
        named = ", ".join(f"{f!r} (column {mapping[f]!r})" if f in mapping else repr(f) for f in missing)
        raise Unreadable(f"row {table.header_row}: required column(s) missing: {named}")
    if unknown:
        table.notes.append(f"ignored column(s) not used by this format: {', '.join(unknown)}")
    return fields


def raw_line(cells: list[str], delimiter: str = ",") -> str:
    """A row written back as one CSV line, for the quarantine record."""
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, lineterminator="").writerow(cells)
    return out.getvalue()


RowMaker = Callable[[int, dict[str, str], Context], Row]  # (row number, {field: cell}, context)


def table_rows(table: Table, fields: list[str | None], kind: str, make: RowMaker, ctx: Context) -> Iterator[Row]:
    """Each non-blank data row as a Row: built by `make`, or rejected for its shape."""
    width = len(fields)
    for number, cells in table.rows:
        if not "".join(cells).strip():
            continue
        if cells[0] == CSV_ERROR:
            yield Row(number, kind, rejected=Rejected("(row)", f"unreadable record: {cells[1]}"))
            continue
        if len(cells) != width:
            if len(cells) > width and not "".join(cells[width:]).strip():
                cells = cells[:width]
            elif len(cells) < width and not table.strict_width:
                cells = cells + [""] * (width - len(cells))
            else:
                reason = f"{len(cells)} fields where the header has {width}"
                if len(cells) < width:
                    reason += " (a cut-off line or an unquoted line break?)"
                yield Row(number, kind, rejected=Rejected("(row)", reason),
                          raw=raw_line(cells, table.delimiter))
                continue
        data = dict(zip(fields, cells, strict=True))  # an unused column lands under None
        row = make(number, data, ctx)
        if row.rejected is not None:
            row.raw = raw_line(cells, table.delimiter)
            row.confidential = row_confidential(data, ctx.defaults)
        yield row


def table_reading(
    encoding: str,
    open_table: Callable[[], Table],
    ctx: Context,
    known: tuple[str, ...],
    required: tuple[str, ...],
    kind: str,
    make: RowMaker,
    columns: Mapping[str, str] | None = None,
    rows_of: Callable[..., Iterator[Row]] | None = None,
) -> Reading:
    """A Reading over a table opened lazily, so header problems surface while ingesting.

    `columns` is the {field: header} mapping (default: the source's). `rows_of` replaces
    `table_rows` (same arguments, same rows): a format's faster reading of the same table.
    """
    reading = Reading(encoding, iter(()))

    def rows() -> Iterator[Row]:
        table = open_table()
        try:
            fields = header_fields(table, known, required, ctx.columns if columns is None else columns)
            reading.notes.extend(table.notes)
            yield from (rows_of or table_rows)(table, fields, kind, make, ctx)
        finally:
            table.close()

    reading.rows = rows()
    return reading
