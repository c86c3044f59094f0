"""`kill -9` of a run: its temporary Prefect server and PDF workers die with it; the next command
stops any recorded child that outlived its parent anyway."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time

import psutil
import pytest

from reviewprep import cli
from reviewprep.children import records_dir
from tests.hardening.processes import start_reviewprep


def alive(pid: int, started: float) -> bool:
    try:
        proc = psutil.Process(pid)
        return abs(proc.create_time() - started) < 0.01 and proc.status() != psutil.STATUS_ZOMBIE
    except psutil.Error:
        return False


def describe(proc: psutil.Process) -> str:
    try:
        line = " ".join(proc.cmdline())
    except psutil.Error:
        return "?"
    return "Prefect server" if "uvicorn" in line else "PDF worker" if "multiprocessing" in line else proc.name()


@pytest.mark.slow_hardening
def test_kill_9_of_a_run_leaves_no_child_alive(settings, monkeypatch, table):
    monkeypatch.delenv("PREFECT_API_URL", raising=False)  # the run starts its own temporary server
    run = start_reviewprep("demo", "--no-distribute", "--lang", "en,fr,es", "--audience", "public,restricted")
    deadline, kids = time.monotonic() + 300, []
    try:
        while time.monotonic() < deadline and run.poll() is None:
            kids = psutil.Process(run.pid).children(recursive=True)
            kinds = {describe(k) for k in kids}
            if {"Prefect server", "PDF worker"} <= kinds:
                break
            time.sleep(0.2)
        assert run.poll() is None, f"the run ended before it could be killed: {run.stderr.read()[-2000:]}"
        seen = [(k.pid, k.create_time(), describe(k)) for k in kids]
        os.kill(run.pid, signal.SIGKILL)  # the run only, as an operator or the OOM killer would
        run.wait(timeout=30)
        until = time.monotonic() + 10
        while time.monotonic() < until and any(alive(pid, started) for pid, started, _ in seen):
            time.sleep(0.2)
        survivors = [what for pid, started, what in seen if alive(pid, started)]
    finally:
        for pid, started, _ in [(k.pid, k.create_time(), "") for k in kids if k.is_running()]:
            if alive(pid, started):
                os.kill(pid, signal.SIGKILL)
    table.check("kill -9 of `reviewprep demo` while it renders (temporary Prefect server + PDF workers)",
                "every child gone within 10 s", f"children then: {', '.join(w for *_, w in seen)}; "
                f"alive after: {survivors or 'none'}",
                not survivors and {"Prefect server", "PDF worker"} <= {w for *_, w in seen})
    table.assert_all_passed()


def test_the_next_command_stops_a_recorded_child_that_outlived_its_parent(settings, capsys, table):
    # an orphan: `sleep` whose shell has exited, recorded as that shell's child
    shell = subprocess.Popen(["sh", "-c", "sleep 300 & echo $!; sleep 0.5"], stdout=subprocess.PIPE, text=True)
    shell_started = psutil.Process(shell.pid).create_time()
    orphan = int(shell.stdout.readline())
    orphan_started = psutil.Process(orphan).create_time()
    shell.wait()
    # and a child whose parent (this test) is alive: left alone
    mine = subprocess.Popen(["sleep", "300"])
    folder = records_dir(settings.var_path)
    folder.mkdir(parents=True)
    for pid, started, parent, parent_started in [
            (orphan, orphan_started, shell.pid, shell_started),
            (mine.pid, psutil.Process(mine.pid).create_time(), os.getpid(), psutil.Process().create_time())]:
        (folder / f"{pid}.json").write_text(json.dumps({"pid": pid, "started": started, "what": "test child",
                                                        "parent": parent, "parent_started": parent_started}))
    try:
        assert cli.main(["framework", "show", "--json"]) == 0
        err = capsys.readouterr().err
        table.check("a recorded child alive after its parent died, then `reviewprep framework show`",
                    "the orphan stopped and named; a child of a live command left alone",
                    f"orphan alive={alive(orphan, orphan_started)}, live command's child alive={mine.poll() is None}, "
                    f"said: {err.strip()}",
                    not alive(orphan, orphan_started) and mine.poll() is None and f"PID {orphan}" in err)
    finally:
        mine.kill()
        if alive(orphan, orphan_started):
            os.kill(orphan, signal.SIGKILL)
    table.assert_all_passed()
