"""The judgement rules without a database: checked fields, default expiry, the one in force."""

from __future__ import annotations

import datetime as dt

import pytest

from reviewprep import judgement

D = dt.date


def make(**kw):
    base = dict(chapter="ch26", party="MX", rating="Amber", rationale=" Work  plan not public. ", author="A",
                date=D(2026, 11, 1))
    return judgement.make(**{**base, **kw})


def test_fields_are_normalised_and_expiry_defaults_from_the_date():
    j = make(valid_days=30)
    assert (j.rating, j.rationale, j.expires) == ("amber", "Work plan not public.", D(2026, 12, 1))
    assert not j.expired(D(2026, 12, 1)) and j.expired(D(2026, 12, 2))


@pytest.mark.parametrize("field,value", [("chapter", "ch99"), ("party", "ZZ"), ("rating", "blue"),
                                         ("rationale", "  "), ("author", ""), ("date", "1/2/26"),
                                         ("expires", D(2026, 10, 1))])
def test_each_bad_field_is_named(field, value):
    with pytest.raises(judgement.Invalid) as exc:
        make(**{field: value})
    assert exc.value.column == field


def test_the_latest_dated_on_or_before_is_in_force_and_confidential_ones_stay_restricted():
    older = make(rating="green", date=D(2026, 1, 1))
    newer = make(rating="red", date=D(2026, 6, 1))
    secret = make(party="US", confidential=True)
    pick = judgement.current([newer, older, secret], D(2026, 7, 1), "public")
    assert [(j.party, j.rating) for j in pick] == [("MX", "red")]
    assert [(j.party, j.rating) for j in judgement.current([newer, older, secret], D(2026, 3, 1), "restricted")] \
        == [("MX", "green")]
    assert {j.party for j in judgement.current([newer, secret], D(2026, 11, 2), "restricted")} == {"MX", "US"}
