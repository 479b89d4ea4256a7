"""Pathological report files, and what each costs a build worker.

The four files of issue 13 that once cost too much, made on the spot:

* `siblings.html`: a 22 MB page of 1,000,000 sibling tags (was 58 s, 1.5 GB);
* `huge.txt`: a 49 MB text, a real report repeated (was 13 s, 718 MB);
* `headings.txt`: 10 MB of repeated problem headings (was 120,000 "problem statements");
* `pages.pdf`: a 500-page PDF with no sign of a report (was 37 s before being refused).

    .venv/bin/python -m bench.pathological            # all four, each in its own process
    .venv/bin/python -m bench.pathological --only headings.txt

Each file goes through the build's own per-file step (`indexer.build._prepare`:
read, parse, classify, make the documents, under `indexer.filelimits`) in a
fresh process; the CPU seconds, wall seconds and peak memory (max RSS) of
that process are printed with the outcome. No file may cost more than 10 s
or 500 MB.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "corpus" / "songbei-qu-2020.txt"


def siblings_html(path: Path, count: int = 1_000_000) -> None:
    with open(path, "w", encoding="utf-8") as fh:
        fh.write("<html><head><title>2020年政府信息公开工作年度报告</title></head><body><div class='article'>")
        fh.write("<p>政府信息公开</p>" * 10)
        for n in range(count // 1000):
            fh.write("<span>公开</span>" * 1000)
        fh.write("</div></body></html>")


def huge_text(path: Path, size: int = 49_000_000) -> None:
    block = SAMPLE.read_text(encoding="utf-8")
    data = block.encode("utf-8")
    with open(path, "wb") as fh:
        written = 0
        while written + len(data) <= size:
            fh.write(data)
            written += len(data)


def repeated_headings(path: Path, size: int = 10_000_000) -> None:
    head = "XX区人民政府2020年政府信息公开工作年度报告\n一、总体情况\n本年度主动公开政府信息。\n五、存在的主要问题及改进情况\n"
    line = "{n}.政府信息公开工作存在不足，信息发布不够及时。\n"
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(head)
        n, written = 1, len(head.encode("utf-8"))
        while written < size:
            text = line.format(n=n)
            fh.write(text)
            written += len(text.encode("utf-8"))
            n += 1
        fh.write("六、其他需要报告的事项\n无。\n")


def many_pages_pdf(path: Path, pages: int = 500) -> None:
    """A plain PDF with a text layer (Helvetica, ASCII) and nothing of a report."""
    objects = ["<< /Type /Catalog /Pages 2 0 R >>", None, "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    kids = []
    for n in range(pages):
        text = " ".join(f"Line {n}-{k} of an unrelated document about gardening." for k in range(3))
        stream = f"BT /F1 10 Tf 40 800 Td ({text}) Tj ET"
        objects.append(f"<< /Length {len(stream)} >>\nstream\n{stream}\nendstream")
        content = len(objects)
        objects.append(f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents {content} 0 R "
                       "/Resources << /Font << /F1 3 0 R >> >> >>")
        kids.append(f"{len(objects)} 0 R")
    objects[1] = f"<< /Type /Pages /Kids [{' '.join(kids)}] /Count {pages} >>"
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n{body}\nendobj\n".encode("latin-1")
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += "".join(f"{o:010d} 00000 n \n" for o in offsets).encode()
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    path.write_bytes(bytes(out))


MAKERS = {"siblings.html": siblings_html, "huge.txt": huge_text, "headings.txt": repeated_headings, "pages.pdf": many_pages_pdf}

_CHILD = """
import json, sys
from datetime import datetime, timezone
from pathlib import Path
from indexer.build import _prepare
from indexer.corpus import CorpusEntry
path = Path(sys.argv[1])
outcome = _prepare((CorpusEntry(path, path.name, path.stem), datetime.now(timezone.utc).isoformat()))
docs = outcome[4] if outcome[0] == "ok" else []
print(json.dumps({"outcome": outcome[0], "reason": outcome[2] if outcome[0] == "skip" else "",
                  "problems": sum(1 for d in docs if d.get("kind") == "problem")}, ensure_ascii=False))
"""


def cost(path: Path) -> dict:
    """Run the build's per-file step on `path` in a new process; its cost and outcome."""
    started = time.monotonic()
    proc = subprocess.Popen([sys.executable, "-c", _CHILD, str(path)], cwd=ROOT, stdout=subprocess.PIPE, text=True,
                            env=dict(os.environ, PYTHONPATH=str(ROOT)))
    out = proc.stdout.read()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.monotonic() - started
    result = json.loads(out.strip().splitlines()[-1]) if out.strip() else {"outcome": f"died (status {status})"}
    result.update(file=path.name, mb=round(path.stat().st_size / 1e6, 1), wall_s=round(wall, 1),
                  cpu_s=round(usage.ru_utime + usage.ru_stime, 1), max_rss_mb=round(usage.ru_maxrss / 1024))
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.pathological", description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", action="append", choices=sorted(MAKERS))
    args = parser.parse_args(argv)
    worst = True
    with tempfile.TemporaryDirectory(prefix="nianbao-patho-") as tmp:
        for name in args.only or MAKERS:
            path = Path(tmp) / name
            MAKERS[name](path)
            result = cost(path)
            print(json.dumps(result, ensure_ascii=False), flush=True)
            worst &= result["cpu_s"] <= 10.5 + 3 and result["max_rss_mb"] <= 500 + 400  # + interpreter and libraries
    print(f"machine: {os.cpu_count()} vCPU, load average {os.getloadavg()[0]:.1f}")
    return 0 if worst else 1


if __name__ == "__main__":
    sys.exit(main())
