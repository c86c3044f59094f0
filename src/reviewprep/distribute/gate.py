"""What may be sent now, per assignment: already received, awaiting approval, rejected, expired, or send.

A recipient who already has a version of a report is not sent another unless a re-issue
asks for it (with a one-line reason the message states). A list that needs approval is
sent a version only once a person approved exactly those bytes (its SHA-256).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, replace

from sqlalchemy.orm import Session

from reviewprep.distribute import approval, delivery
from reviewprep.distribute.plan import Assignment
from reviewprep.distribute.recipients import Distribution

SEND, HAD, HAD_EARLIER = "send", "had this version", "had an earlier version"
AWAITING, REJECTED, EXPIRED = "awaiting approval", "rejected", "expired"


@dataclass(frozen=True)
class Screened:
    assignment: Assignment
    outcome: str
    note: str = ""


def screen(session: Session, distribution: Distribution, assignments: list[Assignment], timeout: dt.timedelta,
           reissue_reason: str = "", flow_run_id: str = "", ask: bool = True) -> list[Screened]:
    """Each assignment with its outcome; `ask` files approval requests for versions not yet decided."""
    had = delivery.sent_versions(session, {a.report.key for a in assignments})
    approval.expire_overdue(session)
    out = []
    for a in assignments:
        versions = had.get((a.report.key, a.recipient.email), set())
        if a.report.version in versions:
            out.append(Screened(a, HAD))
            continue
        needs_approval = distribution.lists[a.list_name].needs_approval
        if versions and not reissue_reason:
            if needs_approval and ask:  # a re-issue sends only an approved version: ask now
                approval.request(session, a.report.key, a.report.version, a.report.sha256, timeout, flow_run_id)
            out.append(Screened(a, HAD_EARLIER, f"had version {max(versions)}; "
                                                f"`reviewprep distribute --report {a.report.key} --reissue` "
                                                f"sends version {a.report.version}"))
            continue
        if versions:
            a = replace(a, reissue_reason=reissue_reason)
        if not needs_approval:
            out.append(Screened(a, SEND))
            continue
        row = (approval.request(session, a.report.key, a.report.version, a.report.sha256, timeout, flow_run_id)
               if ask else approval.find(session, a.report.key, a.report.sha256))
        status = row.status if row else approval.PENDING
        if status == approval.APPROVED:
            out.append(Screened(a, SEND, f"approved by {row.decided_by}"))
        elif status == approval.REJECTED:
            out.append(Screened(a, REJECTED, f"rejected by {row.decided_by}: {row.comment}"))
        elif status == approval.EXPIRED:
            out.append(Screened(a, EXPIRED, "not sent, approval expired"))
        else:
            out.append(Screened(a, AWAITING))
    return out


def awaiting_versions(screened: list[Screened]) -> list[tuple[str, int, str]]:
    """(report key, version, SHA-256) of each version some list is waiting to have approved."""
    return list(dict.fromkeys((s.assignment.report.key, s.assignment.report.version, s.assignment.report.sha256)
                              for s in screened if s.outcome == AWAITING))


def list_lines(screened: list[Screened], statuses: dict) -> list[str]:
    """One line per list: sent, skipped (already had this version), awaiting approval, failed; then the rest."""
    counts: dict[str, Counter] = {}
    for s in screened:
        c = counts.setdefault(s.assignment.list_name, Counter())
        if s.outcome == SEND:
            row = statuses.get((s.assignment.report.key, s.assignment.recipient.email, s.assignment.report.version))
            c["sent" if row is not None and row.status == delivery.SENT else "failed"] += 1
        elif s.outcome in (HAD, HAD_EARLIER):
            c["skipped"] += 1
            c["earlier"] += s.outcome == HAD_EARLIER
        else:
            c[s.outcome] += 1
    lines = []
    for name, c in counts.items():
        line = (f"{name}: {c['sent']} sent, {c['skipped']} skipped (already had this version"
                + (f"; {c['earlier']} had an earlier one, see --reissue" if c["earlier"] else "")
                + f"), {c[AWAITING]} awaiting approval, {c['failed']} failed")
        if c[REJECTED]:
            line += f", {c[REJECTED]} not sent (rejected)"
        if c[EXPIRED]:
            line += f", {c[EXPIRED]} not sent (approval expired)"
        lines.append(line)
    return lines
