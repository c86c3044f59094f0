"""What the reports say on a new unit's first week: evidence gaps stated (a to-do list in
the restricted variant, a neutral coverage statement in the public one), actions for the
next review, the analyst's judgement beside the score, quotes attributed to their author's
organisation, type and country and, separately, the Party they are about, every fixed
string translated with plural forms, and no report telling its reader to run a command."""

from __future__ import annotations

import datetime as dt
import html
import re
from pathlib import Path
from types import SimpleNamespace

import pytest
from babel.messages.pofile import read_po

from reviewprep import jobs
from reviewprep.framework import load_framework
from reviewprep.reports import gaps
from reviewprep.scoring.config import load_scoring
from reviewprep.settings import get_settings
from tests.conftest import REPO
from tests.numbers_helpers import AS_OF, NEW_UNIT, write_assessments, write_evidence

D = dt.date
TIJUANA = ("ch26", None, "US", 1, 2, "Cámara de Comercio de Tijuana", "business_association", "MX")
BAD_ROWS = "T13-BAD-1,2026-11-18,Bad,Bad Org,company,US,US,ch99,,2,Bad chapter,,public,en\n" \
           "T13-BAD-2,2026-11-18,Bad,Bad Org,company,US,ZZ,ch26,,2,Bad party,,public,en\n"


def text_of(path: Path) -> str:
    body = re.sub(r"<style>.*?</style>|<title>.*?</title>|<[^>]+>", " ", path.read_text(encoding="utf-8"), flags=re.S)
    return " ".join(html.unescape(body).replace("\u00a0", " ").replace("\u202f", " ").split())


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    root = tmp_path_factory.mktemp("numbers")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("REVIEWPREP_HOME", str(REPO))
        mp.setenv("REVIEWPREP_VAR_DIR", str(root / "var"))
        mp.setenv("REVIEWPREP_OUT_DIR", str(root / "out"))
        mp.setenv("REVIEWPREP_DATABASE_URL", f"sqlite:///{root / 'var' / 'n.db'}")
        mp.delenv("REVIEWPREP_CONFIG_DIR", raising=False)
        settings = get_settings()
        jobs.prepare_database(settings)
        from reviewprep.gather.sources import Source
        a = write_assessments(root / "a.csv", [*NEW_UNIT, TIJUANA])
        with open(a, "a", encoding="utf-8") as fh:
            fh.write(BAD_ROWS)
        e = write_evidence(root / "e.csv", [(D(2025, 12, 31), "NA", "ch26-committee-meets", "not_met", "")])
        jobs.gather(settings, Source(name="a", path=str(a), format="assessments_csv"))
        jobs.gather(settings, Source(name="e", path=str(e), format="evidence_csv"))
        from reviewprep.cli import main
        assert main(["judgement", "set", "--chapter", "ch26", "--party", "MX", "--rating", "red", "--rationale",
                     "No committee meeting confirmed since 2023.", "--author", "A. Analyst",
                     "--date", "2026-11-01", "--expires", "2027-01-31"]) == 0
        assert main(["judgement", "set", "--chapter", "ch25", "--party", "CA", "--rating", "green", "--rationale",
                     "Dialogue held in Montréal.", "--author", "B. Analyst", "--date", "2026-01-10"]) == 0
        out = {}
        snapshots = {a: jobs.score(settings, AS_OF, a) for a in ("public", "restricted")}
        for audience, lang in (("restricted", "en"), ("public", "en"), ("restricted", "es"), ("public", "fr")):
            out[("weekly", audience, lang)] = jobs.render(settings, snapshots[audience], lang)
        request = jobs.brief_request(settings, "Deputy ministers' meeting", D(2027, 1, 15), as_of=D(2027, 1, 15),
                                     chapters=["ch26", "ch28"])
        brief_snapshot = jobs.score_brief(settings, request, "restricted")
        for lang in ("en", "es"):
            out[("brief", "restricted", lang)] = jobs.render_brief(settings, request, brief_snapshot, lang)
        yield out


@pytest.fixture(scope="module")
def texts(rendered):
    return {key: text_of(r.html) for key, r in rendered.items()}


def test_restricted_report_gives_the_analyst_a_to_do_list(texts):
    text = texts[("weekly", "restricted", "en")]
    assert "What would make this assessable" in text
    # ch25 x R6 for Canada has 2 ratings: one short of the minimum of 3
    assert re.search(r"Chapter 25[^.]*R6[^.]*Canada[^.]*1 more rating", text), text[:0]
    assert "not yet checked" in text.lower()
    assert "no new input" in text.lower()


def test_public_report_states_coverage_neutrally(texts):
    text = texts[("weekly", "public", "en")]
    assert "What would make this assessable" in text
    assert "more rating" not in text and "no new input" not in text.lower()
    assert re.search(r"\d+ of 132 cells (has|have) enough ratings", text)
    assert re.search(r"\d+ due obligation instances? (has|have) not yet been checked", text)


def test_the_coverage_statement_adds_up_to_the_headline(texts):
    """The headline counts cells with a score; the coverage statement counts those with enough
    ratings, then the rest, scored on the obligation record alone: the two never disagree."""
    for key in (("weekly", "restricted", "en"), ("weekly", "public", "en")):
        text = texts[key]
        scored = int(re.search(r"from (\d+) of 132 cells with enough evidence", text).group(1))
        rated = int(re.search(r"(\d+) of 132 cells (?:has|have) enough ratings", text).group(1))
        rest = re.search(r"(\d+) more cells? (?:is|are) scored on the obligation record alone", text)
        assert rated + (int(rest.group(1)) if rest else 0) == scored, key


