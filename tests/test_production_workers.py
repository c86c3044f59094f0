"""The production path end to end: Prefect's server on PostgreSQL with basic auth, `reviewprep deploy`
into the `reviewprep` process work pool, two `prefect worker start` workers, the application
database on PostgreSQL, SMTP on aiosmtpd, and the automations of automations.yaml.

The tests share one stack (it takes a minute to start) and run in order: unauthenticated
requests refused; two weekly runs at once on the two workers and a brief by deployment, each
delivered exactly once; a worker killed mid-run leaves a run Prefect marks Crashed (with an
alert) and the re-run completes without duplicates; a failing run sends one alert email.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import signal
import time
from collections import Counter
from pathlib import Path

import httpx
import pytest
from sqlalchemy import func, select

from reviewprep.demo import ANCHOR
from reviewprep.store.db import get_engine, session_scope
from reviewprep.store.models import Delivery, Report, ScoreRun
from tests.production_helpers import ALERT_TO, production_stack

pytestmark = [pytest.mark.production, pytest.mark.postgres, pytest.mark.timeout(900)]

CRASH_AFTER = 45  # seconds without a heartbeat (workers beat every 30 s, Prefect's minimum)
WEEKLY = {"languages": ["en"], "audiences": ["public"], "sources_file": "data/sample/sources.yaml"}
RECIPIENTS = {"ana.restricted@example.org", "dan.public@example.org"}


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    admin = os.environ.get("REVIEWPREP_TEST_POSTGRES_URL")
    if not admin:
        pytest.skip("REVIEWPREP_TEST_POSTGRES_URL is not set (.ci/run sets it)")
    stack_gen = production_stack(tmp_path_factory.mktemp("production"), admin)
    s = next(stack_gen)
    try:
        upgraded = s.run("-m", "reviewprep.cli", "db", "upgrade")
        assert upgraded.returncode == 0, upgraded.stderr
        deploy = s.run("-m", "reviewprep.cli", "deploy")
        assert deploy.returncode == 0, deploy.stdout + deploy.stderr
        assert "deployed weekly" in deploy.stdout and "deployed manual" in deploy.stdout
        alerts = s.run("-m", "reviewprep.cli", "alerts", "apply", "--crash-after", str(CRASH_AFTER))
        assert alerts.returncode == 0, alerts.stdout + alerts.stderr
        s.start_worker("w1")
        s.start_worker("w2")
        yield s
    finally:
        stack_gen.close()
        get_engine.cache_clear()


def reports(stack, as_of: dt.date) -> list[Report]:
    with session_scope(stack.app_db) as session:
        return session.scalars(select(Report).where(Report.as_of == as_of)).all()


def scored(stack, as_of: dt.date) -> int:
    with session_scope(stack.app_db) as session:
        return session.scalar(select(func.count()).select_from(ScoreRun).where(ScoreRun.as_of == as_of))


def deliveries(stack, keys: list[str]) -> list[Delivery]:
    with session_scope(stack.app_db) as session:
        return session.scalars(select(Delivery).where(Delivery.report_key.in_(keys))).all()


def received(stack, keys: list[str]) -> Counter:
    """(report key, recipient) of every message the SMTP server accepted for these reports."""
    found = Counter()
    for msg in stack.smtp.messages:
        attachment = next(msg.iter_attachments(), None)
        if attachment is not None and attachment.get_filename().removesuffix(".pdf") in keys:
            found[(attachment.get_filename().removesuffix(".pdf"), msg["To"].addresses[0].addr_spec)] += 1
    return found


def check_reports(stack, as_of: dt.date, expected: int) -> list[str]:
    """One recorded PDF per variant, complete, with the recorded hash; every recipient mailed once."""
    rows = reports(stack, as_of)
    assert len(rows) == expected
    for row in rows:
        data = Path(row.pdf_path).read_bytes()
        assert data.startswith(b"%PDF-") and hashlib.sha256(data).hexdigest() == row.sha256
    keys = [r.report_key for r in rows]
    rows = deliveries(stack, keys)
    assert sorted(d.status for d in rows) == ["sent"] * len(RECIPIENTS)
    assert {d.recipient for d in rows} == RECIPIENTS
    assert sorted(received(stack, keys).values()) == [1] * len(RECIPIENTS)  # each message exactly once
    return keys


def test_unauthenticated_requests_are_refused(stack):
    assert httpx.post(f"{stack.api}/flows/filter", json={}, timeout=30).status_code == 401
    wrong = httpx.post(f"{stack.api}/flows/filter", json={}, auth=("reviewprep", "wrong"), timeout=30)
    assert wrong.status_code == 401
    with stack.http as http:
        assert http.post("flows/filter", json={}).status_code == 200
        pool = http.get("work_pools/reviewprep").raise_for_status().json()
        assert pool["type"] == "process"
        weekly = http.get("deployments/name/weekly-readiness/weekly").raise_for_status().json()
        assert weekly["work_pool_name"] == "reviewprep"
        assert weekly["pull_steps"] == [{"prefect.deployments.steps.set_working_directory": {
            "directory": "{{ $REVIEWPREP_HOME }}"}}]  # resolved on each worker
        [schedule] = weekly["schedules"]
        assert (schedule["schedule"]["cron"], schedule["schedule"]["timezone"]) == ("0 6 * * 1", "America/Toronto")
        manual = http.get("deployments/name/ministerial-brief/manual").raise_for_status().json()
        assert manual["work_pool_name"] == "reviewprep" and manual["schedules"] == []

    doctor = stack.run("-m", "reviewprep.cli", "doctor")  # PostgreSQL, the server with auth, aiosmtpd
    assert doctor.returncode == 0, doctor.stdout
    assert "basic auth accepted" in doctor.stdout and "at migration" in doctor.stdout
    doctor = stack.run("-m", "reviewprep.cli", "doctor", env={**stack.env, "PREFECT_API_AUTH_STRING": "x:y"})
    assert doctor.returncode == 1 and "refused our credentials (401)" in doctor.stdout
    assert "fix: set PREFECT_API_AUTH_STRING to the server's PREFECT_SERVER_API_AUTH_STRING" in doctor.stdout


def test_two_workers_take_two_weekly_runs_at_once_then_a_brief(stack):
    first = stack.create_run("weekly-readiness/weekly", as_of=ANCHOR.isoformat(), **WEEKLY)
    second = stack.create_run("weekly-readiness/weekly", as_of=ANCHOR.isoformat(), **WEEKLY)
    runs = [stack.wait_state(r, {"COMPLETED"}) for r in (first, second)]

    assert {stack.worker_of(first), stack.worker_of(second)} == {"w1", "w2"}
    starts = [dt.datetime.fromisoformat(r["start_time"]) for r in runs]
    ends = [dt.datetime.fromisoformat(r["end_time"]) for r in runs]
    assert starts[0] < ends[1] and starts[1] < ends[0], "the two runs did not overlap"

    keys = check_reports(stack, ANCHOR, expected=2)  # public and restricted English, once
    for run in (first, second):
        artifacts = stack.artifacts(run)
        assert {"weekly-readiness-summary", "weekly-readiness-cells", "weekly-distribution"} <= set(artifacts)
        assert all(k in artifacts["weekly-readiness-summary"] for k in keys)

    brief = stack.run("-m", "prefect", "deployment", "run", "ministerial-brief/manual",
                      "-p", "meeting=Trade ministers", "-p", "meeting_date=2026-12-01",
                      "-p", f"as_of={ANCHOR.isoformat()}", "--watch", "--watch-timeout", "400", timeout=460)
    assert brief.returncode == 0 and "Completed" in brief.stdout, brief.stdout[-3000:] + brief.stderr[-3000:]
    rows = [r for r in reports(stack, ANCHOR) if r.kind == "brief"]
    assert {(r.audience, r.language) for r in rows} == {("public", "en"), ("restricted", "en")}
    got = received(stack, [r.report_key for r in rows])
    assert sorted(got.values()) == [1, 1] and {to for _, to in got} == RECIPIENTS
    assert stack.alerts() == []  # nothing failed


def test_a_killed_worker_leaves_a_crashed_run_and_the_rerun_completes_once(stack):
    as_of = ANCHOR + dt.timedelta(days=7)
    run_id = stack.create_run("weekly-readiness/weekly", as_of=as_of.isoformat(), **WEEKLY)
    deadline = time.monotonic() + 400
    while scored(stack, as_of) < 2:  # both audiences scored: the run is rendering, nothing is sent yet
        assert time.monotonic() < deadline, f"the run did not get to rendering:\n{stack.tail_logs()}"
        time.sleep(0.2)
    run = stack.flow_run(run_id)
    assert run["state_type"] == "RUNNING"

    worker = next(p for p in stack.procs if p.name == stack.worker_of(run_id) and p.alive())
    pid = int(str(stack.flow_run(run_id)["infrastructure_pid"]).rsplit(":", 1)[-1])
    worker.kill()  # the worker and, as on a host that died, the run's own process group
    try:
        os.killpg(os.getpgid(pid), signal.SIGKILL)
    except ProcessLookupError:
        pass

    assert deliveries(stack, [f"weekly-{as_of}-en-{a}" for a in ("public", "restricted")]) == []
    crashed = stack.wait_state(run_id, {"CRASHED"}, timeout=CRASH_AFTER + 120)
    assert "heartbeat" in crashed["state"]["message"]
    deadline = time.monotonic() + 60
    while not any(run["name"] in m["Subject"] for m in stack.alerts()):
        assert time.monotonic() < deadline, "no alert for the crashed run"
        time.sleep(1)
    [alert] = [m for m in stack.alerts() if run["name"] in m["Subject"]]
    assert "Crashed" in alert["Subject"] and run_id in alert.get_content()

    stack.start_worker(f"{worker.name}-restarted")
    rerun = stack.create_run("weekly-readiness/weekly", as_of=as_of.isoformat(), **WEEKLY)
    stack.wait_state(rerun, {"COMPLETED"})
    check_reports(stack, as_of, expected=2)


def test_a_failing_scheduled_run_sends_one_alert_email(stack):
    run_id = stack.create_run("weekly-readiness/weekly", as_of=ANCHOR.isoformat(),
                              **{**WEEKLY, "sources_file": "config/no-such-sources.yaml"})
    failed = stack.wait_state(run_id, {"FAILED"})
    deadline = time.monotonic() + 60
    while not [m for m in stack.alerts() if failed["name"] in m["Subject"]]:
        assert time.monotonic() < deadline, f"no alert email for the failed run:\n{stack.tail_logs()}"
        time.sleep(1)
    time.sleep(5)  # a second message, if any were coming, would be here by now
    [alert] = [m for m in stack.alerts() if failed["name"] in m["Subject"]]
    assert alert["To"].addresses[0].addr_spec == ALERT_TO
    assert alert["Subject"] == f"reviewprep: weekly-readiness run {failed['name']} is Failed"
    body = alert.get_content()
    assert run_id in body and "no-such-sources.yaml" in body and "deployment weekly" in body
