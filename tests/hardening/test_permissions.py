"""Restricted outputs, the outbox, var/ and the database are owner-only; everything else follows the umask."""

from __future__ import annotations

import os
import stat

import pytest

from reviewprep import jobs
from reviewprep.demo import ANCHOR
from reviewprep.distribute.plan import assign, by_list, report_file
from reviewprep.distribute.recipients import load_distribution
from reviewprep.distribute.send import deliver_list
from reviewprep.store.db import session_scope
from tests.conftest import REPO
from tests.distribution_helpers import write_distribution
from tests.orchestration_helpers import SMALL_LISTS


def mode(path) -> str:
    return oct(stat.S_IMODE(os.stat(path).st_mode))


@pytest.fixture
def umask(request):
    old = os.umask(request.param)
    yield request.param
    os.umask(old)


@pytest.mark.parametrize("umask", [0o022, 0o077], indirect=True, ids=["umask 022", "umask 077"])
def test_modes_of_what_a_run_writes(settings, config_copy, umask, table):
    jobs.prepare_database(settings)
    for source in jobs.configured_sources(settings, REPO / "data/sample/sources.yaml"):
        jobs.gather(settings, source)
    public = jobs.render(settings, jobs.score(settings, ANCHOR, "public"), "en")
    restricted = jobs.render(settings, jobs.score(settings, ANCHOR, "restricted"), "en")
    write_distribution(config_copy, SMALL_LISTS)
    with session_scope(settings.db_url) as session:
        reports = [report_file(session, r.key) for r in (public, restricted)]
    for name, items in by_list(assign(load_distribution(config_copy), "weekly", reports)).items():
        deliver_list(settings, name, items)
    eml = sorted(settings.outbox.rglob("*.eml"))
    raw = next(p for p in settings.raw_store.rglob("*") if p.is_file() and len(p.name) == 64)
    public_mode = oct(0o666 & ~umask)
    observed = {
        "public PDF": mode(public.pdf), "public HTML": mode(public.html),
        "restricted PDF": mode(restricted.pdf), "restricted HTML, CSV, JSON":
            {mode(restricted.html), mode(restricted.csv), mode(restricted.json)},
        "outbox folder": mode(settings.outbox), "outbox messages": {mode(p) for p in eml},
        "var/": mode(settings.var_path), "database": mode(settings.var_path / "test.db"),
        "raw copies": mode(raw), "raw store": mode(settings.raw_store),
        "database WAL and lock files": {mode(p) for p in settings.var_path.glob("test.db?*")},
    }
    expected = {
        "public PDF": public_mode, "public HTML": public_mode,
        "restricted PDF": "0o600", "restricted HTML, CSV, JSON": {"0o600"},
        "outbox folder": "0o700", "outbox messages": {"0o600"},
        "var/": "0o700", "database": "0o600", "raw copies": "0o600", "raw store": "0o700",
        "database WAL and lock files": {"0o600"} if umask == 0o077 else {"0o600", public_mode},
    }
    table.compare(f"file modes after a run under umask {umask:03o}", expected, observed)
    table.assert_all_passed()
