"""One pass over one recipient list: register, claim, send, record.

The pass itself never sleeps or loops: when some sends were deferred it raises
TransientDeliveryError, and the caller (a Prefect task with retries and exponential
backoff) runs the pass again; claimed rows make the repeat send only what is left.
"""

from __future__ import annotations

from dataclasses import dataclass

from reviewprep.codes import DEFERRED, FAILED, SENDING, SENT
from reviewprep.distribute import delivery
from reviewprep.distribute.delivery import RETRYABLE
from reviewprep.distribute.message import build_message
from reviewprep.distribute.plan import Assignment
from reviewprep.distribute.transport import (
    OutboxTransport,
    PermanentSendError,
    SmtpTransport,
    TransientSendError,
    transport_for,
)
from reviewprep.errors import JobFailed
from reviewprep.settings import Settings
from reviewprep.store import audit
from reviewprep.store.db import exclusive, session_scope


class TransientDeliveryError(Exception):
    """Some sends failed in a way a later attempt may fix (connection refused, 4xx)."""


class DeliveryFailed(JobFailed):
    """The transport refused us outright (e.g. login rejected): retrying will not help."""


@dataclass
class ListResult:
    list_name: str
    transport: str
    sent: int = 0
    failed: int = 0
    deferred: int = 0
    skipped: int = 0  # already sent, failed for good, or being sent by another run


def key(a: Assignment) -> delivery.Key:
    return (a.report.key, a.recipient.email, a.report.version)


def details(a: Assignment) -> dict:
    """What a delivery row records besides its key: the exact file and why it is re-sent."""
    return {"sha256": a.report.sha256, "reissue_reason": a.reissue_reason}


def claimable(idempotent: bool, retry_failed: bool) -> tuple[str, ...]:
    """Statuses a pass may claim: see `delivery` for why `sending` depends on the transport."""
    extra = (SENDING,) if idempotent or retry_failed else ()
    return RETRYABLE + extra + ((FAILED,) if retry_failed else ())


def deliver_list(settings: Settings, list_name: str, assignments: list[Assignment],
                 retry_failed: bool = False,
                 transport: OutboxTransport | SmtpTransport | None = None) -> ListResult:
    transport = transport or transport_for(settings)
    result = ListResult(list_name, transport.name)
    keys = [key(a) for a in assignments]
    statuses = claimable(transport.idempotent, retry_failed)
    # Runs of the same list take turns, so a second run at once finds the rows sent
    # instead of re-claiming what the first is still sending.
    with exclusive(settings.db_url, f"deliver-{list_name}"):
        with session_scope(settings.db_url) as session:
            delivery.register(session, keys, {key(a): details(a) for a in assignments})
            current = delivery.statuses(session, keys)
            todo = [a for a in assignments if current[key(a)].status in statuses]
            result.skipped = len(assignments) - len(todo)
            if not todo:
                return result  # nothing left to send: do not even connect
            try:
                with transport:
                    for a in todo:
                        msg = build_message(a, transport.sender)
                        if not delivery.claim(session, key(a), transport.name, statuses):
                            result.skipped += 1
                            continue
                        try:
                            transport.send(msg, a)
                        except PermanentSendError as exc:
                            delivery.record(session, key(a), FAILED, str(exc))
                            result.failed += 1
                        except TransientSendError as exc:
                            delivery.record(session, key(a), DEFERRED, str(exc))
                            result.deferred += 1
                        else:
                            audit.log(session, "reissue" if a.reissue_reason else "send",
                                      f"{a.report.key} v{a.report.version}", recipient=a.recipient.email,
                                      list=list_name, sha256=a.report.sha256, reason=a.reissue_reason)
                            delivery.record(session, key(a), SENT, message_id=msg["Message-ID"])
                            result.sent += 1
            except TransientSendError as exc:
                delivery.defer_unsent(session, keys, f"{transport.describe()}: {exc}")
                raise TransientDeliveryError(f"list {list_name}: {transport.describe()}: {exc}") from exc
            except PermanentSendError as exc:
                delivery.defer_unsent(session, keys, f"{transport.describe()}: {exc}")
                raise DeliveryFailed(f"list {list_name}: {transport.describe()}: {exc}") from exc
        if result.deferred:
            raise TransientDeliveryError(f"list {list_name}: {result.deferred} send(s) deferred, will retry")
        return result


def dry_run(settings: Settings, assignments: list[Assignment], retry_failed: bool = False) -> list[dict]:
    """Who would get what, and what the delivery log already says; sends nothing, writes nothing."""
    smtp = bool(settings.smtp_host or settings.smtp_secret_block)
    statuses = ("new", *claimable(not smtp, retry_failed))
    with session_scope(settings.db_url) as session:
        current = delivery.statuses(session, [key(a) for a in assignments])
    rows = []
    for a in assignments:
        row = current.get(key(a))
        status = row.status if row else "new"
        rows.append({
            "list": a.list_name, "name": a.recipient.name, "email": a.recipient.email,
            "organisation": a.recipient.organisation, "audience": a.recipient.audience,
            "language": a.recipient.language, "report": a.report.key, "version": a.report.version,
            "pdf": str(a.report.pdf),
            "status": status,
            "action": "send" if status in statuses else "skip",
        })
    return rows
