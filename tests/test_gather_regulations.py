"""regulations.gov bulk exports: current and legacy layouts, the companion text file, tagging."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from reviewprep.gather.formats import guess_format
from reviewprep.gather.regulations import stakeholder_type_for
from reviewprep.store.db import session_scope
from reviewprep.store.models import CommentTag
from tests.gather_helpers import Loader, write

FIXTURES = Path(__file__).parent / "fixtures" / "gather"
CURRENT = FIXTURES / "regulations_current.csv"
LEGACY = FIXTURES / "regulations_legacy.csv"
TEXTS = FIXTURES / "regulations_legacy_text.csv"


@pytest.fixture
def load(settings) -> Loader:
    return Loader(settings)


def test_layouts_are_recognised():
    assert guess_format(CURRENT) == ("regulations_gov", "a regulations.gov export (current layout)")
    assert guess_format(LEGACY) == ("regulations_gov", "a regulations.gov export (legacy layout)")
    assert guess_format(TEXTS)[0] is None and "--companion" in guess_format(TEXTS)[1]


def test_current_layout(load):
    counts = load.one(CURRENT)
    assert (counts.format, counts.read, counts.accepted, counts.duplicates, counts.quarantined) == \
        ("regulations_gov", 7, 4, 1, 2)
    assert "regulations.gov current layout, header on row 1" in counts.notes
    by_id = {s.external_id: s for s in load.submissions()}
    person = by_id["USTR-2025-0004-0002"]
    assert (person.kind, person.stakeholder_name, person.party, person.country, person.stakeholder_type,
            person.submitted_on.isoformat()) == \
        ("comment", "Sample Commenter One", "US", "United States", "individual", "2025-10-01")
    assert by_id["USTR-2025-0004-0003"].stakeholder_type == "business_association"
    assert by_id["USTR-2025-0004-0003"].text.startswith("The Competitiveness Committee has not published")
    assert by_id["USTR-2025-0004-0004"].stakeholder_type == "company"
    assert by_id["USTR-2025-0004-0007"].stakeholder_type == "government"
    assert by_id["USTR-2025-0004-0007"].text.startswith('=HYPERLINK("http://example.invalid") <script>')
    reasons = {(r["row"], r["column"]): r["reason"] for r in load.quarantine()}
    assert reasons == {(5, "Received Date"): "date '2031-01-01T05:00Z' is in the future",
                       (6, "Comment"): "comment text is empty"}
    assert counts.untagged == 1  # "See attached file(s)" matches no term, and is stored all the same


def test_current_layout_comments_are_tagged_with_their_terms(load, settings):
    load.one(CURRENT)
    by_id = {s.external_id: s.id for s in load.submissions()}
    with session_scope(settings.db_url) as session:
        tags = {(t.submission_id, t.code): t.matched_terms for t in session.scalars(select(CommentTag))}
    assert tags[(by_id["USTR-2025-0004-0002"], "ch16")] == ["temporary entry", "tn visa"]
    assert (by_id["USTR-2025-0004-0004"], "ch26") not in tags


def test_legacy_layout_without_its_texts(load):
    counts = load.one(LEGACY)
    assert (counts.read, counts.accepted, counts.quarantined) == (4, 1, 3)
    assert "regulations.gov legacy layout, header on row 7; 4 docket metadata row(s) above it skipped" in counts.notes
    (kept,) = load.submissions()
    assert (kept.external_id, kept.submitted_on.isoformat(), kept.organization, kept.stakeholder_type) == \
        ("USTR-2019-0003-0013", "2019-07-12", "Sample Labor Federation", "labour")
    reasons = {r["row"]: r["reason"] for r in load.quarantine()}
    assert reasons[8] == reasons[11] == "comment text is empty"
    assert reasons[9].startswith("no comment text: it is in its 1 attachment(s); give the attachments folder")


def test_legacy_layout_with_companion_texts(load):
    export, texts = load(LEGACY, companion=TEXTS)
    assert (export.read, export.accepted, export.quarantined) == (4, 3, 1)
    assert (texts.format, texts.read, texts.accepted, texts.duplicates, texts.quarantined) == \
        ("regulations_gov_text", 5, 2, 1, 2)
    by_id = {s.external_id: s for s in load.submissions()}
    assert by_id["USTR-2019-0003-0011"].text.startswith("Small firms need the SME Dialogue")
    assert by_id["USTR-2019-0003-0011"].submitted_on.isoformat() == "2019-06-17"  # M/D/YYYY
    assert by_id["USTR-2019-0003-0012"].organization == "Sample Bureau des PME"
    assert by_id["USTR-2019-0003-0011"].stakeholder_name == "Sample Commenter"
    problems = {(r["file"], r["row"]): r["reason"] for r in load.quarantine()}
    assert problems[("regulations_legacy.csv", 11)] == "comment text is empty"
    assert problems[("regulations_legacy_text.csv", 5)].startswith("no comment with Document ID USTR-2019-0003-0099")
    assert problems[("regulations_legacy_text.csv", 6)] == "Document ID is empty"

    again = load(LEGACY, companion=TEXTS)
    assert all(c.already_loaded and c.accepted == 0 for c in again)


def test_companion_only_with_a_regulations_export(load, tmp_path):
    from reviewprep.errors import UserError

    with pytest.raises(UserError, match="--companion goes with a regulations.gov export"):
        load(write(tmp_path / "c.jsonl", '{"text": "x"}\n'), companion=TEXTS)


def test_export_missing_its_key_columns(load, tmp_path):
    path = write(tmp_path / "odd.csv", "Document Title,Document Type,Comment\n")
    counts = load.one(path, fmt="regulations_gov")
    assert counts.error == "row 1: regulations.gov column(s) missing: document id, received date or posted date"
    counts = load.one(write(tmp_path / "plain.csv", "a,b\n1,2\n"), fmt="regulations_gov")
    assert counts.error.startswith("not a regulations.gov export")


@pytest.mark.parametrize("category, agency, organization, expected", [
    ("Individual", "", "", "individual"), ("Trade Association", "", "X", "business_association"),
    ("Non-Governmental Organization", "", "X", "civil_society"), ("Federal Agency", "", "X", "government"),
    ("Labor Union", "", "X", "labour"), ("Real Estate Firm", "", "X", "company"),
    ("", "State", "X", "government"), ("", "", "", "individual"), ("", "", "X", "company"),
])
def test_stakeholder_type_from_category(category, agency, organization, expected):
    assert stakeholder_type_for(category, agency, organization, None) == expected


def test_configured_companion_is_used_by_ingest(settings, config_copy, tmp_path):
    from reviewprep.settings import get_settings

    (config_copy / "sources.yaml").write_text(
        f"sources:\n  - name: ustr\n    path: {LEGACY}\n    format: regulations_gov\n    companion: {TEXTS}\n")
    export, texts = Loader(get_settings())(LEGACY)
    assert (export.source, export.accepted, texts.format, texts.accepted) == ("ustr", 3, "regulations_gov_text", 2)
