"""The framework being scored: chapters, recommendations, applicability, obligations, calendar."""

from reviewprep.framework.load import load_framework, load_review_calendar
from reviewprep.framework.models import Framework, ReviewCalendar

__all__ = [
    "Framework",
    "ReviewCalendar",
    "load_framework",
    "load_review_calendar",
]
