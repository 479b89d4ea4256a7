"""The statements worth scoring as "similar" to one: two searches of the archive.

1. **By the statement's words** (BM25 over its text, its words' curated
   equivalents and, with word vectors, their nearest neighbours): `limit`
   statements. Every word of the text counts here, 政府信息公开 and 进一步
   included, so a long seed's common words can push a statement that shares
   only its one shortcoming word (意识, 渠道) below the first `limit`.
2. **By its shortcoming** (the same expansion of its content words alone,
   without the text and its stop words), keeping only statements whose problem
   categories name the statement's shortcoming (`equivalents.same_aspect`):
   up to `SHORTCOMING_EXTRA` more. A statement sharing the seed's category and
   its content word or an equivalent (认识不到位 / 主动公开的意识有待加强)
   enters here although many broader statements outscore it on the text.

The pool is bounded: at most `limit + SHORTCOMING_EXTRA` statements
(bench/README.md, "Issue 18, tenth session": on the development seeds the
second search brings 10 judged-relevant statements into the pool that the
first's 50 missed, for 17 % more candidates).
"""
from __future__ import annotations

from indexer.equivalents import related, same_aspect
from indexer.search.analysis import terms as jieba_terms

#: Vector neighbours of each content word added to the searches.
NEIGHBOURS = 2
NEIGHBOUR_SIMILARITY = 0.7
#: At most this many statements from the search by shortcoming, beyond the first search's.
SHORTCOMING_EXTRA = 10
#: The search by shortcoming looks this many deep before keeping those sharing a category
#: (200 was measured: the same statements enter on the dev seeds, 2-5 CPU-ms more at 100k).
SHORTCOMING_DEPTH = 100
#: Sub-words of hedges (进一步 -> 一步) that jieba's search mode emits: no content.
_HEDGE_PIECES = frozenset({"一步"})


def content_words(text: str, stopwords=frozenset()) -> list[str]:
    """The statement's words of two characters or more that are not `stopwords`, in order, once each."""
    return list(dict.fromkeys(t.text for t in jieba_terms(text or "") if len(t.text) > 1 and t.text not in stopwords))


def expansion(words: list[str], vectors=None, stopwords=frozenset()) -> list[str]:
    """The equivalents of `words` (`equivalents.related`) and, with word
    vectors, their nearest neighbours, not already in `words`."""
    extra = [w for w in related(words) if w not in words]
    if vectors is not None:
        near = (n for w in words for n in vectors.neighbours(w, NEIGHBOURS, NEIGHBOUR_SIMILARITY))
        extra += [n for n in dict.fromkeys(near) if n not in words and n not in extra and n not in stopwords]
    return extra


def searched(text: str, vectors=None, stopwords=frozenset()) -> str:
    """The query of the search by words: the statement and its expansion."""
    words = content_words(text, stopwords)
    return " ".join([text, *expansion(words, vectors, stopwords)])


def find(archive, text: str, categories=None, vectors=None, limit: int = 50, exclude_report: str | None = None,
         stopwords=frozenset()) -> list:
    """The candidates for statements similar to `text` (StoredProblem objects,
    each once): the search by words first, then up to SHORTCOMING_EXTRA from
    the search by shortcoming when the statement has `categories` (its stored
    problem categories; none, or only `other`, skips the second search)."""
    if not (text or "").strip():
        return []
    pool = archive.problem_candidates(searched(text, vectors, stopwords), limit=limit, exclude_report=exclude_report)
    mine = set(categories or ()) - {"other"}
    words = [w for w in content_words(text, stopwords) if w not in _HEDGE_PIECES]
    if not mine or not words or SHORTCOMING_EXTRA <= 0:
        return pool
    query = " ".join(w for w in [*words, *expansion(words, vectors, stopwords)] if w not in stopwords)
    seen = {c.id for c in pool}
    extra = []
    for c in archive.problem_candidates(query, limit=SHORTCOMING_DEPTH, exclude_report=exclude_report):
        if c.id not in seen and same_aspect(mine, set(c.categories or ()) - {"other"}):
            extra.append(c)
            seen.add(c.id)
            if len(extra) == SHORTCOMING_EXTRA:
                break
    return pool + extra
