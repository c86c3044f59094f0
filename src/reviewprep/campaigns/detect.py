"""Find form letters: each letter joins the most similar earlier group, or starts one.

Letters are taken in a fixed order (date, then identity), so the same letters always
give the same groups. A letter is compared with up to `representatives` letters of each
group (its first ones with distinct wording) through datasketch's MinHash signatures
and LSH index, which return only groups likely to be above the threshold; the estimated
Jaccard similarity of the word shingles then decides. Exact copies (after folding) join
their twin's group without a signature. Only representatives are kept in memory, so a
group of 100,000 copies costs what a group of three does.

The state (representatives and their signatures) can be saved and restored, so letters
that arrive later join the groups already found instead of starting again.
"""

from __future__ import annotations

import datetime as dt
import zlib
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import numpy as np
from datasketch import MinHash, MinHashLSH

from reviewprep.campaigns.text import shingles, text_digest, words


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
    """Groups letters one at a time; `assign` them in `in_order` order for reproducible groups."""

    def __init__(self, settings: DetectionSettings):
        self.settings = settings
        self._blank = MinHash(num_perm=settings.num_perm, seed=settings.seed, hashfunc=zlib.crc32)
        self._lsh = MinHashLSH(threshold=settings.threshold, num_perm=settings.num_perm)
        # Representatives by number (their LSH key): signature rows, keys and groups.
        self._matrix = np.empty((1024, settings.num_perm), dtype=self._blank.hashvalues.dtype)
        self._keys: list[str] = []
        self._groups: list[str] = []
        self._reps: Counter[str] = Counter()  # group -> representatives kept
        self._exact: dict[bytes, str] = {}  # folded-text digest -> group
        self._fresh: dict[str, int] = {}  # representatives added since restore: key -> number

    def signature(self, tokens: list[str]) -> MinHash:
        m = self._blank.copy()
        m.update_batch(shingles(tokens, self.settings.shingle_words))
        return m

    def assign(self, key: str, text: str) -> Assignment:
        tokens = words(text)
        digest = text_digest(tokens)
        group = self._exact.get(digest)
        if group is not None:
            return Assignment(key, group, 1.0)
        m = self.signature(tokens)
        group, similarity = self._closest(m.hashvalues)
        if group is None:
            group, similarity = key, 1.0
        self._exact[digest] = group
        if self._reps[group] < self.settings.representatives:
            self._remember(key, group, m)
        return Assignment(key, group, similarity)

    def _closest(self, values: np.ndarray) -> tuple[str | None, float]:
        """The group of the most similar representative at or above the threshold (earliest on ties)."""
        m = self._blank.copy()
        m.hashvalues = values
        candidates = np.fromiter(self._lsh.query(m), dtype=np.int64)
        if not len(candidates):
            return None, 0.0
        candidates.sort()
        scores = np.count_nonzero(self._matrix[candidates] == values, axis=1) / len(values)
        best = int(np.argmax(scores))
        if scores[best] < self.settings.threshold:
            return None, 0.0
        return self._groups[candidates[best]], float(scores[best])

    def _remember(self, key: str, group: str, m: MinHash) -> None:
        number = len(self._keys)
        if number == len(self._matrix):
            self._matrix = np.concatenate([self._matrix, np.empty_like(self._matrix)])
        self._matrix[number] = m.hashvalues
        self._keys.append(key)
        self._groups.append(group)
        self._lsh.insert(number, m, check_duplication=False)
        self._reps[group] += 1
        self._fresh[key] = number

    def representatives(self) -> Iterator[tuple[str, str, bytes]]:
        """(key, group, signature bytes) of every representative: the state to save."""
        for number, (key, group) in enumerate(zip(self._keys, self._groups, strict=True)):
            yield key, group, self._matrix[number].astype("<u4").tobytes()

    def fresh_signature(self, key: str) -> bytes | None:
        """The signature to save if `key` became a representative since the last restore, else None."""
        number = self._fresh.pop(key, None)
        return None if number is None else self._matrix[number].astype("<u4").tobytes()

    def restore(self, saved: Iterable[tuple[str, str, bytes]]) -> None:
        """Take back saved representatives (as `representatives` gave them)."""
        for key, group, raw in saved:
            m = self._blank.copy()
            m.hashvalues = np.frombuffer(raw, dtype="<u4").astype(self._blank.hashvalues.dtype)
            self._remember(key, group, m)
            del self._fresh[key]


def detect(letters: Iterable[Letter], settings: DetectionSettings) -> dict[str, Assignment]:
    """Every letter's group, from scratch (letters in any order: they are sorted here)."""
    detector = Detector(settings)
    return {letter.key: detector.assign(letter.key, letter.text) for letter in in_order(letters)}
