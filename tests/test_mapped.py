"""`indexer.search.mapped._ViewReader` reads a segment's memoryview as
`io.BytesIO` would read the same bytes (Whoosh treats it as a file)."""
from __future__ import annotations

import io
import random

import pytest

from indexer.search.mapped import _ViewReader


@pytest.mark.parametrize("data", [
    b"", b"\n", b"one line", b"a\nb\n\nc", b"x" * 9000 + b"\n" + b"y" * 5000, b"\n" * 3 + b"z" * 4097,
    bytes(random.Random(7).getrandbits(8) for _ in range(20000)),
])
def test_reads_lines_and_blocks_as_bytesio_does(data):
    ours, theirs = _ViewReader(memoryview(data)), io.BytesIO(data)
    sizes = random.Random(len(data))
    for _ in range(200):
        size = sizes.choice([-1, None, 1, 3, 4096, 5000])
        how = sizes.choice(["readline", "read", "seek"])
        if how == "seek":
            where = sizes.randrange(len(data) + 2)
            assert ours.seek(where) == theirs.seek(where)
        else:
            assert getattr(ours, how)(size) == getattr(theirs, how)(size)
        assert ours.tell() == theirs.tell()
