"""The evidence log as CSV or YAML: known obligations only, statuses in three languages."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from reviewprep.gather import evidence
from reviewprep.store.db import session_scope
from reviewprep.store.models import EvidenceEvent
from tests.gather_helpers import Loader, write

HEADER = "event_id,date,party,obligation,status,description,source_url,confidentiality\n"


@pytest.fixture
def load(settings) -> Loader:
    return Loader(settings)


def events(settings) -> list[EvidenceEvent]:
    with session_scope(settings.db_url) as session:
        return list(session.scalars(select(EvidenceEvent).order_by(EvidenceEvent.source_row)))


def test_evidence_csv(load, settings, tmp_path):
    content = HEADER + (
        "E-1,2025-09-30,NA,ch26-committee-meets,met,Committee met in Mexico City,https://example.org/1,public\n"
        "E-2,2025-10-01,Trilateral,CH25-SME-DIALOGUE,not met,No dialogue this year,,confidentiel\n"
        "E-3,2025-10-02,NA,ch99-nothing,met,?,,\n"
        "E-4,2025-10-03,NA,ch26-committee-meets,maybe,?,,\n"
        "E-5,2027-01-01,NA,ch26-committee-meets,met,future,,\n"
        "E-1,2025-09-30,NA,ch26-committee-meets,met,Committee met in Mexico City,https://example.org/1,public\n"
    )
    counts = load.one(write(tmp_path / "log.csv", content))
    assert (counts.format, counts.read, counts.accepted, counts.duplicates, counts.quarantined) == \
        ("evidence_csv", 6, 2, 1, 3)
    stored = events(settings)
    assert [(e.obligation, e.status, e.party, e.confidential) for e in stored] == [
        ("ch26-committee-meets", "met", "NA", False), ("ch25-sme-dialogue", "not_met", "NA", True)]
    reasons = {(r["row"], r["column"]): r["reason"] for r in load.quarantine()}
    assert reasons[(4, "obligation")] == "unknown obligation 'ch99-nothing' (see config/framework.yaml)"
    assert reasons[(5, "status")] == "status 'maybe' is not one of met, not_met, unknown, checked"
    assert reasons[(6, "date")] == "date '2027-01-01' is in the future"


def test_evidence_yaml(load, settings, tmp_path):
    content = """
events:
  - {event_id: Y-1, date: 2025-09-30, party: NA, obligation: ch26-committee-meets, status: met}
  - just a string
  - {date: 2025-10-01, party: US, obligation: ch26-committee-meets, description: {nested: true}}
  - {date: 2025-10-01, party: Canada, obligation: ch28-grp-committee-meets, status: inconnu}
"""
    counts = load.one(write(tmp_path / "log.yaml", content))
    assert (counts.read, counts.accepted, counts.quarantined) == (4, 2, 2)
    assert [(e.external_id, e.status, e.party) for e in events(settings)] == [
        ("Y-1", "met", "NA"), (None, "unknown", "CA")]
    reasons = {r["row"]: (r["column"], r["reason"]) for r in load.quarantine()}
    assert reasons[2] == ("(record)", "not a JSON object but str")
    assert reasons[3] == ("description", "holds a nested object or list where text or a number was expected")


@pytest.mark.parametrize("content, error", [
    ("", "the file is empty"),
    ("events: 3\n", "expected a list of events (or a mapping with an 'events' list)"),
    ("- [unclosed\n", "not valid YAML"),
])
def test_unreadable_yaml(load, tmp_path, content, error):
    assert load.one(write(tmp_path / "bad.yaml", content)).error.startswith(error)


def test_yaml_over_the_size_cap(load, tmp_path, monkeypatch):
    monkeypatch.setattr(evidence, "MAX_YAML", 10)
    counts = load.one(write(tmp_path / "big.yml", "events: []\n# padding padding\n"))
    assert counts.error.startswith("a YAML evidence log over 10 bytes")
