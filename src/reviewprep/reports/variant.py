"""One report variant (language × audience): its Jinja environment and the files it writes.

Shared by the weekly report and the ministerial brief: the PDF (made in the worker
pool), its HTML twin, the scores as CSV and JSON, and its row in the reports table.
"""

from __future__ import annotations

import hashlib
import html as htmllib
import re
from dataclasses import dataclass, field
from pathlib import Path

from jinja2 import Environment
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from reviewprep.codes import INSTANCE_STATES, STATUSES
from reviewprep.files import write_atomic
from reviewprep.framework.models import Framework
from reviewprep.reports import versions
from reviewprep.reports.charts import STATE_COLOURS, STATUS_COLOURS
from reviewprep.reports.digest import message_digest
from reviewprep.reports.exports import scores_csv, scores_json
from reviewprep.reports.formatting import NAME_CHARS, QUOTE_CHARS, filters
from reviewprep.reports.i18n import translations
from reviewprep.reports.labels import labels
from reviewprep.reports.records import record
from reviewprep.reports.render import environment, html_to_pdf_in_worker
from reviewprep.scoring.snapshot import Snapshot
from reviewprep.store.models import ReportVersion


@dataclass
class Rendered:
    key: str
    kind: str
    language: str
    audience: str
    pdf: Path
    html: Path
    csv: Path
    json: Path
    sha256: str
    title: str
    requested_urls: list[str] = field(default_factory=list)
    refused_urls: list[str] = field(default_factory=list)
    version: int = 1


def report_environment(templates: Path, language: str) -> tuple[Environment, dict]:
    """Environment speaking `language`: catalog, number/date/list filters, label words (and a filter
    naming Parties with them), chart colours."""
    catalog = translations(templates, language)
    env = environment(templates, catalog)
    env.filters.update(filters(language))
    words = labels(catalog.gettext)
    env.filters["party_names"] = lambda codes: [words["party"][code] for code in codes]
    # The stylesheet is inlined (our own file, not user input) so the HTML twin reads the same anywhere.
    env.globals.update(words=words, status_colours=STATUS_COLOURS, state_colours=STATE_COLOURS,
                       status_order=STATUSES, state_order=INSTANCE_STATES,
                       quote_chars=QUOTE_CHARS, name_chars=NAME_CHARS,
                       stylesheet=(templates / "assets" / "report.css").read_text(encoding="utf-8"))
    return env, words


def html_title(html: str) -> str:
    found = re.search(r"<title>(.*?)</title>", html, re.S)
    return htmllib.unescape(found.group(1).strip()) if found else ""


def write_variant(session: Session, *, kind: str, key: str, folder: Path, html: str, templates: Path,
                  snapshot: Snapshot, framework: Framework, language: str, meta: dict | None = None) -> Rendered:
    """Write every file of a new version (PDF last: it is what gets sent) and record it.

    The same bytes rendered again are the version already recorded: nothing is written.
    New bytes are the next version, under names no earlier version uses.
    """
    result = html_to_pdf_in_worker(html, templates)
    private = snapshot.audience == "restricted"  # owner-only, whatever the umask
    digest = hashlib.sha256(result.pdf).hexdigest()
    title = html_title(html)
    for _attempt in range(3):
        found = versions.with_bytes(session, key, digest)
        if found is not None:
            record(session, version=found)
            m = found.meta
            return Rendered(key, kind, language, snapshot.audience, Path(found.pdf_path), Path(m["html"]),
                            Path(m["csv"]), Path(m["json"]), digest, m.get("title", title), result.requested,
                            result.refused, version=found.version)
        number = versions.next_number(session, key)
        stem = versions.stem(key, number)
        html_path = write_atomic(folder / f"{stem}.html", html, private)
        csv_path = write_atomic(folder / f"{stem}.csv", scores_csv(snapshot, framework, language), private)
        json_path = write_atomic(folder / f"{stem}.json", scores_json(snapshot), private)
        pdf_path = write_atomic(folder / f"{stem}.pdf", result.pdf, private)
        row = ReportVersion(
            report_key=key, version=number, kind=kind, as_of=snapshot.as_of, language=language,
            audience=snapshot.audience, pdf_path=str(pdf_path), sha256=digest, inputs_hash=snapshot.inputs_hash,
            run_id=snapshot.run_id,
            meta={"title": title, "html": str(html_path), "csv": str(csv_path), "json": str(json_path),
                  "digest": message_digest(snapshot, framework, language), **(meta or {})})
        try:
            with session.begin_nested():
                session.add(row)
        except IntegrityError:  # another run recorded this number (or these bytes) first: look again
            continue
        record(session, version=row)
        return Rendered(key, kind, language, snapshot.audience, pdf_path, html_path, csv_path, json_path,
                        digest, title, result.requested, result.refused, version=number)
    raise RuntimeError(f"could not record a version of {key}")
