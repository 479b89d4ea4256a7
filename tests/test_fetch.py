"""`indexer.fetch.crawl`: the whole fetch of the loopback fixture portal
(see fetch_portal.py), what ends up in the corpus and manifest, and what the
build indexes from it."""
from __future__ import annotations

import csv
import hashlib
from collections import Counter

import pytest

from fetch_portal import CHANGE_ADDED, test_policy

from indexer.fetch import FetchOptions, fetch_reports
from indexer.provenance import read_provenance
from indexer.search import Archive

pytest_plugins = ["fetch_fixtures"]

FIRST_FILES = ["2018-art_101.html", "files-linbei-2018.doc", "files-nanxun-2014.docx", "files-xiangshan-2013.pdf",
               "files-tunchang-2015-scan.pdf", "2019-art_107.html"]


def _folder(fetched) -> str:
    return "fetched/" + fetched.base.removeprefix("http://").replace(":", "-")


def test_first_fetch_stores_one_file_per_report_in_page_order(fetched_portal):
    folder = _folder(fetched_portal)
    assert [r.file for r in fetched_portal.first.stored] == [f"{folder}/{name}" for name in FIRST_FILES]
    assert (fetched_portal.first.pages_seen, fetched_portal.first.reports_found, fetched_portal.first.downloaded) == (10, 11, 7)


def test_every_skip_is_counted_with_its_reason(fetched_portal):
    base = fetched_portal.base
    assert {(s.url.removeprefix(base), s.why) for s in fetched_portal.first.skipped} == {
        ("/gknb/notice.html", "not an annual report"),
        ("/private/art_109.html", "robots.txt"),
        ("/gknb/loop.html", "redirect loop"),
        ("/gknb/broken.html", "HTTP 500"),
        ("/gknb/slow.html", "timed out"),
        ("/files/nanxun-2014-copy.docx", "duplicate"),
        ("/gknb/2013/art_108.html", "before 2013"),
    }
    assert "pages 10 · reports 11 · downloaded 7 · stored 6 · skipped 7 (HTTP 500 1, before 2013 1, duplicate 1, " \
           "not an annual report 1, redirect loop 1, robots.txt 1, timed out 1)" == fetched_portal.first.line()


def test_paging_robots_retries_and_loops_as_the_server_saw_them(fetched_portal):
    hits = fetched_portal.hits_first
    assert [hits.get(f"/gknb/index{s}.html", 0) for s in ("", "_1", "_2", "_3")] == [1, 1, 1, 0]  # --column-pages 3
    assert "/private/art_109.html" not in hits  # robots.txt: never requested
    assert hits["/robots.txt"] == 1
    assert hits["/gknb/broken.html"] == 2  # one retry after the 500
    assert hits["/gknb/slow.html"] == 2  # timed out twice
    assert (hits["/gknb/loop.html"], hits["/gknb/loop2.html"]) == (1, 1)  # the loop is seen, not walked again
    assert "/gknb/2013/art_108.html" not in hits  # --since judged from the link title


def test_provenance_and_manifest_rows_for_each_stored_file(fetched_portal):
    base, folder = fetched_portal.base, _folder(fetched_portal)
    records = read_provenance(fetched_portal.corpus)
    doc = records[f"{folder}/files-linbei-2018.doc"]
    assert (doc.page_url, doc.attachment_url, doc.page_published, doc.page_source, doc.version, doc.ocr) == (
        f"{base}/gknb/2019/art_102.html", f"{base}/files/linbei-2018.doc", "2019-01-15", "某某区人民政府办公室", 1, False)
    page = records[f"{folder}/2018-art_101.html"]
    assert (page.page_url, page.attachment_url, page.page_published) == (f"{base}/gknb/2018/art_101.html", "", "2018-01-31")
    assert records[f"{folder}/files-tunchang-2015-scan.pdf"].ocr is True
    for record in records.values():
        data = (fetched_portal.corpus / record.file).read_bytes()
        assert record.content_hash == hashlib.sha256(data).hexdigest()
        assert record.fetched_at.endswith("+00:00")
    with open(fetched_portal.corpus / "manifest.csv", encoding="utf-8") as fh:
        manifest = {row["file"]: row for row in csv.DictReader(fh)}
    assert set(manifest) == set(records)
    assert manifest[doc.file]["source_url"] == doc.page_url
    assert manifest[doc.file]["note"] == f"fetched {doc.fetched_at} from {doc.attachment_url}"


def test_the_gbk_page_is_stored_as_served(fetched_portal):
    stored = (fetched_portal.corpus / _folder(fetched_portal) / "2018-art_101.html").read_bytes()
    assert "郊区某乡2017年度政府信息公开年度报告".encode("gbk") in stored
    with pytest.raises(UnicodeDecodeError):
        stored.decode("utf-8")


def test_second_fetch_keeps_the_changed_page_as_a_new_version_and_nothing_else(fetched_portal):
    folder = _folder(fetched_portal)
    second = fetched_portal.second
    assert [(r.file, r.version) for r in second.stored] == [(f"{folder}/2019-art_107-v2.html", 2)]
    assert Counter(s.why for s in second.skipped)["unchanged"] == 5
    old = (fetched_portal.corpus / folder / "2019-art_107.html").read_bytes().decode("gbk")
    new = (fetched_portal.corpus / folder / "2019-art_107-v2.html").read_bytes().decode("gbk")
    assert CHANGE_ADDED not in old and CHANGE_ADDED in new  # the first version is not overwritten
    files = sorted(p.relative_to(fetched_portal.corpus).as_posix() for p in fetched_portal.corpus.rglob("*") if p.is_file())
    assert files == sorted([".fetch.lock", "manifest.csv", "provenance.csv"]
                           + [f"{folder}/{n}" for n in FIRST_FILES + ["2019-art_107-v2.html"]])


