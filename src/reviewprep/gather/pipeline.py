"""Store what a loader read: raw file kept, duplicates skipped, every row accounted for.

Rows go to the database in batches of BATCH, each table's rows in one driver-level
executemany of INSERT .. ON CONFLICT DO NOTHING on the content fingerprint, so the same
record loaded twice, from one file or two, or by two runs at once, is stored once.
Which rows a batch really added is known from the ids: on SQLite, when every row went
in, they are the next ids in order; otherwise (and always on PostgreSQL) they are read
back by id and file. Every row read ends up accepted, duplicate or quarantined: `read`
is their sum. Loads of the same bytes take turns under a lock (see `file_lock`).
"""

from __future__ import annotations

import datetime as dt
import gc
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from itertools import islice
from operator import itemgetter
from pathlib import Path

from sqlalchemy import delete, func, insert, select
from sqlalchemy.orm import Session

from reviewprep.gather.loading import Context, Loader
from reviewprep.gather.rawfile import RawFile, keep_raw, looks_binary
from reviewprep.gather.records import NOT_APPLICABLE, Row
from reviewprep.gather.textfile import Unreadable
from reviewprep.store.db import exclusive
from reviewprep.store.models import (
    CommentTag,
    EvidenceEvent,
    QuarantinedRow,
    SourceFile,
    Submission,
    utcnow,
)

BATCH = 5000
SQLITE_CACHE_KIB = 128 * 1024
SHOWN = 10  # problems listed per file in the command's output (all are in the quarantine)
COUNTS = ("read", "accepted", "duplicates", "quarantined")


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

    def as_dict(self) -> dict:
        return asdict(self)

    @property
    def was_read(self) -> bool:
        return not self.error


def ingest_file(
    session: Session,
    path: Path,
    fmt: str,
    loader: Loader,
    ctx: Context,
    raw_store: Path,
    source: str = "",
    binary_format: bool = False,
) -> FileCounts:
    """Load one file through `loader` and commit; return its counts (bad rows never raise)."""
    counts = FileCounts(file=str(path), format=fmt, source=source)
    if not path.is_file():
        counts.error = "file not found"
        return counts
    raw = keep_raw(path, raw_store)
    counts.sha256 = raw.sha256
    with file_lock(session, raw.sha256), _collector_spared():
        counts = _load(session, path, raw, loader, ctx, counts, binary_format)
        session.commit()
    return counts


_gc_lock = threading.Lock()
_gc_users = 0
_gc_threshold: tuple[int, ...] = ()


@contextmanager
def _collector_spared() -> Iterator[None]:
    """Keep Python's cycle collector off the long-lived heap while a file loads.

    A load makes a few short-lived containers per row and no reference cycles, yet each
    full collection would walk every object the process holds (SQLAlchemy, Prefect...):
    a fifth of the ingest time. gc.freeze() sets the existing heap aside and a larger
    first-generation threshold makes collections rarer; both are undone when the last
    concurrent load ends, so the process is left as it was.
    """
    global _gc_users, _gc_threshold
    with _gc_lock:
        if _gc_users == 0:
            _gc_threshold = gc.get_threshold()
            gc.freeze()
            gc.set_threshold(10_000, *_gc_threshold[1:])
        _gc_users += 1
    try:
        yield
    finally:
        with _gc_lock:
            _gc_users -= 1
            if _gc_users == 0:
                gc.set_threshold(*_gc_threshold)
                gc.unfreeze()


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


def _load(session: Session, path: Path, raw: RawFile, loader: Loader, ctx: Context, counts: FileCounts,
          binary_format: bool) -> FileCounts:
    known = session.scalar(select(SourceFile).where(SourceFile.sha256 == raw.sha256))
    if known is not None and not known.error:
        return already_loaded(counts, known)
    if known is not None:  # it failed before; try again (config may have been fixed)
        forget(session, known)
    if not binary_format and looks_binary(path):
        return unreadable(session, raw, counts, "binary content (NUL bytes): not a text file, "
                                                "whatever its name says")
    source_file = new_source_file(session, raw, path.name, counts.source, counts.format)
    try:
        with session.begin_nested(), _large_page_cache(session):
            reading = loader(path, ctx)
            counts.encoding = source_file.encoding = reading.encoding
            store = _Store(session, source_file.id, counts)
            for batch in _batches(reading.rows):
                store.batch(batch)
            counts.notes += reading.notes + store.warning_notes()
    except Unreadable as exc:  # the savepoint took back any rows; the file's record stays
        return unreadable(session, raw, counts, str(exc), source_file)
    if counts.read == 0:
        counts.notes.append("no data rows (header only?)")
    source_file.rows_read, source_file.accepted = counts.read, counts.accepted
    source_file.duplicates, source_file.quarantined = counts.duplicates, counts.quarantined
    session.flush()
    return counts


