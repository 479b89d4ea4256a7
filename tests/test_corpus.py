"""indexer.corpus: report ids, the manifest, scanning (bad-file suite of
issue 6 included), loading with overrides, and original_path."""
from __future__ import annotations

import hashlib
import os

import pytest

from indexer.corpus import (ManifestEntry, Skipped, load_report, original_path, read_manifest,
                            report_id_for, scan_corpus)
from indexer.errors import NotFoundError, ReadError
from indexer.parser import parse_report
from indexer.readers import read_document

REPORT = "一、总体情况\n2023年，本街道主动公开政府信息120条。\n五、存在的主要问题及改进情况\n一是公开不够及时。\n"


def _sha8(relpath: str) -> str:
    return hashlib.sha1(relpath.encode("utf-8")).hexdigest()[:8]


@pytest.mark.parametrize("relpath, taken, expected", [
    ("songbei-qu-2020.txt", set(), "songbei-qu-2020"),
    ("sub/My Report_2023 (final).TXT", set(), "my-report-2023-final"),
    ("ＡＢＣ２０２３.md", set(), "abc2023"),
    ("2023/a.txt", {"a"}, "a-" + _sha8("2023/a.txt")),
    ("沭阳县年报.html", set(), "report-" + _sha8("沭阳县年报.html")),
    ("../../etc/passwd", set(), "passwd"),
])
def test_report_id_for(relpath, taken, expected):
    assert report_id_for(relpath, taken) == expected


def test_manifest_rows_and_malformed_rows_are_reported_not_fatal(tmp_path):
    (tmp_path / "manifest.csv").write_text(
        "file,source_url,agency,year,note\n"
        "a.txt,https://www.example.gov.cn/a.html,某某街道办事处,2021,ok\n"
        "b.txt,javascript:alert(1),,20x1,bad url and year\n"
        ",https://x.gov.cn,,,\n"
        "a.txt,,,,again\n"
        'c.txt,,"引号,逗号",,\n',
        encoding="utf-8-sig")
    entries, problems = read_manifest(tmp_path)
    assert entries == {
        "a.txt": ManifestEntry("a.txt", "https://www.example.gov.cn/a.html", "某某街道办事处", year=2021, note="ok", line=2),
        "b.txt": ManifestEntry("b.txt", note="bad url and year", line=3),
        "c.txt": ManifestEntry("c.txt", "", "引号,逗号", line=6),
    }
    assert problems == [
        Skipped("manifest.csv", "manifest.csv line 3: b.txt: source_url 'javascript:alert(1)' is not an http(s) URL; ignored"),
        Skipped("manifest.csv", "manifest.csv line 3: b.txt: year '20x1' is not a year; ignored"),
        Skipped("manifest.csv", "manifest.csv line 4: no file name"),
        Skipped("manifest.csv", "manifest.csv line 5: a.txt listed twice; the first line is used"),
    ]


def test_manifest_without_file_column(tmp_path):
    (tmp_path / "manifest.csv").write_text("name,url\nx,y\n", encoding="utf-8")
    assert read_manifest(tmp_path) == ({}, [Skipped(
        "manifest.csv", "manifest.csv line 1: no 'file' column; expected columns file, source_url, agency, province, "
                        "city, county, township, level, organ_type, year, published, note")])


def test_scan_real_corpus(copy_corpus, corpus_dir):
    corpus = copy_corpus()
    entries, skipped = scan_corpus(corpus)
    names = sorted(p.name for p in corpus_dir.iterdir() if p.name != "manifest.csv")
    assert skipped == []
    assert [(e.relpath, e.report_id) for e in entries] == [(n, n.rsplit(".", 1)[0]) for n in names]
    by_name = {e.relpath: e for e in entries}
    assert by_name["shuyang-fagaiju-2023.html"].manifest.source_url == \
        "http://www.shuyang.gov.cn/sygfj/gknb/202401/2ecfb31a335f4d689220a3a23e24a986.shtml"
    assert all(e.path == corpus.resolve() / e.relpath for e in entries)


