"""What was set aside and why: listing and a spreadsheet-safe CSV export."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from reviewprep.files import neutralise, write_atomic
from reviewprep.store.quarantine import quarantined

EXPORT_COLUMNS = ("file", "source", "format", "sha256", "row", "column", "reason", "raw", "quarantined_at")


def export_csv(session, out: Path, file: str | None = None) -> int:
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
