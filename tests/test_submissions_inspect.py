"""`reviewprep submissions list|show`: what was gathered, from which file and row, with its text and metadata."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import update

from reviewprep.cli import main
from reviewprep.store.db import session_scope
from reviewprep.store.models import Submission
from tests.gather_helpers import Loader, assessment, csv_text, write


def _json(capsys, *args: str) -> tuple[int, dict]:
    code = main([*args, "--json"])
    return code, json.loads(capsys.readouterr().out)


def test_list_filters_by_source_and_search(settings, tmp_path, capsys):
    load = Loader(settings)
    load.one(write(tmp_path / "a.csv", csv_text([assessment(submission_id="A-1", comment="Customs delays at Laredo"),
                                                 assessment(submission_id="A-2", organization="Acme Steel")])))
    load.one(write(tmp_path / "c.jsonl", json.dumps({"comment_id": "C-1", "submitted_at": "2026-05-01",
                                                      "party": "MX", "text": "Hola, el comité"}) + "\n"),
             fmt="comments_jsonl", source=None)
    code, data = _json(capsys, "submissions", "list")
    assert code == 0 and [s["external_id"] for s in data["submissions"]][0] == "C-1"
    first = next(s for s in data["submissions"] if s["external_id"] == "A-1")
    assert (first["file"], first["row"], first["kind"], first["source"]) == ("a.csv", 2, "assessment", "")
    assert first["text"] == "Customs delays at Laredo"
    _, data = _json(capsys, "submissions", "list", "--search", "laredo")
    assert [s["external_id"] for s in data["submissions"]] == ["A-1"]
    _, data = _json(capsys, "submissions", "list", "--search", "acme")
    assert [s["external_id"] for s in data["submissions"]] == ["A-2"]
    _, data = _json(capsys, "submissions", "list", "--source", "elsewhere")
    assert data["submissions"] == []
    assert main(["submissions", "list", "--limit", "1"]) == 0
    out = capsys.readouterr().out
    assert "C-1" not in out and "c.jsonl row 1" in out and "Hola, el comité" in out and "(first 1" in out


def test_show_gives_origin_text_and_new_metadata(settings, tmp_path, capsys):
    load = Loader(settings)
    load.one(write(tmp_path / "a.csv", csv_text([assessment(submission_id="A-1", comment="Slow, but real.")])))
    (stored,) = load.submissions()
    with session_scope(settings.db_url) as session:  # what a letter loader records
        session.execute(update(Submission).values(source_member="letters.zip/chamber.pdf", title="Our views",
                                                  extraction="ocr", ocr_confidence=87.5, parties_named="CA,MX",
                                                  inferred={"submitted_on": "file date"}))
    code, shown = _json(capsys, "submissions", "show", "A-1")
    assert code == 0 and shown["id"] == stored.id
    assert shown["source"]["file"] == "a.csv" and shown["source"]["row"] == 2
    assert shown["source"]["raw_copy"].endswith(shown["source"]["sha256"][:12]) or shown["source"]["raw_copy"]
    assert shown["source"]["member"] == "letters.zip/chamber.pdf"
    assert (shown["title"], shown["extraction"], shown["ocr_confidence"], shown["parties_named"]) == \
        ("Our views", "ocr", 87.5, "CA,MX")
    assert shown["inferred"] == {"submitted_on": "file date"} and shown["language_source"] == "declared"
    assert shown["rating"] == {"chapter": "ch26", "recommendation": "R3", "rating": 2.0}
    assert shown["text"] == "Slow, but real."
    assert main(["submissions", "show", str(stored.id)]) == 0
    out = capsys.readouterr().out
    for expected in ("from: a.csv, row 2, letters.zip/chamber.pdf", "text read by: ocr, OCR confidence 88",
                     "inferred: submitted_on from file date", "parties named: CA,MX", "rating: 2.0 for ch26 R3",
                     "    Slow, but real."):
        assert expected in out, expected


def test_bad_usage_exits_2_without_a_traceback(settings, capsys):
    Loader(settings)
    for args in (["submissions", "show", "999"], ["submissions", "show", "no-such-id"]):
        assert main(args) == 2, args
        err = capsys.readouterr().err
        assert "Traceback" not in err and "no submission" in err
    with pytest.raises(SystemExit) as exited:
        main(["submissions", "list", "--limit", "0"])
    assert exited.value.code == 2 and "not a positive whole number" in capsys.readouterr().err
