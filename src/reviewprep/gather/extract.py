"""A document's bytes become its text: the one home for reading PDF, DOCX, DOC, RTF, TXT, EML and MSG.

`extract(data, name, limits)` tells the kind from the content (magic bytes, then the
extension as a hint), never from the name alone, and returns an `Extracted`: the text,
how it was read ("text", or "ocr" when any page had to be OCR'd, with the mean word
confidence kept), and whatever metadata the document carries (title, author, created;
an e-mail's sender, date, subject and its attachments, each extracted in turn).

What cannot be read raises `NotExtractable` with a reason a user can act on (encrypted,
corrupt, too large, unsupported); nothing else escapes. Text that is empty is returned
empty: the caller decides what an empty letter means. Tools: PDFium (pypdfium2), with pages that have
no text layer rendered by poppler's `pdftoppm` and read by Tesseract (English, French
and Spanish); python-docx; Debian's `antiword` for legacy .doc; striprtf; the standard
`email` package; extract-msg for Outlook .msg.
"""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import email.utils
import io
import os
import re
import subprocess
import tempfile
import threading
import zipfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path, PurePosixPath

OCR_LANGUAGES = "eng+fra+spa"
OCR_DPI = 300
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
KINDS = ("pdf", "docx", "doc", "rtf", "txt", "eml", "msg")
EXTENSIONS = {".pdf": "pdf", ".docx": "docx", ".doc": "doc", ".rtf": "rtf", ".txt": "txt",
              ".eml": "eml", ".msg": "msg"}


class NotExtractable(Exception):
    """The document cannot be read; the message says why (encrypted, corrupt, too large...)."""


@dataclass(frozen=True)
class Limits:
    """Bounds on what one document may cost. Zip limits are checked from the archive's
    directory before anything is inflated (DOCX is a zip too)."""

    max_bytes: int = 50 << 20  # one document (or attachment) as given
    max_pages: int = 500  # pages read from one PDF
    max_ocr_pages: int = 50  # pages without a text layer OCR'd in one PDF
    ocr_timeout: int = 120  # seconds per page (render and OCR each)
    tool_timeout: int = 60  # seconds for antiword
    max_depth: int = 3  # attachments inside attachments
    zip_max_total: int = 1 << 30  # bytes declared unpacked, all entries together
    zip_max_ratio: int = 100  # an entry inflating more than this (above 1 MiB) is a bomb
    zip_max_entries: int = 10_000


DEFAULT_LIMITS = Limits()


@dataclass
class Extracted:
    name: str
    kind: str  # one of KINDS
    text: str = ""
    method: str = "text"  # text | ocr (at least one page was OCR'd)
    ocr_confidence: float | None = None  # mean word confidence 0-100 over the OCR'd pages
    pages: int = 0
    title: str = ""
    author: str = ""
    created: dt.datetime | None = None
    sender_name: str = ""  # e-mail only, as are the four below
    sender_address: str = ""
    sent: dt.datetime | None = None
    subject: str = ""
    attachments: list[Extracted] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (attachment, why it was not read)


def extract(data: bytes, name: str, limits: Limits = DEFAULT_LIMITS, depth: int = 0) -> Extracted:
    """The text and metadata of one document; `NotExtractable` when it cannot be read."""
    if len(data) > limits.max_bytes:
        raise NotExtractable(f"too large: {len(data):,} bytes (limit {limits.max_bytes:,})")
    kind = detect_kind(data, name)
    reader = _READERS[kind]
    try:
        return reader(data, name, limits, depth)
    except NotExtractable:
        raise
    except (subprocess.TimeoutExpired, RecursionError, MemoryError) as exc:
        raise NotExtractable(f"{kind.upper()} could not be read in time or memory ({type(exc).__name__})") from None
    except Exception as exc:  # a corrupt file makes every library raise its own errors
        raise NotExtractable(f"corrupt or unreadable {kind.upper()}: {_short(exc)}") from None


