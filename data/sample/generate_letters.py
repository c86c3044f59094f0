"""Write the SAMPLE written submissions in data/sample/letters/ (fictional senders).

Run with the project's environment (it needs python-docx, WeasyPrint and Pillow):
`uv run python data/sample/generate_letters.py`. The files are committed; the demo does
not load them, the README's "explore" commands do (`reviewprep ingest data/sample/letters/`).
"""

from __future__ import annotations

import datetime as dt
import io
import time
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path

OUT = Path(__file__).resolve().parent / "letters"
FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf"

SIDECAR = (
    "file,organisation,stakeholder type,country,Party,date,confidentiality,language\n"
    "sample-union-temporary-entry.docx,Sample Union of Professional Engineers,labour,CA,CA,2026-09-14,public,en\n"
    "sample-camara-pymes.pdf,Cámara Sample de Comercio del Norte,business_association,MX,MX,2026-10-02,public,es\n"
    "sample-scan-reglementation.pdf,Sample Conseil des exportateurs,business_association,CA,CA,2026-10-20,public,fr\n"
)


def union_docx() -> bytes:
    import docx

    document = docx.Document()
    document.add_heading("Temporary entry for professionals (SAMPLE)", level=1)
    document.add_paragraph(
        "Our members are engineers who work on projects in all three countries. The processing of "
        "temporary entry for business persons and professionals is still slow, and the list of "
        "professions in Appendix 2 of Chapter 16 has not been updated. We ask Canada to publish "
        "processing times for work permits before the next review.")
    props = document.core_properties
    props.title, props.author = "Temporary entry (SAMPLE)", "Sample Union of Professional Engineers"
    props.created = dt.datetime(2026, 9, 12, 10, 0)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def camara_pdf() -> bytes:
    from weasyprint import HTML

    text = ("La Cámara Sample de Comercio del Norte presenta sus comentarios sobre las pequeñas y medianas "
            "empresas. El diálogo trilateral de pymes ha sido útil, pero México debe ampliar la información "
            "en línea para pequeños exportadores y simplificar los trámites de comercio electrónico.")
    html = ("<html lang=es><head><title>Comentarios sobre pymes (MUESTRA)</title>"
            "<meta name=author content='Cámara Sample de Comercio del Norte'></head>"
            f"<body style='font-family: DejaVu Serif'><h1>Comentarios (MUESTRA)</h1><p>{text}</p></body></html>")
    return HTML(string=html).write_pdf()


def scanned_pdf() -> bytes:
    """A French letter drawn on a 300 dpi page image: an image-only PDF, read by OCR."""
    from PIL import Image, ImageDraw, ImageFont

    lines = ["Objet : bonnes pratiques de réglementation", "", "Notre conseil demande que les",
             "analyses d'impact de la réglementation", "soient publiées avant chaque nouvelle",
             "règle, au Canada comme au Mexique.", "", "Sample Conseil des exportateurs (EXEMPLE)"]
    page = Image.new("L", (2480, 3508), 255)
    draw = ImageDraw.Draw(page)
    font = ImageFont.truetype(FONT, 56)
    for number, line in enumerate(lines):
        draw.text((220, 300 + number * 95), line, font=font, fill=0)
    out = io.BytesIO()
    scanned_on = time.strptime("2026-10-20 09:00", "%Y-%m-%d %H:%M")
    page.save(out, "PDF", resolution=300, creationDate=scanned_on, modDate=scanned_on)
    return out.getvalue()


def email_with_attachment(attachment: bytes) -> bytes:
    message = EmailMessage()
    message["From"] = "Sample Digital Trade Coalition <policy@sample-coalition.example.org>"
    message["To"] = "review@trade.example"
    message["Subject"] = "Digital trade: data localization (SAMPLE)"
    message["Date"] = format_datetime(dt.datetime(2026, 10, 28, 16, 45, tzinfo=dt.UTC))
    message.set_content("Please find our note on cross-border data flows attached. The United States "
                        "should report on data localization measures before the review.\n\nSample Coalition")
    message.add_attachment(attachment, maintype="application",
                           subtype="vnd.openxmlformats-officedocument.wordprocessingml.document",
                           filename="data-flows-note.docx")
    return bytes(message)


def data_flows_docx() -> bytes:
    import docx

    document = docx.Document()
    document.add_paragraph("Cross-border data flows and source code commitments of the digital trade "
                           "chapter should be kept; cybersecurity cooperation needs a work plan. (SAMPLE)")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def main() -> None:
    OUT.mkdir(exist_ok=True)
    files = {
        "metadata.csv": SIDECAR.encode(),
        "sample-union-temporary-entry.docx": union_docx(),
        "sample-camara-pymes.pdf": camara_pdf(),
        "sample-scan-reglementation.pdf": scanned_pdf(),
        "sample-coalition-email.eml": email_with_attachment(data_flows_docx()),
    }
    for name, data in files.items():
        (OUT / name).write_bytes(data)
        print(f"wrote {OUT / name} ({len(data):,} bytes)")


if __name__ == "__main__":
    main()
