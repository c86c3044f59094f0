"""Whatever bytes arrive, ingest finishes with counts that reconcile and nothing raised."""

from __future__ import annotations

import itertools

from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from reviewprep.gather.assessments import TEMPLATE_COLUMNS
from tests.gather_helpers import Loader, write

HEADER = ",".join(TEMPLATE_COLUMNS).encode() + b"\r\n"
FORMATS = ["assessments_csv", "assessments_json", "assessments_jsonl", "comments_jsonl", "regulations_gov",
           "evidence_csv", "evidence_yaml", "assessments_xlsx"]
counter = itertools.count()

cells = st.one_of(st.sampled_from(["", "ch26", "R3", "2", "7", "US", "ZZ", "2026-05-04", "3/4/2026", "N/A",
                                   '"', "\r\n", "=1+1", "{{ 7*7 }}", ";", "\x00", "é", "\ufeff"]),
                  st.text(max_size=12))
rows = st.lists(st.lists(cells, min_size=0, max_size=16), max_size=6)


@hypothesis_settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(body=st.one_of(st.binary(max_size=300), rows.map(
    lambda rs: "\r\n".join(",".join(r) for r in rs).encode("utf-8", "surrogatepass"))),
    with_header=st.booleans(), fmt=st.sampled_from(FORMATS))
def test_any_input_ends_in_reconciled_counts(settings, tmp_path, body, with_header, fmt):
    load = Loader(settings)
    path = write(tmp_path / f"in-{next(counter)}.dat", (HEADER if with_header else b"") + body)
    counts = load.one(path, fmt=fmt)  # Loader checks read = accepted + duplicates + quarantined
    assert counts.was_read or counts.error
    if counts.error:
        assert any(r["row"] == 0 and r["reason"] == counts.error for r in load.quarantine())
