"""`make hardening`: every hardening case, slow ones included, then the table; non-zero exit when any fails."""

import sys

import pytest

from tests.hardening.existing import EXISTING

if __name__ == "__main__":
    sys.exit(pytest.main(["-p", "tests.hardening.report", "-q", "-p", "no:cacheprovider",
                          "tests/hardening", *EXISTING, *sys.argv[1:]]))
