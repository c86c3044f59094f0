"""Apply the project's prefect.toml as PREFECT_* environment variables.

Prefect reads prefect.toml only from the working directory; exporting it lets
`reviewprep` run from anywhere while keeping Prefect's home inside var/.
Variables already set in the environment win.
"""

from __future__ import annotations

import logging
import os
import tomllib
from pathlib import Path

from reviewprep.permissions import private_dir


def _flatten(table: dict, prefix: str = "PREFECT") -> dict[str, str]:
    flat = {}
    for key, value in table.items():
        name = f"{prefix}_{key.upper()}"
        if isinstance(value, dict):
            flat.update(_flatten(value, name))
        else:
            flat[name] = str(value).lower() if isinstance(value, bool) else str(value)
    return flat


def configure(project_home: Path) -> None:
    path = project_home / "prefect.toml"
    if not path.is_file():
        return
    values = _flatten(tomllib.loads(path.read_text(encoding="utf-8")))
    if "PREFECT_HOME" in values:
        home = (project_home / values["PREFECT_HOME"]).resolve()
        private_dir(home)
        values["PREFECT_HOME"] = str(home)
    for name, value in values.items():
        os.environ.setdefault(name, value)


class _WithoutTraceback(logging.Formatter):
    """A console formatter's line for a record, leaving out its traceback."""

    def __init__(self, inner: logging.Formatter | None):
        super().__init__()
        self.inner = inner or logging.Formatter()

    def format(self, record: logging.LogRecord) -> str:
        saved = record.exc_info, record.exc_text, record.stack_info
        record.exc_info = record.exc_text = record.stack_info = None
        try:
            return self.inner.format(record)
        finally:
            record.exc_info, record.exc_text, record.stack_info = saved


def console_without_tracebacks() -> None:
    """Prefect's console log says one line per failure; the traceback stays in the run's logs (UI, API).

    For commands that run a flow and promise users no tracebacks (REVIEWPREP_DEBUG=1 keeps them).
    Call after `configure()`: it sets Prefect's logging up if nothing has yet.
    """
    if os.environ.get("REVIEWPREP_DEBUG"):
        return
    from prefect.logging.configuration import ensure_logging_setup
    from prefect.logging.handlers import PrefectConsoleHandler

    ensure_logging_setup()
    for handler in logging.getLogger().handlers:
        if isinstance(handler, PrefectConsoleHandler) and not isinstance(handler.formatter, _WithoutTraceback):
            handler.setFormatter(_WithoutTraceback(handler.formatter))
