"""Render report HTML with Jinja2 and PDF with WeasyPrint, writing files atomically.

WeasyPrint is the slow step and holds the GIL, so PDFs are made in a small pool of
worker processes: variant tasks running in threads (Prefect's default task runner)
then lay out their PDFs side by side on every core.
"""

from __future__ import annotations

import gc
import gettext
import logging
import multiprocessing
import os
import threading
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path

from jinja2 import BytecodeCache, Environment, FileSystemLoader, StrictUndefined, select_autoescape
from jinja2.bccache import Bucket

from reviewprep.reports.fetcher import AssetsOnlyFetcher


class CompiledTemplates(BytecodeCache):
    """Compiled templates kept for the life of the process, shared by every environment
    `environment` makes (all with the same options): each report variant gets its own
    environment, and compiling the templates again for each took longer than rendering them.
    Jinja checks each template's source checksum, so an edited template is compiled anew."""

    def __init__(self) -> None:
        self.code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        if bucket.key in self.code:
            bucket.bytecode_from_string(self.code[bucket.key])

    def dump_bytecode(self, bucket: Bucket) -> None:
        self.code[bucket.key] = bucket.bytecode_to_string()


_COMPILED = CompiledTemplates()


def environment(templates: Path, translations: gettext.NullTranslations | None = None) -> Environment:
    """Autoescaping environment: stakeholder text is data, never markup."""
    env = Environment(
        loader=FileSystemLoader(templates),
        bytecode_cache=_COMPILED,
        autoescape=select_autoescape(enabled_extensions=("html", "j2", "svg", "xml"), default=True),
        undefined=StrictUndefined,
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.install_gettext_translations(translations or gettext.NullTranslations(), newstyle=True)
    return env


# Jinja compiles a template (and each partial it includes) on first use, with Python's
# compile(); CPython 3.11 can fail that with "AST constructor recursion depth mismatch" when
# two threads compile at once (python/cpython#106905). Variant tasks run in threads, so
# HTML rendering takes turns; it is cheap next to the PDF layout, which runs in processes.
_JINJA_LOCK = threading.Lock()


def render_html(env: Environment, template: str, context: dict) -> str:
    with _JINJA_LOCK:
        return env.get_template(template).render(**context)


@dataclass
class PdfResult:
    pdf: bytes
    requested: list[str]  # every URL WeasyPrint asked the fetcher for
    refused: list[str]


def html_to_pdf(html: str, templates: Path) -> PdfResult:
    """PDF/UA-1 bytes; title and language come from the HTML, assets only from `templates`."""
    from weasyprint import HTML

    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    fetcher = AssetsOnlyFetcher(templates)
    document = HTML(string=html, base_url=str(templates.resolve()) + "/", url_fetcher=fetcher)
    pdf = document.write_pdf(pdf_variant="pdf/ua-1", pdf_identifier=None,
                             custom_metadata=False, uncompressed_pdf=False)
    return PdfResult(pdf, fetcher.requested, fetcher.refused)


WARM_HTML = "<html lang='en'><title>warm</title><p>warm</p></html>"


def _warm_worker(var_dir: str, parent: int) -> None:
    """Die with the parent (even a `kill -9`ed one), be recorded for the next run's clean-up,
    and import WeasyPrint and lay out a first page once per worker, not on each report's clock.

    What that leaves (modules, stylesheets, font set-up) is then frozen out of the garbage
    collector: its full collections, frequent while a report is laid out, would otherwise
    walk all of it each time (about 8% of a report's PDF time).

    `parent` is the pool owner's pid, passed in: a parent killed while this worker was
    still starting has already been replaced by another, and the worker exits at once."""
    from reviewprep import children

    children.exit_when_orphaned(parent)
    children.record(Path(var_dir), os.getpid(), "PDF worker", parent=parent)
    from weasyprint import HTML

    HTML(string=WARM_HTML).write_pdf()
    gc.collect()
    gc.freeze()


_pool: ProcessPoolExecutor | None = None
_pool_lock = threading.Lock()


def pdf_workers() -> int:
    return max(1, min(os.cpu_count() or 1, 4))


def _executor() -> ProcessPoolExecutor:
    global _pool
    with _pool_lock:
        if _pool is None:
            from reviewprep.settings import get_settings

            _pool = ProcessPoolExecutor(max_workers=pdf_workers(), initializer=_warm_worker,
                                        initargs=(str(get_settings().var_path), os.getpid()),
                                        mp_context=multiprocessing.get_context("spawn"))
        return _pool


def _discard(pool: ProcessPoolExecutor) -> None:
    global _pool
    with _pool_lock:
        if _pool is pool:
            _pool = None
    pool.shutdown(wait=False, cancel_futures=True)


def html_to_pdf_in_worker(html: str, templates: Path) -> PdfResult:
    """`html_to_pdf` in the worker pool; a pool whose worker died is replaced once.

    A daemonic process (a Dask worker, say) may not start children: it is itself one of
    the many processes laying PDFs out, so it lays this one out in place.
    """
    if multiprocessing.current_process().daemon:
        return html_to_pdf(html, templates)
    pool = _executor()
    try:
        return pool.submit(html_to_pdf, html, templates).result()
    except BrokenProcessPool:
        _discard(pool)
    return _executor().submit(html_to_pdf, html, templates).result()
