"""The framework and calendar config: the shipped files are valid; bad ones stop clearly."""

from __future__ import annotations

import datetime as dt
import json

import pytest
import yaml

from reviewprep.cli import main
from reviewprep.errors import ConfigError
from reviewprep.framework import load_framework, load_review_calendar
from tests.conftest import REPO

EXPECTED_MATRIX = {
    "ch12": ["R1", "R2", "R7", "R9"],
    "ch16": ["R1", "R2", "R3", "R8", "R9"],
    "ch19": ["R1", "R3", "R4", "R5", "R6", "R9", "R10"],
    "ch25": ["R1", "R5", "R6", "R9", "R10"],
    "ch26": ["R1", "R2", "R3", "R4", "R5", "R7", "R8", "R9", "R10"],
    "ch28": ["R1", "R2", "R9"],
}


def test_shipped_framework_matches_design():
    fw = load_framework(REPO / "config")
    assert [c.code for c in fw.chapters] == ["ch12", "ch16", "ch19", "ch25", "ch26", "ch28"]
    assert [r.code for r in fw.recommendations] == [f"R{i}" for i in range(1, 11)]
    assert fw.summary()["applicability"] == EXPECTED_MATRIX
    for rec in fw.recommendations:
        for lang in ("en", "fr", "es"):
            assert rec.title(lang) and len(rec.summary(lang)) > 80


def test_framework_show_json(capsys):
    assert main(["framework", "show", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert len(data["chapters"]) == 6 and all("code" in c for c in data["chapters"])
    assert len(data["recommendations"]) == 10 and all("code" in r for r in data["recommendations"])
    assert data["applicability"] == EXPECTED_MATRIX


def test_review_calendar_is_annual_after_2026():
    cal = load_review_calendar(REPO / "config")
    assert cal.next_review(dt.date(2026, 3, 1)) == dt.date(2026, 7, 1)
    assert cal.next_review(dt.date(2026, 11, 23)) == dt.date(2027, 7, 1)
    assert cal.days_to_next_review(dt.date(2027, 6, 30)) == 1
    assert cal.review_dates()[-1] == dt.date(2036, 7, 1)
    assert cal.next_review(dt.date(2036, 7, 2)) is None


def _edit(path, change):
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")


@pytest.mark.parametrize(
    ("change", "key", "problem"),
    [
        (lambda d: d["chapters"].pop(), "chapters", "must list each of"),
        (lambda d: d["recommendations"][0].update(code="R11"), "recommendations.0.code", "Input should be"),
        (lambda d: d["chapters"][0]["name"].pop("fr"), "chapters.0.name.fr", "Field required"),
        (lambda d: d["obligations"][0].update(recommendations=["R6"]), "", "not applicable to"),
        (lambda d: d["obligations"][0]["due"].update(first_year="soon"), "obligations.0.due.yearly.first_year", "integer"),
        (lambda d: d.update(surprise=1), "surprise", "Extra inputs"),
    ],
)
def test_bad_framework_names_file_key_and_problem(config_copy, change, key, problem):
    _edit(config_copy / "framework.yaml", change)
    with pytest.raises(ConfigError) as err:
        load_framework(config_copy)
    assert err.value.file.endswith("framework.yaml")
    assert key in err.value.key
    assert problem in str(err.value)


def test_yaml_syntax_error_gives_line(config_copy):
    (config_copy / "review.yaml").write_text("joint_review: [2026-07-01\n", encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        load_review_calendar(config_copy)
    assert "line" in err.value.key and "invalid YAML" in err.value.problem


def test_not_utf8_config(config_copy):
    (config_copy / "review.yaml").write_bytes("joint_review: 2026-07-01 # révision\n".encode("cp1252"))
    with pytest.raises(ConfigError, match="not UTF-8"):
        load_review_calendar(config_copy)


def test_calendar_order_checked(config_copy):
    _edit(config_copy / "review.yaml", lambda d: d.update(term_end=dt.date(2020, 1, 1)))
    with pytest.raises(ConfigError, match="entry_into_force < joint_review < term_end"):
        load_review_calendar(config_copy)


def test_cli_bad_config_exits_2_without_traceback(config_copy, capsys):
    _edit(config_copy / "framework.yaml", lambda d: d["chapters"].pop())
    assert main(["framework", "show"]) == 2
    err = capsys.readouterr().err
    assert "framework.yaml: chapters:" in err and "Traceback" not in err


def test_cli_bad_usage_exits_2(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["run", "--lang", "de"])
    assert exit_.value.code == 2
    assert "unknown language de" in capsys.readouterr().err
