"""`reviewprep scores`: the JSON contract, byte-identical output, and clear errors."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from reviewprep.cli import main
from reviewprep.codes import STATUSES
from reviewprep.store.db import get_engine, session_scope, upgrade
from tests.conftest import REPO
from tests.scoring_cases import AS_OF, comment
from tests.test_scoring_snapshots import EVENTS, RATINGS, store_inputs

ARGS = ["scores", "--as-of", AS_OF.isoformat(), "--json"]


def load(url: str, ratings=RATINGS, events=EVENTS) -> None:
    upgrade(url)
    with session_scope(url) as session:
        store_inputs(session, ratings, events, comments=[comment("CA", days_ago=2, tags=["ch26"])])


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_json_has_the_contracted_shape(settings, capsys):
    load(settings.db_url)
    code, out, _ = run(capsys, *ARGS, "--audience", "restricted")
    data = json.loads(out)
    assert code == 0 and (data["as_of"], data["audience"]) == ("2026-11-20", "restricted")
    assert {"score", "status", "coverage"} <= set(data["overall"])
    assert [c["code"] for c in data["chapters"]] == ["ch12", "ch16", "ch19", "ch25", "ch26", "ch28"]
    for chapter in data["chapters"]:
        assert {"code", "score", "status", "coverage"} <= set(chapter)
    assert len(data["cells"]) == 132
    for cell in data["cells"]:
        assert {"chapter", "recommendation", "party", "score", "status", "confidence", "n", "trend",
                "outlook"} <= set(cell)
        assert cell["status"] in STATUSES and cell["confidence"] in ("high", "medium", "low")
        assert (cell["score"] is None) == (cell["status"] == "insufficient_evidence")
    assert {c["status"] for c in data["cells"]} >= {"insufficient_evidence", "on_track"}
    r3 = next(c for c in data["cells"] if (c["chapter"], c["recommendation"], c["party"]) == ("ch26", "R3", "MX"))
    assert r3["n"] == 3 and r3["score"] is not None and r3["explanation"]["obligations"]
    assert "submissions" not in r3["explanation"]  # only with --explain: one pair per rating and cell
    explained = json.loads(run(capsys, *ARGS, "--audience", "restricted", "--explain")[1])
    r3 = next(c for c in explained["cells"] if (c["chapter"], c["recommendation"], c["party"]) == ("ch26", "R3", "MX"))
    assert [sid for sid, _ in r3["explanation"]["submissions"]] == [1, 2, 3]


def test_same_inputs_give_byte_identical_json(settings, capsys, tmp_path, monkeypatch):
    load(settings.db_url)
    first = run(capsys, *ARGS, "--explain")[1]
    assert run(capsys, *ARGS, "--explain")[1] == first  # second call reuses the stored run
    other = f"sqlite:///{tmp_path / 'other.db'}"  # a second database, inputs stored in reverse order
    load(other, list(reversed(RATINGS)), list(reversed(EVENTS)))
    monkeypatch.setenv("REVIEWPREP_DATABASE_URL", other)
    reordered = json.loads(run(capsys, *ARGS, "--explain")[1])
    original = json.loads(first)

    def without_ids(data: dict) -> dict:  # database ids follow insertion order; nothing else may
        for cell in data["cells"]:
            cell.pop("explanation")
        data.pop("obligations")
        return data

    assert without_ids(reordered) == without_ids(original)


def test_text_output_for_people(settings, capsys):
    load(settings.db_url)
    code, out, _ = run(capsys, "scores", "--as-of", "2026-11-20", "--backfill", "2")
    assert code == 0
    assert "back-filled 2 weekly snapshot(s): 2026-11-06 … 2026-11-13" in out
    assert "Scores as of 2026-11-20 (public audience)" in out and "baseline 2026-07-01" in out
    assert "ch26    R3   MX" in out and "insufficient_evidence" in out


@pytest.mark.parametrize("args", [
    ["scores", "--as-of", "2026-02-30"],
    ["scores", "--as-of", "next week"],
    ["scores", "--audience", "everyone"],
    ["scores", "--backfill", "-1"],
])
def test_bad_usage_exits_2(settings, capsys, args):
    with pytest.raises(SystemExit) as stopped:
        main(args)
    assert stopped.value.code == 2
    assert "reviewprep scores: error: argument" in capsys.readouterr().err


def test_missing_unmigrated_and_empty_databases_say_what_to_do(settings, capsys):
    code, _, err = run(capsys, "scores")
    assert code == 2 and "no database at" in err and "reviewprep db upgrade" in err
    with get_engine(settings.db_url).begin() as conn:
        conn.exec_driver_sql("CREATE TABLE unrelated (x INTEGER)")
    code, _, err = run(capsys, "scores", "--json")
    assert code == 2 and "has no reviewprep tables" in err
    upgrade(settings.db_url)
    code, out, err = run(capsys, "scores", "--json")
    assert code == 2 and out == "" and "nothing to score" in err and "reviewprep ingest" in err
    assert "Traceback" not in err


def test_the_installed_command(settings, tmp_path):
    load(settings.db_url)
    env = {**os.environ, "REVIEWPREP_DATABASE_URL": settings.db_url}
    done = subprocess.run([sys.executable, "-m", "reviewprep.cli", *ARGS], capture_output=True, text=True,
                          env=env, cwd=REPO, check=False)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["audience"] == "public"
    bad = subprocess.run([sys.executable, "-m", "reviewprep.cli", "scores", "--as-of", "2026-13-01"],
                         capture_output=True, text=True, env=env, cwd=REPO, check=False)
    assert bad.returncode == 2 and "is not a date" in bad.stderr and "Traceback" not in bad.stderr
