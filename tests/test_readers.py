"""indexer.readers: every input format, and the bad-file suite of issue 6."""
from __future__ import annotations

import time
import zipfile

import pytest

from indexer.errors import ReadError
from indexer.readers import Document, read_document

NAV_PAGE = """<!DOCTYPE html>
<html><head><meta charset="utf-8">
<title>某某街道2023年政府信息公开工作年度报告_某某区人民政府</title>
<link rel="canonical" href="https://www.example.gov.cn/art/2024/1/20/art_1.html">
<meta name="PubDate" content="2024-01-20 09:30">
<style>.nav {{ color: red }}</style>
<script>var tracker = "不应出现的脚本文字";</script>
</head><body>
<div class="header"><ul class="nav"><li><a href="/">首页</a></li><li><a href="/zwgk">政务公开</a></li>
<li><a href="/hd">互动交流</a></li></ul></div>
<div class="breadcrumb">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk">政务公开</a> &gt; 年度报告</div>
<div class="main">
  <h1>某某街道2023年政府信息公开工作年度报告</h1>
  <div class="info">发布日期：2024-01-20　来源：某某街道</div>
  <div id="zoom" class="TRS_Editor">
    <p>　　一、总体情况</p>
    <p>　　2023年，某某街道认真贯彻
       落实《条例》。</p>
    <p>二、收到和处理政府信息公开申请情况</p>
    <table>
      <tr><td colspan="2">本列</td><td>自然人</td><td>总计</td></tr>
      <tr><td rowspan="2">三、本年度<br>办理结果</td><td>（一）予以公开</td><td>5</td><td>5</td></tr>
      <tr><td>（二）部分公开</td><td>1</td><td>1</td></tr>
    </table>
    <p>某某街道办事处<br>2024年1月20日</p>
    <iframe src="https://share.example.com/widget"></iframe>
    <div class="share">分享到：微信 微博</div>
  </div>
</div>
<div class="footer">主办单位：某某区人民政府办公室　网站标识码：1234567890</div>
<script>document.write("页脚脚本");</script>
</body></html>
"""


def test_html_article_body_without_navigation_with_table_grid(tmp_path):
    path = tmp_path / "page.html"
    path.write_text(NAV_PAGE.replace("{{", "{").replace("}}", "}"), encoding="utf-8")
    doc = read_document(path)
    assert doc.text == (
        "某某街道2023年政府信息公开工作年度报告\n"
        "一、总体情况\n"
        "2023年，某某街道认真贯彻落实《条例》。\n"
        "二、收到和处理政府信息公开申请情况\n"
        "本列\t\t自然人\t总计\n"
        "三、本年度办理结果\t（一）予以公开\t5\t5\n"
        "\t（二）部分公开\t1\t1\n"
        "某某街道办事处\n"
        "2024年1月20日\n"
    )
    assert (doc.kind, doc.encoding, doc.title, doc.published, doc.canonical_url) == (
        "html", "utf-8", "某某街道2023年政府信息公开工作年度报告", "2024-01-20",
        "https://www.example.gov.cn/art/2024/1/20/art_1.html")


def test_html_declared_gbk_and_date_from_page_label(tmp_path):
    page = ('<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312"></head>'
            '<body><div class="content"><p>发布时间：2021年2月3日</p><p>' + "本报告所列数据统计期限自2020年1月1日起。" * 3 +
            "</p></div></body></html>")
    path = tmp_path / "gbk.htm"
    path.write_bytes(page.encode("gbk"))
    doc = read_document(path)
    assert (doc.encoding, doc.published, doc.text) == (
        "gb18030", "2021-02-03", "发布时间：2021年2月3日\n" + "本报告所列数据统计期限自2020年1月1日起。" * 3 + "\n")


def test_corpus_html_page_reads_article_and_page_facts(corpus_dir):
    doc = read_document(corpus_dir / "shuyang-fagaiju-2023.html")
    lines = doc.text.splitlines()
    assert lines[:3] == [
        "沭阳县发展和改革局2023年政府信息公开年度报告",
        lines[1],
        "一、总体情况",
    ]
    assert lines[1].startswith("根据《中华人民共和国政府信息公开条例》（以下简称《条例》）要求")
    assert lines[-2:] == ["沭阳县发展和改革局", "2024年1月17日"]
    assert "三、本年度办理结果\t（一）予以公开\t\t26\t\t\t\t\t\t26" in lines
    assert not any("首页" in line or "websiteId" in line or "索引号" in line for line in lines)
    assert (doc.published, doc.title) == ("2024-01-17", "沭阳县发展和改革局2023年政府信息公开年度报告")