@contextmanager
def _large_page_cache(session: Session) -> Iterator[None]:
    """While a file loads, let SQLite keep up to SQLITE_CACHE_KIB of pages.

    The fingerprint index takes a random page per new row; with SQLite's default 2 MiB
    cache a million-row load reads most of them back from the OS again and again. The
    bound is fixed (memory stays flat however large the file) and the connection's own
    setting comes back afterwards, so the pages are let go at commit.
    """
    conn = session.connection()
    if conn.dialect.name != "sqlite":
        yield
        return
    before = conn.exec_driver_sql("PRAGMA cache_size").scalar()
    conn.exec_driver_sql(f"PRAGMA cache_size=-{SQLITE_CACHE_KIB}")
    try:
        yield
    finally:
        conn.exec_driver_sql(f"PRAGMA cache_size={int(before)}")


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


def new_source_file(session: Session, raw: RawFile, name: str, source: str, fmt: str,
                    encoding: str = "", error: str = "") -> SourceFile:
    source_file = SourceFile(sha256=raw.sha256, name=name, source=source, format=fmt, size_bytes=raw.size,
                             stored_path=str(raw.stored), encoding=encoding, error=error)
    session.add(source_file)
    session.flush()
    return source_file


def unreadable(session: Session, raw: RawFile, counts: FileCounts, problem: str,
               source_file: SourceFile | None = None) -> FileCounts:
    """Record a file that could not be read at all, so it shows in the quarantine list."""
    fresh = FileCounts(file=counts.file, format=counts.format, source=counts.source,
                       encoding=counts.encoding, sha256=counts.sha256, error=problem)
    if source_file is None:
        source_file = new_source_file(session, raw, Path(counts.file).name, counts.source, counts.format)
    source_file.encoding, source_file.error = counts.encoding, problem
    quarantine(session, source_file.id, [(0, "(file)", problem, "")])
    session.flush()
    return fresh


def quarantine(session: Session, file_id: int, rows: list[tuple[int, str, str, str]]) -> None:
    """(row number, column, reason, raw) records set aside for `file_id`."""
    if rows:
        now = utcnow()
        session.connection().execute(insert(QuarantinedRow.__table__), [
            {"source_file_id": file_id, "row_number": number, "column": column[:200], "reason": reason,
             "raw": raw[:10000].replace("\x00", "\ufffd"), "created_at": now}  # no NUL in a text column
            for number, column, reason, raw in rows
        ])


def _batches(rows: Iterable[Row]) -> Iterator[list[Row]]:
    iterator = iter(rows)
    while batch := list(islice(iterator, BATCH)):
        yield batch


class _DriverInsert:
    """A plain INSERT run by the driver's own executemany: no per-row SQLAlchemy work.

    Rows are tuples in `columns` order; SQLite gets dates as ISO text (what SQLAlchemy's
    Date type stores there), PostgreSQL gets date objects.
    """

    def __init__(self, session: Session, table: str, columns: tuple[str, ...], unique: str | None = None):
        self.conn, self.table = session.connection(), table
        marker = "?" if self.conn.dialect.paramstyle == "qmark" else "%s"
        self.sql = (f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join([marker] * len(columns))})"
                    + (f" ON CONFLICT ({unique}) DO NOTHING" if unique else ""))
        sqlite = self.conn.dialect.name == "sqlite"
        self.as_date = dt.date.isoformat if sqlite else _same
        # SQLite gives a new row the largest id so far plus one, and this transaction holds
        # the write lock (the source file row is written first), so when every row of a
        # batch went in, their ids are the next ones in order. PostgreSQL's sequence
        # promises no such thing under concurrency: there the ids are read back.
        self.dense_ids = sqlite

    def __call__(self, rows: list[tuple]) -> int:
        """Insert `rows`; how many were new."""
        return self.conn.exec_driver_sql(self.sql, rows).rowcount if rows else 0

    def added(self, columns: str, after_id: int, file_id: int) -> list[tuple]:
        """`columns` of the rows this file added since id `after_id` (ids only grow)."""
        cursor = self.conn.connection.cursor()  # plain tuples: no Result objects for 5,000 rows
        try:
            cursor.execute(f"SELECT {columns} FROM {self.table} "
                           f"WHERE id > {int(after_id)} AND source_file_id = {int(file_id)}")
            return cursor.fetchall()
        finally:
            cursor.close()


def _same(value):
    return value


def _by_fingerprint(pair: tuple[Row, dict]) -> str:
    return pair[1]["fingerprint"]


_SUBMISSION_FIELDS = ("fingerprint", "external_id", "stakeholder_name", "organization", "stakeholder_type",
                      "country", "party", "language", "confidential", "text")
_submission_values = itemgetter(*_SUBMISSION_FIELDS)
_EVENT_FIELDS = ("fingerprint", "external_id", "party", "obligation", "status", "period", "description", "source_url",
                 "confidential")
_event_values = itemgetter(*_EVENT_FIELDS)


