"""The application database on PostgreSQL: migrations, ingest, scoring, delivery uniqueness, a real run.

Runs when REVIEWPREP_TEST_POSTGRES_URL is set (`.ci/run` sets it); skips, saying so, when not.
"""

from __future__ import annotations

import subprocess
import sys
import threading

import pytest
from alembic.script import ScriptDirectory
from sqlalchemy import func, inspect, select
from sqlalchemy.exc import IntegrityError

from reviewprep import jobs
from reviewprep.demo import ANCHOR
from reviewprep.distribute import delivery
from reviewprep.settings import get_settings
from reviewprep.store.db import alembic_config, current_revision, get_engine, session_scope, upgrade
from reviewprep.store.models import Base, Delivery, EvidenceEvent, QuarantinedRow, Submission
from tests.distribution_helpers import write_distribution
from tests.orchestration_helpers import SMALL_LISTS

pytestmark = pytest.mark.postgres
SAMPLE = "data/sample/sources.yaml"


@pytest.fixture
def pg(settings, postgres_url, monkeypatch):
    """Settings like the `settings` fixture's, with the application database on PostgreSQL."""
    monkeypatch.setenv("REVIEWPREP_DATABASE_URL", postgres_url)
    return get_settings()


def gather_sample(settings) -> dict:
    jobs.prepare_database(settings)
    totals = {"read": 0, "accepted": 0, "duplicates": 0, "quarantined": 0}
    for source in jobs.configured_sources(settings, settings.home / SAMPLE):
        for counts in jobs.gather(settings, source):
            for k in totals:
                totals[k] += getattr(counts, k)
    return totals


def test_migrations_build_the_schema_and_agree_with_the_models(pg):
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    head = ScriptDirectory.from_config(alembic_config(pg.db_url)).get_current_head()
    # two processes upgrading the empty database at once: the advisory lock lets one do it
    script = f"from reviewprep.store.db import upgrade; upgrade({pg.db_url!r})"
    procs = [subprocess.Popen([sys.executable, "-c", script], stderr=subprocess.PIPE, text=True) for _ in range(2)]
    for p in procs:
        assert p.wait(timeout=120) == 0, p.stderr.read()
    assert current_revision(pg.db_url) == head
    upgrade(pg.db_url)  # idempotent
    engine = get_engine(pg.db_url)
    assert engine.dialect.name == "postgresql"
    assert set(Base.metadata.tables) <= set(inspect(engine).get_table_names())
    with engine.connect() as conn:
        assert compare_metadata(MigrationContext.configure(conn), Base.metadata) == []


def test_ingest_reconciles_and_reloading_adds_nothing(pg):
    first = gather_sample(pg)
    assert first["read"] == first["accepted"] + first["duplicates"] + first["quarantined"]
    assert first["quarantined"] == 3
    stored = stored_rows(pg)
    assert stored[0] + stored[1] == first["accepted"] and stored[2] == 3
    again = gather_sample(pg)
    assert again["accepted"] == 0 and stored_rows(pg) == stored


def stored_rows(settings) -> tuple[int, int, int]:
    with session_scope(settings.db_url) as s:
        return tuple(s.scalar(select(func.count()).select_from(m)) for m in (Submission, EvidenceEvent, QuarantinedRow))


def test_scores_are_the_same_as_on_sqlite(settings, pg):
    gather_sample(pg)
    sqlite_settings = settings  # the `settings` fixture's SQLite database
    gather_sample(sqlite_settings)
    for audience in ("public", "restricted"):
        on_pg = jobs.score(pg, ANCHOR, audience).as_json()
        on_sqlite = jobs.score(sqlite_settings, ANCHOR, audience).as_json()
        assert on_pg == on_sqlite
        assert on_pg["overall"]["score"] is not None


def test_one_delivery_per_report_and_recipient(pg):
    upgrade(pg.db_url)
    keys = [(f"weekly-2026-03-02-en-{a}", f"r{i}@example.org", 1) for a in ("public", "restricted") for i in range(5)]
    barrier, wins = threading.Barrier(4), []

    def contend():
        barrier.wait()
        with session_scope(pg.db_url) as s:
            delivery.register(s, keys)
            wins.extend(k for k in keys if delivery.claim(s, k, "outbox"))

    threads = [threading.Thread(target=contend) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert sorted(wins) == sorted(keys)  # each row claimed by exactly one of the four
    with session_scope(pg.db_url) as s:
        assert s.scalar(select(func.count()).select_from(Delivery)) == len(keys)
    with pytest.raises(IntegrityError), session_scope(pg.db_url) as s:
        s.add(Delivery(report_key=keys[0][0], recipient=keys[0][1], status="pending"))


@pytest.mark.flow
def test_weekly_flow_with_distribution_on_postgresql(pg, config_copy, prefect_harness):
    from flows.weekly_readiness import weekly_readiness

    write_distribution(config_copy, SMALL_LISTS)
    summary = weekly_readiness(as_of=ANCHOR, sources_file=SAMPLE)
    assert summary["inputs"]["quarantined"] == 3 and len(summary["reports"]) == 2
    assert summary["distribution"]["sent"] == 2 and len(list(pg.outbox.rglob("*.eml"))) == 2
    with session_scope(pg.db_url) as s:
        assert {(d.status, d.attempts) for d in s.scalars(select(Delivery))} == {("sent", 1)}


def test_campaigns_found_in_two_runs_are_the_same_as_on_sqlite(settings, pg, tmp_path):
    """The later run restores only the representatives its letters share a band with, read
    unsorted and sorted by date as text: on PostgreSQL as on SQLite, and as a rebuild finds."""
    from reviewprep.campaigns.detect import in_order
    from reviewprep.gather.ingest import ingest
    from tests.campaign_corpora import corpus
    from tests.test_campaigns_store import stored_campaigns, write_jsonl

    c = corpus()
    members = set().union(*c.campaign.values())
    later = [letter for letter in in_order(c.letters) if letter.key in members][-12:]
    first = [letter for letter in c.letters if letter not in later]
    found = {}
    for name, s in (("sqlite", settings), ("postgresql", pg)):
        jobs.prepare_database(s)
        framework = jobs.load_config(s).framework
        for part, rows in (("first", first), ("later", later)):
            ingest(s, framework, [write_jsonl(tmp_path / f"{name}-{part}.jsonl", rows)])
            run = jobs.detect_campaigns(s)
        assert run.assigned == run.joined == 12
        found[name] = {k: {**v, "detected_at": None} for k, v in stored_campaigns(s).items()}
        jobs.detect_campaigns(s, rebuild=True)
        assert {k: {**v, "detected_at": None} for k, v in stored_campaigns(s).items()} == found[name]
    assert found["postgresql"] == found["sqlite"] and found["sqlite"]