@pytest.mark.parametrize("raw, encoding", [
    ("一、总体情况\r\n本年度共收到申请12件。\r\n".encode("gbk"), "gb18030"),
    ("一、总体情况\r\n本年度共收到申请12件。\r\n".encode("gb18030"), "gb18030"),
    (b"\xef\xbb\xbf" + "一、总体情况\r\n本年度共收到申请12件。\r\n".encode("utf-8"), "utf-8-sig"),
    ("一、总体情况\r本年度共收到申请12件。\r".encode("utf-8"), "utf-8"),
    ("一、总体情况\n本年度共收到申请12件。\n".encode("utf-16"), "utf-16"),
])
def test_text_encodings_and_newlines(tmp_path, raw, encoding):
    path = tmp_path / "report.txt"
    path.write_bytes(raw)
    doc = read_document(path)
    assert (doc.text, doc.kind, doc.encoding) == ("一、总体情况\n本年度共收到申请12件。\n", "txt", encoding)


def test_damaged_utf8_is_not_read_as_gb18030_mojibake(tmp_path):
    raw = ("一、总体情况\n" + "本年度共收到政府信息公开申请十二件。\n" * 40).encode("utf-8")
    path = tmp_path / "report.md"
    path.write_bytes(raw[:9] + b"\xff" + raw[10:])
    doc = read_document(path)
    assert (doc.kind, doc.encoding) == ("md", "utf-8")
    assert doc.text.splitlines()[1:] == ["本年度共收到政府信息公开申请十二件。"] * 40


def test_docx_paragraphs_and_table_in_document_order(tmp_path):
    import docx

    document = docx.Document()
    document.add_paragraph("一、总体情况")
    table = document.add_table(rows=3, cols=3)
    table.cell(0, 0).text = "项目"
    table.cell(0, 1).text = "自然人"
    table.cell(0, 2).text = "总计"
    table.cell(1, 0).merge(table.cell(2, 0)).text = "（一）予以公开"
    table.cell(1, 1).text = "7"
    table.cell(1, 2).text = "7"
    table.cell(2, 1).text = "0"
    table.cell(2, 2).text = "0"
    document.add_paragraph("二、存在的主要问题")
    path = tmp_path / "report.docx"
    document.save(path)
    doc = read_document(path)
    assert doc.text == "一、总体情况\n项目\t自然人\t总计\n（一）予以公开\t7\t7\n\t0\t0\n二、存在的主要问题\n"
    assert doc.kind == "docx"


def test_pdf_page_with_text_and_table_rows(tmp_path, corpus_dir):
    import pypdfium2 as pdfium

    source = pdfium.PdfDocument(corpus_dir / "huaian-hongze-qu-2023.pdf")
    page = pdfium.PdfDocument.new()
    page.import_pages(source, [2])  # page 3: the start of 表三
    path = tmp_path / "page3.pdf"
    page.save(str(path))
    doc = read_document(path)
    lines = doc.text.splitlines()
    assert lines[:3] == ["本年处理决定数量", "行政处罚\t4119", "行政强制\t195"]
    assert [line for line in lines if line.startswith(("一、", "二、", "三、"))] == [
        "三、收到和处理政府信息公开申请情况",
        "一、本年新收政府信息公开申请数量\t\t\t21\t0\t0\t0\t0\t0\t21",
        "二、上年结转政府信息公开申请数量\t\t\t0\t0\t0\t0\t0\t0\t0",
        "三、本年度办理结果\t（一）予以公开\t\t0\t0\t0\t0\t0\t0\t0",
    ]
    assert "\t（四）无法提供\t1.本机关不掌握相关政府信息\t10\t0\t0\t0\t0\t0\t10" in lines
    assert doc.kind == "pdf"


