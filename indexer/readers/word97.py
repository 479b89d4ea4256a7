"""Old Word files (.doc, Word 97-2003) and Kingsoft WPS files (.wps), read
with Debian's `catdoc` (installed by `make tools`).

Both are OLE compound files holding a Word binary text stream; catdoc turns
it into UTF-8 text. A ".doc" that is really an HTML page (Word's "save as web
page", common on portals) is read as HTML. Anything else is refused: catdoc
prints noise for bytes it does not understand, so we never hand it those.
"""
from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

from indexer.errors import ReadError
from indexer.readers.common import Document, clean_text
from indexer.readers.text import checked_text

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
#: seconds catdoc may take: a real file takes milliseconds, but some damaged
#: files make it loop forever
CATDOC_SECONDS, CATDOC_SECONDS_PER_MB = 5.0, 2.0


def read_word97(data: bytes, path: Path) -> Document:
    """A .doc/.wps file's text as a `Document`; raises `ReadError` when it is
    neither an OLE Word file nor an HTML page, when catdoc is missing or
    fails, or when the file holds no text."""
    head = data[:512].lstrip().lower()
    if head.startswith((b"<html", b"<!doctype", b"<?xml", b"<meta", b"<head")):
        from indexer.readers.html import read_html

        return read_html(data, path)
    if head.startswith(b"{\\rtf"):
        raise ReadError("RTF 文件 an RTF file under a Word name — save it as .docx")
    if not data.startswith(OLE_MAGIC):
        raise ReadError(f"不是 Word 97 文件 not a Word 97/WPS file (no OLE header): {path.suffix}")
    catdoc = shutil.which("catdoc")
    if not catdoc:
        raise ReadError("缺少 catdoc: .doc/.wps need Debian's catdoc (run `make tools`)")
    output = _run_catdoc(catdoc, data)
    text, _ = checked_text(output, "utf-8")
    # catdoc pads some lines with spaces
    lines = [re.sub(r"[ \u3000]+$", "", line) for line in clean_text(text).split("\n")]
    text = "\n".join(lines).strip("\n")
    if len(re.sub(r"\s", "", text)) < 10:
        raise ReadError("Word 文件中没有文字 the file holds no text")
    return Document(text=text + "\n", kind="")


def _run_catdoc(catdoc: str, data: bytes) -> bytes:
    """catdoc's UTF-8 output for `data`, bounded in time and in output size
    (written to a file under RLIMIT_FSIZE, so a runaway loop cannot fill
    memory or disk). Raises ReadError."""
    import resource
    import tempfile

    timeout = CATDOC_SECONDS + CATDOC_SECONDS_PER_MB * len(data) / 1e6
    limit = 10 * len(data) + 1_000_000  # text never outgrows the file by that much

    def bounded():
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    with tempfile.TemporaryFile() as out:
        try:
            done = subprocess.run([catdoc, "-w", "-d", "utf-8", "-"], input=data, stdout=out,
                                  stderr=subprocess.PIPE, timeout=timeout, check=False, preexec_fn=bounded)
        except subprocess.TimeoutExpired:
            raise ReadError(f"读取超时 catdoc took longer than {timeout:.0f} s (damaged file?) — refused") from None
        if done.returncode != 0:
            reason = done.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or [f"exit status {done.returncode}"]
            raise ReadError(f"无法读取 Word 文件 catdoc failed: {reason[0][:200]}")
        out.seek(0)
        return out.read()
