"""MinHash signatures and LSH band keys for many letters at once, with numpy.

The signatures are datasketch's (`MinHash(num_perm, seed, hashfunc=zlib.crc32)`, the
"affine32" scheme: crc32 of each distinct shingle, MurmurHash3's 32-bit finaliser, then
`a * h + b` mod 2**32 per permutation, the minimum kept), so saved signatures and the
groups found stay what they were; only the work is batched: the permutations are applied
to the shingles of a few letters at once (a block that stays in cache) and the minimum
per letter taken with one `reduceat`, instead of a MinHash object per letter.

A band key is a 64-bit hash of one band of `rows` values, offset by the band's number, so
one table holds every band; two letters share a key when (barring a 2**-64 accident)
they share that band, as they share a bucket in datasketch's `MinHashLSH`.
"""

from __future__ import annotations

import zlib

import numpy as np

EMPTY = np.uint32(0xFFFFFFFF)  # every value of the signature of a text with no words
_MIX = np.uint64(0x9E3779B97F4A7C15)
_LETTERS_PER_PASS = 32  # letters whose shingles are permuted in one pass (stays in cache)


def fmix32(h: np.ndarray) -> np.ndarray:
    """MurmurHash3's 32-bit finaliser, as datasketch applies it to the crc32 of a shingle."""
    h = h ^ (h >> np.uint32(16))
    h = h * np.uint32(0x85EBCA6B)
    h = h ^ (h >> np.uint32(13))
    h = h * np.uint32(0xC2B2AE35)
    return h ^ (h >> np.uint32(16))


def fmix64(h: np.ndarray) -> np.ndarray:
    """MurmurHash3's 64-bit finaliser: every input bit moves every output bit."""
    h = h ^ (h >> np.uint64(33))
    h = h * np.uint64(0xFF51AFD7ED558CCD)
    h = h ^ (h >> np.uint64(33))
    h = h * np.uint64(0xC4CEB9FE1A85EC53)
    return h ^ (h >> np.uint64(33))


