"""Which text OpenCC's traditional-to-simplified conversion (t2s) leaves as it is.

OpenCC's t2s replaces each span of a text that is a key of its dictionaries
(TSPhrases, TSCharactersExt, TSCharacters, after the CJK compatibility
ideographs' normalisation) by that key's first value, and keeps every other
character. A key whose value differs from it has, at some place, a character
the value does not have there (or differs in length): `CHANGING_FILE` lists
those characters. A text holding none of them can only meet keys whose value
is the key itself, so t2s returns it unchanged (`unchanged_by_t2s`), and the
build need not run the converter over it: nearly all simplified report text.

The list is made from the installed OpenCC's own dictionaries
(`python -m indexer.simplified --write`, with the `opencc_dict` tool the opencc
package ships); tests/test_simplified.py checks it against them and against
the converter, so an OpenCC upgrade that changes the dictionaries fails there.
"""
from __future__ import annotations

import functools
import re
import subprocess
import sys
import tempfile
from pathlib import Path

CHANGING_FILE = Path(__file__).resolve().parent / "data" / "t2s_changing.txt"
#: t2s.json's dictionaries (OpenCC 1.4.2): the normalisation's, then the conversion's
DICTIONARIES = ("CJK_Compatibility_Ideographs", "TSPhrases", "TSCharactersExt", "TSCharacters")


@functools.lru_cache(maxsize=1)
def _changing() -> re.Pattern:
    lines = CHANGING_FILE.read_text(encoding="utf-8").splitlines()
    characters = "".join(line for line in lines if not line.startswith("#"))
    # one class of the BMP characters (a bitmap in the regex engine: ~3 ns a
    # character, against the converter's ~30-50), lone surrogates included
    # (the converter raises on them, as it always did)
    bmp = sorted({c for c in characters if ord(c) < 0x10000})
    return re.compile("[" + "".join(re.escape(c) for c in bmp) + "\ud800-\udfff]")


#: Any character beyond the BMP is taken as changing: rare, and a class that
#: lists such characters, or holds them with the BMP's, is 10-1000x slower.
_BEYOND_BMP = re.compile("[\U00010000-\U0010ffff]")


def unchanged_by_t2s(text: str) -> bool:
    """True when OpenCC's t2s surely returns `text` as it is: it holds no
    character any of t2s's dictionary entries changes (see the module's
    docstring). False says nothing: convert it."""
    return _changing().search(text) is None and _BEYOND_BMP.search(text) is None


def changing_characters(dictionaries: dict[str, list[tuple[str, str]]]) -> set[str]:
    """The characters of the keys, at the places where a key's first value
    differs from the key (every character of a key whose value has another
    length), over all `dictionaries` (name -> (key, values) rows)."""
    found: set[str] = set()
    for rows in dictionaries.values():
        for key, values in rows:
            value = values.split(" ")[0]
            if len(value) != len(key):
                found.update(key)
            else:
                found.update(k for k, v in zip(key, value) if k != v)
    return found


def installed_dictionaries() -> dict[str, list[tuple[str, str]]] | None:
    """t2s's dictionaries as (key, values) rows, read with the `opencc_dict`
    tool the opencc package ships; None when it has none."""
    import opencc

    clib = Path(opencc.__file__).resolve().parent / "clib"
    tool, share = clib / "bin" / "opencc_dict", clib / "share" / "opencc"
    if not tool.exists():
        return None
    out: dict[str, list[tuple[str, str]]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for name in DICTIONARIES:
            target = Path(tmp) / f"{name}.txt"
            subprocess.run([str(tool), "-i", str(share / f"{name}.ocd2"), "-o", str(target), "-f", "ocd2",
                            "-t", "text"], check=True, capture_output=True)
            out[name] = [tuple(line.split("\t", 1)) for line in target.read_text(encoding="utf-8").splitlines()
                         if "\t" in line]
    return out


def _write() -> int:
    import opencc

    dictionaries = installed_dictionaries()
    if dictionaries is None:
        print("the opencc package has no opencc_dict tool", file=sys.stderr)
        return 1
    characters = "".join(sorted(changing_characters(dictionaries)))
    header = (f"# Characters OpenCC's t2s can change (opencc {getattr(opencc, '__version__', '?')}, "
              f"{' + '.join(DICTIONARIES)}): made by `python -m indexer.simplified --write`\n")
    lines = [characters[i:i + 100] for i in range(0, len(characters), 100)]
    CHANGING_FILE.write_text(header + "\n".join(lines) + "\n", encoding="utf-8")
    print(f"{len(characters)} characters written to {CHANGING_FILE}")
    return 0


if __name__ == "__main__":
    if sys.argv[1:] != ["--write"]:
        print("usage: python -m indexer.simplified --write", file=sys.stderr)
        sys.exit(2)
    sys.exit(_write())
