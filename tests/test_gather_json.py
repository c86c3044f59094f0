"""JSON and JSON Lines records: streamed, bad records quarantined, the rest kept."""

from __future__ import annotations

import io
import json

import pytest

from reviewprep.gather import jsonrecords
from reviewprep.gather.jsonrecords import json_array
from reviewprep.gather.textfile import HOLDS_NUL
from tests.gather_helpers import GOOD, Loader, write

COMMENT = {"comment_id": "", "submitted_at": "2026-05-02", "organization": "Sample Org", "party": "CA",
           "text": "The SME Dialogue should meet every year.", "language": "en"}


@pytest.fixture
def load(settings) -> Loader:
    return Loader(settings)


def lines(*records) -> str:
    return "".join((r if isinstance(r, str) else json.dumps(r, ensure_ascii=False)) + "\n" for r in records)


def test_json_lines_comments_with_bad_lines(load, tmp_path):
    content = lines(COMMENT, "", '{"text": "unterminated', [1, 2], {**COMMENT, "text": "Second comment."},
                    {**COMMENT, "text": ""})
    counts = load.one(write(tmp_path / "c.jsonl", content))
    assert (counts.format, counts.read, counts.accepted, counts.quarantined) == ("comments_jsonl", 5, 2, 3)
    reasons = {r["row"]: (r["column"], r["reason"]) for r in load.quarantine()}
    assert reasons[3][0] == "(line)" and reasons[3][1].startswith("invalid JSON")
    assert reasons[4] == ("(record)", "not a JSON object but list")
    assert reasons[6] == ("text", "comment text is empty")


def test_json_lines_line_too_long(load, tmp_path, monkeypatch):
    monkeypatch.setattr(jsonrecords, "MAX_RECORD", 200)
    content = lines(COMMENT, {**COMMENT, "text": "x" * 1000}, {**COMMENT, "text": "After the long one."})
    counts = load.one(write(tmp_path / "long.jsonl", content))
    assert (counts.accepted, counts.quarantined) == (2, 1)
    assert load.quarantine()[0]["reason"] == "line longer than 200 characters"


def test_json_array_of_assessments_streamed_across_chunk_boundaries(load, tmp_path, monkeypatch):
    monkeypatch.setattr(jsonrecords, "CHUNK", 7)
    records = [{**GOOD, "rating": 3, "submission_id": "J-1"}, {**GOOD, "rating": 2.0, "submission_id": "J-2"},
               {**GOOD, "rating": None, "submission_id": "J-3"}]
    counts = load.one(write(tmp_path / "a.json", json.dumps(records, indent=2)))
    assert (counts.format, counts.accepted, counts.quarantined) == ("assessments_json", 2, 1)
    assert [r[4] for r in load.ratings()] == [3.0, 2.0]
    assert load.quarantine()[0]["row"] == 3 and load.quarantine()[0]["reason"] == "rating is empty"


def test_truncated_json_array_keeps_complete_records(load, tmp_path):
    text = json.dumps([{**COMMENT, "text": f"Comment number {i}."} for i in range(3)])
    counts = load.one(write(tmp_path / "cut.json", text[:-30]))
    assert (counts.accepted, counts.quarantined) == (2, 1)
    (record,) = load.quarantine()
    assert (record["row"], record["column"]) == (3, "(record)")
    assert "the file ends inside this record (truncated?)" in record["reason"]


def test_invalid_json_mid_array_stops_and_says_so(load, tmp_path):
    text = "[" + json.dumps(COMMENT) + ", {oops}, " + json.dumps({**COMMENT, "text": "Never read."}) + "]"
    counts = load.one(write(tmp_path / "bad.json", text))
    assert (counts.accepted, counts.quarantined) == (1, 1)
    assert "records after it were not read" in load.quarantine()[0]["reason"]


def test_missing_comma_between_records(load, tmp_path):
    text = "[" + json.dumps(COMMENT) + " " + json.dumps({**COMMENT, "text": "Other."}) + "]"
    counts = load.one(write(tmp_path / "nocomma.json", text))
    assert (counts.accepted, counts.quarantined) == (1, 1)
    assert "expected ',' or ']' after record 1" in load.quarantine()[0]["reason"]


def test_nested_values_name_the_key(load, tmp_path):
    text = json.dumps([{**COMMENT, "organization": {"name": "X"}}])
    counts = load.one(write(tmp_path / "nested.json", text))
    assert counts.quarantined == 1
    record = load.quarantine()[0]
    assert record["column"] == "organization" and "nested object or list" in record["reason"]


def test_one_object_and_unknown_keys(load, tmp_path):
    counts = load.one(write(tmp_path / "one.json", json.dumps({**COMMENT, "likes": 12})))
    assert counts.accepted == 1
    assert "ignored key(s) not used by this format: likes" in counts.notes


@pytest.mark.parametrize("content, error", [
    ("", "the file is empty"), ("  \n ", "the file is empty"),
    ("42", "not a JSON array of records (for one record per line, use JSON Lines)"),
])
def test_unreadable_json(load, tmp_path, content, error):
    assert load.one(write(tmp_path / "x.json", content)).error == error


def test_empty_array(load, tmp_path):
    counts = load.one(write(tmp_path / "none.json", "[ ]"))
    assert counts.was_read and counts.read == 0


def test_trailing_text_after_the_array(load, tmp_path):
    counts = load.one(write(tmp_path / "tail.json", json.dumps([COMMENT]) + " garbage"))
    assert (counts.accepted, counts.quarantined) == (1, 1)
    assert load.quarantine()[0]["column"] == "(file)"


def test_array_reader_holds_a_window_not_the_file(monkeypatch):
    """50,000 records pass through a buffer that never grows past a few chunks."""
    record = json.dumps(COMMENT)
    stream = io.StringIO("[" + ",\n".join([record] * 50_000) + "]")
    largest = 0
    fill = jsonrecords._Window.fill

    def watched(self):
        nonlocal largest
        fill(self)
        largest = max(largest, len(self.buf))

    monkeypatch.setattr(jsonrecords._Window, "fill", watched)
    assert sum(1 for _ in json_array(stream)) == 50_000
    assert largest < 2 * jsonrecords.CHUNK + 2 * len(record)


def test_deeply_nested_json_is_refused_not_a_crash(load, tmp_path):
    deep = "[" * 100_000 + "]" * 100_000
    counts = load.one(write(tmp_path / "deep.jsonl", lines(COMMENT) + deep + "\n"), fmt="comments_jsonl")
    assert (counts.accepted, counts.quarantined) == (1, 1)
    assert load.quarantine()[0]["reason"] == "JSON nested too deeply"
    other = json.dumps({**COMMENT, "text": "Another comment."})
    counts = load.one(write(tmp_path / "deep.json", "[" + other + "," + deep + "]"))
    assert (counts.accepted, counts.quarantined) == (1, 1)
    assert load.quarantine()[1]["reason"] == "JSON nested too deeply; records after it were not read"


def test_nul_characters_are_refused_and_never_reach_the_database(load, tmp_path):
    content = lines({**COMMENT, "text": "before\u0000after"}) + '{"text": "raw \x00 byte"}\n'
    counts = load.one(write(tmp_path / "nul.jsonl", "\n" * 70_000 + content), fmt="comments_jsonl")
    assert (counts.accepted, counts.quarantined) == (0, 2)
    first, second = load.quarantine()
    assert (first["column"], first["reason"]) == ("text", HOLDS_NUL)
    assert "\x00" not in second["raw"] and "\ufffd" in second["raw"]
