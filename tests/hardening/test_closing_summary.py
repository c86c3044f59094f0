"""After a crash mid-send, the re-run's last lines say which deliveries need a person, and the command to run."""

from __future__ import annotations

import pytest

from reviewprep import cli, jobs
from reviewprep.demo import ANCHOR
from reviewprep.distribute import delivery
from reviewprep.store.db import session_scope
from tests.conftest import REPO
from tests.distribution_helpers import person, write_distribution
from tests.smtp_server import Recorder, smtp_server

LISTS = {"unit": {"reports": ["weekly"], "recipients": [
    person("Ana Restricted", "restricted", "en"), person("Nobody Here", "public", "en"),
    person("Dan Public", "public", "en")]}}
RESTRICTED, PUBLIC = f"weekly-{ANCHOR}-en-restricted", f"weekly-{ANCHOR}-en-public"


@pytest.mark.flow
def test_run_lists_in_doubt_and_failed_deliveries_with_the_command(settings, config_copy, monkeypatch,
                                                                    prefect_harness, capsys, table):
    jobs.prepare_database(settings)
    for source in jobs.configured_sources(settings, REPO / "data/sample/sources.yaml"):
        jobs.gather(settings, source)
    write_distribution(config_copy, LISTS, attempts=0)
    with session_scope(settings.db_url) as session:  # a run killed while Ana's message was on the wire
        delivery.register(session, [(RESTRICTED, "ana.restricted@example.org", 1)])
        assert delivery.claim(session, (RESTRICTED, "ana.restricted@example.org", 1), "smtp")
    server = Recorder(replies={"nobody.here@example.org": "550 5.1.1 No such user"})
    with smtp_server(server) as controller:
        for name, value in {"HOST": "127.0.0.1", "PORT": str(controller.port), "SECURITY": "none"}.items():
            monkeypatch.setenv(f"REVIEWPREP_SMTP_{name}", value)
        code = cli.main(["run", "--as-of", ANCHOR.isoformat()])
    out, err = capsys.readouterr()
    lines = err.strip().splitlines()
    wanted = [f"reviewprep distribute --report {RESTRICTED} --retry-failed",
              f"reviewprep distribute --report {PUBLIC} --retry-failed",
              "ana.restricted@example.org", "in doubt", "nobody.here@example.org", "550 5.1.1"]
    table.check("re-run after a kill mid-send (SMTP): one send in doubt, one refused with 550",
                "exit 0; the closing lines name both deliveries and the command resolving each",
                f"exit {code}; {' / '.join(lines[-5:])}",
                code == 0 and all(any(w in line for line in lines) for w in wanted)
                and [m["To"].addresses[0].addr_spec for m in server.messages] == ["dan.public@example.org"])
    table.assert_all_passed()
