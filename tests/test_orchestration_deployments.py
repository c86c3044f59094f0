"""prefect.yaml agrees with config, the deployments carry the schedule, the flows show typed forms."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest
import yaml

from reviewprep.deployments import WEEKLY_ENTRYPOINT, load_deployments, runner_deployments
from reviewprep.errors import ConfigError
from reviewprep.framework.load import load_review_calendar
from tests.conftest import REPO
from tests.smtp_server import free_port


def harness_api_url() -> str:
    """The session test server's URL, for subprocesses (they need a server that answers)."""
    from prefect.settings import PREFECT_API_URL

    return PREFECT_API_URL.value()


def test_prefect_yaml_schedule_is_the_one_in_config_review_yaml():
    calendar = load_review_calendar(REPO / "config")
    specs = {s.name: s for s in load_deployments(REPO, calendar)}
    assert set(specs) == {"weekly", "manual"}
    [schedule] = specs["weekly"].schedules
    assert (schedule.cron, schedule.timezone) == (calendar.weekly_schedule.cron, calendar.weekly_schedule.timezone)
    assert specs["weekly"].entrypoint == WEEKLY_ENTRYPOINT
    assert specs["manual"].entrypoint == "flows/ministerial_brief.py:ministerial_brief"
    assert specs["manual"].schedules == []


def test_a_schedule_that_drifted_from_config_is_refused(tmp_path):
    data = yaml.safe_load((REPO / "prefect.yaml").read_text(encoding="utf-8"))
    data["deployments"][0]["schedules"][0]["cron"] = "0 7 * * 1"
    (tmp_path / "prefect.yaml").write_text(yaml.safe_dump(data), encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_deployments(tmp_path, load_review_calendar(REPO / "config"))
    assert caught.value.key == "deployments.0.schedules" and "'0 6 * * 1' America/Toronto" in caught.value.problem

    data["deployments"][0]["schedules"][0]["cron"] = "0 6 * * 1"
    data["deployments"][1]["schedules"] = data["deployments"][0]["schedules"]  # the brief is manual only
    (tmp_path / "prefect.yaml").write_text(yaml.safe_dump(data), encoding="utf-8")
    with pytest.raises(ConfigError, match="'manual' must have schedule none"):
        load_deployments(tmp_path, load_review_calendar(REPO / "config"))


def test_runner_deployments_have_cron_timezone_and_typed_parameters():
    calendar = load_review_calendar(REPO / "config")
    weekly, brief = runner_deployments(REPO, load_deployments(REPO, calendar))
    assert (weekly.flow_name, weekly.name, brief.flow_name, brief.name) == (
        "weekly-readiness", "weekly", "ministerial-brief", "manual")
    [schedule] = weekly.schedules
    assert (schedule.schedule.cron, schedule.schedule.timezone) == ("0 6 * * 1", "America/Toronto")
    assert brief.schedules == []
    assert weekly.parameters == {"languages": ["en", "fr", "es"], "audiences": ["public", "restricted"],
                                 "distribute": True}

    form = brief._parameter_openapi_schema.properties  # what the Prefect UI renders as the run form
    assert form["meeting_date"]["format"] == "date" and form["meeting"]["type"] == "string"
    assert form["chapters"]["items"]["enum"] == ["ch12", "ch16", "ch19", "ch25", "ch26", "ch28"]
    assert form["parties"]["items"]["enum"] == ["US", "CA", "MX"]
    assert form["languages"]["items"]["enum"] == ["en", "fr", "es"]
    assert form["audiences"]["items"]["enum"] == ["public", "restricted"]
    assert weekly._parameter_openapi_schema.properties["as_of"]["anyOf"][0]["format"] == "date"


def test_run_forms_have_titles_help_and_list_defaults():
    """Every parameter has a title and help; list parameters are plain arrays defaulting to [] (no
    "list | None" toggle); codes are offered with their names."""
    calendar = load_review_calendar(REPO / "config")
    weekly, brief = runner_deployments(REPO, load_deployments(REPO, calendar))
    for deployment in (weekly, brief):
        schema = deployment._parameter_openapi_schema
        for name, prop in schema.properties.items():
            assert prop.get("title") and prop.get("description"), (deployment.name, name)
            if "items" in prop or any("items" in alt for alt in prop.get("anyOf", [])):
                assert prop["type"] == "array" and "anyOf" not in prop, (deployment.name, name)
                assert isinstance(prop.get("default"), list), (deployment.name, name)
    form = brief._parameter_openapi_schema.properties
    assert brief._parameter_openapi_schema.required == ["meeting", "meeting_date"]
    assert (form["chapters"]["title"], form["chapters"]["default"]) == ("Chapters in focus", [])
    assert "ch26 = 26 Competitiveness" in form["chapters"]["description"]
    assert "MX = Mexico" in form["parties"]["description"] and form["parties"]["default"] == []
    assert "es = Spanish" in form["languages"]["description"]
    assert "restricted = all inputs" in form["audiences"]["description"]
    assert form["recipients"]["default"] == [] and form["distribute"]["type"] == "boolean"
    assert form["wait_for_approval"]["title"] == "Wait for approval"


def test_only_delivery_retries():
    """Gather, score and render are deterministic: no retries. Delivery retries on transient errors."""
    from flows.ministerial_brief import render_brief_variant, score_brief
    from flows.weekly_readiness import gather_source, render_variant, score
    from reviewprep.distribute.run import deliver_list_task

    tasks = (gather_source, score, render_variant, score_brief, render_brief_variant)
    assert [t.retries for t in tasks] == [0, 0, 0, 0, 0]
    assert deliver_list_task.retry_condition_fn is not None


def test_serve_without_a_server_says_how_to_start_one(tmp_path):
    env = {**os.environ, "PREFECT_API_URL": f"http://127.0.0.1:{free_port()}/api",
           "PREFECT_HOME": str(tmp_path / "prefect")}
    done = subprocess.run([sys.executable, "-m", "reviewprep.cli", "serve"], env=env, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 2, done.stderr
    assert "no Prefect server answers at http://127.0.0.1:" in done.stderr and "reviewprep server" in done.stderr
    assert "Traceback" not in done.stderr


def test_serve_refuses_a_drifted_prefect_yaml(tmp_path, prefect_harness):
    home = tmp_path / "home"
    for name in ("config", "flows", "templates"):
        shutil.copytree(REPO / name, home / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(REPO / "prefect.yaml", home / "prefect.yaml")
    (home / "config" / "review.yaml").write_text(
        (REPO / "config" / "review.yaml").read_text(encoding="utf-8").replace('"0 6 * * 1"', '"30 5 * * 1"'),
        encoding="utf-8")
    env = {**os.environ, "REVIEWPREP_HOME": str(home), "PREFECT_API_URL": harness_api_url()}
    done = subprocess.run([sys.executable, "-m", "reviewprep.cli", "serve"], env=env, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 2
    assert "prefect.yaml: deployments.0.schedules: deployment 'weekly' must have schedule '30 5 * * 1'" in done.stderr
