"""Written submissions: text extraction (gather.extract) and the `letters` format, end to end.

Fixtures are in tests/fixtures/letters/ (made by its generate.py with the tools' own
libraries, plus a real .doc and .msg; see its README). OCR runs on two cores shared with
others, so only a few tests OCR a page.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from pypdf import PdfWriter

from reviewprep.gather.extract import Limits, NotExtractable, detect_kind, extract

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
