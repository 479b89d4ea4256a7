"""Exact BM25 over a document's occurrence counts, weighed by where in a report they lie.

A report is cut into parts (`exact.PART_SPAN` gram positions each): the
unnumbered part (title, contents list, page headers) and the numbered
sections 一 to 六, each beginning with its standard heading. An occurrence in
the unnumbered part of a report whose overview (section 一) was found names
the topic (本报告由…依申请公开政府信息办理情况…组成) and counts less; so does one
inside a numbered part's standard heading (三、依申请公开政府信息情况 is in every
report of that form), read from the needle's positions (`fronts`) once and
remembered on the table. A report holding a needle only there (`named_only`)
names the topic and never reports on it.
"""
from __future__ import annotations

import math

import numpy as np

from indexer.search.bm25 import B, K1
from indexer.search.exact import PART_SPAN
from indexer.search.matching import needle_keys
from indexer.search.schema import GRAM_FIELD, SECTION_FIELDS


def exact_scores(table, needles, parts=None, unnumbered: float = 1.0, heading: float = 1.0) -> np.ndarray:
    """BM25 of every document over its exact occurrence counts of `needles`;
    in a report whose overview (section 一) was found, an occurrence in the
    unnumbered part (then its title, contents list, page headers) counts
    `unnumbered` of one. A report whose 一 was not found keeps its overview
    in that part, and its occurrences there count fully. An occurrence in
    the heading of a report's numbered part (`headings`) counts `heading`
    of one."""
    total = np.zeros(table.size, dtype=np.float32)
    for item in needles:
        docs, values = _exact_part(table, item, parts, unnumbered, heading)
        total[docs] += values  # needle_hits gives each document once
    return total


def _exact_part(table, item, parts, unnumbered: float, heading: float) -> tuple[np.ndarray, np.ndarray]:
    """(documents, BM25 of one needle) for `exact_scores`, remembered on `table`:
    a common needle's heading and unnumbered counts cost a pass over its positions."""
    key = ("\x00exact", item.runs, parts, unnumbered, heading)
    found = table._cached(key)
    if found is not None:
        return found
    docs, freqs = _weighed_counts(table, item, parts, unnumbered, heading)
    if not len(docs):
        found = (_NONE, np.zeros(0))
    else:
        n = max(table.size, 1)
        lengths = table.lengths(GRAM_FIELD)
        average = table.average_length(GRAM_FIELD)
        idf = math.log(n / (len(docs) + 1)) + 1.0
        norm = K1 * ((1.0 - B) + B * lengths[docs] / average)
        found = (docs, idf * freqs * (K1 + 1.0) / (freqs + norm))
    table._remember(key, found)
    return found


def _weighed_counts(table, item, parts, unnumbered: float, heading: float) -> tuple[np.ndarray, np.ndarray]:
    """(documents, occurrence counts) of `item` in `parts`, an occurrence in the
    unnumbered part of a report whose section 一 was found counting `unnumbered`
    of one and one in a numbered part's heading (`headings`) `heading` of one."""
    docs, counts = table.needle_hits(item, parts)
    freqs = counts.astype(np.float32)
    if len(docs) and (unnumbered != 1.0 or heading != 1.0):
        front, unnumbered_held, heading_held = fronts(table, item, parts)
        if len(front):
            fronted = table.lengths(SECTION_FIELDS[1]) > 0
            at = np.searchsorted(docs, front)
            freqs[at] -= ((1.0 - unnumbered) * np.where(fronted[front], unnumbered_held, 0)
                          + (1.0 - heading) * heading_held).astype(np.float32)
    return docs, freqs


#: Where a numbered part's heading ends, in gram positions from the part's
#: start (`documents.section_texts` writes each part's heading first; a
#: character is one position, a run of punctuation one): the end of the
#: longest standard wording of each part, old or new form, with its numbering
#: (一、总体情况 6, 二、主动公开政府信息的情况 13, 三、收到和处理政府信息公开申请情况
#: 17, 四、因政府信息公开申请提起行政复议、行政诉讼的情况 24, 六、其他需要报告的事项
#: 11). A shorter heading leaves the first words of its body inside the span
#: (本年度发生行政诉讼 after the new form of 四 ends at 27: outside). Section 五 is
#: left out: its body, where the shortcomings are stated, follows a short heading.
HEADING_SPANS = {1: 6, 2: 13, 3: 17, 4: 24, 6: 11}
_SPANS = np.array([HEADING_SPANS.get(n, 0) for n in range(7)], dtype=np.int64)


