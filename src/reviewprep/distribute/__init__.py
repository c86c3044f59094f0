"""Distribution: who gets which report variant, exactly once.

recipients: the validated `config/distribution.yaml`; plan: recipient → variant;
message: the email itself; transport: outbox folder or SMTP; delivery: the table
that makes a retry or re-run a no-op; send: one pass over a recipient list.
"""
