"""A problem statement's content words, its clauses, and the items it lists.

Many statements list several shortcomings in one sentence (宣传教育培训不足,
具体工作人员业务不熟,缺乏信息专业技术人员…). Its **items** are its clauses,
cut at ，；。！？ (jieba never joins words across them), that have a content
word: what a reader would take for "item 3". Similar statements compare a
candidate with each item (`item_cosines`), so one that states the same
shortcoming as one item ranks above one that shares generic words spread over
several, and the page says which items each candidate matches.

The words are `similar`'s: jieba words of two characters or more, sub-words
included (兼职人员 meets 兼职), the curated equivalents (`indexer.equivalents`)
counted as their group, each group a statement mentions one more term, and the
STOPWORDS (the topic, hedges and boilerplate) left out.
"""
from __future__ import annotations

import math
import re
from collections import Counter

from indexer.equivalents import concept, concepts_in
from indexer.search.analysis import terms as jieba_terms
from indexer.search.analysis import to_simplified

CLAUSE_END = re.compile(r"[，,。；;！？!?]")

#: Words with no problem content: the topic, hedges and report boilerplate.
STOPWORDS = frozenset(
    "政府 信息 公开 政务 工作 进一步 有待 加强 提高 提升 需要 还需 仍需 尚需 存在 问题 不够 不足 "
    "部分 个别 单位 部门 比较 较为 相对 一定 一些 情况 现象 我们 街道 相关 进行 开展 做好 "
    "继续 主要 目前 仍然 还是 还要 有所 各项 以及 对于 方面 我局 我乡 我镇 本单位".split()
)


#: What a word made only of these says is the topic or a hedge (政府信息公开, 一步 of 进一步).
_TOPIC_PIECES = re.compile("|".join(sorted(STOPWORDS | {"一步"}, key=len, reverse=True)))


def names_topic(word: str) -> bool:
    """Whether `word` is made only of the topic and hedges (政府信息公开, 进一步加强)."""
    return not _TOPIC_PIECES.sub("", word)


def content_words(text: str) -> Counter:
    """The statement's content words with their counts, equivalents as their group."""
    # Sub-words count too, so 兼职人员 and 兼职 share a term; equivalent words
    # count as their group, and each group mentioned is a term of its own.
    bag = words(text)
    bag.update("≈" + name for name in concepts_in(to_simplified(text or "")))
    return bag


def words(text: str) -> Counter:
    return Counter(concept(t.text) for t in jieba_terms(text) if len(t.text) > 1 and t.text not in STOPWORDS)


def clause_bags(text: str) -> tuple[Counter, list[Counter]]:
    """(the statement's content words, each clause's when it has several).
    jieba never joins words across punctuation, so the statement's words are
    its clauses' words: each clause is segmented once."""
    clauses = [x for x in CLAUSE_END.split(text or "") if x.strip()]
    if len(clauses) < 2:
        return content_words(text), []
    bags = [content_words(x) for x in clauses]
    whole = sum((Counter({w: n for w, n in bag.items() if not w.startswith("≈")}) for bag in bags), Counter())
    whole.update("≈" + name for name in concepts_in(to_simplified(text)))
    return whole, bags


def items(text: str) -> list[tuple[str, Counter]]:
    """The items the statement lists, in order: (the clause as written, its
    content words) for each clause with a content word; [] for a statement of
    fewer than two such clauses (it states one thing). A clause whose words
    only name the topic or a hedge (政府信息公开工作有待进一步加强) is no item."""
    clauses = [x.strip() for x in CLAUSE_END.split(text or "") if x.strip()]
    if len(clauses) < 2:
        return []
    found = [(clause, content_words(clause)) for clause in clauses]
    found = [(clause, bag) for clause, bag in found
             if any(not w.startswith("≈") and not names_topic(w) for w in bag)]
    return found if len(found) >= 2 else []


def idf(bags: list[Counter]) -> dict[str, float]:
    """Smoothed inverse document frequency over the statements being compared:
    a word most candidates share (内容) says less than a rarer one (单一)."""
    df = Counter(w for bag in bags for w in bag)
    n = len(bags)
    return {w: math.log(1 + (n + 1) / (k + 1)) for w, k in df.items()}


def cosine(a: Counter, b: Counter, weights: dict[str, float]) -> float:
    """The IDF-weighted cosine of two word bags (0 when either is empty)."""
    if not a or not b:
        return 0.0
    wa = {w: n * weights.get(w, 1.0) for w, n in a.items()}
    wb = {w: n * weights.get(w, 1.0) for w, n in b.items()}
    dot = sum(v * wb[w] for w, v in wa.items() if w in wb)
    return dot / (math.sqrt(sum(v * v for v in wa.values())) * math.sqrt(sum(v * v for v in wb.values())))


def best_clause(bag: Counter, clauses: list[Counter], weights: dict[str, float]) -> float:
    """The best term cosine of `bag` with one of the `clauses` (0 without)."""
    return max((cosine(bag, clause, weights) for clause in clauses), default=0.0)


def unit(bag: Counter, weights: dict[str, float]) -> dict[str, float]:
    """`bag` weighted by IDF and scaled to length 1 (empty for an empty bag)."""
    weighted = {w: n * weights.get(w, 1.0) for w, n in bag.items()}
    norm = math.sqrt(sum(v * v for v in weighted.values()))
    return {w: v / norm for w, v in weighted.items()} if norm else {}


def item_cosines(mine: list[dict[str, float]], theirs: list[dict[str, float]]) -> list[float]:
    """For each item of the statement (`unit` vectors), its best cosine with one
    of the candidate's clauses (`unit` vectors; its whole text when it has one clause)."""
    return [max((sum(v * part.get(w, 0.0) for w, v in item.items()) for part in theirs), default=0.0)
            for item in mine]