def _bad_corpus(tmp_path, copy_corpus):
    """A corpus with two good reports and every kind of bad file."""
    from PIL import Image

    corpus = copy_corpus("songbei-qu-2020.txt", "shuyang-fagaiju-2023.html")
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text(REPORT, encoding="utf-8")
    (corpus / "empty.txt").write_bytes(b"")
    (corpus / "binary.txt").write_bytes(bytes(range(256)) * 20)
    (corpus / "scripts.html").write_text("<html><body>" + "<script>x()</script><iframe></iframe>" * 20 + "</body></html>")
    (corpus / "corrupt.docx").write_bytes(b"PK\x03\x04 broken")
    (corpus / "malformed.pdf").write_bytes(b"%PDF-1.4\n1 0 obj <<")
    Image.new("RGB", (100, 100), "white").save(corpus / "scanned.pdf")
    (corpus / "年报 2023 ✓ Ünï 𠀀.txt").write_text(REPORT, encoding="utf-8")
    (corpus / "notes.xlsx").write_bytes(b"PK")
    (corpus / ".hidden.txt").write_text(REPORT, encoding="utf-8")
    (corpus / "README.md").write_text("about this corpus", encoding="utf-8")
    (corpus / "escape.txt").symlink_to(outside / "secret.txt")
    (corpus / "linked-folder").symlink_to(outside, target_is_directory=True)
    (corpus / "inner-link.txt").symlink_to(corpus / "songbei-qu-2020.txt")
    (corpus / "dangling.txt").symlink_to(tmp_path / "nowhere.txt")
    os.mkfifo(corpus / "pipe.txt")
    return corpus


def test_bad_file_suite_is_skipped_or_refused_while_the_rest_loads(tmp_path, copy_corpus):
    corpus = _bad_corpus(tmp_path, copy_corpus)
    entries, skipped = scan_corpus(corpus)
    assert sorted(skipped) == sorted([
        Skipped("linked-folder", "symlinked folder — not followed"),
        Skipped("escape.txt", "symlink pointing outside the corpus — not followed"),
        Skipped("dangling.txt", "broken symlink"),
        Skipped("pipe.txt", "not a regular file"),
        Skipped("notes.xlsx", "不支持的文件类型 unsupported file type '.xlsx'"),
    ])
    loaded, refused = {}, {}
    for entry in entries:
        try:
            loaded[entry.relpath] = load_report(entry)
        except ReadError as exc:
            refused[entry.relpath] = str(exc)
    assert sorted(loaded) == ["inner-link.txt", "shuyang-fagaiju-2023.html", "songbei-qu-2020.txt", "年报 2023 ✓ Ünï 𠀀.txt"]
    expected = {
        "empty.txt": "empty file",
        "binary.txt": "binary data, not text",
        "scripts.html": "no article text in the HTML page",
        "corrupt.docx": "corrupt .docx",
        "malformed.pdf": "malformed PDF",
        "scanned.pdf": "no text layer — scanned PDF?",
    }
    assert sorted(refused) == sorted(expected)
    assert {name: reason for name, reason in expected.items() if reason in refused[name]} == expected
    unicode_entry = next(e for e in entries if e.relpath.startswith("年报"))
    assert unicode_entry.report_id == "2023-uni"


def test_load_report_applies_manifest_overrides_with_warnings(copy_corpus):
    corpus = copy_corpus("songbei-qu-2020.txt")
    (corpus / "manifest.csv").write_text(
        "file,source_url,agency,year,note\nsongbei-qu-2020.txt,https://www.songbei.gov.cn/nb/2020.html,松北区政府办公室,2019,\n",
        encoding="utf-8")
    parsed = parse_report(read_document(corpus / "songbei-qu-2020.txt").text)
    [entry], skipped = scan_corpus(corpus)
    loaded = load_report(entry)
    assert skipped == []
    assert (loaded.report_id, loaded.relpath, loaded.content_hash) == (
        "songbei-qu-2020", "songbei-qu-2020.txt", hashlib.sha256((corpus / "songbei-qu-2020.txt").read_bytes()).hexdigest())
    report = loaded.report
    assert (report.source, report.source_url, report.agency, report.year) == (
        "songbei-qu-2020.txt", "https://www.songbei.gov.cn/nb/2020.html", "松北区政府办公室", 2019)
    assert report.warnings == parsed.warnings + [
        f"agency overridden by manifest.csv: '{parsed.agency}' → '松北区政府办公室'",
        f"year overridden by manifest.csv: '{parsed.year}' → '2019'",
    ]


