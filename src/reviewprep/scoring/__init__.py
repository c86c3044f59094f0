"""Scoring methodology (docs/methodology.md): components, confidence, status, trend, outlook."""
