"""Printing text that came from outside (file names, reasons) on a terminal.

A file may be named with CR, LF, ESC or other control characters; printed
raw they would forge lines or drive the terminal. `escaped` writes them as
Python-style escapes (\\r, \\n, \\x1b …) and leaves everything else, Chinese
included, as it is.
"""
from __future__ import annotations

import unicodedata

_NAMED = {"\r": "\\r", "\n": "\\n", "\t": "\\t", "\\": "\\\\"}


def escaped(text: str) -> str:
    """`text` with every control, format or separator character (but the
    plain space) written as an escape."""
    out = []
    for char in str(text):
        if char in _NAMED:
            out.append(_NAMED[char])
        elif char != " " and unicodedata.category(char)[0] in "CZ":
            code = ord(char)
            out.append(f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}")
        else:
            out.append(char)
    return "".join(out)
