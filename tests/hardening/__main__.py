"""`make hardening`: every hardening case, slow ones included, then the table; non-zero exit when any fails."""

import sys
from pathlib import Path

import pytest

from tests.hardening.existing import EXISTING

TABLE = Path(__file__).resolve().parents[2] / "bench" / "results" / "hardening.md"

if __name__ == "__main__":
    sys.exit(pytest.main(["-p", "tests.hardening.report", "--hardening-table", str(TABLE), "-q",
                          "-p", "no:cacheprovider", "tests/hardening", *EXISTING, *sys.argv[1:]]))
