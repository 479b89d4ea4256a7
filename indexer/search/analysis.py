"""Chinese text analysis for the index: jieba words with sequential positions.

Why not jieba's own `ChineseAnalyzer`: it gives character offsets as token
positions, so quoted phrases never match, and its search mode emits
overlapping tokens that break highlighting. Here:

* every text is first converted to simplified characters (OpenCC ``t2s``) so a
  traditional query finds simplified text and vice versa; the conversion keeps
  the length, so character offsets still point into the original text;
* the words of jieba's precise mode get positions 0, 1, 2 ... (queries and
  snippets use them);
* in index mode each word longer than two characters also yields the
  dictionary words inside it (``城市`` in ``城市更新``, ``公开`` in
  ``政府信息公开``), so ranking by words also counts a word written inside
  a longer one.

The index keeps only each word's count per field: matching (substrings,
phrases) is the gram field's (`indexer.search.exact`); words only rank.
Build workers segment each text once, straight into its words as numbers
(`indexer.search.wordnumbers`), which the writer takes as they are.
"""
from __future__ import annotations

import functools
import logging
import os
import re
import threading
from pathlib import Path
from typing import Iterator, NamedTuple

from whoosh.analysis import Token, Tokenizer

from indexer.simplified import unchanged_by_t2s

USERDICT = Path(__file__).resolve().parent.parent / "data" / "userdict.txt"
_WORD_CHAR = re.compile(r"\w")
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")

_lock = threading.Lock()
_jieba = None
_opencc = None


class Term(NamedTuple):
    """One token: normalised text, position, and its span in the original text."""

    text: str
    pos: int
    start: int
    end: int


def cache_dir() -> Path:
    """Where jieba keeps its dictionary cache: $NIANBAO_CACHE_DIR or ~/.cache/nianbao."""
    configured = os.environ.get("NIANBAO_CACHE_DIR")
    return Path(configured) if configured else Path.home() / ".cache" / "nianbao"


def _segmenter():
    """The process-wide jieba tokenizer, initialised once with our dictionary."""
    global _jieba
    if _jieba is None:
        with _lock:
            if _jieba is None:
                import jieba

                from indexer.search.routes import Tokenizer

                jieba.setLogLevel(logging.WARNING)
                directory = cache_dir()
                try:
                    directory.mkdir(parents=True, exist_ok=True)
                except OSError:
                    directory = None  # unwritable home: jieba then just skips caching
                tokenizer = Tokenizer()
                if directory is not None:
                    tokenizer.tmp_dir = str(directory)
                tokenizer.initialize()
                tokenizer.load_userdict(str(USERDICT))
                _jieba = tokenizer
    return _jieba


def warm_up() -> None:
    """Load the dictionary now (before forking workers, so they share it)."""
    _segmenter()
    _converter()


_routes_compiled = False


def _indexing_segmenter():
    """The segmenter, with jieba's routes computed in compiled code when
    jieba-next is installed (`indexer.search.routes`: the same words, the
    route ~7x faster). Compiled on the first text a process indexes; the
    build's parent compiles it before forking its workers (`share_routes`)
    and lets it go after them (`release_routes`): its dictionary takes ~60 MB,
    which the parent should not hold through the copy pass, its memory peak."""
    global _routes_compiled
    segmenter = _segmenter()
    if not _routes_compiled:
        with _lock:
            if not _routes_compiled:
                segmenter.compile_routes()
                _routes_compiled = True
    return segmenter


def share_routes() -> None:
    """Compile the routes now, in the build's parent before it forks its
    workers: the compiled dictionary (~60 MB, never written after) is then
    one copy shared by every worker instead of one each."""
    _indexing_segmenter()


def release_routes() -> None:
    """Let the compiled routes go (the build's parent, once its workers are
    done: it should not hold them through the copy pass, its memory peak). A
    later text indexed in this process compiles them again."""
    global _routes_compiled
    with _lock:
        _segmenter()._routes = None
        _routes_compiled = False


def _converter():
    global _opencc
    if _opencc is None:
        import opencc

        _opencc = opencc.OpenCC("t2s")
    return _opencc


def to_simplified(text: str) -> str:
    """`text` in simplified characters, always of the same length as `text`."""
    if unchanged_by_t2s(text):
        return text  # nearly all of a simplified report: nothing to convert
    converted = _converter().convert(text)
    if len(converted) == len(text):
        return converted
    # A phrase mapping changed the length: fall back to one character at a
    # time, keeping any character whose conversion is not a single character.
    convert = _converter().convert
    return "".join(c if len(s := convert(c)) != 1 else s for c in text)


def terms(text: str, subwords: bool = True) -> list[Term]:
    """Segment `text` into words with sequential positions.

    With `subwords`, dictionary words inside longer words are added at the
    position of their parent word. Punctuation and spaces yield nothing.
    """
    if not text:
        return []
    if len(text) <= 64:  # query words and highlight runs recur: remember them
        return list(_short_terms(text, subwords))
    return _terms(text, subwords)


@functools.lru_cache(maxsize=8192)
def _short_terms(text: str, subwords: bool) -> tuple[Term, ...]:
    return tuple(_terms(text, subwords))


#: jieba's HMM guesses words missing from the dictionary (names of places);
#: it costs ~45% more time than the dictionary alone but keeps recall.
HMM = True


