"""The kept resampling matrices are exactly what a fresh generator draws, read-only, and bounded."""
import itertools
import math

import numpy as np
import pytest

from workbench import resampling
from workbench.resampling import people_weights, people_weights_pair, split_masks


@pytest.mark.parametrize("k", [2, 7, 40])
def test_people_weights_are_a_fresh_generators_draws_every_time(k):
    fresh = np.random.default_rng(11).multinomial(k, np.full(k, 1 / k), size=300).astype(float)
    first, again = people_weights(k, 300, 11), people_weights(k, 300, 11)
    assert np.array_equal(first, fresh) and np.array_equal(again, fresh)
    again[0, 0] = -1.0                       # a caller's copy: the kept matrix does not change
    assert np.array_equal(people_weights(k, 300, 11), fresh)


def test_a_pair_continues_one_generator():
    rng = np.random.default_rng(5)
    a = rng.multinomial(9, np.full(9, 1 / 9), size=200).astype(float)
    b = rng.multinomial(4, np.full(4, 1 / 4), size=200).astype(float)
    got_a, got_b = people_weights_pair(9, 4, 200, 5)
    assert np.array_equal(got_a, a) and np.array_equal(got_b, b)
    assert not np.array_equal(got_b, people_weights(4, 200, 5))   # the second is not a fresh draw


def test_exact_splits_are_every_combination_in_order():
    exact, chunks = split_masks(6, 2, 100, 3, 40)
    assert exact and len(chunks) == 1 and chunks[0].shape == (math.comb(6, 2), 6)
    for row, chosen in zip(chunks[0], itertools.combinations(range(6), 2)):
        assert set(np.flatnonzero(row)) == set(chosen)


def test_random_splits_are_the_generators_permutations_chunk_by_chunk():
    exact, chunks = split_masks(30, 12, 250, 8, 100)
    rng = np.random.default_rng(8)
    row = np.r_[np.zeros(18), np.ones(12)]
    fresh = [rng.permuted(np.tile(row, (n, 1)), axis=1) for n in (100, 100, 50)]
    assert not exact and [c.shape[0] for c in chunks] == [100, 100, 50]
    assert all(np.array_equal(c, f) for c, f in zip(chunks, fresh))


def test_the_store_drops_the_oldest_beyond_its_byte_bound():
    kept = resampling._Kept(max_bytes=3 * 800)
    for i in range(5):
        kept.put(i, np.zeros(100))           # 800 bytes each
    assert list(kept.items) == [2, 3, 4] and kept.bytes == 2400
    assert kept.get(2) is not None and list(kept.items) == [3, 4, 2]   # a hit is the newest again
    with pytest.raises(ValueError):
        kept.get(2)[0] = 1.0                 # kept arrays are read-only
