"""Find form letters: each letter joins the most similar earlier group, or starts one.

Letters are taken in a fixed order (date, then identity), so the same letters always
give the same groups. A letter is compared with up to `representatives` letters of each
group (its first ones with distinct wording) through MinHash signatures and an LSH
index of their bands (as many bands of as many rows as datasketch's `MinHashLSH` picks
for the threshold), which return only groups likely to be above the threshold; the
estimated Jaccard similarity of the word shingles then decides. Exact copies (after
folding) join their twin's group without a signature. Only representatives are kept in
memory (a signature row and about 1 kB of index each), so a group of 100,000 copies costs
what a group of three does.

Letters are assigned a batch at a time (`assign_many`): the batch's signatures, and its
lookups in the index as it stood before the batch, are a few numpy operations
(campaigns/signatures.py); representatives added during the batch are found among the
pairs of the batch's own wordings that share a band. Exact copies are found by the
digest of their raw text before folding it. The result is the one assigning the letters
one by one gives.

The state (representatives and their signatures) can be saved and restored, so letters
that arrive later join the groups already found instead of starting again. A few letters
need only the representatives that share a band with one of them (`band_keys_of`,
`sharing_a_band`, then `restore` and `recount`): the same groups, without holding every
representative of a large archive in memory.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import compress, islice

import numpy as np

from reviewprep.campaigns.signatures import (
    BandTable,
    band_keys,
    bands_and_rows,
    grown,
    permutations,
    signatures,
)
from reviewprep.campaigns.text import folded, text_digest

BATCH = 512  # letters whose signatures are computed together (their text stays in cache)


@dataclass(frozen=True)
class DetectionSettings:
    """config/campaigns.yaml `detection`; docs/campaigns.md explains each value."""

    threshold: float = 0.5
    num_perm: int = 128
    shingle_words: int = 3
    representatives: int = 8
    min_size: int = 5
    seed: int = 1


@dataclass(frozen=True)
class Letter:
    """One text submission as detection sees it."""

    key: str  # stable identity: the submission's fingerprint
    day: dt.date
    text: str
    copies: int = 1  # itself plus the copies a source folded into it (regulations.gov)
    codes: tuple[str, ...] = ()  # chapters and recommendations it speaks to


@dataclass(frozen=True)
class Assignment:
    key: str
    group: str  # the key of the group's first letter
    similarity: float  # to the closest representative (1.0 for the first letter or an exact copy)


def _sharing_a_band(sigs: np.ndarray, keys: np.ndarray) -> dict[int, list[tuple[int, int]]]:
    """row -> [(earlier row sharing a band with it, values in common)], most in common first,
    then earliest: what a letter compares with among the batch's own new wordings."""
    bands = keys.shape[1]
    flat = keys.ravel()
    order = np.argsort(flat, kind="stable")  # equal keys keep their rows in order
    ordered, rows = flat[order], order // bands
    starts = np.flatnonzero(np.r_[True, ordered[1:] != ordered[:-1]])
    lengths = np.diff(np.r_[starts, len(flat)])
    start_of = np.repeat(starts, lengths)
    before = np.arange(len(flat)) - start_of  # earlier entries with the same key
    if not before.any():
        return {}
    later = np.repeat(np.arange(len(flat)), before)
    first_partner = np.repeat(start_of, before)
    partner = first_partner + (np.arange(len(later)) - np.repeat(np.cumsum(before) - before, before))
    pairs = np.unique(rows[later] << 32 | rows[partner])
    row, other = pairs >> 32, pairs & 0xFFFFFFFF
    shared = np.empty(len(pairs), dtype=np.int64)
    for lo in range(0, len(pairs), 4096):
        shared[lo:lo + 4096] = np.count_nonzero(sigs[row[lo:lo + 4096]] == sigs[other[lo:lo + 4096]], axis=1)
    order = np.lexsort((other, -shared, row))
    out: dict[int, list[tuple[int, int]]] = {}
    for r, o, n in zip(row[order].tolist(), other[order].tolist(), shared[order].tolist(), strict=True):
        out.setdefault(r, []).append((o, n))
    return out


def in_order(letters: Iterable[Letter]) -> list[Letter]:
    return sorted(letters, key=lambda letter: (letter.day, letter.key))


