"""The assessment template as CSV, through the real pipeline: every bad input of issue 3.

Each case checks the clear message (file, row, column, problem), that nothing is lost
(raw copy kept, row quarantined), and that read = accepted + duplicates + quarantined.
"""

from __future__ import annotations

import pytest

from reviewprep.gather.assessments import TEMPLATE_COLUMNS
from reviewprep.reports.render import environment
from reviewprep.settings import get_settings
from tests.gather_helpers import Loader, assessment, csv_text, write


@pytest.fixture
def load(settings) -> Loader:
    return Loader(settings)


@pytest.fixture
def load_configured(settings, config_copy) -> Loader:
    """A loader reading config from the writable copy (the `settings` fixture ignores it)."""
    return Loader(get_settings())


def test_good_file_is_accepted_and_raw_copy_kept(load, settings, tmp_path):
    path = write(tmp_path / "a.csv", csv_text([assessment(), assessment(chapter="Chapitre 19", rating="en cours")]))
    counts = load.one(path)
    assert (counts.read, counts.accepted, counts.encoding) == (2, 2, "utf-8")
    assert [r[2:] for r in load.ratings()] == [("ch26", "R3", 2.0), ("ch19", "R3", 2.0)]
    stored = settings.raw_store / counts.sha256[:2] / counts.sha256
    assert stored.read_bytes() == path.read_bytes()


def test_empty_file(load, settings, tmp_path):
    counts = load.one(write(tmp_path / "empty.csv", ""))
    assert counts.error == "the file is empty" and counts.read == 0
    (record,) = load.quarantine()
    assert (record["file"], record["row"], record["column"]) == ("empty.csv", 0, "(file)")
    assert (settings.raw_store / counts.sha256[:2] / counts.sha256).exists()


def test_header_only(load, tmp_path):
    counts = load.one(write(tmp_path / "header.csv", csv_text([])))
    assert counts.was_read and counts.read == 0
    assert "no data rows (header only?)" in counts.notes


def test_required_column_missing(load, tmp_path):
    columns = [c for c in TEMPLATE_COLUMNS if c != "rating"]
    counts = load.one(write(tmp_path / "norating.csv", csv_text([assessment()], columns)))
    assert counts.error == "row 1: required column(s) missing: 'rating'"
    assert load.quarantine()[0]["reason"] == counts.error


def test_unknown_extra_columns_are_ignored_and_named(load, tmp_path):
    columns = [*TEMPLATE_COLUMNS, "Notes internes", "score"]
    rows = [{**assessment(), "Notes internes": "x", "score": "99"}]
    counts = load.one(write(tmp_path / "extra.csv", csv_text(rows, columns)))
    assert counts.accepted == 1
    assert "ignored column(s) not used by this format: Notes internes, score" in counts.notes


def test_semicolon_delimiter_from_french_excel(load, tmp_path):
    rows = [assessment(comment="Lent, mais réel; selon nous", language="fr"), assessment(rating="3")]
    counts = load.one(write(tmp_path / "fr.csv", csv_text(rows, delimiter=";")))
    assert counts.accepted == 2
    assert load.submissions()[0].text == "Lent, mais réel; selon nous"


def test_cp1252_bytes(load, tmp_path):
    rows = [assessment(organization="Société québécoise", comment="Déjà « lent » – trop lent")]
    counts = load.one(write(tmp_path / "win.csv", csv_text(rows), encoding="cp1252"))
    assert (counts.encoding, counts.accepted) == ("cp1252", 1)
    (stored,) = load.submissions()
    assert (stored.organization, stored.text) == ("Société québécoise", "Déjà « lent » – trop lent")


def test_utf8_bom(load, tmp_path):
    counts = load.one(write(tmp_path / "bom.csv", "\ufeff" + csv_text([assessment()])))
    assert (counts.encoding, counts.accepted) == ("utf-8-sig", 1)


def test_mixed_line_endings(load, tmp_path):
    lines = csv_text([assessment(rating=str(i)) for i in range(4)], newline="\n").split("\n")
    content = lines[0] + "\r\n" + lines[1] + "\n" + lines[2] + "\r" + lines[3] + "\r\n" + lines[4] + "\n"
    counts = load.one(write(tmp_path / "mixed.csv", content))
    assert counts.accepted == 4
    assert [r[4] for r in load.ratings()] == [0.0, 1.0, 2.0, 3.0]


