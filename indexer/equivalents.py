"""Domain equivalences: words that name the same thing in 存在问题 statements.

平台, 渠道 and 载体 are the same shortcoming in different reports' words, as
are 形式单一 and 不够丰富. The groups live in `indexer/data/equivalents.json`
(curated, with tests), not in code. `concept(word)` names a word's group (the
word itself when it has none); `related(words)` adds every member of the
groups the words belong to, for candidate search. The same file's
`shortcomings` list words stating the same shortcoming of any subject
(不足, 缺乏, 较少); `same_shortcoming(word)` gives them, for search only.
"""
from __future__ import annotations

import functools
import json
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data" / "equivalents.json"


@functools.lru_cache(maxsize=1)
def curated() -> dict:
    """The curated file as read (once): its groups, aspects, shortcomings and the
    search's everyday wordings (`indexer.search.everyday`), each section's readers here
    and in `indexer.problem_pairs`."""
    return json.loads(DATA.read_text(encoding="utf-8"))


@functools.lru_cache(maxsize=1)
def _groups() -> tuple[tuple[str, ...], ...]:
    groups = curated()["groups"]
    return tuple(tuple(g) for g in groups if g)


@functools.lru_cache(maxsize=1)
def _concepts() -> dict[str, str]:
    out: dict[str, str] = {}
    for group in _groups():
        for word in group:
            out.setdefault(word, group[0])
    return out


@functools.lru_cache(maxsize=1)
def _aspects() -> frozenset[frozenset[str]]:
    pairs = curated().get("aspects", [])
    return frozenset(frozenset((a, b)) for group in pairs for a in group for b in group if a != b)


def same_aspect(mine, theirs) -> bool:
    """Whether two statements' problem categories name the same shortcoming:
    they share one, or two of them are listed together as aspects."""
    mine, theirs = set(mine), set(theirs)
    return bool(mine & theirs) or any(frozenset((a, b)) in _aspects() for a in mine for b in theirs)


def concept(word: str) -> str:
    """The name of the group `word` belongs to, or `word` itself."""
    return _concepts().get(word, word)


def related(words) -> list[str]:
    """Every member of the groups `words` belong to (the words themselves first)."""
    out = dict.fromkeys(words)
    named = {concept(w) for w in words}
    for group in _groups():
        if group[0] in named:
            out.update(dict.fromkeys(group))
    return list(out)


@functools.lru_cache(maxsize=1)
def _shortcomings() -> dict[str, tuple[str, ...]]:
    groups = curated().get("shortcomings", [])
    out: dict[str, tuple[str, ...]] = {}
    for group in groups:
        for word in group:
            out.setdefault(word, tuple(group))
    return out


def same_shortcoming(word: str) -> tuple[str, ...]:
    """The curated words stating the same shortcoming as `word` (不足: 缺乏, 缺少,
    较少 …; 低: 偏低, 较低 …), `word`'s group first member first; () when it is none."""
    return _shortcomings().get(word, ())


def concepts_in(text: str) -> set[str]:
    """Groups whose members occur in `text` as written (longer members first)."""
    found = set()
    for group in _groups():
        if any(member in text for member in group):
            found.add(group[0])
    return found
