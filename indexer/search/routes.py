"""jieba's precise mode, with the best route through a sentence computed by compiled code.

jieba cuts a run of Han characters in two steps: the best route through the
sentence's dictionary words (`get_DAG`, then `calc`: the most probable
split, ties to the longer word), then the HMM on what the route leaves as
single characters (`finalseg`). The route is ~60 % of a build worker's
segmenting time, in Python. jieba-next's `PrefixDict` computes the same
route in compiled code from the same dictionary (`FREQ`, `total`): on every
piece of the real archive (53,438 pieces) the routes are identical
(`tests/test_analysis.py` checks the corpus). Only the route is taken from
it; everything else (the cut, the HMM, the dictionary) is jieba 0.42.1's
own, because jieba-next's whole tokenizer does not cut the same (it splits
``--`` and runs its own HMM differently on rare characters).

With compiled routes, a block is cut straight from the route
(`_Tokenizer__cut_DAG`, the method jieba's `cut` calls for a block in precise
mode with the HMM), and the HMM's words of a run of single characters that
is not a dictionary word are remembered (`_hmm_words`): such runs recur
(place and organ names, 我局), 56–66 % of them in a build worker.

Without jieba-next installed, or before `compile_routes`, this is jieba's
tokenizer unchanged.
"""
from __future__ import annotations

from functools import lru_cache
from itertools import repeat

import jieba
from jieba import finalseg

try:  # optional: the route in compiled code
    from jieba_next.jieba_next_rust import PrefixDict
except ImportError:  # pragma: no cover - jieba's own route then
    PrefixDict = None


class _Route(list):
    """A sentence's route as the compiled code gives it: the end of the
    word starting at each offset (and a 0 past the end)."""

    __slots__ = ()


class Tokenizer(jieba.Tokenizer):
    """`jieba.Tokenizer` whose precise mode can take its route from
    jieba-next (`compile_routes`). Full mode (``cut_all``) is not
    available once routes are compiled: it reads the word graph itself."""

    _routes = None

    def compile_routes(self) -> bool:
        """Compute routes in compiled code from now on (the dictionary as
        loaded now: call it after `load_userdict`). False when jieba-next is
        not installed."""
        if PrefixDict is None:
            return False
        self.check_initialized()
        self._routes = PrefixDict(self.FREQ, float(self.total))
        return True

    def get_DAG(self, sentence):
        if self._routes is None:
            return super().get_DAG(sentence)
        return _Route(self._routes.get_dag_and_calc(sentence))

    def calc(self, sentence, DAG, route):
        if not isinstance(DAG, _Route):
            return super().calc(sentence, DAG, route)
        # jieba's cut reads only the second item: the end of the word at each offset
        route.update(zip(range(len(DAG)), zip(repeat(0.0), DAG)))
        return None

    def _Tokenizer__cut_DAG(self, sentence):
        """The words of one block in precise mode with the HMM (what jieba's
        `cut` asks of this name-mangled method): each word of the route, and
        each run of single characters between them as jieba has it, alone,
        as its characters when the run is a dictionary word, else as the
        HMM's words."""
        if self._routes is None:
            yield from super()._Tokenizer__cut_DAG(sentence)
            return
        yield from route_words(sentence, self._routes.get_dag_and_calc(sentence), self.FREQ)

    def cut(self, sentence, cut_all=False, HMM=True, use_paddle=False):
        if cut_all and self._routes is not None:
            raise ValueError("full mode reads the word graph: not available with compiled routes")
        return super().cut(sentence, cut_all=cut_all, HMM=HMM, use_paddle=use_paddle)

    def add_word(self, word, freq=None, tag=None):
        self._routes = None  # the compiled dictionary would be out of date
        return super().add_word(word, freq, tag)

    def del_word(self, word):
        self._routes = None
        return super().del_word(word)


def route_words(sentence: str, ends, freq: dict) -> list[str]:
    """The words of `sentence` along its compiled route (`ends`: the last offset of the
    word at each offset): each word of the route, and each run of single characters
    between them by `single_run`. A list, not a generator: a build worker reads jieba's
    first sight of a piece this way (`wordnumbers._numbers_of`), most of its words."""
    words: list[str] = []
    size = len(sentence)
    at = run = 0  # the next offset; where the pending run of single characters began
    while at < size:
        after = ends[at] + 1
        if after - at > 1:
            if run < at:
                words += single_run(sentence[run:at], freq)
            words.append(sentence[at:after])
            run = after
        at = after
    if run < size:
        words += single_run(sentence[run:], freq)
    return words


def single_run(run: str, freq: dict):
    """jieba's words of a run of characters its route left single."""
    if len(run) == 1:
        return (run,)
    return run if freq.get(run) else _hmm_words(run)


@lru_cache(maxsize=100_000)
def _hmm_words(run: str) -> tuple[str, ...]:
    """The HMM's words of `run` (`jieba.finalseg.cut`), once per process:
    a pure function of the run, as long as no word is forced apart
    (`finalseg.add_force_split`, which this project never calls).

    `finalseg.cut` cuts each block of Han characters (`finalseg.re_han`) on
    its own and splits the rest at `finalseg.re_skip`; so does this, with
    each Han block's words remembered (`_han_block_words`): a run is often
    new only for the digits beside its characters (及22个, 共12条)."""
    words: list[str] = []
    for block in _HAN.split(run):
        if not block:
            continue
        if _HAN.match(block):
            words += _han_block_words(block)
        else:
            words += [piece for piece in _SKIP.split(block) if piece]
    return tuple(words)


_HAN, _SKIP = finalseg.re_han, finalseg.re_skip


@lru_cache(maxsize=100_000)
def _han_block_words(block: str) -> tuple[str, ...]:
    """The HMM's words of one block of Han characters (`finalseg.cut`)."""
    return tuple(finalseg.cut(block))
