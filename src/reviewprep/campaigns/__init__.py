"""Campaigns: form letters found among text submissions, so people are counted, not copies."""
