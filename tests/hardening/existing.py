"""Hardening cases other test files already prove: run by node id under `make hardening`, shown in its table."""

EXISTING = {
    "tests/test_distribute_smtp.py::test_server_down_then_up_delivers_once": (
        "SMTP server down, then up (aiosmtpd)", "connection refused: deferred; next pass delivers each message once"),
    "tests/test_distribute_smtp.py::test_5xx_is_permanent_4xx_is_retried": (
        "SMTP 4xx and 5xx replies (aiosmtpd)",
        "451: deferred, retried, delivered once; 550: recorded as failed with the reply, never retried"),
    "tests/test_distribute_smtp.py::test_flow_retries_with_backoff_until_the_server_is_up": (
        "SMTP down while a flow distributes",
        "deliver-list task retried with backoff until the server is up; one message each; 5xx in the artifact"),
    "tests/test_orchestration_kill.py::test_killed_during_render_then_during_distribution": (
        "SIGKILL during render, then during sending, then a full run",
        "one complete set of outputs, no partial file visible, no duplicate delivery, the in-doubt send reported"),
    "tests/test_orchestration_concurrency.py::test_two_runs_at_once": (
        "two weekly flow runs at once",
        "every row stored once, one set of reports, each recipient one message with the right PDF"),
    "tests/test_gather_xlsx.py::test_declared_size_over_the_limit_is_refused": (
        "oversized .xlsx (declares more than the unpack limit)", "refused before parsing, with the limit named"),
}
