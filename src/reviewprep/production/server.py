"""How `reviewprep server` starts Prefect's server: address, database and auth from options or environment.

Prefect's own variables are the configuration (PREFECT_SERVER_API_HOST and _PORT,
PREFECT_SERVER_DATABASE_CONNECTION_URL, PREFECT_SERVER_API_AUTH_STRING); options override
them for one start. Without either the server listens on loopback only, so the API is never
exposed by accident; binding elsewhere without basic auth is allowed but said out loud.
"""

from __future__ import annotations

import ipaddress
import os
from dataclasses import dataclass

from sqlalchemy.engine import make_url

from reviewprep.errors import UserError

DEFAULT_HOST, DEFAULT_PORT = "127.0.0.1", 4200
ENV_HOST, ENV_PORT = "PREFECT_SERVER_API_HOST", "PREFECT_SERVER_API_PORT"
ENV_DATABASE, ENV_AUTH = "PREFECT_SERVER_DATABASE_CONNECTION_URL", "PREFECT_SERVER_API_AUTH_STRING"


@dataclass(frozen=True)
class ServerPlan:
    host: str
    port: int
    database_url: str | None  # None: Prefect's SQLite database in its home
    auth: bool

    @property
    def api_url(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}/api"

    def argv(self) -> list[str]:
        return ["-m", "prefect", "server", "start", "--host", self.host, "--port", str(self.port)]

    def describe_database(self) -> str:
        if not self.database_url:
            return "SQLite in Prefect's home"
        url = make_url(self.database_url)
        return f"{url.get_backend_name()} database {url.database} on {url.host}:{url.port or 5432}"

    def warnings(self) -> list[str]:
        if is_loopback(self.host) or self.auth:
            return []
        return [f"the API listens on {self.host} without basic auth: set {ENV_AUTH}=user:password "
                f"(and PREFECT_API_AUTH_STRING on clients and workers)"]


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def server_database_url(url: str) -> str:
    """Prefect's server talks to PostgreSQL through asyncpg: any postgresql:// URL is given that driver."""
    try:
        parsed = make_url(url)
    except Exception:  # noqa: BLE001 - SQLAlchemy raises several kinds for a malformed URL
        raise UserError(f"not a database URL: {make_url_safe(url)}") from None
    if parsed.get_backend_name() == "postgresql":
        parsed = parsed.set(drivername="postgresql+asyncpg")
    elif parsed.get_backend_name() == "sqlite":
        parsed = parsed.set(drivername="sqlite+aiosqlite")
    else:
        raise UserError(f"Prefect's server runs on PostgreSQL or SQLite, not {parsed.get_backend_name()}")
    return parsed.render_as_string(hide_password=False)


def make_url_safe(url: str) -> str:
    return url.split("@")[-1] if "@" in url else url


def plan(host: str | None, port: int | None, database_url: str | None) -> ServerPlan:
    """Options first, then Prefect's variables, then loopback:4200 and Prefect's SQLite."""
    host = host or os.environ.get(ENV_HOST) or DEFAULT_HOST
    raw_port = port if port is not None else os.environ.get(ENV_PORT) or DEFAULT_PORT
    try:
        port = int(raw_port)
    except ValueError:
        raise UserError(f"{ENV_PORT} must be a port number, not {raw_port!r}") from None
    database_url = database_url or os.environ.get(ENV_DATABASE)
    return ServerPlan(host=host, port=port,
                      database_url=server_database_url(database_url) if database_url else None,
                      auth=bool(os.environ.get(ENV_AUTH)))


def environment(server: ServerPlan) -> dict[str, str]:
    """The variables the server process needs on top of ours (the API address it serves, its database)."""
    env = {ENV_HOST: server.host, ENV_PORT: str(server.port)}
    if server.database_url:
        env[ENV_DATABASE] = server.database_url
    return env
