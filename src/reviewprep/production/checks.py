"""The checks of `reviewprep doctor`: each says whether a part a run needs is ready, and if not, what to do.

Every check is read-only and quick: config files are validated, the database is asked its
migration level (an SQLite file not made yet is fine: the first run makes it), Prefect's API
is asked for its health and then an authenticated request, the SMTP server is connected to
and greeted with EHLO (nothing is sent, no login), and the tools reports and OCR need are run
on tiny inputs.
"""

from __future__ import annotations

import os
import re
import shutil
import smtplib
import ssl
import subprocess
import tempfile
from collections.abc import Callable
from dataclasses import dataclass

from reviewprep.settings import Settings

OCR_LANGUAGES = ("eng", "fra", "spa")
REPORT_FONT = "DejaVu Sans"  # templates/assets/report.css
TIMEOUT = 10


@dataclass
class Check:
    name: str
    ok: bool
    detail: str
    fix: str = ""


def _config_checks(settings: Settings) -> list[Check]:
    from reviewprep import jobs
    from reviewprep.deployments import load_deployments
    from reviewprep.distribute.recipients import load_distribution
    from reviewprep.errors import UserError
    from reviewprep.production.automations import AUTOMATIONS_FILE, declared, load_recipients

    def calendar():
        return jobs.load_config(settings).calendar

    steps: list[tuple[str, Callable[[], object]]] = [
        ("framework, review, scoring", lambda: jobs.load_config(settings)),
        ("sources.yaml", lambda: jobs.configured_sources(settings)),
        ("distribution.yaml", lambda: load_distribution(settings.config_path)),
        ("alerts.yaml", lambda: load_recipients(settings.config_path)),
        ("prefect.yaml", lambda: load_deployments(settings.home, calendar())),
        (AUTOMATIONS_FILE, lambda: declared(settings.home / AUTOMATIONS_FILE, {"reviewprep-alerts": _NIL})),
    ]
    checks = []
    for what, step in steps:
        try:
            step()
            checks.append(Check(f"config: {what}", True, "valid"))
        except UserError as exc:
            checks.append(Check(f"config: {what}", False, str(exc), "correct the file and key named"))
    return checks


_NIL = "00000000-0000-0000-0000-000000000000"


def database(settings: Settings) -> Check:
    from alembic.script import ScriptDirectory
    from sqlalchemy.engine import make_url

    from reviewprep.store.db import alembic_config, current_revision, sqlite_path

    url = make_url(settings.db_url)
    shown = url.render_as_string(hide_password=True)
    head = ScriptDirectory.from_config(alembic_config(settings.db_url)).get_current_head()
    if (database := sqlite_path(url)) is not None and not database.exists():
        return Check("database", True, f"{shown}: not created yet; the first run creates it at {head}")
    try:
        revision = current_revision(settings.db_url)
    except Exception as exc:  # noqa: BLE001 - any driver error means "not reachable"
        return Check("database", False, f"{shown}: not reachable ({type(exc).__name__}: {str(exc)[:200]})",
                     "check REVIEWPREP_DATABASE_URL, that the server runs and accepts this user")
    if revision != head:
        return Check("database", False, f"{shown}: at migration {revision or 'none'}, code expects {head}",
                     "run `reviewprep db upgrade`")
    return Check("database", True, f"{shown}: reachable, at migration {head} (latest)")


def prefect_api() -> Check:
    import httpx

    url = os.environ.get("PREFECT_API_URL")
    if not url:
        return Check("Prefect API", True, "none configured: each command starts a temporary local server")
    auth_string = os.environ.get("PREFECT_API_AUTH_STRING")
    try:
        httpx.get(f"{url.rstrip('/')}/health", timeout=TIMEOUT).raise_for_status()
        response = httpx.post(f"{url.rstrip('/')}/flows/filter", json={"limit": 1}, timeout=TIMEOUT,
                               auth=tuple(auth_string.split(":", 1)) if auth_string else None)
    except httpx.HTTPError as exc:
        return Check("Prefect API", False, f"{url}: no answer ({type(exc).__name__})",
                     "start the server (`reviewprep server`) or correct PREFECT_API_URL")
    if response.status_code == 401:
        return Check("Prefect API", False, f"{url}: refused our credentials (401)",
                     "set PREFECT_API_AUTH_STRING to the server's PREFECT_SERVER_API_AUTH_STRING (user:password)")
    if response.status_code >= 400:
        return Check("Prefect API", False, f"{url}: answered {response.status_code}",
                     "check that PREFECT_API_URL ends in /api and the server is Prefect 3")
    return Check("Prefect API", True, f"{url}: healthy" + (", basic auth accepted" if auth_string else ""))


