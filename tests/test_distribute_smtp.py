"""Real SMTP exchanges with aiosmtpd: right attachment, retries, permanent failures, TLS and login."""

from __future__ import annotations

import threading
import time

import pytest
from sqlalchemy import select

from reviewprep.distribute.plan import assign, by_list, report_file
from reviewprep.distribute.recipients import load_distribution
from reviewprep.distribute.send import DeliveryFailed, TransientDeliveryError, deliver_list
from reviewprep.distribute.transport import SmtpConfig, SmtpTransport, smtp_config
from reviewprep.store.db import session_scope
from reviewprep.store.models import Delivery
from tests.distribution_helpers import (
    TEAM,
    TEAM_VARIANTS,
    pdf_text,
    person,
    record_reports,
    write_distribution,
)
from tests.smtp_server import (
    Recorder,
    check_login,
    free_port,
    self_signed_certificate,
    server_tls_context,
    smtp_server,
)


def plan(settings, config_copy, lists=TEAM):
    write_distribution(config_copy, lists)
    keys = record_reports(settings, TEAM_VARIANTS)
    with session_scope(settings.db_url) as session:
        reports = [report_file(session, k) for k in keys]
    return by_list(assign(load_distribution(config_copy), "weekly", reports))


def smtp(port, security="none", username=None, password=None) -> SmtpTransport:
    return SmtpTransport(SmtpConfig("127.0.0.1", port, security, username, password,
                                    "USMCA unit <usmca@example.org>"))


def rows(settings) -> dict[str, tuple[str, int, str]]:
    with session_scope(settings.db_url) as session:
        return {d.recipient: (d.status, d.attempts, d.error) for d in session.scalars(select(Delivery))}


def test_each_recipient_gets_their_variant_once(settings, config_copy):
    lists = plan(settings, config_copy)
    server = Recorder()
    with smtp_server(server) as controller:
        for name, items in lists.items():
            assert deliver_list(settings, name, items, transport=smtp(controller.port)).sent == 2
        for name, items in lists.items():  # a re-run sends nothing new
            assert deliver_list(settings, name, items, transport=smtp(controller.port)).skipped == 2
    assert len(server.messages) == 4
    expected = {"ana.restricted@example.org": "restricted en", "benoit.restreint@example.org": "restricted fr",
                "carla.publica@example.org": "public es", "dan.public@example.org": "public en"}
    for address, variant in expected.items():
        [msg] = server.to(address)
        [attachment] = list(msg.iter_attachments())
        assert f"VARIANT weekly {variant}" in pdf_text(attachment.get_content())
        assert msg["From"].addresses[0].addr_spec == "usmca@example.org"
    assert {v[0] for v in rows(settings).values()} == {"sent"}


def test_server_down_then_up_delivers_once(settings, config_copy):
    items = plan(settings, config_copy)["unit"]
    port = free_port()
    with pytest.raises(TransientDeliveryError, match="ConnectionRefusedError"):
        deliver_list(settings, "unit", items, transport=smtp(port))
    assert {v[0] for v in rows(settings).values()} == {"deferred"}
    assert all("Connection refused" in v[2] for v in rows(settings).values())

    server = Recorder()
    with smtp_server(server, port=port):
        assert deliver_list(settings, "unit", items, transport=smtp(port)).sent == 2
        assert deliver_list(settings, "unit", items, transport=smtp(port)).sent == 0
    assert sorted(m["To"].addresses[0].addr_spec for m in server.messages) == [
        "ana.restricted@example.org", "benoit.restreint@example.org"]
    assert {v[:2] for v in rows(settings).values()} == {("sent", 1)}