def test_nothing_is_written_outside_the_corpus(fetched_portal):
    outside = [p for p in fetched_portal.root.iterdir() if p.name not in ("corpus", "index")]
    assert outside == []


def test_the_build_indexes_every_fetched_report(fetched_portal):
    build = fetched_portal.build
    assert build.skipped == []
    assert len(build.added) == 7
    archive = Archive(fetched_portal.index)
    doc = archive.report("files-linbei-2018")
    assert doc.report.year == 2018 and "临北回族乡" in doc.report.agency
    assert doc.report.source_url == f"{fetched_portal.base}/gknb/2019/art_102.html"  # the manifest row
    scan = archive.report("files-tunchang-2015-scan")
    assert scan.report.year == 2015
    assert scan.report.warnings[0].startswith("正文由 OCR 识别")
    assert "OCR" not in " ".join(doc.report.warnings)
    hits = archive.search('"监督各股室"', per_page=10).hits  # a phrase only the scanned page holds
    assert {h.report_id for h in hits} == {"files-tunchang-2015-scan"}
    hits = archive.search('"临北回族乡信息公开2018年度工作报告"', per_page=10).hits  # only in the .doc
    assert {h.report_id for h in hits} == {"files-linbei-2018"}
    hits = archive.search(f'"{CHANGE_ADDED[4:14]}"', per_page=10).hits
    assert {h.report_id for h in hits} == {"2019-art-107-v2"}


def test_a_report_page_url_is_fetched_directly(portal, tmp_path):
    corpus = tmp_path / "corpus"
    summary = fetch_reports([portal.url("/gknb/2014/art_104.html")], corpus, FetchOptions(policy=test_policy()))
    assert [r.attachment_url for r in summary.stored] == [portal.url("/files/xiangshan-2013.pdf")]
    assert dict(portal.hits) == {"/robots.txt": 1, "/gknb/2014/art_104.html": 1, "/files/xiangshan-2013.pdf": 1}


def test_without_loopback_permission_nothing_is_requested(portal, tmp_path):
    summary = fetch_reports([portal.url("/gknb/index.html")], tmp_path / "corpus",
                            FetchOptions(policy=test_policy(allow_loopback=False)))
    assert [(s.why, s.url) for s in summary.skipped] == [("non-public address", portal.url("/gknb/index.html"))]
    assert sum(portal.hits.values()) == 0


def test_a_symlinked_fetch_folder_is_refused(portal, tmp_path):
    corpus, elsewhere = tmp_path / "corpus", tmp_path / "elsewhere"
    corpus.mkdir()
    elsewhere.mkdir()
    (corpus / "fetched").symlink_to(elsewhere)
    summary = fetch_reports([portal.url("/gknb/2014/art_104.html")], corpus, FetchOptions(policy=test_policy()))
    assert summary.stored == [] and [s.why for s in summary.skipped] == ["not written"]
    assert list(elsewhere.iterdir()) == []


def test_a_scan_fetched_without_ocr_is_skipped_by_the_build_until_fetched_with_ocr(portal, tmp_path):
    from indexer.build import build_index

    corpus = tmp_path / "corpus"
    article = portal.url("/gknb/2016/art_105.html")
    first = fetch_reports([article], corpus, FetchOptions(policy=test_policy()))
    (record,) = first.stored
    assert record.ocr is False
    build = build_index(corpus, tmp_path / "index", procs=1, progress=False)
    assert build.skipped == [(record.file, "PDF 没有文字层 no text layer — scanned PDF? (readable by OCR: fetch with --ocr)")]
    again = fetch_reports([article], corpus, FetchOptions(ocr=True, policy=test_policy()))
    assert again.stored == [] and [(s.why, s.detail) for s in again.skipped] == [
        ("unchanged", f"same bytes as {record.file}; now marked for OCR")]
    assert read_provenance(corpus)[record.file].ocr is True
    assert len((corpus / "provenance.csv").read_text(encoding="utf-8").splitlines()) == 3  # header + 2 rows, appended


def test_a_list_linking_the_report_file_itself(portal, tmp_path):
    from fetch_portal import _list

    portal.routes["/gknb/files.html"] = (200, {"Content-Type": "text/html; charset=gbk"},
                                         _list([("/files/xiangshan-2013.pdf", "相山区外资办2013年政府信息公开工作年度报告")], None))
    summary = fetch_reports([portal.url("/gknb/files.html")], tmp_path / "corpus", FetchOptions(policy=test_policy()))
    (record,) = summary.stored
    assert (record.page_url, record.attachment_url) == (portal.url("/files/xiangshan-2013.pdf"),) * 2


def test_an_article_with_only_a_spreadsheet_is_skipped_with_its_type(portal, tmp_path):
    from fetch_portal import _attachment_page

    portal.routes["/gknb/xls.html"] = (200, {"Content-Type": "text/html; charset=gbk"},
                                       _attachment_page("某某局2020年政府信息公开工作年度报告", "/files/tables.xls", "统计表.xls", "2021-01-20"))
    summary = fetch_reports([portal.url("/gknb/xls.html")], tmp_path / "corpus", FetchOptions(policy=test_policy()))
    assert [(s.url, s.why) for s in summary.skipped] == [(portal.url("/files/tables.xls"), "unreadable attachment .xls")]
    assert "/files/tables.xls" not in portal.hits
