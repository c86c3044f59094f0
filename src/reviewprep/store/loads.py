"""A file's way into the database: one record per file, counted, deduplicated, locked.

`load_file` owns the bookkeeping every input file shares: the same bytes loaded before
are counted as duplicates and nothing is added; an earlier failed attempt is forgotten
and retried; a file that cannot be read is recorded with the reason, so it shows in the
quarantine list. What the file holds is stored by the `fill` step it is given (rows
through `store.rows.RowWriter`, or a regulations.gov companion's tally). Every row read
ends up accepted, duplicate or quarantined: `read` is their sum. Loads of the same bytes
take turns under a lock (see `file_lock`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Protocol

from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from reviewprep.store.db import exclusive
from reviewprep.store.models import QuarantinedRow, SourceFile, utcnow
from reviewprep.store.tuning import collector_spared

SHOWN = 10  # problems listed per file in the command's output (all are in the quarantine)
COUNTS = ("read", "accepted", "duplicates", "quarantined")

# (row number, column, reason, raw, confidential or unknown[, the submission it conflicts with])
Problem = tuple[int, str, str, str, bool | None] | tuple[int, str, str, str, bool | None, int | None]


class Unreadable(Exception):
    """The file cannot be read at all; the message says why (it is recorded with the file)."""


class Raw(Protocol):
    """The kept copy of an input file (gather.rawfile.RawFile)."""

    sha256: str
    size: int
    stored: Path


@dataclass
class FileCounts:
    file: str
    format: str
    source: str = ""
    encoding: str = ""
    sha256: str = ""
    read: int = 0
    accepted: int = 0
    duplicates: int = 0
    quarantined: int = 0
    untagged: int = 0  # accepted comments no term matched (stored and counted, not dropped)
    not_applicable: int = 0  # accepted ratings of a recommendation not applicable to the chapter
    already_loaded: bool = False
    error: str = ""  # why the file could not be read at all
    notes: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # the first quarantine reasons
    duplicate_of: list[str] = field(default_factory=list)  # the first duplicates, each naming what it repeats

    def as_dict(self) -> dict:
        return asdict(self)

    @property
    def was_read(self) -> bool:
        return not self.error


def counts_summary(files: list[FileCounts]) -> dict:
    """Totals and per-file counts, in the shape `reviewprep ingest --json` prints."""
    total = {k: sum(getattr(f, k) for f in files) for k in (*COUNTS, "untagged", "not_applicable")}
    return {**total, "files": [f.as_dict() for f in files]}


Fill = Callable[[Session, SourceFile, FileCounts], None]


def load_file(session: Session, path: Path, raw: Raw, counts: FileCounts, fill: Fill,
              refusal: Callable[[], str] = lambda: "") -> FileCounts:
    """Record the file `raw` keeps and let `fill` store its content; commit; return its counts.

    `refusal()` names a reason not to read the file at all (binary content...), asked
    only when the file is new. `fill` may raise `Unreadable`; bad rows never raise.
    """
    counts.sha256 = raw.sha256
    with file_lock(session, raw.sha256), collector_spared():
        counts = _load(session, path, raw, counts, fill, refusal)
        session.commit()
    return counts


def _load(session: Session, path: Path, raw: Raw, counts: FileCounts, fill: Fill,
          refusal: Callable[[], str]) -> FileCounts:
    known = session.scalar(select(SourceFile).where(SourceFile.sha256 == raw.sha256))
    if known is not None and not known.error:
        return already_loaded(counts, known)
    if known is not None:  # it failed before; try again (config may have been fixed)
        forget(session, known)
    if problem := refusal():
        return unreadable(session, raw, counts, problem)
    source_file = new_source_file(session, raw, path.name, counts.source, counts.format, counts.encoding)
    try:
        fill(session, source_file, counts)
    except Unreadable as exc:  # the fill's savepoint took back any rows; the file's record stays
        return unreadable(session, raw, counts, str(exc), source_file)
    source_file.rows_read, source_file.accepted = counts.read, counts.accepted
    source_file.duplicates, source_file.quarantined = counts.duplicates, counts.quarantined
    session.flush()
    return counts


@contextmanager
def file_lock(session: Session, sha256: str) -> Iterator[None]:
    """Loads of the same bytes take turns, so two runs loading one file at once store it once.

    The session's transaction is ended first, so the check that follows sees what the
    other run committed. (SQLite has one writer anyway: one lock for all files.)
    """
    session.commit()
    url = session.get_bind().url
    name = "ingest" if url.get_backend_name() == "sqlite" else f"ingest-{sha256}"
    with exclusive(url.render_as_string(hide_password=False), name):
        yield


def forget(session: Session, failed: SourceFile) -> None:
    """Drop the record of an earlier failed attempt at a file (its raw copy stays)."""
    session.execute(delete(QuarantinedRow).where(QuarantinedRow.source_file_id == failed.id))
    session.delete(failed)
    session.flush()


def already_loaded(counts: FileCounts, known: SourceFile) -> FileCounts:
    """The same bytes were loaded before: nothing is added or set aside again.

    Every row counts as a duplicate, so a run's counts say what that run did; the note
    says how many of the file's rows the first load quarantined.
    """
    counts.already_loaded = True
    counts.encoding = known.encoding
    counts.read = counts.duplicates = known.rows_read
    held = f"; {known.quarantined} of its rows are in the quarantine" if known.quarantined else ""
    counts.notes.append(f"already loaded on {known.loaded_at:%Y-%m-%d %H:%M} (same SHA-256): nothing added{held}")
    return counts


def new_source_file(session: Session, raw: Raw, name: str, source: str, fmt: str,
                    encoding: str = "", error: str = "") -> SourceFile:
    source_file = SourceFile(sha256=raw.sha256, name=name, source=source, format=fmt, size_bytes=raw.size,
                             stored_path=str(raw.stored), encoding=encoding, error=error)
    session.add(source_file)
    session.flush()
    return source_file


def unreadable(session: Session, raw: Raw, counts: FileCounts, problem: str,
               source_file: SourceFile | None = None) -> FileCounts:
    """Record a file that could not be read at all, so it shows in the quarantine list."""
    fresh = FileCounts(file=counts.file, format=counts.format, source=counts.source,
                       encoding=counts.encoding, sha256=counts.sha256, error=problem)
    if source_file is None:
        source_file = new_source_file(session, raw, Path(counts.file).name, counts.source, counts.format)
    source_file.encoding, source_file.error = counts.encoding, problem
    quarantine(session, source_file.id, [(0, "(file)", problem, "", None)])
    session.flush()
    return fresh


def set_aside(session: Session, file_id: int, counts: FileCounts, problems: list[Problem]) -> None:
    """Quarantine `problems` for the file, count them and list the first few."""
    quarantine(session, file_id, problems)
    counts.quarantined += len(problems)
    room = max(SHOWN - len(counts.problems), 0)
    counts.problems += [f"row {n}, column {c}: {r}" for n, c, r, *_ in problems[:room]]


def quarantine(session: Session, file_id: int, rows: list[Problem]) -> None:
    """(row number, column, reason, raw, confidential[, conflicts with]) records set aside for `file_id`."""
    if rows:
        now = utcnow()
        session.connection().execute(insert(QuarantinedRow.__table__), [
            {"source_file_id": file_id, "row_number": row[0], "column": row[1][:200], "reason": row[2],
             "raw": row[3][:10000].replace("\x00", "\ufffd"),  # no NUL in a text column
             "confidential": row[4], "created_at": now, "conflicts_with": row[5] if len(row) > 5 else None}
            for row in rows
        ])
