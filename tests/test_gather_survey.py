"""A survey export through a column mapping, and config/sources.yaml validation."""

from __future__ import annotations

import csv
import io

import pytest
import yaml

from reviewprep.cli import main
from reviewprep.errors import ConfigError
from reviewprep.gather.sources import load_sources
from reviewprep.settings import get_settings
from tests.gather_helpers import Loader, write

Q1 = "How far has the Competitiveness Committee got with its work plan?"
Q2 = "Digital trade: progress by the United States"
Q3 = "Good regulatory practices"
HEADER = ["Response ID", "Timestamp", "Organisation", "You represent", "Country", Q1, "Q1 comments", Q2, Q3,
          "Email"]


def survey_source(tmp_path) -> dict:
    return {
        "name": "council-survey", "path": f"{tmp_path}/survey/*.csv", "format": "survey_csv",
        "columns": {"submission_id": "Response ID", "submitted_at": "Timestamp", "organization": "Organisation",
                    "stakeholder_type": "You represent", "party": "Country"},
        "questions": [{"column": Q1, "chapter": "ch26", "recommendation": "R3", "comment": "Q1 comments"},
                      {"column": Q2, "chapter": "ch19", "party": "US"},
                      {"column": Q3, "chapter": "ch28", "recommendation": "R1"}],
        "defaults": {"date_order": "mdy", "language": "fr"},
    }


@pytest.fixture
def load(settings, config_copy, tmp_path) -> Loader:
    (config_copy / "sources.yaml").write_text(yaml.safe_dump({"sources": [survey_source(tmp_path)]}))
    return Loader(get_settings())


def survey_csv(rows: list[list[str]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADER)
    writer.writerows(rows)
    return out.getvalue()


def test_each_answered_question_becomes_an_assessment(load, tmp_path):
    path = write(tmp_path / "survey" / "export.csv", survey_csv([
        ["r-1", "5/4/2026 14:03:00", "Sample PME Québec", "PME", "Canada", "en cours", "Pas de plan publié", "3",
         "Ne sais pas", "a@example.org"],
        ["r-2", "5/5/2026 09:00:00", "Sample Union", "syndicat", "Mexique", "2", "", "high", "1", ""],
        ["r-3", "5/6/2026 10:00:00", "Sample Org", "company", "US", "", "", "", "", ""],
        ["r-1", "5/4/2026 14:03:00", "Sample PME Québec", "PME", "Canada", "en cours", "Pas de plan publié", "3",
         "Ne sais pas", "a@example.org"],
    ]))
    counts = load.one(path)
    assert (counts.source, counts.read, counts.accepted, counts.duplicates, counts.quarantined) == \
        ("council-survey", 4, 1, 1, 2)
    assert sorted(load.ratings(), key=str) == [("r-1", "CA", "ch26", "R3", 2.0), ("r-1", "US", "ch19", None, 3.0)]
    first = next(s for s in load.submissions() if s.party == "CA")
    assert (first.organization, first.stakeholder_type, first.language, first.text, first.submitted_on.isoformat()) \
        == ("Sample PME Québec", "sme", "fr", "Pas de plan publié", "2026-05-04")
    reasons = {r["row"]: (r["column"], r["reason"]) for r in load.quarantine()}
    assert reasons[3][0] == Q2 and "rating 'high'" in reasons[3][1]
    assert reasons[4] == ("(row)", "no rating question answered")
    assert any("ignored column(s) not used by this format: Email" in n for n in counts.notes)


def test_missing_question_column_names_it(load, tmp_path):
    header = ",".join(h for h in HEADER if h != Q3)
    counts = load.one(write(tmp_path / "survey" / "old.csv", header + "\n"))
    assert counts.error == f"row 1: required column(s) missing: 'q2' (column {Q3!r})"


@pytest.mark.parametrize("change, key, problem", [
    ({"format": "survey_txt"}, "sources.0.format", "unknown format 'survey_txt'"),
    ({"questions": []}, "sources.0", "a survey source needs at least one question"),
    ({"format": "assessments_csv"}, "sources.0", "only survey formats take questions"),
    ({"columns": {"rating_value": "Score"}}, "sources.0", "rating_value not a field of survey_csv"),
    ({"companion": "x.csv"}, "sources.0", "only the regulations_gov format takes a companion"),
    ({"defaults": {"party": "FR"}}, "sources.0.defaults.party", "Input should be"),
    ({"questions": [{"column": Q1, "chapter": "ch26", "party": "France"}]}, "sources.0.questions.0.party",
     "unknown Party 'France'"),
])
def test_bad_sources_yaml_names_file_and_key(tmp_path, change, key, problem):
    path = tmp_path / "sources.yaml"
    path.write_text(yaml.safe_dump({"sources": [{**survey_source(tmp_path), **change}]}))
    with pytest.raises(ConfigError) as info:
        load_sources(path)
    assert info.value.key == key and problem in info.value.problem


def test_bad_sources_yaml_stops_ingest_with_exit_2(settings, config_copy, tmp_path, capsys):
    (config_copy / "sources.yaml").write_text("sources:\n  - name: x\n    path: a.csv\n    format: nope\n")
    assert main(["ingest", str(write(tmp_path / "a.csv", "x\n"))]) == 2
    assert "sources.yaml: sources.0.format: Value error, unknown format 'nope'" in capsys.readouterr().err


def test_shipped_sources_files_are_valid(settings):
    for path in (settings.home / "config" / "sources.yaml", settings.home / "data" / "sample" / "sources.yaml"):
        assert load_sources(path).sources


def test_commented_examples_in_config_are_valid(settings, tmp_path):
    """The survey, companion and inbox examples in config/sources.yaml's comments load as written."""
    text = (settings.home / "config" / "sources.yaml").read_text()
    blocks, current, key = [], None, "sources"
    for line in text.splitlines():
        if line.startswith("# inboxes:"):
            key = "inboxes"
        if line.startswith("#  - name:"):
            current = []
            blocks.append((key, current))
        if current is not None and line.startswith("#  "):
            current.append(line[1:])
        elif current is not None:
            current = None
    assert [k for k, _ in blocks] == ["sources", "sources", "inboxes"]
    for key, block in blocks:
        path = tmp_path / "example.yaml"
        path.write_text(f"{key}:\n" + "\n".join(block) + "\n")
        if key == "inboxes":
            assert load_sources(path).inboxes[0].name == "drop"
            continue
        (source,) = load_sources(path).sources
        assert source.format in ("survey_csv", "regulations_gov")


def test_an_overlong_comment_names_its_column(load, tmp_path):
    path = write(tmp_path / "survey" / "long.csv", survey_csv([
        ["r-9", "5/4/2026", "Org", "company", "US", "3", "x" * 100_001, "", "", ""]]))
    counts = load.one(path)
    assert counts.quarantined == 1
    (record,) = load.quarantine()
    assert record["column"] == "Q1 comments" and "longer than 100,000 characters" in record["reason"]
