"""The approval gate: a report version bound for a list that needs approval waits for a person.

An approval is bound to the exact SHA-256 of the file to send: a re-render with other
bytes is another version and needs its own approval; the same bytes keep theirs.
States: pending → approved | rejected | expired. An expired request is renewed when a
later run asks again; approvals and rejections are final for those bytes.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from reviewprep.codes import APPROVAL_EXPIRED as EXPIRED
from reviewprep.codes import APPROVAL_PENDING as PENDING
from reviewprep.codes import APPROVED, REJECTED
from reviewprep.errors import UserError
from reviewprep.store import audit
from reviewprep.store.models import Approval, Report, ReportVersion, utcnow

DECISIONS = {"approve": APPROVED, "reject": REJECTED}


def find(session: Session, report_key: str, sha256: str) -> Approval | None:
    return session.scalar(select(Approval).where(Approval.report_key == report_key, Approval.sha256 == sha256))


def request(session: Session, report_key: str, version: int, sha256: str, timeout: dt.timedelta,
            flow_run_id: str = "") -> Approval:
    """The approval row for these bytes, created (or renewed after expiry) as pending; flushes."""
    now = utcnow()
    row = find(session, report_key, sha256)
    if row is None:
        try:
            with session.begin_nested():
                row = Approval(report_key=report_key, version=version, sha256=sha256, status=PENDING,
                               requested_at=now, expires_at=now + timeout, decided_by="", comment="",
                               flow_run_id=flow_run_id)
                session.add(row)
        except IntegrityError:  # another run asked first
            return find(session, report_key, sha256)
        audit.log(session, "approval-requested", f"{report_key} v{version}", sha256=sha256,
                  expires_at=row.expires_at.isoformat(timespec="seconds"), flow_run=flow_run_id)
    elif row.status == EXPIRED:
        row.status, row.requested_at, row.expires_at = PENDING, now, now + timeout
        row.decided_at, row.decided_by, row.comment, row.flow_run_id = None, "", "", flow_run_id
        audit.log(session, "approval-requested", f"{report_key} v{version}", sha256=sha256, renewed=True,
                  flow_run=flow_run_id)
    elif row.status == PENDING and flow_run_id:
        row.flow_run_id = flow_run_id
    session.flush()
    return row


def expire_overdue(session: Session, now: dt.datetime | None = None) -> list[Approval]:
    """Pending requests past their time become expired (recorded); flushes."""
    now = now or utcnow()
    overdue = session.scalars(select(Approval).where(Approval.status == PENDING, Approval.expires_at < now)).all()
    for row in overdue:
        expire(session, row)
    return list(overdue)


def expire(session: Session, row: Approval) -> None:
    row.status, row.decided_at = EXPIRED, utcnow()
    audit.log(session, "expiry", f"{row.report_key} v{row.version}", sha256=row.sha256,
              outcome="not sent, approval expired")
    session.flush()


def current(session: Session, ident: str) -> tuple[Report, ReportVersion]:
    """The latest version of a report given by id or key."""
    report = session.scalar(select(Report).where(Report.id == int(ident) if ident.isdigit()
                                                 else Report.report_key == ident))
    if report is None:
        raise UserError(f"no report {ident!r} (give a report key from `reviewprep reports pending` or its id)")
    version = session.scalar(select(ReportVersion).where(ReportVersion.report_key == report.report_key,
                                                         ReportVersion.version == report.version))
    if version is None:
        raise UserError(f"report {report.report_key} has no recorded version: render it again")
    return report, version


def decide(session: Session, ident: str, decision: str, by: str, comment: str = "") -> Approval:
    """Approve or reject the latest version of a report, after checking its file is the one approved."""
    if not by.strip():
        raise UserError("--by needs the reviewer's name")
    if decision == "reject" and not comment.strip():
        raise UserError("a rejection needs --comment saying why")
    expire_overdue(session)
    report, version = current(session, ident)
    pdf = Path(version.pdf_path)
    if not pdf.is_file() or hashlib.sha256(pdf.read_bytes()).hexdigest() != version.sha256:
        raise UserError(f"{report.report_key} v{version.version}: {pdf} is missing or no longer matches "
                        f"SHA-256 {version.sha256[:12]}; nothing approved")
    row = find(session, report.report_key, version.sha256)
    if row is None:
        raise UserError(f"{report.report_key} v{version.version} is not awaiting approval "
                        "(its lists send without approval, or it was never distributed)")
    if row.status == EXPIRED:
        raise UserError(f"{report.report_key} v{version.version}: not sent, approval expired at "
                        f"{row.expires_at:%Y-%m-%d %H:%M} UTC; run the report again to ask anew")
    if row.status != PENDING:
        raise UserError(f"{report.report_key} v{version.version} was already {row.status} by {row.decided_by} "
                        f"on {row.decided_at:%Y-%m-%d %H:%M} UTC")
    record_decision(session, row, decision, by, comment)
    return row


def record_decision(session: Session, row: Approval, decision: str, by: str, comment: str) -> None:
    row.status, row.decided_by, row.comment, row.decided_at = DECISIONS[decision], by.strip(), comment.strip(), utcnow()
    audit.log(session, "approval" if decision == "approve" else "rejection", f"{row.report_key} v{row.version}",
              actor=row.decided_by, sha256=row.sha256, comment=row.comment)
    session.flush()


def pending(session: Session) -> list[Approval]:
    expire_overdue(session)
    return list(session.scalars(select(Approval).where(Approval.status == PENDING)
                                .order_by(Approval.requested_at, Approval.report_key)))


def for_report(session: Session, report_key: str) -> list[Approval]:
    return list(session.scalars(select(Approval).where(Approval.report_key == report_key)
                                .order_by(Approval.version, Approval.id)))
