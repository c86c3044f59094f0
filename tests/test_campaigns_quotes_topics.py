"""Quotes never repeat a template and favour evidence; emerging topics group untagged comments."""

from __future__ import annotations

import datetime as dt
import random

from reviewprep.campaigns.quotes import choose, evidence_points
from reviewprep.campaigns.topics import emerging_topics
from tests.campaign_corpora import member_letter


def test_evidence_points_count_checkable_detail():
    assert evidence_points("We are worried.") == 0
    assert evidence_points("Costs rose 30 % since 2021 under Article 4.5, see https://x.org/a") >= 4
    assert evidence_points("Los costos subieron un 25 % desde 2021 (capítulo 31).") >= 3


def test_a_campaign_is_quoted_once_with_its_size_and_evidence_first():
    day = dt.date(2026, 5, 1)
    letters = [{"id": i, "text": member_letter(random.Random(i), "en"), "date": day} for i in range(150)]
    others = [{"id": 1000, "text": "We are unhappy.", "date": day + dt.timedelta(days=3)},
              {"id": 1001, "text": "Border waits at Laredo cost us 900 dollars per truck since 2024.", "date": day}]
    campaign = {"id": "C-abc", "template": "The template text.", "signatories": 150}
    picked = choose([*letters, *others], {i: campaign for i in range(150)}, limit=3, min_points=1)
    assert [q["id"] for q in picked][0] == 1001  # the evidence-rich one first
    quoted = [q for q in picked if q.get("campaign")]
    assert len(quoted) == 1 and quoted[0]["campaign"] == {"id": "C-abc", "similar": 149}
    assert quoted[0]["text"] == "The template text."
    assert len(picked) == 3


def test_the_largest_campaign_keeps_a_place_among_evidence_rich_quotes():
    day = dt.date(2026, 5, 1)
    rich = [{"id": 10 + i, "text": f"Costs rose {i + 10} % since 2021 (Article 4.{i}).", "date": day} for i in range(5)]
    letters = [{"id": i, "text": "Protect our farms.", "date": day} for i in range(3)]
    campaign = {"id": "C-farms", "template": "Protect our farms.", "signatories": 3}
    picked = choose([*rich, *letters], {i: campaign for i in range(3)}, limit=3, min_points=1)
    assert len(picked) == 3 and picked[-1]["campaign"] == {"id": "C-farms", "similar": 2}


def test_emerging_topics_group_untagged_comments_with_words_and_example():
    rng = random.Random(3)
    texts = {}
    for i in range(12):
        texts[f"a{i}"] = f"Cross-border e-commerce parcels wait {rng.randint(2, 9)} days; de minimis thresholds and courier fees hurt online sellers."
        texts[f"b{i}"] = f"Critical minerals: lithium and cobalt supply chains need joint stockpiles, said miner {i}."
        texts[f"c{i}"] = f"Seasonal agricultural workers need faster visas and housing inspections, farm {i} wrote."
    topics = emerging_topics(texts, max_topics=5, min_size=3, top_words=5)
    assert len(topics) >= 3
    assert {t.example_key[0] for t in topics[:3]} == {"a", "b", "c"}
    assert all(t.size >= 3 and t.words for t in topics)
    assert any("lithium" in " ".join(t.words) or "cobalt" in " ".join(t.words) for t in topics)
    assert emerging_topics(texts, max_topics=5, min_size=3, top_words=5) == topics  # same comments, same topics


def test_too_few_comments_give_no_topics():
    assert emerging_topics({"a": "one comment"}) == []
    assert emerging_topics({"a": "alpha beta", "b": "gamma delta", "c": "epsilon zeta"}) == []
