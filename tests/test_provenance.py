"""`indexer.provenance`: provenance.csv rows and the manifest rows the fetcher adds."""
from __future__ import annotations

import csv

from indexer.corpus import read_manifest, scan_corpus
from indexer.provenance import FetchRecord, append_manifest_row, append_record, read_provenance, versions


def _record(file: str, version: int = 1, **changes) -> FetchRecord:
    values = dict(file=file, page_url="https://www.example.gov.cn/nb/1.html", attachment_url="",
                  fetched_at=f"2026-01-0{version}T00:00:00+00:00", page_published="2024-01-18", page_source="某某县",
                  content_hash=f"{version:064x}", version=version) | changes
    return FetchRecord(**values)


def test_rows_round_trip_and_versions_come_oldest_first(tmp_path):
    second = _record("fetched/h/1-v2.html", 2)
    first = _record("fetched/h/1.html", 1)
    other = _record("fetched/h/2.pdf", page_url="https://www.example.gov.cn/nb/2.html",
                    attachment_url="https://www.example.gov.cn/nb/2.pdf", ocr=True)
    for record in (second, first, other):
        append_record(tmp_path, record)
    records = read_provenance(tmp_path)
    assert records == {r.file: r for r in (first, second, other)}
    assert versions(records, first.page_url) == [first, second]
    assert other.url == "https://www.example.gov.cn/nb/2.pdf" and first.url == first.page_url


def test_a_bad_row_is_left_out(tmp_path):
    (tmp_path / "provenance.csv").write_text(
        "file,page_url,version\nok.html,https://x.gov.cn/a.html,1\nnopage.html,,1\nbad.html,https://x.gov.cn/b.html,two\n",
        encoding="utf-8")
    assert list(read_provenance(tmp_path)) == ["ok.html"]
    assert read_provenance(tmp_path / "missing") == {}


def test_manifest_rows_go_under_the_columns_the_manifest_has(tmp_path):
    (tmp_path / "manifest.csv").write_text("file,source_url,agency,year,province,note\na.txt,,某局,2020,,hand-made", encoding="utf-8")
    append_manifest_row(tmp_path, "fetched/h/1.html", "https://www.example.gov.cn/nb/1.html", "fetched today")
    with open(tmp_path / "manifest.csv", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert rows[1] == {"file": "fetched/h/1.html", "source_url": "https://www.example.gov.cn/nb/1.html", "agency": "",
                       "year": "", "province": "", "note": "fetched today"}
    entries, problems = read_manifest(tmp_path)
    assert entries["fetched/h/1.html"].source_url == "https://www.example.gov.cn/nb/1.html"


def test_a_new_manifest_gets_the_standard_header(tmp_path):
    append_manifest_row(tmp_path, "x.html", "https://x.gov.cn/", "n")
    assert (tmp_path / "manifest.csv").read_text(encoding="utf-8") == "file,source_url,agency,year,note\nx.html,https://x.gov.cn/,,,n\n"


def test_the_provenance_table_is_not_a_report(tmp_path):
    append_record(tmp_path, _record("r.txt"))
    (tmp_path / "r.txt").write_text("2020年政府信息公开工作年度报告", encoding="utf-8")
    entries, skipped = scan_corpus(tmp_path)
    assert [e.relpath for e in entries] == ["r.txt"] and skipped == []


def test_the_ocr_flag_reads_the_shared_rows_and_a_caller_cannot_change_them(tmp_path):
    from indexer.provenance import ocr_requested

    append_record(tmp_path, _record("fetched/h/1.pdf", ocr=True))
    append_record(tmp_path, _record("fetched/h/2.pdf", page_url="https://www.example.gov.cn/nb/2.html"))
    assert ocr_requested(tmp_path, "fetched/h/1.pdf") and not ocr_requested(tmp_path, "fetched/h/2.pdf")
    records = read_provenance(tmp_path)
    records.clear()  # a caller's copy: the build's reading of the flag is unchanged
    assert ocr_requested(tmp_path, "fetched/h/1.pdf") and not ocr_requested(tmp_path, "missing.pdf")
    assert len(read_provenance(tmp_path)) == 2
