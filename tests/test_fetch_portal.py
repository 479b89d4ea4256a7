"""`indexer.fetch.portal`: reading list and article pages (pure)."""
from __future__ import annotations

import pytest

from indexer.fetch.portal import is_report_title, read_portal_page, report_year


@pytest.mark.parametrize("title, expected", [
    ("2023年政府信息公开工作年度报告", True),
    ("某某区人民政府2022年度政府信息公开工作年度报告", True),
    ("南寻乡2014年政府信息公开工作报告", True),
    ("政府信息公开年报", True),
    ("关于做好2023年政府信息公开工作年度报告编制工作的通知", False),
    ("政府信息公开指南", False),
    ("《2022年政府信息公开工作年度报告》解读", False),
    ("2023年部门预算公开", False),
])
def test_report_titles(title, expected):
    assert is_report_title(title) is expected


def test_report_year_is_the_first_year_named():
    assert (report_year("某某区2019年度政府信息公开工作年度报告（2020年发布）"), report_year("政府信息公开年报")) == (2019, None)


GBK_ARTICLE = """<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312">
<title>2023年政府信息公开工作年度报告_某某县</title></head><body>
<div class="nav"><a href="/">首页</a></div><h1>某某县2023年政府信息公开工作年度报告</h1>
<p>发布日期：2024年1月18日 | 来源：某某县政务公开办</p>
<p>附件：<a href="P020240118.xls">统计表.xls</a> <a href="./P020240118.pdf">年报.pdf</a>
<a href="../files/report.DOC#page">年报.doc</a> <a href="javascript:void(0)">打印</a></p></body></html>"""


def test_a_gbk_article_page_gives_title_date_source_and_attachments_best_first():
    page = read_portal_page(GBK_ARTICLE.encode("gbk"), "http://www.example.gov.cn/zwgk/nb/202401/t20240118_1.html", "text/html")
    assert (page.title, page.published, page.source) == ("某某县2023年政府信息公开工作年度报告", "2024-01-18", "某某县政务公开办")
    assert [(a.text, a.url) for a in page.attachments] == [
        ("年报.doc", "http://www.example.gov.cn/zwgk/nb/files/report.DOC"),
        ("年报.pdf", "http://www.example.gov.cn/zwgk/nb/202401/P020240118.pdf"),
        ("统计表.xls", "http://www.example.gov.cn/zwgk/nb/202401/P020240118.xls"),
    ]
    assert page.article_chars < 60


def test_paging_by_next_link_and_by_the_trs_script():
    by_link = read_portal_page('<a href="index_1.html">下一页</a><a href="index_9.html">尾页</a>'.encode(),
                               "http://x.gov.cn/gknb/index.html")
    assert by_link.next_pages == ["http://x.gov.cn/gknb/index_1.html"]
    script = '<script>createPageHTML(5, 1, "index", "shtml");</script>'.encode()
    assert read_portal_page(script, "http://x.gov.cn/gknb/index_1.shtml").next_pages == ["http://x.gov.cn/gknb/index_2.shtml"]
    last = '<script>createPageHTML(5, 4, "index", "shtml");</script>'.encode()
    assert read_portal_page(last, "http://x.gov.cn/gknb/index_4.shtml").next_pages == []


def test_links_keep_only_web_urls():
    page = read_portal_page('<a href="mailto:a@b.cn">信箱</a><a href="ftp://x/y">旧</a><a href=" /a.html ">甲</a>'.encode(),
                            "https://x.gov.cn/list/")
    assert [link.url for link in page.links] == ["https://x.gov.cn/a.html"]


def test_attachment_types_from_download_scripts_and_link_texts():
    page = read_portal_page('<a href="/module/download/downfile.jsp?classid=0&filename=2023%E5%B9%B4%E6%8A%A5.pdf">下载</a>'
                            '<a href="/attach/0/abc123">2023年年度报告.doc</a><a href="/news/123.html">2023年工作要点.html</a>'.encode(),
                            "https://x.gov.cn/art/1.html")
    assert [(a.suffix, a.url) for a in page.attachments] == [(".doc", "https://x.gov.cn/attach/0/abc123"),
        (".pdf", "https://x.gov.cn/module/download/downfile.jsp?classid=0&filename=2023%E5%B9%B4%E6%8A%A5.pdf")]
