"""Report commands: `reviewprep brief` runs the ministerial-brief flow."""

from __future__ import annotations

import argparse

from reviewprep.codes import AUDIENCES, CHAPTER_CODES, LANGUAGES, PARTIES
from reviewprep.commands.common import code_list, iso_date, print_deliveries_needing_attention
from reviewprep.commands.core import print_distribution
from reviewprep.errors import UserError
from reviewprep.settings import Settings


def cmd_brief(args: argparse.Namespace, settings: Settings) -> int:
    if not args.meeting.strip():
        raise UserError("--meeting needs a name, e.g. --meeting \"Free Trade Commission\"")
    from reviewprep.children import start_temporary_server
    from reviewprep.prefect_env import configure, console_without_tracebacks

    configure(settings.home)
    console_without_tracebacks()
    start_temporary_server(settings.var_path)  # dies with this command, even on kill -9
    from flows.ministerial_brief import ministerial_brief

    summary = ministerial_brief(
        meeting=args.meeting, meeting_date=args.date, chapters=args.chapters or [], parties=args.parties or [],
        languages=args.lang, audiences=args.audience, as_of=args.as_of,
        recipients=args.recipients or [], distribute=not args.no_distribute, wait_for_approval=False,
    )
    for report in summary["reports"]:
        print(report["pdf"])
    print_deliveries_needing_attention(summary["distribution"])
    print_distribution(summary.get("distribution"))
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("brief", help="render a ministerial brief for a meeting from the scores loaded so far")
    p.add_argument("--meeting", required=True, help="meeting name, e.g. \"Free Trade Commission\"")
    p.add_argument("--date", required=True, type=iso_date, help="meeting date (YYYY-MM-DD)")
    p.add_argument("--chapters", type=code_list(CHAPTER_CODES, "chapter"), default=None,
                   help="chapters in focus, e.g. ch26,ch28 (default: all)")
    p.add_argument("--parties", type=code_list(PARTIES, "Party"), default=None,
                   help="Parties in focus, e.g. US,MX (default: all; trilateral work is always included)")
    p.add_argument("--lang", type=code_list(LANGUAGES, "language"), default=["en"], help="en,fr,es")
    p.add_argument("--audience", type=code_list(AUDIENCES, "audience"), default=["public"],
                   help="public,restricted")
    p.add_argument("--as-of", type=iso_date, default=None,
                   help="score as of this date (default: today, or the meeting date if earlier)")
    p.add_argument("--recipients", type=lambda v: [x.strip() for x in v.split(",") if x.strip()], default=None,
                   help="distribution lists or addresses to send to (default: every list receiving briefs)")
    p.add_argument("--no-distribute", action="store_true", help="render only; send nothing")
    p.set_defaults(handler=cmd_brief)
