"""Every code reviewprep stores, scores, renders or accepts on its command line: one home.

Each set is a tuple (its order is meaningful: scoring indexes arrays by it, reports list
in it) with a `Literal` alias for pydantic models and Prefect flow parameters. Import
them from here; never spell them out again. Chapter and recommendation *names*, texts
and applicability come from config/framework.yaml; the codes it must list are here.
"""

from __future__ import annotations

from typing import Literal, get_args

# ---- the framework's cells ----------------------------------------------------------
ChapterCode = Literal["ch12", "ch16", "ch19", "ch25", "ch26", "ch28"]
RecommendationCode = Literal["R1", "R2", "R3", "R4", "R5", "R6", "R7", "R8", "R9", "R10"]
CHAPTER_CODES: tuple[str, ...] = get_args(ChapterCode)
RECOMMENDATION_CODES: tuple[str, ...] = get_args(RecommendationCode)

# ---- Parties --------------------------------------------------------------------------
Party = Literal["US", "CA", "MX"]
PartyOrTrilateral = Literal["US", "CA", "MX", "NA"]
PARTIES: tuple[str, ...] = get_args(Party)
TRILATERAL = "NA"  # work the three Parties do together
PARTY_ORDER: tuple[str, ...] = get_args(PartyOrTrilateral)  # scoring's Party axis

# ---- who speaks, in which language, for whom ------------------------------------------
Language = Literal["en", "fr", "es"]
LANGUAGES: tuple[str, ...] = get_args(Language)
# A comment detected as written in none of LANGUAGES. The submissions column holds two
# letters, so "other" is stored as this code (assigned to no language in ISO 639-1).
OTHER_LANGUAGE = "xx"


def language_tag(code: str) -> str:
    """A stored language as an HTML `lang` value: "" (unknown) for OTHER_LANGUAGE, never a made-up tag."""
    return "" if code == OTHER_LANGUAGE else code


# Where a submission's language came from: its own column, detection from its text, or
# the source's default (a text too short or too mixed to tell).
LanguageSource = Literal["declared", "detected", "default"]

Audience = Literal["public", "restricted"]  # restricted reports include confidential inputs
AUDIENCES: tuple[str, ...] = get_args(Audience)

Confidentiality = Literal["public", "confidential"]
CONFIDENTIALITIES: tuple[str, ...] = get_args(Confidentiality)

StakeholderType = Literal["government", "legislature", "business_association", "company", "sme",
                          "labour", "academic", "civil_society", "individual"]
STAKEHOLDER_TYPES: tuple[str, ...] = get_args(StakeholderType)

SubmissionKind = Literal["assessment", "comment"]
SUBMISSION_KINDS: tuple[str, ...] = get_args(SubmissionKind)

# ---- how a source is read ---------------------------------------------------------------
DateOrder = Literal["auto", "mdy", "dmy", "ymd"]
DATE_ORDERS: tuple[str, ...] = get_args(DateOrder)
RatingScale = Literal["levels", "compliance"]

# ---- what scoring says ----------------------------------------------------------------
Status = Literal["on_track", "needs_acceleration", "limited", "off_track", "insufficient_evidence"]
STATUSES: tuple[str, ...] = get_args(Status)

Confidence = Literal["high", "medium", "low"]
CONFIDENCES: tuple[str, ...] = get_args(Confidence)

Outlook = Literal["on_course", "acceleration_needed", "limited", "deteriorating", "unknown"]

# An obligation's due instance: met on time, late, overdue (checked and not met), unknown
# (checked, the record is silent), not yet checked, or not yet due.
InstanceState = Literal["on_time", "late", "overdue", "unknown", "not_checked", "not_due"]
INSTANCE_STATES: tuple[str, ...] = get_args(InstanceState)
CREDITED_STATES = ("on_time", "late", "overdue")  # the states evidence credit is configured for

# an evidence log entry; `checked`: "checked through" its date, nothing met
EventStatus = Literal["met", "not_met", "unknown", "checked"]

# ---- beside the score ------------------------------------------------------------------
Direction = Literal["improving", "stable", "deteriorating", "unknown"]  # a trend, within its tolerance
DIRECTIONS: tuple[str, ...] = get_args(Direction)
JudgementRating = Literal["green", "amber", "red"]  # an analyst's delivery-confidence call
JUDGEMENT_RATINGS: tuple[str, ...] = get_args(JudgementRating)

# ---- reports and their delivery --------------------------------------------------------
ReportKind = Literal["weekly", "brief", "heard"]  # heard: the "What we heard" consultation summary

# pending → sending → sent | failed (permanent) | deferred (transient, retried)
DeliveryState = Literal["pending", "sending", "sent", "failed", "deferred"]
PENDING, SENDING, SENT, FAILED, DEFERRED = get_args(DeliveryState)

# ---- people in the loop -----------------------------------------------------------------
# A recipient list's rule: `required` waits for a person's approval of the exact file.
ApprovalRule = Literal["required", "auto"]
# pending → approved | rejected | expired (an expired request is renewed when asked again)
ApprovalState = Literal["pending", "approved", "rejected", "expired"]
APPROVAL_PENDING, APPROVED, REJECTED, APPROVAL_EXPIRED = get_args(ApprovalState)
ApprovalDecision = Literal["approve", "reject"]  # what a reviewer answers

# Only `current` submissions are scored; corrected (superseded) and withdrawn ones are kept.
SubmissionStatus = Literal["current", "withdrawn", "superseded"]
CURRENT, WITHDRAWN, SUPERSEDED = get_args(SubmissionStatus)

AuditAction = Literal["ingest", "quarantine-retry", "correction", "withdrawal", "approval-requested",
                      "approval", "rejection", "expiry", "send", "reissue"]
AUDIT_ACTIONS: tuple[str, ...] = get_args(AuditAction)
