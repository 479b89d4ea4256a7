"""Posting blocks pickled with numpy decode to what `pickle.dumps` of the block's tuple gives."""
import pickle

import numpy as np
import pytest

from hypothesis import given, settings
from hypothesis import strategies as st

from indexer.search.blockpickles import BlockPickles, _laid_out


def _postings(seed: int, count: int):
    rng = np.random.default_rng(seed)
    # document deltas of every pickled int size (1, 2 and 4 bytes), positions long enough for a 4-byte length
    deltas = rng.choice([0, 1, 255, 256, 65535, 65536, 2**31 - 1], size=count) + rng.integers(0, 3, size=count)
    deltas = np.minimum(deltas, 2**31 - 1).astype(np.int64)
    frequencies = rng.choice([1, 2, 63, 64, 65, 300], size=count).astype(np.int64)
    positions = rng.integers(0, 2**32, size=int(frequencies.sum()), dtype=np.uint64).astype("<u4")
    weights = frequencies.astype(np.float32).astype(np.float64)
    return deltas, frequencies, weights, positions.tobytes()


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_each_block_decodes_to_the_tuple_pickle_makes(seed):
    deltas, frequencies, weights, data = _postings(seed, 400)
    pickles = BlockPickles(deltas, weights, frequencies, data)
    cuts = np.concatenate(([0], np.cumsum(4 * frequencies))).tolist()
    values = [data[a:z] for a, z in zip(cuts, cuts[1:])]
    for first, end in [(0, 128), (128, 256), (256, 400), (5, 6), (399, 400), (7, 7)]:
        for weight in (None, 2.5, True):
            expected_weights = tuple(weights[first:end].tolist()) if weight is True else weight
            expected = (tuple(deltas[first:end].tolist()), expected_weights, tuple(values[first:end]))
            decoded = pickle.loads(pickles.block(first, end, weight))
            assert decoded == expected
            assert [type(x) for x in decoded[0]] == [int] * (end - first)


def test_deltas_that_a_pickled_int_cannot_hold_are_refused():
    with pytest.raises(ValueError):
        BlockPickles(np.array([2**31], dtype=np.int64), np.array([1.0]))


def test_blocks_without_values_pickle_none_for_them():
    deltas, _, weights, _ = _postings(3, 300)
    pickles = BlockPickles(deltas, weights)
    for first, end in [(0, 128), (128, 256), (256, 300)]:
        for weight in (None, 3.0, True):
            expected_weights = tuple(weights[first:end].tolist()) if weight is True else weight
            assert pickle.loads(pickles.block(first, end, weight)) == (tuple(deltas[first:end].tolist()),
                                                                        expected_weights, None)


def _first_laid_out(heads, head_bytes, head_sizes, body_sizes, bodies):
    """`blockpickles._laid_out` as first written (e10o): masks over every item and byte."""
    sizes = head_sizes + body_sizes
    ends = np.cumsum(sizes)
    begins = ends - sizes
    out = np.empty(int(ends[-1]) if len(ends) else 0, dtype=np.uint8)
    body = np.ones(len(out), dtype=bool)
    out[begins] = heads
    body[begins] = False
    for k in range(1, int(head_sizes.max()) if len(head_sizes) else 1):
        has = head_sizes > k
        at = begins[has] + k
        out[at] = head_bytes[has, k - 1]
        body[at] = False
    if len(bodies):
        out[body] = np.frombuffer(bodies, dtype=np.uint8)
    return out.tobytes(), np.append(begins, len(out))


_ITEMS = st.lists(st.tuples(st.integers(0, 255), st.binary(min_size=4, max_size=4), st.integers(1, 5),
                            st.integers(0, 9)), max_size=60)


@settings(max_examples=500, deadline=None, database=None)
@given(_ITEMS, st.booleans(), st.randoms(use_true_random=False))
def test_items_are_laid_out_as_the_first_form_laid_them(items, with_bodies, random):
    # heads of any mix of sizes (all one size, 1 to 5, or mixed), with bodies or without
    heads = np.array([h for h, _, _, _ in items], dtype=np.uint8)
    head_bytes = np.frombuffer(b"".join(b for _, b, _, _ in items), dtype=np.uint8).reshape(-1, 4)
    head_sizes = np.array([s for _, _, s, _ in items], dtype=np.int64)
    body_sizes = np.array([n if with_bodies else 0 for _, _, _, n in items], dtype=np.int64)
    bodies = random.randbytes(int(body_sizes.sum()))
    laid, begins = _laid_out(heads, head_bytes, head_sizes, body_sizes, bodies)
    first_laid, first_begins = _first_laid_out(heads, head_bytes, head_sizes, body_sizes, bodies)
    assert laid == first_laid
    assert begins.tolist() == first_begins.tolist()
