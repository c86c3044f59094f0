"""Analyst judgement beside the score: green / amber / red per chapter and Party, with a
rationale, an author, a date and an expiry; recorded with `reviewprep judgement set` or
from a file; shown in JSON and reports, never blended into a score, flagged when expired."""

from __future__ import annotations

import datetime as dt
import json

from tests.numbers_helpers import AS_OF, cell, cli, ingest, scores, write_assessments


def judgements(data: dict) -> dict:
    return {(j["chapter"], j["party"]): j for j in data["judgements"]}


def test_set_shows_beside_the_score_and_changes_no_number(settings, capsys, tmp_path):
    ingest(capsys, write_assessments(tmp_path / "a.csv"))
    before = scores(capsys, "--audience", "restricted")
    code, out, err = cli(capsys, "judgement", "set", "--chapter", "ch26", "--party", "MX", "--rating", "red",
                         "--rationale", "No committee meeting confirmed since 2023.", "--author", "A. Analyst",
                         "--date", "2026-11-01", "--expires", "2027-01-31")
    assert code == 0, err
    assert "ch26" in out and "red" in out
    after = scores(capsys, "--audience", "restricted")
    j = judgements(after)[("ch26", "MX")]
    assert j == {"chapter": "ch26", "party": "MX", "rating": "red",
                 "rationale": "No committee meeting confirmed since 2023.", "author": "A. Analyst",
                 "date": "2026-11-01", "expires": "2027-01-31", "expired": False, "confidential": False}
    # never blended: every cell, aggregate and status is exactly what it was
    for key in ("cells", "chapters", "recommendations", "parties", "overall"):
        assert after[key] == before[key], key
    assert cell(after, "ch26", "R3", "MX")["score"] == cell(before, "ch26", "R3", "MX")["score"]


def test_expired_judgement_is_flagged_and_later_one_wins(settings, capsys, tmp_path):
    ingest(capsys, write_assessments(tmp_path / "a.csv"))
    args = ["judgement", "set", "--chapter", "ch25", "--party", "NA", "--author", "B. Analyst"]
    assert cli(capsys, *args, "--rating", "green", "--rationale", "Dialogue held.", "--date", "2026-01-10")[0] == 0
    data = scores(capsys)  # default expiry: 90 days after the date
    j = judgements(data)[("ch25", "NA")]
    assert (j["rating"], j["expires"], j["expired"]) == ("green", "2026-04-10", True)
    assert cli(capsys, *args, "--rating", "amber", "--rationale", "No 2026 dialogue yet.", "--date", "2026-11-15")[0] == 0
    j = judgements(scores(capsys))[("ch25", "NA")]
    assert (j["rating"], j["expired"]) == ("amber", False)
    # as of a date before the newer judgement, the older one (expired by then) is shown
    j = judgements(scores(capsys, as_of=dt.date(2026, 6, 1)))[("ch25", "NA")]
    assert (j["rating"], j["expired"]) == ("green", True)
    assert ("ch25", "NA") not in judgements(scores(capsys, as_of=dt.date(2025, 12, 31)))


def test_load_from_a_file_with_bad_rows_named(settings, capsys, tmp_path):
    ingest(capsys, write_assessments(tmp_path / "a.csv"))
    path = tmp_path / "judgements.csv"
    path.write_text(
        "chapter,party,rating,rationale,author,date,expires,confidentiality\n"
        "ch26,MX,amber,Work plan still not public.,C. Analyst,2026-11-10,2027-02-10,public\n"
        "ch16,US,green,Working group met.,C. Analyst,2026-11-10,,confidential\n"
        "ch99,US,green,Bad chapter.,C. Analyst,2026-11-10,,public\n"
        "ch12,CA,purple,Bad rating.,C. Analyst,2026-11-10,,public\n", encoding="utf-8")
    code, out, err = cli(capsys, "judgement", "load", str(path), "--json")
    assert code == 0, err
    result = json.loads(out)
    assert (result["read"], result["accepted"], result["rejected"]) == (4, 2, 2)
    problems = {(p["row"], p["column"]) for p in result["problems"]}
    assert problems == {(4, "chapter"), (5, "rating")}
    assert all(p["file"] == str(path) for p in result["problems"])
    public = judgements(scores(capsys, "--audience", "public"))
    restricted = judgements(scores(capsys, "--audience", "restricted"))
    assert ("ch26", "MX") in public and ("ch16", "US") not in public  # confidential: restricted only
    assert restricted[("ch16", "US")]["confidential"] is True
    code, out, _ = cli(capsys, "judgement", "list", "--as-of", AS_OF.isoformat(), "--audience", "restricted",
                       "--json")
    assert code == 0 and {(j["chapter"], j["party"]) for j in json.loads(out)} == {("ch26", "MX"), ("ch16", "US")}


def test_bad_usage_exits_2_without_a_traceback(settings, capsys):
    code, _, err = cli(capsys, "judgement", "set", "--chapter", "ch26", "--party", "MX", "--rating", "blue",
                       "--rationale", "x", "--author", "y")
    assert code == 2 and "Traceback" not in err
    code, _, err = cli(capsys, "judgement", "set", "--chapter", "ch26", "--party", "MX", "--rating", "red",
                       "--rationale", " ", "--author", "y")
    assert code == 2 and "rationale" in err
