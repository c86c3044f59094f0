"""A comment's language (detected, declared or default) and the Parties its text names."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reviewprep.codes import OTHER_LANGUAGE
from reviewprep.framework.load import load_framework
from reviewprep.gather.language import detect
from reviewprep.gather.parties import PartyFinder
from tests.gather_helpers import Loader, write

CONFIG = Path(__file__).parent.parent / "config"

ENGLISH = "The TN visa list is out of date; temporary entry for engineers is the bottleneck."
FRENCH = "Les PME demandent un guichet unique pour le commerce numérique et une réunion annuelle."
SPANISH = "Las pequeñas empresas necesitan que el Diálogo sobre pymes se reúna cada año, con actas públicas."
PORTUGUESE = "As empresas brasileiras pedem um balcão único para o comércio digital e menos burocracia."
MIXED = ("We support the review and ask for more transparency in the committee's work. "
         "Nous appuyons l'examen et demandons plus de transparence dans les travaux du comité.")


@pytest.fixture(scope="module")
def finder() -> PartyFinder:
    return PartyFinder(load_framework(CONFIG))


@pytest.fixture
def load(settings) -> Loader:
    return Loader(settings)


@pytest.mark.parametrize(("text", "expected"), [
    (ENGLISH, "en"), (FRENCH, "fr"), (SPANISH, "es"), (PORTUGUESE, OTHER_LANGUAGE),
    ("See attached file(s)", None), ("Voir pièce jointe", None), ("Merci.", None), ("USMCA", None),
    (MIXED, None),  # bilingual: no language holds the majority, so no guess
    (ENGLISH + " " + ENGLISH + " " + FRENCH[:30], "en"),  # a French phrase in an English letter
])
def test_language_detection(text, expected):
    assert detect(text) == expected


@pytest.mark.parametrize(("text", "named"), [
    ("The Embassy of Canada notes that Canada has met its obligations.", ("CA",)),
    ("Les États-Unis et le Mexique doivent publier leurs plans.", ("US", "MX")),
    ("Los Estados Unidos Mexicanos y los EE. UU. acordaron.", ("US", "MX")),  # the longest name wins
    ("Las empresas canadienses piden reglas claras.", ("CA",)),
    ("Mexican exporters and Canadian dairy", ("CA", "MX")),
    ("Let us know: US tariffs hurt.", ("US",)),  # "us" in lower case is no Party
    ("the U.S.-Mexico border", ("US", "MX")),
    ("The Canada–United States–Mexico Agreement and the Tratado entre México, Estados Unidos y Canadá",
     ()),  # the agreement's own names speak of no one Party
    ("North American supply chains and American workers; New Mexico farmers", ()),
    ("LES PME CANADIENNES", ("CA",)),
])
def test_parties_named(finder, text, named):
    assert finder.named(text) == named


def comment(**changes) -> dict:
    return {"comment_id": "", "submitted_at": "2026-05-02", "organization": "Sample Org", "text": ENGLISH,
            **changes}


def stored(load, tmp_path, *records, **kwargs):
    path = write(tmp_path / "comments.jsonl", "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records))
    counts = load.one(path, **kwargs)
    assert counts.quarantined == 0, load.quarantine()
    return {s.text: s for s in load.submissions()}


def test_language_stored_with_where_it_came_from(load, tmp_path):
    rows = stored(load, tmp_path, comment(text=FRENCH, party="CA"), comment(text=SPANISH, party="MX"),
                  comment(text=ENGLISH, party="US"), comment(text="See attached file(s)", party="US"),
                  comment(text=MIXED, party="CA"), comment(text=PORTUGUESE, party="MX"))
    got = {text[:12]: (s.language, s.language_source) for text, s in rows.items()}
    assert got == {FRENCH[:12]: ("fr", "detected"), SPANISH[:12]: ("es", "detected"),
                   ENGLISH[:12]: ("en", "detected"), "See attached": ("en", "default"),
                   MIXED[:12]: ("en", "default"), PORTUGUESE[:12]: (OTHER_LANGUAGE, "detected")}


def test_declared_language_wins_over_detection(load, tmp_path):
    rows = stored(load, tmp_path, comment(text=FRENCH, party="CA", language="en"),
                  comment(text="Merci.", party="CA", language="fr"))
    assert (rows[FRENCH].language, rows[FRENCH].language_source) == ("en", "declared")
    assert (rows["Merci."].language, rows["Merci."].language_source) == ("fr", "declared")


def test_party_from_text_and_country_kept_apart(load, tmp_path):
    embassy = "The Embassy of Canada notes that Canada has met every obligation of the chapter on time."
    company = "Our firm exports to Mexico; Mexican customs delays have doubled since the last review."
    both = "Canada and Mexico should both publish their work plans before the joint review."
    rows = stored(load, tmp_path, comment(text=embassy, country="Canada", organization="Embassy of Canada"),
                  comment(text=company, country="United States"),
                  comment(text=both, country="Mexico", party="MX"),
                  comment(text=ENGLISH, country="United States", party="US"))
    assert (rows[embassy].country, rows[embassy].party, rows[embassy].parties_named) == ("Canada", "CA", "CA")
    assert (rows[company].country, rows[company].party, rows[company].parties_named) == ("United States", "MX", "MX")
    assert (rows[both].party, rows[both].parties_named) == ("MX", "CA,MX")  # two named: the declared Party
    assert (rows[ENGLISH].party, rows[ENGLISH].parties_named) == ("US", "")


def test_declared_party_wins_over_the_text(load, tmp_path):
    text = "Mexico has not yet published its notice; we write as Canada's exporters of record."
    rows = stored(load, tmp_path, comment(text=text, party="US"))
    assert (rows[text].party, rows[text].parties_named) == ("US", "CA,MX")
    text = "Mexico has not yet published its notice on the sectoral annex."
    rows = stored(load, tmp_path, comment(text=text, party="CA", comment_id="X-2"))
    assert (rows[text].party, rows[text].parties_named) == ("CA", "MX")


def test_without_a_party_anywhere_the_text_decides_else_quarantined(load, tmp_path):
    named = "Mexico has not yet published its notice on the sectoral annex."
    path = write(tmp_path / "c.jsonl", json.dumps(comment(text=named)) + "\n" + json.dumps(comment()) + "\n")
    counts = load.one(path)
    assert (counts.accepted, counts.quarantined) == (1, 1)
    assert load.submissions()[0].party == "MX"
    assert load.quarantine()[0]["column"] == "party"


def test_other_language_has_no_made_up_lang_tag():
    from reviewprep.codes import language_tag

    assert [language_tag(c) for c in ("en", "fr", "es", OTHER_LANGUAGE)] == ["en", "fr", "es", ""]
