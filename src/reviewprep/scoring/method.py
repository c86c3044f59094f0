"""Cell scores for one as-of date and audience, computed on arrays.

A cell is (chapter, recommendation, Party) with Party US, CA, MX or NA (trilateral).
A rating with no recommendation bears on every applicable cell of its chapter. The
sums behind each cell are NumPy bincounts over all ratings at once; Python only
loops over the cells (a few hundred), never over ratings.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from reviewprep.campaigns import voices
from reviewprep.campaigns.summary import campaign_id
from reviewprep.codes import CHAPTER_CODES, PARTY_ORDER, RECOMMENDATION_CODES
from reviewprep.framework.models import Framework
from reviewprep.scoring import evidence
from reviewprep.scoring.config import RATING_LEVELS, ScoringConfig
from reviewprep.scoring.inputs import Inputs, Ratings, day_number, from_day_number

NO_IDS = np.zeros(0, dtype=np.int64)
NO_SHARES = np.zeros(0, dtype=np.float64)


@dataclass(frozen=True)
class CellCampaigns:
    """The campaigns that rated one cell, in group order: each one's id, its ratings on the
    cell and its share of the cell's weight (unrounded). Slices of arrays all cells share;
    the dicts are made only when serialised (`as_json`): at a million letters there are
    hundreds of thousands of (cell, campaign) pairs."""

    ids: np.ndarray  # object: the campaign id strings, one object per campaign
    ratings: np.ndarray
    shares: np.ndarray

    def __len__(self) -> int:
        return len(self.ratings)

    def as_json(self) -> list[dict]:
        return [{"id": i, "ratings": n, "weight_share": rounded(share, 6)}
                for i, n, share in zip(self.ids.tolist(), self.ratings.tolist(), self.shares.tolist(), strict=True)]


NO_CAMPAIGNS = CellCampaigns(np.zeros(0, dtype=object), NO_IDS, NO_SHARES)


@dataclass
class Cell:
    chapter: str
    recommendation: str
    party: str
    score: float | None
    status: str
    confidence: str
    assessment: float | None
    evidence: float | None
    n: int
    organizations: int
    dispersion: float | None
    evidence_known: int
    evidence_unknown: int
    latest_input: dt.date | None
    evidence_not_checked: int = 0  # due instances nobody has checked: left out of E, against coverage
    # Voices: ratings outside campaigns, plus one per campaign (what minimum and confidence
    # count); the campaigns that rated the cell with their ratings and share of the weight.
    voices: int = 0
    campaigns: CellCampaigns = NO_CAMPAIGNS
    # The explanation: contributing submissions (ids ascending, an integer array) with each
    # one's share of the assessment weight (float64, rounded to 6 places), and the
    # obligation instances and evidence events used. Arrays, not lists: at a million
    # ratings a list per cell would hold millions of Python objects.
    submissions: np.ndarray = field(default_factory=lambda: NO_IDS)
    shares: np.ndarray = field(default_factory=lambda: NO_SHARES)
    events: list[int] = field(default_factory=list)
    instances: list[evidence.Instance] = field(default_factory=list)

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.chapter, self.recommendation, self.party)

    @property
    def evidence_coverage(self) -> float | None:
        """Share of the due obligation instances whose state is known (unknown and not yet
        checked ones lower it)."""
        due = self.evidence_known + self.evidence_unknown + self.evidence_not_checked
        return rounded(self.evidence_known / due, 3) if due else None


def rounded(value: float | None, digits: int) -> float | None:
    """A plain float rounded for output (never numpy, never -0.0), or None."""
    return None if value is None else float(round(float(value), digits)) + 0.0


def status_of(score: float | None, config: ScoringConfig) -> str:
    if score is None:
        return "insufficient_evidence"
    t = config.status_thresholds
    if score >= t.on_track:
        return "on_track"
    if score >= t.needs_acceleration:
        return "needs_acceleration"
    if score >= t.limited:
        return "limited"
    return "off_track"


def confidence_of(n: int, orgs: int, dispersion: float | None, latest: dt.date | None,
                  as_of: dt.date, config: ScoringConfig) -> str:
    """High / medium / low from volume, breadth, agreement and recency (never from the score).

    Agreement only counts among ratings that make an assessment component (at least
    `minimum_ratings`). Call it for scored cells; an insufficient cell's confidence is low.
    """
    c = config.confidence
    points = 0
    points += n >= c.medium.min_ratings and orgs >= c.medium.min_organizations
    points += n >= c.high.min_ratings and orgs >= c.high.min_organizations
    points += dispersion is not None and n >= config.minimum_ratings and dispersion <= c.max_dispersion
    points += latest is not None and (as_of - latest).days <= c.recent_days
    if points >= c.high_points:
        return "high"
    return "medium" if points >= c.medium_points else "low"


def combine(assessment: float | None, evidence_value: float | None, config: ScoringConfig) -> float | None:
    """Weighted mean of the components present; None when neither is."""
    w = config.component_weights
    parts = [(assessment, w.assessment), (evidence_value, w.evidence)]
    present = [(v, wt) for v, wt in parts if v is not None and wt > 0]
    if not present:
        return None
    return sum(v * wt for v, wt in present) / sum(wt for _, wt in present)


def _targets(framework: Framework) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """For each (chapter, recommendation or whole chapter) combination, the cells it lands
    on, as (count, start, flat cell indexes). Combination = chapter × 11 + recommendation + 1."""
    cell_index = {cell: i for i, cell in enumerate(framework.cells)}
    targets: list[list[int]] = []
    for chapter in CHAPTER_CODES:
        targets.append([cell_index[(ch, r)] for ch, r in framework.cells if ch == chapter])
        targets.extend([[cell_index[(chapter, r)]] if (chapter, r) in cell_index else []
                        for r in RECOMMENDATION_CODES])
    lengths = np.array([len(t) for t in targets], dtype=np.int64)
    return lengths, np.cumsum(lengths) - lengths, np.array([i for t in targets for i in t], dtype=np.int32)


def _combination(ratings: Ratings) -> np.ndarray:
    return ratings.chapter.astype(np.intp) * (len(RECOMMENDATION_CODES) + 1) + ratings.recommendation + 1


def expand_to_cells(ratings: Ratings, framework: Framework) -> tuple[np.ndarray, np.ndarray]:
    """(row index, cell index) pairs: a whole-chapter rating lands on every applicable cell.

    A rating on a recommendation the framework does not apply to its chapter lands
    nowhere (`outside_framework` counts those). Rows keep their order within each cell.
    Both int32: a landing is 8 bytes, at millions of them.
    """
    lengths, starts, flat = _targets(framework)
    combo = _combination(ratings)
    per_row = lengths[combo]
    rows = np.repeat(np.arange(len(combo), dtype=np.int32), per_row)
    # A landing's index in `flat`: its rating's first target, plus its position among them.
    target = np.repeat(starts[combo] - (np.cumsum(per_row) - per_row), per_row)
    target += np.arange(len(rows), dtype=np.int64)
    return rows, flat[target]


@dataclass
class Landing:
    """Where each rating lands, worked out once for the latest date: ratings are in day order,
    so the ratings received by an earlier date land on a prefix of these (row, key) pairs."""

    rows: np.ndarray  # per landing: the rating's index (int32)
    key: np.ndarray  # per landing: cell × Party (uint16 while cells × Parties fit it; widen before multiplying)
    ends: np.ndarray  # per rating: landings of the ratings up to and including it (int32)

    def first(self, ratings: int) -> tuple[np.ndarray, np.ndarray]:
        """(rows, keys) of the first `ratings` ratings' landings (views, no copy)."""
        end = int(self.ends[ratings - 1]) if ratings else 0
        return self.rows[:end], self.key[:end]


