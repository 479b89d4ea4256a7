"""PDF files with a text layer: lines in reading order per page, each table
pdfplumber finds replaced by TAB-joined rows. Scanned PDFs are refused."""
from __future__ import annotations

import re
from pathlib import Path

from indexer.errors import ReadError
from indexer.readers.common import Document, clean_text, join_cell
from indexer.readers.limits import MAX_PDF_PAGES, Timeout

#: A report says what it is early on: if the first pages hold text but not
#: one of these words, the rest of a long PDF is not read.
FIRST_PAGES = 5
REPORT_SIGNS = ("信息公开", "政务公开", "年度报告", "年报", "依申请", "信息公開", "資訊公開", "政務公開", "年度報告", "年報", "依申請")


class NoTextLayer(ReadError):
    """A PDF whose pages hold no text: a scan (readable only by OCR)."""


def read_pdf(data: bytes, path: Path) -> Document:
    """A PDF's text layer as a `Document`; raises `ReadError` for a malformed
    PDF, more than `MAX_PDF_PAGES` pages, or no text layer (scanned)."""
    import io

    import pdfplumber

    lines: list[str] = []
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            if len(pdf.pages) > MAX_PDF_PAGES:
                raise ReadError(f"PDF 页数过多 PDF has {len(pdf.pages)} pages > limit {MAX_PDF_PAGES}")
            for number, page in enumerate(pdf.pages, 1):
                lines.extend(_pdf_page_lines(page))
                page.close()  # drop cached layout objects page by page
                if number == FIRST_PAGES and len(pdf.pages) > FIRST_PAGES:
                    _refuse_if_no_report(lines)
    except (ReadError, Timeout):
        raise
    except Exception as exc:  # pdfminer raises a zoo of types on malformed files
        raise ReadError(f"损坏的 PDF malformed PDF: {type(exc).__name__}: {exc}"[:300]) from None
    text = clean_text("\n".join(lines))
    if len(re.sub(r"\s", "", text)) < 30:
        raise NoTextLayer("PDF 没有文字层 no text layer — scanned PDF? (readable by OCR: fetch with --ocr)")
    # The PDF Title metadata is usually generic or mis-encoded, so no title here.
    return Document(text=text + "\n", kind="")


def _refuse_if_no_report(lines: list[str]) -> None:
    """ReadError when the first pages have text and none of it is a report's."""
    text = "".join(lines)
    if len(re.sub(r"\s", "", text)) >= 30 and not any(sign in text for sign in REPORT_SIGNS):
        raise ReadError(f"不像年度报告 the first {FIRST_PAGES} pages of this PDF never mention 信息公开 or 年度报告 — refused early")


def _pdf_page_lines(page) -> list[str]:
    """One page's text lines in reading order, each table found by pdfplumber
    replaced by its TAB-joined rows. A row with a single filled cell (prose
    framed by ruling lines, or a header) comes out as a plain line."""
    busy = len(page.chars) > 100_000 or len(page.rects) + len(page.lines) + len(page.curves) > 5_000
    tables = [] if busy else page.find_tables()
    boxes = [t.bbox for t in tables]

    def outside(obj) -> bool:
        if obj.get("object_type") != "char":
            return True
        x, y = (obj["x0"] + obj["x1"]) / 2, (obj["top"] + obj["bottom"]) / 2
        return not any(b[0] <= x <= b[2] and b[1] <= y <= b[3] for b in boxes)

    text_page = page.filter(outside) if boxes else page
    items = [(line["top"], [line["text"]]) for line in text_page.extract_text_lines(return_chars=False)]
    for table in tables:
        rows = []
        for row in table.extract():
            cells = [join_cell((cell or "").split("\n")) for cell in row]
            filled = [c for c in cells if c]
            if len(filled) == 1:
                rows.append(filled[0])
            elif filled:
                rows.append("\t".join(cells).rstrip("\t"))
        items.append((table.bbox[1], rows))
    items.sort(key=lambda item: item[0])
    return [line for _, block in items for line in block]
