"""Draw the seeds of bench/judged-dev2 and write its reading sheets.

    python -m bench.judged-dev2.make_pool   (not importable: run as a file)
    python bench/judged-dev2/make_pool.py --index DIR

Seeds: `random.Random(20261207).sample(..., 25)` of the archive's statements
(sorted by id) of at least 8 characters (normalised) that are seeds of neither
bench/judged nor bench/judged-dev, by id or by text (only those files' `seeds.tsv`
are read). Half A is the seeds whose position in the draw is even (e01, e03 …),
half B the odd ones: fixed before any figure was seen.

Pool per seed, the union of the top 10 of three rankings of the same candidates:
(1) the current `similar_to_problem` (with word vectors), (2) lexical only
(no vectors), (3) the candidates' vector cosine alone (without vectors, where the
archive has none: the candidates' BM25 order). Each sheet lists the pooled
statements shuffled (`random.Random(sid)`), naming no ranking.
"""
from __future__ import annotations

import argparse
import csv
import json
import random
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent.parent))

SEED = 20261207
SEEDS = 25
DEPTH = 10


def taken_seeds() -> tuple[set[str], set[str]]:
    from indexer.similar import normalise

    ids, texts = set(), set()
    for name in ("judged", "judged-dev"):
        with open(HERE.parent / name / "seeds.tsv", encoding="utf-8", newline="") as f:
            for row in csv.DictReader(f, delimiter="\t"):
                ids.add(row["problem_id"])
                texts.add(normalise(row["text"]))
    return ids, texts


def draw(archive) -> list:
    from indexer.similar import normalise

    ids, texts = taken_seeds()
    eligible = sorted((p for p in archive.all_problems()
                       if len(normalise(p.text)) >= 8 and p.id not in ids and normalise(p.text) not in texts),
                      key=lambda p: p.id)
    return random.Random(SEED).sample(eligible, SEEDS)


def rankings(archive, problem) -> dict[str, list[str]]:
    from indexer import similar, similar_score
    from indexer.candidates import searched

    vectors = similar.archive_vectors(archive)
    pool = archive.problem_candidates(searched(problem.text, vectors, similar.STOPWORDS), limit=50,
                                      exclude_report=problem.report_id)
    current = [s.id for s in similar.similar_to_problem(archive, problem.id, limit=DEPTH).similar]
    lexical_pool = archive.problem_candidates(searched(problem.text, None, similar.STOPWORDS), limit=50,
                                              exclude_report=problem.report_id)
    lexical = [s.id for s in similar.rank(problem.text, lexical_pool, DEPTH, agency=problem.agency,
                                          year=problem.year, report_id=problem.report_id,
                                          categories=problem.categories)]
    if vectors is not None:
        bags = [similar_score._content_words(c.text) for c in pool]
        mine = similar_score._content_words(problem.text)
        idf = similar_score._idf([mine, *bags])
        cos = [(vectors.similarity(similar_score._weights(mine, idf), similar_score._weights(b, idf)), c.id)
               for c, b in zip(pool, bags)]
        other = [i for _, i in sorted(cos, key=lambda x: (-x[0], x[1]))][:DEPTH]
    else:
        other = [c.id for c in pool][:DEPTH]
    return {"current": current, "lexical": lexical, "other": other}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--index", required=True)
    args = ap.parse_args(argv)
    from indexer.search.archive import Archive

    archive = Archive(args.index)
    seeds = draw(archive)
    with open(HERE / "seeds.tsv", "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, delimiter="\t", lineterminator="\n")
        w.writerow(["sid", "problem_id", "half", "text"])
        for i, p in enumerate(seeds):
            w.writerow([f"e{i + 1:02d}", p.id, "A" if i % 2 == 0 else "B", " ".join(p.text.split())])
    pool = {}
    for i, p in enumerate(seeds):
        sid = f"e{i + 1:02d}"
        runs = rankings(archive, p)
        items = sorted({x for run in runs.values() for x in run})
        random.Random(sid).shuffle(items)
        pool[sid] = runs
        lines = [f"SEED {sid} [{p.id}] {p.agency} {p.year}", f"  {' '.join(p.text.split())}", ""]
        for x in items:
            c = archive.problem(x)
            lines.append(f"[{x}] P: {' '.join(c.text.split())}")
            lines.append(f"    ({c.agency} {c.year})")
        (HERE / "work" / "read" / f"{sid}.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (HERE / "work" / "pool.json").write_text(json.dumps(pool, ensure_ascii=False, indent=1), encoding="utf-8")
    print(f"{len(seeds)} seeds, {sum(len(set(sum(r.values(), []))) for r in pool.values())} pooled items")
    return 0


if __name__ == "__main__":
    sys.exit(main())
