"""The organ-name model (indexer.parser.organ_choice): its training data,
its cross-validation grouped by source set, and its fit.

    python -m bench.organ_names cv  [--c 1.0] [--thresholds 0.3,0.5]
    python -m bench.organ_names fit [--c 1.0] [--threshold 0.5]

Training data are the labelled openings of the development sets (every
bench/*/GOLD.tsv in TRAINING_SETS whose `agency` is judged): a text whose
title names an organ keeps the rules' title name and is not the model's
business; for every other text each candidate (organ_choice.candidates) is
an example, positive when its finished name (organ_choice.finished) or the
name itself is the gold organ (parser_eval.same_organ). A gold that names
no organ makes every candidate negative.

`cv` holds out one source set at a time (so a set's collector, sources and
organs are never both trained on and scored; texts of the held set's organs
in other sets are left out of training too), fits on the rest, and picks
per held-out text the likeliest candidate (none below the threshold). It
prints, over the texts without a title name, the rules' first proposal
against the model, and over all texts the organ accuracy each gives
(parse level: without the build's identity step). `fit` trains on every
set and writes indexer/data/organ_model.json. Reads only bench/ files.
"""
from __future__ import annotations

import argparse
import csv
import hashlib
import json
import sys
from dataclasses import dataclass
from pathlib import Path

from bench.parser_eval import organ_key, same_organ
from indexer.corpus import load_file
from indexer.errors import NianbaoError
from indexer.parser import agency as organs
from indexer.parser import metadata, organ_choice, own_name
from indexer.parser.normalize import normalize_text
from indexer.parser.sections import split_sections

BENCH = Path(__file__).resolve().parent
#: development sets with an organ gold (never a held-out set under /work/heldout)
TRAINING_SETS = ("places1", "places2", "places3", "dev3", "dev4", "dev5", "dev6", "whole1", "whole2", "whole3",
                 "problems1", "problems2", "problems3", "problems4", "problems5", "problems6", "problems7",
                 "unseen", "unseen2", "unseen3", "unseen4", "unseen5", "unseen6", "unseen7", "unseen8", "unseen9",
                 "unseen10", "unseen11", "unseen12", "unseen13")


#: chosen by `cv` (see bench/README, issue 11): inverse regularisation, the
#: probability a candidate needs when no rule proposes a name, and how much
#: likelier than the rules' choice another candidate must be to replace it
C, THRESHOLD, MARGIN = 1.0, 0.2, 0.3


@dataclass
class Text:
    """One labelled opening, as organ_choice sees it."""

    set: str
    file: str
    golds: list[str]  # [] when the gold names no organ
    title_name: str  # the rules' title name ('' when none)
    rule_name: str  # the rules' first proposal, finished
    candidates: list[tuple[dict, bool, str]]  # (features, is the organ, finished name)


def _gold_rows(folder: Path) -> list[dict]:
    with open(folder / "GOLD.tsv", encoding="utf-8-sig") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))
    return [r for r in rows if (r.get("file") or "").strip() and (r.get("agency") or "").strip() != "?"]


def gold_digest(sets: tuple[str, ...] = TRAINING_SETS) -> str:
    """A digest of the organ gold the model is fitted on (set, file, agency,
    agency_also of every judged row): the shipped model records it, and a
    test sees when the gold has changed since the last fit."""
    rows = [f"{name}/{r['file'].strip()}\t{(r.get('agency') or '').strip()}\t{(r.get('agency_also') or '').strip()}"
            for name in sets for r in _gold_rows(BENCH / name)]
    return hashlib.sha256("\n".join(rows).encode("utf-8")).hexdigest()


def collect(sets: tuple[str, ...] = TRAINING_SETS) -> list[Text]:
    texts = []
    for name in sets:
        folder = BENCH / name
        for row in _gold_rows(folder):
            try:
                _, document = load_file(folder / row["file"].strip(), source=row["file"].strip())
            except (NianbaoError, OSError):
                continue
            gold = (row.get("agency") or "").strip()
            also = [a.strip() for a in (row.get("agency_also") or "").split(" | ") if a.strip()]
            texts.append(text_of(name, row["file"].strip(), document.text, [gold] + also if gold else []))
    return texts


def inputs(text: str) -> tuple[str, str, str, str]:
    """(title, clean, body, signer) as parse_report computes them."""
    clean = normalize_text(text)
    body, signer, _ = organs.split_signature(clean)
    preamble, sections = split_sections(body)
    return metadata.find_title(preamble if sections else body), clean, body, signer


def text_of(set_name: str, file: str, raw: str, golds: list[str]) -> Text:
    title, clean, body, signer = inputs(raw)
    title_name = organ_choice.cleaned(organ_choice.RULES[0][1](title, clean, body, signer))
    if not (organs.is_organ_name(organs.full_width_brackets(title_name))
            and not own_name.contradicts_self(organs.with_government(title_name), body)):
        title_name = ""
    if title_name:
        return Text(set_name, file, golds, organ_choice.finished(title_name, 0, clean), "", [])
    found = organ_choice.candidates(title, clean, body, signer)
    first = next((c for c in found if c.rules), None)
    rule_name = organ_choice.finished(first.name, first.rules[0], clean) if first else ""
    word = organ_choice.self_word(body)
    rows = []
    for cand in found:
        if cand.rules:
            done = organ_choice.finished(cand.name, cand.rules[0], clean)
        else:  # as choose() gives a span: a place alone as its government
            done = organ_choice.finished(organs.with_government(cand.name), -1, clean)
        right = bool(golds) and (same_organ(done, golds) or same_organ(cand.name, golds))
        rows.append((organ_choice.features(cand, clean, body, found, word), right, done))
    return Text(set_name, file, golds, "", rule_name, rows)


