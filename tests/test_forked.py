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
