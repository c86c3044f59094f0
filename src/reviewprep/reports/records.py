"""The `reports` table: every rendered variant, keyed by report_key, pointing at its latest version.

Distribution sends what this table lists; the ministerial brief finds its baseline
(the as-of date of the previous brief) here.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from reviewprep.store.models import Report, ReportVersion


def record(session: Session, *, version: ReportVersion) -> Report:
    """Point the row of `version.report_key` at this version (inserted on first render)."""
    values = {"kind": version.kind, "as_of": version.as_of, "language": version.language,
              "audience": version.audience, "pdf_path": version.pdf_path, "sha256": version.sha256,
              "run_id": version.run_id, "meta": version.meta, "version": version.version}
    for _attempt in (1, 2):
        row = session.scalar(select(Report).where(Report.report_key == version.report_key))
        if row is not None:
            for name, value in values.items():
                setattr(row, name, value)
            session.flush()
            return row
        try:
            with session.begin_nested():
                row = Report(report_key=version.report_key, **values)
                session.add(row)
            return row
        except IntegrityError:  # another run inserted the same key just now: update that row
            continue
    raise RuntimeError(f"could not record report {version.report_key}")


def previous_brief_as_of(session: Session, before: dt.date, exclude_meeting: str) -> dt.date | None:
    """As-of date of the latest brief scored before `before`, other than this meeting's own."""
    rows = session.execute(
        select(Report.as_of, Report.meta).where(Report.kind == "brief", Report.as_of < before)
        .order_by(Report.as_of.desc(), Report.id.desc())
    ).all()
    return next((as_of for as_of, meta in rows if (meta or {}).get("meeting_key") != exclude_meeting), None)
