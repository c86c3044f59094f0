"""The outbox transport and the delivery log: each (report, recipient) is delivered once."""

from __future__ import annotations

import threading
from email import message_from_bytes, policy

import pytest
from sqlalchemy import func, select, update

from reviewprep.distribute import delivery
from reviewprep.distribute.plan import assign, by_list, report_file
from reviewprep.distribute.recipients import load_distribution
from reviewprep.distribute.send import deliver_list, dry_run
from reviewprep.distribute.transport import OutboxTransport, SmtpConfig, SmtpTransport
from reviewprep.store.db import session_scope
from reviewprep.store.models import Delivery
from tests.distribution_helpers import TEAM, TEAM_VARIANTS, pdf_text, record_reports, write_distribution


def team_assignments(settings, config_copy, kind="weekly"):
    write_distribution(config_copy, TEAM)
    keys = record_reports(settings, TEAM_VARIANTS)
    with session_scope(settings.db_url) as session:
        reports = [report_file(session, k) for k in keys]
    return assign(load_distribution(config_copy), kind, reports)


def outbox_files(settings):
    return sorted(p.relative_to(settings.outbox).as_posix() for p in settings.outbox.rglob("*") if p.is_file())


def deliveries(settings):
    with session_scope(settings.db_url) as session:
        return {(d.report_key, d.recipient): (d.status, d.attempts, d.transport)
                for d in session.scalars(select(Delivery))}


def test_outbox_gets_one_eml_per_recipient_with_their_variant(settings, config_copy):
    assignments = team_assignments(settings, config_copy)
    for name, items in by_list(assignments).items():
        result = deliver_list(settings, name, items)
        assert (result.sent, result.failed, result.deferred, result.transport) == (2, 0, 0, "outbox")
    assert outbox_files(settings) == [
        "weekly-2026-03-02-en-public/dan.public@example.org.eml",
        "weekly-2026-03-02-en-restricted/ana.restricted@example.org.eml",
        "weekly-2026-03-02-es-public/carla.publica@example.org.eml",
        "weekly-2026-03-02-fr-restricted/benoit.restreint@example.org.eml",
    ]
    for path in settings.outbox.rglob("*.eml"):
        raw = path.read_bytes()
        assert b"\r\n" in raw  # as on the wire
        msg = message_from_bytes(raw, policy=policy.default)
        [attachment] = list(msg.iter_attachments())
        language, audience = msg["X-Reviewprep-Report"].split("-")[-2:]
        assert msg["X-Reviewprep-Report"] == path.parent.name
        assert f"VARIANT weekly {audience} {language}" in pdf_text(attachment.get_content())
    assert set(deliveries(settings).values()) == {("sent", 1, "outbox")}

    # a re-run sends nothing new and rewrites nothing
    before = {p: p.stat().st_mtime_ns for p in settings.outbox.rglob("*.eml")}
    for name, items in by_list(assignments).items():
        assert deliver_list(settings, name, items).skipped == 2
    assert {p: p.stat().st_mtime_ns for p in settings.outbox.rglob("*.eml")} == before