def permutations(num_perm: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """The affine permutations (a odd, b) as datasketch draws them for the affine32 scheme."""
    gen = np.random.RandomState(seed)
    a = gen.randint(0, 1 << 31, num_perm, dtype=np.uint32) * np.uint32(2) + np.uint32(1)
    b = gen.randint(0, 1 << 32, num_perm, dtype=np.uint32)
    return a, b


def shingle_hashes(texts: list[str], size: int) -> tuple[np.ndarray, np.ndarray]:
    """The hashed distinct runs of `size` consecutive words of each text (a short text: its
    whole self), and where each text's hashes start. `texts` are folded words joined by spaces."""
    crcs: list[int] = []
    offsets = np.empty(len(texts), dtype=np.int64)
    for i, text in enumerate(texts):
        offsets[i] = len(crcs)
        tokens = text.split(" ") if text else []
        if len(tokens) <= size:
            crcs += [zlib.crc32(text.encode())] if tokens else []
        else:
            runs = set(map(" ".join, zip(*(tokens[k:] for k in range(size)), strict=False)))
            crcs += map(zlib.crc32, map(str.encode, runs))
    return fmix32(np.array(crcs, dtype=np.uint32)), offsets


def signatures(texts: list[str], size: int, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """One MinHash signature (len(a) uint32 values) per text: the minimum of each permutation
    over the text's shingle hashes (all EMPTY for a text without words)."""
    hashes, offsets = shingle_hashes(texts, size)
    out = np.full((len(texts), len(a)), EMPTY, dtype=np.uint32)
    ends = np.append(offsets[1:], len(hashes))
    buffer = np.empty((0, len(a)), dtype=np.uint32)
    for first in range(0, len(texts), _LETTERS_PER_PASS):
        last = min(first + _LETTERS_PER_PASS, len(texts))
        lo, hi = offsets[first], ends[last - 1]
        if hi == lo:
            continue
        if len(buffer) < hi - lo:
            buffer = np.empty((hi - lo, len(a)), dtype=np.uint32)
        permuted = buffer[:hi - lo]
        np.multiply(hashes[lo:hi, None], a, out=permuted)
        permuted += b
        nonempty = np.flatnonzero(ends[first:last] > offsets[first:last])
        out[first + nonempty] = np.minimum.reduceat(permuted, offsets[first:last][nonempty] - lo, axis=0)
    return out


def band_keys(signature: np.ndarray, bands: int, rows: int) -> np.ndarray:
    """(letters, bands) 64-bit keys: equal keys for equal bands of the same number."""
    values = signature[:, :bands * rows].reshape(len(signature), bands, rows).astype(np.uint64)
    key = np.zeros((len(signature), bands), dtype=np.uint64)
    for r in range(rows):
        key = fmix64(key ^ values[:, :, r] ^ (np.uint64(r + 1) << np.uint64(40)))
    key = fmix64(key + np.arange(bands, dtype=np.uint64) * _MIX)
    return key | np.uint64(1)  # 0 marks an empty slot of the table


class BandTable:
    """Band key -> representative numbers: an open-addressing table in two numpy arrays.

    A key may map to several representatives (letters of one group share bands): each
    (key, number) pair has its own slot, found by linear probing from the key's home slot.
    12 bytes a slot, at most half of them used (long probe runs cost more than the memory):
    some 1 to 1.5 kB per representative of 32 bands, where datasketch's dictionaries of byte
    strings and sets took ten times that.
    """

    def __init__(self, capacity: int = 1 << 16):
        self._keys = np.zeros(capacity, dtype=np.uint64)
        self._numbers = np.zeros(capacity, dtype=np.int32)
        self._used = 0

    def _home(self, keys: np.ndarray) -> np.ndarray:
        return (keys >> np.uint64(20)).astype(np.int64) & (len(self._keys) - 1)

    def lookup(self, keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(index into `keys`, representative number) for every stored pair with that key."""
        which, found = [], []
        active = np.arange(len(keys))
        slot = self._home(keys)
        mask = len(self._keys) - 1
        while len(active):
            stored = self._keys[slot]
            hit = stored == keys[active]
            which.append(active[hit])
            found.append(self._numbers[slot[hit]])
            going = stored != 0
            active, slot = active[going], (slot[going] + 1) & mask
        if not which:
            return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.int32)
        return np.concatenate(which), np.concatenate(found)

    def insert(self, keys: np.ndarray, numbers: np.ndarray) -> None:
        if (self._used + len(keys)) * 2 > len(self._keys):
            self._grow(self._used + len(keys))
        mask = len(self._keys) - 1
        slot = self._home(keys)
        pending = np.arange(len(keys))
        while len(pending):
            free = np.flatnonzero(self._keys[slot] == 0)
            _, first = np.unique(slot[free], return_index=True)  # one pair per free slot
            placed = free[first]
            self._keys[slot[placed]] = keys[pending[placed]]
            self._numbers[slot[placed]] = numbers[pending[placed]]
            left = np.ones(len(pending), dtype=bool)
            left[placed] = False
            pending, slot = pending[left], (slot[left] + 1) & mask
        self._used += len(keys)

    def _grow(self, needed: int) -> None:
        """A table twice as large (or more), refilled in one pass: pairs sorted by home slot
        take the first free slot from it, `i + max(home_j - j, j <= i)`, without probing."""
        capacity = len(self._keys)
        while needed * 2 > capacity:
            capacity *= 2
        used = self._keys != 0
        keys, numbers = self._keys[used], self._numbers[used]
        self._keys = np.zeros(capacity, dtype=np.uint64)
        self._numbers = np.zeros(capacity, dtype=np.int32)
        home = self._home(keys)
        order = np.argsort(home, kind="stable")
        keys, numbers, home = keys[order], numbers[order], home[order]
        ranks = np.arange(len(keys))
        slot = ranks + np.maximum.accumulate(home - ranks) if len(keys) else ranks
        fits = slot < capacity
        self._keys[slot[fits]], self._numbers[slot[fits]] = keys[fits], numbers[fits]
        self._used = int(fits.sum())
        self.insert(keys[~fits], numbers[~fits])  # the few that run past the end wrap around
