"""config/distribution.yaml validation, recipient → variant selection, and the message itself."""

from __future__ import annotations

import pytest

from reviewprep.distribute.message import build_message
from reviewprep.distribute.plan import ReportFile, assign, variants_needed
from reviewprep.distribute.recipients import load_distribution
from reviewprep.errors import ConfigError, UserError
from tests.distribution_helpers import AS_OF, TEAM, person, variant_pdf, write_distribution


def test_shipped_sample_lists_are_valid_and_use_example_org(settings):
    dist = load_distribution(settings.config_path)
    emails = [r.email for rl in dist.lists.values() for r in rl.recipients]
    assert emails and all(e.endswith("@example.org") for e in emails)
    assert variants_needed(dist, "weekly")  # the weekly flow will render these


@pytest.mark.parametrize("recipient, key, problem", [
    (person("Bad Mail", "public", "en", email="not-an-address"), "lists.x.recipients.0.email", "not an email"),
    (person("No Tld", "public", "en", email="a@localhost"), "lists.x.recipients.0.email", "not an email"),
    (person("Bad Aud", "secret", "en"), "lists.x.recipients.0.audience", "Input should be"),
    (person("Bad Lang", "public", "de"), "lists.x.recipients.0.language", "Input should be"),
    (person("Extra", "public", "en", phone="1"), "lists.x.recipients.0.phone", "Extra inputs"),
])
def test_bad_recipient_names_file_key_and_problem(config_copy, recipient, key, problem):
    path = write_distribution(config_copy, {"x": {"reports": ["weekly"], "recipients": [recipient]}})
    with pytest.raises(ConfigError) as caught:
        load_distribution(config_copy)
    assert caught.value.file == str(path) and caught.value.key == key and problem in caught.value.problem


def test_same_person_twice_in_a_list_or_with_two_variants_is_refused(config_copy):
    ana = person("Ana", "public", "en")
    write_distribution(config_copy, {"x": {"reports": ["weekly"], "recipients": [ana, ana]}})
    with pytest.raises(ConfigError, match="listed twice"):
        load_distribution(config_copy)
    write_distribution(config_copy, {
        "x": {"reports": ["weekly"], "recipients": [ana]},
        "y": {"reports": ["brief"], "recipients": [{**ana, "audience": "restricted"}]}})
    with pytest.raises(ConfigError, match="one person gets one variant"):
        load_distribution(config_copy)


def test_each_recipient_gets_the_variant_of_their_audience_and_language(config_copy):
    write_distribution(config_copy, {**TEAM, "again": {"reports": ["weekly"], "recipients": [
        person("Dan Public", "public", "en")]}})  # on two lists: assigned once
    dist = load_distribution(config_copy)
    assert variants_needed(dist, "weekly") == [("public", "en"), ("public", "es"), ("restricted", "en"),
                                               ("restricted", "fr")]
    assert variants_needed(dist, "brief") == [("restricted", "en"), ("restricted", "fr")]
    reports = [ReportFile(f"weekly-{a}-{lang}", "weekly", AS_OF, lang, a, config_copy / "x.pdf")
               for a, lang in variants_needed(dist, "weekly")]
    assignments = assign(dist, "weekly", reports)
    got = {a.recipient.email: (a.list_name, a.report.key) for a in assignments}
    assert len(assignments) == 4
    assert got == {
        "ana.restricted@example.org": ("unit", "weekly-restricted-en"),
        "benoit.restreint@example.org": ("unit", "weekly-restricted-fr"),
        "carla.publica@example.org": ("council", "weekly-public-es"),
        "dan.public@example.org": ("council", "weekly-public-en"),
    }
    only = assign(dist, "weekly", reports, only=["council", "ANA.restricted@example.org"])
    assert sorted(a.recipient.email for a in only) == [
        "ana.restricted@example.org", "carla.publica@example.org", "dan.public@example.org"]
    assert assign(dist, "weekly", reports, only=[]) == []
    with pytest.raises(UserError, match="unknown recipients nobody@example.org"):
        assign(dist, "weekly", reports, only=["nobody@example.org"])


def test_message_headers_are_encoded_and_the_pdf_attached(tmp_path, config_copy):
    write_distribution(config_copy, {"x": {"reports": ["brief"], "recipients": [
        person("Zoë Ñúñez, Jr.", "restricted", "es", email="zoe@example.org")]}})
    dist = load_distribution(config_copy)
    pdf = tmp_path / "brief.pdf"
    pdf.write_bytes(variant_pdf("brief", "restricted", "es"))
    report = ReportFile("brief-k", "brief", AS_OF, "es", "restricted", pdf,
                        meeting="Reunión de ministros\r\nBcc: victim@example.org")
    [assignment] = assign(dist, "brief", [report])
    msg = build_message(assignment, "Équipe USMCA <usmca@ministry.example.org>")
    raw = msg.as_bytes()
    assert b"\nBcc:" not in raw and msg["Bcc"] is None  # a line break in a parameter cannot add a header
    assert msg["Subject"] == "[DIFUSIÓN RESTRINGIDA] Nota ministerial: Reunión de ministros Bcc: victim@example.org, 2 de marzo de 2026"
    assert msg["To"].addresses[0].display_name == "Zoë Ñúñez, Jr." and msg["To"].addresses[0].addr_spec == "zoe@example.org"
    assert msg["Message-ID"].endswith("@ministry.example.org>")
    assert msg["Message-ID"] == build_message(assignment, "usmca@ministry.example.org")["Message-ID"]
    assert "DIFUSIÓN RESTRINGIDA" in msg.get_body(("plain",)).get_content()
    [attachment] = list(msg.iter_attachments())
    assert attachment.get_content_type() == "application/pdf" and attachment.get_filename() == "brief.pdf"
    assert attachment.get_content() == pdf.read_bytes()
    assert all(ord(c) < 128 for c in raw.decode("ascii"))  # encoded for the wire
