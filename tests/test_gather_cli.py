"""`reviewprep ingest`, `quarantine list|export`: the JSON contract, exit codes, safe exports."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys

import pytest

from reviewprep.cli import main
from tests.gather_helpers import assessment, csv_text, write

COUNTS = ("read", "accepted", "duplicates", "quarantined")


def ingest_json(capsys, *args: str) -> tuple[int, dict]:
    code = main(["ingest", *args, "--json"])
    out = capsys.readouterr().out
    return code, json.loads(out)


def test_ingest_json_contract_and_exit_0_with_quarantined_rows(settings, tmp_path, capsys):
    a = write(tmp_path / "a.csv", csv_text([assessment(), assessment(), assessment(rating="7")]))
    c = write(tmp_path / "c.jsonl", json.dumps({"submitted_at": "2026-05-01", "party": "MX", "text": "Hola"}) + "\n")
    code, data = ingest_json(capsys, str(a), str(c))
    assert code == 0
    assert all(isinstance(data[k], int) for k in COUNTS)
    assert data["read"] == data["accepted"] + data["duplicates"] + data["quarantined"] == 4
    assert (data["accepted"], data["duplicates"], data["quarantined"]) == (2, 1, 1)
    assert [f["format"] for f in data["files"]] == ["assessments_csv", "comments_jsonl"]
    for f in data["files"]:
        assert all(isinstance(f[k], int) for k in COUNTS)
        assert f["read"] == f["accepted"] + f["duplicates"] + f["quarantined"]
    for k in COUNTS:
        assert data[k] == sum(f[k] for f in data["files"])


def test_exit_2_when_nothing_could_be_read(settings, tmp_path, capsys):
    empty = write(tmp_path / "empty.csv", "")
    binary = write(tmp_path / "x.csv", b"\x00\x01\x02" * 100)
    code, data = ingest_json(capsys, str(empty), str(binary), str(tmp_path / "missing.csv"))
    assert code == 2 and data["read"] == 0
    assert [f["error"] for f in data["files"]] == ["the file is empty",
                                                   "binary content (NUL bytes): not a text file, whatever its name says",
                                                   "file not found"]
    err = capsys.readouterr().err
    assert "Traceback" not in err


def test_exit_0_when_some_files_were_read(settings, tmp_path, capsys):
    good = write(tmp_path / "a.csv", csv_text([assessment()]))
    code, data = ingest_json(capsys, str(good), str(write(tmp_path / "e.csv", "")))
    assert code == 0 and data["accepted"] == 1


def test_format_guessing_and_override(settings, tmp_path, capsys):
    rated = write(tmp_path / "r.jsonl", json.dumps(assessment(rating="3")) + "\n")
    log = write(tmp_path / "log.csv", "date,party,obligation\n2025-09-30,NA,ch26-committee-meets\n")
    notes = write(tmp_path / "notes.md", "# hello\n")
    code, data = ingest_json(capsys, str(rated), str(log), str(notes))
    assert code == 0
    assert [f["format"] for f in data["files"]] == ["assessments_jsonl", "evidence_csv", ""]
    assert data["files"][2]["error"].startswith("cannot tell the format (unknown extension '.md')")
    code, data = ingest_json(capsys, "--format", "comments_jsonl", str(write(tmp_path / "x.txt", '{"text": "t", '
                                                                               '"submitted_at": "2026-01-02", '
                                                                               '"party": "US"}\n')))
    assert code == 0 and data["files"][0]["format"] == "comments_jsonl" and data["accepted"] == 1


@pytest.mark.parametrize("args, message", [
    (["--format", "pdf"], "unknown format 'pdf'"),
    (["--source", "nowhere"], "no source named 'nowhere' in config/sources.yaml"),
])
def test_bad_usage_is_one_line_and_exit_2(settings, tmp_path, capsys, args, message):
    assert main(["ingest", str(write(tmp_path / "a.csv", csv_text([assessment()]))), *args]) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err and len(err.strip().splitlines()) == 1


def test_text_output_names_problems(settings, tmp_path, capsys):
    path = write(tmp_path / "a.csv", csv_text([assessment(), assessment(party="ZZ")]))
    assert main(["ingest", str(path)]) == 0
    out = capsys.readouterr().out
    assert "read 2, accepted 1, duplicates 0, quarantined 1" in out
    assert "quarantined: row 3, column party: unknown Party 'ZZ' (US, CA, MX or NA)" in out


def test_quarantine_list_and_export(settings, tmp_path, capsys):
    rows = [assessment(rating="7", submission_id="=1+2", comment='=HYPERLINK("http://evil.example")'),
            assessment(chapter="ch99", comment="@SUM(A1)"), assessment(party="-ZZ", comment="+1")]
    main(["ingest", str(write(tmp_path / "bad.csv", csv_text(rows))), str(write(tmp_path / "e.csv", ""))])
    capsys.readouterr()

    assert main(["quarantine", "list"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out == ["bad.csv: row 2, column rating: rating '7' is outside 0-4",
                   "bad.csv: row 3, column chapter: unknown chapter 'ch99' (tracked: ch12, ch16, ch19, ch25, ch26, ch28)",
                   "bad.csv: row 4, column party: unknown Party '-ZZ' (US, CA, MX or NA)",
                   "e.csv: whole file: the file is empty"]
    assert main(["quarantine", "list", "--file", "e.csv", "--json"]) == 0
    (record,) = json.loads(capsys.readouterr().out)["quarantined"]
    assert (record["file"], record["row"], record["column"]) == ("e.csv", 0, "(file)")

    out_csv = tmp_path / "q.csv"
    assert main(["quarantine", "export", str(out_csv)]) == 0
    assert "wrote 4 quarantined row(s)" in capsys.readouterr().out
    table = list(csv.DictReader(io.StringIO(out_csv.read_bytes().decode("utf-8-sig"))))
    assert len(table) == 4
    assert all(not cell.startswith(("=", "+", "-", "@")) for r in table for cell in r.values())
    assert table[0]["raw"].startswith("'=1+2,2026-05-04,")  # neutralised, and otherwise intact
    assert '"=HYPERLINK(""http://evil.example"")"' in table[0]["raw"]
    assert table[2]["reason"] == "unknown Party '-ZZ' (US, CA, MX or NA)"


def test_console_script_runs_without_traceback(settings, tmp_path):
    env = {**os.environ}
    result = subprocess.run([sys.executable, "-m", "reviewprep.cli", "ingest", str(tmp_path / "nope.csv"), "--json"],
                            capture_output=True, text=True, env=env, timeout=120)
    assert result.returncode == 2
    assert json.loads(result.stdout)["files"][0]["error"] == "file not found"
    assert "Traceback" not in result.stderr
