"""The evidence component: which obligation instances were met, late, overdue or unknown."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from reviewprep.codes import CREDITED_STATES, PARTIES, TRILATERAL
from reviewprep.framework.models import Framework, Obligation
from reviewprep.scoring.config import ScoringConfig
from reviewprep.scoring.inputs import Event


@dataclass(frozen=True)
class Instance:
    """One due occurrence of an obligation, for one Party or for the three together."""

    obligation: str
    period: str
    due: dt.date
    party: str  # US/CA/MX, or NA for a trilateral obligation
    state: str  # on_time | late | overdue | unknown | not_due
    met_on: dt.date | None
    event_ids: tuple[int, ...]
    last_event: dt.date | None = None


@dataclass(frozen=True)
class CellEvidence:
    """The evidence component of one cell and the instances that made it."""

    value: float | None  # 0-100, None when fewer than minimum_obligations are known
    known: int
    unknown: int
    used: tuple[Instance, ...]  # due instances bearing on the cell, unknown ones included

    @property
    def latest(self) -> dt.date | None:
        return max((i.last_event for i in self.used if i.last_event), default=None)


def _state(events: list[Event], due: dt.date, as_of: dt.date) -> tuple[str, dt.date | None]:
    """The first `met` event decides; without one, the latest event says unknown or not met
    (on the same day a definite `not_met` outranks `unknown`)."""
    met = [e.day for e in events if e.status == "met"]
    if met:
        first = min(met)
        return ("on_time" if first <= due else "late"), first
    latest = max(events, key=lambda e: (e.day, e.status != "unknown"), default=None)
    if latest is not None and latest.status == "unknown":
        return "unknown", None
    return ("overdue" if due < as_of else "not_due"), None


def instances(obligation: Obligation, events: list[Event], as_of: dt.date) -> list[Instance]:
    """Every instance of `obligation` whose period has begun, with its state as of `as_of`.

    A trilateral obligation is met by an event of any Party; an each-Party one by an
    event of that Party or a trilateral one. Yearly instances only look at events of
    their own year.
    """
    own = [e for e in events if e.obligation == obligation.code and e.day <= as_of]
    parties = [TRILATERAL] if obligation.scope == "trilateral" else list(PARTIES)
    found = []
    for period, due in obligation.instances(as_of):
        in_period = own if period == "once" else [e for e in own if str(e.day.year) == period]
        for party in parties:
            relevant = [e for e in in_period if party == TRILATERAL or e.party in (party, TRILATERAL)]
            state, met_on = _state(relevant, due, as_of)
            found.append(Instance(obligation.code, period, due, party, state, met_on,
                                  tuple(sorted(e.id for e in relevant)),
                                  max((e.day for e in relevant), default=None)))
    return found


def all_instances(framework: Framework, events: list[Event], as_of: dt.date) -> list[Instance]:
    return [i for ob in framework.obligations for i in instances(ob, events, as_of)]


def credit(instance: Instance, config: ScoringConfig) -> float | None:
    """The instance's credit (0-1), or None when it does not count (unknown, not yet due)."""
    return getattr(config.evidence_credit, instance.state) if instance.state in CREDITED_STATES else None


def by_cell(framework: Framework, found: list[Instance], config: ScoringConfig,
            parties: tuple[str, ...]) -> dict[tuple[str, str, str], CellEvidence]:
    """The evidence component of every (chapter, recommendation, Party) cell.

    Party cells count trilateral obligations and their own each-Party ones; the
    trilateral cell counts trilateral obligations only. Not-yet-due instances are
    left out; unknown ones are left out of E but kept so coverage can show them.
    """
    due = [i for i in found if i.state != "not_due"]
    out = {}
    for chapter, rec in framework.cells:
        bearing = {o.code for o in framework.obligations if o.chapter == chapter and rec in o.recommendations}
        relevant = [i for i in due if i.obligation in bearing]
        for party in parties:
            used = tuple(i for i in relevant if i.party in (TRILATERAL, party))
            credits = [c for c in (credit(i, config) for i in used) if c is not None]
            value = (100.0 * sum(credits) / len(credits)
                     if len(credits) >= config.minimum_obligations else None)
            out[(chapter, rec, party)] = CellEvidence(value, len(credits), len(used) - len(credits), used)
    return out
