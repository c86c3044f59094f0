"""Gettext catalogs for the report languages, compiled from the committed .po files.

`make setup` compiles them (`pybabel compile -d templates/locales`); this module also
compiles a catalog whose .mo is missing or older than its .po, so a fresh `uv sync`
or an edited translation works without a separate step.
"""

from __future__ import annotations

import gettext
import io
import threading
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from reviewprep.codes import LANGUAGES
from reviewprep.files import write_atomic

SOURCE_LANGUAGE = "en"  # msgids are the English text
DOMAIN = "messages"

_compile_lock = threading.Lock()


def locales_path(templates: Path) -> Path:
    return templates / "locales"


def catalog_paths(templates: Path, language: str) -> tuple[Path, Path]:
    folder = locales_path(templates) / language / "LC_MESSAGES"
    return folder / f"{DOMAIN}.po", folder / f"{DOMAIN}.mo"


def compile_catalog(po: Path, mo: Path) -> Path:
    """Compile one .po to .mo (atomically; fuzzy entries are left out, as pybabel does)."""
    with open(po, "rb") as fh:
        catalog = read_po(fh)
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    return write_atomic(mo, buffer.getvalue())


def ensure_compiled(templates: Path, language: str) -> Path:
    po, mo = catalog_paths(templates, language)
    if not po.is_file():
        raise FileNotFoundError(f"no translation catalog for {language!r}: {po}")
    with _compile_lock:
        if not mo.is_file() or mo.stat().st_mtime < po.stat().st_mtime:
            compile_catalog(po, mo)
    return mo


def translations(templates: Path, language: str) -> gettext.NullTranslations:
    """The catalog for `language`; English is the source text and needs none."""
    if language not in LANGUAGES:
        raise ValueError(f"unknown report language {language!r} (known: {', '.join(LANGUAGES)})")
    if language == SOURCE_LANGUAGE:
        return gettext.NullTranslations()
    with open(ensure_compiled(templates, language), "rb") as fh:
        return gettext.GNUTranslations(fh)
