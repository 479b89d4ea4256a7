"""Scanned PDFs read by OCR: Debian's poppler `pdftoppm` renders each page,
`tesseract` with the `chi_sim` model reads it (both installed by `make tools`).

OCR is opt-in (see `read_document(..., ocr=True)`) because it is slow and
its text is less certain than a text layer: the `Document` it returns says
`ocr=True`, and the report built from it carries a warning saying so.
"""
from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from indexer.errors import ReadError
from indexer.readers.common import CJK, Document, clean_text

#: pages rendered and read at most (a scanned report is rarely longer)
MAX_OCR_PAGES = 60
#: wall-clock bound for one file's OCR
OCR_TIMEOUT = 1800.0
#: rendering resolution: tesseract reads Chinese best at about 300 dpi
DPI = 300
#: longest side in pixels of a rendered page (A3 at 300 dpi)
MAX_SIDE = 4960
LANGUAGE = "chi_sim"
OCR_WARNING = "正文由 OCR 识别，文字可能有误 (OCR text: less certain than a text layer)"


@dataclass
class OcrRun:
    """The text of a scanned PDF and what it cost."""

    text: str
    pages: int
    seconds: float


def ocr_available() -> str:
    """'' when pdftoppm, tesseract and its chi_sim model are all installed,
    else what is missing, in words."""
    missing = [tool for tool in ("pdftoppm", "tesseract") if not shutil.which(tool)]
    if missing:
        return f"缺少 {', '.join(missing)} (run `make tools`)"
    langs = subprocess.run(["tesseract", "--list-langs"], capture_output=True, text=True, timeout=30).stdout
    if LANGUAGE not in langs.split():
        return f"缺少 tesseract 语言包 {LANGUAGE} (Debian tesseract-ocr-chi-sim; run `make tools`)"
    return ""


def ocr_pdf(data: bytes, max_pages: int = MAX_OCR_PAGES, timeout: float = OCR_TIMEOUT) -> OcrRun:
    """OCR the first `max_pages` pages of a PDF. Raises `ReadError` when the
    tools are missing, the PDF cannot be rendered, the work exceeds
    `timeout` seconds, or no text is recognised."""
    missing = ocr_available()
    if missing:
        raise ReadError(f"无法 OCR: {missing}")
    started = time.monotonic()
    deadline = started + timeout
    with tempfile.TemporaryDirectory(prefix="nianbao-ocr-") as tmp:
        pdf = Path(tmp) / "scan.pdf"
        pdf.write_bytes(data)
        _run(["pdftoppm", "-r", str(_resolution(data, max_pages)), "-gray", "-png", "-l", str(max_pages), str(pdf),
              str(Path(tmp) / "page")], deadline, "pdftoppm")
        images = sorted(Path(tmp).glob("page*.png"), key=lambda p: int(re.sub(r"\D", "", p.stem) or 0))
        if not images:
            raise ReadError("PDF 无法渲染 the PDF has no page to OCR")
        pages = []
        for image in images:
            out = _run(["tesseract", str(image), "stdout", "-l", LANGUAGE, "--psm", "6"], deadline, "tesseract")
            pages.append(tidy_ocr_text(out.decode("utf-8", "replace")))
    text = clean_text("\n".join(pages)).strip()
    if len(re.sub(r"\s", "", text)) < 30:
        raise ReadError("OCR 未识别出文字 OCR found no text on the scanned pages")
    return OcrRun(text=text + "\n", pages=len(images), seconds=time.monotonic() - started)


def _resolution(data: bytes, max_pages: int) -> int:
    """DPI, lowered for pages larger than A3 so that no page renders beyond
    MAX_SIDE pixels (a hostile 200-inch page must not become a gigapixel image)."""
    import io

    import pdfplumber

    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            inches = max((max(float(p.width), float(p.height)) / 72 for p in pdf.pages[:max_pages]), default=0)
    except Exception:  # pdftoppm will say what is wrong with it
        return DPI
    return max(30, min(DPI, int(MAX_SIDE / inches))) if inches else DPI


def read_scanned_pdf(data: bytes) -> Document:
    """A scanned PDF as a `Document` marked `ocr=True`; raises `ReadError`."""
    run = ocr_pdf(data)
    return Document(text=run.text, kind="", ocr=True)


def tidy_ocr_text(text: str) -> str:
    """Tesseract puts a space between Chinese characters: remove spaces that
    sit between two Chinese characters (or Chinese and a digit), keep the rest."""
    text = re.sub(f"(?<=[{CJK}])[ \t]+(?=[{CJK}0-9])|(?<=[0-9])[ \t]+(?=[{CJK}])", "", text)
    return "\n".join(line.strip() for line in text.splitlines() if line.strip())


def _run(argv: list[str], deadline: float, name: str) -> bytes:
    left = deadline - time.monotonic()
    if left <= 0:
        raise ReadError(f"OCR 超时 OCR took longer than its time limit — refused")
    try:
        done = subprocess.run(argv, capture_output=True, timeout=left, check=False)
    except subprocess.TimeoutExpired:
        raise ReadError("OCR 超时 OCR took longer than its time limit — refused") from None
    if done.returncode != 0:
        reason = done.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or ["no message"]
        raise ReadError(f"{name} 失败 {name} failed: {reason[0][:200]}")
    return done.stdout
