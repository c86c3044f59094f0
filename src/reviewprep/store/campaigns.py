"""Campaign detection's reads and writes: which group each text submission is in, and the campaigns.

`detect` is incremental: it restores the saved representatives, assigns only the text
submissions no run has seen (in date order), saves the new representatives, then
refreshes the summary of each group those submissions joined or started (a campaign's
summary depends on its own letters only, so the others stand). `rebuild=True`
starts again from nothing (after changing config/campaigns.yaml, for instance).
`campaigns_as_of` recomputes campaigns from the stored groups for a date and an
audience: only letters dated by then, and for a public audience only public letters,
so a confidential letter can never shape a public template.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from sqlalchemy import delete, func, insert, select
from sqlalchemy.orm import Session

from reviewprep.campaigns.detect import Assignment, DetectionSettings, Detector, Letter
from reviewprep.campaigns.summary import Campaign, campaign_id, campaigns, outline
from reviewprep.codes import language_tag
from reviewprep.store.models import Assessment, CampaignLetter, CampaignRecord, CommentTag, Submission, utcnow
from reviewprep.store.scoring_reads import day_number_of
from reviewprep.store.tuning import indexes_built_after

BATCH = 2000
GROUP_INDEX = ("ix_campaign_letters_group_key",)  # read only once every letter is in
REFRESH_LETTERS = 20000  # letters of large groups summarised together
REFRESH_GROUPS = 2000


@dataclass
class DetectionRun:
    assigned: int = 0  # text submissions grouped by this run
    joined: int = 0  # of them, letters that joined a group found earlier (by an earlier run too)
    campaigns: int = 0  # campaigns now (all letters)
    letters: int = 0  # letters in them


def detect(session: Session, settings: DetectionSettings, rebuild: bool = False) -> DetectionRun:
    """Group the text submissions no run has seen, in date order; nothing to do costs one query."""
    if rebuild:
        session.execute(delete(CampaignRecord))
        session.execute(delete(CampaignLetter))
    s = Submission
    # Sorted by the date's day number once found: sorted by the date itself, SQLite walked the
    # date index and looked up every row of a grown archive (3 s at 1,000,000).
    new = list(session.scalars(
        select(s.id).outerjoin(CampaignLetter, CampaignLetter.submission_id == s.id)
        .where(CampaignLetter.submission_id.is_(None), s.text != "")
        .order_by(day_number_of(s.submitted_on), s.fingerprint)))
    run = DetectionRun()
    if new:
        detector = Detector(settings)
        _restore(session, detector, new)
        joined: set[str] = set()  # the groups this run added letters to
        with indexes_built_after(session, "campaign_letters", GROUP_INDEX):
            for chunk in _chunks(new, BATCH):
                texts = _texts(session, chunk)
                letters = [texts[sid] for sid in chunk]
                rows = []
                for sid, a in zip(chunk, detector.assign_many(letters), strict=True):
                    run.joined += a.group != a.key
                    joined.add(a.group)
                    rows.append((sid, a.group, a.similarity, detector.fresh_signature(a.key)))
                _driver_sql(session, "INSERT INTO campaign_letters (submission_id, group_key, similarity, "
                            "signature, addition) VALUES (?, ?, ?, ?, '')", rows)
        run.assigned = len(new)
        _refresh(session, settings.min_size, joined)
        session.flush()
    run.campaigns, run.letters = session.execute(
        select(func.count(), func.coalesce(func.sum(CampaignRecord.size), 0))).one()
    return run


def _restore(session: Session, detector: Detector, new: list[int]) -> None:
    """Give `detector` the saved representatives the `new` submissions can be compared with.

    Fewer new letters than saved representatives (a weekly run on a grown archive): only
    the representatives sharing a band with one of the new letters, read a few thousand at
    a time, and their groups' counts; the rest stay on disk. Detection then costs what the
    new letters need, not what the archive holds (a million-letter archive kept 729,213
    representatives: 1.9 GB and 19 s to restore them all for one new letter). The groups
    are the same either way: no other representative could be a candidate. Read unsorted
    and sorted once filtered: sorting every saved signature took 3.6 s of the 4.6.
    """
    c = CampaignLetter
    saved = session.scalar(select(func.count()).select_from(c).where(c.signature.is_not(None)))
    if not saved:
        return
    saved_rows = (select(Submission.fingerprint, c.group_key, c.signature, Submission.submitted_on)
                  .join(c, c.submission_id == Submission.id).where(c.signature.is_not(None)))
    if len(new) >= saved:
        detector.restore(_streamed(session, saved_rows.order_by(Submission.submitted_on, Submission.fingerprint)))
        return
    among = detector.band_keys_of(text for chunk in _chunks(new, BATCH)
                                  for _, text in _texts(session, chunk).values())
    kept = sorted(detector.sharing_a_band(_streamed(session, saved_rows), among), key=lambda r: (r[3], r[0]))
    detector.restore(kept)
    counts = {}
    for chunk in _chunks(sorted({group for _, group, _, _ in kept}), REFRESH_GROUPS):
        counts.update(session.execute(select(c.group_key, func.count()).where(
            c.group_key.in_(chunk), c.signature.is_not(None)).group_by(c.group_key)).tuples().all())
    detector.recount(counts)


def _texts(session: Session, ids: list[int]) -> dict[int, tuple[str, str]]:
    """{submission id: (fingerprint, text)} of these submissions."""
    s = Submission
    return {sid: (fp, text) for sid, fp, text in session.execute(select(s.id, s.fingerprint, s.text)
                                                                .where(s.id.in_(ids)))}


def _streamed(session: Session, query) -> Iterator[tuple]:
    """The query's rows as plain tuples, fetched a batch at a time (not all held at once)."""
    return iter(session.connection().execute(query.execution_options(yield_per=BATCH)).tuples())


