"""The weekly render fan-out on Dask: six variants on a LocalCluster, byte for byte the PDFs of the process pool."""

from __future__ import annotations

import distributed
import pytest
from dask.utils import key_split
from prefect.task_runners import ThreadPoolTaskRunner
from prefect_dask import DaskTaskRunner

from reviewprep.demo import ANCHOR
from reviewprep.production.dask import render_task_runner
from reviewprep.settings import get_settings

ALL_VARIANTS = {"languages": ["en", "fr", "es"], "audiences": ["public", "restricted"]}


class RecordingCluster(distributed.LocalCluster):
    """A LocalCluster that notes, as it closes, how many render tasks its workers finished."""

    closed: list[RecordingCluster] = []

    def close(self, *args, **kwargs):
        finished = {key_split(entry[0]) for entry in self.scheduler.transition_log if entry[2] == "memory"}
        self.renders = len({entry[0] for entry in self.scheduler.transition_log
                            if entry[2] == "memory" and key_split(entry[0]) == "render_variant"})
        self.finished_kinds = finished
        self.worker_count = len(self.scheduler.workers)
        self.scheduler_host = self.scheduler_address.split("://")[1].rsplit(":", 1)[0]
        self.closed.append(self)
        return super().close(*args, **kwargs)


def test_runner_from_settings(settings, monkeypatch):
    assert isinstance(render_task_runner(settings), ThreadPoolTaskRunner)
    monkeypatch.setenv("REVIEWPREP_RENDER_RUNNER", "dask")
    runner = render_task_runner(get_settings())
    assert isinstance(runner, DaskTaskRunner) and runner.address is None
    assert runner.cluster_kwargs["host"] == "127.0.0.1" and runner.cluster_kwargs["dashboard_address"] is None
    monkeypatch.setenv("REVIEWPREP_DASK_ADDRESS", "tcp://127.0.0.1:8786")
    runner = render_task_runner(get_settings())
    assert runner.address == "tcp://127.0.0.1:8786" and runner.cluster_kwargs == {}


@pytest.mark.production
@pytest.mark.flow
def test_six_variants_on_a_local_cluster_match_the_process_pool(settings, tmp_path, monkeypatch, prefect_harness):
    from flows.weekly_readiness import weekly_readiness

    def run(name: str) -> dict[str, bytes]:
        """A weekly run writing to its own out/; the second finds the inputs loaded and the scores stored,
        so both render the same database (row ids, hence some orderings, depend on the order of loads)."""
        monkeypatch.setenv("REVIEWPREP_OUT_DIR", str(tmp_path / name / "out"))
        summary = weekly_readiness(as_of=ANCHOR, distribute=False, sources_file="data/sample/sources.yaml",
                                   **ALL_VARIANTS)
        return {r["key"]: open(r["pdf"], "rb").read() for r in summary["reports"]}

    pool = run("pool")

    monkeypatch.setattr(distributed, "LocalCluster", RecordingCluster)
    monkeypatch.setenv("REVIEWPREP_RENDER_RUNNER", "dask")
    monkeypatch.setenv("REVIEWPREP_DASK_WORKERS", "2")
    dask = run("dask")

    [cluster] = RecordingCluster.closed  # one temporary cluster, closed with the render step
    assert (cluster.renders, cluster.worker_count, cluster.scheduler_host) == (6, 2, "127.0.0.1"), \
        cluster.finished_kinds
    assert len(pool) == 6 and sorted(dask) == sorted(pool)
    assert all(dask[key] == pool[key] for key in pool), "a Dask-rendered PDF differs from the process pool's"
