"""The flow behind `reviewprep distribute`: send one recorded report again (or for the first time).

Orchestration only; the distribution run itself is `reviewprep.distribute.run`.
"""

from __future__ import annotations

from prefect import flow

from reviewprep import jobs
from reviewprep.distribute import plan
from reviewprep.distribute.run import distribute_reports, raise_for_errors
from reviewprep.settings import get_settings
from reviewprep.store.db import session_scope


@flow(name="distribute-report", log_prints=True)
def distribute_report(report: str, retry_failed: bool = False) -> dict:
    """Send one recorded report (by id or key) to the recipients of its variant."""
    settings = get_settings()
    jobs.prepare_database(settings)
    with session_scope(settings.db_url) as session:
        target = plan.report_file(session, report)
    summary = distribute_reports(target.kind, [target.key], retry_failed=retry_failed)
    print(f"{target.key}: {summary['sent_now']} sent now, {summary['sent']} in all, {summary['failed']} failed, "
          f"{summary['deferred']} deferred")
    raise_for_errors(summary)
    return summary
