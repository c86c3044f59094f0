"""Run a command; write its own peak resident memory (kB) to RSS_FILE; exit with its exit code.

    python -S bench/peak_rss.py RSS_FILE COMMAND [ARG...]

Linux carries a process's peak RSS across fork and exec, so a child started straight from
a large process (pytest, a benchmark that has loaded a lot) reports at least its parent's
size. This small interpreter (-S: nothing but the standard library) forks the command from
itself and reads the command's peak with wait4, so the figure is the command's alone (with
any children it waited for, e.g. PDF workers: the largest of them).
Used by bench/run.py and tests/hardening; the other benchmarks call `measured`.
"""

import json
import os
import subprocess
import sys
import tempfile


class ChildFailed(Exception):
    """A measured command failed: said in one line (its exit code and last error line), not as a traceback."""


def measured(command: list[str]) -> tuple[dict, float]:
    """Run `command` (a benchmark child printing one JSON object) under this script: that
    object and the command's own peak resident memory in MB."""
    with tempfile.TemporaryDirectory(prefix="bench-rss-") as tmp:
        rss = os.path.join(tmp, "rss")
        done = subprocess.run([sys.executable, "-S", __file__, rss, *command], capture_output=True, text=True)
        if done.returncode:
            raise ChildFailed(f"exited {done.returncode}: "
                              f"{(done.stderr.strip().splitlines() or ['no message'])[-1]}")
        with open(rss) as fh:
            return json.loads(done.stdout), round(int(fh.read()) / 1024, 1)


def main() -> int:
    rss_file, command = sys.argv[1], sys.argv[2:]
    pid = os.fork()
    if pid == 0:
        try:
            os.execvp(command[0], command)
        finally:
            os._exit(127)
    _, status, usage = os.wait4(pid, 0)
    with open(rss_file, "w") as fh:
        fh.write(str(usage.ru_maxrss))
    return os.waitstatus_to_exitcode(status)


if __name__ == "__main__":
    sys.exit(main())
