"""SMTP: the server drops the connection in the DATA phase (server down, 4xx and 5xx are in
tests/test_distribute_smtp.py and run by `make hardening` by node id)."""

from __future__ import annotations

import pytest

from reviewprep.distribute.send import TransientDeliveryError, deliver_list
from tests.smtp_server import Recorder, smtp_server
from tests.test_distribute_smtp import plan, rows, smtp


class DropsInData(Recorder):
    """Aborts the connection once, when the message for `address` has arrived but before replying.

    Without the final reply SMTP has not accepted the message, so the sender must try again.
    """

    def __init__(self, address: str):
        super().__init__()
        self.address, self.dropped = address, 0

    async def handle_DATA(self, server, session, envelope):
        if self.address in envelope.rcpt_tos and not self.dropped:
            self.dropped += 1
            server.transport.abort()
            return "421 4.4.2 connection dropped"  # never reaches the client
        return await super().handle_DATA(server, session, envelope)


def test_connection_dropped_during_data(settings, config_copy, table):
    items = plan(settings, config_copy)["unit"]
    first, second = (a.recipient.email for a in items)
    server = DropsInData(first)
    with smtp_server(server) as controller:
        with pytest.raises(TransientDeliveryError, match="2 send"):
            deliver_list(settings, "unit", items, transport=smtp(controller.port))
        after_drop = rows(settings)
        again = deliver_list(settings, "unit", items, transport=smtp(controller.port))  # the task's retry
    received = sorted(m["To"].addresses[0].addr_spec for m in server.messages)
    table.compare(
        "SMTP connection dropped in DATA, before the server's reply (aiosmtpd)",
        {"first pass": "both deferred (connection lost)", "retry pass": "2 sent", "messages": [first, second],
         "log": "sent, 2 attempts each"},
        {"first pass": "both deferred (connection lost)" if {s for s, _, _ in after_drop.values()} == {"deferred"}
         and "SMTPServerDisconnected" in after_drop[first][2] else str(after_drop),
         "retry pass": f"{again.sent} sent", "messages": received,
         "log": "sent, 2 attempts each" if set(rows(settings).values()) == {("sent", 2, "")} else str(rows(settings))})
    table.assert_all_passed()
