"""`reviewprep deploy`: the `reviewprep` process work pool, then `prefect deploy --all` from prefect.yaml.

prefect.yaml stays the one declaration of the deployments; this only checks it against
config/review.yaml first and makes sure the pool exists (an existing pool, and any base
job template an operator gave it, is left as it is). REVIEWPREP_HOME is left out of the
deploy's environment, so the pull step's `{{ $REVIEWPREP_HOME }}` is resolved on each
worker: workers on different hosts may keep their checkouts in different places.
"""

from __future__ import annotations

import os
import subprocess
import sys

from reviewprep import jobs
from reviewprep.deployments import load_deployments
from reviewprep.errors import JobFailed
from reviewprep.settings import Settings

POOL = "reviewprep"


def ensure_work_pool(name: str = POOL, pool_type: str = "process") -> bool:
    """Create the work pool unless it exists; True when it was created."""
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.actions import WorkPoolCreate
    from prefect.exceptions import ObjectNotFound

    with get_client(sync_client=True) as client:
        try:
            client.read_work_pool(name)
            return False
        except ObjectNotFound:
            client.create_work_pool(WorkPoolCreate(name=name, type=pool_type))
            return True


def deploy_all(settings: Settings) -> list[str]:
    """Register every deployment of prefect.yaml; their names as `flow/deployment`."""
    specs = load_deployments(settings.home, jobs.load_config(settings).calendar)
    env = {k: v for k, v in os.environ.items() if k != "REVIEWPREP_HOME"}
    result = subprocess.run([sys.executable, "-m", "prefect", "--no-prompt", "deploy", "--all"],
                            cwd=settings.home, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise JobFailed(f"`prefect deploy --all` failed:\n{(result.stdout + result.stderr)[-3000:]}")
    return [spec.name for spec in specs]
