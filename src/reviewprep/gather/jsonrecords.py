"""JSON and JSON Lines records, streamed.

JSON Lines: one object per line; a bad line is quarantined and the next one read.
JSON: a top-level array of objects (or one object) is streamed record by record with
the standard decoder over a sliding window, so a 1 GB array never sits in memory.
A record may be at most MAX_RECORD characters. In an array, a record that is not valid
JSON ends the reading: the decoder cannot find where the next record starts, so the
problem and the fact that the rest was not read are quarantined together (the raw file
is kept; JSON Lines avoids the issue).
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Callable, Iterator
from pathlib import Path

from reviewprep.gather.loading import Context, Reading
from reviewprep.gather.rawfile import detect_encoding
from reviewprep.gather.records import Rejected, Row, RowError, row_confidential
from reviewprep.gather.textfile import HOLDS_NUL, Unreadable, normalise_header

MAX_RECORD = 10 << 20
CHUNK = 1 << 16
_SPACE = re.compile(r"\s*")

Item = tuple[int, str, object]  # (record number, raw text, decoded value or a Rejected)


def json_lines(fh: io.TextIOBase) -> Iterator[Item]:
    number = 0
    while line := fh.readline(MAX_RECORD + 1):
        number += 1
        if len(line) > MAX_RECORD and not line.endswith("\n"):
            while (rest := fh.readline(MAX_RECORD)) and not rest.endswith("\n"):
                pass
            yield number, line[:2000], Rejected("(line)", f"line longer than {MAX_RECORD:,} characters")
            continue
        if not line.strip():
            continue
        try:
            value = json.loads(line)
        except json.JSONDecodeError as exc:
            value = Rejected("(line)", f"invalid JSON: {exc.msg} at column {exc.colno}")
        except RecursionError:
            value = Rejected("(line)", "JSON nested too deeply")
        yield number, line.rstrip("\r\n"), value


class _Window:
    """A sliding window over a text stream for incremental decoding."""

    def __init__(self, fh: io.TextIOBase):
        self.fh, self.buf, self.pos, self.eof = fh, "", 0, False

    def fill(self) -> None:
        more = self.fh.read(CHUNK)
        self.eof = not more
        self.buf, self.pos = self.buf[self.pos:] + more, 0

    def peek(self) -> str:
        """The next non-space character ('' at the end)."""
        while True:
            self.pos = _SPACE.match(self.buf, self.pos).end()
            if self.pos < len(self.buf) or self.eof:
                return self.buf[self.pos:self.pos + 1]
            self.fill()


def json_array(fh: io.TextIOBase) -> Iterator[Item]:
    decoder = json.JSONDecoder()
    window = _Window(fh)
    first = window.peek()
    if not first:
        raise Unreadable("the file is empty")
    if first not in "[{":
        raise Unreadable("not a JSON array of records (for one record per line, use JSON Lines)")
    top_level_array = first == "["
    if top_level_array:
        window.pos += 1
    number = 0
    while True:
        if top_level_array and window.peek() == "]":
            window.pos += 1
            break
        number += 1
        while True:
            try:
                value, end = decoder.raw_decode(window.buf, window.pos)
                if end < len(window.buf) or window.eof:
                    break
            except json.JSONDecodeError as exc:
                if window.eof or len(window.buf) - window.pos > MAX_RECORD:
                    problem = ("the file ends inside this record (truncated?)" if window.eof
                               else f"invalid JSON or a record over {MAX_RECORD:,} characters")
                    yield number, window.buf[window.pos:window.pos + 2000], Rejected(
                        "(record)", f"{problem}: {exc.msg}; records after it were not read")
                    return
            except RecursionError:
                yield number, window.buf[window.pos:window.pos + 2000], Rejected(
                    "(record)", "JSON nested too deeply; records after it were not read")
                return
            window.fill()
        yield number, window.buf[window.pos:end], value
        window.pos = end
        if not top_level_array:
            break
        separator = window.peek()
        if separator == ",":
            window.pos += 1
        elif separator != "]":
            problem = "the file ends after this record (truncated?)" if not separator else \
                f"expected ',' or ']' after record {number}, found {separator!r}"
            yield number + 1, window.buf[window.pos:window.pos + 2000], Rejected(
                "(record)", f"{problem}; records after it were not read")
            return
    if window.peek():
        yield number + 1, window.buf[window.pos:window.pos + 2000], Rejected(
            "(file)", "unexpected text after the end of the JSON array")


def record_cells(value: object) -> dict[str, str]:
    """An object's keys normalised and its values as text.

    Raises RowError for what cannot be a row: not an object, a nested value, a NUL
    character (no database column takes one).
    """
    if not isinstance(value, dict):
        raise RowError("(record)", f"not a JSON object but {type(value).__name__}")
    cells = {}
    for key, item in value.items():
        if isinstance(item, (dict, list)):
            raise RowError(str(key), "holds a nested object or list where text or a number was expected")
        if item is None:
            text = ""
        elif isinstance(item, bool):
            text = "true" if item else "false"
        elif isinstance(item, float) and item.is_integer():
            text = str(int(item))
        else:
            text = str(item)
        if "\x00" in text:
            raise RowError(str(key), HOLDS_NUL)
        cells[normalise_header(str(key))] = text
    return cells


RowMaker = Callable[[int, dict[str, str], Context], Row]


def json_reading(path: Path, ctx: Context, kind: str, known: tuple[str, ...], make: RowMaker,
                 lines: bool) -> Reading:
    """Records of one kind from a JSON or JSON Lines file, keys renamed by the source's mapping."""
    encoding = detect_encoding(path)
    reading = Reading(encoding, iter(()))
    rename = {normalise_header(header): field for field, header in ctx.columns.items()}

    def rows() -> Iterator[Row]:
        unknown: set[str] = set()
        with path.open("r", encoding=encoding, newline="") as fh:
            for number, raw, value in (json_lines(fh) if lines else json_array(fh)):
                if isinstance(value, Rejected):
                    yield Row(number, kind, rejected=value, raw=raw)
                    continue
                try:
                    cells = record_cells(value)
                except RowError as exc:
                    yield Row(number, kind, rejected=exc.rejected, raw=raw)
                    continue
                data = {}
                for key, text in cells.items():
                    field = rename.get(key) or (key if key in known else None)
                    if field is None:
                        unknown.add(key)
                    else:
                        data[field] = text
                row = make(number, data, ctx)
                if row.rejected is not None:
                    row.raw = raw
                    row.confidential = row_confidential(data, ctx.defaults)
                yield row
        if unknown:
            reading.notes.append(f"ignored key(s) not used by this format: {', '.join(sorted(unknown))}")

    reading.rows = rows()
    return reading
