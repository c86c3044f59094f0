"""Scoring methodology (DESIGN §4): components, confidence, status, trend, outlook."""
