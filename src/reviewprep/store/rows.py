"""Write a loader's rows in batches: one driver-level executemany per table and batch.

Rows go to the database in batches of BATCH, each table's rows in one executemany of
INSERT .. ON CONFLICT DO NOTHING on the content fingerprint, so the same record loaded
twice, from one file or two, or by two runs at once, is stored once. Which rows a batch
really added is known from the ids: on SQLite, when every row went in, they are the next
ids in order; otherwise (and always on PostgreSQL) they are read back by id and file.

Identity (see `gather.records.identity`): a record's fingerprint is its content, with its
id when it has one, so an id alone never makes two records one. A record whose id (with
its kind and title: a survey question) is held in the same source by a current submission
with a different fingerprint is a *conflict*: the row is quarantined naming both versions
(`quarantine.conflicts_with`) until someone resolves it (withdraw or correct one version,
then `reviewprep quarantine retry`). Files loaded without a source form one scope.

A row (gather.records.Row) carries its number, kind, records, and either `rejected`
(column and reason: it is quarantined) or an optional `warning` (stored, noted).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterable, Iterator
from itertools import islice, repeat
from operator import attrgetter, itemgetter
from typing import Any

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from reviewprep.codes import CURRENT
from reviewprep.store.loads import SHOWN, FileCounts, Problem, set_aside
from reviewprep.store.models import Assessment, CommentTag, EvidenceEvent, SourceFile, Submission
from reviewprep.store.tuning import READ_SIDE_INDEXES, indexes_built_after, large_page_cache

BATCH = 5000
NOT_APPLICABLE = "recommendation not applicable to its chapter in config/framework.yaml (stored, not scored)"


def write_rows(session: Session, source_file: SourceFile, counts: FileCounts, read: Any) -> None:
    """Store what `read()` gives (an object with `encoding`, `rows` and `notes`), in one savepoint.

    `read` may raise `store.loads.Unreadable`; the savepoint then takes back every row.
    """
    with (session.begin_nested(), indexes_built_after(session, "submissions", READ_SIDE_INDEXES),
          large_page_cache(session)):
        reading = read()
        counts.encoding = source_file.encoding = reading.encoding
        writer = RowWriter(session, source_file.id, counts, source_file.source)
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
    Date type stores there), PostgreSQL gets date objects. `fixed` columns ({name: SQL
    literal}) take the same value on every row, written once in the statement instead of
    bound per row (binding is most of an insert's cost in the driver).
    """

    def __init__(self, session: Session, table: str, columns: tuple[str, ...], unique: str | None = None,
                 fixed: dict[str, str] | None = None):
        self.conn, self.table = session.connection(), table
        marker = "?" if self.conn.dialect.paramstyle == "qmark" else "%s"
        fixed = fixed or {}
        self.sql = (f"INSERT INTO {table} ({', '.join((*columns, *fixed))}) "
                    f"VALUES ({', '.join([marker] * len(columns) + list(fixed.values()))})"
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


_record, _fingerprint, _external_id = itemgetter(1), itemgetter("fingerprint"), itemgetter("external_id")


def _by_fingerprint(pair: tuple[Any, dict]) -> str:
    return pair[1]["fingerprint"]


_SUBMISSION_FIELDS = ("fingerprint", "external_id", "stakeholder_name", "organization", "stakeholder_type",
                      "country", "party", "parties_named", "language", "language_source", "confidential", "text")
_SUBMISSION_GETTERS = tuple(map(itemgetter, _SUBMISSION_FIELDS))
_submitted_on, _chapter, _recommendation, _rating = map(
    itemgetter, ("submitted_on", "chapter", "recommendation", "rating"))
_kind, _number = attrgetter("kind"), attrgetter("number")
# Optional fields (written submissions, survey questions): a loader sets them or leaves the default,
# as the SQL literal when no record of a batch sets it. `inferred` is stored as JSON.
_OPTIONAL_FIELDS = (("evidence_url", "", "''"), ("duplicate_count", 0, "0"), ("source_member", "", "''"),
                    ("title", "", "''"), ("extraction", "", "''"), ("ocr_confidence", None, "NULL"),
                    ("inferred", None, "NULL"))
_EVENT_FIELDS = ("fingerprint", "external_id", "party", "obligation", "status", "period", "description", "source_url",
                 "confidential")
_event_values = itemgetter(*_EVENT_FIELDS)


class RowWriter:
    """Writes one file's batches and keeps its counts.

    `set_aside(problems)` quarantines rows (default: new quarantine entries, counted);
    a retry passes its own, which updates the entries it re-read. `batch` returns the
    numbers of the rows it stored and of those found duplicates.
    """

    def __init__(self, session: Session, file_id: int, counts: FileCounts, source: str = "",
                 set_aside_rows: Callable[[list[Problem]], None] | None = None):
        self.session, self.file_id, self.counts, self.source = session, file_id, counts, source
        self.set_aside = set_aside_rows or (lambda problems: set_aside(session, file_id, counts, problems))
        self.last_submission = session.scalar(select(func.coalesce(func.max(Submission.id), 0)))
        self.last_event = session.scalar(select(func.coalesce(func.max(EvidenceEvent.id), 0)))
        self.submission_inserts: dict[tuple[str, ...], _DriverInsert] = {}  # by the optional fields set
        self.insert_assessments = _DriverInsert(
            session, "assessments", ("submission_id", "chapter", "recommendation", "rating"))
        self.insert_events = _DriverInsert(
            session, "evidence_events", (*_EVENT_FIELDS, "event_date", "source_file_id", "source_row"),
            unique="fingerprint")
        self.slots: IdSlots | None = None  # made at the first record with an id
        self.warned: dict[str, list] = {}

    def batch(self, rows: list) -> tuple[set[int], list[int]]:
        counts = self.counts
        counts.read += len(rows)
        seen: set[str] = set()
        bad = [row for row in rows if row.rejected is not None]
        good = [row for row in rows if row.rejected is None] if bad else rows
        conflicts = self._conflicts(good)
        same = self._same_content(conflicts)
        if conflicts or same:
            good = [row for row in good if row.number not in conflicts and row.number not in same]
        submissions, events = [], []
        for row in good:
            for record in row.records:
                fp = record["fingerprint"]
                if fp not in seen:
                    seen.add(fp)
                    (events if row.kind == "evidence" else submissions).append((row, record))
        added = self._submissions(submissions) | self._events(events)
        problems = [(r.number, r.rejected.column, r.rejected.reason, r.raw, r.confidential, None) for r in bad]
        problems += self._conflict_problems(conflicts)
        if problems:
            problems.sort(key=itemgetter(0))
            self.set_aside(problems)
        stored = [row for row in good if row.number in added]
        duplicates = [row for row in good if row.number not in added] if len(stored) < len(good) else []
        counts.accepted += len(stored)
        counts.duplicates += len(duplicates)
        counts.untagged += sum(1 for row in stored if row.kind == "comment" and not row.records[0]["tags"])
        for row in [row for row in stored if row.warning]:
            seen_rows = self.warned.setdefault(row.warning, [0, []])
            seen_rows[0] += 1
            if len(seen_rows[1]) < 5:
                seen_rows[1].append(row.number)
        self._name_duplicates(duplicates)
        for number, named in sorted(same.items()):
            counts.duplicates += 1
            if len(counts.duplicate_of) < SHOWN:
                counts.duplicate_of.append(f"row {number}: duplicate of {named}")
        counts.not_applicable = self.warned.get(NOT_APPLICABLE, [0])[0]
        return added, [row.number for row in duplicates] + sorted(same)

    def _conflicts(self, good: list) -> dict[int, tuple]:
        """{row number: (record, holder)} for rows whose id a different version holds in this source:
        holder is a stored submission id, or the fingerprint of an earlier record of this batch."""
        keyed = [(row, record) for row in good if row.kind != "evidence"
                 for record in row.records if record["external_id"]]
        if not keyed:
            return {}
        if self.slots is None:
            self.slots = IdSlots(self.session, self.source)
        records = list(map(_record, keyed))
        ids = list(map(_external_id, records))
        distinct = set(ids)
        stored = self.slots.held(distinct)
        if not stored and len(set(zip(ids, map(_fingerprint, records), strict=True))) == len(distinct):
            return {}  # the usual batch: no id held before, none given two versions here (no Python per row)
        claimed: dict[tuple, tuple[str, int]] = {}
        conflicts: dict[int, tuple] = {}
        for row, record in keyed:
            slot, fp = (row.kind, record["external_id"], record.get("title") or ""), record["fingerprint"]
            holders = stored.get(slot)
            if holders:
                if fp not in holders.values():
                    conflicts.setdefault(row.number, (record, next(iter(holders))))
                continue
            first = claimed.setdefault(slot, (fp, row.number))
            if first[0] != fp and first[1] != row.number:
                conflicts.setdefault(row.number, (record, first[0]))
        return conflicts

    def _same_content(self, conflicts: dict[int, tuple]) -> dict[int, str]:
        """Rows whose stored holder says the same thing under another fingerprint (one stored before
        ids were fingerprinted with their content): duplicates, not conflicts. Taken out of `conflicts`."""
        holders = {h for _, h in conflicts.values() if isinstance(h, int)}
        if not holders:
            return {}
        stored = describe_submissions(self.session, list(holders))
        same = {}
        for number, (record, holder) in list(conflicts.items()):
            other = stored.get(holder) if isinstance(holder, int) else None
            if other and not _differences(other, record):
                same[number] = f"submission {holder} ({other['file']}, row {other['row']})"
                del conflicts[number]
        return same

    def _conflict_problems(self, conflicts: dict[int, tuple]) -> list[Problem]:
        """Quarantine entries naming both versions: the stored submission (file, row) and this row."""
        if not conflicts:
            return []
        by_fingerprint = [h for _, h in conflicts.values() if isinstance(h, str)]
        ids = {fp: sid for sid, fp in self.session.execute(
            select(Submission.id, Submission.fingerprint).where(Submission.fingerprint.in_(by_fingerprint)))}
        holders = {number: h if isinstance(h, int) else ids.get(h) for number, (_, h) in conflicts.items()}
        stored = describe_submissions(self.session, [h for h in holders.values() if h is not None])
        problems = []
        for number, (record, _) in conflicts.items():
            holder = holders[number]
            other = stored.get(holder)
            where = (f"submission {holder} ({other['file']}, row {other['row']})" if other
                     else "another version in this file")
            differs = _differences(other, record) if other else []
            reason = (f"conflict: id {record['external_id']!r} is already {where} with different content"
                      + (f" ({', '.join(differs)})" if differs else "")
                      + f"; this row ({_file_name(self.counts)}, row {number}) is held here until one version "
                        "is withdrawn or corrected, then `reviewprep quarantine retry`")
            problems.append((number, "(id)", reason, _as_raw(record), record.get("confidential"), holder))
        return problems

    def _name_duplicates(self, rows: list) -> None:
        """Name, for the first few duplicates, the stored record each one repeats."""
        room = SHOWN - len(self.counts.duplicate_of)
        if room <= 0 or not rows:
            return
        rows = rows[:room]
        fps = [row.records[0]["fingerprint"] for row in rows if row.records]
        found: dict[str, str] = {}
        for model, what in ((Submission, "submission"), (EvidenceEvent, "evidence event")):
            for sid, fp, name, number in self.session.execute(
                    select(model.id, model.fingerprint, SourceFile.name, model.source_row)
                    .join(SourceFile, SourceFile.id == model.source_file_id).where(model.fingerprint.in_(fps))):
                found[fp] = f"{what} {sid} ({name}, row {number})"
        for row in rows:
            fp = row.records[0]["fingerprint"] if row.records else ""
            self.counts.duplicate_of.append(f"row {row.number}: duplicate of {found.get(fp, 'a stored record')}")

    def _submissions(self, pairs: list[tuple[Any, dict]]) -> set[int]:
        """Insert new submissions and their ratings or tags; the row numbers that added one.

        The parameter tuples are zipped from one C-level map per column (no Python code per row).
        """
        if not pairs:
            return set()
        pairs.sort(key=_by_fingerprint)  # neighbouring keys: the unique index is updated page by page
        rows, records = list(map(itemgetter(0), pairs)), list(map(_record, pairs))
        optional = [(name, default) for name, default, _ in _OPTIONAL_FIELDS
                    if any(map(dict.__contains__, records, repeat(name)))]
        insert_into = self._submission_insert(tuple(name for name, _ in optional))
        inserted = insert_into(list(zip(
            *(map(field, records) for field in _SUBMISSION_GETTERS),
            *(map(_json, map(dict.get, records, repeat(name))) if name == "inferred"
              else map(dict.get, records, repeat(name), repeat(default)) for name, default in optional),
            map(insert_into.as_date, map(_submitted_on, records)), map(_kind, rows), map(_number, rows),
            strict=True)))
        if inserted == len(pairs) and insert_into.dense_ids:
            first = self.last_submission + 1
            self.last_submission += len(pairs)
            if set(map(_kind, rows)) == {"assessment"}:  # the usual batch: ratings zipped by column too
                self.insert_assessments(list(zip(range(first, first + len(pairs)), map(_chapter, records),
                                                 map(_recommendation, records), map(_rating, records), strict=True)))
                return set(map(_number, rows))
            stored = list(zip(range(first, first + len(pairs)), rows, records, strict=True))
        else:
            ids = {fp: i for i, fp in insert_into.added("id, fingerprint", self.last_submission, self.file_id)}
            stored = [(ids[record["fingerprint"]], row, record) for row, record in pairs
                      if record["fingerprint"] in ids]
            if not stored:
                return set()
            self.last_submission = max(sid for sid, _, _ in stored)
        self.insert_assessments([(sid, record["chapter"], record["recommendation"], record["rating"])
                                 for sid, row, record in stored if row.kind == "assessment"])
        tags = [{"submission_id": sid, "code": code, "matched_terms": terms}
                for sid, row, record in stored if row.kind != "assessment"
                for code, terms in record["tags"].items()]
        if tags:
            self.session.connection().execute(insert(CommentTag.__table__), tags)
        return {row.number for _, row, _ in stored}

    def _submission_insert(self, optional: tuple[str, ...]) -> _DriverInsert:
        """The INSERT for a batch whose records set the `optional` fields (the others: their literal)."""
        found = self.submission_inserts.get(optional)
        if found is None:
            found = self.submission_inserts[optional] = _DriverInsert(
                self.session, "submissions", (*_SUBMISSION_FIELDS, *optional, "submitted_on", "kind", "source_row"),
                unique="fingerprint", fixed={"source_file_id": str(int(self.file_id)), **{
                    name: literal for name, _, literal in _OPTIONAL_FIELDS if name not in optional}})
        return found

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


_COMPARED = ("submitted_on", "stakeholder_name", "organization", "stakeholder_type", "country", "party",
             "language", "confidential", "chapter", "recommendation", "rating", "text")


def _differences(stored: dict, record: dict) -> list[str]:
    """The compared fields on which a stored submission and a new record disagree."""
    def differ(a, b) -> bool:
        if isinstance(a, int | float) and isinstance(b, int | float) and not isinstance(a, bool):
            return float(a) != float(b)
        return str("" if a is None else a) != str("" if b is None else b)
    return [f for f in _COMPARED if differ(stored[f], record.get(f))]


def _file_name(counts: FileCounts) -> str:
    return counts.file.replace("\\", "/").rsplit("/", 1)[-1]


def _as_raw(record: dict) -> str:
    """This row's version, as kept with its quarantine entry (the stored version is in the database)."""
    return json.dumps({f: record.get(f) for f in ("external_id", *_COMPARED) if record.get(f) not in (None, "")},
                      ensure_ascii=False, default=str)


def _json(value: Any) -> str | None:
    return None if value is None else json.dumps(value, ensure_ascii=False, default=str)


def describe_submissions(session: Session, ids: list[int]) -> dict[int, dict]:
    """{id: its fields, file name and row} for naming stored versions in a reason."""
    query = (select(Submission, SourceFile.name, Assessment)
             .outerjoin(SourceFile, SourceFile.id == Submission.source_file_id)
             .outerjoin(Assessment, Assessment.submission_id == Submission.id)
             .where(Submission.id.in_(ids)))
    found = {}
    for s, name, a in session.execute(query):
        found[s.id] = {"file": name or "(no file)", "row": s.source_row, "submitted_on": s.submitted_on,
                       "stakeholder_name": s.stakeholder_name, "organization": s.organization,
                       "stakeholder_type": s.stakeholder_type, "country": s.country, "party": s.party,
                       "language": s.language, "confidential": s.confidential, "text": s.text,
                       "chapter": a.chapter if a else None, "recommendation": a.recommendation if a else None,
                       "rating": a.rating if a else None}
    return found


class IdSlots:
    """Which current submissions of a source hold each id, looked up through the index on
    submissions.external_id: rows this load already stored are seen too (same transaction),
    and nothing is copied or kept, so memory stays flat."""

    CHUNK = 1000  # ids per query: well under SQLite's and PostgreSQL's parameter limits

    def __init__(self, session: Session, source: str):
        self.conn, self.source = session.connection(), source
        self.marker = "?" if self.conn.dialect.paramstyle == "qmark" else "%s"

    def held(self, external_ids: set[str]) -> dict[tuple, dict[int, str]]:
        """{(kind, id, title): {submission id: fingerprint}} for these ids."""
        found: dict[tuple, dict[int, str]] = {}
        ids = list(external_ids)
        for start in range(0, len(ids), self.CHUNK):
            chunk = ids[start:start + self.CHUNK]
            rows = self.conn.exec_driver_sql(
                "SELECT s.kind, s.external_id, s.title, s.id, s.fingerprint FROM submissions s "
                f"JOIN source_files f ON f.id = s.source_file_id WHERE s.external_id IN "
                f"({', '.join([self.marker] * len(chunk))}) AND f.source = {self.marker} "
                f"AND s.status = {self.marker}", (*chunk, self.source, CURRENT))
            for kind, external_id, title, sid, fp in rows:
                found.setdefault((kind, external_id, title or ""), {})[sid] = fp
        return found


def stored_comment_ids(session: Session, external_ids: list[str]) -> set[str]:
    """Which of `external_ids` a stored comment already carries."""
    return set(session.scalars(select(Submission.external_id).where(
        Submission.kind == "comment", Submission.external_id.in_(external_ids))))
