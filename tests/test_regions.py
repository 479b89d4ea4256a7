"""indexer.places.regions: the region facet of a real index, depth by depth, adds up to the total."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from indexer.corpus import load_report, scan_corpus
from indexer.places import by_depth, depth_of
from indexer.places.divisions import RANKS
from indexer.search import Archive, build_index

REPO = Path(__file__).resolve().parent.parent


def test_each_value_is_at_one_depth():
    assert [depth_of(v) for v in ("浙江省", "全国", "杭州市", "吉林市", "东城区", "经纬街道", "考核推动全市")] == [
        "province", "province", "city", "city", "county", "township", ""]
    # a street an organ's name writes that the 2023 table lacks is at the township depth
    assert [depth_of(v) for v in ("云栖街道", "某某乡", "城市")] == ["township", "township", ""]


def test_depths_with_their_unknown_buckets():
    counts = {"浙江省": 3, "杭州市": 2, "西湖区": 1, "北京市": 1, "东城区": 1, "未识别": 2}
    assert by_depth(counts, 6) == {
        "province": [("浙江省", 3), ("北京市", 1), ("未识别", 2)],
        # a municipality has no prefecture: its reports count under it at the city depth
        "city": [("杭州市", 2), ("北京市", 1), ("未识别", 3)],
        "county": [("东城区", 1), ("西湖区", 1), ("未识别", 4)],
        "township": [("未识别", 6)],
    }


def test_a_value_that_is_no_place_or_counted_twice_is_an_error():
    with pytest.raises(ValueError, match="no division"):
        by_depth({"考核推动全市": 1}, 1)
    with pytest.raises(ValueError, match="province depth count 3 reports of 2"):
        by_depth({"浙江省": 2, "江苏省": 1}, 2)


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    """A real index of the development reports of bench/dev5 (placed, placeless,
    national, township, no organ at all) and the sample corpus."""
    root = tmp_path_factory.mktemp("regions")
    corpus = root / "corpus"
    shutil.copytree(REPO / "corpus", corpus)
    for path in sorted((REPO / "bench" / "dev5").glob("*.txt")):
        shutil.copy(path, corpus / f"dev5-{path.name}")
    build_index(corpus, root / "index", progress=False)
    entries, _ = scan_corpus(corpus)
    return Archive(root / "index"), [load_report(e).report for e in entries]


def test_every_facet_adds_up_to_the_total_on_a_real_index(archive):
    index, reports = archive
    result = index.search("", kind="report", facet_limit=100000)
    assert result.total == len(reports)
    for name, facet in result.facets.items():
        if name in ("region", "category", "kind"):
            # several values per report (region: by depth below; categories), or
            # counted over every kind whatever kind is chosen (kind)
            continue
        assert sum(v.count for v in facet.values) == result.total, name


def test_the_region_facet_adds_up_at_each_depth_on_a_real_index(archive):
    index, reports = archive
    result = index.search("", kind="report", facet_limit=100000)
    counts = {v.value: v.count for v in result.facets["region"].values}
    depths = by_depth(counts, result.total)
    for rank in RANKS:
        assert sum(n for _, n in depths[rank]) == result.total, rank
        # the unknown bucket is exactly the reports holding no place at that depth
        unknown = sum(1 for r in reports if not getattr(r.region, rank)
                      and not (rank == "city" and r.region.province in ("北京市", "天津市", "上海市", "重庆市")))
        assert dict(depths[rank]).get("未识别", 0) == unknown, rank
    assert dict(depths["township"])["温图高勒苏木"] == 1


def test_the_archive_gives_the_region_facet_depth_by_depth(archive):
    index, reports = archive
    result = index.search("", kind="report", facet_limit=5)  # a cut flat list: the depths are whole
    depths = result.facets["region"].depths
    assert list(depths) == list(RANKS)
    for rank, values in depths.items():
        assert sum(v.count for v in values) == result.total, rank
    chosen = index.search("", kind="report", filters={"region": ["浙江省"]})
    marked = [v for v in chosen.facets["region"].depths["province"] if v.selected]
    assert [v.value for v in marked] == ["浙江省"]


def test_the_page_and_the_api_show_the_region_depths(archive, tmp_path):
    from app import create_app

    index, _ = archive
    client = create_app({"INDEX_DIR": str(index.index_dir), "CORPUS_DIR": str(tmp_path)}).test_client()
    data = client.get("/api/search?kind=report").get_json()
    assert set(data["region_depths"]) == set(RANKS)
    for rank, values in data["region_depths"].items():
        assert sum(v["count"] for v in values) == data["total"], rank
    page = client.get("/?kind=report").get_data(as_text=True)
    for label in ("<summary>省</summary>", "<summary>市</summary>", "<summary>县</summary>", "<summary>乡镇街道</summary>"):
        assert label in page
    assert page.count('data-depth="province" open') == 1 and 'data-depth="county" open' not in page
