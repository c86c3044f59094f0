"""A production stack for tests: Prefect's server on PostgreSQL with basic auth, workers, SMTP.

Everything binds loopback on free ports, runs in its own process group with its output in a
log file (never an unread pipe), and is killed at the end; the databases it made are dropped.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
import uuid
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path

import httpx
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from tests.conftest import REPO
from tests.distribution_helpers import person, write_distribution
from tests.smtp_server import Recorder, free_port, smtp_server

TERMINAL = {"COMPLETED", "FAILED", "CRASHED", "CANCELLED"}
LISTS = {
    "unit": {"reports": ["weekly", "brief"], "recipients": [person("Ana Restricted", "restricted", "en")]},
    "council": {"reports": ["weekly", "brief"], "recipients": [person("Dan Public", "public", "en")]},
}
ALERT_TO = "ops@example.org"  # config/alerts.yaml


def clean_environ() -> dict[str, str]:
    """This process's environment without reviewprep's or Prefect's API settings."""
    return {k: v for k, v in os.environ.items()
            if not k.startswith("REVIEWPREP_") and k not in (
                "PREFECT_API_URL", "PREFECT_API_AUTH_STRING", "PREFECT_API_KEY", "PREFECT_HOME",
                "PREFECT_SERVER_API_AUTH_STRING", "PREFECT_SERVER_DATABASE_CONNECTION_URL")}


@dataclass
class Proc:
    name: str
    popen: subprocess.Popen
    log: Path

    def output(self) -> str:
        return self.log.read_text(errors="replace") if self.log.exists() else ""

    def alive(self) -> bool:
        return self.popen.poll() is None

    def kill(self, sig: int = signal.SIGKILL) -> None:
        try:
            os.killpg(self.popen.pid, sig)
        except ProcessLookupError:
            pass
        try:
            self.popen.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(self.popen.pid, signal.SIGKILL)
            self.popen.wait(timeout=20)


@dataclass
class Stack:
    root: Path
    api: str
    auth: str
    app_db: str
    smtp: Recorder
    env: dict[str, str]  # for clients and workers: API, auth, application database, SMTP
    procs: list[Proc] = field(default_factory=list)

    @property
    def http(self) -> httpx.Client:
        return httpx.Client(base_url=self.api + "/", auth=tuple(self.auth.split(":", 1)), timeout=30)

    def start(self, name: str, *argv: str, env: dict | None = None) -> Proc:
        log = self.root / "logs" / f"{name}.log"
        log.parent.mkdir(parents=True, exist_ok=True)
        with open(log, "ab") as out:
            popen = subprocess.Popen([sys.executable, *argv], cwd=REPO, env=env or self.env, stdout=out,
                                     stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True)
        proc = Proc(name, popen, log)
        self.procs.append(proc)
        return proc

    def run(self, *argv: str, timeout: float = 300, env: dict | None = None) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, *argv], cwd=REPO, env=env or self.env, capture_output=True,
                              text=True, timeout=timeout, stdin=subprocess.DEVNULL)

    def start_worker(self, name: str) -> Proc:
        return self.start(name, "-m", "prefect", "worker", "start", "--pool", "reviewprep", "--name", name,
                          "--limit", "1", env={**self.env, "PREFECT_HOME": str(self.root / name),
                                               "PREFECT_LOGGING_LEVEL": "INFO"})

    def deployment_id(self, name: str) -> str:
        return self.http.get(f"deployments/name/{name}").raise_for_status().json()["id"]

    def create_run(self, deployment: str, **parameters) -> str:
        """A run of the deployment, scheduled for now: what the scheduler creates at the cron time."""
        with self.http as http:
            response = http.post(f"deployments/{self.deployment_id(deployment)}/create_flow_run",
                                 json={"parameters": parameters})
        return response.raise_for_status().json()["id"]

    def flow_run(self, run_id: str) -> dict:
        with self.http as http:
            return http.get(f"flow_runs/{run_id}").raise_for_status().json()

    def wait_state(self, run_id: str, states: set[str], timeout: float = 420) -> dict:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            run = self.flow_run(run_id)
            if run["state_type"] in states:
                return run
            assert run["state_type"] not in TERMINAL, f"run ended {run['state_type']}: {run['state']['message']}"
            time.sleep(1)
        raise AssertionError(f"run {run_id} not {states} after {timeout} s: {self.flow_run(run_id)['state_type']}"
                             f"\n{self.tail_logs()}")

    def worker_of(self, run_id: str) -> str:
        """The worker that took the run: it logged submitting it, and no abort (another got there first)."""
        took = [p.name for p in self.procs if f"submitting flow run '{run_id}'" in p.output()
                and f"Aborted submission of flow run '{run_id}'" not in p.output()]
        assert len(took) == 1, f"workers that took run {run_id}: {took}"
        return took[0]

    def artifacts(self, run_id: str) -> dict[str, str]:
        with self.http as http:
            found = http.post("artifacts/filter", json={"artifacts": {"flow_run_id": {"any_": [run_id]}}})
        return {a["key"]: a["data"] for a in found.raise_for_status().json() if a["key"]}

    def tail_logs(self) -> str:
        return "\n".join(f"--- {p.name}\n{p.output()[-2500:]}" for p in self.procs)

    def alerts(self) -> list:
        return self.smtp.to(ALERT_TO)


