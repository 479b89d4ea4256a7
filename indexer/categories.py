"""Problem categories: an editable taxonomy, a multi-label cue classifier and,
beside it, a small model learned from labelled statements (category_model).

The taxonomy is data (`indexer/data/categories.json`): each category has cue
phrases with weights. A statement gets every category whose matched cue
weights reach the threshold, and each match names the cues that fired, so a
reader can see why. Matching is plain substring search on the simplified
text, which keeps it explainable and independent of word segmentation.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Iterable

from indexer import category_model
from indexer.category_model import (  # noqa: F401  (LabelledStatement re-exported)
    CategoryModel, LabelledStatement, ModelError, default_model, read_labelled,
)
from indexer.errors import NianbaoError

TAXONOMY_PATH = Path(__file__).resolve().parent / "data" / "categories.json"
#: The labelled statements the classifier is evaluated on (see tests/data).
LABELS_PATH = Path(__file__).resolve().parent.parent / "tests" / "data" / "problem_labels.jsonl"
CATEGORY_IDS = (
    "mechanism", "coverage", "timeliness", "channels", "quality", "interpretation",
    "on_request", "staffing", "training", "supervision", "platform", "publicity", "other",
)
OTHER = "other"
_HAN = re.compile(r"[\u4e00-\u9fff]")
#: What a "…" in a cue may span: a few characters, but never across a clause.
_GAP = r"[^，。；;,.、：:！!？?\n]{0,8}"


class TaxonomyError(NianbaoError):
    """The taxonomy or labelled-statement file is missing or malformed."""


@dataclass
class Cue:
    text: str  # as written in the taxonomy; "…" marks a short gap
    weight: float = 1.0


@dataclass
class Category:
    id: str
    name: str
    description: str = ""
    cues: list[Cue] = field(default_factory=list)
    threshold: float | None = None  # None: the taxonomy's threshold


@dataclass
class Taxonomy:
    categories: list[Category]
    threshold: float = 1.0

    def __iter__(self):
        return iter(self.categories)

    def get(self, category_id: str) -> Category | None:
        return next((c for c in self.categories if c.id == category_id), None)


@dataclass
class CategoryMatch:
    id: str
    name: str
    cues: list[str] = field(default_factory=list)
    score: float = 0.0


def load_taxonomy(path: str | Path | None = None) -> Taxonomy:
    """Read a taxonomy file (default: the packaged categories.json).

    The result iterates over `Category` records in file order. Raises
    TaxonomyError when the file is missing, not JSON, or lacks the `other`
    category or a category id/name.
    """
    path = Path(path) if path else TAXONOMY_PATH
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise TaxonomyError(f"cannot read taxonomy {path}: {exc.strerror or exc}") from exc
    except ValueError as exc:
        raise TaxonomyError(f"taxonomy {path} is not valid JSON: {exc}") from exc
    try:
        categories = [
            Category(
                id=str(c["id"]),
                name=str(c["name"]),
                description=str(c.get("description", "")),
                cues=[Cue(str(q["text"]), float(q.get("weight", 1.0))) for q in c.get("cues", [])],
                threshold=float(c["threshold"]) if c.get("threshold") is not None else None,
            )
            for c in doc["categories"]
        ]
        threshold = float(doc.get("threshold", 1.0))
    except (KeyError, TypeError, ValueError) as exc:
        raise TaxonomyError(f"taxonomy {path} is malformed: {exc!r}") from exc
    if not any(c.id == OTHER for c in categories):
        raise TaxonomyError(f"taxonomy {path} has no '{OTHER}' category")
    return Taxonomy(categories, threshold)


@lru_cache(maxsize=1)
def default_taxonomy() -> Taxonomy:
    return load_taxonomy()


@lru_cache(maxsize=1)
def _t2s():
    import opencc  # dictionaries load on construction: once per process

    return opencc.OpenCC("t2s")


@lru_cache(maxsize=4096)
def _cue_pattern(text: str) -> re.Pattern:
    return re.compile(_GAP.join(re.escape(part) for part in text.split("…") if part))


@lru_cache(maxsize=4096)
def _cue_parts(text: str) -> tuple[str, ...]:
    """The literal pieces of a cue, between its "…" gaps."""
    return tuple(part for part in text.split("…") if part)


def _simplified(text: str) -> str:
    # the model's reading (pinyin glosses, radicals, script folded), and t2s
    # on top, as the cues have always been matched on simplified text
    return _t2s().convert(category_model.prepared(text))


#: id(category) -> (the category, its cue list, its length, `_ordered_cues`): a
#: taxonomy's categories live as long as the process (`default_taxonomy`).
_ORDERED_CUES: dict[int, tuple] = {}


def _ordered_cues(category: Category) -> tuple[tuple[Cue, tuple[str, ...]], ...]:
    """The category's cues in the order `_score` tries them (longest first,
    negatives before positives of the same length), each with its literal
    parts; made once per category, not once per statement."""
    made = _ORDERED_CUES.get(id(category))
    if made is None or made[0] is not category or made[1] is not category.cues or made[2] != len(category.cues):
        order = sorted(category.cues, key=lambda q: (-len(q.text.replace("…", "")), q.weight))
        made = (category, category.cues, len(category.cues), tuple((cue, _cue_parts(cue.text)) for cue in order))
        if len(_ORDERED_CUES) >= 1024:  # taxonomies made anew (tests, cross-validation): bounded
            _ORDERED_CUES.clear()
        _ORDERED_CUES[id(category)] = made
    return made[3]


def _score(category: Category, text: str) -> tuple[float, list[str]]:
    """Sum of the weights of cues found in `text`, and the positive cues found.

    Longer cues claim their characters first (negatives before positives of
    the same length), so "更新不及时" is not counted again as "及时" and a
    negative phrase like "规范性文件" hides the "规范" inside it.
    """
    claimed: list[tuple[int, int]] = []
    score, found, seen = 0.0, [], set()
    for cue, parts in _ordered_cues(category):
        if not parts or cue.text in seen:
            continue
        if parts[0] not in text or (len(parts) > 1 and not all(part in text for part in parts)):
            continue  # a plain substring test rules out most cues before any regex runs
        for m in _cue_pattern(cue.text).finditer(text):
            if any(m.start() < end and start < m.end() for start, end in claimed):
                continue
            claimed.append(m.span())  # every occurrence, so a negative hides them all
            if cue.text not in seen:
                seen.add(cue.text)
                score += cue.weight
                if cue.weight > 0:
                    found.append(cue.text)
    return score, found


def classify(text: str, taxonomy: Taxonomy | None = None, learned: bool = True,
             model: CategoryModel | None = None) -> list[CategoryMatch]:
    """Categories of one problem statement, in taxonomy order; never empty.

    A category is given when its cues reach the threshold and the model does
    not rule it out (probability below `category_model.CUE_FLOOR`; the match lists
    the cues that fired) or, with `learned`, when the model trained on the
    labelled statements (indexer.category_model) predicts it (a match with
    no cues; its score is the model's probability). When neither finds any
    category, the model's likeliest one is given if its probability reaches
    `category_model.FALLBACK`; else the result is the single `other` match
    with no cues. `model`
    replaces the packaged model (cross-validation fits one per fold).
    """
    taxonomy = taxonomy or default_taxonomy()
    simple = _simplified(text)
    # the model reads wording; a few characters (or none) carry too little of it
    wording = learned and len(_HAN.findall(simple)) >= 4
    probabilities = (model or default_model()).probabilities(simple) if wording else {}
    predicted = {cid: p for cid, p in probabilities.items() if p >= category_model.THRESHOLD}
    matches = []
    for category in taxonomy:
        if category.id == OTHER:
            continue
        score, cues = _score(category, simple)
        limit = category.threshold if category.threshold is not None else taxonomy.threshold
        if cues and score >= limit and probabilities.get(category.id, 1.0) >= category_model.CUE_FLOOR:
            matches.append(CategoryMatch(category.id, category.name, cues, round(score, 2)))
        elif category.id in predicted:
            matches.append(CategoryMatch(category.id, category.name, [], round(predicted[category.id], 2)))
    if not matches and probabilities:
        # `other` only where no category fits: phrasing without cue words
        # still gets the model's likeliest category when it is likely enough
        best = max(probabilities, key=probabilities.get)
        category = taxonomy.get(best)
        if category and probabilities[best] >= category_model.FALLBACK:
            matches.append(CategoryMatch(best, category.name, [], round(probabilities[best], 2)))
    if not matches:
        other = taxonomy.get(OTHER)
        matches.append(CategoryMatch(OTHER, other.name if other else "其他", []))
    return matches


def category_ids(text: str, taxonomy: Taxonomy | None = None, learned: bool = True,
                 model: CategoryModel | None = None) -> list[str]:
    """Just the ids of `classify(text)`."""
    return [m.id for m in classify(text, taxonomy, learned, model)]


# --- evaluation on labelled statements -------------------------------------


@dataclass
class CategoryScore:
    id: str
    name: str
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def support(self) -> int:
        return self.tp + self.fn

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Evaluation:
    split: str
    statements: int
    categories: list[CategoryScore]
    #: (statement, predicted ids) for every statement the classifier got wrong
    errors: list[tuple[LabelledStatement, list[str]]] = field(default_factory=list)

    @property
    def micro(self) -> CategoryScore:
        total = CategoryScore("micro", "micro")
        for c in self.categories:
            total.tp, total.fp, total.fn = total.tp + c.tp, total.fp + c.fp, total.fn + c.fn
        return total

    @property
    def exact_match(self) -> float:
        return 1 - len(self.errors) / self.statements if self.statements else 0.0


def load_labelled(path: str | Path | None = None) -> list[LabelledStatement]:
    """Read labelled statements (JSON lines: id, text, labels, split, source;
    see indexer.category_model.read_labelled), by default the packaged file.

    Raises TaxonomyError for a missing file, a bad line, or an unknown split.
    """
    try:
        return read_labelled(Path(path) if path else LABELS_PATH)
    except ModelError as exc:
        raise TaxonomyError(str(exc)) from exc


def evaluate(statements: Iterable[LabelledStatement], taxonomy: Taxonomy | None = None,
             split: str = "all", learned: bool = True, model: CategoryModel | None = None) -> Evaluation:
    """Per-category true/false positives and misses of `classify` against the
    hand labels of the statements in `split` ("dev", "held-out" or "all");
    `learned=False` scores the cues alone."""
    taxonomy = taxonomy or default_taxonomy()
    scores = {c.id: CategoryScore(c.id, c.name) for c in taxonomy}
    chosen = [s for s in statements if split == "all" or s.split == split]
    errors = []
    for statement in chosen:
        predicted = category_ids(statement.text, taxonomy, learned, model)
        gold = set(statement.labels)
        for cid in set(predicted) | gold:
            score = scores.setdefault(cid, CategoryScore(cid, cid))
            if cid in gold and cid in predicted:
                score.tp += 1
            elif cid in predicted:
                score.fp += 1
            else:
                score.fn += 1
        if set(predicted) != gold:
            errors.append((statement, predicted))
    return Evaluation(split, len(chosen), list(scores.values()), errors)