def test_5xx_is_permanent_4xx_is_retried(settings, config_copy):
    items = plan(settings, config_copy)["council"]
    server = Recorder(replies={"carla.publica@example.org": "550 5.1.1 No such user",
                               "dan.public@example.org": "451 4.3.0 Try again later"})
    with smtp_server(server) as controller:
        with pytest.raises(TransientDeliveryError, match="1 send"):
            deliver_list(settings, "council", items, transport=smtp(controller.port))
        status = rows(settings)
        assert status["carla.publica@example.org"][:2] == ("failed", 1)
        assert "550 5.1.1 No such user" in status["carla.publica@example.org"][2]
        assert status["dan.public@example.org"][:2] == ("deferred", 1)
        assert "451 4.3.0" in status["dan.public@example.org"][2]

        server.replies.pop("dan.public@example.org")  # the greylisting is over
        result = deliver_list(settings, "council", items, transport=smtp(controller.port))
        assert (result.sent, result.failed, result.skipped) == (1, 0, 1)  # the 5xx is not retried
    assert [m["To"].addresses[0].addr_spec for m in server.messages] == ["dan.public@example.org"]
    assert rows(settings)["carla.publica@example.org"][0] == "failed"


@pytest.fixture
def trusted_cert(tmp_path, monkeypatch):
    cert, key = self_signed_certificate(tmp_path)
    monkeypatch.setenv("SSL_CERT_FILE", str(cert))  # the client trusts our test CA, and only it
    return server_tls_context(cert, key)


def test_starttls_and_login(settings, config_copy, trusted_cert):
    items = plan(settings, config_copy)["unit"]
    server = Recorder()
    with smtp_server(server, tls_context=trusted_cert, require_starttls=True, auth_required=True,
                     authenticator=check_login("reviewprep", "s3cret")) as controller:
        with pytest.raises(DeliveryFailed, match="535"):
            deliver_list(settings, "unit", items, transport=smtp(controller.port, "starttls", "reviewprep", "wrong"))
        assert server.messages == [] and {v[0] for v in rows(settings).values()} == {"deferred"}
        result = deliver_list(settings, "unit", items,
                              transport=smtp(controller.port, "starttls", "reviewprep", "s3cret"))
    assert result.sent == 2 and len(server.messages) == 2


@pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")  # implicit TLS: aiosmtpd cannot tell
def test_implicit_ssl_and_login(settings, config_copy, trusted_cert):
    items = plan(settings, config_copy)["unit"]
    server = Recorder()
    with smtp_server(server, ssl_context=trusted_cert, auth_required=True, auth_require_tls=False,
                     authenticator=check_login("reviewprep", "s3cret")) as controller:
        result = deliver_list(settings, "unit", items, transport=smtp(controller.port, "ssl", "reviewprep", "s3cret"))
    assert result.sent == 2 and len(server.messages) == 2


def test_server_without_starttls_is_a_permanent_failure(settings, config_copy):
    items = plan(settings, config_copy)["unit"]
    with smtp_server(Recorder()) as controller:
        with pytest.raises(DeliveryFailed, match="STARTTLS"):
            deliver_list(settings, "unit", items, transport=smtp(controller.port, "starttls"))


def test_smtp_settings_come_from_the_environment(settings, monkeypatch):
    assert smtp_config(settings) is None  # nothing configured: the outbox
    monkeypatch.setenv("REVIEWPREP_SMTP_HOST", "mail.example.org")
    monkeypatch.setenv("REVIEWPREP_SMTP_PORT", "465")
    monkeypatch.setenv("REVIEWPREP_SMTP_SECURITY", "ssl")
    monkeypatch.setenv("REVIEWPREP_SMTP_USERNAME", "reviewprep")
    monkeypatch.setenv("REVIEWPREP_SMTP_PASSWORD", "from-env")
    from reviewprep.settings import get_settings

    assert smtp_config(get_settings()) == SmtpConfig("mail.example.org", 465, "ssl", "reviewprep", "from-env",
                                                     "reviewprep <reviewprep@localhost>")


def task_runs(flow_run_id, name):
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import FlowRunFilter, FlowRunFilterId

    with get_client(sync_client=True) as client:
        runs = client.read_task_runs(flow_run_filter=FlowRunFilter(id=FlowRunFilterId(any_=[flow_run_id])))
    return [t for t in runs if t.name.startswith(name)]