@pytest.mark.parametrize("name", ["huaian-hongze-qu-2023.pdf", "huaian-hongze-qu-2024.pdf", "huaian-shi-2024.pdf"])
def test_corpus_pdfs_give_table_three_rows_with_seven_numbers(corpus_dir, name):
    lines = read_document(corpus_dir / name).text.splitlines()
    row_labels = ("一、本年新收", "二、上年结转", "（七）总计", "四、结转下年度")
    rows = [line for line in lines if "\t" in line and any(label in line for label in row_labels)]
    assert [len([c for c in row.split("\t") if c.strip()]) for row in rows] == [8, 8, 8, 8]
    assert all(c.replace(".", "").isdigit() for row in rows for c in row.split("\t")[-7:])


def test_file_name_with_spaces_and_unusual_unicode_reads(tmp_path):
    path = tmp_path / "年报 2023 (终稿) ✓ Ünïcödé 𠀀.txt"
    path.write_text("一、总体情况\n全年主动公开信息100条。\n", encoding="utf-8")
    assert read_document(path).text == "一、总体情况\n全年主动公开信息100条。\n"


def test_content_hash_is_sha256_of_bytes(tmp_path):
    import hashlib

    path = tmp_path / "r.txt"
    path.write_bytes("一、总体情况\n".encode("gbk"))
    assert read_document(path).content_hash == hashlib.sha256(path.read_bytes()).hexdigest()


# ---------------------------------------------------------------- the bad-file suite (issue 6)

def _zip_bomb(path, inflated: int) -> None:
    zeros = b"\0" * (1 << 20)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        with zf.open("word/document.xml", "w", force_zip64=True) as member:
            for _ in range(inflated >> 20):
                member.write(zeros)


def _image_pdf(path) -> None:
    from PIL import Image

    Image.new("RGB", (300, 200), "white").save(path)


def _scripts_page(path) -> None:
    path.write_text("<html><body>" + "<script>var a='年度报告';</script><iframe src='x'></iframe>" * 50
                    + "<div class='nav'><a href='/'>首页</a></div></body></html>", encoding="utf-8")


BAD_FILES = {
    "empty.txt": (lambda p: p.write_bytes(b""), "empty file"),
    "binary.txt": (lambda p: p.write_bytes(bytes(range(256)) * 40), "binary data"),
    "controls.md": (lambda p: p.write_bytes(b"\x01\x02\x03\x04\x05abc" * 300), "binary data"),
    "scripts.html": (_scripts_page, "no article text"),
    "corrupt.docx": (lambda p: p.write_bytes(b"PK\x03\x04 this is not really a zip"), "corrupt .docx"),
    "nodocument.docx": (lambda p: zipfile.ZipFile(p, "w").writestr("a.txt", "x"), "no word/document.xml"),
    "bomb.docx": (lambda p: _zip_bomb(p, 250 << 20), "zip bomb"),
    "ratio-bomb.docx": (lambda p: _zip_bomb(p, 30 << 20), "zip bomb"),
    "scanned.pdf": (_image_pdf, "no text layer — scanned PDF?"),
    "malformed.pdf": (lambda p: p.write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog"), "malformed PDF"),
    "notpdf.pdf": (lambda p: p.write_bytes(b"<html>hello</html>"), "malformed PDF"),
    "report.doc": (lambda p: p.write_bytes(b"\xd0\xcf\x11\xe0 old word"), "not a Word 97/WPS file"),
    "report.xyz": (lambda p: p.write_text("一、总体情况"), "unsupported file type '.xyz'"),
}


@pytest.mark.parametrize("name", sorted(BAD_FILES))
def test_bad_files_raise_read_error_with_reason(tmp_path, name):
    make, reason = BAD_FILES[name]
    path = tmp_path / name
    make(path)
    started = time.monotonic()
    with pytest.raises(ReadError) as caught:
        read_document(path)
    assert reason in str(caught.value)
    assert time.monotonic() - started < 5  # refused before any expensive work


def test_file_over_size_limit_is_refused(tmp_path):
    path = tmp_path / "big.txt"
    path.write_text("一、总体情况\n" * 200, encoding="utf-8")
    with pytest.raises(ReadError, match=r"file too large: 3800 bytes > limit 1000"):
        read_document(path, max_bytes=1000)
    assert isinstance(read_document(path, max_bytes=4000), Document)


def test_missing_file_and_folder_are_read_errors(tmp_path):
    with pytest.raises(ReadError, match="not a regular file"):
        read_document(tmp_path / "missing.txt")
    (tmp_path / "folder.txt").mkdir()
    with pytest.raises(ReadError, match="not a regular file"):
        read_document(tmp_path / "folder.txt")
