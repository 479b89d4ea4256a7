"""The index's zlib streams, made quickly.

A worker compresses each report's stored record (`documents.pack_report`)
and every posting block of 64 bytes or more (`termwriter`): ~0.3 ms of a
synthetic report's ~6; and its copy units (`copyunits.pack`) and first
training text (`vectortext.pack`) for the caches beside the index. All are
read back with `zlib.decompress` (Whoosh's posting reader, `unpack_report`,
the caches' readers), which reads any zlib stream, whoever made it. ISA-L's
deflate (the `isal` package) makes them 2-3x faster than zlib at its level
3, ~5 % larger; without `isal`, zlib's level 1 is used.
"""
from __future__ import annotations

import json
import zlib

try:
    from isal.isal_zlib import compress as _compress
except ImportError:  # pragma: no cover - zlib's own, a little slower
    _compress = zlib.compress

#: The level handed to the compressor (ISA-L's levels are 0-3, zlib's 0-9;
#: 1 is the fast one in both). A posting block's info records it, and
#: Whoosh's reader only asks whether it is nonzero.
LEVEL = 1


def compress(data: bytes) -> bytes:
    """`data` as a zlib stream (`zlib.decompress` gives it back)."""
    return _compress(data, LEVEL)


#: `json.dumps(obj, ensure_ascii=False)`'s text, by one encoder made once and
#: without its check for cycles (what is packed is a tree of plain data):
#: the same text, without making an encoder and its markers for each call.
_json_text = json.JSONEncoder(ensure_ascii=False, check_circular=False).encode


def compressed_json(obj) -> bytes:
    """`obj` as `json.dumps(obj, ensure_ascii=False)` writes it, in UTF-8, as
    a zlib stream (`compress`)."""
    return compress(_json_text(obj).encode("utf-8"))
