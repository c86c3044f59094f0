"""`reviewprep doctor`: is this machine ready to run reviewprep? A table of check, status, fix."""

from __future__ import annotations

import argparse

from reviewprep.settings import Settings


def cmd_doctor(args: argparse.Namespace, settings: Settings) -> int:
    from reviewprep.prefect_env import configure
    from reviewprep.production.checks import run_all

    configure(settings.home)
    checks = run_all(settings)
    width = max(len(c.name) for c in checks)
    print(f"{'check':<{width}}  status  detail / fix")
    for c in checks:
        print(f"{c.name:<{width}}  {'ok' if c.ok else 'FAIL':<6}  {c.detail}")
        if not c.ok:
            print(f"{'':<{width}}  {'':<6}  fix: {c.fix}")
    failed = [c.name for c in checks if not c.ok]
    print(f"\n{len(checks) - len(failed)} of {len(checks)} checks pass"
          + (f"; failing: {', '.join(failed)}" if failed else ""))
    return 1 if failed else 0


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("doctor", help="check config, database, Prefect API, SMTP, fonts and tools; exit 1 if any fails")
    p.set_defaults(handler=cmd_doctor)
