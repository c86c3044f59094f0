"""SIGKILL in the middle of a run, then run again: one complete set of outputs, no duplicate delivery."""

from __future__ import annotations

import subprocess
import time

import pytest
from sqlalchemy import select

from reviewprep.demo import ANCHOR
from reviewprep.store.db import session_scope
from reviewprep.store.models import Delivery
from tests.distribution_helpers import person, write_distribution
from tests.orchestration_helpers import RUN_WEEKLY, check_outputs, harness_api_url, kill_group, start
from tests.smtp_server import Recorder, smtp_server

pytestmark = pytest.mark.flow

# One list, so the three sends happen one after another on one connection.
EVERYONE = {"everyone": {"reports": ["weekly"], "recipients": [
    person("Ana Restricted", "restricted", "en"), person("Dan Public", "public", "en"),
    person("Fleur Publique", "public", "fr")]}}


def wait_for(condition, proc: subprocess.Popen, timeout: float = 180) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if proc.poll() is not None:
            raise AssertionError(f"the run ended (code {proc.returncode}) before it could be killed: "
                                 f"{proc.stderr.read()[-2000:]}")
        if time.monotonic() > deadline:
            kill_group(proc)
            raise AssertionError("timed out waiting for the moment to kill the run")
        time.sleep(0.05)


def statuses(settings) -> dict[str, str]:
    with session_scope(settings.db_url) as s:
        return {d.recipient: d.status for d in s.scalars(select(Delivery))}


def complete_pdf(path) -> bool:
    data = path.read_bytes()
    return data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF") and subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True).returncode == 0


def test_killed_during_render_then_during_distribution(settings, config_copy, monkeypatch, prefect_harness):
    write_distribution(config_copy, EVERYONE)
    server = Recorder(data_delay=5)  # holds the first message long enough to kill the sender mid-send
    folder = settings.out_path / "weekly" / ANCHOR.isoformat()
    with smtp_server(server) as controller:
        smtp = {"REVIEWPREP_SMTP_HOST": "127.0.0.1", "REVIEWPREP_SMTP_PORT": str(controller.port),
                "REVIEWPREP_SMTP_SECURITY": "none"}
        for name, value in smtp.items():
            monkeypatch.setenv(name, value)
        env = {"PREFECT_API_URL": harness_api_url()}

        # 1. killed while rendering: the first PDF is out, the others are still being laid out
        run = start(RUN_WEEKLY, **env)
        wait_for(lambda: any(folder.glob("*.pdf")), run)
        kill_group(run)
        pdfs = sorted(folder.glob("*.pdf"))
        assert 1 <= len(pdfs) < 3, "the run was not killed mid-render"
        assert all(complete_pdf(p) for p in pdfs)  # what is visible under a final name is whole
        assert statuses(settings) == {} and server.messages == []

        # 2. killed while sending: the server holds the first message, the sender dies waiting
        run = start(RUN_WEEKLY, **env)
        wait_for(lambda: len(server.messages) == 1, run)
        kill_group(run)
        assert sorted(statuses(settings).values()) == ["pending", "pending", "sending"]

        # 3. run again to the end
        server.data_delay = 0
        from flows.weekly_readiness import weekly_readiness

        summary = weekly_readiness(as_of=ANCHOR, sources_file="data/sample/sources.yaml")

    check_outputs(settings, variants=3, after_kill=True)
    received = sorted(m["To"].addresses[0].addr_spec for m in server.messages)
    assert received == ["ana.restricted@example.org", "dan.public@example.org", "fleur.publique@example.org"]
    delivered = summary["distribution"]
    assert (delivered["sent"], delivered["sending"], delivered["errors"]) == (2, 1, [])
    [in_doubt] = delivered["problems"]  # reported, not re-sent: SMTP is at-most-once after a crash
    assert in_doubt["recipient"] == received[0] and "in doubt" in in_doubt["error"]
