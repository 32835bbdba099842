"""Resampling matrices drawn once per process and reused, never drawn again for the same sizes.

A bootstrap over k people with a fixed seed draws the same multinomial weight matrix whatever the
values are, and a permutation test over k people of whom k_after are in the later wave draws the
same splits: the draws depend only on the seed and the sizes. An analysis pass asks for the same
sizes many times (a touchpoint's mean sentiment and its share negative resample the same people;
the four persona groups of two waves repeat touchpoint sizes), so each matrix is drawn once here
and handed out read-only. The numbers are the very ones a fresh generator gives: every function
below draws exactly what its callers drew before, in the same order.
"""
from __future__ import annotations

import itertools
import math
from collections import OrderedDict

import numpy as np

# Matrices kept at once, in bytes. A 2,000 x 1,000 weight matrix (a bootstrap over 1,000 people)
# is 8 MB as uint32; 64 MB holds the working set of a demo pass (a few dozen sizes) and bounds the
# memory whatever the study (the oldest matrix is dropped first).
MAX_BYTES = 64 * 2 ** 20


class _Kept:
    """A least-recently-used store of read-only arrays, bounded by their total size in bytes."""

    def __init__(self, max_bytes: int):
        self.max_bytes = max_bytes
        self.items: OrderedDict = OrderedDict()
        self.bytes = 0

    def get(self, key):
        value = self.items.get(key)
        if value is not None:
            self.items.move_to_end(key)
        return value

    def put(self, key, value):
        size = sum(a.nbytes for a in value) if isinstance(value, tuple) else value.nbytes
        if size > self.max_bytes:
            return value
        while self.items and self.bytes + size > self.max_bytes:
            _, old = self.items.popitem(last=False)
            self.bytes -= sum(a.nbytes for a in old) if isinstance(old, tuple) else old.nbytes
        for array in value if isinstance(value, tuple) else (value,):
            array.flags.writeable = False
        self.items[key] = value
        self.bytes += size
        return value


_KEPT = _Kept(MAX_BYTES)


def _counts(weights: np.ndarray) -> np.ndarray:
    """Multinomial counts stored small (at most k <= 2**32 per cell)."""
    return weights.astype(np.uint32) if weights.size and weights.max() < 2 ** 32 else weights


def people_weights(k: int, resamples: int, seed: int) -> np.ndarray:
    """``default_rng(seed).multinomial(k, [1/k] * k, size=resamples)`` as floats: how many times
    each of k people is drawn in each resample."""
    key = ("weights", k, resamples, seed)
    kept = _KEPT.get(key)
    if kept is None:
        rng = np.random.default_rng(seed)
        kept = _KEPT.put(key, _counts(rng.multinomial(k, np.full(k, 1 / k), size=resamples)))
    return kept.astype(float)


def people_weights_pair(k_first: int, k_second: int, resamples: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Two weight matrices drawn one after the other from one ``default_rng(seed)``: first over
    ``k_first`` people, then over ``k_second`` (the second depends on the first's draws)."""
    key = ("pair", k_first, k_second, resamples, seed)
    kept = _KEPT.get(key)
    if kept is None:
        rng = np.random.default_rng(seed)
        first = rng.multinomial(k_first, np.full(k_first, 1 / k_first), size=resamples)
        second = rng.multinomial(k_second, np.full(k_second, 1 / k_second), size=resamples)
        kept = _KEPT.put(key, (_counts(first), _counts(second)))
    return kept[0].astype(float), kept[1].astype(float)


def split_masks(k: int, k_after: int, permutations: int, seed: int, chunk: int) -> tuple[bool, list[np.ndarray]]:
    """The splits of k people into waves of k - k_after and k_after people that a permutation test
    examines, as 0/1 rows (1: in the later wave), in chunks of at most ``chunk`` rows.

    Returns (exact, chunks): every split when there are at most ``permutations`` of them (in
    ``itertools.combinations`` order, one chunk), otherwise ``permutations`` random splits drawn
    chunk by chunk with ``default_rng(seed).permuted`` of the sorted row."""
    key = ("splits", k, k_after, permutations, seed, chunk)
    kept = _KEPT.get(key)
    if kept is None:
        splits = math.comb(k, k_after)
        if splits <= permutations:
            masks = np.zeros((splits, k), dtype=bool)
            for row, chosen in enumerate(itertools.combinations(range(k), k_after)):
                masks[row, list(chosen)] = True
            kept = (masks,)
        else:
            rng = np.random.default_rng(seed)
            row = np.r_[np.zeros(k - k_after), np.ones(k_after)]
            kept = tuple(rng.permuted(np.tile(row, (min(chunk, permutations - start), 1)), axis=1).astype(bool)
                         for start in range(0, permutations, chunk))
        kept = _KEPT.put(key, kept)
    exact = math.comb(k, k_after) <= permutations
    return exact, [m.astype(float) for m in kept]
