"""The evidence component: which obligation instances were met, late, overdue or unknown."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from reviewprep.framework.models import PARTIES, TRILATERAL, Framework, Obligation
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


def _state(events: list[Event], due: dt.date, as_of: dt.date) -> tuple[str, dt.date | None]:
    met = [e.day for e in events if e.status == "met"]
    if met:
        first = min(met)
        return ("on_time" if first <= due else "late"), first
    if any(e.status == "unknown" for e in events):
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
                                  tuple(e.id for e in relevant)))
    return found


def all_instances(framework: Framework, events: list[Event], as_of: dt.date) -> list[Instance]:
    return [i for ob in framework.obligations for i in instances(ob, events, as_of)]


def component(
    framework: Framework, found: list[Instance], config: ScoringConfig, chapter: str,
    recommendation: str, party: str,
) -> tuple[float | None, int, int, list[Instance]]:
    """(E on 0-100 or None, known instances, unknown instances, instances used) for one cell.

    Party cells count trilateral obligations and their own each-Party ones; the
    trilateral cell counts trilateral obligations only. Not-yet-due instances are
    left out; unknown ones are left out of E but returned so coverage can show them.
    """
    credit = {"on_time": config.evidence_credit.on_time, "late": config.evidence_credit.late,
              "overdue": config.evidence_credit.overdue}
    bearing = {o.code for o in framework.obligations
               if o.chapter == chapter and recommendation in o.recommendations}
    used = [i for i in found if i.obligation in bearing and i.state != "not_due"
            and (i.party == TRILATERAL or i.party == party)]
    known = [credit[i.state] for i in used if i.state in credit]
    unknown = sum(1 for i in used if i.state == "unknown")
    value = 100.0 * sum(known) / len(known) if known else None
    return value, len(known), unknown, used
