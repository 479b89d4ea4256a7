"""Turning a report file into faithful text: the only code that opens report files.

`read_document(path)` returns a `Document`: the text as written (newlines
normalised, nothing converted or re-worded; traditional->simplified and
breadcrumb/heading clean-up belong to the parser), plus what the file itself
says about the page (title, publish date, canonical URL) and the sha256 of the
bytes read. Tables from HTML, .docx and PDF come out as one line per row with
the cells joined by a TAB (see `common.grid_lines`). Anything that cannot be
read raises `ReadError` with a reason a person can act on.

One module per format (`text`, `html`, `docx`, `pdf`, `word97` for .doc and
.wps, `ocr` for scanned PDFs when asked); `common` holds the `Document` and
table rows they share, `limits` the size and time bounds.
"""
from __future__ import annotations

import hashlib
from pathlib import Path

from indexer.errors import ReadError
from indexer.readers.common import Document
from indexer.readers.docx import read_docx
from indexer.readers.html import read_html
from indexer.readers.limits import MAX_BYTES, MAX_DOCX_INFLATED, MAX_PDF_PAGES, READ_TIMEOUT, time_limit
from indexer.readers.ocr import OCR_TIMEOUT, read_scanned_pdf
from indexer.readers.pdf import NoTextLayer, read_pdf
from indexer.readers.text import decode_bytes, read_text
from indexer.readers.word97 import read_word97

__all__ = ["Document", "KINDS", "MAX_BYTES", "MAX_DOCX_INFLATED", "MAX_PDF_PAGES", "READ_TIMEOUT",
           "SUPPORTED_SUFFIXES", "decode_bytes", "kind_of", "read_document"]

KINDS = {".txt": "txt", ".md": "md", ".markdown": "md", ".html": "html", ".htm": "html",
         ".shtml": "html", ".xhtml": "html", ".docx": "docx", ".pdf": "pdf",
         ".doc": "doc", ".wps": "wps"}
SUPPORTED_SUFFIXES = frozenset(KINDS)

_EXTRACTORS = {"txt": read_text, "md": read_text, "html": read_html, "docx": read_docx, "pdf": read_pdf,
               "doc": read_word97, "wps": read_word97}


def kind_of(path: str | Path) -> str | None:
    """The document kind for a file name, or None when we cannot read that type."""
    return KINDS.get(Path(path).suffix.lower())


def read_document(path: str | Path, max_bytes: int = MAX_BYTES, timeout: float = READ_TIMEOUT,
                  ocr: bool = False) -> Document:
    """Read one report file into a `Document`. With `ocr`, a PDF without a
    text layer is read by OCR (slow; the Document says `ocr=True`) under the
    longer `OCR_TIMEOUT`.

    Raises `ReadError` for: unsupported type, missing/unreadable file, 0 bytes,
    more than `max_bytes`, binary data, corrupt or zip-bomb .docx, malformed PDF,
    PDF without a text layer, a page without article text, or work exceeding
    `timeout` seconds.
    """
    path = Path(path)
    kind = kind_of(path)
    if kind is None:
        raise ReadError(f"不支持的文件类型 unsupported file type '{path.suffix or path.name}'")
    try:
        if not path.is_file():
            raise ReadError("不是普通文件 not a regular file (missing, folder or device)")
        size = path.stat().st_size
        if size == 0:
            raise ReadError("空文件 empty file (0 bytes)")
        if size > max_bytes:
            raise ReadError(f"文件过大 file too large: {size} bytes > limit {max_bytes}")
        data = path.read_bytes()
    except OSError as exc:
        raise ReadError(f"无法读取 cannot read file: {exc.strerror or exc}") from None
    try:
        with time_limit(timeout):
            doc = _EXTRACTORS[kind](data, path)
    except NoTextLayer:
        if not ocr:
            raise
        with time_limit(max(timeout, OCR_TIMEOUT)):
            doc = read_scanned_pdf(data)
    doc.kind = kind
    doc.content_hash = hashlib.sha256(data).hexdigest()
    return doc
