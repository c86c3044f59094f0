"""The example systemd units in docs/systemd name commands and options that exist."""

from __future__ import annotations

import configparser
import shlex
from pathlib import Path

from reviewprep.cli import build_parser
from tests.conftest import REPO

UNITS = sorted((REPO / "docs" / "systemd").glob("*.service"))


def exec_start(unit: Path) -> list[str]:
    parser = configparser.ConfigParser(strict=False, interpolation=None)
    parser.read_string(unit.read_text(encoding="utf-8"))
    return shlex.split(parser["Service"]["ExecStart"])


def test_units_for_server_workers_and_dask():
    assert [u.name for u in UNITS] == ["dask-scheduler.service", "dask-worker.service",
                                       "reviewprep-server.service", "reviewprep-worker@.service"]


def test_each_unit_runs_a_program_of_the_project_environment_with_valid_options():
    for unit in UNITS:
        argv = exec_start(unit)
        program = Path(argv[0])
        assert program.parent.name == "bin" and (REPO / ".venv" / "bin" / program.name).is_file(), unit.name
        if program.name == "reviewprep":
            build_parser().parse_args(argv[1:])  # exits (SystemExit) on an unknown command or option
        if program.name == "prefect":
            assert argv[1:5] == ["worker", "start", "--pool", "reviewprep"]
