"""`reviewprep` command line (DESIGN §8).

Exit codes: 0 success, 1 the job failed, 2 bad usage or bad input that stopped the job.
Errors a user can act on are printed as one message, never as a traceback.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
from collections.abc import Callable, Sequence

from reviewprep.errors import JobFailed, UserError
from reviewprep.framework.models import CHAPTER_CODES, LANGUAGES, PARTIES
from reviewprep.settings import Settings, get_settings

AUDIENCES = ("public", "restricted")
Handler = Callable[[argparse.Namespace, Settings], int]


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


# --- commands -----------------------------------------------------------------


def cmd_framework_show(args: argparse.Namespace, settings: Settings) -> int:
    from reviewprep import jobs

    config = jobs.load_config(settings)
    fw = config.framework
    if args.json:
        print_json(fw.summary())
        return 0
    lang = args.lang
    print(f"Chapters ({len(fw.chapters)}):")
    for c in fw.chapters:
        print(f"  {c.code}  {c.number} {c.name(lang)}")
    print(f"\nRecommendations ({len(fw.recommendations)}):")
    for r in fw.recommendations:
        print(f"  {r.code:<4} {r.title(lang)}")
    print("\nApplicability:")
    codes = [r.code for r in fw.recommendations]
    print("        " + " ".join(f"{c:>3}" for c in codes))
    for c in fw.chapters:
        marks = " ".join(f"{'x' if r in fw.applicability[c.code] else '.':>3}" for r in codes)
        print(f"  {c.code}  {marks}")
    print(f"\nObligations ({len(fw.obligations)}):")
    for o in fw.obligations:
        due = f"yearly from {o.due.first_year}" if o.due.rule == "yearly" else f"once by {o.due.date}"
        print(f"  {o.code:<36} art. {o.article:<6} {o.chapter} {','.join(o.recommendations):<10} {due}")
    cal = config.calendar
    today = dt.date.today()
    print(f"\nNext review: {cal.next_review(today)} ({cal.days_to_next_review(today)} days from {today})")
    return 0


def cmd_db_upgrade(args: argparse.Namespace, settings: Settings) -> int:
    from reviewprep.store.db import current_revision, upgrade

    upgrade(settings.db_url)
    print(f"database at revision {current_revision(settings.db_url)}: {settings.db_url}")
    return 0


def cmd_run(args: argparse.Namespace, settings: Settings) -> int:
    from reviewprep.prefect_env import configure

    configure(settings.home)
    from flows.weekly_readiness import weekly_readiness

    summary = weekly_readiness(
        as_of=args.as_of, languages=args.lang, audiences=args.audience,
        distribute=not args.no_distribute, sources_file=getattr(args, "sources_file", None),
    )
    for report in summary["reports"]:
        print(report["pdf"])
    return 0


def cmd_demo(args: argparse.Namespace, settings: Settings) -> int:
    from reviewprep.sample import ANCHOR

    os.environ.setdefault("REVIEWPREP_DATABASE_URL", f"sqlite:///{settings.var_path / 'demo.db'}")
    print("Loading the bundled SAMPLE data (data/sample/) and running the weekly flow once...",
          file=sys.stderr)
    args.as_of = args.as_of or ANCHOR
    args.sources_file = "data/sample/sources.yaml"
    return cmd_run(args, get_settings())


# --- parser -------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="reviewprep",
        description="USMCA review preparation: gather stakeholder inputs, score progress, send readiness reports.",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def run_options(p: argparse.ArgumentParser) -> None:
        p.add_argument("--as-of", type=iso_date, default=None, help="score as of this date (default: today)")
        p.add_argument("--lang", type=code_list(LANGUAGES, "language"), default=["en"], help="en,fr,es")
        p.add_argument("--audience", type=code_list(AUDIENCES, "audience"), default=["public"],
                       help="public,restricted")
        p.add_argument("--no-distribute", action="store_true", help="render only; send nothing")

    p = sub.add_parser("demo", help="load the sample data into a local demo database and run the weekly flow")
    run_options(p)
    p.set_defaults(handler=cmd_demo)

    p = sub.add_parser("run", help="run the weekly readiness flow on what is loaded")
    run_options(p)
    p.set_defaults(handler=cmd_run)

    p = sub.add_parser("framework", help="the framework being scored")
    fsub = p.add_subparsers(dest="framework_command", required=True, metavar="ACTION")
    show = fsub.add_parser("show", help="print chapters, recommendations, applicability and obligations")
    show.add_argument("--json", action="store_true", help="print one JSON object")
    show.add_argument("--lang", choices=LANGUAGES, default="en")
    show.set_defaults(handler=cmd_framework_show)

    p = sub.add_parser("db", help="database maintenance")
    dsub = p.add_subparsers(dest="db_command", required=True, metavar="ACTION")
    dsub.add_parser("upgrade", help="apply migrations").set_defaults(handler=cmd_db_upgrade)

    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.handler(args, get_settings())
    except UserError as exc:
        print(f"reviewprep: error: {exc}", file=sys.stderr)
        return exc.exit_code
    except JobFailed as exc:
        print(f"reviewprep: job failed: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("reviewprep: interrupted", file=sys.stderr)
        return 1
    except Exception as exc:  # noqa: BLE001 - last line of defence: no tracebacks for users
        if os.environ.get("REVIEWPREP_DEBUG"):
            raise
        print(f"reviewprep: job failed: {type(exc).__name__}: {exc} (set REVIEWPREP_DEBUG=1 for details)",
              file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
