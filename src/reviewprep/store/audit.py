"""The audit log: who did what, when, to which thing; appended, never changed.

Every action a person answers for (ingest, quarantine retry, correction, withdrawal,
approval, rejection, expiry, send, re-issue) writes one row in the same transaction as
the change itself, so the log and the data cannot disagree.
"""

from __future__ import annotations

import datetime as dt
import getpass
import os

from sqlalchemy import event, select
from sqlalchemy.orm import Session

from reviewprep.codes import AUDIT_ACTIONS
from reviewprep.store.models import AuditEntry, utcnow


def system_actor() -> str:
    """Who runs a job nobody named: the operating-system user (or REVIEWPREP_ACTOR)."""
    try:
        user = getpass.getuser()
    except (KeyError, OSError):
        user = "unknown"
    return os.environ.get("REVIEWPREP_ACTOR") or f"system ({user})"


def log(session: Session, action: str, subject: str, actor: str | None = None, **detail) -> AuditEntry:
    """Append one entry (flushed, committed with the caller's transaction)."""
    if action not in AUDIT_ACTIONS:
        raise ValueError(f"unknown audit action {action!r}")
    entry = AuditEntry(at=utcnow(), actor=(actor or system_actor())[:200], action=action,
                       subject=subject[:300], detail=detail)
    session.add(entry)
    session.flush()
    return entry


def entries(session: Session, since: dt.date | dt.datetime | None = None,
            actions: tuple[str, ...] | None = None, limit: int | None = None) -> list[dict]:
    """Entries oldest first, from `since` on (a date means from its midnight, UTC)."""
    query = select(AuditEntry).order_by(AuditEntry.at, AuditEntry.id)
    if since is not None:
        start = since if isinstance(since, dt.datetime) else dt.datetime.combine(since, dt.time())
        query = query.where(AuditEntry.at >= start)
    if actions:
        query = query.where(AuditEntry.action.in_(actions))
    if limit:
        query = query.limit(limit)
    return [{"at": e.at.isoformat(timespec="seconds"), "actor": e.actor, "action": e.action,
             "subject": e.subject, "detail": e.detail} for e in session.scalars(query)]


def describe(entry: dict) -> str:
    """One line for a person: time, actor, action, subject and the detail that matters."""
    detail = entry["detail"] or {}
    extra = "; ".join(f"{k} {v}" for k, v in detail.items() if v not in ("", None, [], {}))
    return f"{entry['at']}  {entry['actor']}  {entry['action']}  {entry['subject']}" + (f"  ({extra})" if extra else "")


@event.listens_for(AuditEntry, "before_update")
def _refuse_update(mapper, connection, target) -> None:
    raise RuntimeError("audit log entries are never changed")
