"""`python -m indexer fetch URL… [--column-pages N] [--since YEAR] [--corpus DIR] [--ocr]`:
fetch annual reports from official sites into the corpus, then build.

Shows progress (pages seen, reports found, downloaded, stored, skipped and
why): a bar on a terminal, else one line per step on stderr. Prints what was
stored and every skip with its reason, then runs the normal incremental
build (`--no-build` to skip it). Exits 1 when nothing could be fetched at all.
"""
from __future__ import annotations

import os
import sys

from indexer.fetch import FetchOptions, FetchPolicy, fetch_reports


def add_parser(subparsers):
    parser = subparsers.add_parser("fetch", help="fetch annual reports from official sites into the corpus")
    parser.add_argument("urls", nargs="+", metavar="URL", help="a column list page or a report page (http/https)")
    parser.add_argument("--column-pages", type=int, default=5, metavar="N", help="list pages followed per column (default 5)")
    parser.add_argument("--since", type=int, default=None, metavar="YEAR", help="only reports of YEAR or later")
    parser.add_argument("--corpus", default=os.environ.get("NIANBAO_CORPUS_DIR", "corpus"), help="corpus folder (default: $NIANBAO_CORPUS_DIR or corpus)")
    parser.add_argument("--index", default=os.environ.get("NIANBAO_INDEX_DIR", "var/index"), help="index folder for the build after the fetch")
    parser.add_argument("--no-build", action="store_true", help="fetch only; do not update the index")
    parser.add_argument("--ocr", action="store_true", help="read scanned PDFs by OCR (tesseract chi_sim; slow, text less certain)")
    parser.add_argument("--delay", type=float, default=1.0, metavar="S", help="seconds between requests to one host (default 1)")
    parser.add_argument("--timeout", type=float, default=30.0, metavar="S", help="seconds per request (default 30)")
    parser.add_argument("--retries", type=int, default=3, help="retries of a failed request, with backoff (default 3)")
    parser.add_argument("--backoff", type=float, default=2.0, metavar="S", help="first retry's wait, doubled each time (default 2)")
    parser.add_argument("--max-bytes", type=int, default=50_000_000, help="largest file downloaded (default 50 MB)")
    parser.add_argument("--allow-loopback", action="store_true", help="allow 127.0.0.0/8 and ::1 (a local test portal only)")
    parser.add_argument("--quiet", action="store_true", help="no progress output")
    return parser


def run(args) -> int:
    policy = FetchPolicy(delay=args.delay, retries=args.retries, backoff=args.backoff, timeout=args.timeout,
                         max_bytes=args.max_bytes, allow_loopback=args.allow_loopback)
    options = FetchOptions(column_pages=args.column_pages, since=args.since, ocr=args.ocr, policy=policy)
    with _Progress(enabled=not args.quiet) as progress:
        summary = fetch_reports(args.urls, args.corpus, options, progress)
    print(f"fetch into {args.corpus}: {summary.line()}")
    for record in summary.stored:
        origin = record.attachment_url or record.page_url
        print(f"  stored: {record.file} (v{record.version}) ← {origin}" + (f" · 发布日期 {record.page_published}" if record.page_published else ""))
    for skip in summary.skipped:
        print(f"  skipped: {skip.url}: {skip.why}" + (f" — {skip.detail}" if skip.detail and skip.detail != skip.why else ""))
    if not args.no_build:
        from indexer.commands import build

        build_args = type("Args", (), {"corpus": args.corpus, "index": args.index, "procs": None, "quiet": args.quiet})
        build.run(build_args)
    return 0 if summary.pages_seen or summary.downloaded else 1


class _Progress:
    """A tqdm bar with the counts on a terminal; one line per step otherwise."""

    def __init__(self, enabled: bool):
        self.enabled = enabled
        self.tty = sys.stderr.isatty()
        self.bar = None

    def __enter__(self):
        if self.enabled and self.tty:
            import shutil

            from tqdm import tqdm

            # a terminal reporting a 0x0 size makes tqdm draw nothing (as in indexer.build)
            size = shutil.get_terminal_size((0, 0))
            self.bar = tqdm(total=None, unit="step", bar_format="{desc} [{elapsed}]", file=sys.stderr,
                            ncols=None if size.columns >= 40 else 160, nrows=None if size.lines >= 2 else 24,
                            mininterval=0.2)
        return self

    def __call__(self, summary, event: str) -> None:
        if not self.enabled:
            return
        if self.bar is not None:
            self.bar.set_description_str(summary.line(), refresh=False)
            self.bar.update(1)
        else:
            print(f"fetch: {summary.line()} | {event}", file=sys.stderr, flush=True)

    def __exit__(self, *exc) -> None:
        if self.bar is not None:
            self.bar.close()
