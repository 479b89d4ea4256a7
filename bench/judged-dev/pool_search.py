"""Pool the development search queries (d106-) from five rankings and write
reading sheets, as bench/judged-dev/README.md ("Search extension") describes.

    python -m bench.judged-dev.pool_search  # not importable (dash): run as a file
    python bench/judged-dev/pool_search.py --index DIR [--from d106]

Writes work/pool_search.json ({qid: {doc_id: [rankings]}}) and
work/read/qNNN.txt: each pooled item once, shuffled (seed 20261206), with
the statement text or the report passage its hit shows. No ranking is named
on the sheet.
"""
from __future__ import annotations

import argparse
import csv
import html
import json
import random
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent.parent))

TAG = re.compile(r"<[^>]+>")


def rankings(archive, query: str, depth: int = 10) -> dict[str, list[int]]:
    """{ranking name: top `depth` document numbers} for one query."""
    from indexer.search.bestmatch import content_words, word_matches
    from indexer.search.query import needles, parse_query
    from indexer.search.bm25 import scores, top
    from indexer.search.exactscores import exact_scores
    from indexer.search.ranking import best_statements
    from indexer.search.schema import TEXT_FIELDS

    state = archive._state()
    table = state.table
    parsed = parse_query(query)
    wanted = needles(parsed)
    words = content_words(wanted)
    ids = {}
    out: dict[str, list[int]] = {}
    for kind, name in ((None, "current"), ("problem", "current-problem")):
        hits = archive.search(query, kind=kind, per_page=depth, facets=False, highlight=False).hits
        out[name] = [state.searcher.document_number(id=h.id, kind=h.kind) for h in hits]
    exact = table.match(parsed, None)
    out["exact"] = [d for d, _ in top(exact_scores(table, wanted), exact, depth, table.id_order)]
    terms = [(f, w) for w in words for f in TEXT_FIELDS]
    out["words"] = [d for d, _ in top(scores(table, terms), word_matches(table, words, TEXT_FIELDS) | exact,
                                      depth, table.id_order)]
    out["statements"] = [d for d, _ in best_statements(table, words, depth)]
    return out


def passage(archive, docnum: int, query: str) -> tuple[str, str]:
    """(doc id, the text the assessor reads) for a pooled document."""
    from indexer.search.bestmatch import content_words
    from indexer.search.exact import needle
    from indexer.search.query import needles, parse_query

    state = archive._state()
    stored = state.searcher.stored_fields(docnum)
    head = f"{stored.get('agency', '')} {stored.get('year', '')}"
    if stored["kind"] == "problem":
        return stored["id"], f"P: {stored['problem_data']['text']}  ({head})"
    wanted = needles(parse_query(query))
    hit = archive._hit(state, docnum, 0.0, wanted, None, True)
    if not TAG.search(hit.snippet):  # no exact occurrence: show the words
        hit = archive._hit(state, docnum, 0.0, [needle(w) for w in content_words(wanted)], None, True)
    text = html.unescape(TAG.sub("", hit.snippet)).replace("\n", " ")
    return stored["id"], f"R[{hit.section_title or '—'}]: {text}  ({head})"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--index", required=True)
    ap.add_argument("--from", dest="first", default="d106")
    args = ap.parse_args(argv)
    from indexer.search.archive import Archive

    archive = Archive(args.index)
    with open(HERE / "queries.tsv", encoding="utf-8", newline="") as f:
        queries = [q for q in csv.DictReader(f, delimiter="\t") if q["qid"] >= args.first]
    (HERE / "work" / "read").mkdir(parents=True, exist_ok=True)
    pool_path = HERE / "work" / "pool_search.json"
    pool = json.loads(pool_path.read_text(encoding="utf-8")) if pool_path.is_file() else {}
    for q in queries:
        runs = rankings(archive, q["query"])
        docs: dict[int, list[str]] = {}
        for name, ranked in runs.items():
            for d in ranked:
                docs.setdefault(d, []).append(name)
        items = [(passage(archive, d, q["query"]), names) for d, names in docs.items()]
        pool[q["qid"]] = {doc_id: names for (doc_id, _), names in items}
        random.Random(20261206).shuffle(items)
        lines = [f"# {q['qid']} {q['query']} | need: {q['need']} | scope: {q['scope']}"]
        lines += [f"[{doc_id}] {text}" for (doc_id, text), _ in items]
        (HERE / "work" / "read" / f"q{q['qid'][1:]}.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
        print(q["qid"], q["query"], len(items))
    pool_path.write_text(json.dumps(pool, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
