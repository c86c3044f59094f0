"""Geometry for the report's SVG charts; templates draw it, so all text stays escaped."""

from __future__ import annotations

import datetime as dt


def line_chart(series: list[tuple[dt.date, float | None]], width: float = 260, height: float = 90,
               pad: float = 22) -> dict:
    """Points for a 0-100 line over dated values; gaps where a snapshot had no score."""
    if not series:
        return {"width": width, "height": height, "segments": [], "points": [], "grid": []}
    first, last = series[0][0].toordinal(), series[-1][0].toordinal()
    span = max(last - first, 1)
    inner_w, inner_h = width - 2 * pad, height - 2 * pad

    def xy(day: dt.date, value: float) -> tuple[float, float]:
        return (round(pad + (day.toordinal() - first) / span * inner_w, 1),
                round(pad + (1 - value / 100) * inner_h, 1))

    points, segments, current = [], [], []
    for day, value in series:
        if value is None:
            if current:
                segments.append(current)
            current = []
            continue
        x, y = xy(day, value)
        points.append({"x": x, "y": y, "value": value, "date": day})
        current.append(f"{x},{y}")
    if current:
        segments.append(current)
    grid = [{"y": round(pad + (1 - v / 100) * inner_h, 1), "value": v} for v in (0, 25, 50, 75, 100)]
    return {"width": width, "height": height, "pad": pad,
            "segments": [" ".join(s) for s in segments], "points": points, "grid": grid}
