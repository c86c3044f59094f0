"""Campaigns end to end: real ingest of form letters, incremental detection, commands, scores.

Form letters in three languages arrive as a JSON Lines export (some exact copies from
different named people on the same day, without ids); detection groups them, a late
letter joins its campaign in a second run, `campaigns list --as-of` goes back in time,
and regulations.gov's `Duplicate Comments` counts towards a campaign's size.
"""

from __future__ import annotations

import datetime as dt
import json
import random

import pytest
from sqlalchemy import delete, func, select

from reviewprep import jobs
from reviewprep.cli import main
from reviewprep.store.campaigns import letters_of
from reviewprep.store.db import session_scope
from reviewprep.store.models import Assessment, CampaignLetter, CampaignRecord, CommentTag, Submission
from tests.campaign_corpora import corpus, holdout, member_letter
from tests.conftest import REPO


def write_jsonl(path, letters, people=True, party="CA"):
    rows = []
    for _i, letter in enumerate(letters):
        rows.append({"submitted_at": letter.day.isoformat(), "stakeholder_name": f"Writer {letter.key}" if people else "",
                     "organization": "", "stakeholder_type": "individual", "country": "Canada", "party": party,
                     "text": letter.text, "confidentiality": "public",
                     "language": letter.key[:2] if letter.key[:2] in ("en", "fr", "es") else "en"})
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n", encoding="utf-8")
    return path


