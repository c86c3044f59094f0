"""One settings object: REVIEWPREP_* environment variables over defaults.

Every path hangs off the project home so that a clone is self-contained:
the database, raw-file store and Prefect's home live in `var/`, reports in `out/`.
"""

from __future__ import annotations

from functools import cached_property
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


def _default_home() -> Path:
    """The repository root when running from a checkout, else the working directory."""
    checkout = Path(__file__).resolve().parents[2]
    if (checkout / "config" / "framework.yaml").is_file():
        return checkout
    return Path.cwd()


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="REVIEWPREP_", extra="ignore")

    home: Path = _default_home()
    database_url: str | None = None
    config_dir: Path | None = None
    out_dir: Path | None = None
    var_dir: Path | None = None

    smtp_host: str | None = None
    smtp_port: int = 587
    smtp_security: Literal["starttls", "ssl", "none"] = "starttls"
    smtp_username: str | None = None
    smtp_password: SecretStr | None = None
    smtp_sender: str = "reviewprep <reviewprep@localhost>"
    smtp_secret_block: str | None = None
    smtp_allow_plaintext_login: bool = False  # security none with a login: loopback relays only

    # The weekly flow's render tasks: in threads of the flow's process (each PDF laid out in
    # a small process pool), or on Dask: the scheduler at dask_address, else a temporary
    # LocalCluster of dask_workers processes (default: one per core, at most four).
    render_runner: Literal["threads", "dask"] = "threads"
    dask_address: str | None = None
    dask_workers: int | None = None

    # Written submissions (format letters): the largest document, or zip entry, read (MB).
    letter_max_mb: int = Field(default=50, ge=1)

    @cached_property
    def config_path(self) -> Path:
        return self.config_dir or self.home / "config"

    @cached_property
    def var_path(self) -> Path:
        return self.var_dir or self.home / "var"

    @cached_property
    def out_path(self) -> Path:
        return self.out_dir or self.home / "out"

    @property
    def raw_store(self) -> Path:
        return self.var_path / "raw"

    @property
    def outbox(self) -> Path:
        return self.out_path / "outbox"

    @property
    def templates_path(self) -> Path:
        return self.home / "templates"

    @property
    def db_url(self) -> str:
        return self.database_url or f"sqlite:///{self.var_path / 'reviewprep.db'}"


def get_settings() -> Settings:
    """Fresh settings each call, so tests and the CLI can change the environment."""
    return Settings()
