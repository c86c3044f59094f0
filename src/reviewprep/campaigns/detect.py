"""Find form letters: each letter joins the most similar earlier group, or starts one.

Letters are taken in a fixed order (date, then identity), so the same letters always
give the same groups. A letter is compared with up to `representatives` letters of each
group (its first ones with distinct wording) through MinHash signatures and an LSH
index of their bands (as many bands of as many rows as datasketch's `MinHashLSH` picks
for the threshold), which return only groups likely to be above the threshold; the
estimated Jaccard similarity of the word shingles then decides. Exact copies (after
folding) join their twin's group without a signature. Only representatives are kept in
memory, as a signature row and 12-byte index slots, so a group of 100,000 copies costs
what a group of three does.

Letters are assigned a batch at a time (`assign_many`): the batch's signatures, and its
lookups in the index as it stood before the batch, are a few numpy operations
(campaigns/signatures.py); representatives added during the batch are looked up in a
small dictionary until the batch ends. The result is the one assigning them one by one gives.

The state (representatives and their signatures) can be saved and restored, so letters
that arrive later join the groups already found instead of starting again.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

import numpy as np
from datasketch import MinHashLSH

from reviewprep.campaigns.signatures import BandTable, band_keys, permutations, signatures
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


def in_order(letters: Iterable[Letter]) -> list[Letter]:
    return sorted(letters, key=lambda letter: (letter.day, letter.key))


class Detector:
    """Groups letters in the order given; give them in `in_order` order for reproducible groups."""

    def __init__(self, settings: DetectionSettings):
        self.settings = settings
        lsh = MinHashLSH(threshold=settings.threshold, num_perm=settings.num_perm)  # its bands and rows
        self._bands, self._rows = lsh.b, lsh.r
        self._a, self._b = permutations(settings.num_perm, settings.seed)
        # Representatives by number: signature rows, keys and groups.
        self._matrix = np.empty((1024, settings.num_perm), dtype=np.uint32)
        self._keys: list[str] = []
        self._groups: list[str] = []
        self._reps: Counter[str] = Counter()  # group -> representatives kept
        self._exact: dict[bytes, str] = {}  # folded-text digest -> group
        self._fresh: dict[str, int] = {}  # representatives added since restore: key -> number
        self._table = BandTable()  # band key -> representatives, as of the current batch's start
        self._recent: dict[int, list[int]] = {}  # the same for representatives added in this batch
        self._recent_numbers: list[int] = []

    def assign(self, key: str, text: str) -> Assignment:
        return self.assign_many([(key, text)])[0]

    def assign_many(self, letters: Sequence[tuple[str, str]]) -> list[Assignment]:
        """(key, text) letters in the order given, as `assign` one at a time would."""
        out: list[Assignment] = []
        for start in range(0, len(letters), BATCH):
            out += self._assign_batch(letters[start:start + BATCH])
        return out

    def _assign_batch(self, letters: Sequence[tuple[str, str]]) -> list[Assignment]:
        texts = [folded(text) for _, text in letters]
        digests = [text_digest(t) for t in texts]
        row_of: dict[bytes, int] = {}  # digest -> signature row, for the texts no earlier letter had
        wording: list[str] = []
        for digest, text in zip(digests, texts, strict=True):
            if digest not in self._exact and digest not in row_of:
                row_of[digest] = len(wording)
                wording.append(text)
        sigs = signatures(wording, self.settings.shingle_words, self._a, self._b)
        keys = band_keys(sigs, self._bands, self._rows)
        earlier: list[list[int]] = [[] for _ in wording]
        which, numbers = self._table.lookup(keys.ravel())
        for row, number in zip((which // self._bands).tolist(), numbers.tolist(), strict=True):
            earlier[row].append(number)
        key_rows = keys.tolist()
        out = []
        for (key, _), digest in zip(letters, digests, strict=True):
            group = self._exact.get(digest)
            if group is not None:
                out.append(Assignment(key, group, 1.0))
                continue
            row = row_of[digest]
            candidates = set(earlier[row])
            for band_key in key_rows[row]:
                candidates.update(self._recent.get(band_key, ()))
            group, similarity = self._closest(sigs[row], candidates)
            if group is None:
                group, similarity = key, 1.0
            self._exact[digest] = group
            if self._reps[group] < self.settings.representatives:
                self._remember(key, group, sigs[row], key_rows[row])
            out.append(Assignment(key, group, similarity))
        self._file_recent()
        return out

    def _closest(self, values: np.ndarray, candidates: set[int]) -> tuple[str | None, float]:
        """The group of the most similar representative at or above the threshold (earliest on ties)."""
        if not candidates:
            return None, 0.0
        numbers = np.array(sorted(candidates), dtype=np.int64)
        scores = np.count_nonzero(self._matrix[numbers] == values, axis=1) / len(values)
        best = int(np.argmax(scores))
        if scores[best] < self.settings.threshold:
            return None, 0.0
        return self._groups[numbers[best]], float(scores[best])

    def _remember(self, key: str, group: str, values: np.ndarray, band_keys_: list[int]) -> None:
        number = len(self._keys)
        if number == len(self._matrix):
            self._matrix = np.concatenate([self._matrix, np.empty_like(self._matrix)])
        self._matrix[number] = values
        self._keys.append(key)
        self._groups.append(group)
        self._reps[group] += 1
        self._fresh[key] = number
        for band_key in band_keys_:
            self._recent.setdefault(band_key, []).append(number)
        self._recent_numbers.append(number)

    def _file_recent(self) -> None:
        """Move the representatives added in this batch from the dictionary to the table."""
        if not self._recent_numbers:
            return
        numbers = np.array(self._recent_numbers, dtype=np.int32)
        keys = band_keys(self._matrix[numbers], self._bands, self._rows)
        self._table.insert(keys.ravel(), np.repeat(numbers, self._bands))
        self._recent.clear()
        self._recent_numbers.clear()

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

    def restore(self, saved: Iterable[tuple[str, str, bytes]]) -> None:
        """Take back saved representatives (as `representatives` gave them)."""
        for key, group, raw in saved:
            values = np.frombuffer(raw, dtype="<u4").astype(np.uint32)
            self._remember(key, group, values, [])
            del self._fresh[key]
            if len(self._recent_numbers) >= BATCH * 8:
                self._file_recent()
        self._file_recent()


def detect(letters: Iterable[Letter], settings: DetectionSettings) -> dict[str, Assignment]:
    """Every letter's group, from scratch (letters in any order: they are sorted here)."""
    ordered = in_order(letters)
    assigned = Detector(settings).assign_many([(letter.key, letter.text) for letter in ordered])
    return {a.key: a for a in assigned}
