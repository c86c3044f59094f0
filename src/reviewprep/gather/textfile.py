"""Open delimited text files safely: encoding detected, delimiter sniffed, rows streamed."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

csv.field_size_limit(10 * 1024 * 1024)


class Unreadable(Exception):
    """The file as a whole cannot be read (empty, binary, no header...)."""


def sniff_delimiter(first_line: str) -> str:
    """`;` from French/Spanish Excel, tabs from some exports, else `,`."""
    counts = {d: first_line.count(d) for d in (",", ";", "\t")}
    best = max(counts, key=counts.__getitem__)
    return best if counts[best] else ","


def csv_rows(fh: io.TextIOWrapper) -> Iterator[tuple[int, list[str]]]:
    """(spreadsheet row number, cells) for each record, the header being row 1.

    Quoted fields may span lines; the number counts records, as a spreadsheet does.
    """
    first = fh.readline()
    if not first.strip():
        raise Unreadable("the file is empty")
    delimiter = sniff_delimiter(first)
    fh.seek(0)
    reader = csv.reader(fh, delimiter=delimiter, strict=False)
    for number, cells in enumerate(reader, start=1):
        yield number, cells


def header_columns(header: list[str], required: tuple[str, ...]) -> list[str]:
    """Normalised column names; a missing required column makes the file unreadable."""
    if not any(cell.strip() for cell in header):
        raise Unreadable("row 1: no header row")
    columns = [cell.strip().lstrip("\ufeff").lower() for cell in header]
    missing = [c for c in required if c not in columns]
    if missing:
        raise Unreadable(f"row 1: required column(s) missing: {', '.join(missing)}")
    return columns
