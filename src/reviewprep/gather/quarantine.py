"""What was set aside and why: listing and a spreadsheet-safe CSV export.

A quarantined row keeps the row as read, which may be a confidential input. The export
marks each row `confidential` yes, no or unknown (a row whose confidentiality could not
be read, or one quarantined before rows were marked), and leaves the raw text of every
row not known to be public out unless asked for.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from reviewprep.files import neutralise, write_atomic
from reviewprep.store.quarantine import quarantined

EXPORT_COLUMNS = ("file", "source", "format", "sha256", "row", "column", "reason", "confidential", "raw",
                  "quarantined_at")
WITHHELD = "(withheld: may be confidential; export with --include-confidential to include it)"


def export_csv(session, out: Path, file: str | None = None, include_confidential: bool = False) -> int:
    """Write the quarantine as CSV (cells a spreadsheet would run as formulas neutralised)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(EXPORT_COLUMNS)
    count = 0
    for record in quarantined(session, file):
        if record["confidential"] != "no" and record["raw"] and not include_confidential:
            record["raw"] = WITHHELD
        writer.writerow([neutralise(record[c]) for c in EXPORT_COLUMNS])
        count += 1
    write_atomic(out, "\ufeff" + buffer.getvalue(), private=True)  # raw input rows
    return count
