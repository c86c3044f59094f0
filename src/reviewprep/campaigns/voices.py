"""Distinct voices on arrays: a campaign is one voice, whatever the number of its letters.

A submission's voice is its campaign when it belongs to one (a group whose letters, with
the copies a source folded in, reach the campaign size among the inputs visible as of
the date), else its organisation, else its writer's name, else itself (an anonymous
submission is a voice of its own). Ratings sent as part of a campaign share one voice's
weight on each cell: each weighs 1/k of its own weight, k being the campaign's ratings on
that cell, so the campaign counts like one rating of its members' mean weight.
"""

from __future__ import annotations

import numpy as np


def active_campaigns(group: np.ndarray, copies: np.ndarray, min_size: int) -> np.ndarray:
    """Per row: it belongs to a group that is a campaign among these rows."""
    grouped = group >= 0
    if not grouped.any():
        return grouped
    totals = np.bincount(group[grouped], weights=copies[grouped])
    active = np.zeros(len(group), dtype=bool)
    active[grouped] = totals[group[grouped]] >= min_size
    return active


def voice_ids(who: np.ndarray, anonymous: np.ndarray, group: np.ndarray, active: np.ndarray) -> np.ndarray:
    """One integer per voice: `who` (organisation or name id), an anonymous row's own, or its campaign's."""
    rows = np.arange(len(who), dtype=np.int64)
    base = int(who.max()) + 1 if len(who) else 0
    own = np.where(anonymous, base + rows, who)
    return np.where(active, base + len(who) + group, own)


def one_voice_factor(cell: np.ndarray, voice: np.ndarray, active: np.ndarray) -> np.ndarray:
    """Per (rating, cell) row: 1, or 1/k for the k ratings one campaign gave on that cell."""
    factor = np.ones(len(cell), dtype=np.float64)
    if not active.any():
        return factor
    *_, inverse, counts = unique_pairs(cell[active], voice[active])
    factor[active] = 1.0 / counts[inverse]
    return factor


def unique_pairs(first: np.ndarray, second: np.ndarray) -> tuple[np.ndarray, ...]:
    """`np.unique` of the (first, second) rows of two non-negative integer columns, in the same
    order, with inverse and counts: by one int64 key per row (unique with axis=0 sorts the rows
    as opaque bytes, about 20 times slower at a million rows)."""
    width = int(second.max()) + 1 if len(second) else 1
    keys, inverse, counts = np.unique(first.astype(np.int64) * width + second, return_inverse=True,
                                      return_counts=True)
    return keys // width, keys % width, inverse, counts


def distinct(values: np.ndarray) -> int:
    return int(len(np.unique(values)))
