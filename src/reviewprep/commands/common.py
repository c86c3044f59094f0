"""Argument types and output helpers shared by the command modules."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
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


RESOLVE = {
    "sending": ("in doubt (the run stopped mid-send: it may or may not have arrived)", "--retry-failed"),
    "failed": ("failed", "--retry-failed"),
    "deferred": ("not sent yet (the server was unavailable)", ""),
    "pending": ("not sent yet", ""),
}


def print_deliveries_needing_attention(distribution: dict | None) -> None:
    """The closing summary of a command that sent reports: every delivery a person must look at,
    with the command that resolves it (on stderr, so stdout stays the list of files)."""
    problems = [p for p in (distribution or {}).get("problems", []) if p["status"] in RESOLVE]
    if not problems:
        return
    print(f"reviewprep: {len(problems)} deliver{'y needs' if len(problems) == 1 else 'ies need'} attention:",
          file=sys.stderr)
    for p in problems:
        what, flag = RESOLVE[p["status"]]
        detail = f": {p['error']}" if p["error"] and p["status"] != "sending" else ""
        print(f"  {p['recipient']} ({p['report']}): {what}{detail}", file=sys.stderr)
    for report in dict.fromkeys(p["report"] for p in problems):
        flags = {RESOLVE[p["status"]][1] for p in problems if p["report"] == report} - {""}
        print(f"  to resolve: reviewprep distribute --report {report}{' --retry-failed' if flags else ''}"
              + (" (resends what is in doubt: check with the recipient first)"
                 if any(p["status"] == "sending" for p in problems if p["report"] == report) else ""),
              file=sys.stderr)
