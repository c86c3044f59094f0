"""What was set aside and why: listing and a spreadsheet-safe CSV export."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from reviewprep.files import neutralise, write_atomic
from reviewprep.store.models import QuarantinedRow, SourceFile

EXPORT_COLUMNS = ("file", "source", "format", "sha256", "row", "column", "reason", "raw", "quarantined_at")


def quarantined(session: Session, file: str | None = None, limit: int | None = None) -> Iterator[dict]:
    """Quarantine records, oldest file first; `file` matches a file name or a SHA-256 prefix."""
    query = (select(QuarantinedRow, SourceFile).join(SourceFile, QuarantinedRow.source_file_id == SourceFile.id)
             .order_by(SourceFile.id, QuarantinedRow.row_number, QuarantinedRow.id))
    if file:
        query = query.where(or_(SourceFile.name == file, SourceFile.sha256.startswith(file.lower())))
    if limit is not None:
        query = query.limit(limit)
    for row, source_file in session.execute(query).yield_per(1000):
        yield {
            "file": source_file.name, "source": source_file.source, "format": source_file.format,
            "sha256": source_file.sha256, "row": row.row_number, "column": row.column,
            "reason": row.reason, "raw": row.raw, "quarantined_at": row.created_at.isoformat(timespec="seconds"),
        }


def export_csv(session: Session, out: Path, file: str | None = None) -> int:
    """Write the quarantine as CSV (cells a spreadsheet would run as formulas neutralised)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(EXPORT_COLUMNS)
    count = 0
    for record in quarantined(session, file):
        writer.writerow([neutralise(record[c]) for c in EXPORT_COLUMNS])
        count += 1
    write_atomic(out, "\ufeff" + buffer.getvalue())
    return count
