"""The sample evidence log: public facts from the seed documents, not random."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from phrases import COUNTRIES

SEED_FORWARD_2024 = "https://example.org/sample/seed-notes/002-usmca-forward-2024-ch4"
SEED_NALS = "https://example.org/sample/seed-notes/003-nals-fact-sheet"


@dataclass(frozen=True)
class Event:
    date: date
    party: str
    obligation: str
    status: str
    description: str
    source_url: str = ""


def _no_record(obligation: str, year: int, what: str, note: str = "",
               party: str = "NA", source_url: str = "") -> Event:
    """An 'unknown' row: the year has passed and the seed documents hold no record."""
    description = f"No public record of {what} in {year} found in the seed documents."
    if note:
        description += f" {note}"
    return Event(date(year, 12, 31), party, obligation, "unknown", description, source_url)


def _evidence_catalogue() -> list[Event]:
    """Every row the sample log knows, whatever the anchor."""
    cc, wp = "ch26-committee-meets", "ch26-work-plan-published"
    sme_c, sme_d = "ch25-sme-committee-meets", "ch25-sme-dialogue"
    tewg, grp, plan = "ch16-working-group-meets", "ch28-grp-committee-meets", "ch28-annual-regulatory-plan"
    tewg_note = "USMCA Forward 2024 reports little public information on the Working Group's meetings."
    grp_note = "USMCA Forward 2024 reports the Parties are not actively using the GRP Committee."
    sme_c_note = ("The Committee convenes the SME Dialogue (Art. 25.5), but the seed documents "
                  "record no separate Committee meeting.")
    plan_note = ("Framework note names the US Unified Agenda, Canada's forward regulatory plans "
                 "and Mexico's programa anual de mejora regulatoria; the seed documents give no "
                 "publication date. Analyst to confirm.")
    return [
        _no_record(cc, 2021, "a Competitiveness Committee meeting",
                   "Art. 26.1 required a first meeting by 2021-07-01; the seed documents do not date one."),
        _no_record(cc, 2022, "a dated Competitiveness Committee meeting",
                   "USMCA Forward 2024 mentions Committee workforce-development events in 2022-2023 "
                   "without dates.", source_url=SEED_FORWARD_2024),
        Event(date(2023, 2, 1), "NA", cc, "met",
              "USMCA Forward 2024 reports a series of Committee meetings and the emergencies "
              "subcommittee established in February 2023; a Committee meeting in 2023 is inferred "
              "from this, not confirmed. Day not given: first of month used.", SEED_FORWARD_2024),
        _no_record(cc, 2024, "a Competitiveness Committee meeting"),
        _no_record(cc, 2025, "a Competitiveness Committee meeting"),
        Event(date(2026, 11, 2), "NA", wp, "not_met",
              "Analyst check (sample): no work plan has been published. USMCA Forward 2024 already "
              "reported that no comprehensive work plan had been made public.", SEED_FORWARD_2024),
        Event(date(2023, 2, 1), "NA", "ch26-emergencies-subcommittee", "met",
              "USMCA Forward 2024: in February 2023 the Parties established a special subcommittee "
              "to enable timely cooperation during emergencies. Day not given: first of month used.",
              SEED_FORWARD_2024),
        Event(date(2023, 5, 1), "NA", "ch26-semiconductor-forum", "met",
              "A White House NALS fact sheet committed to a first trilateral semiconductor forum "
              "with industry in early 2023; USMCA Forward 2024 reports tripartite semiconductor "
              "ministerial meetings with private-sector involvement in May 2023. "
              "Day not given: first of month used.",
              SEED_NALS),
        *(_no_record(sme_c, year, "a Committee on SME Issues meeting", sme_c_note)
          for year in range(2021, 2026)),
        Event(date(2021, 12, 31), "NA", sme_d, "not_met",
              "No SME Dialogue in 2021: USMCA Forward 2024 says the first USMCA SME Dialogue was "
              "convened in April 2022.", SEED_FORWARD_2024),
        Event(date(2022, 4, 1), "NA", sme_d, "met",
              "First USMCA SME Dialogue convened in San Antonio, Texas (USMCA Forward 2024). "
              "Day not given: first of month used.", SEED_FORWARD_2024),
        Event(date(2023, 9, 1), "NA", sme_d, "met",
              "Second SME Dialogue held (USMCA Forward 2024): women-owned businesses, SME "
              "digitalisation and e-commerce, export financing, exporting procedures. "
              "Venue and day not given: first of month used.", SEED_FORWARD_2024),
        _no_record(sme_d, 2024, "an SME Dialogue"),
        _no_record(sme_d, 2025, "an SME Dialogue"),
        *(_no_record(tewg, year, "a Temporary Entry Working Group meeting", tewg_note,
                     source_url=SEED_FORWARD_2024)
          for year in range(2021, 2026)),
        *(_no_record(grp, year, "a Good Regulatory Practices Committee meeting", grp_note,
                     source_url=SEED_FORWARD_2024)
          for year in range(2021, 2026)),
        *(_no_record(plan, 2025, f"the {party} annual plan of proposed regulations", plan_note, party)
          for party in COUNTRIES),
    ]


def evidence_rows(anchor: date) -> list[dict[str, str]]:
    """Catalogue rows dated on or before the anchor, in date order, numbered."""
    events = sorted(
        (e for e in _evidence_catalogue() if e.date <= anchor),
        key=lambda e: (e.date, e.obligation, e.party),
    )
    return [
        {
            "event_id": f"SAMPLE-E-{n:03d}",
            "date": e.date.isoformat(),
            "party": e.party,
            "obligation": e.obligation,
            "status": e.status,
            "description": e.description,
            "source_url": e.source_url,
        }
        for n, e in enumerate(events, 1)
    ]
