"""indexer.forked: work on numpy arrays shared with a second process."""
from __future__ import annotations

import os

import numpy as np

from indexer.forked import side_by_side


def _halves():
    data = np.arange(1_000_000, dtype=np.int64)
    return (lambda: (data[:10] * 2, np.zeros(0, dtype=np.uint32))), (lambda: (data.reshape(1000, 1000)[:, :3] + 1,
                                                                                np.array([os.getpid()])))


def test_the_other_half_runs_in_a_second_process_and_comes_back_whole():
    work, other = _halves()
    mine, theirs = side_by_side(work, other)
    assert np.array_equal(mine[0], np.arange(10) * 2) and mine[1].dtype == np.uint32 and len(mine[1]) == 0
    assert theirs[0].shape == (1000, 3) and np.array_equal(theirs[0], np.arange(1_000_000).reshape(1000, 1000)[:, :3] + 1)
    assert theirs[1][0] != os.getpid()  # made in another process
    theirs[0][0, 0] = -1  # writable, like an array made here


def test_a_second_process_that_fails_or_dies_leaves_its_half_to_this_one(tmp_path):
    marker = tmp_path / "tries"

    def fails():
        with open(marker, "a") as fh:
            fh.write(f"{os.getpid()}\n")
        if os.getpid() != parent:
            raise MemoryError("no room")
        return (np.array([7]),)

    def dies():
        if os.getpid() != parent:
            os._exit(9)
        return (np.array([8]),)

    parent = os.getpid()
    assert side_by_side(lambda: (np.array([1]),), fails)[1][0].tolist() == [7]
    assert len(marker.read_text().split()) == 2  # tried there, then done here
    assert side_by_side(lambda: (np.array([1]),), dies)[1][0].tolist() == [8]


def test_beside_answers_call_after_call_with_half_of_each_done_there(tmp_path):
    """`Beside.split`: the function's result over the whole arrays, its second half made in a second process."""
    from indexer.forked import Beside

    marker = tmp_path / "pids"

    def weighed(values, weights):
        with open(marker, "a") as fh:
            fh.write(f"{os.getpid()} {len(values)}\n")
        return values * weights

    parent = os.getpid()
    values, weights = np.arange(1001, dtype=np.int64), np.arange(1001, dtype=np.int64) % 7
    with Beside(weighed=weighed, negated=lambda v: -v) as beside:
        for _ in range(3):
            assert np.array_equal(beside.split("weighed", values, weights), values * weights)
        assert np.array_equal(beside.split("negated", values[:5]), -values[:5])
    seen = [line.split() for line in marker.read_text().splitlines()]
    assert sorted(int(n) for pid, n in seen if int(pid) == parent) == [500] * 3
    assert sorted(int(n) for pid, n in seen if int(pid) != parent) == [501] * 3


def test_beside_does_everything_here_once_its_second_process_fails_or_dies():
    from indexer.forked import Beside

    parent = os.getpid()

    def fails(values):
        if os.getpid() != parent:
            raise MemoryError("no room")
        return values + 1

    def dies(values):
        if os.getpid() != parent:
            os._exit(9)
        return values + 2

    values = np.arange(100, dtype=np.int64)
    for function, added in ((fails, 1), (dies, 2)):
        with Beside(f=function) as beside:
            assert np.array_equal(beside.split("f", values), values + added)
            assert beside._process is None  # given up: the next calls are done here
            assert np.array_equal(beside.split("f", values), values + added)
