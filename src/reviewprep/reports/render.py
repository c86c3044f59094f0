"""Render report HTML with Jinja2 and PDF with WeasyPrint, writing files atomically."""

from __future__ import annotations

import gettext
import logging
import os
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from reviewprep.reports.fetcher import AssetsOnlyFetcher


def environment(templates: Path, translations: gettext.NullTranslations | None = None) -> Environment:
    """Autoescaping environment: stakeholder text is data, never markup."""
    env = Environment(
        loader=FileSystemLoader(templates),
        autoescape=select_autoescape(enabled_extensions=("html", "j2", "svg", "xml"), default=True),
        undefined=StrictUndefined,
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.install_gettext_translations(translations or gettext.NullTranslations(), newstyle=True)
    return env


def render_html(env: Environment, template: str, context: dict) -> str:
    return env.get_template(template).render(**context)


def write_atomic(path: Path, data: bytes | str) -> Path:
    """Write to a temporary name beside `path`, then rename: readers never see half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    mode = "wb" if isinstance(data, bytes) else "w"
    with open(tmp, mode, **({} if isinstance(data, bytes) else {"encoding": "utf-8"})) as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)
    return path


def html_to_pdf(html: str, templates: Path) -> tuple[bytes, list[str]]:
    """PDF/UA-1 bytes and the URLs the fetcher refused; title and language come from the HTML."""
    from weasyprint import HTML

    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    fetcher = AssetsOnlyFetcher(templates)
    document = HTML(string=html, base_url=str(templates.resolve()) + "/", url_fetcher=fetcher)
    pdf = document.write_pdf(pdf_variant="pdf/ua-1", pdf_identifier=None,
                             custom_metadata=False, uncompressed_pdf=False)
    return pdf, fetcher.refused
