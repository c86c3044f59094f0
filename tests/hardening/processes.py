"""`reviewprep` in child processes: exit code, output and the process's own peak memory."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

SCRIPT = Path(sys.executable).with_name("reviewprep")
PEAK_RSS = Path(__file__).resolve().parents[2] / "bench" / "peak_rss.py"


@dataclass
class Done:
    code: int
    out: str
    err: str
    peak_rss_mb: float


def reviewprep(*args: str, timeout: float = 600) -> Done:
    """Run the installed console script to the end, measured by bench/peak_rss.py (not counting pytest)."""
    with tempfile.TemporaryDirectory() as tmp:
        rss = Path(tmp) / "rss"
        proc = subprocess.Popen([sys.executable, "-S", str(PEAK_RSS), str(rss), str(SCRIPT), *args],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                env=os.environ.copy(), start_new_session=True)
        try:
            out, err = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            raise
        return Done(proc.returncode, out, err, round(int(rss.read_text()) / 1024, 1))


def start_reviewprep(*args: str) -> subprocess.Popen:
    """The console script in the background, in its own process group (so a kill takes it whole)."""
    return subprocess.Popen([str(SCRIPT), *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env=os.environ.copy(), start_new_session=True)
