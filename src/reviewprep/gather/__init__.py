"""Gather stakeholder inputs: one module per input format, shared validation and quarantine."""
