"""Snapshots through the real database: loading, storing, back-fill, audiences, citations."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from sqlalchemy import func, select

from reviewprep.errors import JobFailed
from reviewprep.framework import load_framework, load_review_calendar
from reviewprep.scoring.config import load_scoring
from reviewprep.scoring.explain import cite, contributions
from reviewprep.scoring.snapshot import compute
from reviewprep.store import scoring_reads
from reviewprep.store.db import one_snapshot, session_scope, upgrade
from reviewprep.store.models import CellScore, EvidenceEvent, ScoreRun, Submission
from reviewprep.store.scoring_reads import load_inputs
from reviewprep.store.snapshots import backfill, store
from tests.conftest import REPO
from tests.scoring_cases import AS_OF, comment, event, inputs, rating, store_inputs

FRAMEWORK = load_framework(REPO / "config")
CALENDAR = load_review_calendar(REPO / "config")
CONFIG = load_scoring(REPO / "config")
D = dt.date
RATINGS = [
    rating("ch26", "MX", 3, "R3", kind="government", org=1), rating("ch26", "MX", 2, "R3", days_ago=20, kind="business_association", org=2),
    rating("ch26", "MX", 4, "R3", days_ago=40, kind="sme", org=3), rating("ch26", "US", 1, days_ago=10, kind="company", org=4),
    rating("ch26", "US", 2, days_ago=30, kind="company", org=4), rating("ch26", "US", 0, "R1", days_ago=50, kind="labour", org=5),
    rating("ch28", "CA", 4, "R9", days_ago=3, kind="academic", org=6), rating("ch28", "CA", 3, "R9", days_ago=9, kind="individual"),
    rating("ch28", "CA", 3, "R9", days_ago=12, kind="civil_society", org=7), rating("ch19", "NA", 2, "R5", days_ago=100, kind="government", org=8),
]
EVENTS = [
    event(D(2022, 5, 10), "NA", "ch26-committee-meets", "met"),
    event(D(2024, 3, 15), "NA", "ch26-work-plan-published", "met"),
    event(D(2025, 6, 1), "CA", "ch28-annual-regulatory-plan", "met"),
]
SECRET = "SECRET-MARKER-7f3a"


def snapshot(session, audience="restricted", as_of=AS_OF, **kw):
    return compute(session, FRAMEWORK, CALENDAR, CONFIG, as_of, audience, **kw)


def dumps(snap) -> str:
    return json.dumps(snap.as_json(explain=True), allow_nan=False)


@pytest.fixture
def db(settings):
    upgrade(settings.db_url)
    with session_scope(settings.db_url) as session:
        store_inputs(session, RATINGS, EVENTS, comments=[comment("CA", days_ago=2, tags=["ch26", "R3"]), comment("US", days_ago=9)])
    return settings.db_url


def test_loading_from_the_database_gives_what_the_method_was_built_on(db):
    """SQL day numbers, codes and organisation ids agree with the in-memory builder."""
    with session_scope(db) as session:
        stored = snapshot(session).as_json(explain=True)
    built = snapshot(None, inputs=inputs(RATINGS, EVENTS)).as_json(explain=True)
    assert stored["cells"] == built["cells"]
    assert stored["engagement"]["by_kind"] == {"assessment": 10, "comment": 2}
    assert stored["engagement"]["by_chapter"] == {"ch19": 1, "ch26": 7, "ch28": 3}
    assert stored["engagement"]["organizations"] == 8  # "Org 4" twice; the individual has none
    assert stored["engagement"]["untagged_comments"] == 1
    assert (stored["engagement"]["this_week"], stored["engagement"]["previous_week"]) == (3, 4)  # days 0-6, 7-13
    assert stored["inputs"] == {"submissions": 12, "ratings": 10, "ratings_outside_framework": 0,
                                "evidence_events": 3}


def test_a_stored_run_is_reused_for_the_same_inputs_and_never_changed(db):
    with session_scope(db) as session:
        first = snapshot(session)
        run_id = store(session, first)
        assert store(session, snapshot(session)) == run_id
        assert session.scalar(select(func.count()).select_from(ScoreRun)) == 1
        stored = session.scalar(select(CellScore).where(
            CellScore.run_id == run_id, CellScore.chapter == "ch26", CellScore.recommendation == "R3",
            CellScore.party == "MX"))
        assert stored.score == first.cell("ch26", "R3", "MX").score
        assert contributions(stored)[0].tolist() == [1, 2, 3]  # packed in the cell's row, read on demand
        assert "submissions" not in stored.detail["explanation"]
        stored.score = 99.0
        with pytest.raises(RuntimeError, match="immutable"):
            session.flush()
        session.rollback()

    with session_scope(db) as session:  # a late submission dated in the past: a new run beside the old one
        store_inputs(session, [rating("ch26", "MX", 0, "R3", days_ago=5, kind="government", org=9)])
    with session_scope(db) as session:
        again = snapshot(session)
        assert again.inputs_hash != first.inputs_hash
        assert store(session, again) != run_id
        old = session.get(ScoreRun, run_id)
        assert old.inputs_hash == first.inputs_hash and old.summary["overall"] == first.overall.as_dict()


def test_a_past_week_is_exact_whatever_arrived_later(db):
    past = AS_OF - dt.timedelta(days=21)
    with session_scope(db) as session:
        before = dumps(snapshot(session, as_of=past))
    with session_scope(db) as session:  # inputs dated after that week arrive
        store_inputs(session, [rating("ch26", "MX", 0, "R3", days_ago=1, kind="government", org=10), rating("ch28", "CA", 0, "R9", days_ago=2)],
                     [event(AS_OF, "CA", "ch28-annual-regulatory-plan", "not_met")])
    with session_scope(db) as session:
        assert dumps(snapshot(session, as_of=past)) == before


def test_backfill_stores_each_past_week_as_if_it_had_run_then(db):
    with session_scope(db) as session:
        stored = backfill(session, FRAMEWORK, CALENDAR, CONFIG, AS_OF, "public", weeks=4)
        assert [s.as_of for s in stored] == [AS_OF - dt.timedelta(days=7 * k) for k in (3, 2, 1, 0)]
        assert session.scalar(select(func.count()).select_from(ScoreRun)) == 4
        for s in stored:
            assert dumps(s) == dumps(snapshot(session, "public", as_of=s.as_of))
        series = stored[-1].trends[("ch26", "R3", "MX")].series
        assert [score for _, score in series[-4:]] == [s.cell("ch26", "R3", "MX").score for s in stored]
        assert len({s.run_id for s in stored}) == 4
        backfill(session, FRAMEWORK, CALENDAR, CONFIG, AS_OF, "public", weeks=4)
        assert session.scalar(select(func.count()).select_from(ScoreRun)) == 4  # nothing stored twice


def test_confidential_inputs_never_reach_the_public_snapshot(db):
    with session_scope(db) as session:
        public_before = dumps(snapshot(session, "public"))
        restricted_before = dumps(snapshot(session, "restricted"))
    with session_scope(db) as session:
        store_inputs(session,
                     [rating("ch26", "MX", 0, "R3", days_ago=1, kind="government", org=11, confidential=True)] * 3,
                     [event(D(2023, 6, 1), "NA", "ch26-committee-meets", "met", confidential=True),
                      event(D(2025, 2, 1), "US", "ch28-annual-regulatory-plan", "met", confidential=True)],
                     comments=[comment("MX", days_ago=1, tags=["ch26"], confidential=True)])
        session.execute(Submission.__table__.update().where(Submission.confidential.is_(True))
                        .values(text=SECRET, organization=SECRET))
        session.execute(EvidenceEvent.__table__.update().where(EvidenceEvent.confidential.is_(True))
                        .values(description=SECRET))
    with session_scope(db) as session:
        public = snapshot(session, "public")
        restricted = snapshot(session, "restricted")
        assert dumps(public) == public_before  # not a score, a state, a count or the hash moved
        assert dumps(restricted) != restricted_before
        run_id = store(session, public)
        restricted_id = store(session, restricted)
        stored = json.dumps([c.detail for c in session.get(ScoreRun, run_id).cells])
        secret_ids = set(session.scalars(select(Submission.id).where(
            Submission.confidential.is_(True), Submission.kind == "assessment")))
        public_cited = cite(session, run_id, "ch26", "R3", "MX")
        restricted_cited = cite(session, restricted_id, "ch26", "R3", "MX")
    assert SECRET not in json.dumps(public_cited, default=str) and SECRET not in stored
    assert not secret_ids & {s["id"] for s in public_cited["submissions"]}
    committee_2023 = [i for i in public.obligations if (i.obligation, i.period) == ("ch26-committee-meets", "2023")]
    assert [i.state for i in committee_2023] == ["not_checked"]  # the confidential "met" is not seen
    assert secret_ids <= {s["id"] for s in restricted_cited["submissions"]}
    assert SECRET in json.dumps(restricted_cited, default=str)


def test_cite_lists_the_submissions_and_events_behind_a_cell(db):
    with session_scope(db) as session:
        run_id = store(session, snapshot(session, "public"))
        cited = cite(session, run_id, "ch26", "R3", "MX", limit=2)
    assert [s["id"] for s in cited["submissions"]] == [1, 2]  # the two largest shares
    assert cited["submissions_total"] == 3
    assert [(s["organization"], s["rating"]) for s in cited["submissions"]] == [("Org 1", 3.0), ("Org 2", 2.0)]
    assert [(e["obligation"], e["status"]) for e in cited["events"]] == [
        ("ch26-committee-meets", "met"), ("ch26-work-plan-published", "met")]
    with session_scope(db) as session, pytest.raises(LookupError):
        cite(session, run_id, "ch12", "R3", "MX")


def test_unknown_codes_in_the_database_stop_with_a_clear_message(db):
    with session_scope(db) as session:
        session.execute(Submission.__table__.update().where(Submission.id == 3).values(stakeholder_type="alien"))
    with session_scope(db) as session, pytest.raises(JobFailed, match="stakeholder_type.*submission 3"):
        load_inputs(session)


def test_a_fingerprint_changed_outside_reviewprep_stops_with_a_clear_message(db):
    with session_scope(db) as session:
        session.execute(Submission.__table__.update().where(Submission.id == 5).values(fingerprint="F" * 64))
    with session_scope(db) as session, pytest.raises(JobFailed, match="stored submissions have a fingerprint that is not 64 characters"):
        load_inputs(session)


def test_read_in_many_small_chunks_the_scores_are_the_same(db, monkeypatch):
    """Each table is read a chunk of submission ids at a time; the chunks add up to the whole."""
    with session_scope(db) as session:
        whole = dumps(snapshot(session))
    monkeypatch.setattr(scoring_reads, "CHUNK_IDS", 2)
    with session_scope(db) as session:
        assert dumps(snapshot(session)) == whole


def current_count(reader) -> int:
    return reader.scalar(select(func.count()).select_from(Submission).where(Submission.status == "current"))


def readers_see_one_moment(url: str) -> None:
    """The scoring read's connections all see the database as it was when they began, whatever
    commits while they read: a correction committed mid-read is counted in full or not at all."""
    with session_scope(url) as session, one_snapshot(session, 2) as readers:
        assert len(readers) == 2 and session not in readers
        before = [current_count(reader) for reader in readers]
        with session_scope(url) as writer:  # commits while the readers read
            writer.execute(Submission.__table__.update().where(Submission.id == 1).values(status="withdrawn"))
        assert [current_count(reader) for reader in readers] == before == [12, 12]
    with session_scope(url) as later:
        assert current_count(later) == 11


def test_the_scoring_read_sees_one_moment_on_sqlite(db):
    readers_see_one_moment(db)


def test_a_session_that_has_begun_reads_alone_and_sees_its_own_rows(db):
    with session_scope(db) as session:
        session.execute(Submission.__table__.update().where(Submission.id == 1).values(status="withdrawn"))
        with one_snapshot(session, 2) as readers:
            assert readers == [session]
        assert load_inputs(session).submissions.submission_id.tolist().count(1) == 0


@pytest.mark.postgres
def test_the_scoring_read_sees_one_moment_on_postgresql(postgres_url):
    upgrade(postgres_url)
    with session_scope(postgres_url) as session:
        store_inputs(session, RATINGS, EVENTS, comments=[comment("CA", days_ago=2, tags=["ch26", "R3"]), comment("US", days_ago=9)])
    readers_see_one_moment(postgres_url)


@pytest.mark.postgres
def test_postgresql_gives_the_same_scores_as_sqlite(db, postgres_url):
    upgrade(postgres_url)
    with session_scope(postgres_url) as session:
        store_inputs(session, RATINGS, EVENTS, comments=[comment("CA", days_ago=2, tags=["ch26", "R3"]), comment("US", days_ago=9)])
    with session_scope(postgres_url) as pg, session_scope(db) as lite:
        for audience in ("public", "restricted"):
            assert dumps(snapshot(pg, audience)) == dumps(snapshot(lite, audience))