def _chunks(values: list, size: int) -> Iterator[list]:
    for start in range(0, len(values), size):
        yield values[start:start + size]


def _driver_sql(session: Session, sql: str, rows: list[tuple]) -> None:
    """`sql` (with ? markers) for every row, by the driver's own executemany: rows as tuples,
    with none of SQLAlchemy's per-row parameter handling (a million letters are written)."""
    if rows:
        conn = session.connection()
        conn.exec_driver_sql(sql if conn.dialect.paramstyle == "qmark" else sql.replace("?", "%s"), rows)


def _large_groups(min_size: int, among: list[str] | None = None):
    """(group key, letters) of the groups (`among` these) whose letters, with their copies, reach `min_size`."""
    copies = func.sum(1 + Submission.duplicate_count)
    query = (select(CampaignLetter.group_key, func.count())
             .join(Submission, Submission.id == CampaignLetter.submission_id))
    if among is not None:
        query = query.where(CampaignLetter.group_key.in_(among))
    return query.group_by(CampaignLetter.group_key).having(copies >= min_size)


def letters_of(session: Session, groups: list[str], as_of: dt.date | None = None,
               public_only: bool = False) -> tuple[list[Letter], dict[str, Assignment], dict[str, int]]:
    """The letters of `groups` (by date, audience), their assignments, and fingerprint -> submission id.

    A letter's subjects are its assessment's chapter and recommendation (joined in: a
    submission has at most one) and its comment tags (read by group beside it)."""
    if not groups:
        return [], {}, {}
    s, a = Submission, Assessment
    in_groups = CampaignLetter.group_key.in_(groups)
    query = (select(s.id, s.fingerprint, s.submitted_on, s.text, s.duplicate_count,
                    CampaignLetter.group_key, CampaignLetter.similarity, a.chapter, a.recommendation)
             .join(CampaignLetter, CampaignLetter.submission_id == s.id)
             .outerjoin(a, a.submission_id == s.id)
             .where(in_groups))
    if as_of is not None:
        query = query.where(s.submitted_on <= as_of)
    if public_only:
        query = query.where(s.confidential.is_(False))
    found = session.execute(query).all()
    tags: dict[int, set[str]] = defaultdict(set)
    for sid, code in session.execute(select(CommentTag.submission_id, CommentTag.code)
                                     .join(CampaignLetter, CampaignLetter.submission_id == CommentTag.submission_id)
                                     .where(in_groups)):
        tags[sid].add(code)
    letters, assignments, ids = [], {}, {}
    for sid, fingerprint, day, text, duplicates, group, similarity, chapter, rec in found:
        codes = tags.get(sid, set()).union(c for c in (chapter, rec) if c)
        letters.append(Letter(fingerprint, day, text, 1 + duplicates, tuple(sorted(codes))))
        assignments[fingerprint] = Assignment(fingerprint, group, similarity)
        ids[fingerprint] = sid
    return letters, assignments, ids


def campaigns_as_of(session: Session, min_size: int, as_of: dt.date | None = None,
                    public_only: bool = False) -> list[Campaign]:
    """The campaigns as of a date (None: everything), for one audience, largest first."""
    letters, assignments, _ = letters_of(session, list(session.scalars(_large_groups(min_size))), as_of, public_only)
    return campaigns(letters, assignments, min_size, as_of)