class Detector:
    """Groups letters in the order given; give them in `in_order` order for reproducible groups."""

    def __init__(self, settings: DetectionSettings):
        self.settings = settings
        self._bands, self._rows = bands_and_rows(settings.threshold, settings.num_perm)
        self._a, self._b = permutations(settings.num_perm, settings.seed)
        # Representatives by number: signature rows, keys and groups.
        self._matrix = np.empty((1024, settings.num_perm), dtype=np.uint32)
        self._keys: list[str] = []
        self._groups: list[str] = []
        self._reps: Counter[str] = Counter()  # group -> representatives kept
        self._exact: dict[bytes, str] = {}  # folded-text digest -> group
        self._fresh: dict[str, int] = {}  # representatives added since restore: key -> number
        self._table = BandTable()  # band key -> representatives, as of the current batch's start

    def assign(self, key: str, text: str) -> Assignment:
        return self.assign_many([(key, text)])[0]

    def assign_many(self, letters: Sequence[tuple[str, str]]) -> list[Assignment]:
        """(key, text) letters in the order given, as `assign` one at a time would."""
        out: list[Assignment] = []
        for start in range(0, len(letters), BATCH):
            out += self._assign_batch(letters[start:start + BATCH])
        return out

    def _assign_batch(self, letters: Sequence[tuple[str, str]]) -> list[Assignment]:
        # An exact copy is found by its raw text's digest before folding it, which is most of
        # the work for a long letter; otherwise by its folded text's, as every copy once folded.
        raw = [text_digest(text) for _, text in letters]
        folded_digest: dict[bytes, bytes] = {}  # raw digest -> folded digest, for texts not seen before
        row_of: dict[bytes, int] = {}  # folded digest -> signature row, for wordings not seen before
        wording: list[str] = []
        for (_, text), digest in zip(letters, raw, strict=True):
            if digest in self._exact or digest in folded_digest:
                continue
            words_ = folded(text)
            folded_digest[digest] = f = text_digest(words_)
            if f not in self._exact and f not in row_of:
                row_of[f] = len(wording)
                wording.append(words_)
        sigs = signatures(wording, self.settings.shingle_words, self._a, self._b)
        keys = band_keys(sigs, self._bands, self._rows)
        earlier_number, earlier_count = (a.tolist() for a in self._closest_filed(sigs, keys))
        in_batch = _sharing_a_band(sigs, keys)
        number_of_row = [-1] * len(wording)  # representative number of a row that became one
        first = len(self._keys)
        new_rows: list[int] = []  # rows that became representatives, in turn
        exact, reps, groups = self._exact, self._reps, self._groups
        num_perm, threshold, most = self.settings.num_perm, self.settings.threshold, self.settings.representatives
        out = []
        for (key, _), digest in zip(letters, raw, strict=True):
            group = exact.get(digest)
            if group is None:
                f = folded_digest[digest]
                group = exact.get(f)
                if group is None:
                    row = row_of[f]
                    number, count = earlier_number[row], earlier_count[row]
                    for other, shared in in_batch.get(row, ()):  # most in common first, then earliest
                        if number_of_row[other] >= 0:
                            if shared > count:  # a filed representative is earlier: it wins ties
                                number, count = number_of_row[other], shared
                            break
                    similarity = count / num_perm
                    if number >= 0 and similarity >= threshold:
                        group = groups[number]
                    else:
                        group, similarity = key, 1.0
                    if reps[group] < most:
                        reps[group] += 1
                        number_of_row[row] = len(self._keys)
                        self._keys.append(key)
                        groups.append(group)
                        new_rows.append(row)
                    out.append(Assignment(key, group, similarity))
                    exact[f] = exact[digest] = group
                    continue
                exact[digest] = group
            out.append(Assignment(key, group, 1.0))
        self._fresh.update(zip(self._keys[first:], range(first, len(self._keys)), strict=True))
        self._file(first, sigs[new_rows], keys[new_rows])
        return out

    def _closest_filed(self, sigs: np.ndarray, keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """For each signature, the representative filed in the table sharing a band with it that
        has most values in common (earliest on ties), and that count; -1, -1 when none shares one."""
        number = np.full(len(sigs), -1, dtype=np.int64)
        count = np.full(len(sigs), -1, dtype=np.int64)
        which, found = self._table.lookup(keys.ravel())
        if not len(which):
            return number, count
        # By representative: the signature rows are then read in order of address, not at random.
        pairs = np.unique(found.astype(np.int64) << 32 | which // self._bands)
        numbers, rows = pairs >> 32, pairs & 0xFFFFFFFF
        counts = np.empty(len(pairs), dtype=np.int64)
        for lo in range(0, len(pairs), 4096):  # a few MB of compared values at a time
            hi = lo + 4096
            counts[lo:hi] = np.count_nonzero(self._matrix[numbers[lo:hi]] == sigs[rows[lo:hi]], axis=1)
        order = np.lexsort((numbers, -counts, rows))
        first = order[np.r_[True, rows[order][1:] != rows[order][:-1]]]
        number[rows[first]], count[rows[first]] = numbers[first], counts[first]
        return number, count

    def _file(self, first: int, values: np.ndarray, keys: np.ndarray) -> None:
        """Keep the signatures of the representatives numbered from `first` (their keys and groups
        are listed already) and file their band keys in the table: once a batch, not once a letter."""
        last = first + len(values)
        if last > len(self._matrix):
            self._matrix = grown(self._matrix, max(last, 2 * len(self._matrix)))
        self._matrix[first:last] = values
        self._table.insert(keys.ravel(), np.repeat(np.arange(first, last, dtype=np.int32), self._bands))

    def _saved(self, number: int) -> bytes:
        return self._matrix[number].astype("<u4").tobytes()

    def representatives(self) -> Iterator[tuple[str, str, bytes]]:
        """(key, group, signature bytes) of every representative: the state to save."""
        for number, (key, group) in enumerate(zip(self._keys, self._groups, strict=True)):
            yield key, group, self._saved(number)

    def fresh_signature(self, key: str) -> bytes | None:
        """The signature to save if `key` became a representative since the last restore, else None."""
        number = self._fresh.pop(key, None)
        return None if number is None else self._saved(number)

    def restore(self, saved: Iterable[tuple]) -> None:
        """Take back saved representatives ((key, group, signature bytes, ...), as `representatives`
        gives them), in their order."""
        saved = iter(saved)
        while chunk := list(islice(saved, BATCH * 8)):
            keys, groups = [row[0] for row in chunk], [row[1] for row in chunk]
            values = _values([row[2] for row in chunk])
            first = len(self._keys)
            self._keys += keys
            self._groups += groups
            self._reps.update(groups)
            self._file(first, values, band_keys(values, self._bands, self._rows))

    def sharing_a_band(self, saved: Iterable[tuple], among: np.ndarray) -> Iterator[tuple]:
        """The saved representatives ((key, group, signature bytes, ...) in any order) that share
        one of the band keys `among` (sorted: `band_keys_of` the letters to come); no other can
        be a candidate for those letters. Restored alone, they are counted per group among
        themselves: `recount` gives the groups' true counts."""
        saved = iter(saved)
        while chunk := list(islice(saved, BATCH * 8)):
            keys = band_keys(_values([row[2] for row in chunk]), self._bands, self._rows)
            yield from compress(chunk, np.isin(keys, among).any(axis=1).tolist())

    def recount(self, counts: dict[str, int]) -> None:
        """Set how many representatives each group has saved (after restoring only some of them)."""
        for group, n in counts.items():
            self._reps[group] = n

    def band_keys_of(self, texts: Iterable[str]) -> np.ndarray:
        """The band keys, sorted and distinct, of the texts' wordings: what a restore for them needs."""
        found = [np.empty(0, dtype=np.uint64)]
        texts = iter(texts)
        while batch := list(islice(texts, BATCH)):
            sigs = signatures(list({folded(text): None for text in batch}), self.settings.shingle_words,
                              self._a, self._b)
            found.append(np.unique(band_keys(sigs, self._bands, self._rows)))
        return np.unique(np.concatenate(found))


def _values(raws: Sequence[bytes]) -> np.ndarray:
    """Saved signatures (little-endian uint32 bytes) as rows of a matrix."""
    return np.frombuffer(b"".join(raws), dtype="<u4").reshape(len(raws), -1).astype(np.uint32)


def detect(letters: Iterable[Letter], settings: DetectionSettings) -> dict[str, Assignment]:
    """Every letter's group, from scratch (letters in any order: they are sorted here)."""
    ordered = in_order(letters)
    assigned = Detector(settings).assign_many([(letter.key, letter.text) for letter in ordered])
    return {a.key: a for a in assigned}
