"""Identity that loses nothing: an id alone never makes two records one.

The same id with the same content is a duplicate (naming the row it repeats); the same
id with different content in the same source is a conflict held in quarantine naming
both versions; in another source it is another record; identical texts from different
people are separate submissions.
"""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select, update

from reviewprep.gather.records import fingerprint
from reviewprep.settings import get_settings
from reviewprep.store.db import session_scope
from reviewprep.store.models import QuarantinedRow, Submission
from tests.gather_helpers import Loader, assessment, csv_text, write


@pytest.fixture
def load(settings, config_copy, tmp_path) -> Loader:
    (config_copy / "sources.yaml").write_text(
        f"sources:\n"
        f"  - name: council\n    path: {tmp_path}/council/*.csv\n    format: assessments_csv\n"
        f"  - name: chamber\n    path: {tmp_path}/chamber/*.csv\n    format: assessments_csv\n"
        f"  - name: comments\n    path: {tmp_path}/comments/*.jsonl\n    format: comments_jsonl\n")
    return Loader(get_settings())


def test_same_id_same_content_is_a_duplicate_naming_the_row_it_repeats(load, tmp_path):
    load.one(write(tmp_path / "council" / "week1.csv", csv_text([assessment(submission_id="S-1"),
                                                                  assessment(submission_id="S-2")])))
    again = load.one(write(tmp_path / "council" / "week2.csv", csv_text([assessment(submission_id="S-2"),
                                                                          assessment(submission_id="S-3")])))
    assert (again.read, again.accepted, again.duplicates, again.quarantined) == (2, 1, 1, 0)
    (named,) = again.duplicate_of
    assert named.startswith("row 2: duplicate of submission ") and named.endswith("(week1.csv, row 3)")


def test_same_id_different_content_in_one_source_is_a_conflict_naming_both_versions(load, settings, tmp_path):
    load.one(write(tmp_path / "council" / "week1.csv", csv_text([assessment(submission_id="S-1", rating="2")])))
    (stored,) = load.submissions()
    counts = load.one(write(tmp_path / "council" / "week2.csv",
                            csv_text([assessment(submission_id="S-1", rating="4"), assessment(submission_id="S-9")])))
    assert (counts.read, counts.accepted, counts.duplicates, counts.quarantined) == (2, 1, 0, 1)
    (record,) = load.quarantine()
    assert (record["file"], record["row"], record["column"], record["conflicts_with"]) == \
        ("week2.csv", 2, "(id)", stored.id)
    assert f"id 'S-1' is already submission {stored.id} (week1.csv, row 2) with different content (rating)" \
        in record["reason"]
    assert "this row (week2.csv, row 2)" in record["reason"]
    assert json.loads(record["raw"])["rating"] == 4.0  # this row's version kept with the entry
    assert [s.external_id for s in load.submissions()] == ["S-1", "S-9"]  # the stored version stays as it was
    assert load.ratings()[0][-1] == 2.0


def test_a_conflict_inside_one_file(load, tmp_path):
    counts = load.one(write(tmp_path / "council" / "w.csv", csv_text([
        assessment(submission_id="S-1", comment="first"), assessment(submission_id="S-1", comment="second"),
        assessment(submission_id="S-1", comment="first")])))
    assert (counts.read, counts.accepted, counts.duplicates, counts.quarantined) == (3, 1, 1, 1)
    (record,) = load.quarantine()
    assert record["row"] == 3 and "(w.csv, row 2)" in record["reason"] and "(text)" in record["reason"]
    assert record["conflicts_with"] == load.submissions()[0].id


def test_the_same_id_in_another_source_is_another_record(load, tmp_path):
    load.one(write(tmp_path / "council" / "a.csv", csv_text([assessment(submission_id="1", rating="1")])))
    counts = load.one(write(tmp_path / "chamber" / "b.csv", csv_text([assessment(submission_id="1", rating="3")])))
    assert (counts.accepted, counts.duplicates, counts.quarantined) == (1, 0, 0)
    assert sorted(r[-1] for r in load.ratings()) == [1.0, 3.0]


def test_ids_restarting_in_a_second_export_are_never_silently_collapsed(load, tmp_path):
    """A second copy of a form whose ids restart at 1: nothing counted as a duplicate."""
    load.one(write(tmp_path / "council" / "copy1.csv", csv_text(
        [assessment(submission_id=str(i), stakeholder_name=f"A{i}") for i in range(1, 4)])))
    counts = load.one(write(tmp_path / "council" / "copy2.csv", csv_text(
        [assessment(submission_id=str(i), stakeholder_name=f"B{i}") for i in range(1, 4)])))
    assert (counts.duplicates, counts.quarantined) == (0, 3)
    assert all("conflict: id" in r["reason"] and "stakeholder_name" in r["reason"] for r in load.quarantine())


def test_identical_texts_from_different_people_are_separate_submissions(load, tmp_path):
    letter = "Please finish the Competitiveness Committee work plan."
    rows = [{"comment_id": "", "submitted_at": "2026-05-04", "stakeholder_name": name, "party": "CA",
             "text": letter} for name in ("Ann", "Bob")]
    rows += [{"comment_id": f"C-{n}", "submitted_at": "2026-05-04", "party": "CA", "text": letter} for n in (1, 2)]
    counts = load.one(write(tmp_path / "comments" / "c.jsonl", "\n".join(json.dumps(r) for r in rows) + "\n"))
    assert (counts.read, counts.accepted, counts.duplicates) == (4, 4, 0)


def test_survey_answers_of_one_respondent_do_not_conflict(settings, config_copy, tmp_path):
    (config_copy / "sources.yaml").write_text(
        f"sources:\n  - name: survey\n    path: {tmp_path}/s/*.csv\n    format: survey_csv\n"
        "    columns: {submission_id: Response ID, submitted_at: Date}\n    defaults: {party: US}\n"
        "    questions:\n      - {column: Q1, chapter: ch26, party: US}\n      - {column: Q2, chapter: ch19, party: US}\n")
    load = Loader(get_settings())
    load.one(write(tmp_path / "s" / "one.csv", "Response ID,Date,Q1,Q2\nR1,2026-05-04,2,3\n"))
    counts = load.one(write(tmp_path / "s" / "two.csv", "Response ID,Date,Q1,Q2\nR1,2026-05-04,2,4\n"))
    assert (counts.accepted, counts.quarantined) == (0, 1)  # Q2 changed for R1: held, with Q1's copy
    (record,) = load.quarantine()
    assert "id 'R1' is already submission" in record["reason"] and "(rating)" in record["reason"]
    with session_scope(settings.db_url) as session:
        assert session.scalar(select(QuarantinedRow.conflicts_with)) is not None
    assert sorted(s.title for s in load.submissions()) == ["Q1", "Q2"]


def test_a_record_stored_under_the_old_id_only_fingerprint_is_still_a_duplicate(load, settings, tmp_path):
    """Databases loaded before ids were fingerprinted with their content: same id, same content."""
    load.one(write(tmp_path / "council" / "old.csv", csv_text([assessment(submission_id="S-1")])))
    with session_scope(settings.db_url) as session:
        session.execute(update(Submission).values(fingerprint=fingerprint("assessment", "S-1")))
    counts = load.one(write(tmp_path / "council" / "new.csv", csv_text([assessment(submission_id="S-1"),
                                                                        assessment(submission_id="S-1", rating="3")])))
    assert (counts.accepted, counts.duplicates, counts.quarantined) == (0, 1, 1)
    assert counts.duplicate_of[0].startswith("row 2: duplicate of submission ")
    assert "(old.csv, row 2)" in counts.duplicate_of[0]