def detect_kind(data: bytes, name: str = "") -> str:
    """One of KINDS from the content; the extension only settles plain text. `NotExtractable` otherwise."""
    head = data[:2048]
    suffix = PurePosixPath(name).suffix.lower()
    if not data.strip():
        raise NotExtractable("empty file")
    if b"%PDF-" in head[:1024]:
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                names = set(archive.namelist())
        except (zipfile.BadZipFile, OSError, ValueError) as exc:
            raise NotExtractable(f"corrupt zip container: {_short(exc)}") from None
        if "word/document.xml" in names:
            return "docx"
        raise NotExtractable("a zip archive that is not a Word document (no word/document.xml)")
    if head.startswith(OLE2_MAGIC):
        return _ole_kind(data)
    if head.lstrip(b"\xef\xbb\xbf \r\n\t").startswith(b"{\\rtf"):
        return "rtf"
    if b"\x00" in head and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise NotExtractable(f"binary content of an unsupported kind ({suffix or 'no extension'}); "
                             f"supported: {', '.join(KINDS)}")
    if _looks_like_email(head) or (suffix == ".eml" and b":" in head[:200]):
        return "eml"
    return "txt"


def _ole_kind(data: bytes) -> str:
    import olefile

    try:
        with olefile.OleFileIO(io.BytesIO(data)) as ole:
            if ole.exists("WordDocument"):
                return "doc"
            if any(entry[0].startswith("__substg1.0_") for entry in ole.listdir()):
                return "msg"
    except Exception as exc:  # olefile raises what its parser meets
        raise NotExtractable(f"corrupt OLE2 (Office 97-2003) file: {_short(exc)}") from None
    raise NotExtractable("an Office 97-2003 file that is neither a Word .doc nor an Outlook .msg "
                         "(an Excel .xls or PowerPoint .ppt?)")


_HEADER = re.compile(rb"^[A-Za-z][A-Za-z0-9-]{0,60}:[ \t]", re.MULTILINE)
_MAIL_HEADERS = (b"from:", b"date:", b"subject:", b"received:", b"mime-version:", b"message-id:", b"to:")


def _looks_like_email(head: bytes) -> bool:
    """RFC 822: the first line is a header, and at least two well-known headers come before a blank line."""
    block = head.split(b"\r\n\r\n", 1)[0].split(b"\n\n", 1)[0]
    if not _HEADER.match(block):
        return False
    found = {line.split(b":", 1)[0].lower() + b":" for line in block.splitlines() if _HEADER.match(line)}
    return len(found & set(_MAIL_HEADERS)) >= 2