def _right(name: str, golds: list[str]) -> bool:
    return (not name) if not golds else same_organ(name, golds)


def train(texts: list[Text], c: float):
    """A fitted (DictVectorizer, LogisticRegression) over the candidates of `texts`."""
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    feats = [f for t in texts for f, _, _ in t.candidates]
    labels = [y for t in texts for _, y, _ in t.candidates]
    vectorizer = DictVectorizer()
    x = vectorizer.fit_transform(feats)
    classifier = LogisticRegression(C=c, max_iter=2000, fit_intercept=False)
    classifier.fit(x, labels)
    return vectorizer, classifier


def as_model(vectorizer, classifier, threshold: float, margin: float) -> organ_choice.OrganModel:
    weights = {name: round(float(w), 6) for name, w in zip(vectorizer.get_feature_names_out(), classifier.coef_[0])
               if abs(w) > 1e-6}
    return organ_choice.OrganModel(weights, threshold, margin)


def pick(text: Text, model: organ_choice.OrganModel) -> str:
    """The name organ_choice.choose gives a title-less text ('' for none)."""
    if text.title_name:
        return text.title_name
    scored = [(model.probability(f), done) for f, _, done in text.candidates]
    if not scored:
        return ""
    p, done = max(scored, key=lambda s: s[0])
    if text.rule_name:
        rule_p = max((q for q, d in scored if d == text.rule_name), default=0.0)
        return done if p - rule_p > model.margin else text.rule_name
    return done if p >= model.threshold else ""


def cross_validate(texts: list[Text], c: float, settings: list[tuple[float, float]], show: tuple[str, ...] = ()) -> dict:
    """Leave-one-set-out: {(threshold, margin): right} over the texts without a title name,
    with the rules' first proposal under the key 'rules'; printed too."""
    sets = sorted({t.set for t in texts})
    right: dict = {s: 0 for s in settings}
    right["rules"] = 0
    per_set: dict = {}
    open_texts = [t for t in texts if not t.title_name]
    for held in sets:
        scored = [t for t in open_texts if t.set == held]
        # grouped by set and by organ: no text of the held set's organs is trained on,
        # whatever set holds it (平潭综合实验区 is in whole1, whole2 and whole3)
        organs_held = {organ_key(g) for t in texts if t.set == held for g in t.golds[:1]}
        trained = [t for t in texts if t.set != held and t.candidates
                   and not any(organ_key(g) in organs_held for g in t.golds[:1])]
        if not scored:
            continue
        vectorizer, classifier = train(trained, c)
        for setting in settings:
            model = as_model(vectorizer, classifier, *setting)
            k = sum(_right(pick(t, model), t.golds) for t in scored)
            right[setting] += k
            per_set[held, setting] = k
        k = sum(_right(t.rule_name, t.golds) for t in scored)
        right["rules"] += k
        per_set[held, "rules"] = (k, len(scored))
    titled = [t for t in texts if t.title_name]
    title_right = sum(_right(t.title_name, t.golds) for t in titled)
    n, m = len(open_texts), len(texts)
    print(f"{m} labelled texts from {len(sets)} sets; {len(titled)} keep their title's name "
          f"({title_right} right), {n} are the model's (leave-one-set-out, grouped by organ too, C={c})")
    print(f"  rules' first proposal: {right['rules']}/{n} = {right['rules'] / n:.3f}; all texts "
          f"{title_right + right['rules']}/{m} = {(title_right + right['rules']) / m:.3f}")
    for setting in settings:
        k = right[setting]
        print(f"  model, threshold {setting[0]} margin {setting[1]}: {k}/{n} = {k / n:.3f}; all texts "
              f"{title_right + k}/{m} = {(title_right + k) / m:.3f}; "
              + " ".join(f"{s} {per_set[s, setting]}" for s in show if (s, setting) in per_set))
    for s in show:
        if (s, "rules") in per_set:
            print(f"  {s}: rules {per_set[s, 'rules'][0]}/{per_set[s, 'rules'][1]}")
    return right


def fit(texts: list[Text], c: float, threshold: float, margin: float) -> dict:
    vectorizer, classifier = train([t for t in texts if t.candidates], c)
    model = as_model(vectorizer, classifier, threshold, margin)
    digest = gold_digest()
    return {"about": "indexer.parser.organ_choice's model: logistic regression weights over candidate features, "
                     "fitted by `python -m bench.organ_names fit` on the labelled openings of the development sets",
            "sets": sorted({t.set for t in texts}), "texts": len(texts), "gold_sha256": digest, "C": c,
            "threshold": threshold, "margin": margin, "weights": dict(sorted(model.weights.items()))}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("command", choices=("cv", "fit"))
    ap.add_argument("--c", type=float, default=C)
    ap.add_argument("--thresholds", default="0.2,0.3,0.4")
    ap.add_argument("--margins", default="0.2,0.3,0.5,1")
    ap.add_argument("--threshold", type=float, default=THRESHOLD)
    ap.add_argument("--margin", type=float, default=MARGIN)
    args = ap.parse_args(argv)
    texts = collect()
    if args.command == "cv":
        settings = [(float(t), float(m)) for t in args.thresholds.split(",") for m in args.margins.split(",")]
        cross_validate(texts, args.c, settings, show=("places1", "places2", "places3"))
        return 0
    data = fit(texts, args.c, args.threshold, args.margin)
    organ_choice.MODEL_PATH.write_text(json.dumps(data, ensure_ascii=False, indent=0) + "\n", encoding="utf-8")
    print(f"wrote {organ_choice.MODEL_PATH} ({len(data['weights'])} weights, {data['texts']} texts)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
