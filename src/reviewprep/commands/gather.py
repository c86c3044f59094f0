"""Gathering commands: ingest, sources draft, quarantine list|retry|export, template assessments."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from reviewprep.codes import CONFIDENTIALITIES, DATE_ORDERS, LANGUAGES, PARTY_ORDER
from reviewprep.commands.common import print_json
from reviewprep.errors import UserError
from reviewprep.settings import Settings


def cmd_ingest(args: argparse.Namespace, settings: Settings) -> int:
    from reviewprep import jobs
    from reviewprep.gather.ingest import ingest
    from reviewprep.store.loads import counts_summary

    framework = jobs.load_config(settings).framework
    jobs.prepare_database(settings)
    files = ingest(settings, framework, args.paths, args.format, args.source, args.companion, overrides=_overrides(args),
                   attachments=args.attachments)
    summary = counts_summary(files)
    if args.json:
        print_json(summary)
    else:
        for f in files:
            _print_file(f)
        print(f"total: read {summary['read']}, accepted {summary['accepted']}, "
              f"duplicates {summary['duplicates']}, quarantined {summary['quarantined']}"
              + (" (see `reviewprep quarantine list`)" if summary["quarantined"] else ""))
    unread = [f for f in files if not f.was_read]
    if args.json:
        for f in unread:
            print(f"reviewprep: {f.file}: not read: {f.error}", file=sys.stderr)
    return 2 if len(unread) == len(files) else 0


def _overrides(args: argparse.Namespace) -> dict[str, str]:
    """The source defaults the command's options override."""
    return {k: v for k in ("date_order", "party", "confidentiality", "language") if (v := getattr(args, k)) is not None}


def _add_override_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--date-order", choices=DATE_ORDERS, help="how to read dates like 03/04/2026 "
                                                             "(overrides the source's date_order)")
    p.add_argument("--party", choices=PARTY_ORDER, help="the Party of rows that name none (overrides the source's)")
    p.add_argument("--confidentiality", choices=CONFIDENTIALITIES,
                   help="of rows that do not say (overrides the source's)")
    p.add_argument("--language", choices=LANGUAGES, help="of rows that do not say (overrides the source's)")


def _print_file(f) -> None:
    if not f.was_read:
        print(f"{f.file}: NOT READ ({f.format or 'unknown format'}): {f.error}")
        return
    extra = f", untagged {f.untagged}" if f.untagged else ""
    print(f"{f.file} [{f.format}, {f.encoding}]: read {f.read}, accepted {f.accepted}, "
          f"duplicates {f.duplicates}, quarantined {f.quarantined}{extra}")
    for problem in f.problems:
        print(f"    quarantined: {problem}")
    if f.quarantined > len(f.problems):
        print(f"    ... and {f.quarantined - len(f.problems)} more quarantined row(s)")
    for duplicate in f.duplicate_of:
        print(f"    {duplicate}")
    if not f.already_loaded and f.duplicates > len(f.duplicate_of):
        print(f"    ... and {f.duplicates - len(f.duplicate_of)} more duplicate row(s)")
    for note in f.notes:
        print(f"    note: {note}")


def cmd_sources_draft(args: argparse.Namespace, settings: Settings) -> int:
    from reviewprep import jobs
    from reviewprep.gather.survey_draft import draft
    from reviewprep.gather.survey_labels import load_labels

    framework = jobs.load_config(settings).framework
    print(draft(args.file, args.format, framework, load_labels(settings.config_path)), end="")
    return 0


def cmd_quarantine_list(args: argparse.Namespace, settings: Settings) -> int:
    from reviewprep import jobs
    from reviewprep.store.db import session_scope
    from reviewprep.store.quarantine import quarantined

    jobs.prepare_database(settings)
    with session_scope(settings.db_url) as session:
        records = list(quarantined(session, args.file, args.limit, include_resolved=args.resolved))
    if args.json:
        print_json({"quarantined": records})
        return 0
    if not records:
        print("nothing quarantined" + (f" for {args.file}" if args.file else ""))
        return 0
    for r in records:
        where = "whole file" if r["row"] == 0 else f"row {r['row']}, column {r['column']}"
        resolved = f" [resolved {r['resolved_at']}: {r['resolution']}]" if r["resolved_at"] else ""
        print(f"{r['file']}: {where}: {r['reason']}{resolved}")
    if args.limit is not None and len(records) == args.limit:
        print(f"(first {args.limit}; use --limit or `reviewprep quarantine export FILE.csv` for all)")
    return 0


def cmd_quarantine_retry(args: argparse.Namespace, settings: Settings) -> int:
    from reviewprep import jobs
    from reviewprep.gather.retry import retry

    framework = jobs.load_config(settings).framework
    jobs.prepare_database(settings)
    results = retry(settings, framework, args.file, overrides=_overrides(args))
    totals = {k: sum(getattr(r, k) for r in results) for k in ("held", "resolved", "accepted", "duplicates",
                                                                 "still_held")}
    if args.json:
        print_json({**totals, "files": [r.as_dict() for r in results]})
        return 0
    if not results:
        print("nothing held in the quarantine")
        return 0
    for r in results:
        if r.error:
            print(f"{r.file}: NOT RETRIED ({r.format}): {r.error}")
        else:
            print(f"{r.file} [{r.format}, source {r.source or 'none'}]: {r.held} held, {r.resolved} resolved "
                  f"(accepted {r.accepted}, duplicates {r.duplicates}), {r.still_held} still held")
        for problem in r.problems:
            print(f"    still held: {problem}")
        for note in r.notes:
            print(f"    note: {note}")
    print(f"total: {totals['held']} held, {totals['resolved']} resolved, {totals['still_held']} still held")
    return 0


