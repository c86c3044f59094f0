"""Shared fixtures: an isolated project folder per test, one Prefect server per session."""

from __future__ import annotations

import os
import shutil
import uuid
from pathlib import Path

import pytest

from reviewprep.prefect_env import configure
from reviewprep.settings import Settings, get_settings

REPO = Path(__file__).resolve().parents[1]
configure(REPO)  # Prefect's home under var/, generous startup timeout, quiet logs


@pytest.fixture
def settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Settings:
    """Settings whose database, raw store and outputs live in a temporary folder."""
    monkeypatch.setenv("REVIEWPREP_HOME", str(REPO))
    monkeypatch.setenv("REVIEWPREP_VAR_DIR", str(tmp_path / "var"))
    monkeypatch.setenv("REVIEWPREP_OUT_DIR", str(tmp_path / "out"))
    monkeypatch.setenv("REVIEWPREP_DATABASE_URL", f"sqlite:///{tmp_path / 'var' / 'test.db'}")
    for name in ("REVIEWPREP_CONFIG_DIR", "REVIEWPREP_SMTP_HOST"):
        monkeypatch.delenv(name, raising=False)
    return get_settings()


@pytest.fixture
def config_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A writable copy of config/ that REVIEWPREP_CONFIG_DIR points at."""
    target = tmp_path / "config"
    shutil.copytree(REPO / "config", target)
    monkeypatch.setenv("REVIEWPREP_CONFIG_DIR", str(target))
    return target


@pytest.fixture
def postgres_url():
    """A fresh PostgreSQL database for one test, dropped afterwards (skips without a server).

    REVIEWPREP_TEST_POSTGRES_URL names a database on a server where its user may create
    databases; `.ci/run` makes one per CI run.
    """
    admin = os.environ.get("REVIEWPREP_TEST_POSTGRES_URL")
    if not admin:
        pytest.skip("REVIEWPREP_TEST_POSTGRES_URL is not set "
                    "(e.g. postgresql+psycopg://postgres@127.0.0.1:5432/test; .ci/run sets it)")
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    from reviewprep.store.db import get_engine

    name = f"reviewprep_test_{uuid.uuid4().hex[:12]}"
    engine = create_engine(admin, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(admin).set(database=name).render_as_string(hide_password=False)
    try:
        yield url
    finally:
        get_engine(url).dispose()
        get_engine.cache_clear()
        with engine.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        engine.dispose()


@pytest.fixture(scope="session")
def prefect_harness():
    """One temporary Prefect server for all flow tests (it takes ~20 s to start here)."""
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=240):
        yield
