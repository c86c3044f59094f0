"""Recorded reports and recipient lists for the distribution tests."""

from __future__ import annotations

import datetime as dt
import hashlib
import subprocess
from functools import cache
from pathlib import Path

import yaml

from reviewprep.store.db import session_scope, upgrade
from reviewprep.store.models import Report, ReportVersion

AS_OF = dt.date(2026, 3, 2)


@cache
def variant_pdf(kind: str, audience: str, language: str) -> bytes:
    """A small real PDF whose text names its variant, so a test can tell attachments apart."""
    from weasyprint import HTML

    html = f"<html lang='{language}'><title>t</title><p>VARIANT {kind} {audience} {language}</p></html>"
    return HTML(string=html).write_pdf()


def pdf_text(data: bytes) -> str:
    return subprocess.run(["pdftotext", "-", "-"], input=data, capture_output=True, check=True).stdout.decode()


def record_reports(settings, variants: list[tuple[str, str]], kind: str = "weekly", as_of: dt.date = AS_OF,
                   meeting: str = "") -> list[str]:
    """Write one PDF per (audience, language) under out/ and record it in the reports table."""
    upgrade(settings.db_url)
    keys = []
    with session_scope(settings.db_url) as session:
        for audience, language in variants:
            key = f"{kind}-{as_of.isoformat()}-{language}-{audience}"
            pdf = settings.out_path / kind / as_of.isoformat() / f"{key}.pdf"
            pdf.parent.mkdir(parents=True, exist_ok=True)
            data = variant_pdf(kind, audience, language)
            pdf.write_bytes(data)
            sha = hashlib.sha256(data).hexdigest()
            meta = {"meeting": meeting} if meeting else {}
            session.add(Report(report_key=key, kind=kind, as_of=as_of, language=language, audience=audience,
                               pdf_path=str(pdf), sha256=sha, meta=meta, version=1))
            session.add(ReportVersion(report_key=key, version=1, kind=kind, as_of=as_of, language=language,
                                      audience=audience, pdf_path=str(pdf), sha256=sha, inputs_hash="0" * 64,
                                      meta=meta))
            keys.append(key)
    return keys


def person(name: str, audience: str, language: str, **extra) -> dict:
    return {"name": name, "email": f"{name.lower().replace(' ', '.')}@example.org",
            "organisation": "Test org", "audience": audience, "language": language, **extra}


def write_distribution(config_dir: Path, lists: dict, attempts: int = 3, backoff: float = 0.2,
                       approval: str = "auto", **settings) -> Path:
    """A distribution.yaml; lists send without approval unless they (or `approval`) say otherwise."""
    path = config_dir / "distribution.yaml"
    lists = {name: {"approval": approval, **spec} for name, spec in lists.items()}
    path.write_text(yaml.safe_dump({"retry": {"attempts": attempts, "backoff_seconds": backoff}, **settings,
                                    "lists": lists}, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


TEAM = {
    "unit": {"reports": ["weekly", "brief"], "recipients": [
        person("Ana Restricted", "restricted", "en"), person("Benoit Restreint", "restricted", "fr")]},
    "council": {"reports": ["weekly"], "recipients": [
        person("Carla Publica", "public", "es"), person("Dan Public", "public", "en")]},
}
TEAM_VARIANTS = [("public", "en"), ("public", "es"), ("restricted", "en"), ("restricted", "fr")]
