"""`reviewprep submissions withdraw|correct|history`: change a submission with a reason, keep every version."""

from __future__ import annotations

import argparse

from reviewprep.commands.common import iso_date, print_json
from reviewprep.settings import Settings


def _rating(value: str) -> float:
    try:
        return float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a number on the 0-4 scale") from None


def cmd_withdraw(args: argparse.Namespace, settings: Settings) -> int:
    from reviewprep import jobs
    from reviewprep.gather.corrections import withdraw
    from reviewprep.store.db import session_scope

    jobs.prepare_database(settings)
    with session_scope(settings.db_url) as session:
        row = withdraw(session, args.id, args.reason, args.by)
        print(f"submission {row.id} withdrawn by {args.by.strip()}: {row.status_reason}; "
              "scores computed from now on leave it out (stored snapshots keep what they reported)")
    return 0


def cmd_correct(args: argparse.Namespace, settings: Settings) -> int:
    from reviewprep import jobs
    from reviewprep.gather.corrections import correct
    from reviewprep.store.db import session_scope

    jobs.prepare_database(settings)
    with session_scope(settings.db_url) as session:
        new = correct(session, args.id, args.reason, args.by, args.rating, args.text, args.submitted_on)
        print(f"submission {new.replaces_id} corrected by {args.by.strip()}: the current version is now "
              f"submission {new.id}; scores computed from now on use it")
    return 0


def cmd_history(args: argparse.Namespace, settings: Settings) -> int:
    from reviewprep import jobs
    from reviewprep.gather.corrections import history
    from reviewprep.store.db import session_scope

    jobs.prepare_database(settings)
    with session_scope(settings.db_url) as session:
        rows = [{"id": s.id, "status": s.status, "reason": s.status_reason, "replaces": s.replaces_id,
                 "submitted_on": s.submitted_on.isoformat(), "changed_at": str(s.status_at or ""),
                 "rating": s.assessment.rating if s.assessment else None, "text": s.text}
                for s in history(session, args.id)]
    if args.json:
        print_json({"versions": rows})
        return 0
    for r in rows:
        rating = f", rating {r['rating']}" if r["rating"] is not None else ""
        print(f"submission {r['id']}: {r['status']}{rating}, submitted {r['submitted_on']}"
              + (f"; {r['reason']}" if r["reason"] else ""))
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("submissions", help="withdraw or correct a submission (every version is kept)")
    ssub = p.add_subparsers(dest="submissions_command", required=True, metavar="ACTION")
    w = ssub.add_parser("withdraw", help="take a submission out of the scores from now on")
    w.add_argument("id", metavar="ID", help="submission id (or its external id)")
    w.add_argument("--reason", required=True, help="why, kept with the change and in the audit log")
    w.add_argument("--by", required=True, metavar="NAME", help="who is withdrawing it")
    w.set_defaults(handler=cmd_withdraw)
    c = ssub.add_parser("correct", help="replace a submission by a corrected version")
    c.add_argument("id", metavar="ID", help="submission id (or its external id)")
    c.add_argument("--rating", type=_rating, default=None, help="the corrected rating (0-4)")
    c.add_argument("--text", default=None, help="the corrected text")
    c.add_argument("--submitted-on", type=iso_date, default=None, help="the corrected date (YYYY-MM-DD)")
    c.add_argument("--reason", required=True, help="why, kept with the change and in the audit log")
    c.add_argument("--by", required=True, metavar="NAME", help="who is correcting it")
    c.set_defaults(handler=cmd_correct)
    h = ssub.add_parser("history", help="every version of a submission and why it changed")
    h.add_argument("id", metavar="ID", help="submission id (any version)")
    h.add_argument("--json", action="store_true", help="print one JSON object")
    h.set_defaults(handler=cmd_history)
