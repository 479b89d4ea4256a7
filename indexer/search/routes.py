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

Without jieba-next installed, or before `compile_routes`, this is jieba's
tokenizer unchanged.
"""
from __future__ import annotations

from itertools import repeat

import jieba

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
