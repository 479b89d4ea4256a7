"""Whose report, from where: organ identity, place chain, rank, type and
publication date on real reports against hand-written gold.

`python -m bench.place_eval --dir DIR [-v]`

DIR/GOLD.tsv has the columns

    file agency year province city county township level organ_type published problems agency_also notes

(only `file` and `agency` are required: a set whose gold names the organ only,
such as bench/dev4 and the unseen sets, is scored on organ alone; extra columns are ignored; `year`, `problems` and `notes` are not scored
here). A cell `?` is not judged. `agency` empty means the text names no
organ; `agency_also` lists, joined by " | ", other names of the same organ.
Places are written as full names (浙江省, 杭州市); a national organ's
province is 全国; a municipality's district may leave `city` empty or repeat
the province. Each file is read and parsed as the build does it, and the
build's identity step runs over the whole set, so the name judged is the one
the archive shows.

Printed, each as k/n:
- organ: the archive's name (or the name as written) is the gold organ, as
  `parser_eval.same_organ` judges; gold empty: no name predicted;
- province: gold has a province and the prediction has that one;
- chain: all four places equal to gold's (as specific as gold, no more);
- level, organ_type: equal to gold's, over rows where gold gives one;
- published: gold gives a date and the prediction is that date (to gold's
  precision).
Reads files through `indexer.readers`; writes nothing.
"""
from __future__ import annotations

import argparse
import csv
import sys
from dataclasses import dataclass, field
from pathlib import Path

from indexer import identity
from indexer.corpus import load_file
from indexer.errors import NianbaoError
from indexer.model import Report

from bench.parser_eval import same_organ

RANKS = ("province", "city", "county", "township")
MUNICIPALITIES = ("北京市", "天津市", "上海市", "重庆市")
METRICS = ("organ", "province", "chain", "level", "organ_type", "published")


@dataclass
class Tally:
    right: dict[str, int] = field(default_factory=lambda: dict.fromkeys(METRICS, 0))
    judged: dict[str, int] = field(default_factory=lambda: dict.fromkeys(METRICS, 0))
    misses: list[str] = field(default_factory=list)

    def add(self, metric: str, ok: bool, file: str, detail: str) -> None:
        self.judged[metric] += 1
        self.right[metric] += ok
        if not ok:
            self.misses.append(f"{file}\t{metric}\t{detail}")


def load_rows(path: Path) -> list[dict]:
    """Rows of a place GOLD.tsv; raises ValueError for a missing column."""
    with open(path, encoding="utf-8-sig") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))
    rows = [{(k or "").strip(): v for k, v in row.items()} for row in rows]
    for n, row in enumerate(rows, 2):
        missing = [c for c in ("file", "agency") if row.get(c) is None]
        if missing:
            raise ValueError(f"{path}:{n}: missing column(s) {', '.join(missing)}")
        for column in (*RANKS, "level", "organ_type", "published"):
            if row.get(column) is None:
                row[column] = "?"  # an organ-only gold file (dev4, unseen*): places not judged
    return [{k: (v or "").strip() for k, v in row.items() if k} for row in rows if (row.get("file") or "").strip()]


def place_name(name: str) -> str:
    """A gold or predicted place in one spelling: a former name as its
    successor (梅县 → 梅县区), a name the table lacks with its suffix added."""
    from indexer.places import divisions

    if not name or name == "全国":
        return name
    table = divisions()
    found = table.named(name) or table.named(name + "市") or table.named(name + "省")
    for d in found:
        if d.successor and d.successor in table.by_code:
            return table.by_code[d.successor].name
    return found[0].name if found and found[0].rank == "province" else (found[0].name if found else name)


def chain_of(values: dict) -> tuple[str, ...]:
    """The places of a row, widest first, in one spelling: empty parts and a
    place repeated at the next rank dropped (北京市/北京市/东城区, a county-level
    city written as the city or the county: 湖北省/潜江市/渔洋镇)."""
    chain: list[str] = []
    for rank in RANKS:
        name = place_name(values.get(rank, ""))
        if name and name != "市辖区" and (not chain or chain[-1] != name):
            chain.append(name)
    return tuple(chain)


def predicted_chain(report: Report) -> dict:
    return {r: getattr(report.region, r) for r in RANKS}


def load_set(folder: Path, rows: list[dict]) -> dict[str, Report | str]:
    """Each gold file parsed as the build does, then the identity step over all of them."""
    reports: dict[str, Report | str] = {}
    records = []
    for row in rows:
        try:
            report, _ = load_file(folder / row["file"], source=row["file"])
        except (NianbaoError, OSError) as exc:
            reports[row["file"]] = f"unreadable: {exc}"
            continue
        reports[row["file"]] = report
        records.append(identity.record_of(row["file"], report))
    resolved = identity.resolve(records)
    for name, report in reports.items():
        if isinstance(report, Report):
            identity.apply(report, resolved.get(name) or identity.Identity("", report.agency))
    return reports


def evaluate_dir(folder: Path) -> Tally:
    rows = load_rows(folder / "GOLD.tsv")
    reports = load_set(folder, rows)
    tally = Tally()
    for row in rows:
        file, report = row["file"], reports[row["file"]]
        if not isinstance(report, Report):
            for metric in METRICS:
                tally.add(metric, False, file, report)
            continue
        gold = row["agency"]
        if gold != "?":
            if not gold:
                ok = not report.agency
            else:
                names = [gold] + [a.strip() for a in row.get("agency_also", "").split(" | ") if a.strip()]
                ok = same_organ(report.agency, names) or same_organ(report.agency_written, names)
            tally.add("organ", ok, file, f"{report.agency} (written {report.agency_written}) vs {gold}")
        if "?" not in [row[r] for r in RANKS]:
            want, got = chain_of(row), chain_of(predicted_chain(report))
            gold_province, province = place_name(row["province"]), place_name(report.region.province)
            if gold_province:
                tally.add("province", province == gold_province, file, f"{province or '—'} vs {gold_province}")
            tally.add("chain", got == want, file, f"{'/'.join(got)} vs {'/'.join(want)}")
        for metric in ("level", "organ_type"):
            if row[metric] and row[metric] != "?":
                tally.add(metric, getattr(report, metric) == row[metric], file,
                          f"{getattr(report, metric) or '—'} vs {row[metric]}")
        if row["published"] and row["published"] != "?":
            got = report.published[:len(row["published"])]
            tally.add("published", got == row["published"], file, f"{report.published or '—'} vs {row['published']}")
    return tally


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--dir", type=Path, required=True, nargs="+", help="score the files of DIR against DIR/GOLD.tsv (several: each, then their sum)")
    ap.add_argument("-v", "--verbose", action="store_true", help="list every miss")
    args = ap.parse_args(argv)
    total = Tally()
    for folder in args.dir:
        if not (folder / "GOLD.tsv").is_file():
            print(f"error: no GOLD.tsv in {folder}", file=sys.stderr)
            return 2
        try:
            tally = evaluate_dir(folder)
        except ValueError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 2
        if args.verbose:
            for line in tally.misses:
                print(f"{folder.name}/{line}")
        _print(str(folder), tally)
        for metric in METRICS:
            total.right[metric] += tally.right[metric]
            total.judged[metric] += tally.judged[metric]
    if len(args.dir) > 1:
        _print("all", total)
    return 0


def _print(name: str, tally: Tally) -> None:
    print(f"{name}:")
    for metric in METRICS:
        n, k = tally.judged[metric], tally.right[metric]
        share = f"{k / n:.2f}" if n else "—"
        print(f"  {metric:<11} {k}/{n}  {share}")


if __name__ == "__main__":
    sys.exit(main())
