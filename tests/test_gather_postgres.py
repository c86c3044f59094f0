"""The ingest path on PostgreSQL (ids read back, not assumed): same counts as on SQLite.

Runs when REVIEWPREP_TEST_POSTGRES_URL is set; skips, saying so, when not.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from reviewprep.settings import get_settings
from tests.gather_helpers import Loader, assessment, csv_text, write

pytestmark = pytest.mark.postgres
FIXTURES = Path(__file__).parent / "fixtures" / "gather"


def load_everything(load: Loader, tmp_path: Path) -> list[tuple]:
    csv_file = write(tmp_path / "a.csv", csv_text(
        [assessment(submission_id=f"P-{i % 40}", rating=str(i % 5)) for i in range(60)] + [assessment(rating="9")]))
    nul = write(tmp_path / "nul.jsonl", "\n" * 70_000  # past the binary sniff
                + '{"text": "a\\u0000b", "submitted_at": "2026-01-05", "party": "US"}\n{"text": "raw \x00"}\n')
    results = load(csv_file) + load(nul, fmt="comments_jsonl") + load(FIXTURES / "regulations_legacy.csv",
                                    companion=FIXTURES / "regulations_legacy_text.csv") + load(csv_file)
    return [(c.format, c.read, c.accepted, c.duplicates, c.quarantined, c.already_loaded) for c in results]


def test_postgresql_counts_match_sqlite(settings, postgres_url, monkeypatch, tmp_path):
    on_sqlite = load_everything(Loader(settings), tmp_path / "sqlite")
    sqlite_ratings = sorted(Loader(settings).ratings())
    monkeypatch.setenv("REVIEWPREP_DATABASE_URL", postgres_url)
    pg = Loader(get_settings())
    assert load_everything(pg, tmp_path / "pg") == on_sqlite == [
        ("assessments_csv", 61, 40, 20, 1, False),
        ("comments_jsonl", 2, 0, 0, 2, False),
        ("regulations_gov", 4, 3, 0, 1, False),
        ("regulations_gov_text", 5, 2, 1, 2, False),
        ("assessments_csv", 61, 0, 61, 0, True),
    ]
    assert sorted(pg.ratings()) == sqlite_ratings
