"""`reviewprep server` and `reviewprep serve` in the background, then a manual brief run by deployment.

The same steps as docs/operations.md ("One machine"), on a temporary project state: the
brief deployment run with `prefect deployment run … --watch` completes, its PDF and
outbox message exist, and the weekly deployment has its next run scheduled at
the cron time and time zone of config/review.yaml. Every process is bounded and killed.
"""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
import time
from email import message_from_bytes, policy
from zoneinfo import ZoneInfo

import httpx
import pytest

from tests.distribution_helpers import person, write_distribution
from tests.smtp_server import free_port

pytestmark = pytest.mark.flow


def background(*args: str, env: dict) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "reviewprep.cli", *args], env=env, start_new_session=True,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def stop(proc: subprocess.Popen) -> str:
    for sig, wait in ((signal.SIGTERM, 15), (signal.SIGKILL, 15)):
        try:
            os.killpg(proc.pid, sig)
            return proc.communicate(timeout=wait)[0]
        except ProcessLookupError:
            return proc.communicate(timeout=wait)[0]
        except subprocess.TimeoutExpired:
            continue
    return ""


def wait_until(check, what: str, timeout: float, *procs: subprocess.Popen):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for p in procs:
            assert p.poll() is None, f"{p.args[3]} exited while waiting for {what}"
        try:
            result = check()
            if result:
                return result
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    raise AssertionError(f"timed out waiting for {what}")


def next_weekly_run(now: dt.datetime) -> dt.datetime:
    """The next Monday 06:00 in America/Toronto after `now` (config/review.yaml: "0 6 * * 1")."""
    local = now.astimezone(ZoneInfo("America/Toronto"))
    candidate = local.replace(hour=6, minute=0, second=0, microsecond=0) + dt.timedelta(days=(7 - local.weekday()) % 7)
    return candidate if candidate > local else candidate + dt.timedelta(days=7)


def test_server_serve_and_a_manual_brief_by_deployment(tmp_path, config_copy, monkeypatch):
    write_distribution(config_copy, {"ministers": {"reports": ["brief"], "recipients": [
        person("Dan Public", "public", "en")]}})
    port = free_port()
    api = f"http://127.0.0.1:{port}/api"
    env = {**os.environ, "PREFECT_HOME": str(tmp_path / "prefect"), "PREFECT_API_URL": api,
           "REVIEWPREP_VAR_DIR": str(tmp_path / "var"), "REVIEWPREP_OUT_DIR": str(tmp_path / "out"),
           "REVIEWPREP_DATABASE_URL": f"sqlite:///{tmp_path / 'var' / 'app.db'}",
           "PREFECT_RUNNER_POLL_FREQUENCY": "2", "PREFECT_SERVER_SERVICES_SCHEDULER_LOOP_SECONDS": "5"}
    env.pop("REVIEWPREP_SMTP_HOST", None)
    server = background("server", "--port", str(port), env=env)
    serve = None
    try:
        wait_until(lambda: httpx.get(f"{api}/health", timeout=5).status_code == 200, "the server", 180, server)
        serve = background("serve", env=env)
        deployment = f"{api}/deployments/name/ministerial-brief/manual"
        wait_until(lambda: httpx.get(deployment, timeout=5).status_code == 200, "the deployments", 120, serve)

        run = subprocess.run(
            [sys.executable, "-m", "prefect", "deployment", "run", "ministerial-brief/manual",
             "-p", "meeting=Trade ministers", "-p", "meeting_date=2026-12-01", "--watch", "--watch-timeout", "240"],
            env=env, capture_output=True, text=True, timeout=300)
        assert run.returncode == 0 and "Completed" in run.stdout, run.stdout[-3000:] + run.stderr[-3000:]

        [pdf] = (tmp_path / "out" / "briefs" / "2026-12-01").glob("*.pdf")
        assert pdf.name == "brief-2026-12-01-trade-ministers-a1723aba-en-public.pdf"
        [eml] = (tmp_path / "out" / "outbox").rglob("*.eml")
        msg = message_from_bytes(eml.read_bytes(), policy=policy.default)
        assert msg["To"].addresses[0].addr_spec == "dan.public@example.org"
        assert msg["Subject"] == "Ministerial brief: Trade ministers, December 1, 2026"
        assert next(msg.iter_attachments()).get_content() == pdf.read_bytes()

        weekly = httpx.get(f"{api}/deployments/name/weekly-readiness/weekly", timeout=10).json()
        [schedule] = weekly["schedules"]
        assert (schedule["schedule"]["cron"], schedule["schedule"]["timezone"]) == ("0 6 * * 1", "America/Toronto")

        def scheduled():
            runs = httpx.post(f"{api}/flow_runs/filter", timeout=10, json={
                "deployments": {"id": {"any_": [weekly["id"]]}},
                "flow_runs": {"state": {"type": {"any_": ["SCHEDULED"]}}},
                "sort": "EXPECTED_START_TIME_ASC", "limit": 1}).json()
            return runs[0] if runs else None

        first = wait_until(scheduled, "the weekly run to be scheduled", 90, server, serve)
        expected = dt.datetime.fromisoformat(first["expected_start_time"].replace("Z", "+00:00"))
        assert expected == next_weekly_run(dt.datetime.now(dt.UTC))
    finally:
        if serve is not None:
            stop(serve)
        stop(server)
