"""Corrections and withdrawals of submissions: every version kept, the current one scored.

A correction adds a new submission row that replaces the old one (same source, file and
row, new values) and marks the old one `superseded`; a withdrawal marks a submission
`withdrawn`. Nothing is deleted, so the stored snapshots a report used stay as they
were (scores *as reported*), while any score computed from now on, for any as-of date,
uses the current rows (scores *as known now*). Each change is in the audit log.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from reviewprep.codes import CURRENT, SUPERSEDED, WITHDRAWN
from reviewprep.errors import UserError
from reviewprep.gather.records import fingerprint
from reviewprep.store import audit
from reviewprep.store.models import Assessment, AuditEntry, CommentTag, Submission, utcnow

RATING_SCALE = (0.0, 4.0)


def find(session: Session, ident: str) -> Submission:
    """A current submission by id, or by its external id when that names exactly one."""
    if ident.isdigit():
        row = session.get(Submission, int(ident))
    else:
        rows = session.scalars(select(Submission).where(Submission.external_id == ident,
                                                        Submission.status == CURRENT)).all()
        if len(rows) > 1:
            raise UserError(f"external id {ident!r} names {len(rows)} submissions; give the numeric id")
        row = rows[0] if rows else None
    if row is None:
        raise UserError(f"no submission {ident!r}")
    if row.status != CURRENT:
        raise UserError(f"submission {row.id} is {row.status} ({row.status_reason}); only the current version "
                        "can be corrected or withdrawn")
    return row


def _check(reason: str, by: str) -> None:
    if not reason.strip():
        raise UserError("--reason is required: say why, it is kept with the change")
    if not by.strip():
        raise UserError("--by is required: the name of the person making the change")


def withdraw(session: Session, ident: str, reason: str, by: str) -> Submission:
    _check(reason, by)
    row = find(session, ident)
    row.status, row.status_reason, row.status_at = WITHDRAWN, reason.strip(), utcnow()
    audit.log(session, "withdrawal", f"submission {row.id}", actor=by.strip(), reason=reason.strip(),
              external_id=row.external_id or "", organisation=row.organization, submitted_on=str(row.submitted_on))
    session.flush()
    return row


def correct(session: Session, ident: str, reason: str, by: str, rating: float | None = None,
            text: str | None = None, submitted_on: dt.date | None = None) -> Submission:
    """Replace a submission by a corrected copy; returns the new (current) row."""
    _check(reason, by)
    old = find(session, ident)
    if rating is None and text is None and submitted_on is None:
        raise UserError("say what is corrected: --rating, --text and/or --submitted-on")
    if rating is not None:
        if old.assessment is None:
            raise UserError(f"submission {old.id} is a comment: it has no rating to correct")
        if not RATING_SCALE[0] <= rating <= RATING_SCALE[1]:
            raise UserError(f"--rating {rating} is outside the 0-4 scale")
    changes = {k: v for k, v in (("rating", rating), ("text", text),
                                 ("submitted_on", submitted_on.isoformat() if submitted_on else None)) if v is not None}
    before = {"rating": old.assessment.rating if old.assessment else None, "text": old.text,
              "submitted_on": old.submitted_on.isoformat()}
    new = Submission(
        fingerprint=fingerprint(old.fingerprint, "correction", sorted(changes.items()), utcnow().isoformat()),
        kind=old.kind, external_id=old.external_id, submitted_on=submitted_on or old.submitted_on,
        stakeholder_name=old.stakeholder_name, organization=old.organization,
        stakeholder_type=old.stakeholder_type, country=old.country, party=old.party, language=old.language,
        parties_named=old.parties_named, language_source=old.language_source,
        confidential=old.confidential, text=old.text if text is None else text, evidence_url=old.evidence_url,
        duplicate_count=old.duplicate_count, source_member=old.source_member, title=old.title,
        extraction=old.extraction, ocr_confidence=old.ocr_confidence, inferred=old.inferred,
        source_file_id=old.source_file_id, source_row=old.source_row, status=CURRENT, replaces_id=old.id,
        status_reason=reason.strip(), status_at=utcnow(),
    )
    session.add(new)
    session.flush()
    if old.assessment is not None:
        session.add(Assessment(submission_id=new.id, chapter=old.assessment.chapter,
                               recommendation=old.assessment.recommendation,
                               rating=old.assessment.rating if rating is None else rating))
    for tag in session.scalars(select(CommentTag).where(CommentTag.submission_id == old.id)):
        session.add(CommentTag(submission_id=new.id, code=tag.code, matched_terms=list(tag.matched_terms)))
    old.status, old.status_reason, old.status_at = SUPERSEDED, f"corrected by submission {new.id}: {reason.strip()}", utcnow()
    audit.log(session, "correction", f"submission {old.id} -> {new.id}", actor=by.strip(), reason=reason.strip(),
              before={k: before[k] for k in changes}, after=changes)
    session.flush()
    return new


def history(session: Session, ident: str) -> list[Submission]:
    """Every version of a submission, oldest first (follows `replaces_id` both ways)."""
    row = session.get(Submission, int(ident)) if ident.isdigit() else None
    if row is None:
        raise UserError(f"no submission {ident!r}")
    while row.replaces_id is not None:
        row = session.get(Submission, row.replaces_id)
    chain = [row]
    while (nxt := session.scalar(select(Submission).where(Submission.replaces_id == chain[-1].id))) is not None:
        chain.append(nxt)
    return chain


def since(session: Session, start: dt.datetime | None, end: dt.datetime | None = None) -> list[dict]:
    """Corrections and withdrawals recorded in (start, end]: what a report's annex lists."""
    query = select(AuditEntry).where(AuditEntry.action.in_(("correction", "withdrawal"))).order_by(AuditEntry.at)
    if start is not None:
        query = query.where(AuditEntry.at > start)
    if end is not None:
        query = query.where(AuditEntry.at <= end)
    return [{"at": e.at, "action": e.action, "subject": e.subject, "actor": e.actor,
             "reason": (e.detail or {}).get("reason", "")} for e in session.scalars(query)]
