"""Operations commands: server, serve, distribute."""

from __future__ import annotations

import argparse
import os
import sys

from reviewprep.commands.common import print_deliveries_needing_attention
from reviewprep.errors import UserError
from reviewprep.settings import Settings

DEFAULT_HOST, DEFAULT_PORT = "127.0.0.1", 4200


def api_url(host: str, port: int) -> str:
    return f"http://{host}:{port}/api"


def cmd_server(args: argparse.Namespace, settings: Settings) -> int:
    """Run `prefect server start` in the foreground with the project's Prefect settings."""
    from reviewprep.prefect_env import configure

    configure(settings.home)
    print(f"Prefect server with home {os.environ['PREFECT_HOME']}; UI at http://{args.host}:{args.port}\n"
          f"Point `reviewprep serve` and `prefect` commands at it with:\n"
          f"  export PREFECT_API_URL={api_url(args.host, args.port)}", file=sys.stderr, flush=True)
    os.execv(sys.executable, [sys.executable, "-m", "prefect", "server", "start",
                              "--host", args.host, "--port", str(args.port)])


def cmd_serve(args: argparse.Namespace, settings: Settings) -> int:
    """Serve every deployment in prefect.yaml from this process until interrupted."""
    from reviewprep.prefect_env import configure

    os.environ.setdefault("PREFECT_API_URL", api_url(DEFAULT_HOST, DEFAULT_PORT))
    configure(settings.home)
    _require_server(os.environ["PREFECT_API_URL"])
    from reviewprep import jobs
    from reviewprep.deployments import load_deployments, runner_deployments

    specs = load_deployments(settings.home, jobs.load_config(settings).calendar)
    os.chdir(settings.home)  # entrypoints in prefect.yaml are relative to the project
    from prefect import serve

    serve(*runner_deployments(settings.home, specs), limit=args.limit)
    return 0


def _require_server(url: str) -> None:
    """One quick health check, so a missing server is one clear line, not minutes of retries."""
    import httpx

    try:
        httpx.get(f"{url.rstrip('/')}/health", timeout=10).raise_for_status()
    except httpx.HTTPError as exc:
        raise UserError(f"no Prefect server answers at {url} ({type(exc).__name__}); "
                        f"start one with `reviewprep server` or set PREFECT_API_URL") from None


def cmd_distribute(args: argparse.Namespace, settings: Settings) -> int:
    from reviewprep.distribute.plan import assign, report_file
    from reviewprep.distribute.recipients import load_distribution
    from reviewprep.distribute.send import dry_run
    from reviewprep.store.db import session_scope, upgrade

    upgrade(settings.db_url)
    with session_scope(settings.db_url) as session:
        report = report_file(session, args.report)
    assignments = assign(load_distribution(settings.config_path), report.kind, [report])
    if args.dry_run:
        rows = dry_run(settings, assignments, args.retry_failed)
        print(f"{report.key} ({report.pdf}): {len(rows)} recipient(s) of the {report.audience} "
              f"{report.language} variant; dry run, nothing sent")
        for r in rows:
            print(f"  {r['action']:<5} {r['email']:<36} {r['name']} ({r['organisation']}) "
                  f"list {r['list']}, delivery {r['status']}")
        return 0

    from reviewprep.children import start_temporary_server
    from reviewprep.prefect_env import configure, console_without_tracebacks

    configure(settings.home)
    console_without_tracebacks()
    start_temporary_server(settings.var_path)  # dies with this command, even on kill -9
    from flows.distribution import distribute_report

    if args.reissue and not (args.reason or "").strip():
        raise UserError("--reissue needs --reason, one line saying what was corrected")
    summary = distribute_report(report=report.key, retry_failed=args.retry_failed,
                                reissue_reason=" ".join(args.reason.split()) if args.reissue else "")
    print(f"{report.key}: {summary['sent_now']} sent now ({summary['sent']} of {summary['total']} in all), "
          f"{summary['failed']} failed, {summary['deferred']} deferred, {summary['sending']} in doubt, "
          f"via {summary['transport'] or 'nothing (no recipients)'}")
    print_deliveries_needing_attention(summary)
    for note in summary.get("skipped_earlier", []):
        print(f"  skipped: {note}")
    from reviewprep.commands.core import print_distribution

    print_distribution(summary)
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("server", help="start a local Prefect server with the project's settings (foreground)")
    p.add_argument("--host", default=DEFAULT_HOST)
    p.add_argument("--port", type=int, default=DEFAULT_PORT)
    p.set_defaults(handler=cmd_server)

    p = sub.add_parser("serve", help="serve the weekly and brief deployments of prefect.yaml from this process")
    p.add_argument("--limit", type=int, default=None, help="at most this many flow runs at once")
    p.set_defaults(handler=cmd_serve)

    p = sub.add_parser("distribute", help="send a recorded report to the recipients of its variant")
    p.add_argument("--report", required=True, metavar="ID", help="report id or report key (reports table)")
    p.add_argument("--dry-run", action="store_true", help="list who would get what; send nothing")
    p.add_argument("--retry-failed", action="store_true",
                   help="also resend permanent failures and sends left in doubt by a crash")
    p.add_argument("--reissue", action="store_true",
                   help="send the latest approved version, marked as corrected, to those who had an earlier one")
    p.add_argument("--reason", default="", help="with --reissue: one line saying what was corrected")
    p.set_defaults(handler=cmd_distribute)
