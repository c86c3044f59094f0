"""A chapter's quotes are the same whether they are found among the latest submissions
(the bounded search a large database gets) or among all the chapter's ratings."""

from __future__ import annotations

import datetime as dt

import pytest

from reviewprep import jobs
from reviewprep.gather.sources import Source
from reviewprep.store import report_reads
from reviewprep.store.db import session_scope
from tests.numbers_helpers import AS_OF, NEW_UNIT, write_assessments


@pytest.mark.parametrize("window", [1, 3, 5, 10_000])
def test_quotes_do_not_depend_on_the_window(settings, tmp_path, monkeypatch, window):
    jobs.prepare_database(settings)
    jobs.gather(settings, Source(name="a", path=str(write_assessments(tmp_path / "a.csv")), format="assessments_csv"))
    asked = [(chapter, audience, as_of, parties, limit)
             for chapter in sorted({row[0] for row in NEW_UNIT}) + ["ch99"]
             for audience in ("public", "restricted")
             for as_of in (AS_OF, AS_OF - dt.timedelta(days=10))
             for parties in (None, ["MX"], ["US", "CA"])
             for limit in (1, 2, 400)]
    with session_scope(settings.db_url) as session:
        everything = [report_reads.quotes(session, c, a, ch, n, p) for ch, a, c, p, n in asked]
        monkeypatch.setattr(report_reads, "QUOTE_WINDOW", window)
        assert [report_reads.quotes(session, c, a, ch, n, p) for ch, a, c, p, n in asked] == everything
    assert any(everything)
