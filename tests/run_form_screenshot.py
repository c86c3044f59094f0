"""Screenshot the ministerial brief's run form in Prefect's UI with headless Chromium (a manual check).

    .venv/bin/python tests/run_form_screenshot.py OUT.png

Starts a throw-away Prefect server (its own PREFECT_HOME, a free port, loopback only),
registers the deployments of prefect.yaml, opens the brief's "Custom run" page in
Chromium (Debian package `chromium`) and writes the screenshot. Not part of `make test`;
tests/test_orchestration_deployments.py asserts the schema the form is drawn from.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tests.smtp_server import free_port  # noqa: E402


def main(out: Path) -> None:
    port = free_port()
    home = tempfile.mkdtemp(prefix="prefect-ui-")
    env = {**os.environ, "PREFECT_HOME": home, "PREFECT_API_URL": f"http://127.0.0.1:{port}/api",
           "PREFECT_SERVER_ANALYTICS_ENABLED": "false", "PREFECT_UI_API_URL": f"http://127.0.0.1:{port}/api"}
    server = subprocess.Popen([sys.executable, "-m", "prefect", "server", "start", "--host", "127.0.0.1",
                               "--port", str(port)], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                              start_new_session=True)
    try:
        for _ in range(600):
            try:
                if httpx.get(f"http://127.0.0.1:{port}/api/health", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            time.sleep(1)
        register = (
            "from reviewprep.deployments import load_deployments, runner_deployments\n"
            "from reviewprep.framework import load_review_calendar\n"
            "from pathlib import Path\n"
            f"home = Path({str(REPO)!r})\n"
            "for d in runner_deployments(home, load_deployments(home, load_review_calendar(home / 'config'))):\n"
            "    print(d.flow_name, d.apply())\n")
        ids = subprocess.run([sys.executable, "-c", register], env=env, cwd=REPO, capture_output=True, text=True,
                             check=True).stdout.split()
        brief_id = ids[ids.index("ministerial-brief") + 1]
        url = f"http://127.0.0.1:{port}/deployments/deployment/{brief_id}/run"
        subprocess.run(["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                        "--window-size=1280,2000", "--virtual-time-budget=20000",
                        f"--screenshot={out}", url], check=True, capture_output=True, timeout=180)
        print(f"{url} -> {out}")
    finally:
        os.killpg(server.pid, 15)
        server.wait(30)


if __name__ == "__main__":
    main(Path(sys.argv[1]).resolve())
