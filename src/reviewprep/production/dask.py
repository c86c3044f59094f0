"""The task runner of the weekly flow's render fan-out: threads here, or a Dask cluster.

Rendering is the only step worth spreading over machines (gather and scoring are cheap
and set-based). With `REVIEWPREP_RENDER_RUNNER=dask` each variant is rendered by a
Dask worker: on the scheduler at `REVIEWPREP_DASK_ADDRESS` when set, else on a
temporary LocalCluster that lives for the render step of one run. The temporary
cluster binds loopback on free ports and serves no dashboard.
"""

from __future__ import annotations

from prefect.task_runners import TaskRunner, ThreadPoolTaskRunner

from reviewprep.reports.render import pdf_workers
from reviewprep.settings import Settings


def local_cluster_kwargs(workers: int | None = None) -> dict:
    """One single-threaded worker process per core (WeasyPrint holds the GIL), loopback only."""
    return {"n_workers": workers or pdf_workers(), "threads_per_worker": 1, "processes": True,
            "host": "127.0.0.1", "scheduler_port": 0, "dashboard_address": None}


def render_task_runner(settings: Settings) -> TaskRunner:
    """A fresh, unstarted task runner for the render tasks of one run (enter it to start it)."""
    if settings.render_runner != "dask" and not settings.dask_address:
        return ThreadPoolTaskRunner()
    import logging

    from prefect_dask import DaskTaskRunner

    logging.getLogger("distributed").setLevel(logging.WARNING)  # not a line per worker start and stop

    if settings.dask_address:
        return DaskTaskRunner(address=settings.dask_address)
    return DaskTaskRunner(cluster_kwargs=local_cluster_kwargs(settings.dask_workers))  # a LocalCluster
