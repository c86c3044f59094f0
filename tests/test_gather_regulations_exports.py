"""regulations.gov exports as the site writes them: column variants, a legacy export whose texts are
only in its companion file, attachments folders, withdrawn comments, a source's own column mapping.

Fixtures: tests/fixtures/regulations/ (README.md says which published layout each follows).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from reviewprep.errors import UserError
from reviewprep.gather.attachments import listed_names, says_see_attached
from tests.gather_helpers import TODAY, Loader, write

FIXTURES = Path(__file__).parent / "fixtures" / "regulations"
CURRENT = FIXTURES / "current.csv"
CURRENT_ATTACHMENTS = FIXTURES / "current_attachments"
LEGACY = FIXTURES / "legacy.csv"
LEGACY_TEXTS = FIXTURES / "legacy_text.csv"
LEGACY_ATTACHMENTS = FIXTURES / "legacy_attachments"
SCANNED_ES = Path(__file__).parent / "fixtures" / "letters" / "scanned_es.pdf"
HOLDOUT = FIXTURES / "holdout_bulk_row.csv"


@pytest.fixture
def load(settings) -> Loader:
    return Loader(settings)


def by_id(load) -> dict:
    return {s.external_id: s for s in load.submissions()}


def reasons(load) -> dict[int, tuple[str, str]]:
    return {r["row"]: (r["column"], r["reason"]) for r in load.quarantine()}


@pytest.mark.parametrize("text", ["See attached file(s)", "See Attached", "Please see attached comments.",
                                  "Attached", "Voir pièce jointe", "Veuillez trouver ci-joint nos commentaires",
                                  "Ver archivo adjunto", "Se adjuntan los comentarios", ""])
def test_see_attached_in_three_languages(text):
    assert says_see_attached(text) == bool(text)


@pytest.mark.parametrize("text", ["Please see the attached letter from our CEO on dairy quotas",
                                  "The attached annex lists the tariff lines; we support the chapter.",
                                  "Labor mobility provisions need a yearly working group meeting."])
def test_a_real_comment_is_not_see_attached(text):
    assert not says_see_attached(text)


def test_attachment_names_from_urls():
    assert listed_names("https://downloads.regulations.gov/USTR-2025-0004-0006/attachment_1.docx,"
                        "https://downloads.regulations.gov/USTR-2025-0004-0006/attachment_2.txt") == \
        ["attachment_1.docx", "attachment_2.txt"]
    assert listed_names("https://www.regulations.gov/contentStreamer?documentId=USTR-2019-0003-0014"
                        "&attachmentNumber=2&contentType=msw8") == ["attachment_2.msw8"]


def test_current_export_without_its_attachments(load):
    counts = load.one(CURRENT)
    assert (counts.read, counts.accepted, counts.duplicates, counts.quarantined) == (10, 8, 0, 2)
    rows = by_id(load)
    assert rows["USTR-2025-0004-0005"].text == "See attached file(s)"  # stored as written, and said so
    assert "4 comment(s) saying only 'see attached' stored as written: no attachments folder was given " \
           "(--attachments DIR); rows 5, 6, 7, 11" in counts.notes
    got = reasons(load)
    assert got[8] == ("Is Withdrawn?", "withdrawn by the agency: the export keeps none of its text")
    assert got[10] == ("Comment", "comment text is empty")


def test_current_export_with_its_attachments(load):
    export = load.one(CURRENT, attachments=CURRENT_ATTACHMENTS)
    assert (export.read, export.accepted, export.duplicates, export.quarantined) == (10, 7, 0, 3)
    rows = by_id(load)
    trucker = rows["USTR-2025-0004-0002"]  # a US commenter writing about Mexico
    assert (trucker.country, trucker.party, trucker.parties_named, trucker.language, trucker.language_source) == \
        ("United States", "MX", "MX", "en", "detected")
    assert trucker.submitted_on.isoformat() == "2025-10-01" and trucker.stakeholder_name == "Sample Trucker"
    embassy = rows["USTR-2025-0004-0003"]  # an embassy of Canada writing about Canada, in French
    assert (embassy.country, embassy.party, embassy.language, embassy.stakeholder_type) == \
        ("Canada", "CA", "fr", "government")
    mexican = rows["USTR-2025-0004-0004"]
    assert (mexican.party, mexican.language, mexican.stakeholder_type) == ("MX", "es", "company")

    dairy = rows["USTR-2025-0004-0005"]  # "See attached file(s)": the text of its PDF
    assert dairy.text.startswith("Sample Dairy Exporters Inc. asks the review to hold Canada")
    assert (dairy.party, dairy.source_member, dairy.extraction, dairy.ocr_confidence) == \
        ("CA", "USTR-2025-0004-0005_attachment_1.pdf", "text", None)
    council = rows["USTR-2025-0004-0006"]  # two attachments, named two ways
    assert council.source_member == "attachment_1.docx, USTR-2025-0004-0006_2.txt"
    assert "regional value content" in council.text and council.text.endswith("by month, 2024-2025.")
    federation = rows["USTR-2025-0004-0011"]  # "Voir pièce jointe"
    assert (federation.language, federation.party, federation.source_member) == \
        ("fr", "MX", "USTR-2025-0004-0011_1.txt")
    assert rows["USTR-2025-0004-0009"].duplicate_count == 25

    got = reasons(load)
    assert got[7][0] == "Attachment Files"
    assert got[7][1].startswith("attachment file(s) not found in ") and \
        "USTR-2025-0004-0007_attachment_1.pdf" in got[7][1]
    assert got[8][0] == "Is Withdrawn?"
    assert got[10] == ("Comment", f"comment text is empty and no file in {CURRENT_ATTACHMENTS} carries its "
                                  "Document ID")


def test_legacy_export_without_a_comment_column_needs_its_texts(load):
    counts = load.one(LEGACY)
    assert counts.error.startswith("row 6: this export has no comment column")
    assert "--companion FILE" in counts.error and "--attachments DIR" in counts.error


def test_legacy_export_with_its_companion_and_attachments(load):
    export, texts = load(LEGACY, companion=LEGACY_TEXTS, attachments=LEGACY_ATTACHMENTS)
    assert (export.read, export.accepted, export.quarantined) == (5, 4, 1)
    assert (texts.format, texts.read, texts.accepted, texts.quarantined) == ("regulations_gov_text", 4, 4, 0)
    assert "regulations.gov legacy layout, header on row 6; 4 docket metadata row(s) above it skipped" \
        in export.notes
    rows = by_id(load)
    assert rows["USTR-2019-0003-0011"].text.startswith("Small firms need the SME Dialogue")
    assert rows["USTR-2019-0003-0011"].submitted_on.isoformat() == "2019-06-17"
    bureau = rows["USTR-2019-0003-0012"]  # `Organization`, not `Organization Name`; text from the companion
    assert (bureau.organization, bureau.country, bureau.language, bureau.party, bureau.parties_named) == \
        ("Sample Bureau des PME", "Canada", "fr", "US", "CA,MX")  # two Parties named: the default
    union = rows["USTR-2019-0003-0013"]
    assert (union.stakeholder_type, union.language, union.party) == ("labour", "es", "US")
    grain = rows["USTR-2019-0003-0014"]  # "See Attached" in the companion; its text in <ID>-1.pdf
    assert grain.text.startswith("Sample Grain Growers ask that Mexico") and grain.party == "MX"
    assert grain.source_member == "USTR-2019-0003-0014-1.pdf"
    assert reasons(load)[11][1] == (f"comment text is empty and no file in {LEGACY_ATTACHMENTS} carries its "
                                    "Document ID")


def test_legacy_attachment_named_in_a_folder_and_ocr(load, tmp_path):
    """A scanned attachment is OCR'd: its confidence is kept; `Attachment Count` says how many to expect."""
    folder = tmp_path / "attachments" / "USTR-2019-0003-0016"
    folder.mkdir(parents=True)
    shutil.copy(SCANNED_ES, folder / "attachment_1.pdf")
    header = "Document Title,Document Type,Attachment Count,Organization,Received Date,Document ID,Country\n"
    export = write(tmp_path / "legacy.csv", header
                   + "Comment from Sample Cámara,PUBLIC SUBMISSIONS,1,Sample Cámara,7/14/2019,USTR-2019-0003-0016,"
                     "Mexico\n"
                   + "Comment from Sample Two,PUBLIC SUBMISSIONS,2,Sample Two,7/14/2019,USTR-2019-0003-0017,"
                     "Mexico\n")
    counts = load.one(export, fmt="regulations_gov", attachments=tmp_path / "attachments")
    assert (counts.accepted, counts.quarantined) == (1, 1)
    (scan,) = load.submissions()
    assert (scan.extraction, scan.language, scan.source_member) == ("ocr", "es", "attachment_1.pdf")
    assert scan.ocr_confidence is not None and scan.ocr_confidence > 50
    assert "comercio digital" in scan.text
    column, reason = reasons(load)[3]
    assert column == "Attachment Count" and "USTR-2019-0003-0017_1 (any extension)" in reason


