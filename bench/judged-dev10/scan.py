"""judged-dev10's copy scan: pairs of problem statements of two reports that
share wording, found without the system's copy code (no `indexer.sametext`,
no `indexer.copies`).

    PYTHONPATH=. python bench/judged-dev10/scan.py --index DIR   (SCAN_CONTAINMENT=0.25 to read looser pairs)

A pair is printed when the statements, with everything but letters and digits
dropped, share CONTAINMENT of the shorter one's 8-character shingles, or share
a whole sentence (split at 。；;！？, eight characters or more). One line per
pair: containment, shared sentence (or -), both ids, agencies, years, texts.
"""
from __future__ import annotations

import argparse
import re
import sys
from collections import defaultdict

CONTAINMENT = float(__import__("os").environ.get("SCAN_CONTAINMENT", "0.5"))
GRAM = 8
SENTENCE_CHARS = 8
_DROP = re.compile(r"[\W_]+")
_SENTENCE = re.compile(r"[。；;！？!?]")


def letters(text: str) -> str:
    return _DROP.sub("", text or "")


def grams(text: str) -> set[str]:
    return {text[i:i + GRAM] for i in range(len(text) - GRAM + 1)}


def sentences(text: str) -> set[str]:
    return {s for s in map(letters, _SENTENCE.split(text or "")) if len(s) >= SENTENCE_CHARS}


def pairs(problems) -> list[tuple]:
    """(containment, shared sentence, a, b) for every pair of statements of two reports found alike."""
    gram_sets = {p.id: grams(letters(p.text)) for p in problems}
    sent_sets = {p.id: sentences(p.text) for p in problems}
    postings = defaultdict(set)
    for pid, gs in gram_sets.items():
        for g in gs:
            postings[g].add(pid)
    by_sentence = defaultdict(set)
    for pid, ss in sent_sets.items():
        for s in ss:
            by_sentence[s].add(pid)
    byid = {p.id: p for p in problems}
    found = {}
    for p in problems:
        mine = gram_sets[p.id]
        shared = defaultdict(int)
        for g in mine:
            for other in postings[g]:
                shared[other] += 1
        for s in sent_sets[p.id]:
            for other in by_sentence[s]:
                shared.setdefault(other, 0)
        for other, n in shared.items():
            q = byid[other]
            if q.report_id == p.report_id or (other, p.id) in found:
                continue
            short = min(len(mine), len(gram_sets[other])) or 1
            cont = n / short
            common = sorted(sent_sets[p.id] & sent_sets[other], key=len)
            if cont >= CONTAINMENT or common:
                found[(p.id, other)] = (round(cont, 2), common[-1] if common else "-", p, q)
    return sorted(found.values(), key=lambda r: (-r[0], r[2].id, r[3].id))


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--index", required=True)
    args = ap.parse_args(argv)
    from indexer.search.archive import Archive

    archive = Archive(args.index)
    for cont, sentence, a, b in pairs(list(archive.all_problems())):
        print("\t".join(map(str, (cont, sentence, a.id, b.id, a.agency, a.year, b.agency, b.year,
                                  a.text.replace("\t", " "), b.text.replace("\t", " ")))))
    return 0


if __name__ == "__main__":
    sys.exit(main())
