"""Campaign commands: `campaigns detect|list|show`, `topics`, and `heard` (the "What we heard" report)."""

from __future__ import annotations

import argparse
import datetime as dt

from reviewprep.codes import AUDIENCES, LANGUAGES
from reviewprep.commands.common import code_list, iso_date, print_json
from reviewprep.errors import UserError
from reviewprep.settings import Settings


def cmd_detect(args: argparse.Namespace, settings: Settings) -> int:
    from reviewprep import jobs

    run = jobs.detect_campaigns(settings, rebuild=args.rebuild)
    print(f"grouped {run.assigned:,} new text submission(s), {run.joined:,} joining an earlier group; "
          f"{run.campaigns:,} campaign(s) holding {run.letters:,} letters")
    return 0


def campaign_row(c, framework=None) -> dict:
    return {"id": c.id, "size": c.size, "signatories": c.signatories, "template_excerpt": c.excerpt(),
            "chapters": [code for code in c.codes if not code.startswith("R")],
            "recommendations": [code for code in c.codes if code.startswith("R")],
            "first": c.first.isoformat(), "last": c.last.isoformat(), "with_additions": len(c.additions)}


def cmd_list(args: argparse.Namespace, settings: Settings) -> int:
    from reviewprep import jobs

    found = jobs.campaigns(settings, args.as_of, args.audience)
    rows = [campaign_row(c) for c in found]
    if args.json:
        print_json({"as_of": args.as_of.isoformat() if args.as_of else None, "audience": args.audience,
                    "campaigns": rows})
        return 0
    if not rows:
        print("no campaigns" + (f" as of {args.as_of}" if args.as_of else "") +
              " (run `reviewprep campaigns detect` after loading new inputs)")
        return 0
    print(f"{'id':<11} {'size':>6} {'copies':>6}  {'first':<10} {'last':<10}  {'chapters':<16} template")
    for r in rows:
        print(f"{r['id']:<11} {r['size']:>6} {r['signatories']:>6}  {r['first']:<10} {r['last']:<10}  "
              f"{','.join(r['chapters'] + r['recommendations'])[:16]:<16} {r['template_excerpt'][:70]}")
    return 0


def cmd_show(args: argparse.Namespace, settings: Settings) -> int:
    from reviewprep import jobs

    found = {c.id: c for c in jobs.campaigns(settings, args.as_of, args.audience)}
    campaign = found.get(args.id)
    if campaign is None:
        raise UserError(f"no campaign {args.id}" + (f" as of {args.as_of}" if args.as_of else "") +
                        "; `reviewprep campaigns list` shows them")
    data = {**campaign_row(campaign), "template": campaign.template,
            "additions": [{"letter": k, "addition": v} for k, v in campaign.additions.items()]}
    if args.json:
        print_json(data)
        return 0
    print(f"{campaign.id}: {campaign.size} letters ({campaign.signatories} with folded copies), "
          f"{campaign.first} – {campaign.last}\n\nTemplate:\n{campaign.template}\n")
    print(f"Personal additions ({len(campaign.additions)}):")
    for key, text in campaign.additions.items():
        print(f"  [{key[:12]}] {text}")
    return 0


def cmd_topics(args: argparse.Namespace, settings: Settings) -> int:
    from reviewprep import jobs

    topics = jobs.emerging_topics(settings, args.as_of, args.audience)
    if args.json:
        print_json({"topics": [{"words": list(t.words), "size": t.size, "example": t.example} for t in topics]})
        return 0
    if not topics:
        print("too few untagged comments to group")
    for n, t in enumerate(topics, 1):
        print(f"{n}. {', '.join(t.words)} ({t.size} comments)\n   e.g. {t.example[:200]}")
    return 0


def cmd_heard(args: argparse.Namespace, settings: Settings) -> int:
    if args.start > args.end:
        raise UserError(f"--from {args.start} is after --to {args.end}")
    from reviewprep.prefect_env import configure, console_without_tracebacks

    configure(settings.home)
    console_without_tracebacks()
    from flows.what_we_heard import what_we_heard

    summary = what_we_heard(start=args.start, end=args.end, languages=args.lang, audiences=args.audience,
                            recipients=[] if args.no_distribute else args.recipients)
    for report in summary["reports"]:
        print(report["pdf"])
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("campaigns", help="organised campaigns (form letters) found among the text submissions")
    csub = p.add_subparsers(dest="campaigns_command", required=True, metavar="ACTION")
    d = csub.add_parser("detect", help="group the text submissions no run has seen yet (incremental)")
    d.add_argument("--rebuild", action="store_true",
                   help="forget every group and detect again from nothing (after changing config/campaigns.yaml)")
    d.set_defaults(handler=cmd_detect)
    for name, handler, text in (("list", cmd_list, "list the campaigns: id, size, template excerpt, chapters, dates"),
                                ("show", cmd_show, "one campaign's template and its members' personal additions")):
        c = csub.add_parser(name, help=text)
        if name == "show":
            c.add_argument("id", help="campaign id, as `campaigns list` shows it (C-…)")
        c.add_argument("--as-of", type=iso_date, default=None,
                       help="only letters dated by this date (YYYY-MM-DD; default: all)")
        c.add_argument("--audience", choices=AUDIENCES, default="public",
                       help="public (default: public letters only) or restricted (all letters)")
        c.add_argument("--json", action="store_true", help="machine-readable output")
        c.set_defaults(handler=handler)

    t = sub.add_parser("topics", help="emerging topics among the comments no term tags, to extend the term lists")
    t.add_argument("--as-of", type=iso_date, default=None, help="only comments dated by this date (YYYY-MM-DD)")
    t.add_argument("--audience", choices=AUDIENCES, default="public", help="public (default) or restricted")
    t.add_argument("--json", action="store_true", help="machine-readable output")
    t.set_defaults(handler=cmd_topics)

    h = sub.add_parser("heard", help="render the \"What we heard\" consultation summary for a date range")
    h.add_argument("--from", dest="start", required=True, type=iso_date, help="first day of the period (YYYY-MM-DD)")
    h.add_argument("--to", dest="end", type=iso_date, default=dt.date.today(),
                   help="last day of the period (YYYY-MM-DD; default: today)")
    h.add_argument("--lang", type=code_list(LANGUAGES, "language"), default=["en"], help="en,fr,es")
    h.add_argument("--audience", type=code_list(AUDIENCES, "audience"), default=["public"], help="public,restricted")
    h.add_argument("--recipients", type=lambda v: [x.strip() for x in v.split(",") if x.strip()], default=None,
                   help="distribution lists or addresses to send to (default: every list receiving this report)")
    h.add_argument("--no-distribute", action="store_true", help="render only; send nothing")
    h.set_defaults(handler=cmd_heard)
