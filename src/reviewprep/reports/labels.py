"""Words for the codes the scoring speaks in (statuses, Parties, states), per language.

One place for them, so tables, chart labels and alt text all say the same thing.
Babel extracts the `_()` calls here together with the templates' strings.
"""

from __future__ import annotations

from collections.abc import Callable


def labels(_: Callable[[str], str]) -> dict[str, dict[str, str]]:
    return {
        "status": {
            "on_track": _("On track"),
            "needs_acceleration": _("Needs acceleration"),
            "limited": _("Limited"),
            "off_track": _("Off track"),
            "insufficient_evidence": _("Insufficient evidence"),
        },
        "confidence": {"high": _("high"), "medium": _("medium"), "low": _("low")},
        "outlook": {
            "on_course": _("On course for the review"),
            "acceleration_needed": _("Acceleration needed"),
            "limited": _("Limited progress"),
            "deteriorating": _("Deteriorating"),
            "unknown": _("Not enough history"),
        },
        "state": {
            "on_time": _("Met on time"),
            "late": _("Met late"),
            "overdue": _("Overdue"),
            "unknown": _("Unknown"),
            "not_checked": _("Not yet checked"),
            "not_due": _("Not yet due"),
        },
        "direction": {
            "improving": _("Improving"),
            "stable": _("Stable"),
            "deteriorating": _("Deteriorating"),
            "unknown": _("Not enough history"),
        },
        "judgement": {"green": _("Green"), "amber": _("Amber"), "red": _("Red")},
        # Input columns named in the annex (quarantined rows by column at fault).
        "column": {
            "submission_id": _("submission id"), "submitted_at": _("submission date"),
            "stakeholder_name": _("name"), "organization": _("organisation"),
            "stakeholder_type": _("stakeholder type"), "country": _("country"), "party": _("party"),
            "chapter": _("chapter"), "recommendation": _("recommendation"), "rating": _("rating"),
            "comment": _("comment"), "text": _("comment"), "evidence_url": _("evidence link"),
            "confidentiality": _("confidentiality"), "language": _("language"), "event_id": _("event id"),
            "date": _("date"), "obligation": _("obligation"), "status": _("status"), "period": _("period"),
            "description": _("description"), "source_url": _("source link"),
        },
        "party": {"US": _("United States"), "CA": _("Canada"), "MX": _("Mexico"), "NA": _("Trilateral")},
        # TRANSLATORS: short Party names on chart bars; keep each to about four characters.
        "party_short": {"US": _("US"), "CA": _("CA"), "MX": _("MX"), "NA": _("Tri.")},
        "stakeholder_type": {
            "government": _("Government"),
            "legislature": _("Legislature"),
            "business_association": _("Business association"),
            "company": _("Company"),
            "sme": _("Small or medium-sized enterprise"),
            "labour": _("Labour"),
            "academic": _("Academic"),
            "civil_society": _("Civil society"),
            "individual": _("Individual"),
        },
    }
