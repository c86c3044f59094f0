"""Read and validate the YAML config, turning every failure into a ConfigError."""

from __future__ import annotations

from pathlib import Path
from typing import TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from reviewprep.errors import ConfigError
from reviewprep.framework.models import Framework, ReviewCalendar

M = TypeVar("M", bound=BaseModel)
# libyaml's safe loader when PyYAML has it (it does in its wheels): the same documents, parsed in C,
# about ten times faster; every job step loads the config.
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def read_yaml(path: Path) -> dict:
    """Parse a YAML mapping; a missing file, bad bytes or bad syntax is a ConfigError."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(str(path), "", "file not found") from None
    except UnicodeDecodeError as exc:
        raise ConfigError(str(path), "", f"not UTF-8 text (byte {exc.start})") from None
    try:
        data = yaml.load(text, Loader=SAFE_LOADER)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise ConfigError(str(path), where, f"invalid YAML: {problem}") from None
    if not isinstance(data, dict):
        raise ConfigError(str(path), "", "expected a mapping at the top level")
    return data


def validate(path: Path, model: type[M], data: dict | None = None) -> M:
    """Validate a config file against its model, naming the first bad key."""
    data = read_yaml(path) if data is None else data
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        key = ".".join(str(part) for part in err["loc"]) or "(top level)"
        more = f" (and {len(exc.errors()) - 1} more problems)" if len(exc.errors()) > 1 else ""
        raise ConfigError(str(path), key, err["msg"] + more) from None


def load_framework(config_dir: Path) -> Framework:
    return validate(config_dir / "framework.yaml", Framework)


def load_review_calendar(config_dir: Path) -> ReviewCalendar:
    return validate(config_dir / "review.yaml", ReviewCalendar)