def land(ratings: Ratings, framework: Framework) -> Landing:
    rows, cell_of_row = expand_to_cells(ratings, framework)
    per_row = np.bincount(rows, minlength=len(ratings))
    key = cell_of_row * len(PARTY_ORDER) + ratings.party[rows]
    del cell_of_row
    if len(framework.cells) * len(PARTY_ORDER) <= 1 << 16:
        key = key.astype(np.uint16)  # half the bytes, held all through scoring
    return Landing(rows, key, np.cumsum(per_row, dtype=_position_type(len(rows))))


def outside_framework(ratings: Ratings, framework: Framework) -> int:
    """Ratings that land on no cell: the recommendation does not apply to the chapter."""
    return int(np.count_nonzero(_targets(framework)[0][_combination(ratings)] == 0))


def rating_campaigns(inputs: Inputs) -> np.ndarray | None:
    """Per rating: the index of its campaign among these inputs, or -1 (none, or a group too small).
    None when no rating is in a campaign: no array per rating, nor per landing after it."""
    active = inputs.campaign_groups()
    group = inputs.ratings.group
    if not active.any():
        return None
    campaign = np.where((group >= 0) & active[np.maximum(group, 0)], group, -1)
    return campaign if (campaign >= 0).any() else None


def rating_weights(ratings: Ratings, as_of: dt.date, config: ScoringConfig) -> np.ndarray:
    """Stakeholder-type weight × recency (halving every half-life) for each rating."""
    type_weight = np.asarray(config.type_weights(), dtype=np.float64)[ratings.stakeholder_type]
    age = (day_number(as_of) - ratings.day).astype(np.float64)
    return type_weight * np.power(0.5, age / config.recency_half_life_days)