@pytest.mark.flow
def test_flow_retries_with_backoff_until_the_server_is_up(settings, config_copy, monkeypatch, prefect_harness):
    """The deliver-list task retries (exponential backoff) on connection refused; one message each."""
    from prefect import flow
    from prefect.blocks.system import Secret

    from reviewprep.distribute.run import distribute_reports

    lists = {"unit": {"reports": ["weekly"], "recipients": [person("Ana Restricted", "restricted", "en")]},
             "council": {"reports": ["weekly"], "recipients": [
                 person("Carla Publica", "public", "es"),
                 person("Nobody Here", "public", "en")]}}
    write_distribution(config_copy, lists, attempts=5, backoff=0.5)  # waits 0.5, 1, 2, 4 s
    keys = record_reports(settings, [("restricted", "en"), ("public", "es"), ("public", "en")])
    port = free_port()
    Secret(value={"host": "127.0.0.1", "port": port, "security": "none",
                  "sender": "USMCA unit <usmca@example.org>"}).save("test-smtp", overwrite=True)
    monkeypatch.setenv("REVIEWPREP_SMTP_SECRET_BLOCK", "test-smtp")

    server = Recorder(replies={"nobody.here@example.org": "550 5.1.1 No such user"})
    refused_first, done = threading.Event(), threading.Event()

    def start_after_a_refusal():
        while not done.is_set() and not any(v[0] == "deferred" for v in rows(settings).values()):
            time.sleep(0.05)
        refused_first.set()
        with smtp_server(server, port=port):
            done.wait(60)

    @flow(name="test-distribute")
    def run() -> tuple[dict, str]:
        from prefect.runtime import flow_run

        return distribute_reports("weekly", keys), flow_run.id

    thread = threading.Thread(target=start_after_a_refusal)
    thread.start()
    try:
        summary, run_id = run()
    finally:
        done.set()
        thread.join()
    assert refused_first.is_set()
    assert max(t.run_count for t in task_runs(run_id, "deliver-list")) >= 2  # retried by Prefect
    assert (summary["sent"], summary["failed"], summary["errors"]) == (2, 1, [])
    assert sorted(m["To"].addresses[0].addr_spec for m in server.messages) == [
        "ana.restricted@example.org", "carla.publica@example.org"]
    [problem] = summary["problems"]
    assert problem["recipient"] == "nobody.here@example.org" and "550 5.1.1" in problem["error"]
    assert summary["transport"] == f"SMTP 127.0.0.1:{port} (none)"

    from prefect.artifacts import Artifact

    shown = Artifact.get("weekly-distribution").data  # the run's distribution artifact
    assert "2 sent (2 by this run), 1 failed permanently" in shown
    assert "| nobody.here@example.org | failed | 1 |" in shown and "550 5.1.1 No such user" in shown


@pytest.mark.flow
def test_smtp_settings_from_a_prefect_secret_block(settings, monkeypatch, prefect_harness):
    from prefect.blocks.system import Secret

    from reviewprep.errors import UserError
    from reviewprep.settings import get_settings

    monkeypatch.setenv("REVIEWPREP_SMTP_HOST", "mail.example.org")
    monkeypatch.setenv("REVIEWPREP_SMTP_SECRET_BLOCK", "test-smtp-password")
    Secret(value="from-the-block").save("test-smtp-password", overwrite=True)
    assert smtp_config(get_settings()).password == "from-the-block"  # a plain value is the password

    Secret(value={"host": "smtp.example.org", "smtp_password": "x"}).save("test-smtp-bad", overwrite=True)
    monkeypatch.setenv("REVIEWPREP_SMTP_SECRET_BLOCK", "test-smtp-bad")
    with pytest.raises(UserError, match="unknown: smtp_password"):
        smtp_config(get_settings())
    monkeypatch.setenv("REVIEWPREP_SMTP_SECRET_BLOCK", "no-such-block")
    with pytest.raises(UserError, match="'no-such-block' could not be loaded"):
        smtp_config(get_settings())
