"""Inboxes: every new file under a folder gathered, its kind told by its content, each file reported."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import yaml

from reviewprep import jobs
from reviewprep.errors import ConfigError
from reviewprep.gather.inbox import recognise, report_lines
from reviewprep.settings import get_settings
from tests.gather_helpers import Loader, assessment, csv_text, write

LETTERS = Path(__file__).parent / "fixtures" / "letters"


def sources(config_copy: Path, tmp_path: Path, extra_sources: list[dict] | None = None) -> None:
    (config_copy / "sources.yaml").write_text(yaml.safe_dump({
        "sources": extra_sources or [],
        "inboxes": [{"name": "drop", "path": str(tmp_path / "drop"), "defaults": {"party": "CA", "language": "fr"}}],
    }))


def drop_files(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(LETTERS / "letter.pdf", folder / "scan0001")  # no extension: a PDF by its content
    shutil.copy(LETTERS / "letter.docx", folder / "chamber.docx")
    write(folder / "ratings.csv", csv_text([assessment(party="")]))
    write(folder / "comments.jsonl", json.dumps({"submitted_at": "2026-05-01", "text": "Le comité avance."}) + "\n")
    write(folder / "photo.heic", b"\x00\x00\x00\x18ftypheic" + b"\x00" * 100)


def test_kinds_are_recognised_by_content(tmp_path):
    drop_files(tmp_path)
    assert recognise(tmp_path / "scan0001") == ("letters", "a PDF document (by content)")
    assert recognise(tmp_path / "chamber.docx")[0] == "letters"
    assert recognise(tmp_path / "ratings.csv")[0] == "assessments_csv"
    assert recognise(tmp_path / "comments.jsonl")[0] == "comments_jsonl"
    assert recognise(tmp_path / "photo.heic") == (None, "unknown extension '.heic'")
    note = write(tmp_path / "note.txt", "Dear Minister,\nplease finish the work plan.\n")
    assert recognise(note)[0] == "letters"
    mail = write(tmp_path / "forwarded", "From: a@example.org\nSubject: USMCA\nDate: Mon, 4 May 2026\n\nHello\n")
    assert recognise(mail) == ("letters", "an e-mail message (by content)")


def test_an_inbox_gathers_new_files_and_reports_each(settings, config_copy, tmp_path):
    sources(config_copy, tmp_path)
    drop_files(tmp_path / "drop")
    load = Loader(get_settings())
    (inbox,) = jobs.configured_inboxes(get_settings())
    files = jobs.gather_inbox(get_settings(), inbox, today=dt_today())
    by_name = {Path(f.file).name: f for f in files}
    assert {n: (f.format, f.accepted) for n, f in by_name.items() if not f.error} == {
        "scan0001": ("letters", 1), "chamber.docx": ("letters", 1), "ratings.csv": ("assessments_csv", 1),
        "comments.jsonl": ("comments_jsonl", 1)}
    assert by_name["photo.heic"].error.startswith("cannot tell the format (unknown extension '.heic')")
    assert all(f.source == "drop" for n, f in by_name.items() if n != "photo.heic")
    assert {(s.party, s.language) for s in load.submissions() if s.kind == "assessment"} == {("CA", "en")}
    lines = report_lines(files)
    assert "- `ratings.csv`: assessments_csv: read 1, accepted 1, duplicates 0, quarantined 0" in lines
    assert any(line.startswith("- `photo.heic`: not recognised: cannot tell the format") for line in lines)

    write(tmp_path / "drop" / "late.csv", csv_text([assessment(party="", rating="4")]))
    again = jobs.gather_inbox(get_settings(), inbox, today=dt_today())
    lines = report_lines(again)
    assert "- `scan0001`: already loaded (same SHA-256): nothing added" in lines
    assert "- `late.csv`: assessments_csv: read 1, accepted 1, duplicates 0, quarantined 0" in lines
    assert sum(f.accepted for f in again) == 1


def test_a_file_a_source_covers_is_read_as_that_source(settings, config_copy, tmp_path):
    sources(config_copy, tmp_path, [{"name": "mx-ratings", "path": str(tmp_path / "drop" / "mx-*.csv"),
                                     "format": "assessments_csv", "defaults": {"party": "MX"}}])
    write(tmp_path / "drop" / "mx-1.csv", csv_text([assessment(party="")]))
    load = Loader(get_settings())
    (inbox,) = jobs.configured_inboxes(get_settings())
    (counts,) = jobs.gather_inbox(get_settings(), inbox, today=dt_today())
    assert (counts.source, counts.accepted) == ("mx-ratings", 1) and load.submissions()[0].party == "MX"


def test_a_missing_folder_and_a_repeated_name_are_said_plainly(settings, config_copy, tmp_path):
    sources(config_copy, tmp_path)
    (inbox,) = jobs.configured_inboxes(get_settings())
    (counts,) = jobs.gather_inbox(get_settings(), inbox)
    assert report_lines([counts]) == [f"- `drop`: {counts.error}"] and "does not exist" in counts.error
    (config_copy / "sources.yaml").write_text(yaml.safe_dump({
        "sources": [{"name": "drop", "path": "x/*.csv", "format": "assessments_csv"}],
        "inboxes": [{"name": "drop", "path": "inbox/drop"}]}))
    with pytest.raises(ConfigError, match="drop used more than once"):
        jobs.configured_inboxes(get_settings())


@pytest.mark.flow
def test_the_weekly_flows_gather_step_runs_one_task_per_inbox(settings, config_copy, tmp_path, prefect_harness):
    from prefect import flow

    from flows.weekly_readiness import gather_inbox

    sources(config_copy, tmp_path)
    drop_files(tmp_path / "drop")
    jobs.prepare_database(get_settings())

    @flow
    def gather_only(inboxes):
        return [f for future in gather_inbox.map(inboxes) for f in future.result()]

    files = gather_only(jobs.configured_inboxes(get_settings()))
    assert sorted(Path(f.file).name for f in files if f.accepted) == \
        ["chamber.docx", "comments.jsonl", "ratings.csv", "scan0001"]


def dt_today():
    from tests.gather_helpers import TODAY

    return TODAY
