"""A segment's posting blocks pickled with numpy, all at once.

Whoosh's W3 codec keeps each posting block as a pickled tuple (document
number deltas, weights, values) that its reader turns back with
`pickle.loads`. A block holds up to 128 postings, so pickling it with
`pickle.dumps` was a Python step per posting (for the gram field also
slicing its positions out of the segment's bytes). Here the pickle opcodes
of every posting of a segment's field are laid out in byte strings with
numpy (`BlockPickles`), and a block's pickle is a few slices of them joined:
the same tuple comes back (`pickle.loads` needs no memo and no frames;
`tests/test_segments.py` compares what each block decodes to with Whoosh's
own writer's).
"""
from __future__ import annotations

import struct

import numpy as np

_PROTO = b"\x80\x04"  # protocol 4
_MARK, _TUPLE, _TUPLE3, _STOP, _NONE = b"(", b"t", b"\x87", b".", b"N"
_BININT1, _BININT2, _BININT = ord("K"), ord("M"), ord("J")  # ints of 1, 2 and 4 bytes (the last signed)
_SHORT_BINBYTES, _BINBYTES = ord("C"), ord("B")  # bytes of a length below 256, of a 4-byte length
_BINFLOAT = ord("G")  # a float: 8 bytes, big-endian
_FLOAT = struct.Struct(">d")
assert _BININT + 3 == _BININT2 and _BININT + 1 == _BININT1 and _BINBYTES + 1 == _SHORT_BINBYTES  # the heads' arithmetic


def _laid_out(heads: np.ndarray, head_bytes: np.ndarray, head_sizes: np.ndarray,
              body_sizes: np.ndarray, bodies: bytes) -> tuple[bytes, np.ndarray]:
    """Items one after the other, each its opcode (`heads`), the first
    `head_sizes - 1` bytes of its row of `head_bytes`, then its
    `body_sizes` bytes of `bodies` (in item order): (the bytes, where each
    item begins, and the end; an array: a list of a segment's ~10^6 postings
    would take ~60 MB).

    A head byte every item has (below the shortest head) is placed without a
    mask, the longer heads' bytes by the few items that have them (a gram
    field's deltas: 98 % are one byte), and the bodies' mask is made only
    when there are bodies: half the time of masks over every item and byte."""
    sizes = head_sizes + body_sizes
    ends = np.cumsum(sizes)
    begins = ends - sizes
    total = int(ends[-1]) if len(ends) else 0
    out = np.empty(total, dtype=np.uint8)
    out[begins] = heads
    heads_at = [begins]  # where head bytes went: not the bodies'
    longer = None  # the items whose head is longer than k, once not every item's is
    widest = int(head_sizes.max()) if len(head_sizes) else 1
    shortest = int(head_sizes.min()) if len(head_sizes) else 1
    for k in range(1, widest):
        if k < shortest:
            at = begins + k
            out[at] = head_bytes[:, k - 1]
        else:
            longer = np.flatnonzero(head_sizes > k) if longer is None else longer[head_sizes[longer] > k]
            at = begins[longer] + k
            out[at] = head_bytes[longer, k - 1]
        heads_at.append(at)
    if len(bodies):
        body = np.ones(total, dtype=bool)
        for at in heads_at:
            body[at] = False
        out[body] = np.frombuffer(bodies, dtype=np.uint8)
    return out.tobytes(), np.append(begins, total)


class BlockPickles:
    """The pickle opcodes of every posting of a segment's field, in posting
    order: `deltas` (each posting's document number delta), the float of
    each weight, and with `frequencies` and `data` each posting's value, its
    positions (the gram field: `4 * frequency` bytes of `data` each, in
    posting order; a word field's postings carry none).
    `block(first, end, weights)` is the pickle of postings `first` to `end`."""

    def __init__(self, deltas: np.ndarray, weights: np.ndarray, frequencies: np.ndarray | None = None,
                 data: bytes = b""):
        self._weights = weights
        self._floats: bytes | None = None
        if len(deltas) and (deltas.min() < 0 or deltas.max() >= 1 << 31):
            raise ValueError("document number deltas out of range")
        deltas = deltas.astype("<u4")
        # by arithmetic on 0/1 bytes (vector passes): K and 2 bytes for one byte, M and 3 for two, J and 5 for four
        one, two = (deltas < 256).view(np.uint8), (deltas < 65536).view(np.uint8)
        heads = two * 3
        heads -= one * 2
        heads += _BININT  # J + 3 = M, J + 1 = K
        sizes = two * 2
        sizes += one
        self.deltas, self.delta_at = _laid_out(heads, deltas.view(np.uint8).reshape(-1, 4),
                                               np.subtract(5, sizes, dtype=np.int64),
                                               np.zeros(len(deltas), dtype=np.int64), b"")
        self.values = None
        if frequencies is None:
            return
        lengths = (4 * frequencies).astype("<u4")
        short = (lengths < 256).view(np.uint8)  # C and 2 bytes for a short length, B and 5 for a long one
        self.values, self.value_at = _laid_out(
            short + _BINBYTES, lengths.view(np.uint8).reshape(-1, 4), np.subtract(5, short * 3, dtype=np.int64),
            lengths.astype(np.int64), data)

    def _weight_floats(self) -> bytes:
        if self._floats is None:
            rows = np.empty((len(self._weights), 9), dtype=np.uint8)
            rows[:, 0] = _BINFLOAT
            rows[:, 1:] = self._weights.astype(">f8").view(np.uint8).reshape(-1, 8)
            self._floats = rows.tobytes()
        return self._floats

    def block(self, first: int, end: int, weights) -> bytes:
        """The pickle of ``(deltas, weights, values)`` of postings `first` to
        `end`: `weights` None (all 1), a float (all the same) or True (each
        posting's own, as a tuple)."""
        if weights is None:
            weight_part = _NONE
        elif weights is True:
            weight_part = _MARK + self._weight_floats()[9 * first:9 * end] + _TUPLE
        else:
            weight_part = bytes((_BINFLOAT,)) + _FLOAT.pack(weights)
        deltas = self.deltas[self.delta_at[first]:self.delta_at[end]]
        if self.values is None:
            return b"".join((_PROTO, _MARK, deltas, _TUPLE, weight_part, _NONE, _TUPLE3, _STOP))
        return b"".join((_PROTO, _MARK, deltas, _TUPLE, weight_part,
                         _MARK, self.values[self.value_at[first]:self.value_at[end]], _TUPLE, _TUPLE3, _STOP))