@functools.lru_cache(maxsize=200_000)
def _subwords(word: str) -> tuple[tuple[str, int], ...]:
    """Dictionary words strictly inside `word`, with their offsets (longest first)."""
    freq = _segmenter().FREQ
    n = len(word)
    return tuple((word[i:i + size], i) for size in range(n - 1, 1, -1)
                 for i in range(0, n - size + 1) if freq.get(word[i:i + size]))


#: jieba segments each run of these characters on its own (`jieba.re_han_default`)
_BLOCK = re.compile(r"([\u4E00-\u9FD5a-zA-Z0-9+#&\._%\-]+)")
#: Longer pieces are segmented without remembering them.
_CACHED_PIECE = 256


#: The terms of one piece of text: (text, position, start, end) relative to
#: the piece, and how many positions the piece takes.
PieceTerms = tuple[tuple[tuple[str, int, int, int], ...], int]


def _piece_terms(piece: str, subwords: bool) -> PieceTerms:
    """jieba's words of `piece` that hold a word character, numbered from 0."""
    out = []
    append = out.append
    pos = 0
    start = 0
    for word in _segmenter().cut(piece, HMM=HMM):
        end = start + len(word)
        if _WORD_CHAR.search(word):
            if not (word[0].isspace() or word[-1].isspace()):
                append((word, pos, start, end))
                if subwords and len(word) > 2 and _CJK.match(word):
                    for inner, i in _subwords(word):
                        append((inner, pos, start + i, start + i + len(inner)))
                pos += 1
            else:
                # jieba keeps spaces inside some Latin runs; split them apart
                for m in re.finditer(r"\S+", word):
                    append((m.group(), pos, start + m.start(), start + m.end()))
                    pos += 1
        start = end
    return tuple(out), pos


# Report boilerplate (the 条例 citations, shared problem statements, headings)
# recurs across reports: each piece is segmented once per process.
_cached_piece_terms = functools.lru_cache(maxsize=200_000)(_piece_terms)


def _split(text: str) -> Iterator[tuple[str, int]]:
    """The pieces of the normalised `text` that can hold words, with their start offsets.

    jieba cuts each run of `_BLOCK` characters on its own and everything
    between runs one character at a time, so cutting piece by piece gives
    exactly the words of cutting the whole text.
    """
    start = 0
    for i, piece in enumerate(_BLOCK.split(text)):
        if not piece:
            continue
        # between runs jieba yields single characters: only word characters count
        if i % 2 or _WORD_CHAR.search(piece):
            yield piece, start
        start += len(piece)


def _pieces(text: str, subwords: bool) -> Iterator[tuple[PieceTerms, int]]:
    """The terms of each piece of the normalised `text`, with the piece's start offset."""
    for piece, start in _split(text):
        if len(piece) <= _CACHED_PIECE:
            yield _cached_piece_terms(piece, subwords), start
        else:
            yield _piece_terms(piece, subwords), start


def _terms(text: str, subwords: bool) -> list[Term]:
    out: list[Term] = []
    append = out.append
    pos = 0
    for (found, used), start in _pieces(to_simplified(text).lower(), subwords):
        for word, p, s, e in found:
            append(Term(word, pos + p, start + s, start + e))
        pos += used
    return out


def query_words(text: str) -> list[str]:
    """The words of `text` in order, no sub-words: those of `terms(text,
    subwords=False)`, without making their positions and offsets."""
    out: list[str] = []
    if text:
        for piece, _ in _split(to_simplified(text).lower()):
            out += _piece_plain_words(piece) if len(piece) <= _CACHED_PIECE else _words_of(piece, False)
    return out


class Postings(tuple):
    """A text field's postings for one document, made in a build worker.

    Items are (term bytes, frequency, weight, encoded value): for a word field
    the value is empty (`indexer.search.schema.WordCounts`), for the gram
    field the positions. `indexer.search.schema.SegmentedText` hands them to
    the writer as they are.
    """

    __slots__ = ()


def postings(text: str) -> Postings:
    """Segment `text` for indexing (sub-words included) into its postings:
    each word with its count (the word fields keep no positions: matching is
    the gram field's, `indexer.search.exact`; words only rank)."""
    from indexer.search.wordnumbers import indexed_words

    return indexed_words(text).postings()


def _words_of(piece: str, subwords: bool = True) -> tuple[str, ...]:
    """The words of one piece (by default the indexed ones, sub-words included), without positions."""
    return tuple([term[0] for term in _piece_terms(piece, subwords)[0]])


# The same for `query_words` (queries, and the build's word vectors).
_piece_plain_words = functools.lru_cache(maxsize=200_000)(functools.partial(_words_of, subwords=False))


class JiebaTokenizer(Tokenizer):
    """Whoosh tokenizer over `terms`.

    Its import path is pickled into the index schema: keep it stable.
    """

    def __eq__(self, other):
        return other.__class__ is self.__class__

    def __call__(self, value, positions=False, chars=False, keeporiginal=False,
                 removestops=True, start_pos=0, start_char=0, tokenize=True,
                 mode="", **kwargs) -> Iterator[Token]:
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        for term in terms(value, subwords=(mode != "query")):
            token.text = term.text
            token.boost = 1.0
            token.stopped = False
            if keeporiginal:
                token.original = term.text
            if positions:
                token.pos = start_pos + term.pos
            if chars:
                token.startchar = start_char + term.start
                token.endchar = start_char + term.end
            yield token


def analyzer() -> JiebaTokenizer:
    """The analyzer of every text field."""
    return JiebaTokenizer()