def smtp(settings: Settings) -> Check:
    from reviewprep.distribute.transport import smtp_config
    from reviewprep.errors import UserError

    try:
        config = smtp_config(settings)
    except UserError as exc:
        return Check("SMTP", False, str(exc), "correct the SMTP settings or Secret block")
    if config is None:
        return Check("SMTP", True, f"none configured: messages are written to {settings.outbox}")
    where = f"{config.host}:{config.port} ({config.security})"
    try:
        if config.security == "ssl":
            conn = smtplib.SMTP_SSL(config.host, config.port, timeout=TIMEOUT, context=ssl.create_default_context())
        else:
            conn = smtplib.SMTP(config.host, config.port, timeout=TIMEOUT)
        try:
            code, _ = conn.ehlo()
        finally:
            conn.close()
    except (OSError, smtplib.SMTPException) as exc:
        return Check("SMTP", False, f"{where}: {type(exc).__name__}: {exc}",
                     "start the mail server or correct REVIEWPREP_SMTP_HOST / REVIEWPREP_SMTP_PORT")
    if code != 250:
        return Check("SMTP", False, f"{where}: EHLO answered {code}", "check the server accepts ESMTP clients")
    return Check("SMTP", True, f"{where}: connected, EHLO accepted (nothing sent)")


def fonts(settings: Settings) -> Check:
    """WeasyPrint lays out a line in the report font, and that font (not a fallback) is embedded."""
    try:
        from weasyprint import HTML

        pdf = HTML(string=f'<p style="font-family: \'{REPORT_FONT}\'">Readiness ÉÑ</p>').write_pdf()
    except Exception as exc:  # noqa: BLE001 - missing Pango, cairo... each is a failed check
        return Check("WeasyPrint fonts", False, f"WeasyPrint cannot render: {exc}",
                     "run `make setup` (Debian: apt-get install libpango-1.0-0 libpangoft2-1.0-0)")
    with tempfile.NamedTemporaryFile(suffix=".pdf") as tmp:
        tmp.write(pdf)
        tmp.flush()
        try:
            listed = subprocess.run(["pdffonts", tmp.name], capture_output=True, text=True, timeout=TIMEOUT).stdout
        except (OSError, subprocess.SubprocessError):
            return Check("WeasyPrint fonts", False, "pdffonts (poppler) missing: cannot tell which font was used",
                         "run `make setup` (Debian: apt-get install poppler-utils)")
    if _squash(REPORT_FONT) not in _squash(listed):
        return Check("WeasyPrint fonts", False, f"{REPORT_FONT} is not installed: reports fall back to another font",
                     "apt-get install fonts-dejavu-core")
    return Check("WeasyPrint fonts", True, f"{REPORT_FONT} laid out and embedded")


def _squash(name: str) -> str:
    """Font names as PDFs spell them vary ("DejaVu Sans", "DejaVuSans", "DejaVu-Sans")."""
    return re.sub(r"[\s_-]", "", name).lower()


def poppler() -> Check:
    missing = [tool for tool in ("pdftotext", "pdftoppm", "pdffonts") if shutil.which(tool) is None]
    if missing:
        return Check("poppler", False, f"{', '.join(missing)} not found", "run `make setup` (apt-get install poppler-utils)")
    version = subprocess.run(["pdftotext", "-v"], capture_output=True, text=True, timeout=TIMEOUT).stderr
    found = re.search(r"version ([\d.]+)", version)
    return Check("poppler", True, f"pdftotext, pdftoppm, pdffonts {found.group(1) if found else ''}".strip())


def ocr() -> Check:
    fix = "run `make setup` (apt-get install tesseract-ocr tesseract-ocr-fra tesseract-ocr-spa)"
    if shutil.which("tesseract") is None:
        return Check("OCR (tesseract)", False, "tesseract not found: scanned letters cannot be read", fix)
    listed = subprocess.run(["tesseract", "--list-langs"], capture_output=True, text=True, timeout=TIMEOUT)
    langs = set((listed.stdout + listed.stderr).split())
    missing = [lang for lang in OCR_LANGUAGES if lang not in langs]
    if missing:
        return Check("OCR (tesseract)", False, f"language data missing: {', '.join(missing)}", fix)
    return Check("OCR (tesseract)", True, f"tesseract with {', '.join(OCR_LANGUAGES)}")


def run_all(settings: Settings) -> list[Check]:
    return [*_config_checks(settings), database(settings), prefect_api(), smtp(settings), fonts(settings),
            poppler(), ocr()]
