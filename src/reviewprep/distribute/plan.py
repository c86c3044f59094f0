"""Who gets what: each recipient gets the variant of their audience and language."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from reviewprep.distribute.recipients import Distribution, Recipient
from reviewprep.errors import UserError
from reviewprep.store.models import Report


@dataclass(frozen=True)
class ReportFile:
    """A rendered report variant as distribution sees it (built from a `reports` row or a render)."""

    key: str
    kind: str  # weekly | brief
    as_of: dt.date
    language: str
    audience: str
    pdf: Path
    meeting: str = ""  # briefs: the meeting and its date name the message
    meeting_date: dt.date | None = None
    version: int = 1
    sha256: str = ""
    digest: dict = field(default_factory=dict, compare=False, hash=False)  # `reports.digest.message_digest`


@dataclass(frozen=True)
class Assignment:
    list_name: str
    recipient: Recipient
    report: ReportFile
    reissue_reason: str = ""  # set when this is a corrected version for someone who had an earlier one


def by_list(assignments: list[Assignment]) -> dict[str, list[Assignment]]:
    grouped: dict[str, list[Assignment]] = {}
    for a in assignments:
        grouped.setdefault(a.list_name, []).append(a)
    return grouped


def variants_needed(distribution: Distribution, kind: str, only: list[str] | None = None) -> list[tuple[str, str]]:
    """(audience, language) pairs the recipients of `kind` reports need, in a stable order."""
    pairs = {(r.audience, r.language) for members in distribution.select(kind, only).values() for r in members}
    return sorted(pairs)


def assign(distribution: Distribution, kind: str, reports: list[ReportFile],
           only: list[str] | None = None) -> list[Assignment]:
    """Give every selected recipient the report of their audience and language, if among `reports`.

    A person on several lists is assigned once (to the first list naming them).
    """
    variants = {(r.audience, r.language): r for r in reports if r.kind == kind}
    assignments, seen = [], set()
    for list_name, members in distribution.select(kind, only).items():
        for recipient in members:
            report = variants.get((recipient.audience, recipient.language))
            if report is not None and recipient.email not in seen:
                seen.add(recipient.email)
                assignments.append(Assignment(list_name, recipient, report))
    return assignments


def report_file(session: Session, ident: str) -> ReportFile:
    """A recorded report by id or report key, checked against the file on disk."""
    query = select(Report).where(Report.id == int(ident) if ident.isdigit() else Report.report_key == ident)
    row = session.scalar(query)
    if row is None:
        raise UserError(f"no report {ident!r} in the reports table (give its id or report key)")
    pdf = Path(row.pdf_path)
    if not pdf.is_file():
        raise UserError(f"report {row.report_key}: file {pdf} is missing")
    if row.sha256 and hashlib.sha256(pdf.read_bytes()).hexdigest() != row.sha256:
        raise UserError(f"report {row.report_key}: {pdf} no longer matches the recorded SHA-256")
    meta = row.meta or {}
    meeting_date = dt.date.fromisoformat(meta["meeting_date"]) if meta.get("meeting_date") else None
    return ReportFile(key=row.report_key, kind=row.kind, as_of=row.as_of, language=row.language,
                      audience=row.audience, pdf=pdf, meeting=meta.get("meeting", ""), meeting_date=meeting_date,
                      version=row.version or 1, sha256=row.sha256, digest=meta.get("digest") or {})
