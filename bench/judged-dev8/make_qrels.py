"""e18w's grades for bench/judged-dev8 and -dev8b (in-sample), written by reading all 208 statements of the
dev archive before any code change: per query, the statements stating the need (2) or a
neighbouring / partial one (1), by their number in Archive.all_problems() order; every other
statement, main's top 10s included, is 0 by the same reading. A statement naming five
shortcomings or more is graded at most 1 (judged-dev2/-dev3/-dev5's rule).

    PYTHONPATH=. python bench/judged-dev8/make_qrels.py INDEX [SET]

SET is the set's folder (bench/judged-dev8, the default, or bench/judged-dev8b, whose
grades.py holds its own grades); writes SET/qrels.tsv (grades 1 and 2 only, and 0 for every statement of
work/top10-*.tsv not graded higher).
"""
import csv, glob, sys

SET = sys.argv[2].rstrip("/") if len(sys.argv) > 2 else "bench/judged-dev8"
sys.path.insert(0, SET)
from grades import G  # noqa: E402

if __name__ == "__main__":
    from indexer.search.archive import Archive
    from indexer.search.proximity import shortcomings

    problems = list(Archive(sys.argv[1]).all_problems())
    texts = {p.id: p.text.replace("\n", " ") for p in problems}
    out = {}
    for qid, by_grade in G.items():
        for grade, numbers in by_grade.items():
            for n in numbers:
                g = grade
                doc = problems[n - 1].id
                why = {2: "states the need", 1: "a neighbouring or partial shortcoming"}[g]
                if g == 2 and shortcomings(texts[doc]) > 4:
                    g, why = 1, "one item of a list of five shortcomings or more"
                out[(qid, doc)] = (g, why)
    for f in glob.glob(f"{SET}/work/top10-*.tsv"):
        for qid, _, doc, _ in csv.reader(open(f), delimiter="\t"):
            out.setdefault((qid, doc), (0, "another shortcoming"))
    with open(f"{SET}/qrels.tsv", "w") as f:
        f.write("qid\tdoc_id\tgrade\tnote\n")
        for (qid, doc), (g, why) in sorted(out.items()):
            f.write(f"{qid}\t{doc}\t{g}\te18w: {why}; {texts[doc][:40]}\n")
