"""`reviewprep` command line: a contract other tools rely on (exit codes, JSON output).

Exit codes: 0 success, 1 the job failed, 2 bad usage or bad input that stopped the job.
Errors a user can act on are printed as one message, never as a traceback.
Each area's subcommands live in `reviewprep.commands.<area>` with a `register()`.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from reviewprep.children import reap_orphans
from reviewprep.commands import (
    approvals,
    campaigns,
    core,
    doctor,
    gather,
    judgement,
    ops,
    reports,
    scores,
    submissions,
)
from reviewprep.errors import JobFailed, UserError
from reviewprep.settings import get_settings

COMMAND_MODULES = [core, gather, scores, judgement, campaigns, ops, reports, doctor, approvals, submissions]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="reviewprep",
        description="USMCA review preparation: gather stakeholder inputs, score progress, send readiness reports.",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for module in COMMAND_MODULES:
        module.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        settings = get_settings()
        for stopped in reap_orphans(settings.var_path):
            print(f"reviewprep: stopped {stopped}, left running by an earlier command that was killed",
                  file=sys.stderr)
        return args.handler(args, settings)
    except UserError as exc:
        print(f"reviewprep: error: {exc}", file=sys.stderr)
        return exc.exit_code
    except JobFailed as exc:
        print(f"reviewprep: job failed: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("reviewprep: interrupted", file=sys.stderr)
        return 1
    except BrokenPipeError:  # output piped into `head` and the like: not a failure
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except Exception as exc:  # noqa: BLE001 - last line of defence: no tracebacks for users
        if os.environ.get("REVIEWPREP_DEBUG"):
            raise
        print(f"reviewprep: job failed: {type(exc).__name__}: {exc} (set REVIEWPREP_DEBUG=1 for details)",
              file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
