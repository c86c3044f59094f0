"""`reviewprep scores`: compute, store and print the scores as of a date.

With `--json` the output is `Snapshot.as_json()` (`--explain` adds every contributing
submission with its weight share): the same inputs always give the same bytes. Each call stores its snapshot (immutable, reused when the inputs are unchanged);
`--backfill WEEKS` also stores the weekly snapshots before the as-of date.
"""

from __future__ import annotations

import argparse
import datetime as dt

from alembic.script import ScriptDirectory
from sqlalchemy import func, select
from sqlalchemy.engine import make_url

from reviewprep.codes import AUDIENCES
from reviewprep.commands.common import iso_date, print_json
from reviewprep.errors import UserError
from reviewprep.settings import Settings

LOAD_HINT = "load inputs with `reviewprep ingest PATH…` (or try `reviewprep demo`)"
MAX_BACKFILL_WEEKS = 1040  # twenty years: every review cycle of the agreement, with room to spare


def backfill_weeks(value: str) -> int:
    if not value.isascii() or not value.isdigit() or not 1 <= int(value) <= MAX_BACKFILL_WEEKS:
        raise argparse.ArgumentTypeError(
            f"{value!r} is not a number of weeks from 1 to {MAX_BACKFILL_WEEKS:,} (twenty years)")
    return int(value)


def check_database(url: str) -> None:
    """Stop with a clear message when there is nothing to score, rather than a traceback."""
    from reviewprep.store.db import alembic_config, current_revision, session_scope, sqlite_path
    from reviewprep.store.models import EvidenceEvent, Submission

    parsed = make_url(url)
    shown = parsed.render_as_string(hide_password=True)
    if (database := sqlite_path(parsed)) is not None and not database.is_file():
        raise UserError(f"no database at {database}: run `reviewprep db upgrade`, then {LOAD_HINT}")
    head = ScriptDirectory.from_config(alembic_config(url)).get_current_head()
    revision = current_revision(url)
    if revision is None:
        raise UserError(f"the database {shown} has no reviewprep tables: run `reviewprep db upgrade`, then {LOAD_HINT}")
    if revision != head:
        raise UserError(f"the database {shown} is at revision {revision}, this version needs {head}: "
                        "run `reviewprep db upgrade`")
    with session_scope(url) as session:
        loaded = sum(session.scalar(select(func.count()).select_from(m)) or 0 for m in (Submission, EvidenceEvent))
    if not loaded:
        raise UserError(f"nothing to score: the database {shown} holds no submissions or evidence events; {LOAD_HINT}")


def cmd_scores(args: argparse.Namespace, settings: Settings) -> int:
    from reviewprep import jobs
    from reviewprep.store.db import session_scope
    from reviewprep.store.snapshots import backfill

    check_database(settings.db_url)
    jobs.detect_campaigns(settings)  # letters loaded since the last run join their campaigns first
    as_of = args.as_of or dt.date.today()
    if args.backfill:
        config = jobs.load_config(settings)
        step = dt.timedelta(days=config.scoring.trend.interval_days)
        try:
            as_of - step * (args.backfill + 1)
        except OverflowError:
            raise UserError(f"--backfill {args.backfill} reaches before the year 1 from {as_of}") from None
        with session_scope(settings.db_url) as session:
            stored = backfill(session, config.framework, config.calendar, config.scoring,
                              as_of - step, args.audience, args.backfill)
        if not args.json:
            print(f"back-filled {len(stored)} weekly snapshot(s): "
                  f"{stored[0].as_of} … {stored[-1].as_of} (runs {', '.join(str(s.run_id) for s in stored)})")
    if args.compare:
        return print_compare(settings, as_of, args)
    snapshot = jobs.score(settings, as_of, args.audience, args.baseline)
    if args.json:
        print_json(snapshot.as_json(explain=args.explain))
    else:
        print_table(snapshot)
    return 0


