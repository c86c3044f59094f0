"""Operations commands: server, serve, deploy, distribute."""

from __future__ import annotations

import argparse
import os
import sys

from reviewprep.commands.common import print_deliveries_needing_attention
from reviewprep.errors import UserError
from reviewprep.settings import Settings


def api_url(host: str, port: int) -> str:
    return f"http://{host}:{port}/api"


def cmd_server(args: argparse.Namespace, settings: Settings) -> int:
    """Run `prefect server start` in the foreground with the project's Prefect settings."""
    from reviewprep.prefect_env import configure
    from reviewprep.production.server import environment, plan

    configure(settings.home)
    server = plan(args.host, args.port, args.database_url)
    os.environ.update(environment(server))
    auth = "basic auth on" if server.auth else "no auth (loopback only)" if not server.warnings() else "NO AUTH"
    print(f"Prefect server on {server.describe_database()}, home {os.environ['PREFECT_HOME']}; {auth}\n"
          f"UI at {server.api_url.removesuffix('/api')}; point workers, `reviewprep` and `prefect` at it with:\n"
          f"  export PREFECT_API_URL={server.api_url}"
          + ("  PREFECT_API_AUTH_STRING=<the same user:password>" if server.auth else ""),
          file=sys.stderr, flush=True)
    for warning in server.warnings():
        print(f"reviewprep: warning: {warning}", file=sys.stderr, flush=True)
    os.execv(sys.executable, [sys.executable, *server.argv()])


def cmd_serve(args: argparse.Namespace, settings: Settings) -> int:
    """Serve every deployment in prefect.yaml from this process until interrupted."""
    from reviewprep.prefect_env import configure
    from reviewprep.production.server import DEFAULT_HOST, DEFAULT_PORT

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


def cmd_deploy(args: argparse.Namespace, settings: Settings) -> int:
    """Register both deployments of prefect.yaml with the `reviewprep` process work pool."""
    from reviewprep.prefect_env import configure
    from reviewprep.production.deploy import POOL, deploy_all, ensure_work_pool

    configure(settings.home)
    if "PREFECT_API_URL" not in os.environ:
        raise UserError("set PREFECT_API_URL (and PREFECT_API_AUTH_STRING) to the Prefect server to deploy to")
    _require_server(os.environ["PREFECT_API_URL"])
    created = ensure_work_pool(POOL)
    print(f"work pool {POOL}: {'created (process)' if created else 'exists'}")
    for name in deploy_all(settings):
        print(f"deployed {name} to work pool {POOL}")
    print(f"start workers with: prefect worker start --pool {POOL}")
    return 0


def cmd_alerts_apply(args: argparse.Namespace, settings: Settings) -> int:
    """Save the alert email block and create or update the automations of automations.yaml."""
    from reviewprep.prefect_env import configure
    from reviewprep.production.automations import apply

    configure(settings.home)
    if "PREFECT_API_URL" not in os.environ:
        raise UserError("set PREFECT_API_URL (and PREFECT_API_AUTH_STRING) to the Prefect server to apply to")
    _require_server(os.environ["PREFECT_API_URL"])
    for name, what in apply(settings, args.crash_after):
        print(f"automation {name}: {what}")
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
    p = sub.add_parser("server", help="start Prefect's server with the project's settings (foreground)")
    p.add_argument("--host", default=None,
                   help="address to listen on (default: $PREFECT_SERVER_API_HOST, else 127.0.0.1)")
    p.add_argument("--port", type=int, default=None,
                   help="port (default: $PREFECT_SERVER_API_PORT, else 4200)")
    p.add_argument("--database-url", default=None, metavar="URL",
                   help="Prefect's own database, e.g. postgresql://prefect@db:5432/prefect "
                        "(default: $PREFECT_SERVER_DATABASE_CONNECTION_URL, else SQLite in var/prefect)")
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

    p = sub.add_parser("alerts", help="email alerts for failed and crashed runs (Prefect automations)")
    asub = p.add_subparsers(dest="alerts_command", required=True, metavar="ACTION")
    a = asub.add_parser("apply", help="save the alert block and create or update the automations of automations.yaml")
    a.add_argument("--crash-after", type=int, default=None, metavar="SECONDS",
                   help="mark a run Crashed after this long without a heartbeat (default: automations.yaml)")
    a.set_defaults(handler=cmd_alerts_apply)

    p = sub.add_parser("deploy", help="create the reviewprep work pool if missing, then `prefect deploy --all`")
    p.set_defaults(handler=cmd_deploy)
