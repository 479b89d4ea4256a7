"""The 问题 tab's top 10 of each judged-dev8b query, as read for grading (qid, rank, id, match).

    PYTHONPATH=. python bench/judged-dev8b/top10.py INDEX > bench/judged-dev8b/work/top10-NAME.tsv
"""
import csv, sys
from indexer.search.archive import Archive

archive = Archive(sys.argv[1])
for q in csv.DictReader(open("bench/judged-dev8b/queries.tsv"), delimiter="\t"):
    result = archive.search(q["query"], kind="problem", per_page=10, facets=False, highlight=False)
    for rank, hit in enumerate(result.hits, 1):
        print(q["qid"], rank, hit.id, getattr(hit, "match", ""), sep="\t")
