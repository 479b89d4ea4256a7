"""`python -m indexer parse PATH [PATH...] [--json]`: parse report files.

With --json: one JSON object per file, in argument order; a file that cannot be
read or parsed gives {"source", "id", "error"} instead. Without it, one short
line per file. Each bad file also gets one line on stderr, and the exit status
is 1 when any file failed.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

from indexer.corpus import load_file, report_id_for
from indexer.errors import NianbaoError
from indexer.commands.printing import escaped


def add_parser(subparsers):
    parser = subparsers.add_parser("parse", help="parse report files into structured records")
    parser.add_argument("paths", nargs="+", metavar="PATH", help="report files (.txt .md .html .docx .pdf)")
    parser.add_argument("--json", action="store_true", help="print one JSON object per file")
    return parser


def run(args) -> int:
    failed = 0
    for path in args.paths:
        report_id = report_id_for(Path(path).name)
        try:
            report, _ = load_file(path, source=path)
        except NianbaoError as exc:
            failed += 1
            _emit_error(args.json, path, report_id, str(exc))
            continue
        except Exception as exc:  # a parser bug must not hide the other files' results
            failed += 1
            _emit_error(args.json, path, report_id, f"internal error: {type(exc).__name__}: {exc}")
            continue
        if args.json:
            record = {"id": report_id, **report.to_dict()}
            print(json.dumps(record, ensure_ascii=False), flush=True)
        else:
            print(_summary(path, report), flush=True)
    return 1 if failed else 0


def _emit_error(as_json: bool, path: str, report_id: str, message: str) -> None:
    message = " ".join(message.split())  # one line, whatever the message holds
    if as_json:
        print(json.dumps({"source": path, "id": report_id, "error": message}, ensure_ascii=False), flush=True)
    print(f"error: {escaped(path)}: {escaped(message)}", file=sys.stderr, flush=True)


def _summary(path: str, report) -> str:
    failed = len(report.failed_checks)
    parts = [
        report.agency or "(agency?)",
        str(report.year) if report.year else "(year?)",
        report.format or "(format?)",
        f"sections {','.join(str(s.number) for s in report.sections if s.number) or '-'}",
        f"{len(report.problems)} problems",
        f"{len(report.measures)} measures",
        f"tables {','.join(sorted(k for k in report.tables if k != 'unreadable')) or '-'}",
        f"{failed} failed checks" if failed else "checks ok",
    ]
    if report.warnings:
        parts.append(f"{len(report.warnings)} warnings")
    return f"{escaped(path)}: " + " · ".join(parts)
