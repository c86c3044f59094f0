"""Translation catalogs: complete, well-formed, compiled on demand; locale-aware formatting."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys

import pytest
from babel.messages.pofile import read_po

from reviewprep.reports.formatting import filters
from reviewprep.reports.i18n import catalog_paths, translations
from tests.conftest import REPO

TEMPLATES = REPO / "templates"
TRANSLATED = ("fr", "es")


@pytest.fixture(scope="module")
def extracted(tmp_path_factory) -> set[str]:
    """msgids extracted afresh from the templates and Python, as `make catalogs` does."""
    pot = tmp_path_factory.mktemp("i18n") / "messages.pot"
    subprocess.run([sys.executable, "-m", "babel.messages.frontend", "extract", "-F", "templates/babel.cfg",
                    "-k", "_", "--no-location", "-o", str(pot), "."], cwd=REPO, check=True, capture_output=True)
    with open(pot, "rb") as fh:
        ids = {m.id for m in read_po(fh) if m.id}
    assert len(ids) > 100 and "Weekly readiness report" in ids and "On track" in ids  # templates and Python
    return ids


@pytest.mark.parametrize("language", TRANSLATED)
def test_catalog_has_every_string_translated(extracted, language):
    po, _ = catalog_paths(TEMPLATES, language)
    with open(po, "rb") as fh:
        catalog = read_po(fh)
    entries = {m.id: m for m in catalog if m.id}
    missing = sorted(extracted - set(entries))
    assert not missing, f"{language}: {len(missing)} strings missing from {po.name}, e.g. {missing[:3]}"
    assert not [i for i in sorted(set(entries) - extracted) if not entries[i].obsolete], "stale entries"
    assert not [m.id for m in entries.values() if not m.string], "empty msgstr"
    assert not [m.id for m in entries.values() if m.fuzzy], "fuzzy msgstr"
    assert not list(catalog.check()), "placeholders must match the msgid"
    untranslated = [m.id for m in entries.values() if m.string == m.id and len(m.id) > 12]
    assert not untranslated, f"{language}: copied, not translated: {untranslated[:3]}"


def test_catalog_is_compiled_when_missing_or_stale(tmp_path):
    templates = tmp_path / "templates"
    shutil.copytree(TEMPLATES / "locales", templates / "locales", ignore=shutil.ignore_patterns("*.mo"))
    po, mo = catalog_paths(templates, "es")
    assert not mo.exists()
    assert translations(templates, "es").gettext("Weekly readiness report") == "Informe semanal de preparación"
    assert mo.is_file()
    text = po.read_text(encoding="utf-8").replace('msgstr "Informe semanal de preparación"', 'msgstr "Informe semanal"')
    po.write_text(text, encoding="utf-8")
    os.utime(mo, (mo.stat().st_mtime - 10, mo.stat().st_mtime - 10))
    assert translations(templates, "es").gettext("Weekly readiness report") == "Informe semanal"


def test_unknown_language_is_refused():
    with pytest.raises(ValueError, match="unknown report language"):
        translations(TEMPLATES, "de")


@pytest.mark.parametrize("language, day, number, percent", [
    ("en", "November 20, 2026", "1,234.5", "86%"),
    ("fr", "20 novembre 2026", "1\u202f234,5", "86\u00a0%"),
    ("es", "20 de noviembre de 2026", "1.234,5", "86\u00a0%"),
])
def test_dates_and_numbers_in_the_locale_form(language, day, number, percent):
    f = filters(language)
    assert f["date"](dt.date(2026, 11, 20)) == day
    assert f["number"](1234.5) == number
    assert f["percent"](0.86) == percent
    assert f["signed"](-2.5).startswith("−") and f["score"](None) == "–"

