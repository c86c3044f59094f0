"""Report versions and the approval gate: `reports pending|list|show`, `approve`, `reject`, `audit`."""

from __future__ import annotations

import argparse

from reviewprep.commands.common import iso_date, print_json
from reviewprep.settings import Settings


def _when(value) -> str:
    return value.isoformat(sep=" ", timespec="seconds") if value else ""


def cmd_pending(args: argparse.Namespace, settings: Settings) -> int:
    from reviewprep import jobs
    from reviewprep.distribute import approval
    from reviewprep.store.db import session_scope

    jobs.prepare_database(settings)
    with session_scope(settings.db_url) as session:
        rows = [{"report": r.report_key, "version": r.version, "sha256": r.sha256,
                 "requested_at": _when(r.requested_at), "expires_at": _when(r.expires_at)}
                for r in approval.pending(session)]
    if args.json:
        print_json({"pending": rows})
    elif not rows:
        print("nothing awaits approval")
    for r in rows if not args.json else []:
        print(f"{r['report']} v{r['version']}  SHA-256 {r['sha256']}  requested {r['requested_at']}, "
              f"expires {r['expires_at']} UTC")
    return 0


def report_history(session, ident: str) -> dict:
    """Every version of a report, its approvals, and every delivery (who got which version)."""
    from reviewprep.distribute import approval, delivery
    from reviewprep.reports import versions

    report, _latest = approval.current(session, ident)
    decisions = {a.sha256: a for a in approval.for_report(session, report.report_key)}
    rows = []
    for v in versions.history(session, report.report_key):
        a = decisions.get(v.sha256)
        rows.append({"version": v.version, "sha256": v.sha256, "inputs_hash": v.inputs_hash,
                     "as_of": v.as_of.isoformat(), "created": _when(v.created_at), "pdf": v.pdf_path,
                     "approval": a.status if a else "not needed so far",
                     "approved_by": a.decided_by if a and a.status == approval.APPROVED else "",
                     "decided_by": a.decided_by if a else "", "decided_at": _when(a.decided_at) if a else "",
                     "comment": a.comment if a else ""})
    sent = [{"recipient": d.recipient, "version": d.version, "sha256": d.sha256, "status": d.status,
             "at": _when(d.updated_at), "reissue_reason": d.reissue_reason}
            for d in delivery.for_report(session, report.report_key)]
    return {"report": report.report_key, "kind": report.kind, "language": report.language,
            "audience": report.audience, "latest_version": report.version, "versions": rows, "deliveries": sent}


def cmd_show(args: argparse.Namespace, settings: Settings) -> int:
    from reviewprep import jobs
    from reviewprep.store.db import session_scope

    jobs.prepare_database(settings)
    with session_scope(settings.db_url) as session:
        data = report_history(session, args.report)
    if args.json:
        print_json(data)
        return 0
    print(f"{data['report']} ({data['kind']}, {data['audience']}, {data['language']}): "
          f"{len(data['versions'])} version(s), latest {data['latest_version']}")
    for v in data["versions"]:
        decided = f" by {v['decided_by']} at {v['decided_at']}" if v["decided_by"] else ""
        comment = f" ({v['comment']})" if v["comment"] else ""
        print(f"  version {v['version']}: SHA-256 {v['sha256']}, inputs {v['inputs_hash'][:12]}, as of {v['as_of']}, "
              f"created {v['created']}; approval {v['approval']}{decided}{comment}")
        print(f"    {v['pdf']}")
    print("Deliveries:" if data["deliveries"] else "Deliveries: none")
    for d in data["deliveries"]:
        reason = f"; corrected version: {d['reissue_reason']}" if d["reissue_reason"] else ""
        print(f"  {d['recipient']}: version {d['version']} (SHA-256 {d['sha256'][:12] or 'not recorded'}) "
              f"{d['status']} {d['at']}{reason}")
    return 0