def _refresh(session: Session, min_size: int, joined: set[str]) -> None:
    """Rewrite the campaigns of the `joined` groups, and their members' personal additions, from
    the stored groups.

    A campaign's summary depends on its own letters only, so the groups no letter joined keep
    theirs: a run's cost follows its new letters, not the archive (re-summarising every
    campaign of a million letters took 23 s a run, one new letter or many). The large groups
    are read a few thousand letters at a time (a group whole): memory stays bounded however
    many letters campaigns hold.
    """
    ordered = sorted(joined)
    for chunk in _chunks(ordered, REFRESH_GROUPS):
        session.execute(delete(CampaignRecord).where(CampaignRecord.group_key.in_(chunk)))
    now = utcnow()
    records = []
    for groups in _groups_in_reads(session, min_size, ordered):
        letters, assignments, ids = letters_of(session, groups)
        found = campaigns(letters, assignments, min_size)
        records += [{"id": c.id, "group_key": c.group, "size": c.size, "signatories": c.signatories,
                     "template": c.template, "first_on": c.first, "last_on": c.last, "codes": c.codes,
                     "detected_at": now} for c in found]
        additions = [(text, ids[k]) for c in found for k, text in c.additions.items()]
        _driver_sql(session, "UPDATE campaign_letters SET addition = ? WHERE submission_id = ?", additions)
    if records:  # one statement for all campaigns, not one per campaign (there can be thousands)
        records.sort(key=lambda r: (-r["signatories"], r["id"]))  # as `campaigns` orders them
        session.execute(insert(CampaignRecord), records)


def _groups_in_reads(session: Session, min_size: int, among: list[str]) -> Iterator[list[str]]:
    """The large groups `among` these (sorted), in lists of at most REFRESH_LETTERS letters (or one
    larger group) and REFRESH_GROUPS groups (an IN list every database takes)."""
    groups: list[str] = []
    letters = 0
    for chunk in _chunks(among, REFRESH_GROUPS):
        for group, size in session.execute(_large_groups(min_size, chunk).order_by(CampaignLetter.group_key)).all():
            if groups and (letters + size > REFRESH_LETTERS or len(groups) == REFRESH_GROUPS):
                yield groups
                groups, letters = [], 0
            groups.append(group)
            letters += size
    if groups:
        yield groups


def untagged_texts(session: Session, start: dt.date, end: dt.date, public_only: bool) -> dict[str, str]:
    """Comments of the period no term tagged, {key: text}; a campaign once (by its first letter)."""
    s = Submission
    query = (select(s.fingerprint, s.text, CampaignLetter.group_key)
             .outerjoin(CampaignLetter, CampaignLetter.submission_id == s.id)
             .outerjoin(CommentTag, CommentTag.submission_id == s.id)
             .where(s.kind == "comment", s.text != "", CommentTag.submission_id.is_(None),
                    s.submitted_on >= start, s.submitted_on <= end)
             .order_by(s.submitted_on, s.fingerprint))
    if public_only:
        query = query.where(s.confidential.is_(False))
    texts: dict[str, str] = {}
    seen: set[str] = set()
    for fingerprint, text, group in session.execute(query):
        if group and group in seen:
            continue
        if group:
            seen.add(group)
        texts[fingerprint] = text
    return texts


def campaign_languages(session: Session, found: list[Campaign]) -> dict[str, str]:
    """Each campaign's language: its first letter's."""
    firsts = {c.members[0]: c.id for c in found if c.members}
    if not firsts:
        return {}
    return {firsts[f]: language_tag(lang) for f, lang in session.execute(
        select(Submission.fingerprint, Submission.language).where(Submission.fingerprint.in_(list(firsts))))}


def campaign_of_submission(session: Session, min_size: int, as_of: dt.date | None,
                           public_only: bool, submission_ids: Iterable[int]) -> dict[int, dict]:
    """submission id -> its campaign ({"id", "template", "signatories"}) as of a date, for quoting.

    Only the campaigns of `submission_ids` (the quote candidates) are summarised, and only as
    far as a quote needs: their letters' texts and copies, not the subjects or personal
    additions a full summary (`campaigns.summary.campaigns`) also reads and works out.
    The same campaigns as `campaigns_as_of` finds: a group's copies as of the date are
    never more than its copies in all, so the large-group test on all letters adds nothing.
    """
    ids = list(submission_ids)
    groups = set()
    for start in range(0, len(ids), 5000):
        groups.update(session.scalars(select(CampaignLetter.group_key)
                                      .where(CampaignLetter.submission_id.in_(ids[start:start + 5000]))))
    if not groups:
        return {}
    s = Submission
    query = (select(s.id, s.fingerprint, s.submitted_on, s.text, s.duplicate_count, CampaignLetter.group_key)
             .join(CampaignLetter, CampaignLetter.submission_id == s.id)
             .where(CampaignLetter.group_key.in_(sorted(groups))))
    if as_of is not None:
        query = query.where(s.submitted_on <= as_of)
    if public_only:
        query = query.where(s.confidential.is_(False))
    members: dict[str, list[Letter]] = defaultdict(list)
    id_of: dict[str, int] = {}
    for r in session.execute(query):
        members[r.group_key].append(Letter(r.fingerprint, r.submitted_on, r.text, 1 + r.duplicate_count))
        id_of[r.fingerprint] = r.id
    out = {}
    for group, letters in members.items():
        if (outlined := outline(letters, min_size)) is None:
            continue
        signatories, template, _common = outlined
        info = {"id": campaign_id(group), "template": template, "signatories": signatories}
        out.update({id_of[m.key]: info for m in letters})
    return out
