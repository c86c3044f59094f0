"""Apply the project's prefect.toml as PREFECT_* environment variables.

Prefect reads prefect.toml only from the working directory; exporting it lets
`reviewprep` run from anywhere while keeping Prefect's home inside var/.
Variables already set in the environment win.
"""

from __future__ import annotations

import os
import tomllib
from pathlib import Path


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
        home.mkdir(parents=True, exist_ok=True)
        values["PREFECT_HOME"] = str(home)
    for name, value in values.items():
        os.environ.setdefault(name, value)
