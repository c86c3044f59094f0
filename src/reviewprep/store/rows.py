"""Write a loader's rows in batches: one driver-level executemany per table and batch.

Rows go to the database in batches of BATCH, each table's rows in one executemany of
INSERT .. ON CONFLICT DO NOTHING on the content fingerprint, so the same record loaded
twice, from one file or two, or by two runs at once, is stored once. Which rows a batch
really added is known from the ids: on SQLite, when every row went in, they are the next
ids in order; otherwise (and always on PostgreSQL) they are read back by id and file.

A row (gather.records.Row) carries its number, kind, records, and either `rejected`
(column and reason: it is quarantined) or an optional `warning` (stored, noted).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from itertools import islice
from operator import itemgetter
from typing import Any

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from reviewprep.store.loads import FileCounts, set_aside
from reviewprep.store.models import CommentTag, EvidenceEvent, SourceFile, Submission
from reviewprep.store.tuning import large_page_cache

BATCH = 5000
NOT_APPLICABLE = "recommendation not applicable to its chapter in config/framework.yaml (stored, not scored)"


def write_rows(session: Session, source_file: SourceFile, counts: FileCounts, read: Any) -> None:
    """Store what `read()` gives (an object with `encoding`, `rows` and `notes`), in one savepoint.

    `read` may raise `store.loads.Unreadable`; the savepoint then takes back every row.
    """
    with session.begin_nested(), large_page_cache(session):
        reading = read()
        counts.encoding = source_file.encoding = reading.encoding
        writer = RowWriter(session, source_file.id, counts)
        for batch in _batches(reading.rows):
            writer.batch(batch)
        counts.notes += reading.notes + writer.warning_notes()
    if counts.read == 0:
        counts.notes.append("no data rows (header only?)")


def _batches(rows: Iterable) -> Iterator[list]:
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


def _by_fingerprint(pair: tuple[Any, dict]) -> str:
    return pair[1]["fingerprint"]


_SUBMISSION_FIELDS = ("fingerprint", "external_id", "stakeholder_name", "organization", "stakeholder_type",
                      "country", "party", "parties_named", "language", "language_source", "confidential", "text")
_submission_values = itemgetter(*_SUBMISSION_FIELDS)
_EVENT_FIELDS = ("fingerprint", "external_id", "party", "obligation", "status", "period", "description", "source_url",
                 "confidential")
_event_values = itemgetter(*_EVENT_FIELDS)


class RowWriter:
    """Writes one file's batches and keeps its counts."""

    def __init__(self, session: Session, file_id: int, counts: FileCounts):
        self.session, self.file_id, self.counts = session, file_id, counts
        self.last_submission = session.scalar(select(func.coalesce(func.max(Submission.id), 0)))
        self.last_event = session.scalar(select(func.coalesce(func.max(EvidenceEvent.id), 0)))
        self.insert_submissions = _DriverInsert(
            session, "submissions",
            (*_SUBMISSION_FIELDS, "submitted_on", "kind", "evidence_url", "duplicate_count", "source_file_id",
             "source_row"),
            unique="fingerprint")
        self.insert_assessments = _DriverInsert(
            session, "assessments", ("submission_id", "chapter", "recommendation", "rating"))
        self.insert_events = _DriverInsert(
            session, "evidence_events", (*_EVENT_FIELDS, "event_date", "source_file_id", "source_row"),
            unique="fingerprint")
        self.warned: dict[str, list] = {}

    def batch(self, rows: list) -> None:
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
            set_aside(self.session, self.file_id, counts,
                      [(r.number, r.rejected.column, r.rejected.reason, r.raw, r.confidential) for r in bad])
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

    def _submissions(self, pairs: list[tuple[Any, dict]]) -> set[int]:
        """Insert new submissions and their ratings or tags; the row numbers that added one."""
        if not pairs:
            return set()
        pairs.sort(key=_by_fingerprint)  # neighbouring keys: the unique index is updated page by page
        file_id, as_date = self.file_id, self.insert_submissions.as_date
        inserted = self.insert_submissions([
            (*_submission_values(record), as_date(record["submitted_on"]), row.kind,
             record.get("evidence_url", ""), record.get("duplicate_count", 0), file_id, row.number)
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

    def _events(self, pairs: list[tuple[Any, dict]]) -> set[int]:
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


def stored_comment_ids(session: Session, external_ids: list[str]) -> set[str]:
    """Which of `external_ids` a stored comment already carries."""
    return set(session.scalars(select(Submission.external_id).where(
        Submission.kind == "comment", Submission.external_id.in_(external_ids))))