def cmd_list(args: argparse.Namespace, settings: Settings) -> int:
    from sqlalchemy import func, select

    from reviewprep import jobs
    from reviewprep.store.db import session_scope
    from reviewprep.store.models import Delivery, Report, ReportVersion

    jobs.prepare_database(settings)
    with session_scope(settings.db_url) as session:
        counts = dict(session.execute(select(ReportVersion.report_key, func.count())
                                      .group_by(ReportVersion.report_key)).all())
        sent = dict(session.execute(select(Delivery.report_key, func.count()).where(Delivery.status == "sent")
                                    .group_by(Delivery.report_key)).all())
        rows = [{"report": r.report_key, "kind": r.kind, "as_of": r.as_of.isoformat(), "audience": r.audience,
                 "language": r.language, "latest_version": r.version, "versions": counts.get(r.report_key, 1),
                 "sha256": r.sha256, "sent": sent.get(r.report_key, 0)}
                for r in session.scalars(select(Report).order_by(Report.as_of.desc(), Report.report_key))]
    if args.json:
        print_json({"reports": rows})
        return 0
    if not rows:
        print("no reports recorded yet")
    for r in rows:
        print(f"{r['report']}: version {r['latest_version']} of {r['versions']}, SHA-256 {r['sha256'][:12]}, "
              f"{r['sent']} delivery(ies) sent")
    return 0


def cmd_decide(args: argparse.Namespace, settings: Settings) -> int:
    from reviewprep import jobs
    from reviewprep.distribute import approval
    from reviewprep.store.db import session_scope

    jobs.prepare_database(settings)
    decision = args.decision
    with session_scope(settings.db_url) as session:
        row = approval.decide(session, args.report, decision, args.by, args.comment or "")
        report_key, version, sha = row.report_key, row.version, row.sha256
    if decision == "reject":
        print(f"{report_key} v{version} rejected by {args.by.strip()}: not sent to the lists that need approval")
        return 0
    print(f"{report_key} v{version} (SHA-256 {sha}) approved by {args.by.strip()}; sending")
    from reviewprep.commands.core import print_distribution
    from reviewprep.prefect_env import configure, console_without_tracebacks

    configure(settings.home)
    console_without_tracebacks()
    from flows.distribution import distribute_report

    summary = distribute_report(report=report_key)
    print_distribution(summary)
    return 0


def cmd_audit(args: argparse.Namespace, settings: Settings) -> int:
    from reviewprep import jobs
    from reviewprep.store import audit
    from reviewprep.store.db import session_scope

    jobs.prepare_database(settings)
    with session_scope(settings.db_url) as session:
        rows = audit.entries(session, args.since)
    if args.json:
        print_json({"since": args.since.isoformat() if args.since else None, "entries": rows})
        return 0
    if not rows:
        print("no audit entries" + (f" since {args.since}" if args.since else ""))
    for r in rows:
        print(audit.describe(r))
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("reports", help="report versions, what awaits approval, and who received which version")
    rsub = p.add_subparsers(dest="reports_command", required=True, metavar="ACTION")
    pending = rsub.add_parser("pending", help="report versions awaiting a person's approval")
    pending.add_argument("--json", action="store_true", help="print one JSON object")
    pending.set_defaults(handler=cmd_pending)
    listing = rsub.add_parser("list", help="every report with its latest version and how many were sent")
    listing.add_argument("--json", action="store_true", help="print one JSON object")
    listing.set_defaults(handler=cmd_list)
    show = rsub.add_parser("show", help="every version of a report, its approvals, and who received which")
    show.add_argument("report", metavar="REPORT", help="report key or id")
    show.add_argument("--json", action="store_true", help="print one JSON object")
    show.set_defaults(handler=cmd_show)

    p = sub.add_parser("approve", help="approve the latest version of a report and send it to the lists waiting")
    p.add_argument("report", metavar="REPORT", help="report key or id (see `reviewprep reports pending`)")
    p.add_argument("--by", required=True, metavar="NAME", help="the reviewer's name, recorded")
    p.add_argument("--comment", default="", help="optional note recorded with the approval")
    p.set_defaults(handler=cmd_decide, decision="approve")

    p = sub.add_parser("reject", help="reject the latest version of a report: it is not sent")
    p.add_argument("report", metavar="REPORT", help="report key or id (see `reviewprep reports pending`)")
    p.add_argument("--by", required=True, metavar="NAME", help="the reviewer's name, recorded")
    p.add_argument("--comment", required=True, help="why, recorded with the rejection")
    p.set_defaults(handler=cmd_decide, decision="reject")

    p = sub.add_parser("audit", help="who did what and when: ingest, corrections, approvals, sends")
    p.add_argument("--since", type=iso_date, default=None, help="only entries from this date (YYYY-MM-DD) on")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.set_defaults(handler=cmd_audit)
