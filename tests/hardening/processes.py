"""`reviewprep` in child processes: exit code, output and the peak memory of the process."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path

SCRIPT = Path(sys.executable).with_name("reviewprep")


@dataclass
class Done:
    code: int
    out: str
    err: str
    peak_rss_mb: float


def reviewprep(*args: str, timeout: float = 600) -> Done:
    """Run the installed console script to the end; its peak RSS comes from wait4 (its own, not ours)."""
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        proc = subprocess.Popen([str(SCRIPT), *args], stdout=out, stderr=err, text=True, env=os.environ.copy())
        watchdog = threading.Timer(timeout, proc.kill)
        watchdog.start()
        try:
            _, status, usage = os.wait4(proc.pid, 0)
        finally:
            watchdog.cancel()
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        return Done(proc.returncode, out.read(), err.read(), round(usage.ru_maxrss / 1024, 1))


def start_reviewprep(*args: str) -> subprocess.Popen:
    """The console script in the background, in its own process group (so a kill takes it whole)."""
    return subprocess.Popen([str(SCRIPT), *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env=os.environ.copy(), start_new_session=True)
