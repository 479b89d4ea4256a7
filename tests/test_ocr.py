"""`indexer.readers.ocr`: a scanned PDF (Chinese text drawn with Pillow, saved
as an image-only PDF in the fixture) read by tesseract chi_sim only when
asked, and how close its text is to the passage drawn."""
from __future__ import annotations

import difflib
import re

import pytest

from fetch_portal import SCAN_PASSAGE

from indexer.errors import ReadError
from indexer.readers import read_document
from indexer.readers.ocr import ocr_available, tidy_ocr_text
from indexer.readers.pdf import NoTextLayer

pytest_plugins = ["fetch_fixtures"]


def character_accuracy(expected: str, got: str) -> float:
    """Share of the expected characters found in order (whitespace ignored)."""
    a, b = re.sub(r"\s", "", expected), re.sub(r"\s", "", got)
    matched = sum(block.size for block in difflib.SequenceMatcher(None, a, b, autojunk=False).get_matching_blocks())
    return matched / len(a)


@pytest.fixture
def scanned_pdf(portal_files, tmp_path):
    path = tmp_path / "scan.pdf"
    path.write_bytes(portal_files["tunchang-2015-scan.pdf"])
    return path


def test_the_tools_are_installed():
    assert ocr_available() == ""


def test_a_scan_is_refused_unless_ocr_is_asked_for(scanned_pdf):
    with pytest.raises(NoTextLayer, match="no text layer — scanned PDF"):
        read_document(scanned_pdf)


def test_ocr_reads_the_scanned_passage_at_90_percent_or_better(scanned_pdf):
    document = read_document(scanned_pdf, ocr=True)
    assert (document.kind, document.ocr) == ("pdf", True)
    assert character_accuracy(SCAN_PASSAGE, document.text) >= 0.90
    assert document.text.splitlines()[0] == "2015年政府信息公开工作年度报告"


def test_a_pdf_with_a_text_layer_is_never_ocred(portal_files, tmp_path):
    path = tmp_path / "text.pdf"
    path.write_bytes(portal_files["xiangshan-2013.pdf"])
    document = read_document(path, ocr=True)
    assert document.ocr is False and "相山区外资办2013年政府信息公开工作年度报告" in document.text


def test_ocr_of_a_pdf_that_will_not_render_is_a_read_error(tmp_path):
    path = tmp_path / "broken.pdf"
    path.write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n")
    with pytest.raises(ReadError):
        read_document(path, ocr=True)


def test_spaces_tesseract_puts_between_chinese_characters_are_removed():
    assert tidy_ocr_text("政 府 信 息 公 开\n\n2015 年 度  报告 \n page 2 of 3") == "政府信息公开\n2015年度报告\npage 2 of 3"


def test_character_accuracy_counts_characters_in_order():
    assert character_accuracy("政府信息公开", "政府 信息公开") == 1.0
    assert character_accuracy("政府信息公开", "玫府信息公卄") == pytest.approx(4 / 6)
