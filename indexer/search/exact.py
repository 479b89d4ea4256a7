"""Exact matching: every run of characters the user types is found wherever it occurs.

jieba's words rank well but match badly: a run that crosses a word boundary
(依申请 in 依/申请, 勾稽 in 勾/稽核) is simply not in the index. So matching
uses a second, position-bearing view of each text, the way the large engines
index CJK text (Lucene's CJK bigrams, Sphinx/Manticore `ngram_chars`):

* both the text and the query are folded the same way, one character at a
  time so that lengths never change (`fold`): NFKC width folding (２０２０ →
  2020, ＡＰＰ → app, Kangxi radicals → the ideographs), OpenCC's
  traditional → simplified mapping of single characters, and lower case;
* the folded text is cut into runs of word characters (letters, digits, Han;
  punctuation, spaces and ``_`` separate runs); each word character is one
  position and so is each separator between two runs, and the index holds,
  with the position of its first character, each pair of neighbours inside
  a run, each pair of characters on either side of a separator (``议\x00行``
  for 行政复议、行政诉讼), and the last character of a part alone: every
  character is the first of exactly one term;
* a report's parts are laid out at fixed offsets (part n starts at
  ``n * PART_SPAN``; a problem statement sits in part 5), so a search within
  one part is a range check on positions;
* a query run of one character is every term that starts with it, of two
  characters that pair's term, and a longer run is the pairs at offsets 0, 2, 4 … and
  the last one, checked for consecutive positions (`indexer.search.matching`
  does that check with numpy); consecutive positions cannot straddle a
  separator, which takes a position of its own. A phrase, or a term with
  punctuation inside, is its runs and the separator pairs between them:
  whatever spaces or punctuation the query has between two runs matches
  whatever the text has there, but never a word character.

A run therefore matches exactly the texts that hold it as a contiguous
string of the folded text: recall and precision are those of a substring
scan (`bench/recall.py` measures it).
"""
from __future__ import annotations

import re
import threading
import unicodedata
from array import array
from dataclasses import dataclass

import numpy as np

from indexer.search.analysis import Postings

#: A run of word characters (``\\w`` without the underscore).
WORD_RUN = re.compile(r"[^\W_]+")
#: Joins the characters on either side of a separator into one term.
SEPARATOR = "\x00"

_table: dict[int, str] | None = None
_table_lock = threading.Lock()


def _build_table() -> dict[int, str]:
    import opencc

    table: dict[int, str] = {}
    for code in range(0x10000):
        if 0xD800 <= code <= 0xDFFF:
            continue
        char = chr(code)
        folded = unicodedata.normalize("NFKC", char)
        if len(folded) != 1:
            folded = char
        lower = folded.lower()
        if len(lower) == 1:
            folded = lower
        if folded != char:
            table[code] = folded
    # OpenCC maps phrases as well as characters; one character per line
    # gives the single-character mapping, the same in any context.
    han = [chr(c) for c in range(0x3400, 0xA000)] + [chr(c) for c in range(0xF900, 0xFB00)]
    han = [table.get(ord(c), c) for c in han]
    converted = opencc.OpenCC("t2s").convert("\n".join(han)).split("\n")
    if len(converted) == len(han):
        for source, target in zip(han, converted):
            if len(target) == 1 and target != source:
                table[ord(source)] = target
    # characters that NFKC turned into a traditional form: follow the chain
    for code, value in list(table.items()):
        if len(value) == 1 and ord(value) in table:
            table[code] = table[ord(value)]
    return table


def _fold_table() -> dict[int, str]:
    global _table
    if _table is None:
        with _table_lock:
            if _table is None:
                _table = _build_table()
    return _table


def fold(text: str) -> str:
    """`text` folded for matching (width, script, case); always the same length."""
    return text.translate(_fold_table())


_arrays: tuple[np.ndarray, np.ndarray] | None = None


def _fold_arrays() -> tuple[np.ndarray, np.ndarray]:
    """`fold` as a lookup table by code point (the table maps one character
    to one character, and only below U+10000), and which code points are
    word characters (``[^\\W_]``, i.e. `str.isalnum`) at every code point."""
    global _arrays
    if _arrays is None:
        table = _fold_table()  # before the lock: it takes the same one
        with _table_lock:
            if _arrays is None:
                folded = np.arange(0x10000, dtype=np.uint32)
                for code, value in table.items():
                    folded[code] = ord(value)
                # every code point as one string, made without a str object per character
                # (1.1M of them at once took ~100 MB of peak memory in the build's parent)
                everything = np.arange(0x110000, dtype="<u4").tobytes().decode("utf-32-le", "surrogatepass")
                word = np.zeros(0x110000, dtype=bool)
                # the same test as WORD_RUN's, by the regex engine itself
                for m in WORD_RUN.finditer(everything):
                    word[m.start():m.end()] = True
                _arrays = folded, word
    return _arrays


