"""The 问题 tab's top 10 of each query of a development set, as read for grading (qid, rank, id, match).

    PYTHONPATH=. python bench/judged-dev5/top10.py INDEX [SET] > SET/work/top10-NAME.tsv

SET is the set's folder: bench/judged-dev5 (the default), bench/judged-dev8 or bench/judged-dev8b.
"""
import csv, sys
from indexer.search.archive import Archive

archive = Archive(sys.argv[1])
folder = sys.argv[2].rstrip("/") if len(sys.argv) > 2 else "bench/judged-dev5"
for q in csv.DictReader(open(f"{folder}/queries.tsv"), delimiter="\t"):
    result = archive.search(q["query"], kind="problem", per_page=10, facets=False, highlight=False)
    for rank, hit in enumerate(result.hits, 1):
        print(q["qid"], rank, hit.id, getattr(hit, "match", ""), sep="\t")
