"""Survey-tool presets: exports as Qualtrics, SurveyMonkey, Google Forms, Microsoft Forms and
LimeSurvey write them (tests/fixtures/surveys/, see its README), mapped by question only."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from reviewprep.cli import main
from reviewprep.errors import ConfigError
from reviewprep.gather.formats import guess_format
from reviewprep.gather.sources import load_sources
from reviewprep.settings import get_settings
from tests.gather_helpers import Loader, write

FIXTURES = Path(__file__).parent / "fixtures" / "surveys"
COMMITTEE = "How far has the Competitiveness Committee got with its work plan?"
SME = "SME cooperation is delivering results"
COMMENT = "Comments on the Committee"
TYPE, ORG, COUNTRY = "Which best describes your organization?", "Name of your organization", "Country"

# What every fixture says (see tests/fixtures/surveys/README.md): per respondent, the committee
# level (ch26 R3, trilateral) and the SME matrix levels per Party (ch25).
COMMITTEE_LEVELS = [3.0, 0.0, 4.0]
SME_LEVELS = [{"CA": 3.0, "MX": 4.0, "US": 1.0}, {"CA": 2.0, "US": 0.0}, {"US": 3.0}]
RECORDS = len(COMMITTEE_LEVELS) + sum(len(s) for s in SME_LEVELS)


def english(fmt: str, committee: str = "Q4", sme: str = "Q5", **extra) -> dict:
    return {
        "name": fmt.replace("_", "-"), "path": "none", "format": fmt,
        "columns": {"organization": "Q2" if fmt in ("qualtrics", "limesurvey") else ORG,
                    "stakeholder_type": "Q1" if fmt in ("qualtrics", "limesurvey") else TYPE,
                    "country": "Q3" if fmt in ("qualtrics", "limesurvey") else COUNTRY},
        "questions": [
            {"column": committee, "chapter": "ch26", "recommendation": "R3", "party": "NA", "scale": "1-5",
             "comment": "Q6" if fmt in ("qualtrics", "limesurvey") else COMMENT},
            {"column": sme, "chapter": "ch25", "rows": "party", "scale": "agree"},
        ],
        **extra,
    }


@pytest.fixture
def project(settings, config_copy, tmp_path):
    def configure(*sources: dict) -> Loader:
        (config_copy / "sources.yaml").write_text(yaml.safe_dump({"sources": list(sources)}), encoding="utf-8")
        return Loader(get_settings())
    return configure


def levels(load: Loader) -> list[tuple]:
    return sorted((a[1], a[2], a[3], a[4]) for a in load.ratings())


def expected() -> list[tuple]:
    rows = [("NA", "ch26", "R3", level) for level in COMMITTEE_LEVELS]
    rows += [(party, "ch25", None, level) for by_party in SME_LEVELS for party, level in by_party.items()]
    return sorted(rows)


def check_loaded(counts, load: Loader, accepted: int = 3, quarantined: int = 0) -> None:
    assert counts.error == "" and (counts.read, counts.accepted, counts.duplicates, counts.quarantined) == \
        (accepted + quarantined, accepted, 0, quarantined), (counts, load.quarantine())
    assert levels(load) == expected()
    people = {s.organization: s for s in load.submissions()}
    assert {people["Cámara Norte"].stakeholder_type, people["Union Local 12"].stakeholder_type,
            people["Acme Ltd"].stakeholder_type} == {"business_association", "labour", "company"}
    assert people["Cámara Norte"].country == "MX"
    assert next(s.text for s in load.submissions() if s.organization == "Cámara Norte" and s.text) \
        == "Plan published late."


@pytest.mark.parametrize("name", ["qualtrics.csv", "qualtrics.xlsx"])
def test_qualtrics_three_header_rows_choice_text(project, name):
    load = project(english("qualtrics"))
    counts = load.one(FIXTURES / name, source="qualtrics")
    check_loaded(counts, load, quarantined=1)  # the preview response
    (preview,) = load.quarantine()
    assert "'Survey Preview' response" in preview["reason"]
    ids = {s.external_id for s in load.submissions()}
    assert ids == {"R_1aBcD1x", "R_2aBcD2x", "R_3aBcD3x"}
    assert {s.submitted_on.isoformat() for s in load.submissions()} == {"2026-05-04", "2026-05-05", "2026-05-06"}
    assert any("America/Denver" in n for n in counts.notes)


def test_qualtrics_utf16_tsv_numeric_values_shift_1_to_5(project):
    source = english("qualtrics", committee="QID4", sme="QID5")
    source["columns"] = {"organization": "Q2"}
    load = project(source)
    counts = load.one(FIXTURES / "qualtrics_numeric.tsv", source="qualtrics")
    assert counts.encoding == "utf-16"
    assert (counts.read, counts.accepted, counts.quarantined) == (4, 3, 1)
    assert levels(load) == expected()  # 4 of 1-5 is stored as 3, 5 as 4, 1 as 0


@pytest.mark.parametrize("name", ["surveymonkey.csv", "surveymonkey.xlsx"])
def test_surveymonkey_second_header_row_and_blank_matrix_headers(project, name):
    load = project(english("surveymonkey", committee=COMMITTEE, sme=SME))
    counts = load.one(FIXTURES / name, source="surveymonkey")
    check_loaded(counts, load)
    assert {s.submitted_on.isoformat() for s in load.submissions()} == {"2026-05-04", "2026-05-05", "2026-05-06"}


def french_google(**extra) -> dict:
    return {
        "name": "google", "path": "none", "format": "google_forms",
        "columns": {"organization": "Nom de votre organisation",
                    "stakeholder_type": "Quelle description correspond le mieux à votre organisation ?",
                    "country": "Pays", "party": "Pays"},
        "questions": [
            {"column": "Où en est le Comité de la compétitivité dans son plan de travail ?", "chapter": "ch26",
             "recommendation": "R3", "party": "NA", "scale": "1-5", "comment": "Commentaires sur le Comité"},
            {"column": "La coopération sur les PME donne des résultats", "chapter": "ch25", "rows": "party",
             "scale": "agree"},
            {"column": "Bonnes pratiques de réglementation : progrès globaux", "chapter": "ch28", "scale": "0-4"},
        ],
        "defaults": {"language": "fr"}, **extra,
    }


@pytest.mark.parametrize("name", ["google_forms.csv", "google_forms.xlsx"])
def test_google_forms_french_grid_and_labels(project, name):
    load = project(french_google())
    counts = load.one(FIXTURES / name, source="google")
    check_loaded_french = levels(load)
    assert (counts.read, counts.accepted, counts.quarantined) == (3, 3, 0), (counts.error, load.quarantine())
    # the question naming no Party takes the respondent's (the "Pays" column, through the table)
    overall = sorted((p, lvl) for p, ch, _, lvl in check_loaded_french if ch == "ch28")
    assert overall == [("CA", 1.0), ("MX", 0.0), ("US", 2.0)]
    assert [r for r in check_loaded_french if r[1] != "ch28"] == expected()
    types = {s.organization: s.stakeholder_type for s in load.submissions()}
    assert types["Cámara Norte"] == "business_association" and types["Acme Ltd"] == "company"
    assert {s.submitted_on.isoformat() for s in load.submissions()} == {"2026-05-04", "2026-05-05", "2026-05-06"}


def test_respondent_party_needed_only_when_a_question_names_none(project):
    source = french_google()
    del source["columns"]["party"]
    load = project(source)
    counts = load.one(FIXTURES / "google_forms.csv", source="google")
    assert counts.quarantined == 3  # each answered the overall question, which names no Party
    assert all(r["column"] == "party" and "Party is empty" in r["reason"] for r in load.quarantine())
    source["questions"] = source["questions"][:2]
    load = project(source)
    counts = load.one(FIXTURES / "google_forms.xlsx", source="google")
    assert (counts.accepted, counts.quarantined) == (3, 0)


def ms_forms(**extra) -> dict:
    return {
        "name": "ms", "path": "inbox/ms/*.xlsx", "format": "ms_forms",
        "columns": {"organization": ORG, "stakeholder_type": TYPE, "country": COUNTRY},
        "questions": [
            {"column": COMMITTEE, "chapter": "ch26", "recommendation": "R3", "party": "NA", "scale": "1-5",
             "comment": COMMENT},
            *({"column": f"{SME}: {name}", "chapter": "ch25", "party": code, "scale": "agree"}
              for name, code in (("Canada", "CA"), ("Mexico", "MX"), ("United States", "US"))),
        ], **extra,
    }


def test_ms_forms_second_copy_is_new_respondents(project, settings):
    load = project(ms_forms())
    first = load.one(FIXTURES / "ms_forms.xlsx", source="ms")
    check_loaded(first, load)
    second = load.one(FIXTURES / "ms_forms_copy.xlsx", source="ms")
    assert (second.read, second.accepted, second.duplicates) == (3, 3, 0)  # ids 1-3 again, started in June
    ids = sorted(s.external_id for s in load.submissions())
    assert ids[0] == "1@2026-05-04T10:05:12" and len(set(ids)) == 6
    assert {s.stakeholder_name for s in load.submissions()} >= {"Ana Ruiz", "Sam Lee"}


def test_ms_forms_reexport_of_the_same_form_is_duplicates(project, tmp_path):
    from openpyxl import load_workbook

    load = project(ms_forms())
    load.one(FIXTURES / "ms_forms.xlsx", source="ms")
    workbook = load_workbook(FIXTURES / "ms_forms.xlsx")
    sheet = workbook.active
    sheet.append([4, sheet["B2"].value.replace(day=20), sheet["C2"].value.replace(day=20), "anonymous", "",
                  "Private company", "Late Co", "Canada", 3, "De acuerdo", "", "", None])
    workbook.save(tmp_path / "later.xlsx")
    counts = load.one(tmp_path / "later.xlsx", source="ms")
    assert (counts.read, counts.accepted, counts.duplicates) == (4, 1, 3)


def test_limesurvey_codes_and_subquestion_codes(project):
    source = english("limesurvey", committee="Q4", sme="Q5", defaults={"language": "en"})
    source["questions"][0]["scale"] = None
    source["questions"][0]["labels"] = {"Not started": 0, "Largely done": 3, "Done": 4}
    source["questions"][1]["row_labels"] = {"SQ001": "CA", "SQ002": "MX", "SQ003": "US"}
    load = project(source)
    counts = load.one(FIXTURES / "limesurvey.csv", source="limesurvey")
    check_loaded(counts, load)
    dates = sorted((s.external_id, s.submitted_on.isoformat()) for s in load.submissions())
    # respondent 2 did not finish: dated by its last action
    assert dates[0] == ("1@2026-05-04T16:01:00", "2026-05-04") and ("2@2026-05-05T16:02:00", "2026-05-05") in dates


def test_limesurvey_full_text_headings(project):
    source = english("limesurvey", committee=COMMITTEE, sme=SME)
    source["columns"] = {"organization": ORG, "stakeholder_type": TYPE, "country": COUNTRY}
    source["questions"][0]["comment"] = COMMENT
    load = project(source)
    check_loaded(load.one(FIXTURES / "limesurvey_fulltext.xlsx", source="limesurvey"), load)


def test_out_of_scale_answer_is_quarantined_naming_the_question(project, tmp_path):
    text = (FIXTURES / "qualtrics_numeric.tsv").read_text(encoding="utf-16")
    lines = text.splitlines()
    bad = lines[3].replace("R_1aBcD1x", "R_9zzz").split("\t")
    bad[20] = "6"  # Q4 on 1-5
    path = write(tmp_path / "bad.tsv", "\n".join([*lines[:3], "\t".join(bad)]) + "\n", "utf-16")
    source = english("qualtrics", committee="QID4", sme="QID5")
    source["columns"] = {}
    load = project(source)
    counts = load.one(path, source="qualtrics")
    assert (counts.read, counts.accepted, counts.quarantined) == (1, 0, 1)
    (record,) = load.quarantine()
    assert record["column"].startswith("Q4 (How far")
    assert record["reason"] == "answer '6' is outside the question's scale 1-5"  # the column is named once


def test_0_4_scale_refuses_a_5_and_labels_table_refuses_unknown(project, tmp_path):
    source = french_google()
    path = write(tmp_path / "g.csv", (FIXTURES / "google_forms.csv").read_text(encoding="utf-8")
                 .replace(',2,"Done', ',5,"Done').replace("Ni d'accord ni pas d'accord", "Bof"))
    load = project(source)
    counts = load.one(path, source="google")
    assert (counts.accepted, counts.quarantined) == (1, 2)
    reasons = " | ".join(r["reason"] for r in load.quarantine())
    assert "'5' is outside the question's scale 0-4" in reasons
    assert "'Bof' is not on the question's scale agree" in reasons


def test_label_tables_are_editable(project, config_copy, tmp_path):
    (config_copy / "survey_labels.yaml").write_text(yaml.safe_dump({
        "agreement": {"Bof": 2}, "stakeholder_types": {"Organisation syndicale": "civil_society"}}))
    path = write(tmp_path / "g.csv", (FIXTURES / "google_forms.csv").read_text(encoding="utf-8")
                 .replace("Ni d'accord ni pas d'accord", "Bof"))
    load = project(french_google())
    counts = load.one(path, source="google")
    assert counts.accepted == 3
    assert {s.stakeholder_type for s in load.submissions() if s.organization == "Union Local 12"} == {"civil_society"}


def test_an_unknown_label_says_where_to_map_it(project, tmp_path):
    path = write(tmp_path / "sm.csv", (FIXTURES / "surveymonkey.csv").read_text(encoding="utf-8")
                 .replace("Labour union", "Other (please specify)"))
    load = project(english("surveymonkey", committee=COMMITTEE, sme=SME))
    counts = load.one(path, source="surveymonkey")
    assert (counts.accepted, counts.quarantined) == (2, 1)
    (record,) = load.quarantine()
    assert "unknown stakeholder type 'Other (please specify)'" in record["reason"]
    assert "add it to config/survey_labels.yaml, stakeholder_types:" in record["reason"]


def test_bad_label_table_names_file_and_key(project, config_copy, tmp_path, capsys):
    (config_copy / "survey_labels.yaml").write_text("parties:\n  Somewhere: FR\n")
    load = project(french_google())
    with pytest.raises(ConfigError) as info:
        load.one(FIXTURES / "google_forms.csv", source="google")
    assert info.value.key == "parties.Somewhere"


def test_holdout_exports_load_with_the_values_they_hold(project):
    load = project(
        {"name": "q", "path": "none", "format": "qualtrics", "questions": [
            {"column": "QID1", "chapter": "ch26", "party": "NA", "scale": "1-5"},
            {"column": "Progress by country", "chapter": "ch19", "rows": "party", "scale": "1-5"}]},
        {"name": "sm", "path": "none", "format": "surveymonkey",
         "columns": {"stakeholder_type": "What type of organization do you represent?"}, "questions": [
             {"column": "Rate implementation progress for each country", "chapter": "ch19", "rows": "party",
              "scale": "0-4"},
             {"column": "Overall: how would you rate the Competitiveness Committee?", "chapter": "ch26",
              "party": "NA", "scale": "1-5"}]},
        {"name": "g", "path": "none", "format": "google_forms",
         "columns": {"stakeholder_type": "Your organization type"}, "questions": [
             {"column": "Rate progress", "chapter": "ch25", "rows": "party", "scale": "0-4"}]})
    q = load.one(FIXTURES / "holdout_qualtrics.csv", source="q")
    assert (q.read, q.accepted, q.quarantined) == (2, 2, 0)
    sm = load.one(FIXTURES / "holdout_surveymonkey.csv", source="sm")
    assert (sm.read, sm.accepted, sm.quarantined) == (2, 1, 1)  # "Other (please specify)" is no stakeholder type
    g = load.one(FIXTURES / "holdout_google_forms.csv", source="g")
    assert (g.read, g.accepted, g.quarantined) == (2, 2, 0)
    stored = sorted((s.external_id or s.stakeholder_type, s.language, s.submitted_on.isoformat(), s.party, chapter,
                     rating) for s, chapter, rating in _cells(load))
    assert stored == [
        ("118823411", "en", "2026-06-03", "CA", "ch19", 3.0), ("118823411", "en", "2026-06-03", "MX", "ch19", 0.0),
        ("118823411", "en", "2026-06-03", "NA", "ch26", 2.0), ("118823411", "en", "2026-06-03", "US", "ch19", 2.0),
        ("R_aaa111", "fr", "2026-06-01", "CA", "ch19", 1.0), ("R_aaa111", "fr", "2026-06-01", "NA", "ch26", 3.0),
        ("R_aaa111", "fr", "2026-06-01", "US", "ch19", 2.0),
        ("R_bbb222", "es", "2026-06-09", "CA", "ch19", 0.0), ("R_bbb222", "es", "2026-06-09", "MX", "ch19", 4.0),
        ("government", "en", "2026-06-05", "CA", "ch25", 1.0), ("government", "en", "2026-06-05", "MX", "ch25", 2.0),
        ("government", "en", "2026-06-05", "US", "ch25", 0.0),
        ("labour", "en", "2026-06-05", "CA", "ch25", 4.0), ("labour", "en", "2026-06-05", "US", "ch25", 3.0),
    ]
    assert {s.stakeholder_name for s in load.submissions() if s.external_id == "118823411"} == {"Jane Doe"}


def _cells(load: Loader) -> list[tuple]:
    from sqlalchemy import select

    from reviewprep.store.db import session_scope
    from reviewprep.store.models import Assessment, Submission

    with session_scope(load.settings.db_url) as session:
        rows = session.execute(select(Submission, Assessment.chapter, Assessment.rating).join(Assessment)).all()
        for submission, _, _ in rows:
            session.expunge(submission)
        return [tuple(r) for r in rows]


@pytest.mark.parametrize("name, preset", [
    ("qualtrics.csv", "qualtrics"), ("qualtrics.xlsx", "qualtrics"), ("qualtrics_numeric.tsv", "qualtrics"),
    ("surveymonkey.csv", "surveymonkey"), ("surveymonkey.xlsx", "surveymonkey"),
    ("google_forms.csv", "google_forms"), ("google_forms.xlsx", "google_forms"), ("ms_forms.xlsx", "ms_forms"),
    ("limesurvey.csv", "limesurvey"), ("limesurvey_fulltext.xlsx", "limesurvey"),
])
def test_each_export_is_recognised(name, preset):
    assert guess_format(FIXTURES / name)[0] == preset


@pytest.mark.parametrize("name", ["qualtrics.csv", "surveymonkey.csv", "ms_forms.xlsx"])
def test_no_question_mapping_exits_2_naming_what_to_map(settings, tmp_path, capsys, name):
    assert main(["ingest", str(FIXTURES / name)]) == 2
    out = capsys.readouterr().out
    assert "no question mapping yet" in out and "reviewprep sources draft" in out
    assert COMMITTEE in out and "total: read 0, accepted 0" in out
    assert main(["quarantine", "list"]) == 0
    assert "nothing quarantined" in capsys.readouterr().out


def test_a_matrix_question_without_rows_says_so(project):
    source = english("surveymonkey", committee=COMMITTEE, sme=SME)
    del source["questions"][1]["rows"]
    load = project(source)
    counts = load.one(FIXTURES / "surveymonkey.csv", source="surveymonkey")
    assert "is a matrix of 3 rows (Canada, Mexico, United States): add rows: party" in counts.error


def test_matrix_row_naming_no_party_is_refused_with_the_fix(project, tmp_path):
    path = write(tmp_path / "sm.csv", (FIXTURES / "surveymonkey.csv").read_text(encoding="utf-8")
                 .replace(",Mexico,United States", ",Greenland,United States"))
    load = project(english("surveymonkey", committee=COMMITTEE, sme=SME))
    counts = load.one(path, source="surveymonkey")
    assert "matrix row 'Greenland'" in counts.error and "survey_labels.yaml" in counts.error


@pytest.mark.parametrize("change, key, problem", [
    ({"scale": "1-7"}, "sources.0.questions.0.scale", "Input should be"),
    ({"labels": {"Done": 5}}, "sources.0.questions.0.labels.Done", "less than or equal to 4"),
    ({"rows": "party"}, "sources.0.questions.0", "takes no party"),
    ({"chapter": None}, "sources.0.questions.0", "every question names its chapter"),
    ({"scale": None}, "sources.0", "declare the scale (0-4, 1-5, agree) or labels of 'Q4'"),
])
def test_bad_question_names_key(tmp_path, change, key, problem):
    source = english("qualtrics")
    source["questions"][0].update(change)
    path = tmp_path / "sources.yaml"
    path.write_text(yaml.safe_dump({"sources": [source]}))
    with pytest.raises(ConfigError) as info:
        load_sources(path)
    assert info.value.key == key and problem in info.value.problem


# ---- reviewprep sources draft ----------------------------------------------------------

@pytest.mark.parametrize("name, preset", [("qualtrics.csv", "qualtrics"), ("surveymonkey.xlsx", "surveymonkey"),
                                          ("google_forms.csv", "google_forms"), ("ms_forms.xlsx", "ms_forms"),
                                          ("limesurvey.csv", "limesurvey")])
def test_sources_draft_lists_columns_answers_and_guesses(settings, capsys, name, preset):
    assert main(["sources", "draft", str(FIXTURES / name)]) == 0
    out = capsys.readouterr().out
    draft = yaml.safe_load(out)
    (source,) = draft["sources"]
    assert source["format"] == preset
    assert f"preset {preset}" in out and "answers:" in out
    questions = {q["column"]: q for q in source["questions"]}
    assert len(questions) >= 2


def test_sources_draft_edited_minimally_loads(project, settings, capsys, tmp_path):
    assert main(["sources", "draft", str(FIXTURES / "surveymonkey.csv")]) == 0
    (source,) = yaml.safe_load(capsys.readouterr().out)["sources"]
    committee = next(q for q in source["questions"] if q["column"] == COMMITTEE)
    assert committee["chapter"] == "ch26" and committee["scale"] == "1-5"  # guessed: the Committee's terms
    sme = next(q for q in source["questions"] if q["column"] == SME)
    assert sme["rows"] == "party" and sme["scale"] == "agree"
    assert source["columns"]["stakeholder_type"] == TYPE and source["columns"]["organization"] == ORG
    # the analyst's edits: the Committee is trilateral, the SME questions are chapter 25, recommendation R3
    committee.update(party="NA", recommendation="R3")
    sme["chapter"] = "ch25"
    source["path"] = str(FIXTURES / "surveymonkey.csv")
    load = project(source)
    counts = load.one(FIXTURES / "surveymonkey.csv", source=source["name"])
    assert (counts.read, counts.accepted, counts.quarantined) == (3, 3, 0), load.quarantine()
    assert levels(load) == expected()


@pytest.mark.parametrize("dates, order, said", [
    (("11/20/2026 9:14:02", "3/4/2026 10:01:00"), "mdy", "has the month first"),
    (("20/11/2026 9:14:02", "3/4/2026 10:01:00"), "dmy", "has the day first"),
    (("2/11/2026 9:14:02", "3/4/2026 10:01:00"), None, "No slashed date read tells day from month"),
    (("20/11/2026 9:14:02", "11/20/2026 10:01:00"), None, "The dates disagree"),
])
def test_sources_draft_proposes_the_date_order_the_file_shows(settings, capsys, tmp_path, dates, order, said):
    """Google Forms writes its timestamps in the account's locale: a day above 12 tells the
    order, which the draft proposes and says why; if none does, or two disagree, it asks."""
    rows = "".join(f"{d},p{i}@example.org,Agree\n" for i, d in enumerate(dates))
    path = write(tmp_path / "g.csv", f"Timestamp,Email Address,SME cooperation delivers [Canada]\n{rows}")
    assert main(["sources", "draft", str(path)]) == 0
    out = capsys.readouterr().out
    (source,) = yaml.safe_load(out)["sources"]
    assert source["format"] == "google_forms"
    assert source["defaults"] == ({"date_order": order} if order else {})
    assert said in out


def test_sources_draft_of_an_unknown_table_is_a_generic_survey(settings, capsys, tmp_path):
    path = write(tmp_path / "plain.csv", "When,Rating of chapter 26\n2026-05-04,3\n")
    assert main(["sources", "draft", str(path)]) == 0
    (source,) = yaml.safe_load(capsys.readouterr().out)["sources"]
    assert source["format"] == "survey_csv"
    assert main(["sources", "draft", str(path), "--format", "regulations_gov"]) == 2
    assert "not a survey format" in capsys.readouterr().err



def test_a_fixed_scale_lets_quarantine_retry_load_the_held_respondents(project, capsys):
    """A 1-5 question first mapped without its scale: the 5s are held; declaring the scale and
    retrying loads them (rows already stored are not re-read: the mapping must be right first)."""
    source = english("surveymonkey", committee=COMMITTEE, sme=SME)
    source["path"] = str(FIXTURES / "surveymonkey.csv")
    source["questions"][0]["scale"] = "0-4"
    load = project(source)
    counts = load.one(FIXTURES / "surveymonkey.csv", source="surveymonkey")
    assert (counts.accepted, counts.quarantined) == (2, 1)  # '5 - Done' is outside 0-4
    source["questions"][0]["scale"] = "1-5"
    project(source)
    assert main(["quarantine", "retry"]) == 0
    assert "1 held, 1 resolved" in capsys.readouterr().out
    assert ("NA", "ch26", "R3", 4.0) in levels(load)
