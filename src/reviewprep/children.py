"""Child processes die with the command that started them; the next command removes what a crash left.

`kill -9` gives a command no chance to stop its children, and the kernel re-parents
them to PID 1: Prefect's temporary server (≈200 MB, still listening) and the PDF
workers (≈155 MB each) would stay for minutes. So:

- the temporary server is started through this module's launcher, which asks the
  kernel for SIGKILL when its parent dies (Linux `PR_SET_PDEATHSIG`) and then execs it;
- each PDF worker runs a watchdog thread that ends it once its parent is gone (the
  parent-death signal would fire when the *thread* that spawned the worker ends, and
  Prefect's task threads come and go, so workers poll instead);
- every child is recorded under `var/run/children/`, and the next command stops any
  recorded child that outlived its parent (matched by PID *and* start time, so a
  recycled PID is never touched), then forgets the record.
"""

from __future__ import annotations

import contextlib
import ctypes
import json
import os
import signal
import sys
import threading
import time
import types
from pathlib import Path

import psutil

from reviewprep.permissions import private_dir

PR_SET_PDEATHSIG = 1
POLL_SECONDS = 0.5


def records_dir(var_dir: Path) -> Path:
    return var_dir / "run" / "children"


def set_parent_death_signal(sig: int = signal.SIGKILL) -> bool:
    """Ask the kernel to send `sig` to this process when its parent dies (Linux only)."""
    if not sys.platform.startswith("linux"):
        return False
    libc = ctypes.CDLL(None, use_errno=True)
    return libc.prctl(PR_SET_PDEATHSIG, int(sig), 0, 0, 0) == 0


def exit_when_orphaned(parent: int | None = None) -> None:
    """End this process as soon as its parent is gone, whichever thread of the parent started it.

    Give `parent` when known: read here, a parent already dead would look like the living one."""
    parent = parent or os.getppid()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(POLL_SECONDS)
        os._exit(1)

    threading.Thread(target=watch, name="exit-when-orphaned", daemon=True).start()


def record(var_dir: Path, pid: int, what: str, parent: int | None = None) -> None:
    """Note `pid` as a child of `parent` (this process), so a later command can stop it if the parent is killed.

    Best effort: a command whose var/ cannot be written still runs (its children still die with it).
    """
    folder = records_dir(var_dir)
    try:
        private_dir(folder)
        owner = psutil.Process(parent or os.getpid())
        entry = {"pid": pid, "started": psutil.Process(pid).create_time(), "what": what,
                 "parent": owner.pid, "parent_started": owner.create_time()}
        (folder / f"{pid}.json").write_text(json.dumps(entry), encoding="utf-8")
    except (OSError, psutil.Error):
        pass


def _alive(pid: int, started: float) -> psutil.Process | None:
    """The process `pid` if it is the one that started at `started`, not a later one given the same PID."""
    try:
        proc = psutil.Process(pid)
        return proc if abs(proc.create_time() - started) < 0.01 and proc.status() != psutil.STATUS_ZOMBIE else None
    except psutil.Error:
        return None


def reap_orphans(var_dir: Path) -> list[str]:
    """Stop every recorded child whose parent is gone; forget records of children that ended. Returns what was stopped."""
    folder = records_dir(var_dir)
    if not folder.is_dir():
        return []
    stopped = []
    for path in folder.glob("*.json"):
        try:
            entry = json.loads(path.read_text(encoding="utf-8"))
            child = _alive(int(entry["pid"]), float(entry["started"]))
            parent_alive = _alive(int(entry["parent"]), float(entry["parent_started"])) is not None
        except (OSError, ValueError, KeyError, TypeError):
            path.unlink(missing_ok=True)  # half-written by a killed command: nothing to match it to
            continue
        if child is not None and parent_alive:
            continue  # its command is still running
        if child is not None:
            _stop(child)
            stopped.append(f"{entry['what']} (PID {entry['pid']})")
        path.unlink(missing_ok=True)
    return stopped


def _stop(proc: psutil.Process) -> None:
    with contextlib.suppress(psutil.Error):
        proc.terminate()
        try:
            proc.wait(timeout=5)
        except psutil.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=5)


def start_temporary_server(var_dir: Path) -> None:
    """Start Prefect's temporary server now, from this (the main) thread, through the launcher.

    Prefect then uses it as its own (one instance per process). Nothing happens when a
    server is configured (PREFECT_API_URL) or temporary servers are off.
    """
    from prefect.server.api import server as prefect_server
    from prefect.settings import PREFECT_API_URL, PREFECT_SERVER_EPHEMERAL_ENABLED

    if PREFECT_API_URL.value() or not PREFECT_SERVER_EPHEMERAL_ENABLED.value():
        return
    if None in prefect_server.SubprocessASGIServer._instances:
        return

    class GuardedServer(prefect_server.SubprocessASGIServer):
        def _run_uvicorn_command(self):
            real = prefect_server.subprocess
            prefect_server.subprocess = _launching(real)
            try:
                proc = super()._run_uvicorn_command()
            finally:
                prefect_server.subprocess = real
            record(var_dir, proc.pid, "Prefect temporary server")
            return proc

    GuardedServer().start()


def _launching(real: types.ModuleType) -> types.SimpleNamespace:
    """`subprocess` whose Popen runs the command through this module's launcher."""

    def popen(args, *rest, **kwargs):
        guarded = [sys.executable, "-m", "reviewprep.children", str(os.getpid()), *args]
        return real.Popen(guarded, *rest, **kwargs)

    return types.SimpleNamespace(**{**vars(real), "Popen": popen})


def launch(argv: list[str]) -> None:
    """`python -m reviewprep.children PARENT_PID COMMAND…`: die with PARENT_PID, then become COMMAND."""
    parent, command = int(argv[0]), argv[1:]
    set_parent_death_signal()
    if os.getppid() != parent:  # the parent died before the signal was armed
        os._exit(1)
    os.execv(command[0], command)


if __name__ == "__main__":
    launch(sys.argv[1:])
