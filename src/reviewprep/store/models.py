"""SQLAlchemy 2 typed models.

Identity is by content: a source file by the SHA-256 of its bytes, a submission or
evidence event by a fingerprint, a delivery by (report, recipient). Unique keys on
those columns are what make re-loading, re-running and retrying no-ops.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    JSON,
    BigInteger,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


class Base(DeclarativeBase):
    pass


class SourceFile(Base):
    """One raw input file, kept by content hash under var/raw."""

    __tablename__ = "source_files"

    id: Mapped[int] = mapped_column(primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(500))
    source: Mapped[str] = mapped_column(String(100), default="")
    format: Mapped[str] = mapped_column(String(40))
    encoding: Mapped[str] = mapped_column(String(40), default="")
    size_bytes: Mapped[int] = mapped_column(BigInteger)
    stored_path: Mapped[str] = mapped_column(String(1000))
    loaded_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    rows_read: Mapped[int] = mapped_column(Integer, default=0)
    accepted: Mapped[int] = mapped_column(Integer, default=0)
    duplicates: Mapped[int] = mapped_column(Integer, default=0)
    quarantined: Mapped[int] = mapped_column(Integer, default=0)
    error: Mapped[str] = mapped_column(Text, default="")
    # Quarantined rows later accepted by a retry; `quarantined` counts what is still set aside,
    # so read = accepted + duplicates + quarantined holds before and after.
    resolved: Mapped[int] = mapped_column(Integer, default=0, server_default="0")


class Submission(Base):
    """A stakeholder input: a structured assessment or an unstructured comment."""

    __tablename__ = "submissions"
    # A public report counts each file's public inputs: read from this index, not the table.
    __table_args__ = (Index("ix_submissions_file_confidential", "source_file_id", "confidential"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    fingerprint: Mapped[str] = mapped_column(String(64), unique=True)
    kind: Mapped[str] = mapped_column(String(20))  # assessment | comment
    external_id: Mapped[str | None] = mapped_column(String(200), index=True)  # id conflicts are looked up by it
    submitted_on: Mapped[dt.date] = mapped_column(Date, index=True)
    stakeholder_name: Mapped[str] = mapped_column(String(300), default="")
    organization: Mapped[str] = mapped_column(String(300), default="")
    stakeholder_type: Mapped[str] = mapped_column(String(40))
    country: Mapped[str] = mapped_column(String(60), default="")
    party: Mapped[str] = mapped_column(String(2))
    language: Mapped[str] = mapped_column(String(2))
    confidential: Mapped[bool] = mapped_column(default=False)
    text: Mapped[str] = mapped_column(Text, default="")
    evidence_url: Mapped[str] = mapped_column(String(2000), default="")
    # Copies the source folded into this one (regulations.gov's Duplicate Comments).
    duplicate_count: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    source_file_id: Mapped[int | None] = mapped_column(ForeignKey("source_files.id"))
    source_row: Mapped[int | None] = mapped_column(Integer)
    # current | withdrawn | superseded: only current submissions are scored; every version is kept.
    status: Mapped[str] = mapped_column(String(12), default="current", server_default="current")
    replaces_id: Mapped[int | None] = mapped_column(ForeignKey("submissions.id", name="fk_submission_replaces"))
    status_reason: Mapped[str] = mapped_column(Text, default="", server_default="")
    status_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    # Written submissions: where the text came from inside the raw file (a zip entry, an
    # e-mail attachment, a regulations.gov attachment), its title or subject, and how it
    # was read: "" for a structured row, "text" for extracted text, "ocr" for OCR'd pages.
    source_member: Mapped[str] = mapped_column(String(500), default="", server_default="")
    title: Mapped[str] = mapped_column(String(500), default="", server_default="")
    extraction: Mapped[str] = mapped_column(String(10), default="", server_default="")
    ocr_confidence: Mapped[float | None] = mapped_column(Float)
    # Every Party the text names ("CA,MX"), apart from `party` (the one it is filed under)
    # and `country` (the commenter's own country).
    parties_named: Mapped[str] = mapped_column(String(20), default="", server_default="")
    # declared | detected | default: where `language` came from.
    language_source: Mapped[str] = mapped_column(String(10), default="declared", server_default="declared")
    # Metadata that was inferred rather than given: {field: "from what"}, e.g. a file date.
    inferred: Mapped[dict | None] = mapped_column(JSON)

    assessment: Mapped[Assessment | None] = relationship(back_populates="submission")


class Assessment(Base):
    """The rating part of a structured submission, on the 0-4 scale."""

    __tablename__ = "assessments"
    __table_args__ = (Index("ix_assessments_cell", "chapter", "recommendation"),)

    submission_id: Mapped[int] = mapped_column(ForeignKey("submissions.id"), primary_key=True)
    chapter: Mapped[str] = mapped_column(String(4))
    recommendation: Mapped[str | None] = mapped_column(String(3))
    rating: Mapped[float] = mapped_column(Float)

    submission: Mapped[Submission] = relationship(back_populates="assessment")


class CommentTag(Base):
    """A chapter or recommendation an unstructured comment was tagged with, and why."""

    __tablename__ = "comment_tags"

    submission_id: Mapped[int] = mapped_column(ForeignKey("submissions.id"), primary_key=True)
    code: Mapped[str] = mapped_column(String(4), primary_key=True)
    matched_terms: Mapped[list[str]] = mapped_column(JSON)


class EvidenceEvent(Base):
    """An analyst's log entry: what happened to an obligation, when, for which Party."""

    __tablename__ = "evidence_events"
    __table_args__ = (Index("ix_evidence_events_file_confidential", "source_file_id", "confidential"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    fingerprint: Mapped[str] = mapped_column(String(64), unique=True)
    external_id: Mapped[str | None] = mapped_column(String(200))
    event_date: Mapped[dt.date] = mapped_column(Date, index=True)
    party: Mapped[str] = mapped_column(String(2))
    obligation: Mapped[str] = mapped_column(String(100))
    status: Mapped[str] = mapped_column(String(10))  # met | not_met | unknown | checked ("checked through")
    description: Mapped[str] = mapped_column(Text, default="")
    source_url: Mapped[str] = mapped_column(String(2000), default="")
    source_file_id: Mapped[int | None] = mapped_column(ForeignKey("source_files.id"))
    source_row: Mapped[int | None] = mapped_column(Integer)
    # A confidential event never reaches a public snapshot, not even through a state.
    confidential: Mapped[bool] = mapped_column(default=False, server_default=false())
    # The period it counts for: a year ("2023") or a range ("2023-01-01/2023-12-31");
    # None means the year of event_date.
    period: Mapped[str | None] = mapped_column(String(21))


class AnalystJudgement(Base):
    """An analyst's green/amber/red call on a chapter for a Party, shown beside the score."""

    __tablename__ = "judgements"
    __table_args__ = (Index("ix_judgements_chapter_party", "chapter", "party", "judged_on"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    chapter: Mapped[str] = mapped_column(String(4))
    party: Mapped[str] = mapped_column(String(2))
    rating: Mapped[str] = mapped_column(String(5))  # green | amber | red
    rationale: Mapped[str] = mapped_column(Text)
    author: Mapped[str] = mapped_column(String(200))
    judged_on: Mapped[dt.date] = mapped_column(Date)
    expires_on: Mapped[dt.date] = mapped_column(Date)
    confidential: Mapped[bool] = mapped_column(default=False, server_default=false())
    recorded_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class QuarantinedRow(Base):
    """A row set aside, with the reason naming file, row, column and problem."""

    __tablename__ = "quarantine"
    __table_args__ = (UniqueConstraint("source_file_id", "row_number", name="uq_quarantine_row"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    source_file_id: Mapped[int] = mapped_column(ForeignKey("source_files.id"))
    row_number: Mapped[int] = mapped_column(Integer)
    column: Mapped[str] = mapped_column(String(200), default="")
    reason: Mapped[str] = mapped_column(Text)
    raw: Mapped[str] = mapped_column(Text, default="")
    confidential: Mapped[bool | None] = mapped_column(nullable=True)  # None: could not be told
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    # A row re-read by `reviewprep quarantine retry` and then accepted (or found a duplicate)
    # leaves the quarantine: kept here, marked resolved, no longer counted as quarantined.
    resolved_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    resolution: Mapped[str] = mapped_column(Text, default="", server_default="")
    # Same id, different content in the same source: the submission it conflicts with.
    conflicts_with: Mapped[int | None] = mapped_column(ForeignKey("submissions.id", name="fk_quarantine_conflict"))

    source_file: Mapped[SourceFile] = relationship()


class ScoreRun(Base):
    """An immutable scoring snapshot: same as-of, audience and inputs give the same run."""

    __tablename__ = "score_runs"
    __table_args__ = (
        UniqueConstraint("as_of", "audience", "inputs_hash", name="uq_score_run_inputs"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    as_of: Mapped[dt.date] = mapped_column(Date, index=True)
    audience: Mapped[str] = mapped_column(String(12))
    inputs_hash: Mapped[str] = mapped_column(String(64))
    method_version: Mapped[str] = mapped_column(String(20))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    summary: Mapped[dict] = mapped_column(JSON, default=dict)

    cells: Mapped[list[CellScore]] = relationship(
        back_populates="run", cascade="all, delete-orphan", order_by="CellScore.id"
    )


class CellScore(Base):
    """The score of one (chapter, recommendation, party) cell in one run."""

    __tablename__ = "cell_scores"
    __table_args__ = (
        UniqueConstraint("run_id", "chapter", "recommendation", "party", name="uq_cell"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("score_runs.id", ondelete="CASCADE"))
    chapter: Mapped[str] = mapped_column(String(4))
    recommendation: Mapped[str] = mapped_column(String(3))
    party: Mapped[str] = mapped_column(String(2))
    score: Mapped[float | None] = mapped_column(Float)
    status: Mapped[str] = mapped_column(String(24))
    confidence: Mapped[str] = mapped_column(String(8))
    assessment_component: Mapped[float | None] = mapped_column(Float)
    evidence_component: Mapped[float | None] = mapped_column(Float)
    n: Mapped[int] = mapped_column(Integer, default=0)
    organizations: Mapped[int] = mapped_column(Integer, default=0)
    dispersion: Mapped[float | None] = mapped_column(Float)
    detail: Mapped[dict] = mapped_column(JSON, default=dict)
    # The contributing submissions, read per cell on demand (scoring.explain.cite), never
    # with the cell: ids (little-endian int64, ascending) and each one's share of the
    # assessment weight (little-endian float64), as packed arrays; None in runs stored
    # before they were kept here (their detail's explanation lists the pairs instead).
    submission_ids: Mapped[bytes | None] = mapped_column(LargeBinary, deferred=True)
    submission_shares: Mapped[bytes | None] = mapped_column(LargeBinary, deferred=True)

    run: Mapped[ScoreRun] = relationship(back_populates="cells")


class Report(Base):
    """A rendered report variant: its latest version and where that version's files are."""

    __tablename__ = "reports"
    __table_args__ = (UniqueConstraint("report_key", name="uq_report_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    report_key: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(20))  # weekly | brief
    as_of: Mapped[dt.date] = mapped_column(Date)
    language: Mapped[str] = mapped_column(String(2))
    audience: Mapped[str] = mapped_column(String(12))
    pdf_path: Mapped[str] = mapped_column(String(1000))
    sha256: Mapped[str] = mapped_column(String(64))
    run_id: Mapped[int | None] = mapped_column(ForeignKey("score_runs.id"))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    meta: Mapped[dict] = mapped_column(JSON, default=dict)
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")


class ReportVersion(Base):
    """One immutable render of a report key: never changed, its files never replaced."""

    __tablename__ = "report_versions"
    __table_args__ = (UniqueConstraint("report_key", "version", name="uq_report_version"),
                      UniqueConstraint("report_key", "sha256", name="uq_report_version_sha"))

    id: Mapped[int] = mapped_column(primary_key=True)
    report_key: Mapped[str] = mapped_column(String(200))
    version: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(20))
    as_of: Mapped[dt.date] = mapped_column(Date)
    language: Mapped[str] = mapped_column(String(2))
    audience: Mapped[str] = mapped_column(String(12))
    pdf_path: Mapped[str] = mapped_column(String(1000))
    sha256: Mapped[str] = mapped_column(String(64))
    inputs_hash: Mapped[str] = mapped_column(String(64))
    run_id: Mapped[int | None] = mapped_column(ForeignKey("score_runs.id"))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    meta: Mapped[dict] = mapped_column(JSON, default=dict)


class Approval(Base):
    """A person's decision on one report version, bound to its file's SHA-256."""

    __tablename__ = "approvals"
    __table_args__ = (UniqueConstraint("report_key", "sha256", name="uq_approval"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    report_key: Mapped[str] = mapped_column(String(200))
    version: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(10))  # pending | approved | rejected | expired
    requested_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    expires_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    decided_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    decided_by: Mapped[str] = mapped_column(String(200), default="")
    comment: Mapped[str] = mapped_column(Text, default="")
    flow_run_id: Mapped[str] = mapped_column(String(64), default="")


class AuditEntry(Base):
    """Who did what, when, to what: appended, never changed."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, index=True)
    actor: Mapped[str] = mapped_column(String(200))
    action: Mapped[str] = mapped_column(String(40))
    subject: Mapped[str] = mapped_column(String(300))
    detail: Mapped[dict] = mapped_column(JSON, default=dict)


class Delivery(Base):
    """One (report, recipient, version) send; the unique key is what stops double sending."""

    __tablename__ = "deliveries"
    __table_args__ = (UniqueConstraint("report_key", "recipient", "version", name="uq_delivery"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    report_key: Mapped[str] = mapped_column(String(200))
    recipient: Mapped[str] = mapped_column(String(320))
    status: Mapped[str] = mapped_column(String(20))  # pending | sending | sent | failed | deferred
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    error: Mapped[str] = mapped_column(Text, default="")
    message_id: Mapped[str] = mapped_column(String(300), default="")
    transport: Mapped[str] = mapped_column(String(20), default="")
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    sha256: Mapped[str] = mapped_column(String(64), default="", server_default="")
    reissue_reason: Mapped[str] = mapped_column(Text, default="", server_default="")
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)


class CampaignLetter(Base):
    """A text submission as campaign detection saw it: its group, and what its writer added.

    Representatives (the letters newcomers are compared with) keep their MinHash signature,
    so a later run restores them and a new letter joins the group already found.
    """

    __tablename__ = "campaign_letters"

    submission_id: Mapped[int] = mapped_column(ForeignKey("submissions.id"), primary_key=True)
    group_key: Mapped[str] = mapped_column(String(64), index=True)  # fingerprint of the group's first letter
    similarity: Mapped[float] = mapped_column(Float)
    signature: Mapped[bytes | None] = mapped_column(LargeBinary)
    addition: Mapped[str] = mapped_column(Text, default="", server_default="")


class CampaignRecord(Base):
    """A campaign as of the last detection run: its template, size, dates and subjects."""

    __tablename__ = "campaigns"
    __table_args__ = (UniqueConstraint("group_key", name="uq_campaign_group"),)

    id: Mapped[str] = mapped_column(String(12), primary_key=True)
    group_key: Mapped[str] = mapped_column(String(64))
    size: Mapped[int] = mapped_column(Integer)
    signatories: Mapped[int] = mapped_column(Integer)
    template: Mapped[str] = mapped_column(Text)
    first_on: Mapped[dt.date] = mapped_column(Date)
    last_on: Mapped[dt.date] = mapped_column(Date)
    codes: Mapped[list[str]] = mapped_column(JSON)
    detected_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
