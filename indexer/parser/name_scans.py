"""Where a text writes a report's own name with what goes before or after
it, found by `str.find` and a scan instead of a pattern compiled for each
name (~0.7 ms a compile, a new name every report). Each gives exactly what
the regex named in its docstring finds (tests/test_parser_rewrites.py
compares them on hostile text).
"""
from __future__ import annotations

from typing import Iterator


def places_before(form: str, flat: str) -> Iterator[str]:
    """The place of each match, left to right, of
    `(?P<place>[\\u4e00-\\u9fa5]{2,7})` + `form` in `flat`, found as the
    regex engine finds them (the most characters first) but without
    compiling a pattern for each name. A match ends with `form` 2 to 7
    characters after its start: only the starts 2 to 7 before an occurrence are tried."""
    size, n = len(form), len(flat)
    occurrences, at = [], flat.find(form)
    while at != -1:
        occurrences.append(at)
        at = flat.find(form, at + 1)
    free = 0  # where the next match may start (matches do not overlap)
    for p in sorted({p for q in occurrences for p in range(max(0, q - 7), q - 1)}):
        if p < free:
            continue
        run = 0  # the characters from p in U+4E00-U+9FA5, at most 7
        while run < 7 and p + run < n and "\u4e00" <= flat[p + run] <= "\u9fa5":
            run += 1
        k = next((k for k in range(run, 1, -1) if flat.startswith(form, p + k)), 0)
        if k:
            yield flat[p:p + k]
            free = p + k + size


_OPENING_MARKS = frozenset("《“\"（(，,。；;：:")


def prefixes_before(agency: str, flat: str) -> Iterator[str]:
    """The prefix of each match, left to right, of
    `(?:^|[《“"（(，,。；;：:\\s])(?P<prefix>[\\u4e00-\\u9fa5]{2,10}?)` + `agency`
    (re.M) in `flat`, found as the regex engine finds them but without
    compiling a pattern for each agency (a report's own name: a new pattern,
    ~0.7 ms, every report). A match ends with `agency` 2 to 10 characters
    after its start, so only the starts 2 to 11 before an occurrence are tried."""
    size, n = len(agency), len(flat)
    occurrences, at = [], flat.find(agency)
    while at != -1:
        occurrences.append(at)
        at = flat.find(agency, at + 1)
    starts = sorted({p for q in occurrences for p in range(max(0, q - 11), q - 1)})
    free = 0  # where the next match may start (matches do not overlap)
    for p in starts:
        if p < free:
            continue
        # the first branch (^: the text's or a line's start), then the second (a mark)
        for begin in ((p,) if p == 0 or flat[p - 1] == "\n" else ()) + (
                (p + 1,) if p < n and (flat[p] in _OPENING_MARKS or flat[p].isspace()) else ()):
            k = han_prefix(agency, flat, begin, size)
            if k:
                yield flat[begin:begin + k]
                free = begin + k + size
                break


def han_prefix(agency: str, flat: str, begin: int, size: int) -> int:
    """The fewest characters (2-10), all in U+4E00-U+9FA5, from `begin`
    that `agency` follows; 0 when none."""
    for k in range(10):
        if k >= 2 and flat.startswith(agency, begin + k):
            return k
        if begin + k >= len(flat) or not "\u4e00" <= flat[begin + k] <= "\u9fa5":
            return 0
    return 10 if flat.startswith(agency, begin + 10) else 0


def written_with_government(name: str, flat: str) -> bool:
    """Whether `flat` writes `name` followed by 人民政府, or by 政府 not
    followed by 信息 or 网: what a search of `name` + `(?:人民政府|政府(?!信息|网))`
    finds, without compiling a pattern for each name (a report's own)."""
    at = flat.find(name)
    while at != -1:
        end = at + len(name)
        if flat.startswith("人民政府", end) or (flat.startswith("政府", end) and not flat.startswith(("信息", "网"), end + 2)):
            return True
        at = flat.find(name, at + 1)
    return False
