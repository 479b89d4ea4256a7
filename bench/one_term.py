"""What one-term queries find on the 问题 tab: statements matched exactly and best-matched.

    python -m bench.one_term --index DIR [QUERY ...]

For each query typed as one term (no space): its jieba content words, whether
it seeks problems (`bestmatch.problem_lift`), and how many problem statements
the 问题 tab lists (`kind=problem`), exact hits and best matches (`match:
words`), beside the hits over all kinds, exact and best-matched. Without queries: the dev sets'
one-term queries (bench/judged-dev, bench/judged-dev2; never bench/judged) and
`TYPICAL`. Measures the code first on the path, so another checkout's code can
be run on the same index:

    PYTHONPATH=/path/to/old python /path/to/this/bench/one_term.py --index DIR
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.append(str(HERE.parent))  # after PYTHONPATH: another checkout's code can be measured
from bench.ranking_eval import read_tsv  # noqa: E402

SETS = (HERE / "judged-dev", HERE / "judged-dev2")
#: Shortcomings a researcher types as one term (chosen by hand, twelfth session, e18m): the
#: issue's and the brief's (人员不足, 保密审查, 更新不及时, 渠道单一) and the kinds of the dev
#: sets' problem-seeking needs written as one term, then curated members typed alone.
TYPICAL = ("人员不足", "保密审查", "更新不及时", "渠道单一", "力量薄弱", "人手不足", "时效性差", "流动性大",
           "渠道不畅", "形式单一", "内容单一", "宣传不到位", "培训不足", "解读不够", "重视不够", "公开不及时",
           "监督不到位", "回应不及时", "不够规范", "经费不足", "信息量偏少", "积极性不高",
           "单一", "滞后", "时效性", "兼职")


def one_term_queries(sets) -> list[str]:
    """The judged sets' queries typed as one term (no space)."""
    return [q["query"] for folder in sets for q in read_tsv(Path(folder) / "queries.tsv")
            if len(q["query"].split()) == 1]


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--index", required=True)
    ap.add_argument("queries", nargs="*")
    args = ap.parse_args(argv)
    from indexer.search import bestmatch
    from indexer.search.archive import Archive
    from indexer.search.query import needles, parse_query
    from indexer.search.passages import seeks_problems

    archive = Archive(args.index)
    table = archive._state().table
    texts = args.queries or list(dict.fromkeys(one_term_queries(SETS) + list(TYPICAL)))
    print(f"{'query':14} {'content words':22} {'seeks':>5} {'问题 exact':>10} {'问题 words':>10} "
          f"{'all exact':>9} {'all words':>9}")
    for text in texts:
        wanted = needles(parse_query(text))
        words = bestmatch.content_words(wanted)
        lift = max(bestmatch.problem_lift(table, wanted), bestmatch.words_lift(table, words) if words else 0.0)
        statements = archive.search(text, kind="problem", per_page=1, facets=False, highlight=False)
        everything = archive.search(text, per_page=1, facets=False, highlight=False)
        print(f"{text:14} {' '.join(words):22} {'yes' if seeks_problems(lift) else 'no':>5} "
              f"{statements.exact_total:>10} {statements.total - statements.exact_total:>10} {everything.exact_total:>9} "
              f"{everything.total - everything.exact_total:>9}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