def _database(admin: str, name: str, stack: ExitStack) -> str:
    engine = create_engine(admin, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))

    def drop() -> None:
        with engine.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        engine.dispose()

    stack.callback(drop)
    return make_url(admin).set(database=name).render_as_string(hide_password=False)


def wait_http(url: str, proc: Proc, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert proc.alive(), f"{proc.name} exited:\n{proc.output()[-4000:]}"
        try:
            if httpx.get(url, timeout=5).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(1)
    raise AssertionError(f"{proc.name} did not answer at {url} within {timeout} s:\n{proc.output()[-4000:]}")


def production_stack(root: Path, admin_url: str):
    """Generator for a module fixture: the server (PostgreSQL, basic auth) answering, SMTP listening."""
    with ExitStack() as stack:
        prefix = f"{make_url(admin_url).database}_{uuid.uuid4().hex[:8]}"  # named after the run's database
        prefect_db = _database(admin_url, f"{prefix}_prefect", stack)
        app_db = _database(admin_url, f"{prefix}_app", stack)
        smtp = Recorder()
        controller = stack.enter_context(smtp_server(smtp))

        config = root / "config"
        shutil.copytree(REPO / "config", config)
        write_distribution(config, LISTS)
        port, auth = free_port(), f"reviewprep:{uuid.uuid4().hex}"
        api = f"http://127.0.0.1:{port}/api"
        env = {**clean_environ(), "PREFECT_API_URL": api, "PREFECT_API_AUTH_STRING": auth,
               "PREFECT_HOME": str(root / "client"), "PREFECT_WORKER_QUERY_SECONDS": "1",
               "PREFECT_FLOWS_HEARTBEAT_FREQUENCY": "30",
               "REVIEWPREP_HOME": str(REPO), "REVIEWPREP_DATABASE_URL": app_db,
               "REVIEWPREP_CONFIG_DIR": str(config), "REVIEWPREP_VAR_DIR": str(root / "var"),
               "REVIEWPREP_OUT_DIR": str(root / "out"), "REVIEWPREP_SMTP_HOST": "127.0.0.1",
               "REVIEWPREP_SMTP_PORT": str(controller.port), "REVIEWPREP_SMTP_SECURITY": "none",
               "REVIEWPREP_SMTP_SENDER": "USMCA unit <usmca@example.org>"}
        s = Stack(root=root, api=api, auth=auth, app_db=app_db, smtp=smtp, env=env)
        stack.callback(lambda: [p.kill() for p in s.procs])

        server_env = {**clean_environ(), "PREFECT_HOME": str(root / "server"),
                      "PREFECT_SERVER_API_AUTH_STRING": auth}
        server = s.start("server", "-m", "reviewprep.cli", "server", "--port", str(port),
                         "--database-url", prefect_db, env=server_env)
        wait_http(f"{api}/health", server, 300)
        yield s
