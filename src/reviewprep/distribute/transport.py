"""Where messages go: the outbox folder (default) or an SMTP server.

Failures are sorted by what a retry could change: a refused or dropped connection
and 4xx replies are transient; 5xx replies, a server without STARTTLS and a
certificate that does not verify are permanent.
"""

from __future__ import annotations

import hashlib
import ipaddress
import re
import smtplib
import ssl
from dataclasses import dataclass
from email import policy
from email.message import EmailMessage
from pathlib import Path

from reviewprep.distribute.plan import Assignment
from reviewprep.errors import UserError
from reviewprep.files import write_atomic
from reviewprep.permissions import private_dir
from reviewprep.reports.versions import stem
from reviewprep.settings import Settings

SMTP_TIMEOUT_SECONDS = 30
SECRET_KEYS = {"host", "port", "security", "username", "password", "sender"}


class SendError(Exception):
    """A send that did not happen; the subclass says whether retrying could help."""


class TransientSendError(SendError):
    pass


class PermanentSendError(SendError):
    pass


def _reply(code: int, text: bytes | str) -> str:
    text = text.decode("utf-8", "replace") if isinstance(text, bytes) else str(text)
    return f"{code} {' '.join(text.split())}"


def classify(exc: Exception) -> SendError:
    """Turn an smtplib or socket error into a transient or permanent SendError."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        replies = [(code, _reply(code, text)) for code, text in exc.recipients.values()]
        detail = "; ".join(reply for _, reply in replies)
        permanent = any(500 <= code < 600 for code, _ in replies)
        return (PermanentSendError if permanent else TransientSendError)(f"recipient refused: {detail}")
    if isinstance(exc, smtplib.SMTPResponseException):
        cls = PermanentSendError if 500 <= exc.smtp_code < 600 else TransientSendError
        return cls(f"{type(exc).__name__}: {_reply(exc.smtp_code, exc.smtp_error)}")
    if isinstance(exc, (smtplib.SMTPNotSupportedError, ssl.SSLCertVerificationError)):
        return PermanentSendError(f"{type(exc).__name__}: {exc}")
    if isinstance(exc, (smtplib.SMTPException, OSError)):
        return TransientSendError(f"{type(exc).__name__}: {exc}")
    raise exc


class OutboxTransport:
    """Writes each message as an .eml file (CRLF, as on the wire) under out/outbox/<report>/.

    The file name is fixed by (report, recipient) and written atomically, so writing
    the same message twice leaves one file: this transport is idempotent. Two
    recipients never share a name: an address that had to be made file-safe gets a
    digest of the whole address after it.
    """

    name = "outbox"
    idempotent = True

    def __init__(self, folder: Path, sender: str):
        self.folder, self.sender = folder, sender

    def __enter__(self) -> OutboxTransport:
        return self

    def __exit__(self, *exc) -> None:
        return None

    def path_for(self, assignment: Assignment) -> Path:
        return self.folder / stem(assignment.report.key, assignment.report.version) / outbox_name(
            assignment.recipient.email)

    def send(self, msg: EmailMessage, assignment: Assignment) -> str:
        path = self.path_for(assignment)
        self.folder.parent.mkdir(parents=True, exist_ok=True)
        private_dir(path.parent)  # messages carry restricted attachments: the outbox is owner-only
        write_atomic(path, msg.as_bytes(policy=policy.SMTP), private=True)
        return str(path)

    def describe(self) -> str:
        return f"outbox folder {self.folder}"


def outbox_name(address: str) -> str:
    """`address.eml` when the address is file-safe as it is, else the safe form plus a digest of the address."""
    safe = re.sub(r"[^A-Za-z0-9@._+-]", "_", address)[:200]
    if safe == address and not address.startswith("."):
        return f"{safe}.eml"
    return f"{safe.lstrip('.')}-{hashlib.sha256(address.encode()).hexdigest()[:12]}.eml"


@dataclass(frozen=True)
class SmtpConfig:
    host: str
    port: int
    security: str  # starttls | ssl | none
    username: str | None
    password: str | None
    sender: str


class SmtpTransport:
    """One connection per recipient list; connection errors are classified like send errors."""

    name = "smtp"
    idempotent = False

    def __init__(self, config: SmtpConfig):
        self.config, self.sender = config, config.sender
        self.connection: smtplib.SMTP | None = None

    def __enter__(self) -> SmtpTransport:
        c = self.config
        try:
            if c.security == "ssl":
                conn = smtplib.SMTP_SSL(c.host, c.port, timeout=SMTP_TIMEOUT_SECONDS,
                                        context=ssl.create_default_context())
            else:
                conn = smtplib.SMTP(c.host, c.port, timeout=SMTP_TIMEOUT_SECONDS)
            self.connection = conn
            conn.ehlo()
            if c.security == "starttls":
                conn.starttls(context=ssl.create_default_context())
                conn.ehlo()
            if c.username:
                conn.login(c.username, c.password or "")
        except Exception as exc:  # noqa: BLE001 - classify() re-raises what it does not know
            self.__exit__()
            raise classify(exc) from exc
        return self

    def __exit__(self, *exc) -> None:
        if self.connection is None:
            return
        try:
            self.connection.quit()
        except (smtplib.SMTPException, OSError):
            self.connection.close()
        self.connection = None

    def send(self, msg: EmailMessage, assignment: Assignment) -> str:
        try:
            self.connection.send_message(msg)
        except Exception as exc:  # noqa: BLE001
            raise classify(exc) from exc
        return f"{self.config.host}:{self.config.port}"

    def describe(self) -> str:
        return f"SMTP {self.config.host}:{self.config.port} ({self.config.security})"


def smtp_config(settings: Settings) -> SmtpConfig | None:
    """SMTP from REVIEWPREP_SMTP_* and, over them, a Prefect Secret block; None without a host."""
    values = {
        "host": settings.smtp_host, "port": settings.smtp_port, "security": settings.smtp_security,
        "username": settings.smtp_username,
        "password": settings.smtp_password.get_secret_value() if settings.smtp_password else None,
        "sender": settings.smtp_sender,
    }
    if settings.smtp_secret_block:
        values.update(_secret_block_values(settings.smtp_secret_block))
    if not values["host"]:
        return None
    if values["security"] not in ("starttls", "ssl", "none"):
        raise UserError(f"SMTP security must be starttls, ssl or none, not {values['security']!r}")
    if values["security"] == "none" and values["username"]:
        check_plaintext_login(values["host"], settings.smtp_allow_plaintext_login)
    return SmtpConfig(host=values["host"], port=int(values["port"]), security=values["security"],
                      username=values["username"], password=values["password"], sender=values["sender"])


def check_plaintext_login(host: str, allowed: bool) -> None:
    """A login over an unencrypted connection sends the password in clear: only to this machine, and only when asked."""
    if allowed and is_loopback(host):
        return
    where = "" if is_loopback(host) else f"; {host} is not this machine, so it is refused whatever the setting"
    raise UserError(f"REVIEWPREP_SMTP_SECURITY=none with a username would send the password in clear text "
                    f"to {host}: use starttls or ssl, or for a relay on this machine (127.0.0.1, ::1, localhost) "
                    f"set REVIEWPREP_SMTP_ALLOW_PLAINTEXT_LOGIN=1{where}")


def is_loopback(host: str) -> bool:
    if host.strip().lower().rstrip(".") == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def _secret_block_values(block_name: str) -> dict:
    """A Secret block holding either the password, or a JSON object with any of SECRET_KEYS."""
    from prefect.blocks.system import Secret

    try:
        value = Secret.load(block_name).get()
    except ValueError as exc:
        raise UserError(f"Prefect Secret block {block_name!r} could not be loaded: {exc}") from None
    if isinstance(value, str):
        return {"password": value}
    if not isinstance(value, dict) or set(value) - SECRET_KEYS:
        extra = sorted(set(value) - SECRET_KEYS) if isinstance(value, dict) else []
        raise UserError(f"Prefect Secret block {block_name!r} must hold a password or an object with "
                        f"keys {', '.join(sorted(SECRET_KEYS))}" + (f"; unknown: {', '.join(extra)}" if extra else ""))
    return value


def transport_for(settings: Settings) -> OutboxTransport | SmtpTransport:
    config = smtp_config(settings)
    return SmtpTransport(config) if config else OutboxTransport(settings.outbox, settings.smtp_sender)
