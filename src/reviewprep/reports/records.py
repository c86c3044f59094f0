"""The `reports` table: every rendered variant, keyed by report_key, with its files.

Distribution sends what this table lists; the ministerial brief finds its baseline
(the as-of date of the previous brief) here.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from reviewprep.store.models import Report


def record(session: Session, *, report_key: str, kind: str, as_of: dt.date, language: str, audience: str,
           pdf_path: str, sha256: str, run_id: int | None, meta: dict) -> Report:
    """Insert or update the row for `report_key` (a re-render replaces the files in place)."""
    values = {"kind": kind, "as_of": as_of, "language": language, "audience": audience,
              "pdf_path": pdf_path, "sha256": sha256, "run_id": run_id, "meta": meta}
    for _attempt in (1, 2):
        row = session.scalar(select(Report).where(Report.report_key == report_key))
        if row is not None:
            for name, value in values.items():
                setattr(row, name, value)
            session.flush()
            return row
        try:
            with session.begin_nested():
                row = Report(report_key=report_key, **values)
                session.add(row)
            return row
        except IntegrityError:  # another run inserted the same key just now: update that row
            continue
    raise RuntimeError(f"could not record report {report_key}")


def previous_brief_as_of(session: Session, before: dt.date, exclude_meeting: str) -> dt.date | None:
    """As-of date of the latest brief scored before `before`, other than this meeting's own."""
    rows = session.execute(
        select(Report.as_of, Report.meta).where(Report.kind == "brief", Report.as_of < before)
        .order_by(Report.as_of.desc(), Report.id.desc())
    ).all()
    return next((as_of for as_of, meta in rows if (meta or {}).get("meeting_key") != exclude_meeting), None)
