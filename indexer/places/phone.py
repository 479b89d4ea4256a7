"""Where a text's landline numbers ring: the division an area code serves
(0818 → 达州市), from `data/area_codes.tsv` (source and version in
`data/README.md`). Used only to tell apart places of the same name, never
to place an organ on its own: an office may give another city's number.
"""
from __future__ import annotations

import csv
import re
from collections import Counter
from functools import lru_cache
from pathlib import Path

from indexer.places.divisions import Division, divisions

_FILE = Path(__file__).resolve().parent / "data" / "area_codes.tsv"
#: a landline number written with its area code: 0818-2345678, (0577)65123456, 0451－55843017
_NUMBER = re.compile(r"(?<![\d\w])(?:[（(]0(?P<a>\d{2,3})[）)]|0(?P<b>\d{2,3})\s*[-—–－])\s*\d{7,8}(?!\d)")


@lru_cache(maxsize=1)
def _codes() -> dict[str, str]:
    with _FILE.open(encoding="utf-8", newline="") as f:
        rows = csv.DictReader((line for line in f if not line.startswith("#")), delimiter="\t")
        return {r["area_code"]: r["code"] for r in rows}


def area_division(text: str) -> Division | None:
    """The division served by the area code `text`'s landline numbers give
    most (a tie, or a code serving several cities: None)."""
    codes = _codes()
    found = Counter()
    for m in _NUMBER.finditer(text):
        area = "0" + (m.group("a") or m.group("b"))
        if area in codes:
            found[codes[area]] += 1
    ranked = found.most_common(2)
    if not ranked or (len(ranked) > 1 and ranked[0][1] == ranked[1][1]):
        return None
    return divisions().by_code.get(ranked[0][0])