def warm_up() -> None:
    _fold_table()
    _fold_arrays()


# -- the index side ---------------------------------------------------------------

def encode_positions(positions) -> bytes:
    """Positions as the gram field stores them (`GramPositions`): little-endian uint32."""
    return array("I", positions).tobytes()


#: Positions a report part may take in a gram field; part n starts at n * PART_SPAN.
PART_SPAN = 1 << 27
#: The part a problem statement document's text is laid out in (存在的主要问题).
PROBLEM_PART = 5
_CODE = 21  # bits of a code point
_MASK = (1 << _CODE) - 1
# A term's key: its first character's code, then what follows it: nothing (a
# character alone), a separator and a character, or a character. UTF-8 keeps
# code point order, so keys sort exactly as the terms' bytes do (the order
# of a segment's term table) and a segment's terms are sorted as numbers.
_ALONE, _ACROSS, _PAIR = 0, 1 << _CODE, 2 << _CODE
_FIRST = _CODE + 2  # the first character's shift


class GramTerms:
    """One document's gram terms, one per position, before they are grouped
    into postings: `keys[i]` is the term that starts at `positions[i]`
    (positions ascending). A build worker makes them with numpy and the
    segment writer groups a whole segment's at once
    (`indexer.search.segments`); `postings()` gives the same terms as
    Whoosh takes them.
    """

    __slots__ = ("keys", "positions")

    def __init__(self, keys: np.ndarray, positions: np.ndarray):
        self.keys, self.positions = keys, positions

    def __len__(self) -> int:
        """The field's length: one term per position."""
        return len(self.keys)

    def postings(self) -> Postings:
        """(term bytes, frequency, weight, `encode_positions` value) per term."""
        if not len(self.keys):
            return Postings(())
        order = np.argsort(self.keys, kind="stable")
        keys, data = self.keys[order], self.positions[order].astype("<u4").tobytes()
        starts = np.flatnonzero(np.concatenate(([True], keys[1:] != keys[:-1])))
        ends = np.append(starts[1:], len(keys))
        return Postings([(term_bytes(key), end - start, float(end - start), data[4 * start:4 * end])
                         for key, start, end in zip(keys[starts].tolist(), starts.tolist(), ends.tolist())])


def gram_terms(parts: dict[int, str] | str) -> GramTerms:
    """The terms of a gram field: every pair of neighbouring characters in a
    run, every pair across a separator, and the last character of each part
    alone (so every character is the first of exactly one term).

    `parts` maps a part number (0–7) to its text; a plain string is part 0.
    A part longer than PART_SPAN positions is cut there.

    The runs are those of `WORD_RUN` over `fold(text)`; all parts are read
    in one pass of numpy (a report's parts are short: a pass per part cost
    more in calls than in characters), the folding and the word test being
    lookups by code point (`_fold_arrays`). A worker calls this between
    other work, where each numpy call costs several times what it does in a
    loop (its code and tables are no longer in the caches): the arithmetic
    is written in as few calls as it takes.
    """
    if isinstance(parts, str):
        parts = {0: parts}
    numbers, texts = zip(*sorted(parts.items())) if parts else ((), ())
    folding, word = _fold_arrays()
    points = np.frombuffer("".join(texts).encode("utf-32-le", "surrogatepass"), dtype="<u4")
    if len(points) and points.max() < 0x10000:  # nearly always: every character is in the table
        points = folding[points]
    else:
        small = points < 0x10000
        points = np.where(small, folding[np.where(small, points, 0)], points)
    at = np.flatnonzero(word[points])  # the folded text's word characters
    if not len(at):
        return GramTerms(np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.uint32))
    codes = points[at].astype(np.int64)
    # where a run begins: the first word character, one after a gap, the first of a part
    new_run = np.empty(len(at), dtype=bool)
    new_run[0] = True
    np.not_equal(np.diff(at), 1, out=new_run[1:])
    if len(texts) == 1:
        new_part = None
    else:
        part = np.searchsorted(np.cumsum([len(t) for t in texts]), at, side="right")
        new_part = np.empty(len(at), dtype=bool)
        new_part[0] = True
        np.not_equal(part[1:], part[:-1], out=new_part[1:])
        new_run |= new_part
    # a position per word character and per gap between two runs (the runs begun so far and
    # the characters before), counted from the part's first character, which takes the part's start
    order = np.cumsum(new_run)
    order += np.arange(len(at))
    if new_part is None:
        starts = numbers[0] * PART_SPAN
        positions = order + (starts - int(order[0]))
    else:
        firsts = np.flatnonzero(new_part)
        counts = np.diff(firsts, append=len(at))
        starts = np.repeat(np.asarray(numbers, dtype=np.int64)[part[firsts]] * PART_SPAN, counts)
        positions = order - np.repeat(order[firsts], counts)
        positions += starts
    if max(map(len, texts)) > PART_SPAN:  # a part of fewer characters never takes more positions
        inside = positions < starts + PART_SPAN
        codes, new_run, positions = codes[inside], new_run[inside], positions[inside]
        if new_part is not None:
            new_part = new_part[inside]
    keys = codes << _FIRST
    # with the next character of the same part: a pair, or a pair across a separator
    follows = np.where(new_run[1:], _ACROSS, _PAIR) | codes[1:]
    if new_part is None:
        keys[:-1] |= follows
    else:
        keys[:-1] |= np.where(new_part[1:], 0, follows)
    return GramTerms(keys, positions.astype(np.uint32))  # a segment holds them until it is written: 4 bytes each


