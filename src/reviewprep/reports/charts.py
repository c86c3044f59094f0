"""Geometry for the reports' SVG charts; templates draw it, so every word stays escaped.

All lengths are in points: templates give each <svg> `width="…pt"` and a viewBox of
the same numbers, so one user unit is one point on paper and font sizes read as pt.
WeasyPrint does not apply the page's CSS inside inline SVG, which is why every chart
carries its own sizes and an inline <style> (see templates/_charts.html.j2).
Status is never shown by colour alone: each mark also carries a symbol and a number.
"""

from __future__ import annotations

import datetime as dt
import textwrap
from collections.abc import Sequence

# Colours only repeat what symbols and words say; all light enough for black text.
STATUS_COLOURS = {
    "on_track": "#b7dfb0",
    "needs_acceleration": "#fde28a",
    "limited": "#fbb77c",
    "off_track": "#f29c9c",
    "insufficient_evidence": "#e4e4e4",
}
STATE_COLOURS = {
    "on_time": "#2e7d32",
    "late": "#b26a00",
    "overdue": "#b00020",
    "unknown": "#666666",
    "not_checked": "#8a5a9e",
    "not_due": "#0b3954",
}
SCALE_TICKS = (0, 25, 50, 75, 100)


def wrap_lines(text: str, width: int, max_lines: int = 2) -> list[str]:
    """Break a label into at most `max_lines` lines of about `width` characters."""
    lines = textwrap.wrap(text, width=width, break_long_words=False, break_on_hyphens=False) or [""]
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = lines[-1].rstrip(" ,;:") + "…"
    return lines


