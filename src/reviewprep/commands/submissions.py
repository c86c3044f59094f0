"""`reviewprep submissions list|show|withdraw|correct|history`: see what was gathered; change a submission
with a reason, keeping every version."""

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


def _limit(value: str) -> int:
    if not value.isdigit() or int(value) < 1:
        raise argparse.ArgumentTypeError(f"{value!r} is not a positive whole number")
    return int(value)


def cmd_list(args: argparse.Namespace, settings: Settings) -> int:
    from reviewprep import jobs
    from reviewprep.store.db import session_scope
    from reviewprep.store.submission_reads import list_submissions

    jobs.prepare_database(settings)
    with session_scope(settings.db_url) as session:
        rows = list_submissions(session, args.source, args.search, args.limit)
    if args.json:
        print_json({"submissions": rows})
        return 0
    if not rows:
        print("no submission" + (" matches" if args.source or args.search else " gathered yet"))
        return 0
    for r in rows:
        where = f"{r['file']} row {r['row']}" + (f" [{r['member']}]" if r["member"] else "")
        status = "" if r["status"] == "current" else f" ({r['status']})"
        print(f"{r['id']:>6}  {r['submitted_on']}  {r['kind']:<10} {r['party']:<2} {r['who'] or '-'}{status}  "
              f"<{r['source'] or 'no source'}: {where}>  {r['text']}")
    if len(rows) == args.limit:
        print(f"(first {args.limit}, newest first; use --limit for more)")
    return 0


def cmd_show(args: argparse.Namespace, settings: Settings) -> int:
    from reviewprep import jobs
    from reviewprep.store.db import session_scope
    from reviewprep.store.submission_reads import show_submission

    jobs.prepare_database(settings)
    with session_scope(settings.db_url) as session:
        shown = show_submission(session, args.id)
    if args.json:
        print_json(shown)
        return 0
    origin = shown["source"]
    lines = [
        f"submission {shown['id']} ({shown['kind']}, {shown['status']}"
        + (f": {shown['status_reason']}" if shown["status_reason"] else "") + ")",
        f"  from: {origin['file'] or '(no file)'}, row {origin['row']}"
        + (f", {origin['member']}" if origin["member"] else "")
        + f" (source {origin['source'] or 'none'}, format {origin['format']}, raw copy {origin['raw_copy']})",
    ]
    for label, key in (("id", "external_id"), ("title", "title"), ("submitted on", "submitted_on"),
                       ("name", "stakeholder_name"), ("organisation", "organization"),
                       ("stakeholder type", "stakeholder_type"), ("country", "country"), ("party", "party"),
                       ("parties named", "parties_named"), ("evidence", "evidence_url"),
                       ("replaces", "replaces")):
        if shown[key] not in ("", None):
            lines.append(f"  {label}: {shown[key]}")
    lines.append(f"  language: {shown['language']} ({shown['language_source']})")
    lines.append(f"  confidential: {'yes' if shown['confidential'] else 'no'}")
    if shown["extraction"]:
        confidence = f", OCR confidence {shown['ocr_confidence']:.0f}" if shown["ocr_confidence"] is not None else ""
        lines.append(f"  text read by: {shown['extraction']}{confidence}")
    for field, how in shown["inferred"].items():
        lines.append(f"  inferred: {field} from {how}")
    if shown["duplicate_count"]:
        lines.append(f"  duplicate comments folded in by the source: {shown['duplicate_count']}")
    if shown["rating"]:
        r = shown["rating"]
        lines.append(f"  rating: {r['rating']} for {r['chapter']}" + (f" {r['recommendation']}" if r["recommendation"] else ""))
    if shown["tags"]:
        lines.append("  tags: " + ", ".join(f"{t['code']} ({', '.join(t['matched_terms'])})" for t in shown["tags"]))
    for c in shown["conflicts"]:
        lines.append(f"  conflicting version: {c['file']} row {c['row']}" + (" (resolved)" if c["resolved"] else
                                                                            " (held in quarantine)"))
    lines += ["  text:", *("    " + line for line in (shown["text"] or "(none)").splitlines())]
    print("\n".join(lines))
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("submissions", help="see what was gathered; withdraw or correct a submission "
                                           "(every version is kept)")
    ssub = p.add_subparsers(dest="submissions_command", required=True, metavar="ACTION")
    ls = ssub.add_parser("list", help="what was gathered, from which file and row, newest first")
    ls.add_argument("--source", metavar="S", help="only submissions from this config/sources.yaml source")
    ls.add_argument("--search", metavar="TEXT", help="only those whose text, organisation, name, id or title "
                                                     "holds TEXT (ignoring case)")
    ls.add_argument("--limit", type=_limit, default=100, help="at most this many (default 100)")
    ls.add_argument("--json", action="store_true", help="print one JSON object")
    ls.set_defaults(handler=cmd_list)
    sh = ssub.add_parser("show", help="one submission: its file and row, extracted text and metadata")
    sh.add_argument("id", metavar="ID", help="submission id (or its external id)")
    sh.add_argument("--json", action="store_true", help="print one JSON object")
    sh.set_defaults(handler=cmd_show)
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