def test_column_name_variants(load, tmp_path):
    path = write(tmp_path / "variants.csv",
                 "Document ID,Date Received,Submitter First Name,Submitter Last Name,Organization,"
                 "Comment Text,Category\n"
                 "X-1,2025-10-01,Sample,Person,,Canada should publish its notices on time.,Individual\n")
    counts = load.one(path, fmt="regulations_gov")
    assert (counts.read, counts.accepted) == (1, 1)
    (row,) = load.submissions()
    assert (row.stakeholder_name, row.party, row.submitted_on.isoformat()) == ("Sample Person", "CA", "2025-10-01")


def test_a_source_maps_its_own_columns(settings, config_copy, tmp_path):
    from reviewprep.settings import get_settings

    path = write(tmp_path / "inbox" / "odd.csv", "Comment Number,When,Who,Remarks\n"
                 "Y-1,2025-10-02,Sample Org,The Competitiveness Committee should meet twice a year.\n")
    (config_copy / "sources.yaml").write_text(
        f"sources:\n  - name: odd-docket\n    path: {path}\n    format: regulations_gov\n"
        "    columns: {document_id: Comment Number, received: When, organization: Who, comment: Remarks}\n")
    (counts,) = Loader(get_settings())(path)
    assert (counts.source, counts.accepted, counts.quarantined) == ("odd-docket", 1, 0)
    (row,) = Loader(get_settings()).submissions()
    assert (row.external_id, row.organization, row.stakeholder_type) == ("Y-1", "Sample Org", "company")


