"""The flow behind `reviewprep distribute`: send one recorded report again (or for the first time).

Orchestration only; the distribution run itself is `reviewprep.distribute.run`.
"""

from __future__ import annotations

from prefect import flow

from reviewprep import jobs
from reviewprep.distribute import plan
from reviewprep.distribute.run import distribute_reports, list_summary_lines, raise_for_errors
from reviewprep.settings import get_settings
from reviewprep.store.db import session_scope


@flow(name="distribute-report", log_prints=True)
def distribute_report(report: str, retry_failed: bool = False, reissue_reason: str = "") -> dict:
    """Send the latest version of one recorded report (by id or key) to the recipients of its variant.

    With `reissue_reason`, those who had an earlier version get this one, marked as corrected."""
    settings = get_settings()
    jobs.prepare_database(settings)
    with session_scope(settings.db_url) as session:
        target = plan.report_file(session, report)
    summary = distribute_reports(target.kind, [target.key], retry_failed=retry_failed, reissue_reason=reissue_reason)
    print(f"{target.key}: {summary['sent_now']} sent now, {summary['sent']} in all, {summary['failed']} failed, "
          f"{summary['deferred']} deferred")
    for line in list_summary_lines(summary):
        print(line)
    raise_for_errors(summary)
    return summary
