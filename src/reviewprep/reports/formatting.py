"""Locale-aware formatting of numbers and dates for templates (Babel)."""

from __future__ import annotations

import datetime as dt

from babel.dates import format_date
from babel.lists import format_list
from babel.numbers import format_decimal, format_percent

STATUS_SYMBOLS = {
    "on_track": "●",
    "needs_acceleration": "◕",
    "limited": "◑",
    "off_track": "○",
    "insufficient_evidence": "–",
}
STATE_SYMBOLS = {"on_time": "●", "late": "◐", "overdue": "✕", "unknown": "?", "not_checked": "◌", "not_due": "○"}
JUDGEMENT_SYMBOLS = {"green": "●", "amber": "◑", "red": "○"}


QUOTE_CHARS = 500  # a quote in the PDF: about six lines; the HTML twin keeps it whole
NAME_CHARS = 60  # an organisation or stakeholder name


def excerpt(text: str, limit: int) -> str:
    """`text` if it fits in `limit` characters, else cut at the last word boundary before it, with '…'."""
    if len(text) <= limit:
        return text
    cut = text[:limit].rstrip()
    space = cut.rfind(" ", limit // 2)
    return (cut[:space] if space > 0 else cut).rstrip(" ,;:.-–—") + "…"


def filters(language: str) -> dict:
    def score(value: float | None) -> str:
        return "–" if value is None else format_decimal(round(value), locale=language)

    def number(value: float | None, digits: int = 1) -> str:
        if value is None:
            return "–"
        return format_decimal(value, format=f"#,##0.{'#' * digits}", locale=language)

    def signed(value: float | None) -> str:
        if value is None:
            return "–"
        value = round(value, 1)  # the sign must agree with the digits shown: never "−0"
        text = format_decimal(abs(value), format="#,##0.#", locale=language)
        return ("+" if value > 0 else "−" if value < 0 else "±") + text

    def percent(value: float | None) -> str:
        return "–" if value is None else format_percent(value, locale=language)

    def date(value: dt.date | str | None, form: str = "long") -> str:
        if value is None:
            return "–"
        if isinstance(value, str):
            value = dt.date.fromisoformat(value)
        return format_date(value, format=form, locale=language)

    return {"score": score, "number": number, "signed": signed, "percent": percent, "date": date,
            "excerpt": excerpt,
            "listing": lambda items: format_list(list(items), locale=language),
            "symbol": lambda status: STATUS_SYMBOLS.get(status, ""),
            "state_symbol": lambda state: STATE_SYMBOLS.get(state, ""),
            "judgement_symbol": lambda rating: JUDGEMENT_SYMBOLS.get(rating, "")}
