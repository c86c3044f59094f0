"""Alembic migrations build the schema from an empty database, and re-running is a no-op."""

from __future__ import annotations

from alembic.script import ScriptDirectory
from sqlalchemy import inspect

from reviewprep.cli import main
from reviewprep.store.db import alembic_config, current_revision, get_engine, upgrade
from reviewprep.store.models import Base


def test_upgrade_empty_database(settings, capsys):
    head = ScriptDirectory.from_config(alembic_config(settings.db_url)).get_current_head()
    assert main(["db", "upgrade"]) == 0
    assert f"revision {head}" in capsys.readouterr().out
    tables = set(inspect(get_engine(settings.db_url)).get_table_names())
    assert set(Base.metadata.tables) <= tables
    upgrade(settings.db_url)  # idempotent
    assert current_revision(settings.db_url) == head


def test_sqlite_uses_wal(settings):
    upgrade(settings.db_url)
    with get_engine(settings.db_url).connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"


def test_models_match_migrations(settings):
    """Autogenerate finds nothing to add: the models and the migration agree."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    upgrade(settings.db_url)
    with get_engine(settings.db_url).connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert diff == []
