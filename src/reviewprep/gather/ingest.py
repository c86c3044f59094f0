"""Load files named on the command line, with the right format, mapping and defaults.

For each path, in order of precedence: the source named by `source` (config/sources.yaml);
else the configured source whose path or glob covers the file; else no mapping and no
defaults. The format is `fmt` when given, else the source's, else guessed from the
file's extension and first rows. A file whose format cannot be told is reported, not
loaded.
"""

from __future__ import annotations

import datetime as dt
from itertools import groupby
from pathlib import Path

from reviewprep.errors import UserError
from reviewprep.framework.models import Framework
from reviewprep.gather.formats import FORMATS, guess_format
from reviewprep.gather.loading import Context
from reviewprep.gather.pipeline import FileCounts
from reviewprep.gather.sources import Source, ingest_paths, load_sources, resolve, source_files
from reviewprep.settings import Settings
from reviewprep.store.db import session_scope


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


def plan(settings: Settings, paths: list[Path], fmt: str | None, source_name: str | None
         ) -> list[tuple[Path, str | None, Source | None, str]]:
    """(path, format or None, source or None, why) for each file."""
    sources = configured(settings)
    chosen = None
    if source_name:
        chosen = next((s for s in sources if s.name == source_name), None)
        if chosen is None:
            known = ", ".join(s.name for s in sources) or "none configured"
            raise UserError(f"no source named {source_name!r} in config/sources.yaml (known: {known})")
    covered = {} if chosen else {
        p.resolve(): s for s in reversed(sources) for p in source_files(s, settings.home)
    }
    planned = []
    for path in paths:
        source = chosen or covered.get(path.resolve())
        if fmt or source:
            planned.append((path, fmt or source.format, source,
                            "--format" if fmt else f"source {source.name!r}"))
        else:
            guessed, why = guess_format(path)
            planned.append((path, guessed, None, why))
    return planned


def ingest(settings: Settings, framework: Framework, paths: list[Path], fmt: str | None = None,
           source_name: str | None = None, companion: Path | None = None,
           today: dt.date | None = None) -> list[FileCounts]:
    """Load `paths`; one FileCounts per file (plus one for a companion text file)."""
    if fmt is not None and fmt not in FORMATS:
        raise UserError(f"unknown format {fmt!r} (known: {', '.join(FORMATS)})")
    planned = plan(settings, expand(paths), fmt, source_name)
    if companion is not None and not any(f == "regulations_gov" for _, f, _, _ in planned):
        raise UserError("--companion goes with a regulations.gov export (format regulations_gov)")
    results: list[FileCounts] = []
    with session_scope(settings.db_url) as session:
        for (fmt_, source), group in groupby(planned, key=lambda p: (p[1], p[2])):
            group = list(group)
            if fmt_ is None:
                results += [FileCounts(file=str(p), format="", error=f"cannot tell the format ({why}); "
                                       "pass --format or declare a source in config/sources.yaml")
                            for p, _, _, why in group]
                continue
            ctx = source.context(framework, today) if source else Context(framework, today or dt.date.today())
            texts = None
            if fmt_ == "regulations_gov":
                texts = companion or (resolve(source.companion, settings.home) if source and source.companion
                                      else None)
                companion = None  # one companion, counted once
            results += ingest_paths(session, [p for p, *_ in group], fmt_, ctx, settings.raw_store,
                                    source.name if source else "", texts)
    return results