def test_quoted_fields_spanning_lines_and_spreadsheet_row_numbers(load, tmp_path):
    rows = [assessment(comment="line one\nline two\r\nline three"), assessment(rating="7")]
    counts = load.one(write(tmp_path / "multi.csv", csv_text(rows)))
    assert (counts.accepted, counts.quarantined) == (1, 1)
    assert load.submissions()[0].text == "line one\nline two\r\nline three"
    (record,) = load.quarantine()
    assert (record["row"], record["column"]) == (3, "rating")  # the record's row, not the line


@pytest.mark.parametrize("rating, reason", [
    ("7", "rating '7' is outside 0-4"),
    ("high", "rating 'high' is not 0-4 or a level label"),
    ("", "rating is empty"),
])
def test_bad_ratings_are_quarantined(load, tmp_path, rating, reason):
    counts = load.one(write(tmp_path / "bad.csv", csv_text([assessment(), assessment(rating=rating)])))
    assert (counts.accepted, counts.quarantined) == (1, 1)
    (record,) = load.quarantine()
    assert (record["file"], record["row"], record["column"]) == ("bad.csv", 3, "rating")
    assert record["reason"].startswith(reason)
    assert f"row 3, column rating: {reason}" in counts.problems[0]


def test_unknown_chapter_or_party(load, tmp_path):
    rows = [assessment(chapter="ch99"), assessment(party="France"), assessment(chapter="Capítulo 28")]
    counts = load.one(write(tmp_path / "codes.csv", csv_text(rows)))
    assert (counts.accepted, counts.quarantined) == (1, 2)
    reasons = {(r["row"], r["column"]): r["reason"] for r in load.quarantine()}
    assert reasons[(2, "chapter")].startswith("unknown chapter 'ch99'")
    assert reasons[(3, "party")] == "unknown Party 'France' (US, CA, MX or NA)"


def test_dates_iso_mdy_and_ambiguous(load, tmp_path):
    rows = [assessment(submitted_at="2026-05-04"), assessment(submitted_at="5/24/2026"),
            assessment(submitted_at="23/5/2026"), assessment(submitted_at="04/05/2026")]
    counts = load.one(write(tmp_path / "dates.csv", csv_text(rows)))
    assert (counts.accepted, counts.quarantined) == (3, 1)
    (record,) = load.quarantine()
    assert (record["row"], record["column"]) == (5, "submitted_at")
    assert "ambiguous" in record["reason"] and "date_order" in record["reason"]


def test_source_date_order_settles_ambiguous_dates(load_configured, config_copy, tmp_path):
    load = load_configured
    (config_copy / "sources.yaml").write_text(
        f"sources:\n  - name: dmy\n    path: {tmp_path}/in/*.csv\n    format: assessments_csv\n"
        "    defaults: {date_order: dmy}\n")
    path = write(tmp_path / "in" / "dmy.csv", csv_text([assessment(submitted_at="04/05/2026")]))
    counts = load.one(path)
    assert (counts.source, counts.accepted) == ("dmy", 1)
    assert load.submissions()[0].submitted_on.isoformat() == "2026-05-04"


def test_future_dates_are_quarantined(load, tmp_path):
    counts = load.one(write(tmp_path / "future.csv", csv_text([assessment(submitted_at="2026-07-01")])))
    assert counts.quarantined == 1
    assert load.quarantine()[0]["reason"] == "date '2026-07-01' is in the future"


def test_duplicate_rows_within_a_file_and_across_files(load, tmp_path):
    first = write(tmp_path / "one.csv", csv_text([assessment(), assessment(), assessment(submission_id="X-1"),
                                                  assessment(submission_id="X-1", rating="4")]))
    counts = load.one(first)  # X-1 given twice with different ratings: a conflict, held (tests/test_gather_identity.py)
    assert (counts.read, counts.accepted, counts.duplicates, counts.quarantined) == (4, 2, 1, 1)
    (named,) = counts.duplicate_of
    assert named.startswith("row 3: duplicate of submission ") and named.endswith(" (one.csv, row 2)")
    second = write(tmp_path / "two.csv", csv_text([assessment(submission_id="X-1"), assessment(),
                                                   assessment(rating="0")]))
    counts = load.one(second)
    assert (counts.read, counts.accepted, counts.duplicates) == (3, 1, 2)
    assert len(load.submissions()) == 3


