"""Build the judging pool: union of new/old runs (top 20, all kinds and
kind='problem') and up to 20 documents from a plain substring scan.
Writes work/pool.json and work/read/<qid>.txt (what the assessor reads).
"""
import csv, json, random, re
from pathlib import Path

from indexer.search.archive import Archive

HERE = Path(__file__).resolve().parent
W = HERE / "work"
SEED = 20261206

# substring scan keys: list of groups (all groups required, "|" = alternatives);
# "any:" = sentence query, any key phrase, ranked by how many match
KEYS = {
    "q01": ["兼职"], "q02": ["逾期"], "q03": ["回应", "关切"], "q04": ["时效"], "q05": ["保密审查"],
    "q06": ["政策解读"], "q07": ["依申请"], "q08": ["勾稽"], "q09": ["公开栏"], "q10": ["新媒体"],
    "q11": ["人员", "兼职"], "q12": ["行政复议", "纠正"], "q13": ["年度报告|年报", "未按时|未能按时|不按时"],
    "q14": ["监督", "考核", "机制"], "q15": "any:更新不及时 时效性差 不及时 时效性".split(),
    "q16": "any:业务水平 水平不高 业务能力 工作人员".split(), "q17": "any:政策解读 形式单一 解读形式".split(),
    "q18": "any:网站栏目 栏目 更新不及时".split(), "q19": ["培训"], "q20": ["主动公开", "力度"],
    "q21": "any:公开内容 不全面 不够全面".split(), "q22": ["公开", "意识", "淡薄"], "q23": ["行政诉讼"],
    "q24": ["信息处理费"], "q25": ["互动", "交流", "不足"], "q26": ["基层", "标准化", "规范化"],
    "q27": ["公众参与"], "q28": ["制度", "不健全"], "q29": ["宣传", "不到位"], "q30": ["人员", "变动", "频繁"],
    "q31": ["不予公开"], "q32": ["平台", "建设", "滞后"], "q33": ["重点领域"], "q34": "any:公开形式 形式单一 单一".split(),
    "q35": ["申请", "数量", "少"],
}


def report_text(rep):
    r = rep.report
    return "\n".join([r.title or ""] + [f"{s.title}\n{s.text}" for s in r.sections])


def windows(text, keys, n=3, w=90):
    pats = [k for g in keys for k in g.split("|")]
    spans = []
    for p in pats:
        for m in re.finditer(re.escape(p), text):
            if all(abs(m.start() - s) > w for s in spans):
                spans.append(m.start())
    spans.sort()
    return [text[max(0, s - w): s + w].replace("\n", " / ") for s in spans[:n]]


def scan(keys, docs):
    if keys and keys[0].startswith("any:"):
        ks = [keys[0][4:]] + keys[1:]
        scored = [(sum(k in t for k in ks), i) for i, (_, _, t) in enumerate(docs)]
        scored = [(s, i) for s, i in scored if s]
    else:  # all groups first; then (multi-word queries) all but one group
        need = len(keys) if len(keys) == 1 else max(1, len(keys) - 1)
        scored = [(sum(any(a in t for a in g.split("|")) for g in keys), i) for i, (_, _, t) in enumerate(docs)]
        scored = [(s, i) for s, i in scored if s >= need]
    rnd = random.Random(SEED)
    rnd.shuffle(scored)
    scored.sort(key=lambda x: -x[0])
    return [docs[i][0] for _, i in scored[:20]]


def main():
    a = Archive("bench/out/recall-index")
    new = json.loads((W / "new.json").read_text())["queries"]
    old = json.loads((W / "old.json").read_text())["queries"]
    problems = [(p.id, "problem", p.text) for p in a.all_problems()]
    reports = []
    for f in sorted({p for p in []}):
        pass
    report_ids = sorted({r.id for r in a.reports()})
    texts = {}
    for rid in report_ids:
        texts[rid] = report_text(a.report(rid))
        reports.append((rid, "report", texts[rid]))
    ptext = {pid: t for pid, _, t in problems}
    pool = {}
    (W / "read").mkdir(exist_ok=True)
    with open(HERE / "queries.tsv", encoding="utf-8") as f:
        queries = list(csv.DictReader(f, delimiter="\t"))
    for q in queries:
        qid = q["qid"]
        keys = KEYS[qid]
        snips = {}
        ids = []
        for src, runs in (("new", new[qid]), ("old", old[qid])):
            for name, hits in runs.items():
                for h in hits:
                    ids.append(h["id"])
                    if h["kind"] != "problem":
                        snips.setdefault(h["id"], set()).add(h["snippet"].replace("\n", " / "))
        docs = problems if q["scope"] == "problem" else problems + reports
        scanned = scan(keys, docs)
        ids += scanned
        ids = list(dict.fromkeys(ids))
        pool[qid] = {"ids": ids, "scan": scanned}
        with open(W / "read" / f"{qid}.txt", "w", encoding="utf-8") as out:
            out.write(f"## {qid} {q['query']} [{q['scope']}] — {q['need']}\n")
            for i in ids:
                if i in ptext:
                    out.write(f"\n[{i}] P: {ptext[i]}\n")
                else:
                    out.write(f"\n[{i}] R:\n")
                    hs = sorted(snips.get(i, ()), key=len)
                    for s in hs[:1]:
                        out.write(f"   hit> {s[:200]}\n")
                    if not hs:
                        sk = [k for g in (keys if not keys[0].startswith('any:') else [keys[0][4:]] + keys[1:]) for k in g.split('|')]
                        for wtxt in windows(texts[i], [k for k in sk if len(k) >= 2][:3], n=2, w=70):
                            out.write(f"   ctx> {wtxt}\n")
    (W / "pool.json").write_text(json.dumps(pool, ensure_ascii=False, indent=1))
    print({k: len(v["ids"]) for k, v in pool.items()}, sum(len(v["ids"]) for v in pool.values()))


if __name__ == "__main__":
    main()