@dataclass
class Weights:
    """The ratings' weights: per rating, and per landing only where a campaign's one-voice factor
    makes a landing's differ from its rating's (else None: gathered when needed, never held per
    landing, 18 MB at a million ratings)."""

    rating: np.ndarray
    landing: np.ndarray | None
    rows: np.ndarray  # per landing: the rating's index

    def of(self, which: np.ndarray) -> np.ndarray:
        """The weights of the landings `which` (positions or a mask)."""
        return self.rating[self.rows[which]] if self.landing is None else self.landing[which]

    def times(self, values: np.ndarray) -> np.ndarray:
        """Per landing: `values` (per rating) × its weight. Per rating first when the weight is:
        the same products of the same numbers, gathered after."""
        if self.landing is None:
            return (values * self.rating)[self.rows]
        out = values[self.rows]
        out *= self.landing
        return out


@dataclass
class AssessmentSums:
    """Per-cell sums over the ratings (index = cell × Party), and the contributions behind them."""

    weight: np.ndarray
    assessment: np.ndarray  # weighted mean points (valid where weight > 0)
    dispersion: np.ndarray  # weighted standard deviation of levels
    count: np.ndarray
    organizations: np.ndarray
    latest: np.ndarray  # latest day number, -1 when none
    key: np.ndarray  # per contribution: the cell it lands on
    row: np.ndarray  # per contribution: the rating's index
    contribution: Weights  # per contribution: its weight
    voices: np.ndarray  # ratings outside campaigns + campaigns, per cell
    campaign: np.ndarray | None  # per contribution: its campaign's index, -1 = none; None: no campaign


