"""Core commands: demo, run, framework show, db upgrade."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys

from reviewprep.codes import AUDIENCES, LANGUAGES
from reviewprep.commands.common import code_list, iso_date, print_deliveries_needing_attention, print_json
from reviewprep.settings import Settings, get_settings


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
    from reviewprep.children import start_temporary_server
    from reviewprep.prefect_env import configure, console_without_tracebacks

    configure(settings.home)
    console_without_tracebacks()
    start_temporary_server(settings.var_path)  # dies with this command, even on kill -9
    from flows.weekly_readiness import weekly_readiness

    summary = weekly_readiness(
        as_of=args.as_of, languages=args.lang, audiences=args.audience,
        distribute=not args.no_distribute, sources_file=getattr(args, "sources_file", None),
        wait_for_approval=False,
    )
    for report in summary["reports"]:
        print(report["pdf"])
    print_deliveries_needing_attention(summary["distribution"])
    print_distribution(summary.get("distribution"))
    return 0


def print_distribution(delivered: dict | None) -> None:
    """The closing lines: one per list (sent, skipped, awaiting approval, failed), then what waits for whom."""
    from reviewprep.distribute.run import list_summary_lines

    for line in list_summary_lines(delivered or {}):
        print(line)


def cmd_demo(args: argparse.Namespace, settings: Settings) -> int:
    from reviewprep.demo import ANCHOR

    os.environ.setdefault("REVIEWPREP_DATABASE_URL", f"sqlite:///{settings.var_path / 'demo.db'}")
    print("Loading the bundled SAMPLE data (data/sample/) and running the weekly flow once...",
          file=sys.stderr)
    args.as_of = args.as_of or ANCHOR
    args.sources_file = "data/sample/sources.yaml"
    return cmd_run(args, get_settings())


def run_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--as-of", type=iso_date, default=None, help="score as of this date (default: today)")
    p.add_argument("--lang", type=code_list(LANGUAGES, "language"), default=["en"], help="en,fr,es")
    p.add_argument("--audience", type=code_list(AUDIENCES, "audience"), default=["public"],
                   help="public,restricted")
    p.add_argument("--no-distribute", action="store_true", help="render only; send nothing")


def register(sub: argparse._SubParsersAction) -> None:
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
