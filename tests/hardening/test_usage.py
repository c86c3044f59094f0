"""Bad usage exits 2 with one line, and never creates what the user did not ask for."""

from __future__ import annotations

import pytest

from reviewprep import cli, jobs
from tests.conftest import REPO


@pytest.fixture
def loaded(settings):
    jobs.prepare_database(settings)
    for source in jobs.configured_sources(settings, REPO / "data/sample/sources.yaml"):
        if source.format.startswith("evidence"):
            jobs.gather(settings, source)
    return settings


def run(capsys, *argv: str) -> tuple[int, str]:
    try:
        code = cli.main(list(argv))
    except SystemExit as exc:  # argparse refusing a value
        code = exc.code
    err = capsys.readouterr().err
    return code, err


def test_backfill_beyond_any_date_is_bad_usage(loaded, capsys, table):
    for weeks in ("100000000", "1041", "0"):
        code, err = run(capsys, "scores", "--backfill", weeks)
        table.check(f"reviewprep scores --backfill {weeks}", "exit 2, one line naming the range",
                    f"exit {code}: {err.strip().splitlines()[-1] if err.strip() else ''}",
                    code == 2 and "1 to 1,040" in err and "Traceback" not in err)
    code, err = run(capsys, "scores", "--as-of", "0001-02-01", "--backfill", "1040")
    table.check("reviewprep scores --as-of 0001-02-01 --backfill 1040", "exit 2, before the year 1",
                f"exit {code}: {err.strip()}", code == 2 and "year 1" in err)
    table.assert_all_passed()


def test_quarantine_export_into_a_missing_folder(settings, tmp_path, capsys, table):
    target = tmp_path / "no-such-dir" / "deeper" / "x.csv"
    code, err = run(capsys, "quarantine", "export", str(target))
    table.check("reviewprep quarantine export /nonexistent-dir/x.csv", "exit 2, no folder created",
                f"exit {code}, created={(tmp_path / 'no-such-dir').exists()}: {err.strip()}",
                code == 2 and not (tmp_path / "no-such-dir").exists() and "no folder" in err)
    table.assert_all_passed()