def test_the_same_file_twice_adds_nothing(load, tmp_path):
    path = write(tmp_path / "same.csv", csv_text([assessment(), assessment(rating="7")]))
    load.one(path)
    again = load.one(path)
    assert again.already_loaded and (again.read, again.accepted, again.duplicates, again.quarantined) == (2, 0, 2, 0)
    assert "1 of its rows are in the quarantine" in again.notes[0]
    assert len(load.submissions()) == 1 and len(load.quarantine()) == 1 and len(load.source_files()) == 1


@pytest.mark.parametrize("text", [
    '=HYPERLINK("http://evil.example","click")', "+1-555-0100", "@SUM(A1:A9)",
    "<script>alert('x')</script><b>bold</b>", "{{ 7*7 }} {% if true %}yes{% endif %}",
])
def test_formula_html_and_jinja_are_stored_and_shown_as_plain_text(load, settings, tmp_path, text):
    load.one(write(tmp_path / "text.csv", csv_text([assessment(comment=text)])))
    (stored,) = load.submissions()
    assert stored.text == text
    shown = environment(settings.templates_path).from_string("<p>{{ quote }}</p>").render(quote=stored.text)
    assert "49" not in shown and "<script>" not in shown and "<b>" not in shown
    assert "{{ 7*7 }}" in shown or "{{" not in text


def test_truncated_file_keeps_the_complete_rows(load, tmp_path):
    content = csv_text([assessment(), assessment(rating="3"), assessment(comment="cut off here")])
    counts = load.one(write(tmp_path / "cut.csv", content[:-15]))
    assert (counts.accepted, counts.quarantined) == (2, 1)
    (record,) = load.quarantine()
    assert record["row"] == 4 and "fields where the header has 14" in record["reason"]
    assert "cut off" in record["raw"]


def test_unterminated_quote_at_the_end(load, tmp_path):
    content = csv_text([assessment()]) + ',2026-05-01,,,,,US,ch26,,2,"never closed'
    counts = load.one(write(tmp_path / "quote.csv", content))
    assert (counts.accepted, counts.quarantined) == (1, 1)


def test_binary_bytes_under_a_csv_name(load, settings, tmp_path):
    counts = load.one(write(tmp_path / "photo.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256))))
    assert counts.error.startswith("binary content") and counts.read == 0
    assert load.quarantine()[0]["column"] == "(file)"
    assert (settings.raw_store / counts.sha256[:2] / counts.sha256).exists()


def test_recommendation_not_applicable_is_stored_and_counted(load, tmp_path):
    # R5 (digital marketplace) does not apply to ch12 in config/framework.yaml
    counts = load.one(write(tmp_path / "na.csv", csv_text([assessment(chapter="ch12", recommendation="R5"),
                                                           assessment(chapter="ch12", recommendation="R1")])))
    assert (counts.accepted, counts.not_applicable) == (2, 1)
    assert any("not applicable" in n and "rows 2" in n for n in counts.notes)


def test_a_file_that_failed_is_tried_again(load_configured, config_copy, tmp_path):
    """A file unreadable under one mapping loads once the source's mapping is fixed."""
    load = load_configured
    path = write(tmp_path / "in" / "theirs.csv", csv_text([assessment()]).replace("submitted_at", "Date"))
    (config_copy / "sources.yaml").write_text(
        f"sources:\n  - name: partner\n    path: {tmp_path}/in/*.csv\n    format: assessments_csv\n")
    assert "submitted_at" in load.one(path).error
    (config_copy / "sources.yaml").write_text(
        f"sources:\n  - name: partner\n    path: {tmp_path}/in/*.csv\n    format: assessments_csv\n"
        "    columns: {submitted_at: Date}\n")
    assert load.one(path).accepted == 1
    assert len(load.source_files()) == 1 and load.quarantine() == []


def test_first_load_leaves_every_index_the_models_declare(load, settings, tmp_path):
    """A load into an empty database builds the read-side indexes after it; none may go missing."""
    from sqlalchemy import create_engine, inspect

    from reviewprep.store.models import Base
    from reviewprep.store.tuning import READ_SIDE_INDEXES

    load.one(write(tmp_path / "a.csv", csv_text([assessment(), assessment(chapter="ch19")])))
    inspector = inspect(create_engine(settings.db_url))
    stored = {ix["name"] for table in Base.metadata.tables for ix in inspector.get_indexes(table)}
    declared = {ix.name for table in Base.metadata.tables.values() for ix in table.indexes}
    assert set(READ_SIDE_INDEXES) <= declared <= stored
