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
  position and so is each separator between two runs, and the index holds
  each character (counts only), each pair of neighbours inside a run, and
  each pair of characters on either side of a separator (``议\x00行`` for
  行政复议、行政诉讼), both with the position of their first character;
* a report's parts are laid out at fixed offsets (part n starts at
  ``n * PART_SPAN``; a problem statement sits in part 5), so a search within
  one part is a range check on positions;
* a query run of one character is that character's term, of two characters
  that pair's term, and a longer run is the pairs at offsets 0, 2, 4 … and
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

from indexer.search.analysis import Postings

#: A run of word characters (``\\w`` without the underscore).
WORD_RUN = re.compile(r"[^\W_]+")
#: The value of a single character's posting (its count is its weight).
NO_POSITIONS = b"\x00"
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


def warm_up() -> None:
    _fold_table()


# -- the index side ---------------------------------------------------------------

def encode_positions(positions) -> bytes:
    """Positions as the gram field stores them (`GramPositions`): little-endian uint32."""
    return array("I", positions).tobytes()


#: Positions a report part may take in a gram field; part n starts at n * PART_SPAN.
PART_SPAN = 1 << 27
#: The part a problem statement document's text is laid out in (存在的主要问题).
PROBLEM_PART = 5


def gram_postings(parts: dict[int, str] | str) -> Postings:
    """The postings of a gram field: characters (counts only) and pairs (positions).

    `parts` maps a part number (0–7) to its text; a plain string is part 0.
    A part longer than PART_SPAN word characters is cut there.
    """
    if isinstance(parts, str):
        parts = {0: parts}
    singles: dict[str, int] = {}
    pairs: dict[str, list[int]] = {}
    for number, text in sorted(parts.items()):
        pos = number * PART_SPAN
        end = pos + PART_SPAN
        previous = ""
        for run in WORD_RUN.findall(fold(text)):
            if pos + len(run) > end:
                run = run[:end - pos]
            if previous:
                pair = previous + SEPARATOR + run[0]
                spots = pairs.get(pair)
                if spots is None:
                    pairs[pair] = [pos - 2]
                else:
                    spots.append(pos - 2)
            previous = run[-1]
            for char in run:
                singles[char] = singles.get(char, 0) + 1
            for i in range(len(run) - 1):
                pair = run[i:i + 2]
                spots = pairs.get(pair)
                if spots is None:
                    pairs[pair] = [pos + i]
                else:
                    spots.append(pos + i)
            pos += len(run) + 1  # the separator after the run
            if pos >= end:
                break
    # a character's value is one byte, "no positions": Whoosh's merges read a
    # value for every posting, and an empty one would not be stored at all
    made = [(char.encode("utf-8"), count, float(count), NO_POSITIONS) for char, count in singles.items()]
    made.extend((pair.encode("utf-8"), len(spots), float(len(spots)), encode_positions(spots))
                for pair, spots in pairs.items())
    return Postings(made)


def word_length(text: str) -> int:
    """How many positions `text` takes in a gram field (its runs and separators)."""
    return sum(len(run) + 1 for run in WORD_RUN.findall(fold(text)))


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
