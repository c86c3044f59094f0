"""A Prefect notification block that emails the unit through the project's SMTP settings.

Prefect's server runs an automation's "send notification" action itself, so the block must
carry everything the send needs: recipients and the SMTP settings `reviewprep alerts apply`
copied from REVIEWPREP_SMTP_* (or the SMTP Secret block) when it saved it; the password is a
secret field, stored encrypted by Prefect and never shown. The server finds this class
through the `prefect.collections` entry point, so this module imports nothing heavy.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from typing import Literal

from prefect.blocks.abstract import NotificationBlock
from pydantic import Field, SecretStr

BLOCK_NAME = "reviewprep-alerts"


class AlertEmail(NotificationBlock):
    """Email for Prefect automations: one message to every recipient per notification."""

    _block_type_name = "reviewprep alert email"
    _block_type_slug = "reviewprep-alert-email"
    _description = "Sends a Prefect automation's notification by SMTP to the unit's alert recipients."

    to: list[str] = Field(min_length=1, description="Recipients' addresses")
    host: str
    port: int = 587
    security: Literal["starttls", "ssl", "none"] = "starttls"
    username: str | None = None
    password: SecretStr | None = None
    sender: str

    def message(self, body: str, subject: str | None) -> EmailMessage:
        msg = EmailMessage()
        msg["From"], msg["To"] = self.sender, ", ".join(self.to)
        msg["Subject"] = subject or "reviewprep alert"
        msg["Date"] = format_datetime(dt.datetime.now(dt.UTC))
        msg["Message-ID"] = make_msgid(domain="reviewprep.alerts")
        msg.set_content(body)
        return msg

    def send(self, msg: EmailMessage) -> None:
        from reviewprep.distribute.transport import SmtpConfig, SmtpTransport

        config = SmtpConfig(host=self.host, port=self.port, security=self.security, username=self.username,
                            password=self.password.get_secret_value() if self.password else None,
                            sender=self.sender)
        with SmtpTransport(config) as transport:
            transport.connection.send_message(msg)

    async def notify(self, body: str, subject: str | None = None) -> None:
        try:
            await asyncio.to_thread(self.send, self.message(body, subject))
        except Exception as exc:
            if self._raise_on_failure:
                raise
            self.logger.error(f"alert email to {', '.join(self.to)} not sent: {exc}")
