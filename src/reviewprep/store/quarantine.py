"""What was set aside and why, read back for listing and export; rows a retry resolved.

A quarantine entry stays after a retry accepts its row (`resolved_at`, `resolution`):
listings, exports and counts show what is still set aside unless asked for resolved
entries too.
"""

from __future__ import annotations

from collections.abc import Iterator

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from reviewprep.store.models import QuarantinedRow, SourceFile, utcnow


def quarantined(session: Session, file: str | None = None, limit: int | None = None,
                include_resolved: bool = False) -> Iterator[dict]:
    """Quarantine records, oldest file first; `file` matches a file name or a SHA-256 prefix."""
    query = (select(QuarantinedRow, SourceFile).join(SourceFile, QuarantinedRow.source_file_id == SourceFile.id)
             .order_by(SourceFile.id, QuarantinedRow.row_number, QuarantinedRow.id))
    if file:
        query = query.where(matching(file))
    if not include_resolved:
        query = query.where(QuarantinedRow.resolved_at.is_(None))
    if limit is not None:
        query = query.limit(limit)
    for row, source_file in session.execute(query).yield_per(1000):
        yield {
            "file": source_file.name, "source": source_file.source, "format": source_file.format,
            "sha256": source_file.sha256, "row": row.row_number, "column": row.column,
            "reason": row.reason, "raw": row.raw, "quarantined_at": row.created_at.isoformat(timespec="seconds"),
            "confidential": {True: "yes", False: "no", None: "unknown"}[row.confidential],
            "conflicts_with": row.conflicts_with,
            "resolved_at": row.resolved_at.isoformat(timespec="seconds") if row.resolved_at else "",
            "resolution": row.resolution,
        }


def matching(file: str):
    """A file given by name or SHA-256 prefix."""
    return or_(SourceFile.name == file, SourceFile.sha256.startswith(file.lower()))


def held_files(session: Session, file: str | None = None) -> list[SourceFile]:
    """Files with rows still held (or that could not be read at all), oldest first."""
    held = select(QuarantinedRow.source_file_id).where(QuarantinedRow.resolved_at.is_(None))
    query = select(SourceFile).where(SourceFile.id.in_(held)).order_by(SourceFile.id)
    if file:
        query = query.where(matching(file))
    return list(session.scalars(query))


def held_rows(session: Session, file_id: int) -> dict[int, QuarantinedRow]:
    """The file's unresolved entries by row number."""
    return {q.row_number: q for q in session.scalars(
        select(QuarantinedRow).where(QuarantinedRow.source_file_id == file_id, QuarantinedRow.resolved_at.is_(None)))}


def still_held(entries: dict[int, QuarantinedRow], problems: list) -> None:
    """A retried row that fails again keeps its entry, with the reason it fails for now."""
    for number, column, reason, raw, confidential, *conflict in problems:
        entry = entries[number]
        entry.column, entry.reason, entry.raw = column[:200], reason, raw[:10000].replace("\x00", "\ufffd") or entry.raw
        entry.confidential = confidential if confidential is not None else entry.confidential
        entry.conflicts_with = conflict[0] if conflict else None


def resolve(session: Session, source_file: SourceFile, entries: dict[int, QuarantinedRow], accepted: set[int],
            duplicates: list[int], how: str) -> None:
    """Rows a retry stored (or found already stored) leave the quarantine; the file's counts follow,
    so read = accepted + duplicates + quarantined still holds and `resolved` says how many moved."""
    now = utcnow()
    for number in accepted:
        entries[number].resolved_at, entries[number].resolution = now, f"accepted on retry ({how})"
    for number in duplicates:
        entries[number].resolved_at, entries[number].resolution = now, f"a duplicate on retry ({how})"
    moved = len(accepted) + len(duplicates)
    source_file.quarantined -= moved
    source_file.resolved += moved
    source_file.accepted += len(accepted)
    source_file.duplicates += len(duplicates)
    session.flush()