def test_a_mapping_names_only_known_fields(config_copy):
    from reviewprep.framework.load import ConfigError
    from reviewprep.gather.sources import load_sources

    (config_copy / "sources.yaml").write_text(
        "sources:\n  - name: x\n    path: a.csv\n    format: regulations_gov\n    columns: {rating: R}\n")
    with pytest.raises(ConfigError, match="rating not a field of regulations_gov"):
        load_sources(config_copy / "sources.yaml")


def test_attachments_only_with_a_regulations_export_and_an_existing_folder(load, tmp_path):
    with pytest.raises(UserError, match="--attachments goes with a regulations.gov export"):
        load(write(tmp_path / "c.jsonl", '{"text": "x"}\n'), attachments=tmp_path)
    with pytest.raises(UserError, match="attachments folder .* not found"):
        load(CURRENT, attachments=tmp_path / "nowhere")


def test_holdout_row_of_a_real_bulk_download(load):
    """A row as a real export wrote it (another project's test quotes it): values as the file says."""
    counts = load.one(HOLDOUT)
    assert (counts.format, counts.read, counts.accepted, counts.quarantined) == ("regulations_gov", 1, 1, 0)
    (row,) = load.submissions()
    assert (row.external_id, row.submitted_on.isoformat(), row.stakeholder_name, row.country, row.duplicate_count,
            row.stakeholder_type, row.party, row.parties_named, row.language, row.language_source) == \
        ("FWS-HQ-NWRS-2022-0106-35393", "2024-03-05", "Sample Holdout", "United States", 1, "individual", "US", "",
         "en", "detected")
    assert row.text.startswith("I support this proposed rule.") and row.text.endswith("purchase new land.")


def test_a_missing_attachment_once_downloaded_is_read_by_quarantine_retry(settings, config_copy, tmp_path):
    """The source's `attachments:` folder serves `reviewprep quarantine retry` too."""
    from reviewprep.gather.retry import retry
    from reviewprep.settings import get_settings

    folder = tmp_path / "attachments"
    shutil.copytree(CURRENT_ATTACHMENTS, folder)
    (config_copy / "sources.yaml").write_text(
        f"sources:\n  - name: ustr-2025\n    path: {CURRENT}\n    format: regulations_gov\n"
        f"    attachments: {folder}\n")
    load = Loader(get_settings())
    (counts,) = load(CURRENT)
    assert (counts.source, counts.accepted, counts.quarantined) == ("ustr-2025", 7, 3)
    (folder / "USTR-2025-0004-0007").mkdir()
    shutil.copy(folder / "USTR-2025-0004-0005_attachment_1.pdf", folder / "USTR-2025-0004-0007" / "attachment_1.pdf")
    (result,) = retry(get_settings(), load.framework, "current.csv", today=TODAY)
    assert (result.held, result.resolved, result.still_held) == (3, 1, 2)
    steel = by_id(load)["USTR-2025-0004-0007"]
    assert (steel.party, steel.source_member) == ("CA", "attachment_1.pdf")