def test_concurrent_claims_have_exactly_one_winner(settings, config_copy):
    assignments = team_assignments(settings, config_copy)
    keys = [(a.report.key, a.recipient.email, a.report.version) for a in assignments]
    with session_scope(settings.db_url) as session:
        delivery.register(session, keys)
    wins, barrier = [], threading.Barrier(4)

    def contend():
        barrier.wait()
        with session_scope(settings.db_url) as session:
            wins.extend(k for k in keys if delivery.claim(session, k, "outbox"))

    threads = [threading.Thread(target=contend) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(wins) == sorted(keys)  # every row claimed once, by one thread only
    with session_scope(settings.db_url) as session:
        delivery.register(session, keys)  # registering again adds nothing
        assert session.scalar(select(func.count()).select_from(Delivery)) == len(keys)


def test_row_left_sending_by_a_crash(settings, config_copy):
    """Outbox writes are idempotent, so it re-claims; SMTP is at-most-once and leaves it in doubt."""
    assignments = team_assignments(settings, config_copy)
    council = by_list(assignments)["council"]
    with session_scope(settings.db_url) as session:
        delivery.register(session, [(a.report.key, a.recipient.email, a.report.version) for a in council])
        session.execute(update(Delivery).values(status="sending", attempts=1))  # as a SIGKILL would leave it

    smtp = SmtpTransport(SmtpConfig("127.0.0.1", 9, "none", None, None, "r@example.org"))  # never contacted
    result = deliver_list(settings, "council", council, transport=smtp)
    assert (result.sent, result.skipped) == (0, 2)
    rows = [r for r in dry_run(settings, council)]
    assert {r["status"] for r in rows} == {"sending"}

    result = deliver_list(settings, "council", council)  # outbox
    assert result.sent == 2 and len(outbox_files(settings)) == 2
    assert {v[:2] for v in deliveries(settings).values()} == {("sent", 2)}


def test_dry_run_lists_who_would_get_what_and_sends_nothing(settings, config_copy):
    assignments = team_assignments(settings, config_copy)
    deliver_list(settings, "unit", by_list(assignments)["unit"])
    before = deliveries(settings)
    rows = dry_run(settings, assignments)
    assert [(r["email"], r["report"], r["action"]) for r in rows] == [
        ("ana.restricted@example.org", "weekly-2026-03-02-en-restricted", "skip"),
        ("benoit.restreint@example.org", "weekly-2026-03-02-fr-restricted", "skip"),
        ("carla.publica@example.org", "weekly-2026-03-02-es-public", "send"),
        ("dan.public@example.org", "weekly-2026-03-02-en-public", "send"),
    ]
    assert deliveries(settings) == before and len(outbox_files(settings)) == 2


def test_outbox_transport_names_files_safely(tmp_path, settings, config_copy):
    [a] = [a for a in team_assignments(settings, config_copy) if a.recipient.email.startswith("dan")]
    path = OutboxTransport(tmp_path, "x@example.org").path_for(a)
    assert path.parent == tmp_path / a.report.key and path.name == "dan.public@example.org.eml"


def test_cli_dry_run_lists_and_sends_nothing(settings, config_copy, capsys):
    from reviewprep.cli import main

    team_assignments(settings, config_copy)
    assert main(["distribute", "--report", "weekly-2026-03-02-fr-restricted", "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "1 recipient(s) of the restricted fr variant; dry run, nothing sent" in out
    assert "send  benoit.restreint@example.org" in out and "ana.restricted" not in out
    assert deliveries(settings) == {} and outbox_files(settings) == []

    assert main(["distribute", "--report", "999", "--dry-run"]) == 2
    assert "no report '999' in the reports table" in capsys.readouterr().err


@pytest.mark.flow
def test_cli_distribute_sends_what_is_due_once(settings, config_copy, capsys, prefect_harness):
    from reviewprep.cli import main

    team_assignments(settings, config_copy)
    for _ in range(2):
        assert main(["distribute", "--report", "weekly-2026-03-02-es-public"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("weekly-2026-03-02-es-public: 1 sent now (1 of 1 in all), 0 failed")
    assert "outbox folder" in out[0]
    assert out[1] == "council: 1 sent, 0 skipped (already had this version), 0 awaiting approval, 0 failed"
    assert out[2].startswith("weekly-2026-03-02-es-public: 0 sent now (1 of 1 in all), 0 failed")
    assert out[3] == "council: 0 sent, 1 skipped (already had this version), 0 awaiting approval, 0 failed"
    assert outbox_files(settings) == ["weekly-2026-03-02-es-public/carla.publica@example.org.eml"]


def test_only_transient_failures_are_retried():
    from prefect.states import Failed

    from reviewprep.distribute.run import _transient_only
    from reviewprep.distribute.send import DeliveryFailed, TransientDeliveryError

    assert _transient_only(None, None, Failed(data=TransientDeliveryError("connection refused")))
    assert not _transient_only(None, None, Failed(data=DeliveryFailed("535 login refused")))
    assert not _transient_only(None, None, Failed(data=ValueError("a bug is not retried")))
