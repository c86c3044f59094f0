"""Framework texts written for the next review, and facts checked against the agreement
text and official records (the review cycle of Art. 34.7, the sample evidence log)."""

from __future__ import annotations

import csv
import datetime as dt
import re

from reviewprep.framework.load import load_framework, load_review_calendar
from tests.conftest import REPO

D = dt.date
CONFIG = REPO / "config"


def recommendation_texts(framework) -> list[str]:
    return [getattr(getattr(r, part), lang) for r in framework.recommendations
            for part in ("title", "summary", "action") for lang in ("en", "fr", "es")]


def test_no_recommendation_is_worded_for_a_past_date():
    framework = load_framework(CONFIG)
    years = [t for t in recommendation_texts(framework) if re.search(r"\b20\d\d\b", t)]
    assert not years, years
    assert all(r.action.en and r.action.fr and r.action.es for r in framework.recommendations)


def test_texts_are_filled_in_for_the_next_review():
    framework, calendar = load_framework(CONFIG), load_review_calendar(CONFIG)
    as_of = D(2027, 1, 15)
    dated = framework.for_next_review(calendar.next_review(as_of))
    r1 = dated.recommendation("R1")
    assert r1.title.en == "Prepare the 2027 review and define success"
    assert r1.title.fr == "Préparer l'examen de 2027 et définir le succès"
    assert r1.title.es == "Preparar la revisión de 2027 y definir el éxito"
    assert "July 1, 2027" in r1.summary.en and "1 juillet 2027" in r1.summary.fr and "1 de julio de 2027" in r1.summary.es
    texts = recommendation_texts(dated) + [c.focus(lang) for c in dated.chapters for lang in ("en", "fr", "es")]
    assert not [t for t in texts if "{" in t or "2026 review" in t or "examen de 2026" in t]
    # before the first review, the same framework speaks of 2026
    assert framework.for_next_review(calendar.next_review(D(2025, 9, 1))).recommendation("R1").title.en \
        == "Prepare the 2026 review and define success"


def test_an_unknown_placeholder_is_refused_at_load(tmp_path):
    import shutil

    import pytest

    from reviewprep.errors import UserError
    shutil.copytree(CONFIG, tmp_path / "config")
    path = tmp_path / "config" / "framework.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("{next_review_year} review and define",
                                                             "{next_year} review and define", 1), encoding="utf-8")
    with pytest.raises(UserError, match="next_year"):
        load_framework(tmp_path / "config")


def test_review_cycle_obligations_follow_the_review_calendar():
    framework, calendar = load_framework(CONFIG), load_review_calendar(CONFIG)
    until = D(2030, 12, 31)
    reviews = [d for d in calendar.review_dates() if d <= until]
    held = framework.obligation("review-joint-review-held")
    recs = framework.obligation("review-party-recommendations")
    assert (held.article, held.scope, held.chapter) == ("34.7", "trilateral", None)
    assert (recs.article, recs.scope, recs.chapter) == ("34.7", "each_party", None)
    assert [due for _, due in held.instances(until)] == reviews
    # each Party's recommendations at least one month before each joint review (Art. 34.7.2)
    assert [due for _, due in recs.instances(until)] == [d.replace(month=d.month - 1) for d in reviews]
    assert reviews[0] == D(2026, 7, 1) == calendar.entry_into_force.replace(year=calendar.entry_into_force.year + 6)


def test_every_obligation_says_what_was_checked():
    for ob in load_framework(CONFIG).obligations:
        assert "Checked" in ob.source or "Not confirmed" in ob.source, ob.code
    sub = load_framework(CONFIG).obligation("ch26-emergencies-subcommittee")
    assert "Decision No. 5" in sub.source and "2023-02-23" in sub.source


def sample_events() -> list[dict]:
    with open(REPO / "data/sample/sample_evidence.csv", encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def test_sample_evidence_carries_the_officially_published_dates():
    events = sample_events()

    def find(obligation, status, year):
        return [e for e in events if e["obligation"] == obligation and e["status"] == status
                and (e.get("period") or e["date"][:4]) == year]

    dialogue_2022 = find("ch25-sme-dialogue", "met", "2022")
    assert [e["date"] for e in dialogue_2022] == ["2022-04-22"] and "San Antonio" in dialogue_2022[0]["description"]
    assert "Mexico City" in find("ch25-sme-dialogue", "met", "2023")[0]["description"]
    assert "Montréal" in find("ch25-sme-dialogue", "met", "2024")[0]["description"]
    ftc = find("ch26-emergencies-subcommittee", "met", "2023")
    assert [e["date"] for e in ftc] == ["2023-02-23"] and "Decision No. 5" in ftc[0]["description"]
    for e in events:  # a date or fact not confirmed by an official record says so
        if "day not given" in e["description"].lower() or "inferred" in e["description"].lower():
            assert "unconfirmed" in e["description"].lower(), e["event_id"]
