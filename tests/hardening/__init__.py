"""Hardening: bad input at every entry point, SMTP faults, kills, concurrency, full or read-only folders, oversized files."""
