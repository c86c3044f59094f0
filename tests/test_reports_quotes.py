"""A chapter's quotes (weekly report and "What we heard") are the same whether they are found
among the latest submissions (the bounded search a large database gets) or among all the
chapter's ratings."""

from __future__ import annotations

import datetime as dt

import pytest

from reviewprep import jobs
from reviewprep.gather.sources import Source
from reviewprep.store import heard_reads, report_reads
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
    periods = [(AS_OF - dt.timedelta(days=days), AS_OF - dt.timedelta(days=until))
               for days, until in ((7, 0), (20, 5), (100, 0), (400, 300))]

    def read(session):
        weekly = [report_reads.quotes(session, c, a, ch, n, p) for ch, a, c, p, n in asked]
        heard = [heard_reads.quote_candidates(session, start, end, public, ch, n)
                 for ch, a, c, p, n in asked if p is None and c == AS_OF
                 for start, end in periods for public in (True, False)]
        return weekly, heard

    with session_scope(settings.db_url) as session:
        everything = read(session)
        monkeypatch.setattr(report_reads, "QUOTE_WINDOW", window)
        assert read(session) == everything
    assert all(any(found) for found in everything)
