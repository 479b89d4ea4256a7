"""A bounded memo for pure functions of short strings that recur from report to report.

Table rows, row labels, small numbers and headings come back in nearly every
report: the build's workers ask the same question of the same short line
thousands of times. `ShortKeyMemo` answers a repeated key at the speed of a
dict lookup (a hit never leaves C; only a miss calls `compute`), remembers
only keys of at most `longest` characters (long lines rarely recur), and is
emptied whole when it holds `limit` keys, so its size is bounded whatever the
archive.
"""
from __future__ import annotations

from typing import Callable, Generic, TypeVar

V = TypeVar("V")


class ShortKeyMemo(dict, Generic[V]):
    """`memo[key]` is `compute(key)`, remembered for short keys (see the module)."""

    def __init__(self, compute: Callable[[str], V], longest: int, limit: int = 20_000):
        super().__init__()
        self.compute, self.longest, self.limit = compute, longest, limit

    def __missing__(self, key: str) -> V:
        value = self.compute(key)
        if len(key) <= self.longest:
            if len(self) >= self.limit:
                self.clear()
            self[key] = value
        return value
