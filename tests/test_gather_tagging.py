"""Comment tagging: whole words, any case, accents, curly apostrophes; terms stored, untagged counted."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from reviewprep.framework.models import Terms
from reviewprep.gather.tagging import Tagger
from reviewprep.jobs import load_config
from reviewprep.store.db import session_scope
from reviewprep.store.models import CommentTag, Submission
from tests.gather_helpers import Loader, write


@pytest.fixture
def tagger(settings) -> Tagger:
    framework = load_config(settings).framework
    terms = Terms(chapters={"ch16": ["gens d'affaires", "entrada temporal"], "ch25": ["sme"],
                            "ch26": ["main-d'œuvre qualifiée"], "ch12": ["farmacéutic*"]},
                  recommendations={"R3": ["work plan"]})
    return Tagger(framework.model_copy(update={"terms": terms}))


@pytest.mark.parametrize("text, expected", [
    ("Les gens d’affaires attendent.", {"ch16": ["gens d'affaires"]}),  # curly apostrophe in the text
    ("ENTRADA TEMPORAL para ingenieros", {"ch16": ["entrada temporal"]}),
    ("Entrada  temporal\npara todos", {"ch16": ["entrada temporal"]}),  # spacing and line breaks
    ("la main-d'oeuvre qualifiee manque", {"ch26": ["main-d'œuvre qualifiée"]}),  # no accents, oe for œ
    ("The SME committee; smes; pmenu", {"ch25": ["sme"]}),
    ("No WORK PLAN yet.", {"R3": ["work plan"]}),
    ("productos farmacéuticos", {"ch12": ["farmacéutic*"]}),  # a stem
    ("assessment of the workplan", {}),  # 'sme' inside a word, 'workplan' is not 'work plan'
])
def test_tags(tagger, text, expected):
    assert tagger.tags(text) == expected


def test_matched_terms_are_stored_and_untagged_comments_counted(settings, tmp_path):
    load = Loader(settings)
    records = [
        {"comment_id": "C-1", "submitted_at": "2026-05-01", "party": "CA", "language": "fr",
         "text": "Le Comité de la compétitivité n’a publié aucun plan de travail."},
        {"comment_id": "C-2", "submitted_at": "2026-05-01", "party": "US", "text": "Thanks for listening."},
    ]
    counts = load.one(write(tmp_path / "c.jsonl", "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)))
    assert (counts.accepted, counts.untagged) == (2, 1)
    with session_scope(settings.db_url) as session:
        first = session.scalar(select(Submission.id).where(Submission.external_id == "C-1"))
        tags = {t.code: t.matched_terms for t in session.scalars(select(CommentTag).where(
            CommentTag.submission_id == first))}
    assert tags == {"ch26": ["compétitivité"], "R3": ["comité de la compétitivité", "plan de travail"]}
