"""Recipients' addresses and names, and SMTP logins: refused at load when they would go wrong at send time."""

from __future__ import annotations

from email import message_from_bytes, policy

import pytest
from sqlalchemy import select

from reviewprep.distribute.plan import assign, by_list, report_file
from reviewprep.distribute.recipients import load_distribution
from reviewprep.distribute.send import deliver_list
from reviewprep.distribute.transport import smtp_config
from reviewprep.errors import ConfigError, UserError
from reviewprep.settings import get_settings
from reviewprep.store.db import session_scope
from reviewprep.store.models import Delivery
from tests.distribution_helpers import person, record_reports, write_distribution


def test_internationalised_domains_get_one_outbox_file_each(settings, config_copy, table):
    lists = {"x": {"reports": ["weekly"], "recipients": [
        person("José Uno", "public", "en", email="jose@exämple.org"),
        person("José Dos", "public", "en", email="jose@exömple.org")]}}
    write_distribution(config_copy, lists)
    [key] = record_reports(settings, [("public", "en")])
    with session_scope(settings.db_url) as session:
        reports = [report_file(session, key)]
    for name, items in by_list(assign(load_distribution(config_copy), "weekly", reports)).items():
        deliver_list(settings, name, items)
    files = sorted(settings.outbox.rglob("*.eml"))
    to = sorted(message_from_bytes(p.read_bytes(), policy=policy.default)["To"].addresses[0].addr_spec
                for p in files)
    with session_scope(settings.db_url) as session:
        sent = sorted(d.recipient for d in session.scalars(select(Delivery)) if d.status == "sent")
    expected = ["jose@xn--exmple-cua.org", "jose@xn--exmple-xxa.org"]
    table.compare("jose@exämple.org and jose@exömple.org, outbox transport",
                  {"outbox files": 2, "To addresses (IDNA)": expected, "sent": expected},
                  {"outbox files": len(files), "To addresses (IDNA)": to, "sent": sent})
    table.assert_all_passed()


@pytest.mark.parametrize("name", ["Ana\r\nBcc: everyone@example.org", "Ana\nRuiz", "Ana\x00"])
def test_a_name_with_a_line_break_is_refused_at_load(config_copy, table, name):
    write_distribution(config_copy, {"x": {"reports": ["weekly"], "recipients": [
        person("Ok", "public", "en"), {**person("Ana", "public", "en"), "name": name}]}})
    with pytest.raises(ConfigError) as caught:
        load_distribution(config_copy)
    table.check(f"recipient name {name!r} in config/distribution.yaml", "refused at load, naming the key",
                str(caught.value), caught.value.key == "lists.x.recipients.1.name")
    table.assert_all_passed()


def test_a_user_part_outside_ascii_is_refused_at_load(config_copy):
    write_distribution(config_copy, {"x": {"reports": ["weekly"], "recipients": [
        person("Zoë", "public", "en", email="zoë@example.org")]}})
    with pytest.raises(ConfigError, match="non-ASCII") as caught:
        load_distribution(config_copy)
    assert caught.value.key == "lists.x.recipients.0.email"


def test_plaintext_login_is_refused_unless_allowed_for_loopback(settings, monkeypatch, table):
    monkeypatch.setenv("REVIEWPREP_SMTP_SECURITY", "none")
    monkeypatch.setenv("REVIEWPREP_SMTP_USERNAME", "reviewprep")
    monkeypatch.setenv("REVIEWPREP_SMTP_PASSWORD", "s3cret")
    observed = {}
    for host, allow in [("mail.example.org", ""), ("mail.example.org", "1"), ("127.0.0.1", ""),
                        ("127.0.0.1", "1"), ("localhost", "1"), ("::1", "1")]:
        monkeypatch.setenv("REVIEWPREP_SMTP_HOST", host)
        monkeypatch.setenv("REVIEWPREP_SMTP_ALLOW_PLAINTEXT_LOGIN", allow or "0")
        try:
            smtp_config(get_settings())
            observed[f"{host}{' allowed' if allow else ''}"] = "accepted"
        except UserError as exc:
            assert "clear text" in str(exc) and "s3cret" not in str(exc)
            observed[f"{host}{' allowed' if allow else ''}"] = "refused"
    table.compare("REVIEWPREP_SMTP_SECURITY=none with a username",
                  {"mail.example.org": "refused", "mail.example.org allowed": "refused", "127.0.0.1": "refused",
                   "127.0.0.1 allowed": "accepted", "localhost allowed": "accepted", "::1 allowed": "accepted"},
                  observed)
    monkeypatch.delenv("REVIEWPREP_SMTP_USERNAME")
    monkeypatch.setenv("REVIEWPREP_SMTP_HOST", "mail.example.org")
    assert smtp_config(get_settings()).security == "none"  # no login, no password to leak
    table.assert_all_passed()