def test_a_campaign_counts_once_toward_the_minimum_of_ratings():
    """Three letters of one campaign are one voice: the cell is short of ratings, listed as
    such, and not counted among the cells with enough ratings."""
    framework, config = load_framework(REPO / "config"), load_scoring(REPO / "config")
    minimum = config.minimum_ratings
    cell = SimpleNamespace(chapter="ch26", recommendation="R1", party="US", n=minimum + 1, voices=minimum - 1,
                           assessment=None, score=None)
    snapshot = SimpleNamespace(cells=[cell], obligations=[], as_of=AS_OF)
    found = gaps.evidence_gaps(snapshot, framework, config, "en", {"ch26": AS_OF})
    assert found["rated_cells"] == 0 and found["scored_cells"] == 0
    assert [(c["party"], c["voices"], c["missing"]) for c in found["short_cells"]] == [("US", minimum - 1, 1)]


def test_unknown_is_not_shown_as_overdue(texts):
    text = texts[("weekly", "restricted", "en")]
    assert re.search(r"\b1 overdue obligation instance\b", text)  # only the analyst's not_met
    assert "Not yet checked" in text


def test_attention_names_the_recommendation_and_the_next_step(texts):
    text = texts[("weekly", "restricted", "en")]
    section = text.split("What needs attention", 1)[1].split("What would make this assessable")[0]
    # the four ch26 x R2 cells rest on one overdue instance: one row, their Parties named, the step
    assert section.count("R2 Frame USMCA in the NALS competitiveness agenda") == 1
    assert "R2 Frame USMCA in the NALS competitiveness agenda, United States, Canada, Mexico, and Trilateral:" \
        in section  # in the Parties' order, joined as the language joins a list
    assert "Press for what is overdue: North American Competitiveness Committee meets in the year (2025)" in section
    assert "R3 Let the Competitiveness Committee lead, Mexico" in section
    assert "Gather" not in section.split("R3 Let the Competitiveness Committee lead, Mexico")[1][:120]  # 3 ratings
    assert "before the 2027 review" in section
    assert "{next_review" not in text


def test_a_brief_dated_2027_asks_nothing_about_the_2026_review(texts):
    for lang, words in (("en", ("2026 review", "2026 joint review")),
                        ("es", ("revisión de 2026", "revisión conjunta de 2026"))):
        text = texts[("brief", "restricted", lang)]
        assert not [w for w in words if w in text], lang
        assert "{next_review" not in text
    en = texts[("brief", "restricted", "en")]
    assert re.search(r"The ask \(R\d+\): [^.]+\. Next step: ", en) and "before the 2027 review" in en


def test_judgement_is_shown_beside_the_score_and_flagged_when_expired(texts):
    text = texts[("weekly", "restricted", "en")]
    assert re.search(r"Analyst judgement[^.]*Red", text)
    assert "No committee meeting confirmed since 2023." in text and "A. Analyst" in text
    assert re.search(r"Green[^.]*expired", text, re.I)
    brief = texts[("brief", "restricted", "en")]
    assert "No committee meeting confirmed since 2023." in brief


def test_quotes_name_the_author_country_and_the_party_apart(texts):
    text = texts[("weekly", "restricted", "en")]
    assert "Cámara de Comercio de Tijuana (Business association, Mexico)" in text
    assert re.search(r"Cámara de Comercio de Tijuana \(Business association, Mexico\)[^—]*About: United States", text)
    es = texts[("weekly", "restricted", "es")]
    assert "Cámara de Comercio de Tijuana (Asociación empresarial, México)" in es
    assert "Sobre: Estados Unidos" in es


def test_spanish_annex_names_columns_in_spanish(texts):
    es = texts[("weekly", "restricted", "es")]
    assert "capítulo (1)" in es and "parte (1)" in es
    assert "chapter (1)" not in es and "party (1)" not in es


def test_no_report_tells_its_reader_to_run_a_command(texts):
    for key, text in texts.items():
        assert not re.search(r"reviewprep\s+[a-z]", text), key
        assert "Run “" not in text and "run “" not in text, key
        assert not re.search(r"[Ee]jecute|[Ee]xécutez|lancez", text), key


def test_every_count_message_has_plural_forms():
    for template in (REPO / "templates").glob("*.j2"):
        source = template.read_text(encoding="utf-8")
        singular_only = re.findall(r'_\("[^"]*%\((?:n|count)\)s[^"]*"', source)
        assert not singular_only, f"{template.name}: counts need ngettext: {singular_only}"
    for lang, forms in (("es", 2), ("fr", 2)):
        with open(REPO / f"templates/locales/{lang}/LC_MESSAGES/messages.po", "rb") as fh:
            catalog = read_po(fh)
        plurals = [m for m in catalog if m.id and isinstance(m.id, tuple | list)]
        assert plurals, lang
        for m in plurals:
            assert len(m.string) == forms and all(m.string), (lang, m.id)
        assert not any("Otras 1" in s for m in plurals for s in m.string)
