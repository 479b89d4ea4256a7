"""The pool of judged-dev11: main's top 10 on the 问题 tab and over all kinds, plus a plain
text scan (statements holding the scan words, or for a general query the reports holding them).

    PYTHONPATH=. python bench/judged-dev11/pool.py INDEX > bench/judged-dev11/work/pool.tsv

Prints qid, doc id, where it came from, and the text read: the statement, or the hit's snippet
(a report's passage), or for a scanned report the 120 characters around the first scan word.
"""
import csv, re, sys
from indexer.search.archive import Archive

#: plain text scan: a statement (or for a general query a report) holding all words of one pattern
SCAN = {
    "z01": ["解读.{0,12}(质量|深度|不够|不深|不足|不到位|效果)"], "z02": ["(公开|发布|更新).{0,6}(不及时|滞后|不够及时)"],
    "z03": ["(不全面|不完整|不够全面|不全)"], "z04": ["宣传.{0,8}(不到位|不够|不足|力度)"],
    "z05": ["(制度|机制).{0,6}(不完善|不健全|不够完善|不够健全)"], "z06": ["(变动|流动|更换|调整).{0,6}频繁", "业务.{0,4}(不熟|不精|不强|不高)"],
    "z07": ["(差距|期待|期望|需求)"], "z08": ["回应.{0,10}(不及时|不够|不足|滞后|有待)"],
    "z09": ["(查找|查询|获取|检索).{0,8}(不便|困难|不方便|难)", "便民"], "z10": ["(专业|业务).{0,6}(不高|不足|不强|欠缺|缺乏|有待)"],
    "z11": ["(考核|监督|问责).{0,8}(不严|不到位|不够|不足|乏力|不力|有待)"], "z12": ["(答复|办理).{0,8}(不规范|规范性)"],
    "z13": ["(公开栏|公示栏|栏目).{0,10}(更新|不及时|滞后)"],
    "z14": ["政务新媒体"], "z15": ["行政复议.{0,40}纠正"], "z16": ["答复期限"], "z17": ["败诉"],
    "z18": ["集约化"], "z19": ["政务公开专区"], "z20": ["公共企事业单位"], "z21": ["一图读懂"],
    "z22": ["12345"], "z23": ["标准化规范化"], "z24": ["预公开"], "z25": ["延期答复"], "z26": ["政务公开.{0,10}培训|培训.{0,10}政务公开"],
}


def main(index):
    archive = Archive(index)
    texts = {p.id: p.text for p in archive.all_problems()}
    for q in csv.DictReader(open("bench/judged-dev11/queries.tsv"), delimiter="\t"):
        seen = {}
        for kind, tag in (("problem", "tab"), (None, "all")):
            res = archive.search(q["query"], kind=kind, per_page=10, facets=False, highlight=True)
            for rank, hit in enumerate(res.hits, 1):
                d = {"snippet": getattr(hit, "snippet", "")}
                text = texts.get(hit.id) or d.get("snippet") or ""
                seen.setdefault(hit.id, [set(), text])[0].add(f"{tag}{rank}")
        if q["scope"] == "problem":
            for pid, text in texts.items():
                if any(re.search(p, text) for p in SCAN[q["qid"]]):
                    seen.setdefault(pid, [set(), text])[0].add("scan")
        for doc, (where, text) in sorted(seen.items()):
            text = re.sub(r"<[^>]+>|\s+", "", str(text))[:220]
            print(q["qid"], doc, ",".join(sorted(where)), text, sep="\t")


main(sys.argv[1])
