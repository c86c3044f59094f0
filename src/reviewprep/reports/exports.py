"""Machine-readable scores beside each PDF: CSV (one row per cell) and JSON.

The JSON is `Snapshot.as_json()`, the same object `reviewprep scores --json` prints.
The CSV adds the chapter and recommendation names in the report's language.
"""

from __future__ import annotations

import csv
import io
import json
from functools import cache
from itertools import chain
from json.encoder import encode_basestring

from reviewprep.files import neutralise
from reviewprep.framework.models import Framework
from reviewprep.scoring.snapshot import Snapshot

CSV_COLUMNS = (
    "as_of", "audience", "chapter", "chapter_name", "recommendation", "recommendation_title", "party",
    "score", "status", "confidence", "n", "organizations", "assessment_component", "evidence_component",
    "change_since_previous", "slope_per_week", "outlook", "projected_at_review",
)

def scores_csv(snapshot: Snapshot, framework: Framework, language: str) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for c in snapshot.cells:
        t = snapshot.trends[c.key]
        row = (
            snapshot.as_of.isoformat(), snapshot.audience, c.chapter, framework.chapter(c.chapter).name(language),
            c.recommendation, framework.recommendation(c.recommendation).title(language), c.party,
            c.score, c.status, c.confidence, c.n, c.organizations, c.assessment, c.evidence,
            t.trend.change, t.trend.slope_per_week, t.outlook.band, t.outlook.projected,
        )
        writer.writerow(["" if v is None else neutralise(v) for v in row])
    return buffer.getvalue()


def scores_json(snapshot: Snapshot) -> str:
    return indented_json(snapshot.as_json()) + "\n"


# Types json writes the same way whatever it is called with (exact types: a subclass takes the plain path).
_SCALARS = frozenset({str, int, float, bool, type(None)})


def indented_json(value) -> str:
    """`json.dumps(value, ensure_ascii=False, indent=1, default=str)`, byte for byte, in a fraction of its time.

    With an indent, json writes in Python, item by item: the scores JSON of a large archive
    (every campaign's share in every cell) took seconds. Here the containers holding only
    scalars, and lists of such dicts, are written by json's C encoder with the newline and
    indent as item separator, then given json's opening and closing lines. Everything else
    is json's own output, shifted right: a raw newline in json output is only ever an indent.
    """
    parts: list[str] = []
    _write(value, 0, parts)
    return "".join(parts)


def _write(value, level: int, parts: list[str]) -> None:
    kind = type(value)
    if kind is dict and value and all(type(k) is str for k in value):
        if all(type(v) in _SCALARS for v in value.values()):
            parts.append(_flat(value, level))
            return
        inner = "\n" + " " * (level + 1)
        opening = "{" + inner
        for key, item in value.items():
            parts.append(opening + encode_basestring(key) + ": ")
            _write(item, level + 1, parts)
            opening = "," + inner
        parts.append("\n" + " " * level + "}")
    elif kind in (list, tuple) and value:
        if all(type(v) in _SCALARS for v in value):
            parts.append(_flat(value, level))
        elif _flat_dicts(value):
            parts.append(_list_of_flat_dicts(value, level))
        else:
            inner = "\n" + " " * (level + 1)
            opening = "[" + inner
            for item in value:
                parts.append(opening)
                _write(item, level + 1, parts)
                opening = "," + inner
            parts.append("\n" + " " * level + "]")
    else:
        parts.append(json.dumps(value, ensure_ascii=False, indent=1, default=str).replace("\n", "\n" + " " * level))


@cache
def _encoder(separator: str) -> json.JSONEncoder:
    """json's C encoder (no indent) writing `separator` between items."""
    return json.JSONEncoder(ensure_ascii=False, default=str, separators=(separator, ": "))


def _flat(value: dict | list | tuple, level: int) -> str:
    """A non-empty container of scalars: items one per line at `level` + 1, closed at `level`."""
    inner = "\n" + " " * (level + 1)
    text = _encoder("," + inner).encode(value)
    return text[0] + inner + text[1:-1] + "\n" + " " * level + text[-1]


def _flat_dicts(items: list | tuple) -> bool:
    """Non-empty dicts only, with text keys and scalar values (checked type by type, not item by item)."""
    return (set(map(type, items)) == {dict} and all(items)
            and set(map(type, chain.from_iterable(items))) == {str}
            and set(map(type, chain.from_iterable(map(dict.values, items)))) <= _SCALARS)


def _list_of_flat_dicts(items: list | tuple, level: int) -> str:
    """A list of non-empty dicts of scalars, written in one call with the dicts' item separator:
    "}" then that separator then "{" is only found between two dicts (a scalar never ends
    with "}", a string never holds a raw newline), where the list's own separator goes."""
    outer, inner = "\n" + " " * (level + 1), "\n" + " " * (level + 2)
    text = _encoder("," + inner).encode(items)
    text = text[2:-2].replace("}," + inner + "{", outer + "}," + outer + "{" + inner)
    return "[" + outer + "{" + inner + text + outer + "}" + "\n" + " " * level + "]"
