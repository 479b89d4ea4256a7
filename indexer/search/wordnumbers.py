"""The build's side of word analysis: each text's indexed words as numbers.

A build worker hands the segment writer each text's words as numbers of
this process's vocabulary, one per occurrence (`Words`), and the writer
counts a whole segment's at once with numpy (`indexer.search.segments`):
counting each text's words into tuples, and adding each to a per-term list,
cost a Python step per posting (~425 a report). The words are those of
`indexer.search.analysis` (jieba's, sub-words included), made without the
positions and offsets the query side needs.
"""
from __future__ import annotations

import functools
import re
from array import array
from collections import Counter

from indexer.memo import ShortKeyMemo
from indexer.search.analysis import (_BLOCK, _CACHED_PIECE, _CJK, _WORD_CHAR, HMM, Postings, _indexing_segmenter,
                                     _segmenter, _subwords, to_simplified)

#: word -> its number in this process; `_SPELLING[number]` is its UTF-8 bytes.
#: Grows with the distinct words a process indexes (jieba's dictionary and the
#: HMM's new words: a few hundred thousand at most).
_VOCABULARY: dict[str, int] = {}
_SPELLING: list[bytes] = []


def _numbered(words) -> tuple[int, ...]:
    numbers = []
    for word in words:
        number = _VOCABULARY.get(word)
        if number is None:
            number = _VOCABULARY[word] = len(_SPELLING)
            _SPELLING.append(word.encode("utf-8"))
        numbers.append(number)
    return tuple(numbers)


def spelling(number: int) -> bytes:
    """The UTF-8 bytes of the word numbered `number` in this process (`Words`)."""
    return _SPELLING[number]


def spellings(numbers: list[int]) -> list[bytes]:
    """`spelling` of each of `numbers`, in one pass."""
    return list(map(_SPELLING.__getitem__, numbers))


class Words:
    """A text field's indexed words for one document, made in a build
    worker: each occurrence as its word's number in this process's
    vocabulary (`spelling`), sub-words included, in text order.

    `postings()` counts them as Whoosh takes them; a number means nothing
    in another process, so a `Words` is pickled as its postings.
    """

    __slots__ = ("numbers",)

    def __init__(self, numbers: array):
        self.numbers = numbers  # array("i")

    def __len__(self) -> int:
        """The field's length: one per indexed word."""
        return len(self.numbers)

    def postings(self) -> Postings:
        """(term bytes, frequency, weight, b"") per word, in order of first occurrence."""
        return Postings([(_SPELLING[number], n, float(n), b"") for number, n in Counter(self.numbers).items()])

    def __reduce__(self):
        return Postings, (tuple(self.postings()),)


#: gap -> whether it holds a word character (`_WORD_CHAR`): the gaps between
#: a text's runs are mostly the same few punctuation marks (~100 a report),
#: a dict lookup each instead of a regex search.
_HOLDS_WORD: ShortKeyMemo[bool] = ShortKeyMemo(lambda gap: _WORD_CHAR.search(gap) is not None, longest=8)


def indexed_words(text: str) -> Words:
    """Segment `text` for indexing (sub-words included) into `Words`: the
    words `postings` counts, as numbers."""
    _indexing_segmenter()
    parts = _BLOCK.split(to_simplified(text).lower())
    # the runs jieba cuts, and the gaps between them that hold a word character
    pieces = parts[1::2]
    pieces += filter(_HOLDS_WORD.__getitem__, parts[0::2])
    numbers = array("i")
    if max(map(len, pieces), default=0) <= _CACHED_PIECE:  # nearly always: every piece's remembered, joined in C
        numbers.frombytes(b"".join(map(_piece_numbers, pieces)))
    else:
        for piece in pieces:
            if len(piece) <= _CACHED_PIECE:
                numbers.frombytes(_piece_numbers(piece))
            else:
                numbers.extend(_numbers_of(piece))
    return Words(numbers)


_NON_SPACE = re.compile(r"\S+")


def _cut(piece: str):
    """jieba's words of `piece`: a run of `_BLOCK` characters (every piece
    but a gap between runs) goes straight to the segmenter's cut of one
    block, which is what jieba's `cut` does with it."""
    segmenter = _segmenter()
    if HMM and _BLOCK.match(piece):
        return segmenter._Tokenizer__cut_DAG(piece)
    return segmenter.cut(piece, HMM=HMM)


def _word_words(word: str) -> tuple[str, ...]:
    """What one word of jieba's cut adds to a piece's indexed words: nothing
    without a word character, the runs between the spaces jieba keeps inside
    some Latin runs, else the word and its dictionary sub-words."""
    if not _WORD_CHAR.search(word):
        return ()
    if word[0].isspace() or word[-1].isspace():
        return tuple(_NON_SPACE.findall(word))
    if len(word) > 2 and _CJK.match(word):
        return (word,) + _subword_texts(word)
    return (word,)


def _numbers_of(piece: str) -> tuple[int, ...]:
    """The numbers of `_piece_terms(piece)`'s words, made without their
    positions and offsets; each word's numbers looked up once per process
    (`_WORD_NUMBERS`): a piece jieba must cut is new, its words mostly are
    not. New words are numbered in the order they come.

    A block with compiled routes (`routes.Tokenizer`) is cut here by the
    walk `routes.Tokenizer._Tokenizer__cut_DAG` yields from
    (`routes.route_words`), without jieba's generators in between: jieba's
    first sight of a piece is most of a build worker's words."""
    known = _WORD_NUMBERS
    segmenter = _segmenter()
    ends = segmenter._routes
    if ends is None or not HMM or not _BLOCK.match(piece):
        numbers: list[int] = []
        for word in _cut(piece):
            numbers += known[word]
        return tuple(numbers)
    numbers = []
    for word in (_ROUTE_WORDS or _route_words())(piece, ends.get_dag_and_calc(piece), segmenter.FREQ):
        numbers += known[word]
    return tuple(numbers)


_ROUTE_WORDS = None


def _route_words():
    """`routes.route_words`, imported when a process first cuts a piece
    (importing jieba takes ~1 s: the query side never needs it)."""
    global _ROUTE_WORDS
    from indexer.search.routes import route_words

    _ROUTE_WORDS = route_words
    return route_words


#: word -> the numbers of `_word_words(word)`: a word's part of a piece's
#: numbers, remembered for words up to 16 characters (emptied at 100,000).
_WORD_NUMBERS: ShortKeyMemo[tuple[int, ...]] = ShortKeyMemo(lambda word: _numbered(_word_words(word)),
                                                            longest=16, limit=100_000)


@functools.lru_cache(maxsize=200_000)
def _subword_texts(word: str) -> tuple[str, ...]:
    """The words of `_subwords(word)`, without their offsets."""
    return tuple(inner for inner, _ in _subwords(word))


@functools.lru_cache(maxsize=200_000)
def _piece_numbers(piece: str) -> bytes:
    """The build's counterpart of `_cached_piece_terms`: each piece's indexed
    words once per worker, as numbers (words and offsets are never needed
    together there), kept as the bytes of an ``array("i")``: a text's
    pieces are joined with one `bytes.join` (~100 pieces a report), and
    take half the memory of a tuple."""
    return array("i", _numbers_of(piece)).tobytes()
