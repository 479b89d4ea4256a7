"""`python -m indexer COMMAND ...`: a thin shell over the library.

Each command lives in its own module under `indexer.commands` and exposes
`add_parser(subparsers)` and `run(args) -> int`. Library errors
(`NianbaoError`) become a one-line message and a non-zero exit, never a
traceback.
"""
from __future__ import annotations

import argparse
import importlib
import sys

from indexer.errors import NianbaoError

COMMANDS = ("parse", "build", "check", "search", "classify", "similar", "copies", "evaluate", "fetch")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m indexer", description="年报检索: parse, index and search annual reports")
    sub = parser.add_subparsers(dest="command", required=True)
    for name in COMMANDS:
        try:
            module = importlib.import_module(f"indexer.commands.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"indexer.commands.{name}":
                raise
            continue  # command not built yet
        command = module.add_parser(sub)
        command.set_defaults(_run=module.run)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        return int(args._run(args) or 0)
    except NianbaoError as exc:
        from indexer.commands.printing import escaped

        print(f"error: {escaped(str(exc))}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
