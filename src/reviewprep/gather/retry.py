"""`reviewprep quarantine retry`: re-read the quarantined rows of kept raw files with the current config.

Once a mapping or a source's defaults are fixed in config/sources.yaml, the same bytes
are "already loaded", so ingesting them again adds nothing. A retry re-reads each held
file's raw copy (var/raw, by SHA-256, under its original name) through its source's
current format, mapping and defaults, and hands only the rows still held to the store:
a row that now loads leaves the quarantine (marked resolved; the file's counts move it
from quarantined to accepted or duplicates, and `resolved` counts it), a row that still
fails keeps its entry with today's reason. A file that could not be read at all is read
again whole. Every retried file is written to the audit log (`quarantine-retry`).
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from itertools import islice
from pathlib import Path

from reviewprep.errors import UserError
from reviewprep.framework.models import Framework
from reviewprep.gather.formats import FORMATS
from reviewprep.gather.ingest import configured, context_for, ingest_file
from reviewprep.gather.loading import Context
from reviewprep.gather.regulations import Companion
from reviewprep.gather.sources import Source, resolve
from reviewprep.settings import Settings
from reviewprep.store import audit
from reviewprep.store.db import session_scope
from reviewprep.store.loads import SHOWN, FileCounts, Unreadable, file_lock
from reviewprep.store.quarantine import held_files, held_rows, still_held
from reviewprep.store.quarantine import resolve as resolve_rows
from reviewprep.store.rows import BATCH, RowWriter


@dataclass
class RetryCounts:
    file: str
    source: str
    format: str
    held: int = 0  # rows held before the retry
    resolved: int = 0  # of which now accepted or found duplicates
    accepted: int = 0
    duplicates: int = 0
    still_held: int = 0
    whole_file: bool = False  # the file could not be read at all before: it was read again whole
    error: str = ""  # why the file could not be read this time (nothing changed)
    notes: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # the first reasons rows are still held for

    def as_dict(self) -> dict:
        return asdict(self)


def retry(settings: Settings, framework: Framework, file: str | None = None,
          today: dt.date | None = None, overrides: dict[str, str] | None = None) -> list[RetryCounts]:
    """Retry every file with rows held (or only `file`, a name or SHA-256 prefix); `overrides`
    ({date_order, party, confidentiality, language}) take the place of the source's defaults."""
    sources = {s.name: s for s in configured(settings)}
    results = []
    with session_scope(settings.db_url) as session:
        files = held_files(session, file)
        if file and not files:
            raise UserError(f"nothing held in the quarantine for {file!r} (a file name or SHA-256 prefix)")
        for source_file in files:
            name, sha256 = source_file.name, source_file.sha256  # a whole-file retry replaces the record
            source = sources.get(source_file.source)
            fmt = source.format if source else source_file.format
            result = RetryCounts(source_file.name, source_file.source, fmt)
            if source_file.source and source is None:
                result.notes.append(f"source {source_file.source!r} is no longer in config/sources.yaml: "
                                    "read with no mapping or defaults")
            if fmt not in FORMATS:
                result.error = f"format {fmt!r} is not read row by row (a companion file: retry its export)"
            elif not Path(source_file.stored_path).is_file():
                result.error = f"the raw copy {source_file.stored_path} is missing"
            else:
                ctx = context_for(settings, framework, source, fmt, today, overrides)
                with _companion(ctx, source, settings):
                    if source_file.error:
                        _whole_file(session, settings, source_file, fmt, ctx, result)
                    else:
                        _held_rows(session, source_file, fmt, ctx, result)
            audit.log(session, "quarantine-retry", name, sha256=sha256, source=result.source, format=fmt,
                      overrides=overrides or {}, held=result.held, resolved=result.resolved,
                      accepted=result.accepted, duplicates=result.duplicates, still_held=result.still_held,
                      error=result.error)
            session.commit()
            results.append(result)
    return results


def _held_rows(session, source_file, fmt: str, ctx: Context, result: RetryCounts) -> None:
    """Re-read the file, keep the held rows, store those that load now; all or nothing per file."""
    with file_lock(session, source_file.sha256):
        entries = held_rows(session, source_file.id)
        result.held = len(entries)
        scratch = FileCounts(file=source_file.name, format=fmt, source=source_file.source)
        writer = RowWriter(session, source_file.id, scratch, source_file.source,
                           set_aside_rows=lambda problems: still_held(entries, problems))
        seen: set[int] = set()
        try:
            with session.begin_nested(), _named_copy(source_file) as path:
                reading = FORMATS[fmt].loader(path, ctx)
                rows = (row for row in reading.rows if row.number in entries)
                while batch := list(islice(rows, BATCH)):
                    seen.update(row.number for row in batch)
                    accepted, duplicates = writer.batch(batch)
                    resolve_rows(session, source_file, entries, accepted, duplicates,
                                 f"{fmt}, source {source_file.source or 'none'}")
                    result.accepted += len(accepted)
                    result.duplicates += len(duplicates)
        except Unreadable as exc:
            result.error, result.accepted, result.duplicates = f"cannot be read now: {exc}", 0, 0
            session.expire_all()
            return
    result.resolved = result.accepted + result.duplicates
    result.still_held = result.held - result.resolved
    result.problems = [f"row {n}, column {e.column}: {e.reason}" for n, e in sorted(entries.items())
                       if e.resolved_at is None][:SHOWN]
    if missing := [n for n in entries if n not in seen]:
        result.notes.append(f"{len(missing)} held row(s) not found in the file as read now "
                            f"(rows {', '.join(map(str, sorted(missing)[:5]))}{'…' if len(missing) > 5 else ''})")


def _whole_file(session, settings: Settings, source_file, fmt: str, ctx: Context, result: RetryCounts) -> None:
    """A file that could not be read at all: read it again whole, as ingest would."""
    result.whole_file, result.held = True, 1
    with _named_copy(source_file) as path:
        counts = ingest_file(session, path, fmt, ctx, settings.raw_store, source_file.source)
    if counts.error:
        result.error, result.still_held = counts.error, 1
        return
    result.resolved, result.accepted, result.duplicates = 1, counts.accepted, counts.duplicates
    result.still_held = counts.quarantined
    result.problems = counts.problems
    result.notes.append(f"read whole: read {counts.read}, accepted {counts.accepted}, duplicates "
                        f"{counts.duplicates}, quarantined {counts.quarantined}")


@contextmanager
def _named_copy(source_file) -> Iterator[Path]:
    """The raw copy under the file's original name (loaders may look at the extension)."""
    with tempfile.TemporaryDirectory(prefix="reviewprep-retry-") as folder:
        link = Path(folder) / Path(source_file.name).name
        os.symlink(Path(source_file.stored_path).resolve(), link)
        yield link


@contextmanager
def _companion(ctx: Context, source: Source | None, settings: Settings) -> Iterator[None]:
    """A regulations.gov source's companion text file, as configured now (its attachments folder
    comes with the context, `ingest.context_for`)."""
    path = resolve(source.companion, settings.home) if source and source.companion else None
    ctx.companion = Companion(path) if path else None
    try:
        yield
    finally:
        if ctx.companion is not None:
            ctx.companion.close()
