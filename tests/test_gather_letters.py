"""Written submissions: text extraction (gather.extract) and the `letters` format, end to end.

Fixtures are in tests/fixtures/letters/ (made by its generate.py with the tools' own
libraries, plus a real .doc and .msg; see its README). OCR runs on two cores shared with
others, so only a few tests OCR a page.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import zipfile
from pathlib import Path

import pytest
import yaml
from pypdf import PdfReader, PdfWriter
from sqlalchemy import select

from reviewprep.cli import main
from reviewprep.gather.extract import Limits, NotExtractable, detect_kind, extract, pdf_date
from reviewprep.gather.formats import guess_format
from reviewprep.gather.sources import Source
from reviewprep.settings import get_settings
from reviewprep.store.db import session_scope
from reviewprep.store.models import CommentTag, SourceFile
from tests.gather_helpers import Loader, write

FIXTURES = Path(__file__).parent / "fixtures" / "letters"


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


# --- extraction -------------------------------------------------------------------------------

@pytest.mark.parametrize(("name", "kind"), [
    ("letter.pdf", "pdf"), ("letter.docx", "docx"), ("sample.doc", "doc"), ("letter.rtf", "rtf"),
    ("letter.txt", "txt"), ("email_with_attachments.eml", "eml"), ("sample.msg", "msg"),
])
def test_the_kind_comes_from_the_content_not_the_name(name, kind):
    assert detect_kind(fixture(name), name) == kind
    assert detect_kind(fixture(name), "renamed.bin") == kind


def test_a_text_pdf_gives_its_text_and_properties():
    got = extract(fixture("letter.pdf"), "letter.pdf")
    assert got.method == "text" and got.ocr_confidence is None and got.pages == 1
    assert "Competitiveness Committee has made slow" in got.text
    assert got.title == "Submission on the Competitiveness chapter" and got.author == "Jane Porter"
    assert got.created.date().isoformat() == "2026-03-10"


def test_a_word_document_gives_paragraphs_tables_and_core_properties():
    got = extract(fixture("letter.docx"), "letter.docx")
    assert "cross-border data and source code" in got.text
    assert "Cybersecurity | A joint work programme" in got.text
    assert (got.title, got.author, got.created.date().isoformat()) == (
        "Digital trade submission", "Pacific Tech Alliance", "2026-02-20")


def test_a_legacy_word_document_is_read_with_antiword():
    got = extract(fixture("sample.doc"), "sample.doc")
    assert got.kind == "doc" and "I love word documents." in got.text
    assert got.author == "Dean Malmgren"


def test_rtf_code_page_escapes_and_info_group():
    got = extract(fixture("letter.rtf"), "letter.rtf")
    assert "simplifiée" in got.text and "main-d'œuvre" in got.text and "{" not in got.text
    assert (got.title, got.author) == ("Temporary entry of business persons", "Syndicat des métallos")
    assert got.created.isoformat() == "2026-01-15T10:05:00"


def test_plain_text_in_a_windows_code_page():
    got = extract(fixture("letter.txt"), "letter.txt")
    assert "measures — especially" in got.text and "\r" not in got.text


def test_an_email_gives_headers_body_and_each_attachment():
    got = extract(fixture("email_with_attachments.eml"), "mail.eml")
    assert (got.sender_name, got.sender_address) == ("Maria Lopez", "maria.lopez@camara-norte.mx")
    assert got.subject == "Comentarios sobre la revisión conjunta"
    assert got.sent.isoformat() == "2026-03-12T09:30:00+00:00"
    assert got.text.startswith("Please find attached") and "<b>" not in got.text
    assert [(a.name, a.kind) for a in got.attachments] == [("submission.pdf", "pdf"), ("annex.docx", "docx")]
    assert "Competitiveness Committee" in got.attachments[0].text


def test_an_outlook_message():
    got = extract(fixture("sample.msg"), "sample.msg")
    assert got.kind == "msg" and got.subject == "MSG Test File" and "John Doe" in got.text


def test_an_html_only_email_is_stripped_to_its_text():
    raw = (b"From: A <a@example.org>\r\nDate: Tue, 03 Mar 2026 10:00:00 -0500\r\nSubject: x\r\n"
           b"MIME-Version: 1.0\r\nContent-Type: text/html; charset=utf-8\r\n\r\n"
           b"<html><head><style>p{}</style></head><body><p>Digital&nbsp;trade</p><script>x()</script></body></html>")
    got = extract(raw, "noext")
    assert got.kind == "eml" and got.text == "Digital\xa0trade"


def test_a_scanned_spanish_page_is_ocrd_with_its_confidence():
    got = extract(fixture("scanned_es.pdf"), "scanned_es.pdf")
    assert got.method == "ocr" and got.pages == 1
    assert 60 < got.ocr_confidence <= 100
    for word in ("comercio digital", "localización de datos", "medianas empresas"):
        assert word in got.text


def test_a_two_page_scan_keeps_its_pages_in_order():
    """The pages are OCR'd side by side; the text still reads page 1, then page 2."""
    writer = PdfWriter()
    for name in ("scanned_fr.pdf", "scanned_es.pdf"):
        writer.add_page(PdfReader(io.BytesIO(fixture(name))).pages[0])
    out = io.BytesIO()
    writer.write(out)
    got = extract(out.getvalue(), "two.pdf")
    assert got.method == "ocr" and got.pages == 2 and 60 < got.ocr_confidence <= 100
    assert -1 < got.text.index("comité sur la compétitivité") < got.text.index("comercio digital")


