"""A small learned classifier beside the cue taxonomy (indexer.categories).

Cues miss phrasing without cue words (公开面还不够广, 信息采集数量不够多), which
then fell back to `other`. This model is one logistic regression per category
over character 1–2-grams (tf-idf), trained on the hand-labelled statements
shipped in `indexer/data/category_training.jsonl` (real statements from the
spent bench sets, labelled by category; none of the held-out sets). It is
trained once per process on first use, in well under a second; nothing is
downloaded or pickled, so the model is exactly what the data file says.

A category is predicted when its probability reaches `THRESHOLD`; the
classifier takes the union of these and the cue matches, and `other` only when
neither finds anything.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from indexer.errors import NianbaoError

TRAINING_PATH = Path(__file__).resolve().parent / "data" / "category_training.jsonl"
#: Probability from which a category is predicted (chosen by 5-fold
#: cross-validation on the training statements: union micro-F1 0.855).
THRESHOLD = 0.6
#: Inverse regularisation strength of each logistic regression.
C = 30.0


class ModelError(NianbaoError):
    """The training file is missing or malformed."""


@dataclass
class CategoryModel:
    """Per-category logistic regressions over one shared vectoriser."""

    categories: list[str]
    vectorizer: object
    models: dict[str, object]

    def probabilities(self, text: str) -> dict[str, float]:
        """{category id: probability} for one statement."""
        features = self.vectorizer.transform([text or ""])
        return {cid: float(model.predict_proba(features)[0, 1]) for cid, model in self.models.items()}

    def predict(self, text: str, threshold: float = THRESHOLD) -> list[tuple[str, float]]:
        """(category id, probability) of every category at or above `threshold`."""
        return [(cid, p) for cid, p in self.probabilities(text).items() if p >= threshold]


def load_training(path: str | Path | None = None) -> list[tuple[str, list[str]]]:
    """(text, categories) pairs of a JSON-lines file with `text` and
    `categories` (or `labels`). Raises ModelError on a missing file or bad line."""
    path = Path(path) if path else TRAINING_PATH
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise ModelError(f"cannot read training statements {path}: {exc.strerror or exc}") from exc
    rows = []
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            labels = row.get("categories", row.get("labels"))
            if not isinstance(row["text"], str) or not isinstance(labels, list):
                raise TypeError("text must be a string and categories a list")
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            raise ModelError(f"{path}:{number}: not a labelled statement ({exc!r})") from exc
        rows.append((row["text"], [str(x) for x in labels]))
    return rows


def train(rows: list[tuple[str, list[str]]], categories: list[str]) -> CategoryModel:
    """Fit one regression per category that has both positive and negative
    examples in `rows`; the others are never predicted."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    texts = [text for text, _ in rows]
    vectorizer = TfidfVectorizer(analyzer="char", ngram_range=(1, 2), sublinear_tf=True)
    features = vectorizer.fit_transform(texts)
    models = {}
    for cid in categories:
        y = [cid in labels for _, labels in rows]
        if any(y) and not all(y):
            models[cid] = LogisticRegression(C=C, max_iter=2000, class_weight="balanced").fit(features, y)
    return CategoryModel(list(categories), vectorizer, models)


@lru_cache(maxsize=1)
def default_model() -> CategoryModel:
    """The model trained on the packaged statements (once per process)."""
    from indexer.categories import CATEGORY_IDS, OTHER

    return train(load_training(), [c for c in CATEGORY_IDS if c != OTHER])
