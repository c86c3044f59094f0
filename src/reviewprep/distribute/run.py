"""A distribution run as the flows use it: one deliver task per recipient list, then the log's summary.

Only the deliver task retries, with exponential backoff, and only on
TransientDeliveryError (connection refused or dropped, 4xx replies): gather, score and
render are deterministic and are never retried. Every flow that sends (weekly, brief,
`reviewprep distribute`) calls `distribute_reports` from here, so no flow imports another.
"""

from __future__ import annotations

from prefect import task
from prefect.artifacts import create_markdown_artifact
from prefect.cache_policies import NONE
from prefect.futures import wait
from prefect.tasks import exponential_backoff

from reviewprep.distribute import delivery, plan
from reviewprep.distribute.plan import Assignment
from reviewprep.distribute.recipients import load_distribution
from reviewprep.distribute.send import ListResult, TransientDeliveryError, deliver_list, key
from reviewprep.distribute.transport import transport_for
from reviewprep.errors import JobFailed
from reviewprep.settings import get_settings
from reviewprep.store.db import session_scope
from reviewprep.store.models import utcnow


def _transient_only(_task, _task_run, state) -> bool:
    return isinstance(state.result(raise_on_failure=False), TransientDeliveryError)


@task(name="deliver-list", cache_policy=NONE, retry_condition_fn=_transient_only)
def deliver_list_task(list_name: str, assignments: list[Assignment], retry_failed: bool = False) -> ListResult:
    return deliver_list(get_settings(), list_name, assignments, retry_failed)


def variants_needed(kind: str, only: list[str] | None = None) -> list[tuple[str, str]]:
    """(audience, language) pairs the recipients of `kind` reports need rendered."""
    return plan.variants_needed(load_distribution(get_settings().config_path), kind, only)


def distribute_reports(kind: str, report_keys: list[str], only: list[str] | None = None,
                       retry_failed: bool = False) -> dict:
    """Send each selected recipient their variant of the recorded reports `report_keys`.

    Returns (and publishes as an artifact) what the delivery log then says.
    """
    settings, started = get_settings(), utcnow()
    distribution = load_distribution(settings.config_path)
    with session_scope(settings.db_url) as session:
        reports = [plan.report_file(session, k) for k in report_keys]
    assignments = plan.assign(distribution, kind, reports, only)
    policy = distribution.retry
    deliver = deliver_list_task.with_options(
        retries=policy.attempts, retry_delay_seconds=exponential_backoff(policy.backoff_seconds)
        if policy.attempts else 0)
    futures = [deliver.submit(name, items, retry_failed) for name, items in plan.by_list(assignments).items()]
    wait(futures)
    errors = [str(f.result(raise_on_failure=False)) for f in futures if f.state.is_failed()]
    with session_scope(settings.db_url) as session:
        rows = delivery.statuses(session, [key(a) for a in assignments]).values()
        summary = delivery.summarize(rows, since=started)
    summary.update(transport=transport_for(settings).describe() if assignments else "", errors=errors)
    create_markdown_artifact("\n".join(summary_markdown(summary)), key=f"{kind}-distribution",
                             description=f"Distribution of {', '.join(report_keys)}")
    return summary


def summary_markdown(summary: dict) -> list[str]:
    """Markdown lines for a run summary: counts, then every delivery that needs attention."""
    lines = [
        "## Distribution",
        "",
        f"{summary['total']} deliveries via {summary['transport'] or 'no transport (no recipients)'}: "
        f"{summary['sent']} sent ({summary['sent_now']} by this run), {summary['failed']} failed permanently, "
        f"{summary['deferred']} deferred, "
        f"{summary['sending']} in progress or in doubt, {summary['pending']} pending.",
    ]
    if summary["problems"]:
        lines += ["", "| report | recipient | status | attempts | error |", "|---|---|---|---|---|"]
        lines += [f"| {p['report']} | {p['recipient']} | {p['status']} | {p['attempts']} | "
                  f"{p['error'].replace('|', '/')} |" for p in summary["problems"]]
    lines += [f"- list failed: {e}" for e in summary["errors"]]
    return lines


def raise_for_errors(summary: dict) -> None:
    """Fail the run (after its artifacts are published) when a whole list could not be sent."""
    if summary["errors"]:
        raise JobFailed("distribution incomplete: " + "; ".join(summary["errors"]))
