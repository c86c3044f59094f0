"""Store what a loader read: raw file kept, duplicates skipped, every row accounted for.

Inserts go in batches with ON CONFLICT DO NOTHING on the content fingerprint, so the
same record loaded twice, from one file or two, or by two runs at once, is stored once.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass
from itertools import islice
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from reviewprep.gather.rawfile import keep_raw, looks_binary
from reviewprep.gather.records import Defaults, Row
from reviewprep.gather.textfile import Unreadable
from reviewprep.store.models import (
    Assessment,
    CommentTag,
    EvidenceEvent,
    QuarantinedRow,
    SourceFile,
    Submission,
)

BATCH = 5000


@dataclass
class FileCounts:
    file: str
    format: str
    encoding: str = ""
    sha256: str = ""
    read: int = 0
    accepted: int = 0
    duplicates: int = 0
    quarantined: int = 0
    already_loaded: bool = False
    error: str = ""

    def as_dict(self) -> dict:
        return asdict(self)


Loader = Callable[[Path, Defaults, dt.date], tuple[str, Iterator[Row]]]


def ingest_file(
    session: Session,
    path: Path,
    fmt: str,
    loader: Loader,
    raw_store: Path,
    defaults: Defaults = Defaults(),
    source: str = "",
    today: dt.date | None = None,
    binary_format: bool = False,
) -> FileCounts:
    """Load one file through `loader`; return its counts (never raises on bad rows)."""
    counts = FileCounts(file=str(path), format=fmt)
    if not path.is_file():
        counts.error = "file not found"
        return counts
    if not binary_format and looks_binary(path):
        counts.error = "binary content, not a text file"
        return counts
    raw = keep_raw(path, raw_store)
    counts.sha256 = raw.sha256
    known = session.scalar(select(SourceFile).where(SourceFile.sha256 == raw.sha256))
    if known is not None:
        counts.already_loaded = True
        counts.encoding, counts.error = known.encoding, known.error
        counts.read = known.rows_read
        counts.duplicates = known.rows_read - known.quarantined
        counts.quarantined = known.quarantined
        return counts
    source_file = SourceFile(sha256=raw.sha256, name=path.name, source=source, format=fmt,
                             size_bytes=raw.size, stored_path=str(raw.stored))
    try:
        with session.begin_nested():
            session.add(source_file)
            encoding, rows = loader(path, defaults, today or dt.date.today())
            source_file.encoding = counts.encoding = encoding
            session.flush()
            for batch in _batches(rows):
                _store_batch(session, source_file.id, batch, counts)
    except Unreadable as exc:
        return _unreadable(session, source_file, counts, str(exc))
    source_file.rows_read = counts.read
    source_file.accepted = counts.accepted
    source_file.duplicates = counts.duplicates
    source_file.quarantined = counts.quarantined
    session.flush()
    return counts


def _unreadable(session: Session, source_file: SourceFile, counts: FileCounts, problem: str) -> FileCounts:
    """Record a file that could not be read at all, so it shows in the quarantine list."""
    fresh = FileCounts(file=counts.file, format=counts.format, encoding=counts.encoding,
                       sha256=counts.sha256, error=problem)
    source_file = SourceFile(**{c: getattr(source_file, c) for c in
                                ("sha256", "name", "source", "format", "size_bytes", "stored_path")},
                             encoding=counts.encoding, error=problem)
    session.add(source_file)
    session.flush()
    session.add(QuarantinedRow(source_file_id=source_file.id, row_number=0, column="(file)", reason=problem))
    session.flush()
    return fresh


def _batches(rows: Iterable[Row]) -> Iterator[list[Row]]:
    iterator = iter(rows)
    while batch := list(islice(iterator, BATCH)):
        yield batch


def _insert_ignore(session: Session, model, key: str):
    dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    return dialect.insert(model).on_conflict_do_nothing(index_elements=[key])


def _store_batch(session: Session, file_id: int, batch: list[Row], counts: FileCounts) -> None:
    counts.read += len(batch)
    bad = [r for r in batch if r.rejected is not None]
    if bad:
        session.execute(
            _insert_ignore(session, QuarantinedRow, "id").values([
                {"source_file_id": file_id, "row_number": r.number, "column": r.rejected.column,
                 "reason": r.rejected.reason, "raw": r.raw[:10000],
                 "created_at": dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)}
                for r in bad
            ])
        )
        counts.quarantined += len(bad)
    good = [r for r in batch if r.rejected is None]
    unique: dict[str, Row] = {}
    for row in good:
        unique.setdefault(row.values["fingerprint"], row)
    counts.duplicates += len(good) - len(unique)
    submissions = [r for r in unique.values() if r.kind in ("assessment", "comment")]
    events = [r for r in unique.values() if r.kind == "evidence"]
    inserted = _store_submissions(session, file_id, submissions) + _store_events(session, file_id, events)
    counts.accepted += inserted
    counts.duplicates += len(unique) - inserted


def _store_submissions(session: Session, file_id: int, rows: list[Row]) -> int:
    if not rows:
        return 0
    base_columns = {c.key for c in Submission.__table__.columns} - {"id"}
    stmt = _insert_ignore(session, Submission, "fingerprint").returning(
        Submission.id, Submission.fingerprint
    )
    values = [
        {**{k: v for k, v in r.values.items() if k in base_columns},
         "kind": r.kind, "source_file_id": file_id, "source_row": r.number}
        for r in rows
    ]
    ids = {fp: sid for sid, fp in session.execute(stmt, values)} if values else {}
    if not ids:
        return 0
    by_fp = {r.values["fingerprint"]: r for r in rows}
    assessments = [
        {"submission_id": sid, "chapter": by_fp[fp].values["chapter"],
         "recommendation": by_fp[fp].values["recommendation"], "rating": by_fp[fp].values["rating"]}
        for fp, sid in ids.items() if by_fp[fp].kind == "assessment"
    ]
    if assessments:
        session.execute(Assessment.__table__.insert(), assessments)
    tags = [
        {"submission_id": sid, "code": code, "matched_terms": terms}
        for fp, sid in ids.items() if by_fp[fp].kind == "comment"
        for code, terms in by_fp[fp].values.get("tags", {}).items()
    ]
    if tags:
        session.execute(CommentTag.__table__.insert(), tags)
    return len(ids)


def _store_events(session: Session, file_id: int, rows: list[Row]) -> int:
    if not rows:
        return 0
    stmt = _insert_ignore(session, EvidenceEvent, "fingerprint").returning(EvidenceEvent.id)
    values = [{**r.values, "source_file_id": file_id, "source_row": r.number} for r in rows]
    return len(session.execute(stmt, values).all())


def counts_summary(files: list[FileCounts]) -> dict:
    """Totals and per-file counts, in the shape `reviewprep ingest --json` prints."""
    total = {k: sum(getattr(f, k) for f in files) for k in ("read", "accepted", "duplicates", "quarantined")}
    return {**total, "files": [f.as_dict() for f in files]}


def dumps(data: dict) -> str:
    return json.dumps(data, ensure_ascii=False, sort_keys=True, default=str)
