"""What was set aside and why, read back for listing and export; rows a retry resolved.

A quarantine entry stays after a retry accepts its row (`resolved_at`, `resolution`):
listings, exports and counts show what is still set aside unless asked for resolved
entries too.
"""

from __future__ import annotations

from collections.abc import Iterator

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from reviewprep.store.models import QuarantinedRow, SourceFile


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
