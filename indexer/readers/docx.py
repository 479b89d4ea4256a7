"""Word .docx files: paragraphs and tables in document order, after refusing
zip bombs and corrupt packages. Tables become TAB-joined rows."""
from __future__ import annotations

import zipfile
from pathlib import Path

from indexer.errors import ReadError
from indexer.readers.common import Document, clean_text, grid_lines, join_cell
from indexer.readers.limits import MAX_DOCX_INFLATED


def read_docx(data: bytes, path: Path) -> Document:
    """A .docx file's paragraphs and tables as a `Document`; raises
    `ReadError` for a corrupt or zip-bomb package, or one holding no text."""
    import io

    import docx
    from docx.oxml.ns import qn
    from docx.text.paragraph import Paragraph

    _check_zip(data)
    try:
        document = docx.Document(io.BytesIO(data))
        lines: list[str] = []
        body = document.element.body
        pending = list(body.iterchildren())
        pending.reverse()
        while pending:
            el = pending.pop()
            if el.tag == qn("w:p"):
                lines.extend(Paragraph(el, document).text.split("\n"))
            elif el.tag == qn("w:tbl"):
                lines.extend(_docx_table_lines(el, document))
            elif el.tag == qn("w:sdt"):  # content controls wrap ordinary paragraphs/tables
                content = el.find(qn("w:sdtContent"))
                if content is not None:
                    pending.extend(reversed(list(content.iterchildren())))
    except ReadError:
        raise
    except Exception as exc:  # python-docx/lxml raise many types on corrupt parts
        raise ReadError(f"损坏的 Word 文件 corrupt .docx: {type(exc).__name__}: {exc}"[:300]) from None
    text = clean_text("\n".join(line.rstrip() for line in lines))
    if not text.strip():
        raise ReadError("Word 文件中没有文字 the .docx holds no text")
    return Document(text=text.strip("\n") + "\n", kind="")


def _check_zip(data: bytes) -> None:
    """Refuse a .docx that is not a zip, or whose declared uncompressed size is
    beyond `MAX_DOCX_INFLATED` or suspiciously compressed, before inflating
    anything. (Python's zipfile never inflates a member past its declared
    size, so the declared sizes bound the work.)"""
    import io

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            infos = zf.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError) as exc:
        raise ReadError(f"损坏的 Word 文件 corrupt .docx (not a valid zip: {exc})") from None
    if len(infos) > 5000:
        raise ReadError(f"Word 文件结构异常 .docx with {len(infos)} parts refused")
    total = sum(i.file_size for i in infos)
    packed = sum(i.compress_size for i in infos)
    if total > MAX_DOCX_INFLATED or (total > 20_000_000 and total > 200 * max(packed, 1)):
        raise ReadError(f"疑似压缩炸弹 .docx would inflate to {total} bytes (zip bomb?) — refused")
    if "word/document.xml" not in {i.filename for i in infos}:
        raise ReadError("损坏的 Word 文件 corrupt .docx (no word/document.xml)")


def _docx_table_lines(tbl, document) -> list[str]:
    from docx.oxml.ns import qn
    from docx.text.paragraph import Paragraph

    rows = []
    for tr in tbl.tr_lst:
        cells = [("", 1, 1)] * (tr.grid_before or 0)
        for tc in tr.tc_lst:
            # a vertically merged continuation is a covered (empty) grid position
            text = "" if tc.vMerge == "continue" else join_cell(
                [Paragraph(p, document).text for p in tc.iter(qn("w:p"))])
            cells.append((text, 1, max(1, min(tc.grid_span or 1, 50))))
        rows.append(cells)
    return grid_lines(rows)
