"""The vocabulary: what people write in each language becomes one code, or a clear refusal."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from reviewprep.framework import load_framework
from reviewprep.gather.vocab import Invalid, Vocabulary

TODAY = dt.date(2026, 6, 30)
REPO = Path(__file__).resolve().parents[1]
vocab = Vocabulary(load_framework(REPO / "config"))  # chapter names in en/fr/es from the framework


@pytest.mark.parametrize("written, level", [
    ("0", 0), ("4", 4), (" 3 ", 3), ("2.0", 2), ("2,0", 2),
    ("none", 0), ("Initial steps", 1), ("IN PROGRESS", 2), ("substantial", 3), ("complete", 4),
    ("aucun", 0), ("premières étapes", 1), ("en cours", 2), ("substantiel", 3), ("achevé", 4),
    ("ninguno", 0), ("primeros pasos", 1), ("en curso", 2), ("sustancial", 3), ("completado", 4),
    ("2 - in progress", 2), ("3 – substantiel", 3), ("4: completo", 4),
])
def test_rating_levels_in_three_languages(written, level):
    assert vocab.rating(written, "levels") == level


@pytest.mark.parametrize("written, level", [("-1", 0), ("\u22121", 0), ("0", 2), ("+1", 4), ("1", 4)])
def test_rating_compliance_scale(written, level):
    assert vocab.rating(written, "compliance") == level


@pytest.mark.parametrize("written, message", [
    ("7", "outside 0-4"), ("high", "not 0-4 or a level label"), ("", "empty"), ("2.5", "whole level"),
    ("-1", "set rating_scale: compliance"), ("2 - complete", "not 0-4 or a level label"),
])
def test_bad_ratings_say_why(written, message):
    with pytest.raises(Invalid, match=message):
        vocab.rating(written, "levels")


def test_compliance_scale_refuses_levels():
    with pytest.raises(Invalid, match="compliance scale"):
        vocab.rating("3", "compliance")


@pytest.mark.parametrize("written", [
    "ch26", "CH26", "26", "ch 26", "Ch. 26", "Chapter 26", "Chapitre 26", "Capítulo 26", "capitulo 26",
    "Competitiveness", "Compétitivité", "competitividad", "26 Competitiveness", "ch26 - Competitiveness",
])
def test_chapter_as_code_number_or_name(written):
    assert vocab.chapter(written) == "ch26"


def test_chapter_names_in_every_language():
    assert vocab.chapter("Petites et moyennes entreprises") == "ch25"
    assert vocab.chapter("Comercio Digital") == "ch19"
    assert vocab.chapter("Admission temporaire des gens d’affaires") == "ch16"  # curly apostrophe


@pytest.mark.parametrize("written, message", [
    ("ch99", "unknown chapter"), ("Chapter 7", "unknown chapter"), ("", "empty"),
    ("26 Digital Trade", "number and name disagree"),
])
def test_unknown_chapters_are_refused(written, message):
    with pytest.raises(Invalid, match=message):
        vocab.chapter(written)


@pytest.mark.parametrize("written, code", [
    ("US", "US"), ("usa", "US"), ("United States", "US"), ("États-Unis", "US"), ("Estados Unidos", "US"),
    ("EE. UU.", "US"), ("Canada", "CA"), ("Canadá", "CA"), ("MX", "MX"), ("México", "MX"),
    ("Mexique", "MX"), ("trilateral", "NA"), ("Amérique du Nord", "NA"), ("América del Norte", "NA"),
])
def test_parties_in_three_languages(written, code):
    assert vocab.party(written) == code


def test_unknown_party():
    with pytest.raises(Invalid, match="unknown Party 'ZZ'"):
        vocab.party("ZZ")
    with pytest.raises(Invalid, match="Party is empty"):
        vocab.party("")


@pytest.mark.parametrize("written, code", [
    ("R3", "R3"), ("r10", "R10"), ("3", "R3"), ("R 3", "R3"), ("Recommendation 3", "R3"),
    ("Recomendación 7", "R7"), ("", None),
])
def test_recommendations(written, code):
    assert vocab.recommendation(written) == code


def test_recommendation_out_of_range():
    with pytest.raises(Invalid, match="R1-R10"):
        vocab.recommendation("R11")


@pytest.mark.parametrize("written, code", [
    ("business_association", "business_association"), ("Business association", "business_association"),
    ("PME", "sme"), ("pyme", "sme"), ("syndicat", "labour"), ("Sociedad civil", "civil_society"),
    ("gouvernement", "government"), ("particulier", "individual"),
])
def test_stakeholder_types(written, code):
    assert vocab.stakeholder_type(written) == code


@pytest.mark.parametrize("written, code", [
    ("en", "en"), ("fr-CA", "fr"), ("es_MX", "es"), ("Français", "fr"), ("espagnol", "es"), ("inglés", "en"),
])
def test_languages(written, code):
    assert vocab.language(written) == code


def test_confidentiality():
    assert vocab.confidentiality("Confidentiel") is True
    assert vocab.confidentiality("público") is False
    with pytest.raises(Invalid, match="neither public nor confidential"):
        vocab.confidentiality("secret-ish")


@pytest.mark.parametrize("written, order, day", [
    ("2026-03-04", "auto", dt.date(2026, 3, 4)),
    ("2026-03-04T23:10:00Z", "auto", dt.date(2026, 3, 4)),
    ("3/24/2026", "auto", dt.date(2026, 3, 24)),  # M/D/YYYY: 24 cannot be a month
    ("24/3/2026", "auto", dt.date(2026, 3, 24)),  # D/M/YYYY given away by the day
    ("03/04/2026", "mdy", dt.date(2026, 3, 4)),
    ("03/04/2026", "dmy", dt.date(2026, 4, 3)),
    ("5/5/2026", "auto", dt.date(2026, 5, 5)),  # reads the same both ways
])
def test_dates(written, order, day):
    assert vocab.date(written, TODAY, order) == day


@pytest.mark.parametrize("written, message", [
    ("03/04/2026", "ambiguous"), ("2026-07-01", "in the future"), ("2026-02-30", "does not exist"),
    ("yesterday", "not YYYY-MM-DD"), ("", "empty"),
])
def test_bad_dates(written, message):
    with pytest.raises(Invalid, match=message):
        vocab.date(written, TODAY, "auto")


def test_remembered_failures_raise_fresh_errors():
    """A cached failure is raised as a new exception each time (no traceback pile-up)."""
    errors = []
    for _ in range(3):
        with pytest.raises(Invalid) as info:
            vocab.rating("high", "levels")
        errors.append(info.value)
    assert len({id(e) for e in errors}) == 3