def ingest(paths, capsys):
    assert main(["ingest", *map(str, paths), "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def list_json(capsys, *extra):
    assert main(["campaigns", "list", "--json", *extra]) == 0
    return json.loads(capsys.readouterr().out)["campaigns"]


def test_form_letters_ingested_detected_and_listed(settings, tmp_path, capsys):
    c = corpus()
    counts = ingest([write_jsonl(tmp_path / "letters.jsonl", c.letters)], capsys)
    assert counts["accepted"] == len(c.letters) and counts["duplicates"] == 0  # exact copies kept, one per writer
    found = list_json(capsys)
    assert sorted(f["size"] for f in found) == [70, 70, 70]
    for f in found:
        assert {"id", "size", "template_excerpt", "chapters", "first", "last"} <= set(f)
        assert f["id"].startswith("C-") and f["first"] <= f["last"]
    # the personal additions can be read
    assert main(["campaigns", "show", found[0]["id"], "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["additions"] and shown["template"]


def test_a_letters_subjects_are_its_assessment_and_its_comment_tags(settings, tmp_path, capsys):
    """letters_of joins each letter's assessment (one at most) and reads its tags by group."""
    c = corpus()
    ingest([write_jsonl(tmp_path / "letters.jsonl", c.letters)], capsys)
    jobs.detect_campaigns(settings)
    with session_scope(settings.db_url) as session:
        group = session.scalar(select(CampaignLetter.group_key).group_by(CampaignLetter.group_key)
                               .having(func.count() >= 3).order_by(CampaignLetter.group_key).limit(1))
        members = list(session.scalars(select(CampaignLetter.submission_id).where(CampaignLetter.group_key == group)
                                       .order_by(CampaignLetter.submission_id)))
        first, second = members[:2]
        tagged = {sid: set(session.scalars(select(CommentTag.code).where(CommentTag.submission_id == sid)))
                  for sid in members}  # what ingest's terms found
        session.execute(delete(CommentTag).where(CommentTag.submission_id == second))
        session.add(Assessment(submission_id=first, chapter="ch26", recommendation="R3", rating=3))
        session.add_all([CommentTag(submission_id=first, code="ch19", matched_terms=["digital"]),
                         CommentTag(submission_id=second, code="ch28", matched_terms=["regulatory"])])
        session.flush()
        letters, _, id_of = letters_of(session, [group])
        codes = {id_of[letter.key]: letter.codes for letter in letters}
    assert codes[first] == tuple(sorted(tagged[first] | {"ch19", "ch26", "R3"}))
    assert codes[second] == ("ch28",)
    assert all(codes[sid] == tuple(sorted(tagged[sid])) for sid in members[2:])


def test_a_late_letter_joins_and_as_of_goes_back(settings, tmp_path, capsys):
    c = corpus()
    ingest([write_jsonl(tmp_path / "first.jsonl", c.letters)], capsys)
    before = {f["id"]: f for f in list_json(capsys)}
    fr = next(f for f in before.values() if "Madame" in f["template_excerpt"] or "ACEUM" in f["template_excerpt"])
    late_day = dt.date.fromisoformat(fr["last"]) + dt.timedelta(days=30)
    late = [type(c.letters[0])("fr-late", late_day, member_letter(random.Random(5), "fr") + " Envoyée en retard.")]
    ingest([write_jsonl(tmp_path / "late.jsonl", late)], capsys)
    assert main(["campaigns", "detect"]) == 0
    assert "grouped 1 new text submission(s), 1 joining an earlier group" in capsys.readouterr().out
    after = {f["id"]: f for f in list_json(capsys)}
    assert after[fr["id"]]["size"] == fr["size"] + 1 and after[fr["id"]]["last"] == late_day.isoformat()
    back = {f["id"]: f for f in list_json(capsys, "--as-of", fr["last"])}
    assert back[fr["id"]]["size"] == fr["size"]
    early = list_json(capsys, "--as-of", "2026-03-02")
    assert all(f["size"] < 70 for f in early)


def stored_campaigns(settings) -> dict[str, dict]:
    with session_scope(settings.db_url) as session:
        return {r.id: {"size": r.size, "signatories": r.signatories, "template": r.template, "codes": r.codes,
                       "first": r.first_on, "last": r.last_on, "detected_at": r.detected_at}
                for r in session.scalars(select(CampaignRecord))}


def test_a_later_run_rewrites_only_the_campaigns_its_letters_joined(settings, tmp_path, capsys):
    """A run's cost follows its new letters: the campaigns no new letter joined are left as they
    were, and what is stored is what a rebuild from nothing stores."""
    c = corpus()
    ingest([write_jsonl(tmp_path / "first.jsonl", c.letters)], capsys)
    jobs.detect_campaigns(settings)
    before = stored_campaigns(settings)
    fr = next(k for k, v in before.items() if "Madame" in v["template"] or "ACEUM" in v["template"])
    late = [type(c.letters[0])("fr-late", before[fr]["last"] + dt.timedelta(days=30),
                               member_letter(random.Random(5), "fr") + " Envoyée en retard.")]
    ingest([write_jsonl(tmp_path / "late.jsonl", late)], capsys)
    assert jobs.detect_campaigns(settings).joined == 1
    after = stored_campaigns(settings)
    assert after[fr]["size"] == before[fr]["size"] + 1 and after[fr]["detected_at"] > before[fr]["detected_at"]
    assert {k: v for k, v in after.items() if k != fr} == {k: v for k, v in before.items() if k != fr}
    jobs.detect_campaigns(settings, rebuild=True)
    rebuilt = stored_campaigns(settings)
    assert {k: {**v, "detected_at": None} for k, v in rebuilt.items()} == \
        {k: {**v, "detected_at": None} for k, v in after.items()}


def test_a_first_detection_leaves_the_group_index_it_builds_after(settings, tmp_path, capsys):
    """Into an empty campaign_letters table the group index is built once the letters are in;
    it must be there after a first run and after a rebuild, as the models declare it."""
    from sqlalchemy import create_engine, inspect

    from reviewprep.store.campaigns import GROUP_INDEX

    ingest([write_jsonl(tmp_path / "letters.jsonl", corpus().letters)], capsys)
    for rebuild in (False, True):
        jobs.detect_campaigns(settings, rebuild=rebuild)
        stored = {ix["name"] for ix in inspect(create_engine(settings.db_url)).get_indexes("campaign_letters")}
        assert set(GROUP_INDEX) == {ix.name for ix in CampaignLetter.__table__.indexes} <= stored


def test_regulations_duplicate_comments(settings, tmp_path, capsys):
    header = (REPO / "tests" / "fixtures" / "gather" / "regulations_current.csv").read_text(encoding="utf-8").splitlines()[0]
    names = next(__import__("csv").reader([header]))
    def row(doc, comment, dups, first="Pat", last="Lee"):
        values = {n: "" for n in names}
        values.update({"Document ID": doc, "Docket ID": "USTR-2026-0001", "Document Type": "Public Submission",
                       "Posted Date": "2026-04-02", "Received Date": "2026-04-01", "First Name": first,
                       "Last Name": last, "Country": "United States", "Comment": comment,
                       "Duplicate Comments": dups})
        import csv
        import io
        out = io.StringIO()
        csv.writer(out).writerow([values[n] for n in names])
        return out.getvalue().strip("\r\n")
    text = "Please keep the dairy chapter as it is and protect family farms from new quotas."
    path = tmp_path / "regs.csv"
    path.write_text("\n".join([header, row("USTR-2026-0001-0002", text, "266"),
                               row("USTR-2026-0001-0003", "Steel tariffs hurt our plant in Ohio.", ""),
                               row("USTR-2026-0001-0004", "Something", "many")]) + "\n", encoding="utf-8")
    counts = ingest([path], capsys)
    assert (counts["accepted"], counts["quarantined"]) == (2, 1)
    assert main(["quarantine", "list", "--json"]) == 0
    assert "Duplicate Comments" in capsys.readouterr().out
    (found,) = list_json(capsys)
    assert (found["size"], found["signatories"]) == (1, 267)


def test_scores_json_engagement_counts_voices_and_campaign_ratings_weigh_as_one(settings, tmp_path, capsys):
    """The hold-out through the database: 150 form-letter ratings of 0 among 50 distinct comments."""
    h = holdout()
    jobs.prepare_database(settings)
    with session_scope(settings.db_url) as session:
        for i, letter in enumerate(h.letters):
            in_campaign = letter.key in h.campaign["en"]
            s = Submission(fingerprint=f"{i:064d}", kind="assessment" if in_campaign else "comment",
                           submitted_on=letter.day, stakeholder_name=f"Person {i}", organization="",
                           stakeholder_type="individual", party="US", language="en", text=letter.text)
            if in_campaign:
                s.assessment = Assessment(chapter="ch26", recommendation="R3", rating=0.0)
            session.add(s)
        for i in range(3):  # three companies rate the same cell 3
            s = Submission(fingerprint=f"c{i:063d}", kind="assessment", submitted_on=dt.date(2026, 6, 1),
                           stakeholder_name="", organization=f"Firm {i}", stakeholder_type="company",
                           party="US", language="en", text="")
            s.assessment = Assessment(chapter="ch26", recommendation="R3", rating=3.0)
            session.add(s)
    assert main(["scores", "--json", "--as-of", "2026-07-01", "--explain"]) == 0
    scores = json.loads(capsys.readouterr().out)
    e = scores["engagement"]
    assert e["submissions"] == 203
    assert abs(e["distinct_voices"] - (51 + 3)) <= 3
    (campaign,) = e["campaigns"]
    assert abs(campaign["size"] - 150) <= 5 and campaign["id"].startswith("C-")
    cell = next(c for c in scores["cells"] if (c["chapter"], c["recommendation"], c["party"]) == ("ch26", "R3", "US"))
    assert cell["n"] == 153 and cell["voices"] == 4
    assert cell["assessment_component"] > 50  # the campaign is one voice among four, not 150 of 153
    assert cell["status"] != "off_track"
    assert cell["explanation"]["campaigns"][0]["ratings"] == 150
    with session_scope(settings.db_url) as session:
        assert session.scalar(select(func.count()).select_from(CampaignLetter)) == 200


def test_topics_command_lists_groups(settings, tmp_path, capsys):
    """Untagged comments in people's own words on two subjects the term lists miss."""
    rng = random.Random(3)
    Letter = type(corpus().letters[0])
    crews = ("film crew", "animation studio", "documentary team", "post-production house")
    crops = ("apple", "cherry", "grape", "pear")
    letters = []
    for i in range(12):
        letters.append(Letter(f"a{i}", dt.date(2026, 5, 1), rng.choice((
            f"My {rng.choice(crews)} waited {i + 2} weeks for co-production treaty approval.",
            f"Streaming quotas and co-production treaty rules keep our {rng.choice(crews)} from hiring ({i}).",
            f"Co-production approvals take months, and streaming quotas favour the big studios, says studio {i}.",
        ))))
        letters.append(Letter(f"b{i}", dt.date(2026, 5, 2), rng.choice((
            f"Seasonal orchard workers on farm {i} wait months for visas; housing inspections come after the harvest.",
            f"Our {rng.choice(crops)} harvest depends on seasonal workers, and their visas took {i + 3} months this year.",
            f"Visas for seasonal orchard workers and the housing inspections they need are slower every year ({i}).",
        ))))
    ingest([write_jsonl(tmp_path / "untagged.jsonl", letters, party="US")], capsys)
    assert main(["topics", "--json"]) == 0
    topics = json.loads(capsys.readouterr().out)["topics"]
    assert len(topics) >= 2 and all(t["words"] and t["size"] >= 3 and t["example"] for t in topics)
    words = " ".join(w for t in topics for w in t["words"])
    assert "production" in words or "streaming" in words or "quotas" in words
    assert "visas" in words or "orchard" in words or "seasonal" in words


def test_bad_usage_exits_2(settings, capsys):
    jobs.prepare_database(settings)
    assert main(["campaigns", "show", "C-nothere"]) == 2
    assert "no campaign C-nothere" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exc:
        main(["campaigns", "list", "--as-of", "yesterday"])
    assert exc.value.code == 2


@pytest.mark.parametrize("min_size", [2, 40])
def test_quotes_see_the_campaigns_campaigns_as_of_finds(settings, tmp_path, capsys, min_size):
    """What a quote is told of a submission's campaign (read only as far as quoting needs) is what
    the full summary says, for each audience and as-of date, confidential letters among them."""
    from reviewprep.store.campaigns import campaign_of_submission, campaigns_as_of

    c = corpus()
    path = write_jsonl(tmp_path / "letters.jsonl", c.letters)
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    for i, row in enumerate(rows):
        row["confidentiality"] = "confidential" if i % 4 == 0 else "public"
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n", encoding="utf-8")
    ingest([path], capsys)
    jobs.detect_campaigns(settings)
    days = sorted({letter.day for letter in c.letters})
    with session_scope(settings.db_url) as session:
        ids = dict(session.execute(select(Submission.fingerprint, Submission.id)).all())
        for as_of in (None, days[0], days[len(days) // 2], days[-1]):
            for public_only in (True, False):
                expected = {ids[k]: {"id": f.id, "template": f.template, "signatories": f.signatories}
                            for f in campaigns_as_of(session, min_size, as_of, public_only) for k in f.members}
                assert campaign_of_submission(session, min_size, as_of, public_only, ids.values()) == expected
                assert expected or as_of == days[0]