def assessment_sums(ratings: Ratings, framework: Framework, config: ScoringConfig,
                    as_of: dt.date, campaign: np.ndarray | None = None,
                    landing: Landing | None = None) -> AssessmentSums:
    """All cells' weighted sums at once (bincounts over the ratings, no loop over rows).

    `campaign` (per rating, from `rating_campaigns`) makes a campaign's ratings on a cell
    one voice: they share one rating's weight, and organisations and voices count the
    campaign once. Without it every rating is its own voice. `landing` (from `land` on
    ratings these are a prefix of) saves working out again where they land.
    """
    r = ratings
    size = len(framework.cells) * len(PARTY_ORDER)
    rows, key, weight, in_campaign, grouped = _landed(r, framework, config, as_of, campaign, landing)
    # One array per landing at a time (products in place, the same operations on the same
    # values; a product is the same either way round). The level is gathered again where it is
    # needed rather than held, and points are worked out per rating.
    sum_w = np.bincount(key, weights=weight.of(slice(None)), minlength=size)
    safe_w = np.where(sum_w > 0, sum_w, 1.0)
    weighted = weight.times(r.rating)
    mean_level = np.bincount(key, weights=weighted, minlength=size) / safe_w
    weighted *= r.rating[rows]
    mean_square = np.bincount(key, weights=weighted, minlength=size) / safe_w
    del weighted
    weighted = weight.times(_points(r, config))
    assessment = np.bincount(key, weights=weighted, minlength=size) / safe_w
    del weighted
    who, n_who = _who(r, rows, in_campaign, grouped)
    pairs = key.astype(np.int64) * n_who
    pairs += who
    organizations = np.bincount(distinct(pairs) // n_who, minlength=size)
    del pairs
    latest = np.full(size, -1, dtype=np.int64)
    np.maximum.at(latest, key, r.day[rows])
    return AssessmentSums(
        weight=sum_w, assessment=assessment,
        dispersion=np.sqrt(np.maximum(mean_square - mean_level * mean_level, 0.0)),
        count=np.bincount(key, minlength=size), organizations=organizations,
        latest=latest, key=key, row=rows, contribution=weight,
        voices=_voices(key, who, n_who, grouped, size),
        campaign=in_campaign,
    )


def _points(r: Ratings, config: ScoringConfig) -> np.ndarray:
    """Each rating's points (its level on the configured scale): per rating, gathered per landing after."""
    return np.interp(r.rating, RATING_LEVELS, config.level_points())


def _landed(r: Ratings, framework: Framework, config: ScoringConfig, as_of: dt.date,
            campaign: np.ndarray | None, landing: Landing | None) -> tuple:
    """(rating row, cell key, weight, campaign index or -1, in a campaign) per landing; the last
    two None when no rating is in a campaign (`rating_campaigns`), and then the weights per rating."""
    rows, key = (landing or land(r, framework)).first(len(r))
    weight = rating_weights(r, as_of, config)
    if campaign is None:
        return rows, key, Weights(weight, None, rows), None, None
    in_campaign = campaign[rows]
    grouped = in_campaign >= 0
    if not grouped.any():
        return rows, key, Weights(weight, None, rows), None, None
    per_landing = weight[rows]
    per_landing *= voices.one_voice_factor(key, in_campaign, grouped)
    return rows, key, Weights(weight, per_landing, rows), in_campaign, grouped


def _who(r: Ratings, rows: np.ndarray, in_campaign: np.ndarray | None,
         grouped: np.ndarray | None) -> tuple[np.ndarray, int]:
    """Per landing, whose voice it is; a campaign counts as one organisation and one voice:
    its own id past the organisations'. And the number of ids."""
    n_orgs = int(r.organization.max()) + 1 if len(r) else 1
    who = (np.where(grouped, n_orgs + in_campaign, r.organization[rows]) if _any(grouped)
           else r.organization[rows])
    return who, int(who.max()) + 1 if len(who) else 1


def _any(grouped: np.ndarray | None) -> bool:
    return grouped is not None and bool(grouped.any())


def _voices(key: np.ndarray, who: np.ndarray, n_who: int, grouped: np.ndarray | None, size: int) -> np.ndarray:
    """Per cell: ratings outside campaigns plus campaigns."""
    if grouped is None:
        return np.bincount(key, minlength=size)
    campaign_pairs = distinct(key[grouped].astype(np.int64) * n_who + who[grouped]) // n_who
    return np.bincount(key[~grouped], minlength=size) + np.bincount(campaign_pairs, minlength=size)


def cell_scores(inputs: Inputs, framework: Framework, config: ScoringConfig, as_of: dt.date,
                landing: Landing | None = None) -> list[float | None]:
    """Only each cell's score, in `score_cells`' order: what the weekly history and the baseline
    use, from the same sums in the same order, so the same numbers as `score_cells`."""
    r = inputs.ratings
    size = len(framework.cells) * len(PARTY_ORDER)
    campaign = rating_campaigns(inputs) if config.campaign_ratings == "one_voice" else None
    rows, key, weight, in_campaign, grouped = _landed(r, framework, config, as_of, campaign, landing)
    sum_w = np.bincount(key, weights=weight.of(slice(None)), minlength=size)
    points = weight.times(_points(r, config))
    assessment = np.bincount(key, weights=points, minlength=size) / np.where(sum_w > 0, sum_w, 1.0)
    del points
    heard = (_voices(key, *_who(r, rows, in_campaign, grouped), grouped, size) if _any(grouped)
             else np.bincount(key, minlength=size))  # no campaign: every rating is a voice
    evidence_of = evidence.by_cell(framework, evidence.all_instances(framework, inputs.events, as_of), config,
                                   PARTY_ORDER)
    scores = []
    for k, cell in enumerate(cell_keys(framework)):
        a_value = float(assessment[k]) if heard[k] >= config.minimum_ratings and sum_w[k] > 0 else None
        scores.append(rounded(combine(a_value, evidence_of[cell].value, config), 2))
    return scores


def cell_keys(framework: Framework) -> list[tuple[str, str, str]]:
    """(chapter, recommendation, Party) of every cell, in the order of the sums' index
    (cell × Party) and of `score_cells` and `cell_scores`."""
    return [(chapter, rec, party) for chapter, rec in framework.cells for party in PARTY_ORDER]


def score_cells(inputs: Inputs, framework: Framework, config: ScoringConfig, as_of: dt.date,
                explain: bool = True, landing: Landing | None = None) -> list[Cell]:
    """Score every applicable cell for every Party from `inputs` (already made visible)."""
    one_voice = config.campaign_ratings == "one_voice"  # else every letter counts, as before campaigns
    sums = assessment_sums(inputs.ratings, framework, config, as_of, rating_campaigns(inputs) if one_voice else None,
                           landing)
    positive = sums.weight > 0
    campaigns_of = _campaigns_by_cell(sums, inputs.group_keys) if explain else {}
    shares = _shares_by_cell(sums, inputs.ratings.submission_id) if explain else {}
    found = evidence.all_instances(framework, inputs.events, as_of)
    evidence_of = evidence.by_cell(framework, found, config, PARTY_ORDER)

    out = []
    for k, (chapter, rec, party) in enumerate(cell_keys(framework)):
        n, heard = int(sums.count[k]), int(sums.voices[k])
        a_value = float(sums.assessment[k]) if heard >= config.minimum_ratings and positive[k] else None
        ev = evidence_of[(chapter, rec, party)]
        score = rounded(combine(a_value, ev.value, config), 2)
        disp = float(sums.dispersion[k]) if positive[k] else None
        last_rating = from_day_number(sums.latest[k]) if sums.latest[k] >= 0 else None
        latest_input = max((d for d in (last_rating, ev.latest) if d is not None), default=None)
        ids, weights = shares.get(k, (NO_IDS, NO_SHARES))
        out.append(Cell(
            chapter=chapter, recommendation=rec, party=party, score=score,
            status=status_of(score, config),
            confidence="low" if score is None else confidence_of(
                heard, int(sums.organizations[k]), disp, latest_input, as_of, config),
            assessment=rounded(a_value, 2), evidence=rounded(ev.value, 2),
            n=n, organizations=int(sums.organizations[k]), dispersion=rounded(disp, 3),
            evidence_known=ev.known, evidence_unknown=ev.unknown, evidence_not_checked=ev.not_checked,
            latest_input=latest_input, voices=heard, campaigns=campaigns_of.get(k, NO_CAMPAIGNS),
            submissions=ids, shares=weights,
            events=sorted({e for i in ev.used for e in i.event_ids}) if explain else [],
            instances=list(ev.used) if explain else [],
        ))
    return out


def _campaigns_by_cell(sums: AssessmentSums, group_keys: Sequence[str]) -> dict[int, CellCampaigns]:
    """cell key -> the campaigns that rated it: id, ratings, share of the cell's weight."""
    grouped = sums.campaign >= 0 if sums.campaign is not None else None
    if not _any(grouped):
        return {}
    key, group, weight = sums.key[grouped], sums.campaign[grouped], sums.contribution.of(grouped)
    keys, groups, inverse, counts = voices.unique_pairs(key, group)  # by cell, then group
    totals = np.bincount(inverse, weights=weight, minlength=len(keys))
    cell_weight = sums.weight[keys]
    shares = np.where(cell_weight > 0, totals / np.where(cell_weight > 0, cell_weight, 1.0), 0.0)
    named, of_pair = np.unique(groups, return_inverse=True)
    ids = np.array([campaign_id(group_keys[g]) for g in named.tolist()], dtype=object)[of_pair]
    bounds = np.flatnonzero(np.diff(keys)) + 1
    starts, ends = np.concatenate([[0], bounds]), np.concatenate([bounds, [len(keys)]])
    return {int(keys[s]): CellCampaigns(ids[s:e], counts[s:e], shares[s:e]) for s, e in zip(starts, ends, strict=True)}


def distinct(values: np.ndarray) -> np.ndarray:
    """Sorted distinct integers: marked in a table when they are non-negative and their range
    is small against their number (no sort), else by a plain sort (faster than np.unique)."""
    top = int(values.max()) + 1 if len(values) else 0
    if len(values) and top <= 4 * len(values) and values.min() >= 0:
        seen = np.zeros(top, dtype=bool)
        seen[values] = True
        return np.flatnonzero(seen)
    ordered = np.sort(values)
    return ordered[np.concatenate([[True], ordered[1:] != ordered[:-1]])] if len(ordered) else ordered


def _shares_by_cell(sums: AssessmentSums, ids: np.ndarray) -> dict[int, tuple[np.ndarray, np.ndarray]]:
    """cell key -> (submission ids ascending, each one's share of the cell's weight): slices of two arrays.

    `sums.row` (per contribution, ascending: its rating) and `ids` (per rating): the
    contributions are put in submission id order a rating at a time (one sort of the ratings,
    not of the contributions), then in cell order by a stable radix sort of the cell keys.
    A cell's slice is known from its count, and its shares are divided on that slice: no
    per-contribution copy of the keys or the cells' weights. Positions are int32 (a third of
    the peak memory at a million ratings was int64 positions).
    """
    key, rows = sums.key, sums.row
    if not len(key):
        return {}
    position = _position_type(len(key))
    per_rating = np.bincount(rows, minlength=len(ids))
    by_id = np.argsort(ids, kind="stable")
    counts = per_rating[by_id]
    shift = (np.cumsum(per_rating) - per_rating)[by_id]  # each rating's first contribution, less the
    shift -= np.cumsum(counts) - counts                  # place it moves to in id order
    del per_rating, by_id
    order = np.repeat(shift.astype(position), counts)
    del shift, counts
    order += np.arange(len(rows), dtype=position)
    order = _by_cell(order, key[order], sums.count)
    submission = ids[rows[order]]  # as the inputs hold them (int32 as read: half the bytes of int64)
    share = sums.contribution.of(order)
    del order
    ends = np.cumsum(sums.count)
    starts = ends - sums.count
    out = {}
    for k in np.flatnonzero(sums.count).tolist():
        s, e = int(starts[k]), int(ends[k])
        if sums.weight[k] > 0:
            share[s:e] /= sums.weight[k]
        out[k] = (submission[s:e], share[s:e])
    np.round(share, 6, out=share)
    return out


SORT_CHUNK = 1 << 18  # entries sorted at a time by `_by_cell`: 2 MB of int64 positions


def _by_cell(order: np.ndarray, cell_of: np.ndarray, count: np.ndarray) -> np.ndarray:
    """`order` stably sorted by `cell_of` (`count`: entries per cell), a chunk at a time: each
    chunk's entries go to the next free places of their cells. The same as indexing with a
    stable argsort, without np.argsort's int64 positions for all of them (18 MB at a million ratings)."""
    out = np.empty_like(order)
    free = (np.cumsum(count) - count).astype(order.dtype)
    for start in range(0, len(order), SORT_CHUNK):
        cells = cell_of[start:start + SORT_CHUNK]
        local = np.argsort(cells, kind="stable")  # 16-bit keys sort by radix
        ordered = cells[local]
        rank = np.arange(len(local), dtype=order.dtype) - np.searchsorted(ordered, ordered).astype(order.dtype)
        out[free[ordered] + rank] = order[start:start + SORT_CHUNK][local]
        free += np.bincount(cells, minlength=len(count)).astype(order.dtype)
    return out


def _position_type(n: int) -> type:
    """int32 for positions in an array of `n` entries; refused when int32 cannot hold them (never a wrap)."""
    if n > np.iinfo(np.int32).max:
        raise ValueError(f"{n} contributions: more than int32 positions hold")
    return np.int32