def _short(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return text[:200]


# --- PDF ---------------------------------------------------------------------------------

def _pdf(data: bytes, name: str, limits: Limits, depth: int) -> Extracted:
    with _PDFIUM:  # PDFium is not thread-safe, even across documents
        texts, meta = _pdf_text(data, limits)
    count = len(texts)
    scanned = [number for number, text in enumerate(texts, 1) if not text]
    result = Extracted(name, "pdf", pages=count)
    if scanned:
        if len(scanned) > limits.max_ocr_pages:
            raise NotExtractable(f"{len(scanned):,} pages have no text layer (OCR limit {limits.max_ocr_pages:,} "
                                 "pages per document)")
        confidences = []
        for number, (text, confidence) in zip(scanned, _ocr_pages(data, scanned, limits), strict=True):
            texts[number - 1] = text
            if confidence is not None:
                confidences.append(confidence)
        result.method = "ocr"
        result.ocr_confidence = round(sum(confidences) / len(confidences), 1) if confidences else None
    result.text = "\n\n".join(t for t in texts if t)
    result.title = meta.get("Title", "").strip()
    result.author = meta.get("Author", "").strip()
    result.created = pdf_date(meta.get("CreationDate", ""))
    return result


def _pdf_text(data: bytes, limits: Limits) -> tuple[list[str], dict[str, str]]:
    """Each page's text layer (empty: none) and the document information, read by PDFium."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    try:
        pdf = pdfium.PdfDocument(data)  # an empty user password is tried: edit-only locks open
    except pdfium.PdfiumError as exc:
        if getattr(exc, "err_code", None) in (pdfium_c.FPDF_ERR_PASSWORD, pdfium_c.FPDF_ERR_SECURITY):
            raise NotExtractable("encrypted PDF: it needs a password to open (ask the sender for an unlocked copy)") \
                from None
        raise NotExtractable(f"corrupt or unreadable PDF: {_short(exc)}") from None
    try:
        count = len(pdf)
        if count > limits.max_pages:
            raise NotExtractable(f"too many pages: {count:,} (limit {limits.max_pages:,})")
        texts = []
        for index in range(count):
            page = pdf[index]
            textpage = page.get_textpage()
            text = textpage.get_text_bounded()
            textpage.close()
            page.close()
            texts.append(_LINE_BREAK.sub("\n", text).replace("\x00", "").strip())
        try:
            meta = pdf.get_metadata_dict(skip_empty=True)
        except pdfium.PdfiumError:
            meta = {}
        return texts, meta
    except pdfium.PdfiumError as exc:
        raise NotExtractable(f"corrupt or unreadable PDF: {_short(exc)}") from None
    finally:
        pdf.close()


_PDFIUM = threading.Lock()
_LINE_BREAK = re.compile(r"\r\n?")
# A PDF date (ISO 32000 7.9.4): D:YYYYMMDDHHmmSS then Z or +HH'mm', every part after the year optional.
_PDF_DATE = re.compile(r"^(?:D:)?(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?\s*(?:(Z)|([+-])(\d{2})'?(\d{2})?'?)?")


def pdf_date(value: str) -> dt.datetime | None:
    """The document information's date, with its UTC offset when it gives one; None if unreadable."""
    match = _PDF_DATE.match(value.strip())
    if not match:
        return None
    year, month, day, hour, minute, second, utc, sign, off_h, off_m = match.groups()
    zone = None
    if utc:
        zone = dt.UTC
    elif sign:
        offset = dt.timedelta(hours=int(off_h), minutes=int(off_m or 0))
        zone = dt.timezone(-offset if sign == "-" else offset) if offset < dt.timedelta(hours=24) else None
    try:
        return dt.datetime(int(year), int(month or 1), int(day or 1), int(hour or 0), int(minute or 0),
                           int(second or 0), tzinfo=zone)
    except ValueError:
        return None


def _ocr_pages(data: bytes, numbers: list[int], limits: Limits) -> list[tuple[str, float | None]]:
    """The scanned pages OCR'd side by side, one per core: each page is a pdftoppm and a
    tesseract process, so threads suffice (a two-page scan: 4.4 s one after the other, 2.0 s
    side by side on two cores)."""
    workers = min(len(numbers), os.cpu_count() or 1)
    if workers == 1:
        return [ocr_pdf_page(data, number, limits) for number in numbers]
    with ThreadPoolExecutor(workers, thread_name_prefix="ocr") as pool:
        return list(pool.map(lambda number: ocr_pdf_page(data, number, limits), numbers))


def ocr_pdf_page(data: bytes, number: int, limits: Limits = DEFAULT_LIMITS) -> tuple[str, float | None]:
    """Render page `number` at 300 dpi with pdftoppm and OCR it: (text, mean word confidence)."""
    with tempfile.TemporaryDirectory(prefix="reviewprep-ocr-") as tmp:
        pdf = Path(tmp) / "in.pdf"
        pdf.write_bytes(data)
        try:
            done = subprocess.run(["pdftoppm", "-r", str(OCR_DPI), "-f", str(number), "-l", str(number),
                                   "-gray", "-png", str(pdf), str(Path(tmp) / "page")],
                                  capture_output=True, timeout=limits.ocr_timeout)
        except FileNotFoundError:
            raise NotExtractable("scanned pages need poppler's pdftoppm (run `make setup`)") from None
        images = sorted(Path(tmp).glob("page*.png"))
        if done.returncode != 0 or not images:
            raise NotExtractable(f"page {number} could not be rendered for OCR: "
                                 f"{done.stderr.decode(errors='replace').strip()[:200] or 'pdftoppm failed'}")
        return ocr_image(str(images[0]), limits)  # the file as rendered: no decoding and PNG re-encoding


def ocr_image(path: str, limits: Limits = DEFAULT_LIMITS) -> tuple[str, float | None]:
    """Tesseract's words in the image file at `path`, in lines and paragraphs, and their mean
    confidence (None: no words)."""
    import pytesseract

    try:
        found = pytesseract.image_to_data(path, lang=OCR_LANGUAGES, output_type=pytesseract.Output.DICT,
                                          timeout=limits.ocr_timeout)
    except pytesseract.TesseractNotFoundError:
        raise NotExtractable("scanned pages need Tesseract (run `make setup`)") from None
    except RuntimeError as exc:  # pytesseract's timeout
        raise NotExtractable(f"OCR took longer than {limits.ocr_timeout} s on a page") from exc
    lines: dict[tuple[int, int, int], list[str]] = {}
    confidences = []
    for word, conf, block, par, line in zip(found["text"], found["conf"], found["block_num"],
                                            found["par_num"], found["line_num"], strict=True):
        if not word.strip() or float(conf) < 0:
            continue
        confidences.append(float(conf))
        lines.setdefault((block, par, line), []).append(word)
    text, last = [], None
    for (block, par, _), words in lines.items():
        if last is not None and (block, par) != last:
            text.append("")
        text.append(" ".join(words))
        last = (block, par)
    mean = round(sum(confidences) / len(confidences), 1) if confidences else None
    return "\n".join(text).strip(), mean


# --- Word ----------------------------------------------------------------------------------

def check_zip(archive: zipfile.ZipFile, limits: Limits, what: str = "zip archive") -> list[zipfile.ZipInfo]:
    """The archive's entries, after its directory is checked against the limits (nothing inflated yet)."""
    members = archive.infolist()
    if len(members) > limits.zip_max_entries:
        raise NotExtractable(f"refused: the {what} has {len(members):,} entries (limit {limits.zip_max_entries:,})")
    total = sum(m.file_size for m in members)
    if total > limits.zip_max_total:
        raise NotExtractable(f"refused: the {what} would unpack to {total:,} bytes "
                             f"(limit {limits.zip_max_total:,}); this looks like a zip bomb")
    for m in members:
        if m.file_size > (1 << 20) and m.file_size > limits.zip_max_ratio * max(m.compress_size, 1):
            raise NotExtractable(f"refused: {m.filename} inflates {m.file_size // max(m.compress_size, 1):,} "
                                 f"times (limit {limits.zip_max_ratio}); this looks like a zip bomb")
    return members


def _docx(data: bytes, name: str, limits: Limits, depth: int) -> Extracted:
    import docx

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        check_zip(archive, limits, "Word document")
    document = docx.Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            cells = []
            for cell in row.cells:
                if cell.text.strip() and cell.text not in cells:  # merged cells repeat
                    cells.append(cell.text.strip())
            parts.append(" | ".join(cells))
    props = document.core_properties
    return Extracted(name, "docx", text=_tidy("\n".join(parts)), pages=0,
                     title=(props.title or "").strip(), author=(props.author or "").strip(),
                     created=props.created)


def _doc(data: bytes, name: str, limits: Limits, depth: int) -> Extracted:
    with tempfile.TemporaryDirectory(prefix="reviewprep-doc-") as tmp:
        path = Path(tmp) / "in.doc"
        path.write_bytes(data)
        try:
            done = subprocess.run(["antiword", "-m", "UTF-8.txt", "-w", "0", str(path)],
                                  capture_output=True, timeout=limits.tool_timeout)
        except FileNotFoundError:
            raise NotExtractable("legacy .doc needs Debian's antiword (run `make setup`)") from None
    if done.returncode != 0:
        problem = done.stderr.decode("utf-8", errors="replace").strip().splitlines()
        raise NotExtractable(f"antiword could not read the .doc: {(problem or ['no reason given'])[-1][:200]}")
    title, author, created = _ole_metadata(data)
    return Extracted(name, "doc", text=_tidy(done.stdout.decode("utf-8", errors="replace")),
                     title=title, author=author, created=created)


def _ole_metadata(data: bytes) -> tuple[str, str, dt.datetime | None]:
    import olefile

    try:
        with olefile.OleFileIO(io.BytesIO(data)) as ole:
            meta = ole.get_metadata()
    except Exception:
        return "", "", None

    def text(value) -> str:
        if isinstance(value, bytes):
            return value.decode("cp1252", errors="replace").strip("\x00 ")
        return str(value or "").strip()

    created = meta.create_time if isinstance(meta.create_time, dt.datetime) else None
    return text(meta.title), text(meta.author), created


# --- RTF and plain text -------------------------------------------------------------------

_RTF_INFO = {key: re.compile(rb"{\\" + key.encode() + rb"\s+([^{}]*)}") for key in ("title", "author")}
_RTF_CREATED = re.compile(rb"{\\creatim\\yr(\d+)\\mo(\d+)\\dy(\d+)(?:\\hr(\d+))?(?:\\min(\d+))?")
_RTF_CODEPAGE = re.compile(rb"\\ansicpg(\d+)")


def _rtf(data: bytes, name: str, limits: Limits, depth: int) -> Extracted:
    from striprtf.striprtf import rtf_to_text

    codepage = _RTF_CODEPAGE.search(data[:4096])
    encoding = f"cp{int(codepage.group(1))}" if codepage else "cp1252"
    try:
        "".encode(encoding)
    except LookupError:
        encoding = "cp1252"
    source = data.decode("latin-1")  # RTF itself is 7-bit; \'xx escapes carry the code page
    text = rtf_to_text(source, encoding=encoding, errors="replace")
    result = Extracted(name, "rtf", text=_tidy(text))
    for key, pattern in _RTF_INFO.items():
        if found := pattern.search(data):
            setattr(result, key, rtf_to_text(found.group(1).decode("latin-1"), encoding=encoding,
                                              errors="replace").strip())
    if found := _RTF_CREATED.search(data):
        year, month, day, hour, minute = (int(g) if g else 0 for g in found.groups())
        try:
            result.created = dt.datetime(year, month, day, hour, minute)
        except ValueError:
            pass
    return result


def decode_text(data: bytes) -> tuple[str, str]:
    """(text, encoding) of plain-text bytes: a BOM, else UTF-8, else cp1252, else latin-1
    (the order `gather.rawfile.detect_encoding` uses for files)."""
    for bom, encoding in ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16")):
        if data.startswith(bom):
            return data.decode(encoding, errors="replace"), encoding
    for encoding in ("utf-8", "cp1252"):
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1"), "latin-1"


def _txt(data: bytes, name: str, limits: Limits, depth: int) -> Extracted:
    text, _ = decode_text(data)
    return Extracted(name, "txt", text=_tidy(text))


# --- E-mail --------------------------------------------------------------------------------

class _HTMLText(HTMLParser):
    """The visible text of an HTML body: tags dropped, blocks on their own lines, scripts skipped."""

    BLOCKS = {"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "table", "blockquote"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "head"):
            self.hidden += 1
        elif tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in ("script", "style", "head"):
            self.hidden = max(self.hidden - 1, 0)
        elif tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data):
        if not self.hidden:
            self.parts.append(data)


def html_text(html: str) -> str:
    parser = _HTMLText()
    parser.feed(html)
    parser.close()
    return _tidy("".join(parser.parts))


def _eml(data: bytes, name: str, limits: Limits, depth: int) -> Extracted:
    message = email.message_from_bytes(data, policy=email.policy.default)
    result = Extracted(name, "eml")
    result.subject = _header(message, "Subject")
    result.sender_name, result.sender_address = email.utils.parseaddr(_header(message, "From"))
    try:
        result.sent = email.utils.parsedate_to_datetime(_header(message, "Date")) if message["Date"] else None
    except (TypeError, ValueError, IndexError):
        result.sent = None
    body = message.get_body(preferencelist=("plain", "html"))
    if body is not None:
        content = _part_text(body)
        result.text = html_text(content) if body.get_content_type() == "text/html" else _tidy(content)
    for number, part in enumerate(message.iter_attachments(), 1):
        if part is body:
            continue
        filename = part.get_filename() or (f"attachment-{number}.eml" if part.get_content_type() == "message/rfc822"
                                           else f"attachment-{number}")
        if part.get_content_type() == "message/rfc822":
            inner = part.get_payload()
            payload = (inner[0] if isinstance(inner, list) else inner).as_bytes()
        else:
            payload = part.get_payload(decode=True) or b""
        _attach(result, filename, payload, limits, depth)
    return result


def _header(message, name: str) -> str:
    try:
        value = message[name]
    except Exception:  # a header the parser cannot make sense of
        return ""
    return str(value or "").strip()


def _part_text(part) -> str:
    try:
        return part.get_content()
    except (LookupError, UnicodeError):  # an unknown or lying charset
        return (part.get_payload(decode=True) or b"").decode("utf-8", errors="replace")


def _attach(result: Extracted, filename: str, payload: bytes, limits: Limits, depth: int) -> None:
    """Extract one attachment into `result`; one that cannot be read is named in `skipped`."""
    if depth + 1 > limits.max_depth:
        result.skipped.append((filename, f"attachments nested deeper than {limits.max_depth} levels"))
        return
    try:
        result.attachments.append(extract(payload, filename, limits, depth + 1))
    except NotExtractable as exc:
        result.skipped.append((filename, str(exc)))


def _msg(data: bytes, name: str, limits: Limits, depth: int) -> Extracted:
    import extract_msg

    message = extract_msg.openMsg(io.BytesIO(data))
    try:
        result = Extracted(name, "msg", subject=(message.subject or "").strip())
        result.sender_name, result.sender_address = email.utils.parseaddr(message.sender or "")
        sent = message.date
        result.sent = sent if isinstance(sent, dt.datetime) else None
        body = message.body
        if body and body.strip():
            result.text = _tidy(body)
        elif message.htmlBody:
            html = message.htmlBody
            result.text = html_text(html.decode("utf-8", errors="replace") if isinstance(html, bytes) else html)
        for number, attachment in enumerate(message.attachments, 1):
            filename = (getattr(attachment, "longFilename", None) or getattr(attachment, "shortFilename", None)
                        or f"attachment-{number}")
            payload = attachment.data
            if payload is None:
                result.skipped.append((filename, "an attachment with no data (a link or an OLE object)"))
                continue
            if not isinstance(payload, bytes):  # an embedded .msg: extract-msg gives the message itself
                result.attachments.append(_embedded_msg(payload, filename))
                continue
            _attach(result, filename, payload, limits, depth)
    finally:
        message.close()
    return result


def _embedded_msg(message, filename: str) -> Extracted:
    """An Outlook item attached to another: its body, subject and sender (its own attachments are not read)."""
    body = getattr(message, "body", "") or ""
    sender_name, sender_address = email.utils.parseaddr(getattr(message, "sender", "") or "")
    return Extracted(filename, "msg", text=_tidy(body), subject=(getattr(message, "subject", "") or "").strip(),
                     sender_name=sender_name, sender_address=sender_address)


def _tidy(text: str) -> str:
    """Line endings made `\\n`, trailing spaces and runs of blank lines removed, NULs dropped."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
    lines = [line.rstrip() for line in text.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


_READERS = {"pdf": _pdf, "docx": _docx, "doc": _doc, "rtf": _rtf, "txt": _txt, "eml": _eml, "msg": _msg}
