"""The delivery log: one row per (report, recipient, version), claimed before sending.

States: pending → sending → sent | failed (permanent) | deferred (transient, retried).
A sender first *claims* a row with one conditional UPDATE (pending or deferred →
sending); only the run whose UPDATE changed the row sends. So concurrent runs, task
retries and re-runs never send twice. Each change is committed before the next
network step, so a crash leaves the row saying how far it got.

A crash between the SMTP server accepting a message and the row being marked sent
leaves it `sending`. SMTP is then at-most-once: such a row is reported as in doubt
and re-sent only when an operator asks (`--retry-failed`). The outbox transport
rewrites the same file name atomically, so it safely re-claims `sending` rows.

Each row records the report version and the SHA-256 of the file sent; a re-issue of a
corrected version is a new row beside the earlier one, with its reason.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from reviewprep.codes import DEFERRED, FAILED, PENDING, SENDING, SENT
from reviewprep.store.models import Delivery, utcnow

RETRYABLE = (PENDING, DEFERRED)

Key = tuple[str, str, int]  # (report_key, recipient address, version)


def _where(key: Key):
    return (Delivery.report_key == key[0], Delivery.recipient == key[1], Delivery.version == key[2])


def register(session: Session, keys: Iterable[Key], details: dict[Key, dict] | None = None) -> None:
    """Make sure a row exists for every key (new rows are pending, with `details` such as sha256); commits."""
    keys = list(dict.fromkeys(keys))
    existing = set(session.execute(
        select(Delivery.report_key, Delivery.recipient, Delivery.version)
        .where(Delivery.report_key.in_({k[0] for k in keys}))
    ).tuples())
    for report_key, recipient, version in keys:
        if (report_key, recipient, version) in existing:
            continue
        extra = (details or {}).get((report_key, recipient, version), {})
        try:
            with session.begin_nested():
                session.add(Delivery(report_key=report_key, recipient=recipient, version=version,
                                     status=PENDING, **extra))
        except IntegrityError:
            pass  # another run registered it first: the unique key did its job
    session.commit()


def claim(session: Session, key: Key, transport: str, statuses: Iterable[str] = RETRYABLE) -> bool:
    """Atomically move the row to `sending` if its status is one of `statuses`; commits."""
    result = session.execute(
        update(Delivery)
        .where(*_where(key), Delivery.status.in_(tuple(statuses)))
        .values(status=SENDING, attempts=Delivery.attempts + 1, transport=transport, updated_at=utcnow())
    )
    session.commit()
    return result.rowcount == 1


def record(session: Session, key: Key, status: str, error: str = "", message_id: str = "") -> None:
    """Write the outcome of a claimed send; commits."""
    session.execute(
        update(Delivery).where(*_where(key), Delivery.status == SENDING)
        .values(status=status, error=error[:2000], message_id=message_id, updated_at=utcnow())
    )
    session.commit()


def defer_unsent(session: Session, keys: Iterable[Key], error: str) -> None:
    """Note why rows still waiting could not be sent (e.g. the server is down); commits."""
    for key in keys:
        session.execute(
            update(Delivery).where(*_where(key), Delivery.status.in_(RETRYABLE))
            .values(status=DEFERRED, error=error[:2000], updated_at=utcnow())
        )
    session.commit()


def statuses(session: Session, keys: Iterable[Key]) -> dict[Key, Delivery]:
    keys = set(keys)
    rows = session.scalars(select(Delivery).where(Delivery.report_key.in_({k[0] for k in keys}))).all()
    return {(r.report_key, r.recipient, r.version): r for r in rows if (r.report_key, r.recipient, r.version) in keys}


def sent_versions(session: Session, report_keys: Iterable[str]) -> dict[tuple[str, str], set[int]]:
    """Versions each (report, recipient) was sent: what "already had" means."""
    rows = session.execute(select(Delivery.report_key, Delivery.recipient, Delivery.version)
                           .where(Delivery.report_key.in_(set(report_keys)), Delivery.status == SENT)).all()
    had: dict[tuple[str, str], set[int]] = {}
    for report_key, recipient, version in rows:
        had.setdefault((report_key, recipient), set()).add(version)
    return had


def for_report(session: Session, report_key: str) -> list[Delivery]:
    return list(session.scalars(select(Delivery).where(Delivery.report_key == report_key)
                                .order_by(Delivery.version, Delivery.recipient)))


def summarize(rows: Iterable[Delivery], since: dt.datetime | None = None) -> dict:
    """Counts by status (and of sends made since `since`), and the rows that need a person's attention."""
    rows = list(rows)
    counts = Counter(r.status for r in rows)
    counts["sent_now"] = sum(1 for r in rows if r.status == SENT and since is not None and r.updated_at >= since)
    problems = [
        {"report": r.report_key, "version": r.version, "recipient": r.recipient, "status": r.status,
         "attempts": r.attempts, "error": r.error or ("in progress, or in doubt after a crash"
                                                      if r.status == SENDING else "")}
        for r in sorted(rows, key=lambda r: (r.report_key, r.version, r.recipient)) if r.status != SENT
    ]
    return {"total": len(rows),
            **{s: counts.get(s, 0) for s in (SENT, "sent_now", FAILED, DEFERRED, SENDING, PENDING)},
            "problems": problems}
