"""The one way files get in: pick each file's format, mapping and defaults, read, store.

Used by `reviewprep ingest` (paths on the command line) and by the flows (a configured
source's files). For each path, in order of precedence: the given source (a `Source`,
or one named in config/sources.yaml); else the configured source whose path or glob
covers the file; else no mapping and no defaults. The format is `fmt` when given, else
the source's, else guessed from the file's extension and first rows. A file whose format
cannot be told is reported, not loaded. Loaders only read; `store.loads` and
`store.rows` write.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from itertools import groupby
from pathlib import Path

from reviewprep.errors import UserError
from reviewprep.framework.models import Framework
from reviewprep.gather.attachments import Attachments
from reviewprep.gather.extract import Limits
from reviewprep.gather.formats import FORMATS, guess_format
from reviewprep.gather.inbox import recognise
from reviewprep.gather.letters import is_sidecar
from reviewprep.gather.loading import Context
from reviewprep.gather.rawfile import keep_raw, looks_binary
from reviewprep.gather.records import Defaults
from reviewprep.gather.regulations import Companion
from reviewprep.gather.sources import Inbox, Source, load_sources, resolve, source_files
from reviewprep.gather.survey_labels import load_labels
from reviewprep.gather.survey_presets import unmapped
from reviewprep.settings import Settings
from reviewprep.store import audit
from reviewprep.store.db import session_scope
from reviewprep.store.loads import FileCounts, load_file
from reviewprep.store.rows import write_rows


def expand(paths: list[Path]) -> list[Path]:
    """Files as given; a folder stands for the visible files under it."""
    files = []
    for path in paths:
        if path.is_dir():
            files += sorted(p for p in path.rglob("*")
                            if p.is_file() and not any(part.startswith(".") for part in p.relative_to(path).parts))
        else:
            files.append(path)
    return files


def configured(settings: Settings) -> list[Source]:
    sources_file = settings.config_path / "sources.yaml"
    return load_sources(sources_file).sources if sources_file.is_file() else []


def plan(settings: Settings, paths: list[Path], fmt: str | None, chosen: Source | None,
         guess: Callable[[Path], tuple[str | None, str]] = guess_format
         ) -> list[tuple[Path, str | None, Source | None, str]]:
    """(path, format or None, source or None, why) for each file."""
    covered = {} if chosen else {
        p.resolve(): s for s in reversed(configured(settings)) for p in source_files(s, settings.home)
    }
    planned = []
    for path in paths:
        source = chosen or covered.get(path.resolve())
        if fmt or source:
            planned.append((path, fmt or source.format, source,
                            "--format" if fmt else f"source {source.name!r}"))
        else:
            guessed, why = guess(path)
            planned.append((path, guessed, None, why))
    return planned


def without_sidecars(planned: list[tuple[Path, str | None, Source | None, str]], settings: Settings
                     ) -> list[tuple[Path, str | None, Source | None, str]]:
    """Drop the metadata sidecars of written submissions: they describe letters, they are not inputs.

    A sidecar is a source's `metadata:` file, or a `metadata.csv` with a file column in a
    folder (or a folder above) that holds letters.
    """
    letter_dirs = {p.parent.resolve() for p, f, _, _ in planned if p is not None and f == "letters"}
    declared = {resolve(s.metadata, settings.home).resolve() for _, _, s, _ in planned if s and s.metadata}
    kept = []
    for entry in planned:
        path = entry[0]
        if path is not None and (path.resolve() in declared or (is_sidecar(path) and any(
                d == path.parent.resolve() or path.parent.resolve() in d.parents for d in letter_dirs))):
            continue
        kept.append(entry)
    return kept


def context_for(settings: Settings, framework: Framework, source: Source | None, fmt: str,
                today: dt.date | None = None, overrides: dict[str, str] | None = None) -> Context:
    """What a loader of `fmt` gets for a file of `source` (None: no mapping, no defaults)."""
    ctx = source.context(framework, today) if source else Context(framework, today or dt.date.today())
    if overrides:
        ctx.defaults = Defaults.model_validate({**ctx.defaults.model_dump(), **overrides})
    ctx.labels = load_labels(settings.config_path)
    if fmt == "letters":
        ctx.limits = dataclasses.replace(Limits(), max_bytes=settings.letter_max_mb << 20)
        if source and source.metadata:
            ctx.metadata = resolve(source.metadata, settings.home)
    if fmt == "regulations_gov" and source and source.attachments:
        ctx.attachments = attachments_folder(settings, resolve(source.attachments, settings.home))
    return ctx


def attachments_folder(settings: Settings, folder: Path) -> Attachments:
    """A regulations.gov export's attachments folder, indexed; each file read within the letters' size limit."""
    if not folder.is_dir():
        raise UserError(f"attachments folder {folder} not found (or not a folder)")
    return Attachments(folder, settings.raw_store, dataclasses.replace(
        Limits(), max_bytes=settings.letter_max_mb << 20))


def _named(settings: Settings, source_name: str) -> Source:
    sources = configured(settings)
    chosen = next((s for s in sources if s.name == source_name), None)
    if chosen is None:
        known = ", ".join(s.name for s in sources) or "none configured"
        raise UserError(f"no source named {source_name!r} in config/sources.yaml (known: {known})")
    return chosen


def ingest(settings: Settings, framework: Framework, paths: list[Path], fmt: str | None = None,
           source_name: str | None = None, companion: Path | None = None,
           today: dt.date | None = None, source: Source | None = None,
           overrides: dict[str, str] | None = None, attachments: Path | None = None,
           inbox: Inbox | None = None) -> list[FileCounts]:
    """Load `paths`; one FileCounts per file (plus one for a companion text file).

    `overrides` ({date_order, party, confidentiality, language}: the command's options)
    replace the source's defaults for this load, without editing config/sources.yaml.
    `companion` and `attachments` (a folder) go with regulations.gov exports only.
    With `inbox`, files no source covers are recognised by content and read with the
    inbox's name and defaults.
    """
    if fmt is not None and fmt not in FORMATS:
        raise UserError(f"unknown format {fmt!r} (known: {', '.join(FORMATS)})")
    chosen = source or (_named(settings, source_name) if source_name else None)
    guess = recognise if inbox else guess_format
    planned = without_sidecars(plan(settings, expand(paths), fmt, chosen, guess), settings)
    if companion is not None and not any(f == "regulations_gov" for _, f, _, _ in planned):
        raise UserError("--companion goes with a regulations.gov export (format regulations_gov)")
    if attachments is not None and not any(f == "regulations_gov" for _, f, _, _ in planned):
        raise UserError("--attachments goes with a regulations.gov export (format regulations_gov)")
    if not planned and source is not None:  # a source whose glob matches nothing: its companion still counts
        planned = [(None, source.format, source, "")]
    results: list[FileCounts] = []
    with session_scope(settings.db_url) as session:
        for (fmt_, group_source), group in groupby(planned, key=lambda p: (p[1], p[2])):
            group = list(group)
            if fmt_ is None:
                results += [FileCounts(file=str(p), format="", error=f"cannot tell the format ({why}); "
                                       "pass --format or declare a source in config/sources.yaml")
                            for p, _, _, why in group]
                continue
            label, group_overrides = (group_source.name, overrides) if group_source else ("", overrides)
            if inbox and not group_source:
                label, group_overrides = inbox.name, {**inbox.defaults.model_dump(exclude_unset=True),
                                                      **(overrides or {})}
            ctx = context_for(settings, framework, group_source, fmt_, today, group_overrides)
            texts = None
            if fmt_ == "regulations_gov":
                texts = companion or (resolve(group_source.companion, settings.home)
                                      if group_source and group_source.companion else None)
                companion = None  # one companion, counted once
                if attachments is not None:  # --attachments: instead of the source's folder
                    ctx.attachments = attachments_folder(settings, attachments)
            results += _ingest_group(session, [p for p, *_ in group if p is not None], fmt_, ctx,
                                     settings.raw_store, label, texts)
        for counts in results:
            if counts.already_loaded or not (counts.accepted or counts.quarantined or counts.error):
                continue  # a file seen before adds nothing to say
            audit.log(session, "ingest", counts.file, format=counts.format, source=counts.source,
                      sha256=counts.sha256, read=counts.read, accepted=counts.accepted,
                      duplicates=counts.duplicates, quarantined=counts.quarantined, error=counts.error)
    return results


def ingest_source(settings: Settings, framework: Framework, source: Source,
                  today: dt.date | None = None) -> list[FileCounts]:
    """Load every file a configured source names (the flows' unit of work)."""
    return ingest(settings, framework, source_files(source, settings.home), today=today, source=source)


def ingest_inbox(settings: Settings, framework: Framework, inbox: Inbox,
                 today: dt.date | None = None) -> list[FileCounts]:
    """Load every new file under an inbox folder (the flows' unit of work for an inbox)."""
    folder = resolve(inbox.path, settings.home)
    if not folder.is_dir():
        return [FileCounts(file=str(folder), format="", source=inbox.name,
                           error="the inbox folder does not exist (create it, or fix `path` in config/sources.yaml)")]
    return ingest(settings, framework, [folder], today=today, inbox=inbox)


def _ingest_group(session, paths: list[Path], fmt: str, ctx: Context, raw_store: Path,
                  source: str = "", companion: Path | None = None) -> list[FileCounts]:
    """Load files of one format with one context; each file commits on its own."""
    ctx.companion = Companion(companion) if companion else None
    results = []
    try:
        for path in paths:
            results.append(ingest_file(session, path, fmt, ctx, raw_store, source))
    except BaseException:
        if ctx.companion is not None:
            ctx.companion.close()
        raise
    if ctx.companion is not None:
        results.append(ctx.companion.finish(session, raw_store, source))
    return results


def ingest_file(session, path: Path, fmt: str, ctx: Context, raw_store: Path, source: str = "") -> FileCounts:
    """Read one file with its format's loader and hand the rows to the store; its counts."""
    spec = FORMATS[fmt]
    counts = FileCounts(file=str(path), format=fmt, source=source)
    if not path.is_file():
        counts.error = "file not found"
        return counts
    if spec.questions and not ctx.questions:  # nothing to load yet: no header row is read as a respondent
        counts.error = unmapped(path, fmt)
        return counts

    def refusal() -> str:
        if spec.binary or not looks_binary(path):
            return ""
        return "binary content (NUL bytes): not a text file, whatever its name says"

    def fill(session, source_file, counts: FileCounts) -> None:
        write_rows(session, source_file, counts, lambda: spec.loader(path, ctx))

    return load_file(session, path, keep_raw(path, raw_store), counts, fill, refusal)