def gram_postings(parts: dict[int, str] | str) -> Postings:
    """`gram_terms(parts)` as postings: (term bytes, frequency, weight, positions) per term."""
    return gram_terms(parts).postings()


#: Term bytes by key: pairs recur across reports, so each is spelled once per process.
_TERM_BYTES: dict[int, bytes] = {}


def term_bytes(key: int) -> bytes:
    """The UTF-8 bytes of the gram term `key` (a `GramTerms` key)."""
    made = _TERM_BYTES.get(key)
    if made is not None:
        return made
    first, kind, second = key >> _FIRST, key & (3 << _CODE), key & _MASK
    term = chr(first) if kind == _ALONE else chr(first) + (SEPARATOR if kind == _ACROSS else "") + chr(second)
    if len(_TERM_BYTES) > 2_000_000:  # bounded, whatever the archive
        _TERM_BYTES.clear()
    made = _TERM_BYTES[key] = term.encode("utf-8")
    return made


# -- the query side ---------------------------------------------------------------

@dataclass(frozen=True)
class Needle:
    """One thing to find: runs of folded characters, one separator apart.

    `text` is what the user wrote (for messages and highlighting), `runs` the
    folded word runs. `terms` are the gram terms to look up with their offset
    from the first position: a single run of one or two characters is one
    term; otherwise positions must be checked.
    """

    text: str
    runs: tuple[str, ...]

    @property
    def length(self) -> int:
        return sum(len(r) for r in self.runs)

    @property
    def terms(self) -> tuple[tuple[str, int], ...]:
        out: list[tuple[str, int]] = []
        offset = 0
        for k, run in enumerate(self.runs):
            if k:
                out.append((self.runs[k - 1][-1] + SEPARATOR + run[0], offset - 2))
            if len(run) == 1:
                if len(self.runs) == 1:
                    out.append((run, offset))
            else:
                starts = list(range(0, len(run) - 1, 2))
                if starts[-1] != len(run) - 2:
                    starts.append(len(run) - 2)
                out.extend((run[i:i + 2], offset + i) for i in starts)
            offset += len(run) + 1
        return tuple(out)

    @property
    def single_term(self) -> bool:
        """True when one term's postings answer the needle without positions."""
        return len(self.runs) == 1 and len(self.runs[0]) <= 2

    def pattern(self) -> re.Pattern:
        """A regex over folded text that finds exactly this needle's occurrences."""
        return re.compile(r"[\W_]+".join(re.escape(r) for r in self.runs))


def needle(text: str) -> Needle | None:
    """The needle of a query term or phrase, or None when it holds no word character."""
    runs = tuple(WORD_RUN.findall(fold(text)))
    return Needle(text, runs) if runs else None


def occurrences(text: str, needles, limit: int = 2000) -> list[tuple[int, int]]:
    """Sorted (start, end) spans of `needles` in `text`, overlaps merged, at most `limit`.

    Linear in the length of `text`: one regex scan per needle over the
    folded text (same length, so spans point into `text`).
    """
    if not text or not needles:
        return []
    folded = fold(text)
    spans: list[tuple[int, int]] = []
    for item in needles:
        found = 0
        for m in item.pattern().finditer(folded):
            spans.append(m.span())
            found += 1
            if found >= limit:
                break
    spans.sort()
    merged: list[list[int]] = []
    for start, end in spans:
        if merged and start < merged[-1][1]:
            if end > merged[-1][1]:
                merged[-1][1] = end
        else:
            merged.append([start, end])
    return [(s, e) for s, e in merged[:limit]]
