"""A distribution run as the flows use it: screen, wait for approval, one deliver task per list, summary.

Only the deliver task retries, with exponential backoff, and only on
TransientDeliveryError (connection refused or dropped, 4xx replies): gather, score and
render are deterministic and are never retried. Every flow that sends (weekly, brief,
`reviewprep distribute`, `reviewprep approve`) calls `distribute_reports` from here, so
no flow imports another.

Versions bound for a list that needs approval wait for a person. With
`wait_for_approval` the flow run pauses with Prefect's typed input form (approve or
reject, reviewer, comment) until someone answers in the UI or the timeout ends the wait
("not sent, approval expired"); without it the versions stay pending for
`reviewprep approve`.
"""

from __future__ import annotations

import datetime as dt

from prefect import task
from prefect.artifacts import create_markdown_artifact
from prefect.cache_policies import NONE
from prefect.futures import wait
from prefect.input import RunInput
from prefect.tasks import exponential_backoff
from pydantic import Field

from reviewprep.codes import ApprovalDecision as Decision
from reviewprep.distribute import approval, delivery, gate, plan
from reviewprep.distribute.plan import Assignment
from reviewprep.distribute.recipients import load_distribution
from reviewprep.distribute.send import ListResult, TransientDeliveryError, deliver_list, key
from reviewprep.distribute.transport import transport_for
from reviewprep.errors import JobFailed
from reviewprep.settings import get_settings
from reviewprep.store.db import session_scope
from reviewprep.store.models import utcnow


class ApprovalForm(RunInput):
    """The form a reviewer fills in while the run waits."""

    decision: Decision = Field(
        title="Decision", description="approve: send these exact files; reject: send nothing")
    reviewer: str = Field(min_length=1, title="Reviewer", description="Your name, recorded with the decision")
    comment: str = Field(default="", title="Comment", description="Why (required when rejecting)")


def _transient_only(_task, _task_run, state) -> bool:
    return isinstance(state.result(raise_on_failure=False), TransientDeliveryError)


@task(name="deliver-list", cache_policy=NONE, retry_condition_fn=_transient_only)
def deliver_list_task(list_name: str, assignments: list[Assignment], retry_failed: bool = False) -> ListResult:
    return deliver_list(get_settings(), list_name, assignments, retry_failed)


def variants_needed(kind: str, only: list[str] | None = None) -> list[tuple[str, str]]:
    """(audience, language) pairs the recipients of `kind` reports need rendered."""
    return plan.variants_needed(load_distribution(get_settings().config_path), kind, only)


def _flow_run_id() -> str:
    from prefect.context import FlowRunContext

    context = FlowRunContext.get()
    return str(context.flow_run.id) if context and context.flow_run else ""


def wait_for_decision(versions: list[tuple[str, int, str]], timeout: dt.timedelta, poll_seconds: int):
    """Pause this flow run until the form is answered; None when the wait times out."""
    from prefect import pause_flow_run
    from prefect.exceptions import FlowPauseTimeout

    description = "\n".join([
        "## Approval needed before sending", "",
        "Approving sends exactly these files (by SHA-256); rejecting sends nothing.", "",
        "| report | version | SHA-256 |", "|---|---|---|",
        *[f"| {k} | {v} | `{sha}` |" for k, v, sha in versions],
    ])
    try:
        return pause_flow_run(wait_for_input=ApprovalForm.with_initial_data(description=description),
                              timeout=max(1, int(timeout.total_seconds())), poll_interval=poll_seconds)
    except FlowPauseTimeout:
        return None


