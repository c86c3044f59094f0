"""The deployments declared in prefect.yaml, checked against config and served from one process.

prefect.yaml is what `prefect deploy` reads in production; `reviewprep serve` reads the
same file so names, parameters and tags cannot drift between the two. The weekly
schedule lives in config/review.yaml: a deployment of the weekly flow must carry
exactly that schedule, and every other deployment none.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from reviewprep.errors import ConfigError
from reviewprep.framework.load import validate
from reviewprep.framework.models import ReviewCalendar

WEEKLY_ENTRYPOINT = "flows/weekly_readiness.py:weekly_readiness"


class ScheduleSpec(BaseModel):
    model_config = ConfigDict(extra="forbid")
    cron: str
    timezone: str
    active: bool = True


class DeploymentSpec(BaseModel):
    model_config = ConfigDict(extra="ignore")  # work_pool etc. are for `prefect deploy`
    name: str = Field(min_length=1)
    entrypoint: str = Field(pattern=r"^[\w./-]+\.py:\w+$")
    description: str = ""
    tags: list[str] = Field(default_factory=list)
    parameters: dict = Field(default_factory=dict)
    schedules: list[ScheduleSpec] = Field(default_factory=list)


class ProjectFile(BaseModel):
    model_config = ConfigDict(extra="ignore")  # build, push, pull: for `prefect deploy`
    deployments: list[DeploymentSpec] = Field(min_length=1)


def load_deployments(home: Path, calendar: ReviewCalendar) -> list[DeploymentSpec]:
    """prefect.yaml's deployments; a schedule that disagrees with config/review.yaml is a ConfigError."""
    path = home / "prefect.yaml"
    specs = validate(path, ProjectFile).deployments
    wanted = ScheduleSpec(cron=calendar.weekly_schedule.cron, timezone=calendar.weekly_schedule.timezone)
    for i, spec in enumerate(specs):
        expected = [wanted] if spec.entrypoint == WEEKLY_ENTRYPOINT else []
        if spec.schedules != expected:
            shown = ", ".join(f"{s.cron!r} {s.timezone}" for s in expected) or "none"
            raise ConfigError(str(path), f"deployments.{i}.schedules",
                              f"deployment {spec.name!r} must have schedule {shown} "
                              f"(weekly_schedule in config/review.yaml); change both files together")
    return specs


def load_flow(home: Path, spec: DeploymentSpec):
    from prefect.flows import load_flow_from_entrypoint

    path, function = spec.entrypoint.split(":")
    if not (home / path).is_file():
        raise ConfigError(str(home / "prefect.yaml"), spec.name, f"entrypoint file {path} does not exist")
    return load_flow_from_entrypoint(f"{home / path}:{function}", use_placeholder_flow=False)


def runner_deployments(home: Path, specs: list[DeploymentSpec]) -> list:
    """`flow.to_deployment(...)` for each spec, for `prefect.serve`."""
    from prefect.schedules import Cron

    return [
        load_flow(home, spec).to_deployment(
            name=spec.name, description=spec.description or None, tags=spec.tags,
            parameters=spec.parameters,
            schedules=[Cron(s.cron, timezone=s.timezone, active=s.active) for s in spec.schedules],
        )
        for spec in specs
    ]