def encrypted_pdf() -> bytes:
    writer = PdfWriter(clone_from=io.BytesIO(fixture("letter.pdf")))
    writer.encrypt(user_password="secret", owner_password="owner", algorithm="AES-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_bad_documents_raise_one_reason_never_a_traceback():
    cases = {
        "encrypted": encrypted_pdf(),
        "corrupt": fixture("letter.pdf")[:400],
        "empty": b"",
        "xls": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600,
        "zip": zipfile_bytes({"a.txt": b"x"}),
        "binary": b"\x7fELF\x00\x00\x01",
    }
    reasons = {}
    for case, data in cases.items():
        with pytest.raises(NotExtractable) as caught:
            extract(data, f"{case}.pdf")
        reasons[case] = str(caught.value)
    assert reasons["encrypted"].startswith("encrypted PDF")
    assert "corrupt" in reasons["corrupt"] and reasons["empty"] == "empty file"
    assert "OLE2" in reasons["xls"] or "neither" in reasons["xls"]
    assert "not a Word document" in reasons["zip"] and "unsupported" in reasons["binary"]


def test_an_oversized_document_is_refused_before_it_is_read():
    with pytest.raises(NotExtractable, match="too large: 5,483 bytes"):
        extract(fixture("letter.pdf"), "letter.pdf", Limits(max_bytes=1000))


def test_a_bad_attachment_is_named_not_fatal():
    from email.message import EmailMessage

    message = EmailMessage()
    message["From"], message["Subject"], message["Date"] = "a@example.org", "s", "Tue, 03 Mar 2026 10:00:00 +0000"
    message.set_content("Body text.")
    message.add_attachment(encrypted_pdf(), maintype="application", subtype="pdf", filename="locked.pdf")
    got = extract(bytes(message), "m.eml")
    assert got.text == "Body text." and got.attachments == []
    assert got.skipped[0][0] == "locked.pdf" and got.skipped[0][1].startswith("encrypted PDF")


def zipfile_bytes(entries: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return out.getvalue()


# --- the letters format, end to end ----------------------------------------------------------

OLD = (dt.datetime(2026, 4, 20, 12, 0) - dt.datetime(1970, 1, 1)).total_seconds()  # a file date before TODAY


@pytest.fixture
def letters_dir(tmp_path) -> Path:
    return tmp_path / "letters"


def put(folder: Path, name: str, data: bytes) -> Path:
    path = write(folder / name, data)
    os.utime(path, (OLD, OLD))
    return path


@pytest.fixture
def source(config_copy, letters_dir):
    """A letters source over the test folder (Party US by default), declared in config/sources.yaml."""
    def declare(**extra) -> str:
        entry = {"name": "letters", "path": str(letters_dir / "**" / "*"), "format": "letters",
                 "defaults": {"party": "US"}, **extra}
        (config_copy / "sources.yaml").write_text(yaml.safe_dump({"sources": [entry]}))
        return "letters"
    return declare


@pytest.fixture
def load(settings, config_copy) -> Loader:
    """The ingest code on a test database, with a config/ the test may add sources to."""
    return Loader(get_settings())


def test_guess_format_sends_documents_and_plain_letters_to_letters(tmp_path):
    for suffix in (".pdf", ".docx", ".doc", ".rtf", ".eml", ".msg", ".zip"):
        assert guess_format(Path(f"x{suffix}"))[0] == "letters"
    assert guess_format(FIXTURES / "letter.txt")[0] == "letters"
    table = write(tmp_path / "t.txt", "submission_id,chapter,rating,party\n1,ch26,2,US\n")
    assert guess_format(table)[0] == "assessments_csv"


@pytest.mark.parametrize(("name", "snippet", "title"), [
    ("letter.pdf", "Competitiveness Committee has made slow", "Submission on the Competitiveness chapter"),
    ("letter.docx", "cross-border data and source code", "Digital trade submission"),
    ("sample.doc", "I love word documents.", ""),
    ("letter.rtf", "mobilité de la main-d'œuvre", "Temporary entry of business persons"),
    ("letter.txt", "retrospective review of the 2024 measures", ""),
    ("sample.msg", "John Doe", "MSG Test File"),
])
def test_each_letter_type_becomes_a_tagged_comment_linked_to_its_raw_file(load, source, letters_dir, name,
                                                                          snippet, title):
    path = put(letters_dir, name, fixture(name))
    counts = load.one(path, source=source())
    assert (counts.format, counts.read, counts.accepted, counts.quarantined) == ("letters", 1, 1, 0), counts
    (sub,) = load.submissions()
    assert snippet in sub.text and sub.kind == "comment" and sub.party == "US"
    assert (sub.extraction, sub.ocr_confidence, sub.title, sub.source_member) == ("text", None, title, "")
    with session_scope(load.settings.db_url) as session:
        stored = session.get(SourceFile, sub.source_file_id)
        assert Path(stored.stored_path).read_bytes() == fixture(name)
        tags = set(session.scalars(select(CommentTag.code).where(CommentTag.submission_id == sub.id)))
    if name != "sample.doc" and name != "sample.msg":
        assert tags, "a letter is tagged like a comment"


def test_dates_and_names_are_inferred_and_flagged(load, source, letters_dir):
    load(put(letters_dir, "letter.docx", fixture("letter.docx")), put(letters_dir, "sample.msg", fixture("sample.msg")),
         source=source())
    by_kind = {s.title: s for s in load.submissions()}
    docx, msg = by_kind["Digital trade submission"], by_kind["MSG Test File"]
    assert (docx.submitted_on.isoformat(), docx.stakeholder_name) == ("2026-02-20", "Pacific Tech Alliance")
    assert docx.inferred == {"submitted_on": "document properties (created)",
                             "stakeholder_name": "document properties (author)"}
    assert (msg.submitted_on.isoformat(), msg.inferred) == ("2026-04-20", {"submitted_on": "file modification date"})


def test_a_scanned_french_letter_is_ocrd_tagged_and_marked(load, source, letters_dir):
    counts = load.one(put(letters_dir, "scan.pdf", fixture("scanned_fr.pdf")), source=source())
    assert counts.accepted == 1, counts
    (sub,) = load.submissions()
    assert sub.extraction == "ocr" and 60 < sub.ocr_confidence <= 100
    assert (sub.language, sub.language_source) == ("fr", "detected")
    for words in ("comité sur la compétitivité", "minéraux critiques", "Chambre de commerce du Québec"):
        assert words in sub.text
    with session_scope(load.settings.db_url) as session:
        tags = set(session.scalars(select(CommentTag.code).where(CommentTag.submission_id == sub.id)))
    assert "ch26" in tags


def test_an_email_is_one_submission_with_its_attachments(load, source, letters_dir):
    counts = load.one(put(letters_dir, "mail.eml", fixture("email_with_attachments.eml")), source=source())
    assert counts.accepted == 1, counts
    (sub,) = load.submissions()
    assert sub.text.startswith("Please find attached our submission on small and medium enterprises.")
    assert "[Attachment: submission.pdf]\nDear Review Secretariat," in sub.text
    assert "[Attachment: annex.docx]\nDigital trade and data localization" in sub.text
    assert (sub.stakeholder_name, sub.submitted_on.isoformat(), sub.title) == (
        "Maria Lopez", "2026-03-12", "Comentarios sobre la revisión conjunta")
    assert sub.source_member == "attachments: submission.pdf, annex.docx"
    assert sub.inferred == {"submitted_on": "e-mail Date header", "stakeholder_name": "e-mail From header"}


def test_a_zip_with_its_sidecar(load, source, letters_dir):
    counts = load.one(put(letters_dir, "batch.zip", fixture("letters.zip")), source=source())
    assert (counts.read, counts.accepted, counts.quarantined) == (3, 3, 0), counts  # the sidecar is no letter
    by_member = {s.source_member: s for s in load.submissions()}
    assert set(by_member) == {"letter.docx", "ontario/letter.rtf", "notes/letter.txt"}
    docx = by_member["letter.docx"]  # the sidecar wins over the document's own properties
    assert (docx.submitted_on.isoformat(), docx.organization, docx.stakeholder_type, docx.country, docx.party) == (
        "2026-02-21", "Pacific Tech Alliance", "business_association", "US", "US")
    assert docx.inferred == {"stakeholder_name": "document properties (author)"}
    rtf = by_member["ontario/letter.rtf"]
    assert (rtf.party, rtf.language, rtf.stakeholder_type, rtf.submitted_on.isoformat()) == (
        "CA", "fr", "labour", "2026-01-15")
    assert rtf.inferred["submitted_on"] == "document properties (created)"
    txt = by_member["notes/letter.txt"]  # not in the sidecar: the source's default Party, the entry's date
    assert (txt.party, txt.submitted_on.isoformat(), txt.inferred) == (
        "US", "2026-04-02", {"submitted_on": "file modification date"})
    again = load.one(put(letters_dir, "copy/batch.zip", fixture("letters.zip")), source=source())
    assert (again.read, again.duplicates) == (3, 3)


def test_a_sidecar_beside_the_files_in_french_is_read_and_not_ingested(load, settings, letters_dir, capsys):
    put(letters_dir, "lettre.rtf", fixture("letter.rtf"))
    put(letters_dir, "courriel.eml", fixture("email_with_attachments.eml"))
    write(letters_dir / "metadata.csv", "fichier;organisme;type de partie prenante;pays;partie;date;"
          "confidentialité;langue\nlettre.rtf;Syndicat;syndicat;Canada;Canada;2026-01-20;confidentiel;fr\n"
          "courriel.eml;Cámara Norte;;MX;MX;;;es\n".encode("cp1252"))
    assert main(["ingest", str(letters_dir), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert [(Path(f["file"]).name, f["format"]) for f in out["files"]] == [
        ("courriel.eml", "letters"), ("lettre.rtf", "letters")]
    assert (out["read"], out["accepted"], out["quarantined"]) == (2, 2, 0), out
    by_name = {s.title: s for s in load.submissions()}
    rtf = by_name["Temporary entry of business persons"]
    assert (rtf.organization, rtf.stakeholder_type, rtf.party, rtf.confidential, rtf.submitted_on.isoformat()) == (
        "Syndicat", "labour", "CA", True, "2026-01-20")
    mail = by_name["Comentarios sobre la revisión conjunta"]
    assert (mail.organization, mail.party, mail.language, mail.stakeholder_name) == (
        "Cámara Norte", "MX", "es", "Maria Lopez")


def test_a_declared_sidecar_with_an_ambiguous_date_quarantines_that_letter(load, source, letters_dir, tmp_path):
    put(letters_dir, "a.rtf", fixture("letter.rtf"))
    put(letters_dir, "b.docx", fixture("letter.docx"))
    sidecar = write(tmp_path / "meta" / "letters-meta.csv",
                    "Archivo,Organización,Fecha,Parte\na.rtf,Sindicato,03/04/2026,CA\nb.docx,Alianza,04/20/2026,US\n")
    results = load(letters_dir, source=source(metadata=str(sidecar)))
    assert sum(c.read for c in results) == 2 and sum(c.quarantined for c in results) == 1
    (problem,) = load.quarantine()
    assert (problem["file"], problem["row"], problem["column"]) == ("a.rtf", 1, "Fecha (letters-meta.csv)")
    assert "ambiguous" in problem["reason"]
    (sub,) = load.submissions()
    assert (sub.organization, sub.submitted_on.isoformat(), sub.inferred) == (
        "Alianza", "2026-04-20", {"stakeholder_name": "document properties (author)"})


def test_metadata_belongs_to_letters_sources_only():
    with pytest.raises(ValueError, match="only the letters format"):
        Source(name="x", path="a.csv", format="comments_json", metadata="m.csv")


def zip_bytes(entries: dict[str, bytes], compress=zipfile.ZIP_DEFLATED) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compress) as archive:
        for name, data in entries.items():
            archive.writestr(zipfile.ZipInfo(name, date_time=(2026, 4, 2, 12, 0, 0)), data, compress_type=compress)
    return out.getvalue()


def blank_scan() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("L", (850, 1100), 255).save(out, "PDF", resolution=100)
    return out.getvalue()


def test_bad_letters_are_quarantined_with_file_row_and_column(load, source, letters_dir, monkeypatch):
    monkeypatch.setenv("REVIEWPREP_LETTER_MAX_MB", "1")
    load.settings = get_settings()
    put(letters_dir, "locked.pdf", encrypted_pdf())
    put(letters_dir, "cut.docx", fixture("letter.docx")[:5000])
    put(letters_dir, "blank.pdf", blank_scan())
    put(letters_dir, "huge.txt", b"word " * 300_000)
    put(letters_dir, "mixed.zip", zip_bytes({
        "../escape.txt": b"Digital trade outside the folder",
        "/etc/abs.txt": b"absolute",
        "ok/fine.txt": b"Digital trade is fine.",
        "ok/locked.pdf": encrypted_pdf(),
        "__MACOSX/ok/._fine.txt": b"\x00\x05\x16\x07",
    }))
    results = {Path(c.file).name: c for c in load(letters_dir, source=source())}
    assert {n: (c.read, c.accepted, c.quarantined) for n, c in results.items()} == {
        "blank.pdf": (1, 0, 1), "cut.docx": (1, 0, 1), "huge.txt": (1, 0, 1), "locked.pdf": (1, 0, 1),
        "mixed.zip": (4, 1, 3)}
    reasons = {(q["file"], q["row"], q["column"]): q["reason"] for q in load.quarantine()}
    assert reasons[("locked.pdf", 1, "file")].startswith("encrypted PDF")
    assert reasons[("cut.docx", 1, "file")].startswith("corrupt")
    assert reasons[("blank.pdf", 1, "text")] == "no text found, even after OCR (a blank or unreadable scan?)"
    assert reasons[("huge.txt", 1, "file")].startswith("too large: 1,500,000 bytes (limit 1,048,576")
    assert reasons[("mixed.zip", 1, "file")].startswith("../escape.txt: the entry's name leaves its folder")
    assert reasons[("mixed.zip", 2, "file")].startswith("/etc/abs.txt: the entry's name leaves its folder")
    assert reasons[("mixed.zip", 4, "file")].startswith("ok/locked.pdf: encrypted PDF")
    assert "housekeeping" in " ".join(results["mixed.zip"].notes)
    assert [s.source_member for s in load.submissions()] == ["ok/fine.txt"]
    assert not (letters_dir.parent / "escape.txt").exists() and not Path("/etc/abs.txt").exists()


def test_a_zip_bomb_is_refused_from_its_directory_before_inflating(load, source, letters_dir):
    bomb = put(letters_dir, "bomb.zip", zip_bytes({"a.txt": b"0" * (40 << 20)}))
    counts = load.one(bomb, source=source())
    assert counts.error.startswith("refused: a.txt inflates") and "zip bomb" in counts.error
    assert (counts.read, counts.quarantined) == (0, 0)
    (problem,) = load.quarantine()
    assert (problem["file"], problem["column"]) == ("bomb.zip", "(file)")


def test_too_many_entries_or_too_much_unpacked_is_refused(monkeypatch):
    from reviewprep.gather.extract import check_zip

    with zipfile.ZipFile(io.BytesIO(zip_bytes({f"{n}.txt": b"x" for n in range(5)}))) as archive:
        with pytest.raises(NotExtractable, match="5 entries"):
            check_zip(archive, Limits(zip_max_entries=4))
        with pytest.raises(NotExtractable, match="would unpack to 5 bytes"):
            check_zip(archive, Limits(zip_max_total=4))


@pytest.mark.parametrize("value, expected", [
    ("D:20150604133406-06'00'", dt.datetime(2015, 6, 4, 13, 34, 6, tzinfo=dt.timezone(dt.timedelta(hours=-6)))),
    ("D:20220414101010Z", dt.datetime(2022, 4, 14, 10, 10, 10, tzinfo=dt.UTC)),
    ("D:20220414", dt.datetime(2022, 4, 14)),
    ("20220414 ", dt.datetime(2022, 4, 14)),  # no "D:", as some producers write it
    ("D:20221314", None),  # month 13: unreadable, never guessed
    ("Tuesday", None),
    ("", None),
])
def test_a_pdf_date_is_read_with_its_offset_or_not_at_all(value, expected):
    assert pdf_date(value) == expected


def test_hold_out_files_made_by_other_tools(load, source, letters_dir):
    """Real files never used while writing the code (holdout/, from pypdf's resources), with the real .doc and .msg."""
    for path in sorted((FIXTURES / "holdout").iterdir()):
        put(letters_dir, path.name, path.read_bytes())
    put(letters_dir, "word97.doc", fixture("sample.doc"))
    put(letters_dir, "outlook.msg", fixture("sample.msg"))
    results = load(letters_dir, source=source())
    assert (sum(c.read for c in results), sum(c.accepted for c in results), sum(c.quarantined for c in results)) \
        == (5, 4, 1)
    (problem,) = load.quarantine()
    assert (problem["file"], problem["row"], problem["column"]) == ("r4-aes-user-password.pdf", 1, "file")
    assert problem["reason"].startswith("encrypted PDF")
    by_file = {s.text.split("\n", 1)[0]: s for s in load.submissions()}
    crazy = by_file["The Crazy Ones"]
    assert "Here" in crazy.text and "troublemakers" in crazy.text and crazy.extraction == "text"
    assert (crazy.submitted_on.isoformat(), crazy.inferred) == (
        "2015-06-04", {"submitted_on": "document properties (created)"})
    empty_password = by_file["pdf encryption test"]
    assert (empty_password.stakeholder_name, empty_password.submitted_on.isoformat()) == ("cheng", "2022-04-14")
