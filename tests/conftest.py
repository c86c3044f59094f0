"""Shared fixtures: an isolated project folder per test, one Prefect server per session."""

from __future__ import annotations

import shutil
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


@pytest.fixture(scope="session")
def prefect_harness():
    """One temporary Prefect server for all flow tests (it takes ~20 s to start here)."""
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=240):
        yield
