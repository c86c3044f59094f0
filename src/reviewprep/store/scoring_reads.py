"""Scoring's reads: the inputs as arrays, with the per-row work done by the database.

Day numbers and integer codes come back from SQL (`day_number_of`, `code_of`, with one
compiler extension per dialect), and each column of a chunk of rows comes back as one
joined text that NumPy parses (`_fetch`): no Python object per row, no loop over rows.
Everything is read as of one moment (`db.one_snapshot`), by two connections whose threads
run the next chunks' queries while this one parses (`_rows_read_ahead`).
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor

import numpy as np
from sqlalchemy import Connection, Integer, Row, String, case, cast, func, literal, select, true
from sqlalchemy.exc import CompileError
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import Session
from sqlalchemy.sql.functions import FunctionElement

from reviewprep.codes import (
    CHAPTER_CODES,
    CURRENT,
    PARTY_ORDER,
    RECOMMENDATION_CODES,
    STAKEHOLDER_TYPES,
    SUBMISSION_KINDS,
)
from reviewprep.errors import JobFailed
from reviewprep.scoring.inputs import HEX_ROWS, Event, Inputs, Mentions, Ratings, Submissions, hex_of
from reviewprep.store.db import one_snapshot
from reviewprep.store.models import Assessment, CampaignLetter, CommentTag, EvidenceEvent, Submission


def compiled_per_dialect(element_class: type, **templates: str) -> None:
    """Compile `element_class` on each named dialect from its template (`{arg}`: the SQL of
    its argument, `{separator}`: the element's); any other dialect fails with a clear error."""
    for dialect, template in templates.items():
        def sql(element, compiler, template=template, **kw) -> str:
            return template.format(arg=compiler.process(element.clauses, **kw),
                                   separator=getattr(element, "separator", ""))
        compiles(element_class, dialect)(sql)

    def unsupported(element, compiler, **kw) -> str:
        raise CompileError(f"{element_class.__name__} is not implemented for {compiler.dialect.name}")
    compiles(element_class)(unsupported)


class day_number_of(FunctionElement):
    """SQL for `day_number(column)`, so dates arrive as integers."""

    type = Integer()
    inherit_cache = True


compiled_per_dialect(day_number_of, sqlite="CAST(julianday({arg}) - 2440587.5 AS INTEGER)",
                     postgresql="({arg} - DATE '1970-01-01')")


def code_of(column, codes: tuple[str, ...]):
    """SQL mapping each code to its index in `codes`; anything else (or NULL) to -1."""
    return case({code: i for i, code in enumerate(codes)}, value=column, else_=-1)


class hex_text(FunctionElement):
    """SQL for a text's UTF-8 bytes in hex: no separator can occur in it, and it decodes exactly."""

    type = String()
    inherit_cache = True


compiled_per_dialect(hex_text, sqlite="hex({arg})", postgresql="encode(convert_to({arg}, 'UTF8'), 'hex')")


class joined(FunctionElement):
    """SQL aggregate joining a text column's values with `separator` (all `joined` of one
    query see the rows in the same order)."""

    type = String()
    inherit_cache = False  # `separator` is not part of SQLAlchemy's cache key

    def __init__(self, expression, separator: str = ""):
        self.separator = separator
        super().__init__(expression)


compiled_per_dialect(joined, sqlite="group_concat({arg}, '{separator}')",
                     postgresql="string_agg(CAST({arg} AS TEXT), '{separator}')")


FRACTIONAL = -1  # stands for a rating that is not a whole number (read apart, as a float)
CHUNK_IDS = 65_536  # submission ids per query: the packed text of one chunk stays a few MB
READERS = 2 if (os.cpu_count() or 1) > 1 else 1  # connections (threads) reading the chunks side by side
FINGERPRINT = 64  # characters: a SHA-256 in hex, held as its 32 bytes


class Texts:
    """Distinct texts (as their hex) numbered in order of first appearance, across chunks."""

    def __init__(self) -> None:
        self.number: dict[str, int] = {}

    def codes(self, joined_hex: str | None, rows: int) -> np.ndarray:
        parts = joined_hex.split(",") if rows else []
        for new in dict.fromkeys(parts).keys() - self.number.keys():
            self.number[new] = len(self.number)
        return np.fromiter(map(self.number.__getitem__, parts), dtype=np.int32, count=len(parts))

    def values(self) -> np.ndarray:
        """The distinct texts, by number."""
        return np.array([bytes.fromhex(h).decode() for h in self.number], dtype=np.dtypes.StringDType())


def _from_hex(joined: str) -> bytes | None:
    """The bytes of lowercase hex with nothing else in it, else None (hex_of gives the text back)."""
    try:
        raw = bytes.fromhex(joined)
    except ValueError:
        return None
    return raw if raw.hex() == joined else None


def _fetch(readers: list[Session] | list[Connection], top: int, query, id_column, ints: dict[str, object],
           codes: dict[str, tuple[object, int]] | None = None, texts: dict[str, object] | None = None,
           fingerprints: dict[str, object] | None = None, narrow: dict[str, type] | None = None,
           what: str = "submissions") -> dict[str, np.ndarray]:
    """Run `query` (a FROM and WHERE) chunk by chunk of submission ids up to `top`, each column as one text.

    Per chunk and column the database joins the rows' values with commas: `ints` (name ->
    SQL) in decimal, read by `np.fromstring`; `codes` (name -> (SQL, n): an index -1 to n - 1,
    as `code_of` gives) packed into one such integer; `texts` in hex, numbered by `Texts`;
    the `fingerprints` columns, 64 characters of lowercase hex a row, read as their 32 bytes
    (NumPy S32). Python never builds a tuple per row: that is what makes a
    million rows a fraction of a second, in memory proportional to the arrays. Returns, in
    the order of the first int (an id), an array per int (int64, or the dtype `narrow` names
    for it) and an int8 one per code, per text its numbers (int32) and its distinct values
    (under "NAME.values"), and per fingerprint column its S32. Each chunk is narrowed as it
    arrives: no 64-bit copy of a whole column is ever held.

    The `readers` (connections sharing one snapshot, see `db.one_snapshot`) run the chunks'
    queries in turn, each in a thread of its own, while this thread parses the chunks read.
    """
    codes, texts, fingerprints, narrow = codes or {}, texts or {}, fingerprints or {}, narrow or {}
    if any(n >= np.iinfo(np.int8).max for _, n in codes.values()):
        raise ValueError("a code with more values than int8 holds")
    radix = np.cumprod([1] + [n + 1 for _, n in codes.values()])  # mixed radix: code + 1 is 0 to n
    packed_codes = sum(((sql + 1) * int(r) for (sql, _), r in zip(codes.values(), radix, strict=False)), literal(0))
    columns = [func.count(), *(joined(sql, ",") for sql in ints.values()), joined(packed_codes, ","),
               *(joined(hex_text(sql), ",") for sql in texts.values())]
    for sql in fingerprints.values():
        columns += [joined(sql), func.sum(case((func.length(sql) != FINGERPRINT, 1), else_=0))]
    statement = query.with_only_columns(*columns)
    numbered = {name: Texts() for name in texts}
    chunks: dict[str, list[np.ndarray]] = {name: [] for name in (*ints, *codes, *texts, *fingerprints)}
    for rows, *values in _rows_read_ahead(readers, [statement.where(id_column > low, id_column <= low + CHUNK_IDS)
                                                    for low in range(0, top, CHUNK_IDS)]):
        if not rows:
            continue
        for name in ints:
            chunks[name].append(_narrowed(np.fromstring(values.pop(0), dtype=np.int64, sep=","),
                                          narrow.get(name, np.int64)))
        packed = np.fromstring(values.pop(0), dtype=np.int64, sep=",")
        for name, (_, n), r in zip(codes, codes.values(), radix, strict=False):
            chunks[name].append((packed // int(r) % (n + 1) - 1).astype(np.int8))
        for name in texts:
            chunks[name].append(numbered[name].codes(values.pop(0), rows))
        for name in fingerprints:
            joined_hex, wrong = values.pop(0), values.pop(0)
            raw = _from_hex(joined_hex)
            if wrong or raw is None:
                raise JobFailed(f"{wrong or 'some'} stored {what} have a {name} that is not "
                                f"{FINGERPRINT} characters of lowercase hex; the database was changed outside reviewprep")
            chunks[name].append(np.frombuffer(raw, dtype=f"S{FINGERPRINT // 2}"))
    empty = {**{name: np.int8 for name in codes}, **{name: np.int32 for name in texts},
             **{name: f"S{FINGERPRINT // 2}" for name in fingerprints}}
    out = {name: np.concatenate(chunks.pop(name)) if chunks[name]  # one column's chunks at a time
           else np.zeros(0, dtype=empty.get(name, narrow.get(name, np.int64))) for name in list(chunks)}
    ids = out[next(iter(ints))]
    if np.any(ids[1:] < ids[:-1]):  # in id order (SQLite scans in it; another database may not)
        order = np.argsort(ids, kind="stable")
        out = {name: values[order] for name, values in out.items()}
    out.update({f"{name}.values": numbered[name].values() for name in texts})
    return out


def _rows_read_ahead(readers: list[Session] | list[Connection], statements: list) -> Iterator[Row]:
    """The one row of each statement, in order: with several readers, statement i runs on
    reader i mod n in its own thread as soon as that reader is free, so the database works
    on the next chunks (without Python's lock) while the caller parses this one; at most one
    row a reader waits."""
    if len(readers) == 1:
        yield from (readers[0].execute(statement).one() for statement in statements)
        return
    with ThreadPoolExecutor(len(readers), thread_name_prefix="scoring-read") as pool:
        def read(i: int) -> Future:
            return pool.submit(lambda: readers[i % len(readers)].execute(statements[i]).one())

        waiting = deque(read(i) for i in range(min(len(readers), len(statements))))
        for i in range(len(statements)):
            row = waiting.popleft().result()
            if i + len(readers) < len(statements):
                waiting.append(read(i + len(readers)))  # its reader is free again
            yield row


def _narrowed(values: np.ndarray, dtype: type) -> np.ndarray:
    """`values` as `dtype`, refusing any value it cannot hold (never a silent wrap)."""
    if len(values) and dtype is not np.int64:
        limits = np.iinfo(dtype)
        if values.min() < limits.min or values.max() > limits.max:
            raise JobFailed(f"a stored value does not fit {np.dtype(dtype).name}: {values.min()} to {values.max()}")
    return values.astype(dtype, copy=False)


def _check_codes(what: str, ids: np.ndarray, **codes: np.ndarray) -> None:
    for name, values in codes.items():
        bad = np.flatnonzero(values < 0)
        if len(bad):
            raise JobFailed(f"{len(bad)} stored {what} have a {name} reviewprep does not know "
                            f"(first: submission {ids[bad[0]]}); the database was changed outside reviewprep")


def load_inputs(session: Session, campaign_min_size: int | None = None, audience: str = "restricted") -> Inputs:
    """Everything scoring reads, once: submissions, assessments, comment tags, evidence, and
    each text submission's campaign-detection group. A group is a campaign from
    `campaign_min_size` copies (default: `detection.min_size` in the configured campaigns.yaml).

    For the `public` audience only public inputs are read: what `Inputs.for_audience`
    would keep, without holding the confidential ones in memory first.
    """
    if campaign_min_size is None:
        from reviewprep.campaigns.config import load_campaigns_config
        from reviewprep.settings import get_settings

        campaign_min_size = load_campaigns_config(get_settings().config_path).detection.min_size
    s = Submission
    # Corrected and withdrawn versions are kept, not scored.
    scored = (s.status == CURRENT) & (s.confidential.is_(False) if audience == "public" else true())
    a = Assessment
    # One snapshot for every read, shared by READERS connections that take the chunks in turn.
    with one_snapshot(session, READERS) as readers:
        top = readers[0].scalar(select(func.max(s.id))) or 0
        # Submission ids are held as int32 here and in the assessments and tags (10 MB at a
        # million rows); a database with a larger id is refused, never wrapped.
        subs = _fetch(readers, top, select(s).where(scored), s.id, {
            "id": s.id, "day": day_number_of(s.submitted_on), "duplicates": s.duplicate_count,
        }, {
            "kind": (code_of(s.kind, SUBMISSION_KINDS), len(SUBMISSION_KINDS)),
            "party": (code_of(s.party, PARTY_ORDER), len(PARTY_ORDER)),
            "type": (code_of(s.stakeholder_type, STAKEHOLDER_TYPES), len(STAKEHOLDER_TYPES)),
            "confidential": (cast(s.confidential, Integer), 2),
        }, {
            "who": case((s.organization != "", literal("o:") + s.organization), else_=literal("i:") + s.stakeholder_name),
        }, fingerprints={"fingerprint": s.fingerprint}, narrow={"id": np.int32, "day": np.int32, "duplicates": np.int32})
        _check_codes("submissions", subs["id"], kind=subs["kind"], party=subs["party"], stakeholder_type=subs["type"])
        # A group's key is its first letter's fingerprint: read as 32 bytes, like the fingerprints.
        letters = _fetch(readers, top, select(CampaignLetter), CampaignLetter.submission_id,
                         {"id": CampaignLetter.submission_id}, fingerprints={"group key": CampaignLetter.group_key},
                         what="campaign letters")
        # Ratings and tags of every submission, kept for the ones read above: cheaper than a join.
        rated = _fetch(readers, top, select(a), a.submission_id, {
            "id": a.submission_id, "rating": case((_whole(a.rating), cast(a.rating, Integer)), else_=FRACTIONAL),
        }, {"chapter": (code_of(a.chapter, CHAPTER_CODES), len(CHAPTER_CODES)),
            "recommendation": (code_of(a.recommendation, RECOMMENDATION_CODES), len(RECOMMENDATION_CODES))},
            narrow={"id": np.int32})
        rated["rating"] = _ratings(readers[0], rated["id"], rated["rating"])
        tags = _fetch(readers, top, select(CommentTag), CommentTag.submission_id, {"id": CommentTag.submission_id},
                      {"chapter": (code_of(CommentTag.code, CHAPTER_CODES), len(CHAPTER_CODES))}, narrow={"id": np.int32})
        events = [Event(*row) for row in readers[0].execute(select(
            EvidenceEvent.id, EvidenceEvent.fingerprint, EvidenceEvent.event_date, EvidenceEvent.party,
            EvidenceEvent.obligation, EvidenceEvent.status, EvidenceEvent.confidential, EvidenceEvent.period,
        ).where(EvidenceEvent.confidential.is_(False) if audience == "public" else true()).order_by(EvidenceEvent.id))]
    # Organisations and names: normalised and numbered once per distinct text, not per row.
    who = np.strings.lower(np.strings.strip(subs.pop("who.values")))
    codes = subs.pop("who")
    subs["organization"] = np.unique(who, return_inverse=True)[1].astype(np.int32)[codes]
    subs["named_organization"] = np.strings.startswith(who, "o:")[codes]
    # An anonymous submission (no organisation, no name) is a voice of its own.
    anonymous = (who == "i:")[codes]
    org_id = subs["organization"]
    subs["voice"] = np.where(anonymous, int(org_id.max(initial=-1)) + 1 + np.arange(len(org_id), dtype=np.int32),
                             org_id)
    group_keys, subs["group"] = _groups(subs["id"], letters)
    subs["copies"] = 1 + np.maximum(subs.pop("duplicates"), 0)
    subs["confidential"] = subs["confidential"].astype(bool)
    del who, codes, anonymous, org_id, letters
    rated, a_row = _of(subs["id"], rated)
    _check_codes("assessments", rated["id"], chapter=rated["chapter"])
    tags, t_row = _of(subs["id"], tags)
    subs["submission_id"], subs["stakeholder_type"] = subs.pop("id"), subs.pop("type")
    ratings, order = Ratings.in_day_order(
        submission_id=rated.pop("id"), chapter=rated.pop("chapter"), recommendation=rated.pop("recommendation"),
        rating=rated.pop("rating"), **{k: subs[k][a_row] for k in (
            "day", "party", "stakeholder_type", "organization", "confidential", "group")})
    chapter_tagged = tags["chapter"] >= 0
    m_row = np.concatenate([a_row[order], t_row[chapter_tagged]])  # each mention's submission
    del a_row, order
    mentions = Mentions.by_day(
        submission_id=subs["submission_id"][m_row], chapter=np.concatenate([ratings.chapter,
                                                                            tags["chapter"][chapter_tagged]]),
        **{k: subs[k][m_row] for k in ("day", "confidential", "voice", "group")})
    del m_row
    subs["tagged"] = np.zeros(len(subs["submission_id"]), dtype=bool)
    subs["tagged"][t_row] = True
    return Inputs(submissions=Submissions.by_day(**subs), ratings=ratings, mentions=mentions, events=events,
                  group_keys=group_keys, campaign_min_size=campaign_min_size)


def _groups(ids: np.ndarray, letters: dict[str, np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """(the group keys of the submissions `ids`' letters, sorted, as hex text (a StringDType
    array); per submission its index into them, or -1 when it has no letter). `letters`:
    campaign detection's rows, read apart (only text submissions have one), keys as S32,
    whose byte order is their hex's order."""
    letters, rows = _of(ids, letters)
    keys, inverse = np.unique(letters["group key"], return_inverse=True)
    group = np.full(len(ids), -1, dtype=np.int32)
    group[rows] = inverse
    hexed = np.empty(len(keys), dtype=np.dtypes.StringDType())
    for start in range(0, len(keys), HEX_ROWS):  # a few MB of hex at a time
        hexed[start:start + HEX_ROWS] = np.frombuffer(hex_of(keys[start:start + HEX_ROWS]), dtype=f"S{FINGERPRINT}")
    return hexed, group


def _of(ids: np.ndarray, rows: dict[str, np.ndarray]) -> tuple[dict[str, np.ndarray], np.ndarray]:
    """The `rows` (in id order) whose "id" is one of `ids` (ascending), and where in `ids` each is."""
    found = np.searchsorted(ids, rows["id"])
    kept = ids[np.minimum(found, len(ids) - 1)] == rows["id"] if len(ids) else np.zeros(len(found), dtype=bool)
    return {name: values[kept] for name, values in rows.items()}, found[kept]


def _whole(rating):
    """SQL: the rating is a whole number, 0 or more (what the packed read carries)."""
    return (rating == cast(rating, Integer)) & (rating >= 0)


def _ratings(reader: Session | Connection, ids: np.ndarray, packed: np.ndarray) -> np.ndarray:
    """The ratings as floats: whole levels came packed; any others (a converted scale) are read as they are."""
    ratings = packed.astype(np.float64)
    fractional = packed == FRACTIONAL
    if fractional.any():
        a = Assessment
        exact = dict(reader.execute(select(a.submission_id, a.rating).where(~_whole(a.rating))).all())
        ratings[fractional] = [exact[i] for i in ids[fractional].tolist()]
    return ratings