def print_compare(settings: Settings, as_of: dt.date, args: argparse.Namespace) -> int:
    """Scores as reported (the stored snapshot) beside scores as known now (with corrections)."""
    from reviewprep import jobs
    from reviewprep.store.as_reported import compare, reported_run
    from reviewprep.store.db import session_scope

    with session_scope(settings.db_url) as session:
        run_id = getattr(reported_run(session, as_of, args.audience), "id", None)
    if run_id is None:
        raise UserError(f"no stored scores as of {as_of} for the {args.audience} audience: nothing was reported then")
    now = jobs.score(settings, as_of, args.audience, args.baseline)
    with session_scope(settings.db_url) as session:
        from reviewprep.store.models import ScoreRun

        data = compare(session, session.get(ScoreRun, run_id), now)
    if args.json:
        print_json(data)
        return 0
    rep, known = data["as_reported"], data["as_known_now"]
    print(f"Scores as of {as_of} ({args.audience}): as reported (run {rep['run_id']}, inputs "
          f"{rep['inputs_hash'][:12]}) overall {_score(rep['overall']['score'])}; as known now (run "
          f"{known['run_id']}, inputs {known['inputs_hash'][:12]}) overall {_score(known['overall']['score'])}")
    if not data["changed_cells"]:
        print("No cell differs: no correction since touches that date.")
    for c in data["changed_cells"]:
        print(f"  {c['chapter']} {c['recommendation']} {c['party']}: as reported {_score(c['as_reported'])}, "
              f"as known now {_score(c['as_known_now'])}")
    return 0


def _score(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f}"


def _signed(value: float | None) -> str:
    return "–" if value is None else f"{value:+.2f}"


def print_table(snapshot) -> None:
    """The scores for a person at a terminal: aggregates first, then every cell."""
    s = snapshot
    print(f"Scores as of {s.as_of} ({s.audience} audience), method {s.method_version}, "
          f"inputs {s.inputs_hash[:12]}, stored as run {s.run_id}")
    review = f"{s.next_review} ({s.days_to_review} days)" if s.next_review else "none scheduled"
    since = f"; baseline {s.baseline['as_of']} (overall {_score(s.baseline['overall'])})" if s.baseline else ""
    print(f"Next review {review}{since}")
    print(f"\n{'':<10}{'score':>7}  {'status':<22}coverage")
    for label, a in [("overall", s.overall), *s.chapters.items()]:
        print(f"{label:<10}{_score(a.score):>7}  {a.status:<22}{a.scored}/{a.applicable} ({a.coverage:.0%})")
    print(f"\n{'chapter':<8}{'rec':<5}{'party':<6}{'score':>7}  {'status':<22}{'confidence':<11}"
          f"{'n':>6}{'change':>8}{'slope/wk':>9}  outlook")
    for c in s.cells:
        t = s.trends[c.key]
        print(f"{c.chapter:<8}{c.recommendation:<5}{c.party:<6}{_score(c.score):>7}  {c.status:<22}"
              f"{c.confidence:<11}{c.n:>6}{_signed(t.trend.change):>8}"
              f"{_signed(t.trend.slope_per_week):>9}  {t.outlook.band}")
    counted = s.counts
    print(f"\nInputs seen: {counted['submissions']} submissions ({counted['ratings']} ratings, "
          f"{counted['ratings_outside_framework']} on cells the framework does not track), "
          f"{counted['evidence_events']} evidence events.")


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("scores", help="score progress as of a date and print (or --json) the cells")
    p.add_argument("--as-of", type=iso_date, default=None, help="score as of this date (default: today)")
    p.add_argument("--audience", choices=AUDIENCES, default="public",
                   help="public (public inputs only, the default) or restricted (all inputs)")
    p.add_argument("--baseline", type=iso_date, default=None,
                   help="compare with the scores as of this date (default: config trend.baseline)")
    p.add_argument("--backfill", type=backfill_weeks, default=0, metavar="WEEKS",
                   help="also store the weekly snapshots of the WEEKS weeks before the as-of date")
    p.add_argument("--compare", action="store_true",
                   help="scores as reported (the stored snapshot used then) beside scores as known now "
                        "(recomputed with corrections and withdrawals)")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.add_argument("--explain", action="store_true",
                   help="with --json: list each cell's submissions and their share of the weight")
    p.set_defaults(handler=cmd_scores)
