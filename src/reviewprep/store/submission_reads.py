"""What was gathered, read back for a person: `reviewprep submissions list|show`.

Each submission with where it came from (source, file, row, the member inside the file),
its extracted text and how it was read, and its metadata, inferred fields included.
"""

from __future__ import annotations

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from reviewprep.errors import UserError
from reviewprep.store.models import Assessment, CommentTag, QuarantinedRow, SourceFile, Submission

SNIPPET = 80


def list_submissions(session: Session, source: str | None = None, search: str | None = None,
                     limit: int | None = 100) -> list[dict]:
    """Submissions, newest id first, with their file and row and the start of their text."""
    query = (select(Submission, SourceFile.name, SourceFile.source)
             .outerjoin(SourceFile, SourceFile.id == Submission.source_file_id)
             .order_by(Submission.id.desc()))
    if source:
        query = query.where(SourceFile.source == source)
    if search:
        pattern = f"%{search}%"
        query = query.where(or_(Submission.text.ilike(pattern), Submission.organization.ilike(pattern),
                                Submission.stakeholder_name.ilike(pattern), Submission.external_id.ilike(pattern),
                                Submission.title.ilike(pattern)))
    if limit is not None:
        query = query.limit(limit)
    return [{"id": s.id, "kind": s.kind, "status": s.status, "external_id": s.external_id or "",
             "submitted_on": s.submitted_on.isoformat(), "party": s.party, "language": s.language,
             "who": s.organization or s.stakeholder_name, "source": source_name or "", "file": name or "",
             "row": s.source_row, "member": s.source_member, "extraction": s.extraction,
             "text": _snippet(s.text)}
            for s, name, source_name in session.execute(query)]


def show_submission(session: Session, ident: str) -> dict:
    """Everything stored about one submission (by id, or by an external id naming one)."""
    if ident.isdigit():
        found = session.get(Submission, int(ident))
    else:
        matches = session.scalars(select(Submission).where(Submission.external_id == ident)
                                  .order_by(Submission.id)).all()
        if len(matches) > 1:
            ids = ", ".join(str(s.id) for s in matches)
            raise UserError(f"external id {ident!r} names {len(matches)} submissions ({ids}); give the numeric id")
        found = matches[0] if matches else None
    if found is None:
        raise UserError(f"no submission {ident!r}")
    s = found
    source_file = session.get(SourceFile, s.source_file_id) if s.source_file_id else None
    rating = session.get(Assessment, s.id)
    tags = session.execute(select(CommentTag.code, CommentTag.matched_terms)
                           .where(CommentTag.submission_id == s.id).order_by(CommentTag.code)).all()
    conflicts = session.execute(
        select(QuarantinedRow.row_number, SourceFile.name, QuarantinedRow.resolved_at)
        .join(SourceFile, SourceFile.id == QuarantinedRow.source_file_id)
        .where(QuarantinedRow.conflicts_with == s.id).order_by(QuarantinedRow.id)).all()
    return {
        "id": s.id, "kind": s.kind, "status": s.status, "status_reason": s.status_reason,
        "replaces": s.replaces_id, "external_id": s.external_id or "", "fingerprint": s.fingerprint,
        "submitted_on": s.submitted_on.isoformat(), "stakeholder_name": s.stakeholder_name,
        "organization": s.organization, "stakeholder_type": s.stakeholder_type, "country": s.country,
        "party": s.party, "parties_named": s.parties_named, "language": s.language,
        "language_source": s.language_source, "confidential": s.confidential,
        "title": s.title, "extraction": s.extraction, "ocr_confidence": s.ocr_confidence,
        "inferred": s.inferred or {}, "evidence_url": s.evidence_url, "duplicate_count": s.duplicate_count,
        "source": {"source": source_file.source if source_file else "", "file": source_file.name if source_file else "",
                   "format": source_file.format if source_file else "",
                   "sha256": source_file.sha256 if source_file else "",
                   "raw_copy": source_file.stored_path if source_file else "",
                   "row": s.source_row, "member": s.source_member},
        "rating": None if rating is None else {"chapter": rating.chapter, "recommendation": rating.recommendation,
                                               "rating": rating.rating},
        "tags": [{"code": code, "matched_terms": terms} for code, terms in tags],
        "conflicts": [{"file": name, "row": row, "resolved": resolved is not None}
                      for row, name, resolved in conflicts],
        "text": s.text,
    }


def _snippet(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= SNIPPET else flat[:SNIPPET - 1] + "…"
