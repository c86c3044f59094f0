"""The sample evidence log: public facts from official records and the seed documents, not random."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from phrases import COUNTRIES

SEED_FORWARD_2024 = "https://example.org/sample/seed-notes/002-usmca-forward-2024-ch4"
SEED_NALS = "https://example.org/sample/seed-notes/003-nals-fact-sheet"
# Official records (published pages of the Office of the US Trade Representative).
USTR_SME_DIALOGUE_1 = "https://ustr.gov/issue-areas/small-business/1st-usmca-small-and-medium-sized-enterprise-dialogue"
USTR_SME_DIALOGUE_3 = ("https://ustr.gov/about-us/policy-offices/press-office/press-releases/2024/may/"
                       "office-us-trade-representative-small-business-administration-and-department-commerce-"
                       "convene-third")
USTR_FTC_DECISION_5 = ("https://ustr.gov/about-us/policy-offices/press-office/press-releases/2023/february/"
                       "statement-ambassador-katherine-tai-usmca-free-trade-commission-decision-north-american")


@dataclass(frozen=True)
class Event:
    date: date
    party: str
    obligation: str
    status: str
    description: str
    source_url: str = ""
    period: str = ""  # the period the event counts for; empty: the year of its date


def _no_record(obligation: str, year: int, what: str, note: str = "",
               party: str = "NA", source_url: str = "") -> Event:
    """An 'unknown' row: the year has passed and the records checked say nothing."""
    description = f"No public record of {what} in {year} found in the records checked."
    if note:
        description += f" {note}"
    return Event(date(year, 12, 31), party, obligation, "unknown", description, source_url)


def _evidence_catalogue() -> list[Event]:
    """Every row the sample log knows, whatever the anchor. A date or fact not confirmed by
    an official record says so ("unconfirmed")."""
    cc, wp = "ch26-committee-meets", "ch26-work-plan-published"
    sme_c, sme_d = "ch25-sme-committee-meets", "ch25-sme-dialogue"
    tewg, grp, plan = "ch16-working-group-meets", "ch28-grp-committee-meets", "ch28-annual-regulatory-plan"
    tewg_note = "USMCA Forward 2024 reports little public information on the Working Group's meetings."
    grp_note = "USMCA Forward 2024 reports the Parties are not actively using the GRP Committee."
    sme_c_note = ("The Committee convenes the SME Dialogue (Art. 25.5), but no separate Committee "
                  "meeting is on record.")
    plan_note = ("Framework note names the US Unified Agenda, Canada's forward regulatory plans "
                 "and Mexico's programa anual de mejora regulatoria; no publication date is on record. "
                 "Analyst to confirm.")
    return [
        _no_record(cc, 2021, "a Competitiveness Committee meeting",
                   "Art. 26.1.6 required a first meeting by 2021-07-01; no record dates one."),
        _no_record(cc, 2022, "a dated Competitiveness Committee meeting",
                   "USMCA Forward 2024 mentions Committee workforce-development events in 2022-2023 "
                   "without dates.", source_url=SEED_FORWARD_2024),
        Event(date(2023, 2, 23), "NA", cc, "met",
              "Inferred, unconfirmed: USMCA Forward 2024 reports a series of Committee meetings, and "
              "Free Trade Commission Decision No. 5 (2023-02-23) gave the Committee its emergency-response "
              "subcommittee; no official record dates a 2023 Committee meeting.", SEED_FORWARD_2024),
        _no_record(cc, 2024, "a Competitiveness Committee meeting"),
        _no_record(cc, 2025, "a Competitiveness Committee meeting"),
        Event(date(2026, 11, 2), "NA", wp, "not_met",
              "Analyst check (sample): no work plan has been published. USMCA Forward 2024 already "
              "reported that no comprehensive work plan had been made public.", SEED_FORWARD_2024),
        Event(date(2023, 2, 23), "NA", "ch26-emergencies-subcommittee", "met",
              "Free Trade Commission Decision No. 5 on North American Competitiveness, signed 2023-02-23 "
              "(USTR statement of that date), establishes a Trilateral Coordination Sub-Committee on "
              "Emergency Response under the Competitiveness Committee.", USTR_FTC_DECISION_5),
        Event(date(2023, 5, 1), "NA", "ch26-semiconductor-forum", "met",
              "A White House NALS fact sheet committed to a first trilateral semiconductor forum "
              "with industry in early 2023; USMCA Forward 2024 reports tripartite semiconductor "
              "ministerial meetings with private-sector involvement in May 2023. "
              "Day not given (unconfirmed): first of month used.",
              SEED_NALS),
        *(_no_record(sme_c, year, "a Committee on SME Issues meeting", sme_c_note)
          for year in range(2021, 2026)),
        Event(date(2021, 12, 31), "NA", sme_d, "not_met",
              "No SME Dialogue in 2021: the first USMCA SME Dialogue was held on 2022-04-22 "
              "(USTR; USMCA Forward 2024).", USTR_SME_DIALOGUE_1),
        Event(date(2022, 4, 22), "NA", sme_d, "met",
              "First USMCA SME Dialogue held on 2022-04-22 in San Antonio, Texas (USTR).",
              USTR_SME_DIALOGUE_1),
        Event(date(2023, 9, 1), "NA", sme_d, "met",
              "Second USMCA SME Dialogue, hosted by Mexico in Mexico City in 2023 (USTR, May 2024). "
              "Month from USMCA Forward 2024; day not given (unconfirmed): first of month used.",
              USTR_SME_DIALOGUE_3),
        Event(date(2024, 5, 1), "NA", sme_d, "met",
              "Third USMCA SME Dialogue opened in Montréal, hosted by Canada (USTR press release, May 2024). "
              "Day not given (unconfirmed): first of month used.", USTR_SME_DIALOGUE_3),
        _no_record(sme_d, 2025, "an SME Dialogue",
                   "A fourth, virtual Dialogue is reported only by secondary sources (unconfirmed)."),
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
            "period": e.period,
            "description": e.description,
            "source_url": e.source_url,
        }
        for n, e in enumerate(events, 1)
    ]
