"""`indexer.readers.word97`: Word 97 .doc (made by LibreOffice headless in the
fixture) and .wps read by Debian's catdoc; HTML saved as .doc; refusals."""
from __future__ import annotations

import pytest

from indexer.corpus import load_file
from indexer.errors import ReadError
from indexer.readers import read_document

pytest_plugins = ["fetch_fixtures"]

CORPUS_TEXT = "wuhe-linbei-huizuxiang-2018.txt"


def test_a_word97_doc_reads_as_the_text_it_was_made_from(portal_files, tmp_path, corpus_dir):
    path = tmp_path / "report.doc"
    path.write_bytes(portal_files["linbei-2018.doc"])
    assert path.read_bytes().startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")  # a real OLE Word file
    document = read_document(path)
    assert document.kind == "doc"
    assert document.text == (corpus_dir / CORPUS_TEXT).read_text(encoding="utf-8")


def test_a_doc_parses_into_a_report(portal_files, tmp_path):
    path = tmp_path / "report.doc"
    path.write_bytes(portal_files["linbei-2018.doc"])
    report, _ = load_file(path)
    assert (report.year, report.agency) == (2018, "五河县临北回族乡人民政府")


def test_a_wps_file_in_the_word_binary_format_reads_the_same(portal_files, tmp_path, corpus_dir):
    # Kingsoft WPS Writer files are OLE files with a Word binary text stream
    path = tmp_path / "report.wps"
    path.write_bytes(portal_files["linbei-2018.doc"])
    document = read_document(path)
    assert (document.kind, document.text) == ("wps", (corpus_dir / CORPUS_TEXT).read_text(encoding="utf-8"))


def test_a_web_page_saved_as_doc_is_read_as_html(tmp_path):
    path = tmp_path / "report.doc"
    body = "".join(f"<p>第{n}段：本机关认真贯彻落实《中华人民共和国政府信息公开条例》。</p>" for n in range(1, 4))
    path.write_text(f"<html><head><meta charset='utf-8'></head><body><div class='content'>{body}</div></body></html>",
                    encoding="utf-8")
    assert read_document(path).text.splitlines()[0] == "第1段：本机关认真贯彻落实《中华人民共和国政府信息公开条例》。"


@pytest.mark.parametrize("data, reason", [
    (b"{\\rtf1\\ansi hello}", "RTF"),
    (b"PK\x03\x04 a docx named .doc", "no OLE header"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "catdoc"),
])
def test_files_catdoc_cannot_read_are_refused_with_a_reason(tmp_path, data, reason):
    path = tmp_path / "bad.doc"
    path.write_bytes(data)
    with pytest.raises(ReadError, match=reason):
        read_document(path)


def test_damaged_word_files_are_read_or_refused_never_crash(portal_files, tmp_path):
    import random
    import time

    rnd = random.Random(16)
    original = portal_files["linbei-2018.doc"]
    outcomes = set()
    for n in range(30):  # bounded: 30 damaged copies, each a few ms
        data = bytearray(original)
        for _ in range(rnd.randint(1, 200)):
            data[rnd.randrange(8, len(data))] = rnd.randrange(256)
        if n % 3 == 0:
            data = data[:rnd.randrange(8, len(data))]
        path = tmp_path / f"damaged-{n}.doc"
        path.write_bytes(bytes(data))
        started = time.monotonic()
        try:
            read_document(path)
            outcomes.add("read")
        except ReadError:
            outcomes.add("refused")
        assert time.monotonic() - started < 8  # catdoc loops on some damaged files: cut at 5 s
    assert outcomes == {"read", "refused"}
