"""Build categories5/heldout.jsonl (rule fixed before any scoring, 2026-12-06 ~19:40 UTC):
- take categories5/labels.jsonl (93 lines, pool drawn from the archive's parser output) and the labels.jsonl of
  /work/heldout/whole5-a and whole5-b (collectors' gold statements);
- clean eval-marker junk: a leading "P " / "G ", a trailing "P"/"G", a trailing "表三 WRONG ..." tail;
- drop lines that join several statements with markers, parser debug lines, table-row junk;
- drop texts (after cleaning, whitespace removed, NFKC) already in any training or label file, and repeats.
"""
import glob, json, re, sys, unicodedata

def norm(t):
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", t)).strip("。；;，,.")

def clean(t):
    t = re.sub(r"表三 WRONG.*$", "", t)
    t = re.sub(r"^[PG] ", "", t)
    t = re.sub(r"(?<=[\u4e00-\u9fff])[PG]$", "", t)
    return t.strip()

known = set()
paths = (glob.glob("/work/main/bench/**/*.jsonl", recursive=True) + glob.glob("/work/main/indexer/data/*.jsonl")
         + glob.glob("/work/main/tests/data/*.jsonl") + glob.glob("/work/heldout/statements/*.jsonl")
         + glob.glob("/work/heldout/whole[0-4]*/*.jsonl") + glob.glob("/work/heldout/categories[0-4]*/*.jsonl"))
for f in paths:
    if "whole5" in f or "whole6" in f or "categories5" in f:
        continue
    for line in open(f, encoding="utf-8"):
        try:
            d = json.loads(line)
        except ValueError:
            continue
        if isinstance(d.get("text"), str):
            known.add(norm(d["text"]))
out, seen, dropped = [], set(), {"junk": 0, "known": 0, "repeat": 0}
sources = [("/work/heldout/categories5/labels.jsonl", "c5")] + [
    (f, "w") for f in sorted(glob.glob("/work/heldout/whole5-*/labels.jsonl") + ["/work/heldout/whole6/labels.jsonl"])]
for path, tag in sources:
    for line in open(path, encoding="utf-8"):
        d = json.loads(line)
        text = clean(d["text"])
        if (re.search(r"[\u4e00-\u9fff][PG] ", text) or "warnings" in text or text.startswith("'")
                or text.startswith("表三")):
            dropped["junk"] += 1
            continue
        n = norm(text)
        if n in known:
            dropped["known"] += 1
            continue
        if n in seen:
            dropped["repeat"] += 1
            continue
        seen.add(n)
        out.append({"id": d["id"] if tag == "c5" else f"{path.split('/')[-2]}-{d['id']}", "text": text,
                    "categories": d["categories"], "source": d.get("source", "")})
with open(sys.argv[1], "w", encoding="utf-8") as f:
    for d in out:
        f.write(json.dumps(d, ensure_ascii=False) + "\n")
print(len(out), "held-out statements;", dropped)
