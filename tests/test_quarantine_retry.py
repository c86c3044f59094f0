"""`reviewprep quarantine retry`: held rows re-read from the kept raw file with the current config;
and `reviewprep ingest`'s options that stand in for a source's defaults."""

from __future__ import annotations

import json

import pytest

from reviewprep.cli import main
from reviewprep.settings import get_settings
from reviewprep.store import audit
from reviewprep.store.db import session_scope
from reviewprep.store.report_reads import source_files
from tests.gather_helpers import Loader, assessment, csv_text, write

SOURCE = "sources:\n  - name: council\n    path: {folder}/*.csv\n    format: assessments_csv\n{extra}"


@pytest.fixture
def project(settings, config_copy, tmp_path):
    def configure(extra: str = "") -> Loader:
        (config_copy / "sources.yaml").write_text(SOURCE.format(folder=tmp_path / "in", extra=extra))
        return Loader(get_settings())
    return configure


def retry_json(capsys, *args: str) -> dict:
    assert main(["quarantine", "retry", *args, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def file_counts(load: Loader) -> tuple:
    (f,) = load.source_files()
    assert f.rows_read == f.accepted + f.duplicates + f.quarantined
    return f.rows_read, f.accepted, f.duplicates, f.quarantined, f.resolved


def test_rows_fixed_by_the_config_leave_the_quarantine_and_every_count_says_so(project, tmp_path, capsys):
    load = project()
    path = write(tmp_path / "in" / "w.csv", csv_text([assessment(party=""), assessment(party="", rating="3"),
                                                      assessment(party="", rating="9"), assessment(rating="1")]))
    counts = load.one(path)
    assert (counts.accepted, counts.quarantined) == (1, 3)
    assert load.one(path).already_loaded  # the same bytes again: nothing re-read

    load = project("    defaults: {party: MX}\n")  # the analyst fixes the source
    data = retry_json(capsys)
    assert (data["held"], data["resolved"], data["accepted"], data["still_held"]) == (3, 2, 2, 1)
    (result,) = data["files"]
    assert result["file"] == "w.csv" and result["problems"] == ["row 4, column rating: rating '9' is outside 0-4"]
    assert file_counts(load) == (4, 3, 0, 1, 2)
    assert sorted(r[-1] for r in load.ratings()) == [1.0, 2.0, 3.0]
    assert [r["row"] for r in load.quarantine()] == [4]  # listings show what is still held

    assert main(["quarantine", "list", "--resolved"]) == 0
    out = capsys.readouterr().out
    assert out.count("[resolved ") == 2 and "accepted on retry" in out
    with session_scope(get_settings().db_url) as session:
        annex = source_files(session, "restricted")
        (entry,) = audit.entries(session, actions=("quarantine-retry",))
    assert annex["totals"]["quarantined"] == 1 and annex["totals"]["resolved"] == 2
    assert annex["quarantine_by_column"] == [{"column": "rating", "count": 1}]
    assert entry["subject"] == "w.csv" and entry["detail"]["resolved"] == 2

    again = retry_json(capsys)  # a second retry re-reads only what is still held
    assert (again["held"], again["resolved"]) == (1, 0)
    assert file_counts(load) == (4, 3, 0, 1, 2)


def test_a_conflict_is_resolved_by_withdrawing_the_wrong_version_then_retrying(project, tmp_path, capsys):
    load = project()
    load.one(write(tmp_path / "in" / "a.csv", csv_text([assessment(submission_id="S-1", rating="1")])))
    load.one(write(tmp_path / "in" / "b.csv", csv_text([assessment(submission_id="S-1", rating="3")])))
    (held,) = load.quarantine()
    assert retry_json(capsys)["resolved"] == 0  # still a conflict
    assert main(["submissions", "withdraw", str(held["conflicts_with"]), "--reason", "superseded by b.csv",
                 "--by", "analyst"]) == 0
    capsys.readouterr()
    assert retry_json(capsys)["accepted"] == 1
    assert load.quarantine() == []
    current = [s for s in load.submissions() if s.status == "current"]
    assert [(s.external_id, s.source_row) for s in current] == [("S-1", 2)] and len(load.submissions()) == 2


def test_a_file_that_could_not_be_read_is_read_again_whole(project, tmp_path, capsys):
    load = project()
    content = csv_text([assessment()]).replace("rating", "score")
    counts = load.one(write(tmp_path / "in" / "renamed.csv", content))
    assert "required column(s) missing: 'rating'" in counts.error
    load = project("    columns: {rating: score}\n")
    data = retry_json(capsys)
    assert data["files"][0]["whole_file"] and data["files"][0]["accepted"] == 1
    assert load.quarantine() == [] and load.source_files()[0].name == "renamed.csv"


def test_retry_of_an_unknown_file_is_bad_usage(project, capsys):
    project()
    assert main(["quarantine", "retry", "--file", "nothing.csv"]) == 2
    err = capsys.readouterr().err
    assert "nothing held in the quarantine for 'nothing.csv'" in err and "Traceback" not in err


def test_ingest_options_stand_in_for_the_source_defaults(project, tmp_path, capsys):
    load = project()
    path = write(tmp_path / "other" / "w.csv", csv_text([
        assessment(party="", submitted_at="04/05/2026", language="", confidentiality="")]))
    assert main(["ingest", str(path), "--party", "CA", "--date-order", "dmy", "--language", "fr",
                 "--confidentiality", "confidential", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["accepted"] == 1
    (stored,) = load.submissions()
    assert (stored.party, stored.submitted_on.isoformat(), stored.language, stored.confidential) == \
        ("CA", "2026-05-04", "fr", True)
    year_first = write(tmp_path / "other" / "y.csv", csv_text([assessment(submitted_at="26/05/04")]))
    assert main(["ingest", str(year_first), "--date-order", "ymd", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["accepted"] == 1
    with pytest.raises(SystemExit) as exited:
        main(["ingest", str(path), "--party", "ZZ"])
    assert exited.value.code == 2 and "invalid choice: 'ZZ'" in capsys.readouterr().err


def test_retry_takes_the_same_options_for_a_file_loaded_without_a_source(project, tmp_path, capsys):
    load = project()
    path = write(tmp_path / "other" / "p.csv", csv_text([assessment(party="")]))
    assert main(["ingest", str(path), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["quarantined"] == 1
    assert main(["ingest", str(path), "--party", "MX", "--json"]) == 0  # same bytes: nothing added
    assert json.loads(capsys.readouterr().out)["accepted"] == 0
    summary = retry_json(capsys, "--file", "p.csv", "--party", "MX")
    assert (summary["resolved"], summary["still_held"]) == (1, 0)
    (stored,) = load.submissions()
    assert stored.party == "MX"
    with session_scope(get_settings().db_url) as session:
        (entry,) = audit.entries(session, actions=("quarantine-retry",))
    assert entry["detail"]["overrides"] == {"party": "MX"}


def test_bad_quarantine_list_filter_is_not_a_traceback(project, capsys):
    project()
    assert main(["quarantine", "list", "--resolved", "--file", "x.csv"]) == 0
    assert "nothing quarantined" in capsys.readouterr().out


def test_the_reports_list_files_by_source_and_name_whatever_order_they_loaded_in(project, config_copy, tmp_path):
    """A run gathers its sources concurrently: two reports on the same files must list them alike."""
    load = project("  - name: panel\n    path: {}/*.csv\n    format: assessments_csv\n".format(tmp_path / "in"))
    files = {name: write(tmp_path / "in" / name, csv_text([assessment(stakeholder_name=name)]))
             for name in ("b.csv", "a.csv", "c.csv")}
    load.one(files["c.csv"], source="panel")
    load.one(files["b.csv"], source="council")
    load.one(files["a.csv"], source="panel")
    with session_scope(get_settings().db_url) as session:
        for audience in ("restricted", "public"):
            listed = [(f["source"], f["name"]) for f in source_files(session, audience)["files"]]
            assert listed == [("council", "b.csv"), ("panel", "a.csv"), ("panel", "c.csv")], audience
