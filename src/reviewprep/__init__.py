"""reviewprep: USMCA review-preparation workflow engine."""

__version__ = "0.1.0"