def distribute_reports(kind: str, report_keys: list[str], only: list[str] | None = None,
                       retry_failed: bool = False, *, wait_for_approval: bool = False,
                       reissue_reason: str = "") -> dict:
    """Send each selected recipient their variant of the recorded reports `report_keys`, where allowed.

    Returns (and publishes as an artifact) what the delivery log then says, a line per list,
    the approval decisions, and the variants nobody takes.
    """
    settings, started = get_settings(), utcnow()
    distribution = load_distribution(settings.config_path)
    timeout = dt.timedelta(hours=distribution.approvals.timeout_hours)
    with session_scope(settings.db_url) as session:
        reports = [plan.report_file(session, k) for k in report_keys]
        assignments = plan.assign(distribution, kind, reports, only)
        screened = gate.screen(session, distribution, assignments, timeout, reissue_reason, _flow_run_id())
    policy = distribution.retry
    deliver = deliver_list_task.with_options(
        retries=policy.attempts, retry_delay_seconds=exponential_backoff(policy.backoff_seconds)
        if policy.attempts else 0)

    def send(chosen: list[gate.Screened]) -> list[str]:
        items = [s.assignment for s in chosen if s.outcome == gate.SEND]
        futures = [deliver.submit(name, group, retry_failed) for name, group in plan.by_list(items).items()]
        wait(futures)
        return [str(f.result(raise_on_failure=False)) for f in futures if f.state.is_failed()]

    errors = send(screened)  # lists that need no approval (or approved already) do not wait
    waiting = gate.awaiting_versions(screened)
    if waiting and wait_for_approval:
        answer = wait_for_decision(waiting, timeout, distribution.approvals.poll_seconds)
        with session_scope(settings.db_url) as session:
            for report_key, _version, sha in waiting:
                row = approval.find(session, report_key, sha)
                if row is None or row.status != approval.PENDING:
                    continue  # decided meanwhile from the terminal: that decision stands
                if answer is None:
                    approval.expire(session, row)
                else:
                    approval.record_decision(session, row, answer.decision, answer.reviewer, answer.comment)
            decided = gate.screen(session, distribution, assignments, timeout, reissue_reason, ask=False)
        if answer is None:
            _emit_expired(waiting)
        # Only what was waiting changes; what the first pass sent stays "sent" in the summary.
        was_waiting = {key(s.assignment) for s in screened if s.outcome == gate.AWAITING}
        now_decided = [s for s in decided if key(s.assignment) in was_waiting]
        errors += send(now_decided)
        screened = [s for s in screened if key(s.assignment) not in was_waiting] + now_decided
    sendable = [s.assignment for s in screened if s.outcome == gate.SEND]
    with session_scope(settings.db_url) as session:
        current = delivery.statuses(session, [key(a) for a in assignments])
        summary = delivery.summarize(current.values(), since=started)
        decisions = [_decision(row) for k, _v, sha in dict.fromkeys(
            (s.assignment.report.key, s.assignment.report.version, s.assignment.report.sha256) for s in screened
            if distribution.lists[s.assignment.list_name].needs_approval)
            if (row := approval.find(session, k, sha)) is not None]
    taken = {a.report.key for a in assignments}
    summary.update(
        transport=transport_for(settings).describe() if sendable else "", errors=errors,
        lists=gate.list_lines(screened, current), decisions=decisions,
        awaiting=[{"report": k, "version": v, "sha256": sha} for k, v, sha in gate.awaiting_versions(screened)],
        untaken=[r.key for r in reports if r.key not in taken],
        skipped_earlier=[s.note for s in screened if s.outcome == gate.HAD_EARLIER],
    )
    create_markdown_artifact("\n".join(summary_markdown(summary)), key=f"{kind}-distribution",
                             description=f"Distribution of {', '.join(report_keys)}")
    return summary


def _decision(row) -> dict:
    return {"report": row.report_key, "version": row.version, "sha256": row.sha256, "status": row.status,
            "by": row.decided_by, "comment": row.comment,
            "at": row.decided_at.isoformat(timespec="seconds") if row.decided_at else ""}


def _emit_expired(versions: list[tuple[str, int, str]]) -> None:
    """A Prefect event automations can react to (e.g. tell someone the report was never sent)."""
    from prefect.events import emit_event

    for report_key, version, sha in versions:
        emit_event(event="reviewprep.approval.expired", resource={"prefect.resource.id": f"reviewprep.report.{report_key}",
                                                                  "reviewprep.version": str(version),
                                                                  "reviewprep.sha256": sha})


def summary_markdown(summary: dict) -> list[str]:
    """Markdown lines for a run summary: counts, problems, decisions, then a line per list."""
    lines = [
        "## Distribution",
        "",
        f"{summary['total']} deliveries via {summary['transport'] or 'no transport (nothing to send)'}: "
        f"{summary['sent']} sent ({summary['sent_now']} by this run), {summary['failed']} failed permanently, "
        f"{summary['deferred']} deferred, "
        f"{summary['sending']} in progress or in doubt, {summary['pending']} pending.",
    ]
    if summary["problems"]:
        lines += ["", "| report | version | recipient | status | attempts | error |", "|---|---|---|---|---|---|"]
        lines += [f"| {p['report']} | {p['version']} | {p['recipient']} | {p['status']} | {p['attempts']} | "
                  f"{p['error'].replace('|', '/')} |" for p in summary["problems"]]
    if summary.get("decisions"):
        lines += ["", "### Approvals", "", "| report | version | SHA-256 | decision | by | comment | at |",
                  "|---|---|---|---|---|---|---|"]
        lines += [f"| {d['report']} | {d['version']} | `{d['sha256'][:12]}` | {d['status']} | {d['by']} | "
                  f"{d['comment'].replace('|', '/')} | {d['at']} |" for d in summary["decisions"]]
    lines += [f"- list failed: {e}" for e in summary["errors"]]
    lines += ["", *[f"- {line}" for line in list_summary_lines(summary)]]
    return lines


def list_summary_lines(summary: dict) -> list[str]:
    """The closing lines people read: one per list, what awaits whom, and variants nobody takes."""
    lines = list(summary.get("lists", []))
    lines += [f"awaiting approval: {a['report']} v{a['version']} (SHA-256 {a['sha256'][:12]}); "
              f"`reviewprep approve {a['report']} --by NAME`" for a in summary.get("awaiting", [])]
    lines += [f"{k}: no recipient takes this variant; rendered, not sent" for k in summary.get("untaken", [])]
    return lines


def raise_for_errors(summary: dict) -> None:
    """Fail the run (after its artifacts are published) when a whole list could not be sent."""
    if summary["errors"]:
        raise JobFailed("distribution incomplete: " + "; ".join(summary["errors"]))