@pytest.mark.parametrize("canonical, expected", [
    ("https://www.example.gov.cn/nb/2023.html", "https://www.example.gov.cn/nb/2023.html"),
    ("javascript:alert(document.cookie)", ""),
    ("/relative/page.html", ""),
])
def test_load_report_takes_page_date_and_only_web_canonical_urls(tmp_path, canonical, expected):
    corpus = tmp_path / "c"
    corpus.mkdir()
    page = (f'<html><head><link rel="canonical" href="{canonical}"><meta name="PubDate" content="2024-02-01">'
            "</head><body><div id='zoom'>" + "".join(f"<p>{line}</p>" for line in REPORT.splitlines()) +
            "</div></body></html>")
    (corpus / "page.html").write_text(page, encoding="utf-8")
    [entry], _ = scan_corpus(corpus)
    report = load_report(entry).report
    assert parse_report(REPORT).published == ""
    assert (report.published, report.source_url, report.source) == ("2024-02-01", expected, "page.html")


def test_load_report_parse_error_for_text_that_is_not_a_report(tmp_path):
    from indexer.errors import ParseError

    corpus = tmp_path / "c"
    corpus.mkdir()
    (corpus / "recipe.txt").write_text("番茄炒蛋：先炒蛋，再放番茄，加盐出锅。\n", encoding="utf-8")
    [entry], _ = scan_corpus(corpus)
    with pytest.raises(ParseError):
        load_report(entry)


def test_original_path_serves_only_files_inside_the_corpus(tmp_path, copy_corpus):
    corpus = _bad_corpus(tmp_path, copy_corpus)
    assert original_path(corpus, "songbei-qu-2020.txt") == (corpus / "songbei-qu-2020.txt").resolve()
    assert original_path(corpus, "inner-link.txt") == (corpus / "songbei-qu-2020.txt").resolve()
    for bad in ["../outside/secret.txt", str(tmp_path / "outside" / "secret.txt"), "escape.txt",
                "linked-folder/secret.txt", "%2e%2e/outside/secret.txt", "missing.txt", "", ".",
                "songbei-qu-2020.txt\x00.png", "..\\outside\\secret.txt", "C:/windows/win.ini", "dangling.txt"]:
        with pytest.raises(NotFoundError):
            original_path(corpus, bad)


def test_scan_missing_folder_is_a_read_error(tmp_path):
    with pytest.raises(ReadError, match="corpus folder not found"):
        scan_corpus(tmp_path / "nope")


def test_manifest_sets_a_township_the_divisions_table_lacks(tmp_path):
    # 厚桥街道 (无锡市锡山区) is newer than the table's cut-off: the manifest may
    # still set it; the county it names completes the chain above it
    (tmp_path / "a.txt").write_text("2023年厚桥街道政府信息公开工作年度报告\n" + REPORT, encoding="utf-8")
    (tmp_path / "manifest.csv").write_text(
        "file,county,township\na.txt,锡山区,厚桥街道\nb.txt,,考核推动全市\n", encoding="utf-8")
    entries, problems = read_manifest(tmp_path)
    assert entries["a.txt"].township == "厚桥街道"
    assert entries["b.txt"].township == ""
    assert problems == [Skipped("manifest.csv", "manifest.csv line 3: b.txt: '考核推动全市' is neither a division of "
                                                "the divisions table nor a township's name (…街道/镇/乡/苏木); ignored")]
    [entry], _ = scan_corpus(tmp_path)
    report = load_report(entry).report
    assert (report.region.province, report.region.city, report.region.county, report.region.township) == (
        "江苏省", "无锡市", "锡山区", "厚桥街道")
    assert report.place_unknown is False