def cmd_quarantine_export(args: argparse.Namespace, settings: Settings) -> int:
    from reviewprep import jobs
    from reviewprep.gather.quarantine import export_csv
    from reviewprep.store.db import session_scope

    if not args.out.parent.is_dir():  # a typo in the folder is not a request to create it
        raise UserError(f"no folder {args.out.parent} to write {args.out.name} into: create it first")
    jobs.prepare_database(settings)
    with session_scope(settings.db_url) as session:
        count = export_csv(session, args.out, args.file, args.include_confidential)
    print(f"wrote {count} quarantined row(s) to {args.out}")
    return 0


def cmd_template(args: argparse.Namespace, settings: Settings) -> int:
    from reviewprep.gather import template

    fmt = args.format or ("xlsx" if args.out.suffix.lower() == ".xlsx" else "csv")
    if fmt == "xlsx":
        from reviewprep import jobs

        path = template.write_xlsx(args.out, jobs.load_config(settings).framework)
    else:
        path = template.write_csv(args.out)
    print(path)
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("ingest", help="load input files now: every row accepted, a duplicate, or quarantined")
    p.add_argument("paths", nargs="+", type=Path, metavar="PATH", help="files (or folders of files)")
    p.add_argument("--format", metavar="F", help="an input format such as assessments_csv or regulations_gov "
                                                 "(see docs/gathering.md; default: the file's configured "
                                                 "source, else guessed from its extension and header)")
    p.add_argument("--source", metavar="NAME", help="use this config/sources.yaml source's format, "
                                                    "column mapping and defaults")
    p.add_argument("--companion", type=Path, metavar="FILE",
                   help="regulations.gov comment-text file keyed by Document ID")
    p.add_argument("--attachments", type=Path, metavar="DIR",
                   help="folder of downloaded regulations.gov attachments: a comment that only says "
                        "'see attached' (or has no text) takes its text from its files")
    _add_override_options(p)
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.set_defaults(handler=cmd_ingest)

    p = sub.add_parser("sources", help="help with config/sources.yaml")
    ssub = p.add_subparsers(dest="sources_command", required=True, metavar="ACTION")
    d = ssub.add_parser("draft", help="print a starter source entry (YAML) for a survey export: its columns, "
                                      "answers and guessed questions, to edit")
    d.add_argument("file", type=Path, metavar="FILE")
    d.add_argument("--format", metavar="F", help="a survey format (qualtrics, surveymonkey, google_forms, ms_forms, "
                                                 "limesurvey, survey_csv, survey_xlsx); default: recognised from "
                                                 "the file's first row")
    d.set_defaults(handler=cmd_sources_draft)

    p = sub.add_parser("quarantine", help="rows set aside at ingest, and why")
    qsub = p.add_subparsers(dest="quarantine_command", required=True, metavar="ACTION")
    show = qsub.add_parser("list", help="print file, row, column and reason")
    show.add_argument("--file", help="only this file (name or SHA-256 prefix)")
    show.add_argument("--limit", type=int, default=100, help="at most this many (default 100)")
    show.add_argument("--resolved", action="store_true", help="also rows a retry has since resolved")
    show.add_argument("--json", action="store_true", help="print one JSON object")
    show.set_defaults(handler=cmd_quarantine_list)
    again = qsub.add_parser("retry", help="re-read held rows from the kept raw files with the current config")
    again.add_argument("--file", help="only this file (name or SHA-256 prefix)")
    _add_override_options(again)  # e.g. the Party a letter loaded without a source did not name
    again.add_argument("--json", action="store_true", help="print one JSON object")
    again.set_defaults(handler=cmd_quarantine_retry)
    export = qsub.add_parser("export", help="write every quarantined row as CSV")
    export.add_argument("out", type=Path, metavar="OUT.csv")
    export.add_argument("--file", help="only this file (name or SHA-256 prefix)")
    export.add_argument("--include-confidential", action="store_true",
                        help="include the raw text of rows not known to be public (marked in the confidential column)")
    export.set_defaults(handler=cmd_quarantine_export)

    p = sub.add_parser("template", help="write a blank input template")
    tsub = p.add_subparsers(dest="template_kind", required=True, metavar="KIND")
    blank = tsub.add_parser("assessments", help="the assessment template (CSV, or XLSX with drop-downs)")
    blank.add_argument("--format", choices=("csv", "xlsx"), help="default: from OUT's extension, else csv")
    blank.add_argument("out", type=Path, metavar="OUT")
    blank.set_defaults(handler=cmd_template)