class _Store:
    """Writes one file's batches and keeps its counts."""

    def __init__(self, session: Session, file_id: int, counts: FileCounts):
        self.session, self.file_id, self.counts = session, file_id, counts
        self.last_submission = session.scalar(select(func.coalesce(func.max(Submission.id), 0)))
        self.last_event = session.scalar(select(func.coalesce(func.max(EvidenceEvent.id), 0)))
        self.insert_submissions = _DriverInsert(
            session, "submissions",
            (*_SUBMISSION_FIELDS, "submitted_on", "kind", "evidence_url", "source_file_id", "source_row"),
            unique="fingerprint")
        self.insert_assessments = _DriverInsert(
            session, "assessments", ("submission_id", "chapter", "recommendation", "rating"))
        self.insert_events = _DriverInsert(
            session, "evidence_events", (*_EVENT_FIELDS, "event_date", "source_file_id", "source_row"),
            unique="fingerprint")
        self.warned: dict[str, list] = {}

    def batch(self, rows: list[Row]) -> None:
        counts = self.counts
        counts.read += len(rows)
        seen: set[str] = set()
        good, bad, submissions, events = [], [], [], []
        for row in rows:
            if row.rejected is not None:
                bad.append(row)
                continue
            good.append(row)
            for record in row.records:
                fp = record["fingerprint"]
                if fp not in seen:
                    seen.add(fp)
                    (events if row.kind == "evidence" else submissions).append((row, record))
        if bad:
            self._quarantine(bad)
        added = self._submissions(submissions) | self._events(events)
        for row in good:
            if row.number not in added:
                counts.duplicates += 1
                continue
            counts.accepted += 1
            if row.kind == "comment" and not row.records[0]["tags"]:
                counts.untagged += 1
            if row.warning:
                seen_rows = self.warned.setdefault(row.warning, [0, []])
                seen_rows[0] += 1
                if len(seen_rows[1]) < 5:
                    seen_rows[1].append(row.number)
        counts.not_applicable = self.warned.get(NOT_APPLICABLE, [0])[0]

    def _quarantine(self, bad: list[Row]) -> None:
        counts = self.counts
        quarantine(self.session, self.file_id, [(r.number, r.rejected.column, r.rejected.reason, r.raw) for r in bad])
        counts.quarantined += len(bad)
        room = max(SHOWN - len(counts.problems), 0)
        counts.problems += [f"row {r.number}, column {r.rejected.column}: {r.rejected.reason}" for r in bad[:room]]

    def _submissions(self, pairs: list[tuple[Row, dict]]) -> set[int]:
        """Insert new submissions and their ratings or tags; the row numbers that added one."""
        if not pairs:
            return set()
        pairs.sort(key=_by_fingerprint)  # neighbouring keys: the unique index is updated page by page
        file_id, as_date = self.file_id, self.insert_submissions.as_date
        inserted = self.insert_submissions([
            (*_submission_values(record), as_date(record["submitted_on"]), row.kind,
             record.get("evidence_url", ""), file_id, row.number)
            for row, record in pairs
        ])
        if inserted == len(pairs) and self.insert_submissions.dense_ids:
            first = self.last_submission + 1
            new = [(first + k, record["fingerprint"], row.number) for k, (row, record) in enumerate(pairs)]
        else:
            new = self.insert_submissions.added("id, fingerprint, source_row", self.last_submission, file_id)
        if not new:
            return set()
        self.last_submission = max(i for i, _, _ in new)
        ids = {fp: i for i, fp, _ in new}
        ratings, tags = [], []
        for row, record in pairs:
            sid = ids.get(record["fingerprint"])
            if sid is None:
                continue
            if row.kind == "assessment":
                ratings.append((sid, record["chapter"], record["recommendation"], record["rating"]))
            else:
                tags += [{"submission_id": sid, "code": code, "matched_terms": terms}
                         for code, terms in record["tags"].items()]
        self.insert_assessments(ratings)
        if tags:
            self.session.connection().execute(insert(CommentTag.__table__), tags)
        return {number for _, _, number in new}

    def _events(self, pairs: list[tuple[Row, dict]]) -> set[int]:
        if not pairs:
            return set()
        file_id, as_date = self.file_id, self.insert_events.as_date
        self.insert_events([
            (*_event_values(record), as_date(record["event_date"]), file_id, row.number)
            for row, record in pairs
        ])
        new = self.insert_events.added("id, source_row", self.last_event, file_id)
        if new:
            self.last_event = max(i for i, _ in new)
        return {number for _, number in new}

    def warning_notes(self) -> list[str]:
        notes = []
        for warning, (count, first) in self.warned.items():
            more = f" and {count - len(first)} more" if count > len(first) else ""
            notes.append(f"{count} row(s): {warning}; rows {', '.join(map(str, first))}{more}")
        return notes


def counts_summary(files: list[FileCounts]) -> dict:
    """Totals and per-file counts, in the shape `reviewprep ingest --json` prints."""
    total = {k: sum(getattr(f, k) for f in files) for k in (*COUNTS, "untagged", "not_applicable")}
    return {**total, "files": [f.as_dict() for f in files]}

