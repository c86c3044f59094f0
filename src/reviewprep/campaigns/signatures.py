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
_REFILL_SLOTS = 1 << 20  # old slots moved at a time when the band table grows


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


def bands_and_rows(threshold: float, num_perm: int) -> tuple[int, int]:
    """The bands and rows datasketch's `MinHashLSH` picks for a threshold (equal weights on false
    positives and negatives), without importing it and scipy: the same integrals, exactly, by
    Gauss-Legendre quadrature (each integrand is a polynomial of degree at most `num_perm`)."""
    nodes, weights = np.polynomial.legendre.leggauss(num_perm // 2 + 2)

    def integral(low: float, high: float, b: np.ndarray, r: np.ndarray, below: bool) -> np.ndarray:
        s = (high - low) / 2 * nodes + (high + low) / 2  # nodes moved from [-1, 1]
        caught = 1 - (1 - s[None, :] ** r[:, None]) ** b[:, None]  # chance a pair at similarity s is a candidate
        return (high - low) / 2 * ((caught if below else 1 - caught) @ weights)

    pairs = np.array([(b, r) for b in range(1, num_perm + 1) for r in range(1, num_perm // b + 1)], dtype=float)
    b, r = pairs[:, 0], pairs[:, 1]
    error = 0.5 * integral(0.0, threshold, b, r, True) + 0.5 * integral(threshold, 1.0, b, r, False)
    best = pairs[int(np.argmin(error))]
    return int(best[0]), int(best[1])


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
        encoded = text.encode()
        tokens = encoded.split(b" ") if text else []
        if len(tokens) <= size:
            crcs += [zlib.crc32(encoded)] if tokens else []
        else:
            crcs += map(zlib.crc32, set(map(b" ".join, zip(*(tokens[k:] for k in range(size)), strict=False))))
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


def grown(values: np.ndarray, rows: int) -> np.ndarray:
    """`values` in a longer array whose rows past them are not written, so they take no memory
    until used (np.resize and np.concatenate write every row)."""
    out = np.empty((rows, *values.shape[1:]), dtype=values.dtype)
    out[:len(values)] = values
    return out


class BandTable:
    """Band key -> representative numbers, in numpy arrays.

    Each distinct key has one slot of an open-addressing table (linear probing, at most
    three quarters full), holding its latest entry; an entry is one (key, representative)
    pair and points to the previous entry with the same key. Keys many representatives share
    (phrases many letters use) are then one slot and a chain, not a long run of slots every
    insert and lookup near them would walk. 8 bytes an entry and 12 a slot: about 1 kB per
    representative of 32 bands, where datasketch's dictionaries of byte strings and sets
    took ten times that.
    """

    def __init__(self, capacity: int = 1 << 16):
        self._keys = np.zeros(capacity, dtype=np.uint64)  # 0: a free slot
        self._heads = np.zeros(capacity, dtype=np.int32)  # the key's latest entry
        self._used = 0
        self._numbers = np.empty(1 << 16, dtype=np.int32)  # entry -> representative
        self._previous = np.empty(1 << 16, dtype=np.int32)  # entry -> earlier entry of its key, or -1
        self._entries = 0

    def _home(self, keys: np.ndarray) -> np.ndarray:
        return (keys >> np.uint64(20)).astype(np.int64) & (len(self._keys) - 1)

    def _slots(self, keys: np.ndarray) -> np.ndarray:
        """Each key's slot, or -1 - (the free slot its probe ended at) when it is not there."""
        found = np.empty(len(keys), dtype=np.int64)
        active = np.arange(len(keys))
        slot = self._home(keys)
        mask = len(self._keys) - 1
        while len(active):
            stored = self._keys[slot]
            hit, free = stored == keys[active], stored == 0
            found[active[hit]] = slot[hit]
            found[active[free]] = -1 - slot[free]
            going = ~(hit | free)
            active, slot = active[going], (slot[going] + 1) & mask
        return found

    def lookup(self, keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(index into `keys`, representative number) for every stored pair with that key."""
        slots = self._slots(keys)
        active = np.flatnonzero(slots >= 0)
        entry = self._heads[slots[active]]
        which, found = [], []
        while len(active):
            which.append(active)
            found.append(self._numbers[entry])
            entry = self._previous[entry]
            going = entry >= 0
            active, entry = active[going], entry[going]
        if not which:
            return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.int32)
        return np.concatenate(which), np.concatenate(found)

    def insert(self, keys: np.ndarray, numbers: np.ndarray) -> None:
        if not len(keys):
            return
        first = self._entries
        self._entries += len(keys)
        if self._entries > len(self._numbers):
            size = max(self._entries, 2 * len(self._numbers))
            self._numbers = grown(self._numbers, size)
            self._previous = grown(self._previous, size)
        entries = np.arange(first, self._entries, dtype=np.int32)
        self._numbers[first:self._entries] = numbers
        order = np.argsort(keys, kind="stable")
        keys, entries = keys[order], entries[order]
        starts = np.r_[True, keys[1:] != keys[:-1]]  # first entry of each distinct key here
        lasts = np.r_[starts[1:], True]
        previous = np.r_[-1, entries[:-1]].astype(np.int32)
        distinct = keys[starts]
        if (self._used + len(distinct)) * 4 > len(self._keys) * 3:
            self._grow(self._used + len(distinct))
        slots = self._slots(distinct)
        present = slots >= 0
        previous[starts] = np.where(present, self._heads[np.where(present, slots, 0)], -1)
        self._previous[entries] = previous
        self._heads[slots[present]] = entries[lasts][present]
        self._place(distinct[~present], entries[lasts][~present], -1 - slots[~present])
        self._used += int(np.count_nonzero(~present))

    def _place(self, keys: np.ndarray, heads: np.ndarray, slot: np.ndarray) -> None:
        """Put new distinct keys in free slots, probing on from `slot` where another took it."""
        mask = len(self._keys) - 1
        pending = np.arange(len(keys))
        while len(pending):
            free = np.flatnonzero(self._keys[slot] == 0)
            _, first = np.unique(slot[free], return_index=True)  # one key per free slot
            placed = free[first]
            self._keys[slot[placed]] = keys[pending[placed]]
            self._heads[slot[placed]] = heads[pending[placed]]
            left = np.ones(len(pending), dtype=bool)
            left[placed] = False
            pending, slot = pending[left], (slot[left] + 1) & mask

    def _grow(self, needed: int) -> None:
        """A table twice as large (or more), refilled a slice of the old one at a time: the
        copy's temporary arrays stay small beside the two tables (sorting every key by its new
        home at once took as much again as the tables, most of detection's peak at 1,000,000)."""
        capacity = len(self._keys)
        while needed * 4 > capacity * 3:
            capacity *= 2
        old_keys, old_heads = self._keys, self._heads
        self._keys = np.zeros(capacity, dtype=np.uint64)
        self._heads = np.zeros(capacity, dtype=np.int32)
        for lo in range(0, len(old_keys), _REFILL_SLOTS):
            keys, heads = old_keys[lo:lo + _REFILL_SLOTS], old_heads[lo:lo + _REFILL_SLOTS]
            used = keys != 0
            self._place(keys[used], heads[used], self._home(keys[used]))
