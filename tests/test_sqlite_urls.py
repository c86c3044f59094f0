"""SQLite URLs in SQLite's URI form (`uri=true`) name the same file as the plain form:
locks, permissions and checks go beside that file, never into a folder called `file:`."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url

from reviewprep.commands.scores import check_database
from reviewprep.errors import UserError
from reviewprep.store.db import exclusive, get_engine, sqlite_path, upgrade


@pytest.mark.parametrize(("url", "path"), [
    ("sqlite:////srv/unit/reviewprep.db", "/srv/unit/reviewprep.db"),
    ("sqlite:///var/reviewprep.db", "var/reviewprep.db"),
    ("sqlite:///file:var/reviewprep.db?uri=true", "var/reviewprep.db"),
    ("sqlite:///file:/srv/unit/reviewprep.db?mode=ro&uri=true", "/srv/unit/reviewprep.db"),
    ("sqlite:///file:///srv/unit/reviewprep.db?uri=true", "/srv/unit/reviewprep.db"),
    ("sqlite:///file://localhost/srv/unit/reviewprep.db?uri=true", "/srv/unit/reviewprep.db"),
    ("sqlite:///file:/srv/unit/review%20prep.db?uri=true", "/srv/unit/review prep.db"),
    ("sqlite:///file:var/reviewprep.db", "file:var/reviewprep.db"),  # no uri=true: a plain name
])
def test_the_file_a_url_names(url, path):
    assert sqlite_path(make_url(url)) == Path(path)


@pytest.mark.parametrize("url", [
    "sqlite://", "sqlite:///:memory:", "sqlite:///file::memory:?cache=shared&uri=true",
    "sqlite:///file:unit?mode=memory&cache=shared&uri=true", "postgresql+psycopg://postgres@127.0.0.1/test",
])
def test_no_file(url):
    assert sqlite_path(make_url(url)) is None


def test_a_uri_url_works_like_the_plain_one(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "var").mkdir()
    url = f"sqlite:///file:{tmp_path / 'var' / 'unit.db'}?uri=true"
    with pytest.raises(UserError, match="no database at .*var/unit.db"):
        check_database(url)
    upgrade(url)
    with exclusive(url, "deliver"):
        assert (tmp_path / "var" / "unit.db.deliver.lock").is_file()
    with get_engine(url).connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM submissions")).scalar() == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["var"]  # no folder named `file:`
    assert oct((tmp_path / "var" / "unit.db").stat().st_mode & 0o777) == "0o600"
