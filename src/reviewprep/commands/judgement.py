"""`reviewprep judgement`: record, load and list analysts' judgements (green / amber / red).

A judgement is shown beside the computed score in the reports and in `scores --json`,
never blended into it (docs/methodology.md, "Analyst judgement beside the score").
"""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

from reviewprep.codes import AUDIENCES
from reviewprep.commands.common import iso_date, print_json
from reviewprep.errors import UserError
from reviewprep.settings import Settings


def _valid_days(settings: Settings) -> int:
    from reviewprep import jobs

    return jobs.load_config(settings).scoring.judgement.default_valid_days


def cmd_set(args: argparse.Namespace, settings: Settings) -> int:
    from reviewprep import judgement
    from reviewprep.store import judgements as stored
    from reviewprep.store.db import session_scope, upgrade

    try:
        item = judgement.make(chapter=args.chapter, party=args.party, rating=args.rating, rationale=args.rationale,
                              author=args.author, date=args.date, expires=args.expires,
                              confidential=args.confidential, valid_days=_valid_days(settings))
    except judgement.Invalid as exc:
        raise UserError(str(exc)) from None
    upgrade(settings.db_url)
    with session_scope(settings.db_url) as session:
        stored.add(session, [item])
    mark = " (confidential)" if item.confidential else ""
    print(f"judgement recorded: {item.chapter} {item.party} {item.rating}{mark}, {item.author}, "
          f"{item.date} until {item.expires}")
    return 0


def cmd_load(args: argparse.Namespace, settings: Settings) -> int:
    from reviewprep import judgement
    from reviewprep.store import judgements as stored
    from reviewprep.store.db import session_scope, upgrade

    path = Path(args.path)
    if not path.is_file():
        raise UserError(f"no such file: {path}")
    try:
        found, problems, read = judgement.read_file(path, _valid_days(settings), dt.date.today())
    except (judgement.Invalid, UnicodeDecodeError, ValueError) as exc:
        raise UserError(f"{path}: cannot read judgements: {exc}") from None
    upgrade(settings.db_url)
    with session_scope(settings.db_url) as session:
        stored.add(session, found)
    result = {"file": str(path), "read": read, "accepted": len(found), "rejected": len(problems),
              "problems": problems}
    if args.json:
        print_json(result)
    else:
        print(f"{path}: read {read} = accepted {len(found)} + rejected {len(problems)}")
        for p in problems:
            print(f"  {p['file']} row {p['row']}, column {p['column']}: {p['reason']}")
    return 0


def cmd_list(args: argparse.Namespace, settings: Settings) -> int:
    from reviewprep import judgement
    from reviewprep.store import judgements as stored
    from reviewprep.store.db import session_scope, upgrade

    as_of = args.as_of or dt.date.today()
    upgrade(settings.db_url)
    with session_scope(settings.db_url) as session:
        shown = judgement.current(stored.load(session), as_of, args.audience)
    if args.json:
        print_json([j.as_json(as_of) for j in shown])
        return 0
    if not shown:
        print(f"no judgement in force as of {as_of} ({args.audience})")
    for j in shown:
        flag = " EXPIRED" if j.expired(as_of) else ""
        print(f"{j.chapter} {j.party:<3}{j.rating:<6}{j.date} until {j.expires}{flag}  {j.author}: {j.rationale}")
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("judgement", help="analysts' green/amber/red judgements, shown beside the scores")
    jsub = p.add_subparsers(dest="judgement_command", required=True, metavar="ACTION")
    s = jsub.add_parser("set", help="record a judgement for a chapter and Party")
    s.add_argument("--chapter", required=True, help="ch12, ch16, ch19, ch25, ch26 or ch28")
    s.add_argument("--party", required=True, help="US, CA, MX, or NA for trilateral work")
    s.add_argument("--rating", required=True, help="green, amber or red")
    s.add_argument("--rationale", required=True, help="why, in a sentence or two")
    s.add_argument("--author", required=True, help="who made the judgement")
    s.add_argument("--date", type=iso_date, default=None, help="date of the judgement (default: today)")
    s.add_argument("--expires", type=iso_date, default=None,
                   help="expiry date (default: config judgement.default_valid_days after the date)")
    s.add_argument("--confidential", action="store_true", help="restricted reports only")
    s.set_defaults(handler=cmd_set)
    ld = jsub.add_parser("load", help="record judgements from a CSV or YAML file")
    ld.add_argument("path", metavar="FILE", help="columns: chapter, party, rating, rationale, author, date, "
                    "expires, confidentiality")
    ld.add_argument("--json", action="store_true", help="print one JSON object")
    ld.set_defaults(handler=cmd_load)
    ls = jsub.add_parser("list", help="the judgements in force as of a date")
    ls.add_argument("--as-of", type=iso_date, default=None, help="as of this date (default: today)")
    ls.add_argument("--audience", choices=AUDIENCES, default="public")
    ls.add_argument("--json", action="store_true", help="print one JSON list")
    ls.set_defaults(handler=cmd_list)
