"""Trends with a tolerance: improving or deteriorating only beyond `trend.stable_within`
points a week and with `trend.minimum_points_for_direction` weekly scores; the outlook
counts a slope within the tolerance as no change. The demo's flat chapter reads stable."""

from __future__ import annotations

import datetime as dt

import pytest
import yaml

from reviewprep import jobs
from reviewprep.scoring.config import load_scoring
from tests.conftest import REPO
from tests.numbers_helpers import cell, cli, ingest, scores, write_assessments

SAMPLE_ANCHOR = dt.date(2026, 11, 20)


def load_sample(settings) -> None:
    jobs.prepare_database(settings)
    for source in jobs.configured_sources(settings, REPO / "data/sample/sources.yaml"):
        jobs.gather(settings, source)


def chapter(data: dict, code: str) -> dict:
    return next(c for c in data["chapters"] if c["code"] == code)


def test_the_settings_are_documented_and_loaded():
    config = load_scoring(REPO / "config")
    assert config.trend.stable_within == 0.25 and config.trend.minimum_points_for_direction == 4
    doc = (REPO / "docs" / "methodology.md").read_text(encoding="utf-8")
    assert "trend.stable_within" in doc and "trend.minimum_points_for_direction" in doc


def test_the_flat_sample_chapter_reads_stable(settings, capsys):
    load_sample(settings)
    for audience in ("public", "restricted"):
        data = scores(capsys, "--audience", audience, as_of=SAMPLE_ANCHOR)
        ch19 = chapter(data, "ch19")
        assert ch19["trend"]["slope_per_week"] is not None
        assert abs(ch19["trend"]["slope_per_week"]) <= 0.25
        assert ch19["trend"]["direction"] == "stable"
        assert ch19["outlook"]["band"] != "deteriorating"
        # a cell within the tolerance is stable too, and its outlook is not "deteriorating"
        for c in data["cells"]:
            slope = c["trend"]["slope_per_week"]
            if slope is not None and abs(slope) <= 0.25:
                assert c["trend"]["direction"] == "stable"
                assert c["outlook"]["band"] != "deteriorating"
            if slope is not None and abs(slope) > 0.25 and c["trend"]["direction"] != "stable":
                assert c["trend"]["direction"] == ("improving" if slope > 0 else "deteriorating")


def test_the_tolerance_is_configurable(settings, capsys, config_copy):
    load_sample(settings)
    path = config_copy / "scoring.yaml"
    data = yaml.safe_load(path.read_text())
    data["trend"]["stable_within"] = 0.0
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    result = scores(capsys, as_of=SAMPLE_ANCHOR)
    slope = chapter(result, "ch19")["trend"]["slope_per_week"]
    if slope:
        assert chapter(result, "ch19")["trend"]["direction"] == ("improving" if slope > 0 else "deteriorating")


def test_too_few_points_is_stable_not_a_direction(settings, capsys, tmp_path):
    # three ratings arriving over the last three weeks: a slope from 3 points, fewer than 4
    rows = [("ch26", "R3", "MX", level, days, f"Org {days}", "government", "MX")
            for level, days in ((4, 0), (2, 7), (0, 14))]
    ingest(capsys, write_assessments(tmp_path / "a.csv", rows))
    mx = cell(scores(capsys), "ch26", "R3", "MX")
    assert mx["trend"]["slope_per_week"] is None or mx["trend"]["direction"] == "stable"


@pytest.mark.parametrize("key,value", [("stable_within", -1), ("minimum_points_for_direction", 1)])
def test_bad_trend_settings_are_refused(settings, capsys, config_copy, key, value):
    path = config_copy / "scoring.yaml"
    data = yaml.safe_load(path.read_text())
    data["trend"][key] = value
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    code, _, err = cli(capsys, "framework", "show")  # every command checks the config first
    assert code != 0 and key in err and "Traceback" not in err
