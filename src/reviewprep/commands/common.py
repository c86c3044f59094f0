"""Argument types and output helpers shared by the command modules."""

from __future__ import annotations

import argparse
import datetime as dt
import json
from collections.abc import Callable, Sequence


def iso_date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a date (YYYY-MM-DD)") from None


def code_list(allowed: Sequence[str], what: str) -> Callable[[str], list[str]]:
    """Parse 'a,b' into a list, refusing codes outside `allowed`."""

    def parse(value: str) -> list[str]:
        items = [v.strip() for v in value.split(",") if v.strip()]
        unknown = [v for v in items if v not in allowed]
        if unknown or not items:
            raise argparse.ArgumentTypeError(
                f"unknown {what} {', '.join(unknown) or '(none given)'}; choose from {', '.join(allowed)}"
            )
        return list(dict.fromkeys(items))

    return parse


def print_json(data: dict) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=2, sort_keys=False, default=str))
