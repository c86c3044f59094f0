"""The evidence component: which obligation instances were met, late, overdue, unknown or
not yet checked.

Unknown is not overdue: an instance nobody has checked is `not_checked`; it becomes
`overdue` only when an analyst records a check (a `not_met` event for its period, or a
`checked` event, "checked through DATE", dated on or after its due date). Both unknown
and not-checked instances are left out of E and counted against coverage.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from reviewprep.codes import CREDITED_STATES, PARTIES, TRILATERAL
from reviewprep.framework.models import Framework, Obligation
from reviewprep.scoring.config import ScoringConfig
from reviewprep.scoring.inputs import Event


def period_years(period: str | None, day: dt.date) -> tuple[int, int]:
    """The first and last calendar year an event's period covers: a year ("2023"), a range
    ("2023-01-01/2024-06-30"), or, when empty, the year of the event's date."""
    if not period:
        return day.year, day.year
    if "/" in period:
        start, end = period.split("/", 1)
        return dt.date.fromisoformat(start).year, dt.date.fromisoformat(end).year
    return int(period), int(period)


def counts_for(event: Event, year: int) -> bool:
    first, last = period_years(event.period, event.day)
    return first <= year <= last


@dataclass(frozen=True)
class Instance:
    """One due occurrence of an obligation, for one Party or for the three together."""

    obligation: str
    period: str
    due: dt.date
    party: str  # US/CA/MX, or NA for a trilateral obligation
    state: str  # on_time | late | overdue | unknown | not_checked | not_due
    met_on: dt.date | None
    event_ids: tuple[int, ...]
    last_event: dt.date | None = None


@dataclass(frozen=True)
class CellEvidence:
    """The evidence component of one cell and the instances that made it."""

    value: float | None  # 0-100, None when fewer than minimum_obligations are known
    known: int
    unknown: int
    not_checked: int
    used: tuple[Instance, ...]  # due instances bearing on the cell, unknown and unchecked ones included

    @property
    def latest(self) -> dt.date | None:
        return max((i.last_event for i in self.used if i.last_event), default=None)


def _state(period_events: list[Event], checks: list[Event], due: dt.date, as_of: dt.date) -> tuple[str, dt.date | None]:
    """The first `met` event decides; without one, the latest check (a `not_met` or `unknown`
    event for the period, or a `checked` event on or after the due date) says overdue or
    unknown (on the same day a definite check outranks `unknown`); with none, not checked."""
    met = [e.day for e in period_events if e.status == "met"]
    if met:
        first = min(met)
        return ("on_time" if first <= due else "late"), first
    if due >= as_of:
        return "not_due", None
    seen = [e for e in period_events if e.status in ("not_met", "unknown")] + [e for e in checks if e.day >= due]
    if not seen:
        return "not_checked", None
    latest = max(seen, key=lambda e: (e.day, e.status != "unknown"))
    return ("unknown" if latest.status == "unknown" else "overdue"), None


def instances(obligation: Obligation, events: list[Event], as_of: dt.date) -> list[Instance]:
    """Every instance of `obligation` whose period has begun, with its state as of `as_of`.

    A trilateral obligation is met by an event of any Party; an each-Party one by an
    event of that Party or a trilateral one. Yearly instances only look at the events
    that count for their year (the event's period, by default the year of its date);
    a `checked` event covers every instance due on or before its date.
    """
    own = [e for e in events if e.obligation == obligation.code and e.day <= as_of]
    parties = [TRILATERAL] if obligation.scope == "trilateral" else list(PARTIES)
    found = []
    for period, due in obligation.instances(as_of):
        in_period = own if period == "once" else [e for e in own if e.status != "checked"
                                                   and counts_for(e, int(period))]
        checks = [e for e in own if e.status == "checked"]
        for party in parties:
            def mine(e: Event, party=party) -> bool:
                return party == TRILATERAL or e.party in (party, TRILATERAL)
            relevant = [e for e in in_period if mine(e) and e.status != "checked"]
            party_checks = [e for e in checks if mine(e)]
            state, met_on = _state(relevant, party_checks, due, as_of)
            used = relevant + [e for e in party_checks if e.day >= due and state == "overdue"]
            found.append(Instance(obligation.code, period, due, party, state, met_on,
                                  tuple(sorted({e.id for e in used})),
                                  max((e.day for e in used), default=None)))
    return found


def all_instances(framework: Framework, events: list[Event], as_of: dt.date) -> list[Instance]:
    return [i for ob in framework.obligations for i in instances(ob, events, as_of)]


def credit(instance: Instance, config: ScoringConfig) -> float | None:
    """The instance's credit (0-1), or None when it does not count (unknown, not checked, not yet due)."""
    return getattr(config.evidence_credit, instance.state) if instance.state in CREDITED_STATES else None


def by_cell(framework: Framework, found: list[Instance], config: ScoringConfig,
            parties: tuple[str, ...]) -> dict[tuple[str, str, str], CellEvidence]:
    """The evidence component of every (chapter, recommendation, Party) cell.

    Party cells count trilateral obligations and their own each-Party ones; the
    trilateral cell counts trilateral obligations only. Obligations of the agreement as a
    whole bear on their recommendations in every chapter. Not-yet-due instances are left
    out; unknown and not-checked ones are left out of E but kept so coverage can show them.
    """
    due = [i for i in found if i.state != "not_due"]
    out = {}
    for chapter, rec in framework.cells:
        bearing = {o.code for o in framework.obligations if framework.bears_on(o, chapter, rec)}
        relevant = [i for i in due if i.obligation in bearing]
        for party in parties:
            used = tuple(i for i in relevant if i.party in (TRILATERAL, party))
            credits = [c for c in (credit(i, config) for i in used) if c is not None]
            value = (100.0 * sum(credits) / len(credits)
                     if len(credits) >= config.minimum_obligations else None)
            out[(chapter, rec, party)] = CellEvidence(
                value, len(credits), sum(i.state == "unknown" for i in used),
                sum(i.state == "not_checked" for i in used), used)
    return out
