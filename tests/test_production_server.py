"""`reviewprep server`: address and database from options, else Prefect's variables, else loopback and SQLite."""

from __future__ import annotations

import pytest

from reviewprep.errors import UserError
from reviewprep.production.server import environment, plan

VARIABLES = ("PREFECT_SERVER_API_HOST", "PREFECT_SERVER_API_PORT", "PREFECT_SERVER_DATABASE_CONNECTION_URL",
             "PREFECT_SERVER_API_AUTH_STRING")


@pytest.fixture(autouse=True)
def no_server_variables(monkeypatch):
    for name in VARIABLES:
        monkeypatch.delenv(name, raising=False)


def test_default_is_loopback_on_4200_with_prefects_sqlite():
    server = plan(None, None, None)
    assert (server.host, server.port, server.database_url, server.auth) == ("127.0.0.1", 4200, None, False)
    assert server.argv()[-4:] == ["--host", "127.0.0.1", "--port", "4200"]
    assert server.warnings() == [] and server.api_url == "http://127.0.0.1:4200/api"


def test_prefects_variables_are_respected_and_options_win(monkeypatch):
    monkeypatch.setenv("PREFECT_SERVER_API_HOST", "10.1.2.3")
    monkeypatch.setenv("PREFECT_SERVER_API_PORT", "4300")
    monkeypatch.setenv("PREFECT_SERVER_DATABASE_CONNECTION_URL", "postgresql://prefect:pw@db:5432/prefect")
    server = plan(None, None, None)
    assert (server.host, server.port) == ("10.1.2.3", 4300)
    assert server.database_url == "postgresql+asyncpg://prefect:pw@db:5432/prefect"  # Prefect's async driver
    assert server.describe_database() == "postgresql database prefect on db:5432"  # no password shown
    assert environment(server)["PREFECT_SERVER_API_PORT"] == "4300"
    server = plan("127.0.0.1", 4400, "postgresql+psycopg://p@db/prefect2")
    assert (server.host, server.port, server.database_url) == ("127.0.0.1", 4400, "postgresql+asyncpg://p@db/prefect2")


def test_an_exposed_address_without_auth_is_said_out_loud(monkeypatch):
    assert "without basic auth" in plan("0.0.0.0", None, None).warnings()[0]
    monkeypatch.setenv("PREFECT_SERVER_API_AUTH_STRING", "admin:secret")
    assert plan("0.0.0.0", None, None).warnings() == []
    assert plan("::1", None, None).warnings() == [] and plan("localhost", None, None).warnings() == []


def test_bad_values_are_user_errors(monkeypatch):
    monkeypatch.setenv("PREFECT_SERVER_API_PORT", "http")
    with pytest.raises(UserError, match="must be a port number"):
        plan(None, None, None)
    with pytest.raises(UserError, match="PostgreSQL or SQLite"):
        plan(None, 4200, "mysql://u@h/db")