def in_heading(table, keys: np.ndarray, length: int) -> np.ndarray:
    """For each occurrence (`keys`, as `matching.needle_keys` gives them) of a
    needle spanning `length` gram positions, whether it lies inside the
    heading of a report's numbered part (ends within `HEADING_SPANS`)."""
    at = keys & 0xFFFFFFFF
    return (at % PART_SPAN + length <= _SPANS[np.minimum(at // PART_SPAN, 6)]) & table.is_report[keys >> 32]


def headings(table, item, parts=None) -> tuple[np.ndarray, np.ndarray]:
    """(reports, occurrence counts) of `item` inside the heading of a numbered
    part (ending within its `HEADING_SPANS`), in `parts` (None: all). Every
    report of the old or new form has the same headings, so a query word of
    one (依申请公开, 行政诉讼, 主动公开) matches every report there: such an
    occurrence says the report has the part, not what it reports. None of a
    needle of one character (no positions of its own)."""
    docs, _, held = fronts(table, item, parts)
    return docs[held > 0], held[held > 0]


def fronts(table, item, parts=None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(documents, occurrences in the unnumbered part, occurrences in a
    numbered part's heading (`headings`)) of `item`, in `parts` (None: all),
    for the documents holding it in either, read from one pass over its
    positions and remembered on `table` (a common needle's positions are
    too many to keep between searches)."""
    key = ("\x00fronts", item.runs, parts)
    found = table._cached(key)
    if found is None:
        found = _fronts(table, item, parts)
        table._remember(key, found)
    return found


def _fronts(table, item, parts):
    unnumbered = parts is None or 0 in parts
    keys = needle_keys(table, item)
    if keys is None:  # one character: no positions of its own, no heading
        docs, held = table.needle_hits(item, frozenset({0})) if unnumbered else (_NONE, _NONE)
        return docs, held.astype(np.int64), np.zeros(len(docs), dtype=np.int64)
    part = np.minimum((keys & 0xFFFFFFFF) // PART_SPAN, 6)
    owners = keys >> 32
    head = in_heading(table, keys, item.length + len(item.runs) - 1)
    if parts is not None:
        head &= np.isin(part, list(parts))
    zero = (part == 0) if unnumbered else np.zeros(len(keys), dtype=bool)
    chosen = head | zero
    if not chosen.any():
        return _NONE, _NONE, _NONE
    docs, inverse = np.unique(owners[chosen], return_inverse=True)
    return (docs, np.bincount(inverse, weights=zero[chosen], minlength=len(docs)).astype(np.int64),
            np.bincount(inverse, weights=head[chosen], minlength=len(docs)).astype(np.int64))


_NONE = np.zeros(0, dtype=np.int64)


def named_only(table, needles, parts=None) -> np.ndarray:
    """The reports that hold some needle only in their headings (`headings`)
    or, where section 一 was found, in the unnumbered part (title, contents
    list: 本报告由…依申请公开政府信息办理情况…组成): they name the topic and
    never report on it."""
    out = np.zeros(table.size, dtype=bool)
    for item in needles:
        out[_named_by(table, item, parts)] = True
    return out


def _named_by(table, item, parts) -> np.ndarray:
    """The reports holding `item` only in headings and the unnumbered part, remembered on `table`."""
    key = ("\x00named", item.runs, parts)
    found = table._cached(key)
    if found is not None:
        return found
    docs, left = _weighed_counts(table, item, parts, unnumbered=0.0, heading=0.0)  # what is left elsewhere
    found = docs[(left <= 0) & table.is_report[docs]] if len(docs) else _NONE
    table._remember(key, found)
    return found