def line_chart(series: Sequence[tuple[dt.date, float | None]], width: float = 240, height: float = 118,
               target: float = 75) -> dict:
    """A 0-100 line over dated values, broken where a snapshot had no score."""
    left, right, top, bottom = 24.0, 30.0, 8.0, 18.0
    x0, x1, y0, y1 = left, width - right, top, height - bottom

    def y_of(value: float) -> float:
        return round(y1 - value / 100 * (y1 - y0), 1)

    chart = {"width": width, "height": height, "x0": x0, "x1": x1, "y0": y0, "y1": y1,
             "grid": [{"y": y_of(v), "value": v} for v in SCALE_TICKS], "target_y": y_of(target), "target": target,
             "segments": [], "points": [], "ticks": [], "last": None}
    if not series:
        return chart
    first, final = series[0][0].toordinal(), series[-1][0].toordinal()
    span = max(final - first, 1)

    def x_of(day: dt.date) -> float:
        return round(x0 + (day.toordinal() - first) / span * (x1 - x0), 1)

    current: list[str] = []
    for day, value in series:
        if value is None:
            if current:
                chart["segments"].append(" ".join(current))
            current = []
            continue
        point = {"x": x_of(day), "y": y_of(value), "value": value, "date": day}
        chart["points"].append(point)
        current.append(f"{point['x']},{point['y']}")
    if current:
        chart["segments"].append(" ".join(current))
    middle = series[len(series) // 2][0]
    chart["ticks"] = [{"x": x_of(series[0][0]), "date": series[0][0], "anchor": "start"},
                      {"x": x_of(middle), "date": middle, "anchor": "middle"},
                      {"x": x_of(series[-1][0]), "date": series[-1][0], "anchor": "end"}]
    chart["last"] = chart["points"][-1] if chart["points"] else None
    return chart


def bar_chart(groups: Sequence[dict], width: float = 250, label_width: float = 0, key_width: float = 64,
              bar_height: float = 10, gap: float = 4, group_gap: float = 9, target: float = 75) -> dict:
    """Horizontal 0-100 bars, optionally in labelled groups.

    `groups`: [{"label_lines": [...], "bars": [{"key", "score", "status"}]}]. Each bar has
    its key at the left and symbol plus number at its end.
    """
    value_room = 36.0
    x0 = label_width + key_width
    x1 = width - value_room
    top, bottom = 4.0, 16.0
    y = top
    laid = []
    for g, group in enumerate(groups):
        if g:
            y += group_gap
        start = y
        bars = []
        for bar in group["bars"]:
            score = bar["score"]
            length = 0.0 if score is None else round(score / 100 * (x1 - x0), 1)
            bars.append({**bar, "y": round(y, 1), "length": length, "text_x": round(x0 + length + 3, 1),
                         "text_y": round(y + bar_height - 2, 1)})
            y += bar_height + gap
        y -= gap
        laid.append({"label_lines": group.get("label_lines", []), "bars": bars,
                     "label_y": round(start + 8, 1), "y": round(start, 1), "bottom": round(y, 1)})
    height = round(y + bottom, 1)
    scale = [{"x": round(x0 + v / 100 * (x1 - x0), 1), "value": v} for v in SCALE_TICKS]
    return {"width": width, "height": height, "x0": x0, "x1": x1, "axis_y": round(y + 3, 1),
            "bar_height": bar_height, "groups": laid, "scale": scale, "label_width": label_width,
            "target_x": round(x0 + target / 100 * (x1 - x0), 1), "target": target}


def heatmap(rows: Sequence[dict], columns: Sequence[str], width: float = 510, label_width: float = 128,
            total_width: float = 46, row_height: float = 27, header_height: float = 16) -> dict:
    """Chapter rows × recommendation columns plus a chapter total column.

    `rows`: [{"label_lines": [...], "cells": [None | {"score", "status"}], "total": {...}}];
    None marks a recommendation that does not apply to the chapter.
    """
    cell_width = round((width - label_width - total_width) / len(columns), 2)
    laid = []
    for r, row in enumerate(rows):
        y = header_height + r * row_height
        cells = [None if cell is None else
                 {**cell, "x": round(label_width + c * cell_width, 2), "cx": round(label_width + (c + 0.5) * cell_width, 2)}
                 for c, cell in enumerate(row["cells"])]
        laid.append({"label_lines": row["label_lines"], "y": y, "cells": cells,
                     "na": [round(label_width + c * cell_width, 2) for c, cell in enumerate(row["cells"]) if cell is None],
                     "total": {**row["total"], "x": width - total_width, "cx": width - total_width / 2}})
    heads = [{"text": code, "cx": round(label_width + (c + 0.5) * cell_width, 2)} for c, code in enumerate(columns)]
    return {"width": width, "height": header_height + len(rows) * row_height + 2, "label_width": label_width,
            "cell_width": cell_width, "row_height": row_height, "header_height": header_height,
            "total_width": total_width, "total_cx": width - total_width / 2, "heads": heads, "rows": laid}


def timeline(rows: Sequence[dict], start: dt.date, end: dt.date, as_of: dt.date, review: dt.date | None,
             width: float = 510, label_width: float = 170, row_height: float = 19) -> dict:
    """Obligation instances on a calendar up to the next review, one row per obligation (and Party).

    `rows`: [{"label_lines": [...], "marks": [{"due", "state", "at", ...}]}]; a mark is drawn at
    `at` (the middle of the period it belongs to), else at its due date.
    """
    top, bottom = 22.0, 16.0
    x0, x1 = label_width + 8, width - 8
    span = max((end - start).days, 1)

    def x_of(day: dt.date) -> float:
        return round(x0 + (min(max(day, start), end) - start).days / span * (x1 - x0), 1)

    laid = []
    for r, row in enumerate(rows):
        y = top + r * row_height
        laid.append({"label_lines": row["label_lines"], "y": y, "mid": round(y + row_height / 2, 1),
                     "marks": [{**m, "x": x_of(m.get("at") or m["due"])} for m in row["marks"]]})
    height = top + len(rows) * row_height + bottom
    years = [{"x": x_of(dt.date(year, 1, 1)), "year": year}
             for year in range(start.year + 1, end.year + 1) if dt.date(year, 1, 1) <= end]
    return {"width": width, "height": height, "x0": x0, "x1": x1, "top": top,
            "bottom_y": top + len(rows) * row_height, "row_height": row_height, "rows": laid,
            "years": years, "as_of_x": x_of(as_of), "review_x": x_of(review) if review else None,
            "as_of": as_of, "review": review}
