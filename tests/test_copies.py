"""Copy detection (`indexer.copies`) and what the build stores (`indexer.copystore`),
on a real index built from the workbench fixture reports."""
from __future__ import annotations

import pytest

pytest.register_assert_rewrite("workbench_fixtures")
from indexer.copies import detect_copies, organ_key
from indexer.copyunits import ReportText, Unit, pack, unpack
from indexer.copystore import CopyStore, stored_generation
from indexer.search.store import open_index
from indexer.similar import normalise

from workbench_fixtures import FIXTURES, FROM_LAST_YEAR, FROM_TWO_YEARS_BACK, SHARED_PARAGRAPH, report_text

paragraphs_2023 = [line for line in report_text(*FIXTURES["shili-caizhengju-2023"]).split("\n")[1:]]

pytest_plugins = ["workbench_fixtures"]


def _flags(store, report_id):
    return {uid: (f["repeated"], f["shared_organs"]) for uid, f in store.unit_flags(report_id).items()}


def test_repeated_only_from_the_immediately_preceding_report(workbench_dirs):
    with CopyStore(workbench_dirs["index"]) as store:
        later = store.unit_flags("shili-caizhengju-2023")
        by_text = {f["text"]: f for f in later.values() if f["kind"] == "problem"}
        assert by_text[FROM_LAST_YEAR.rstrip("。")]["repeated"] == 1
        # written in 2021, absent from 2022: two years back is not 沿用上年表述
        assert FROM_TWO_YEARS_BACK.rstrip("。") not in by_text
        assert _flags(store, "shili-caizhengju-2023") == {
            "shili-caizhengju-2023-p1": (1, 0),
            "shili-caizhengju-2023-s5-2": (1, 0),  # the same statement as a paragraph of part 5
        }
        assert _flags(store, "shili-caizhengju-2022") == {}
        report = store.report("shili-caizhengju-2023")
        assert report["previous_id"] == "shili-caizhengju-2022"
        assert report["organ"].endswith("示例县财政局")  # the organ identity the build stored
        # its paragraphs of 30 characters or more: the repeated statement is the only one found in 2022
        assert report["repeated_chars"] == len(normalise(FROM_LAST_YEAR))
        assert report["total_chars"] == sum(len(normalise(t)) for t in paragraphs_2023 if len(normalise(t)) >= 30)
        assert store.report("shili-caizhengju-2021")["previous_id"] is None
        assert store.report("shili-caizhengju-2021")["share"] is None
        assert [r["report_id"] for r in store.organ_reports(report["organ"])] == [
            "shili-caizhengju-2021", "shili-caizhengju-2022", "shili-caizhengju-2023"]


def test_two_organs_sharing_a_paragraph_form_one_cluster(workbench_dirs):
    with CopyStore(workbench_dirs["index"]) as store:
        total, clusters = store.clusters("paragraph")
        assert total == 1
        cluster = store.cluster(clusters[0]["cluster_id"])
        assert cluster["text"] == SHARED_PARAGRAPH
        assert (cluster["size"], cluster["organs"], cluster["first_year"], cluster["last_year"]) == (2, 2, 2022, 2022)
        assert [(m["report_id"], m["agency"], m["unit_id"]) for m in cluster["members"]] == [
            ("jia-zhen-2022", "示例县甲镇人民政府", "jia-zhen-2022-s1-1"),
            ("yi-zhen-2022", "示例县乙镇人民政府", "yi-zhen-2022-s1-1")]
        assert _flags(store, "jia-zhen-2022") == {"jia-zhen-2022-s1-1": (0, 1)}
        assert store.clusters("problem") == (0, [])


def test_clusters_follow_the_search_filters(workbench_dirs):
    with CopyStore(workbench_dirs["index"]) as store:
        assert store.clusters("paragraph", filters={"agency": ["示例县甲镇人民政府"]})[0] == 1
        assert store.clusters("paragraph", filters={"year": ["2022"]})[0] == 1
        assert store.clusters("paragraph", filters={"year": ["2021", "2023"]})[0] == 0
        assert store.clusters("paragraph", filters={"agency": ["示例县财政局"]})[0] == 0
        # excluding one organ leaves the other member
        assert store.clusters("paragraph", exclude={"agency": ["示例县甲镇人民政府"]})[0] == 1
        assert store.clusters("paragraph", exclude={"year": ["2022"]})[0] == 0


def test_the_pass_records_its_generation(workbench_dirs):
    ix = open_index(workbench_dirs["index"])
    assert stored_generation(workbench_dirs["index"]) == ix.latest_generation()


def test_a_build_runs_a_missing_or_stale_copy_pass_again(tmp_path):
    from indexer.search import build_index

    from workbench_fixtures import FIXTURES, report_text

    corpus, index = tmp_path / "corpus", tmp_path / "index"
    corpus.mkdir()
    for rid in ("jia-zhen-2022", "yi-zhen-2022"):
        (corpus / f"{rid}.txt").write_text(report_text(*FIXTURES[rid]), encoding="utf-8")
    assert build_index(corpus, index, procs=1, progress=False).copies["clusters"] == 1
    assert build_index(corpus, index, procs=1, progress=False).copies == {}  # nothing changed: not run
    (index / "copies.sqlite").unlink()  # as if a build was killed before its copy pass
    assert build_index(corpus, index, procs=1, progress=False).copies["clusters"] == 1
    (corpus / "yi-zhen-2022.txt").unlink()
    assert build_index(corpus, index, procs=1, progress=False).copies["clusters"] == 0
    with CopyStore(index) as store:
        assert store.clusters("paragraph") == (0, []) and store.report("yi-zhen-2022") is None


def test_near_identical_text_is_grouped_and_stock_phrases_are_not():
    text = "政务公开专栏内容更新不够及时，部分栏目长期未更新，信息发布的时效性有待提高"
    near = text.replace("部分栏目", "个别栏目")
    reports = [
        ReportText("a-2020", "甲", 2020, [Unit("a-2020-p1", "problem", text), Unit("a-2020-p2", "problem", "信息发布不够及时")]),
        ReportText("b-2020", "乙", 2020, [Unit("b-2020-p1", "problem", "（一）" + near), Unit("b-2020-p2", "problem", "信息发布不够及时")]),
        ReportText("c-2020", "丙", 2020, [Unit("c-2020-p1", "problem", "主动公开目录编制不规范，分类不够科学，检索功能较弱")]),
    ]
    result = detect_copies(reports)
    assert [(c.kind, c.unit_ids, c.organs, c.text) for c in result.clusters] == [
        ("problem", ["a-2020-p1", "b-2020-p1"], ["乙", "甲"], text)]
    assert [(f.unit_id, f.repeated, f.shared_organs) for f in result.flags] == [("a-2020-p1", False, 1), ("b-2020-p1", False, 1)]


def test_previous_report_is_the_latest_earlier_year_even_with_gaps():
    statement = "依申请公开答复文书不够规范，告知理由和救济途径表述不完整"
    reports = [ReportText(f"x-{y}", "甲", y, [Unit(f"x-{y}-p1", "problem", statement)]) for y in (2018, 2021)]
    result = detect_copies(reports)
    assert [(s.report_id, s.previous_id) for s in result.shares] == [("x-2018", None), ("x-2021", "x-2018")]
    assert [(f.unit_id, f.repeated) for f in result.flags] == [("x-2021-p1", True)]


def test_the_previous_report_of_a_year_with_two_is_the_smallest_id_and_none_for_the_earliest_year():
    from indexer.copies import _previous

    reports = [ReportText(rid, organ, year) for rid, organ, year in (
        ("x-2020b", "甲", 2020), ("x-2022", "甲", 2022), ("x-2020a", "甲", 2020), ("x-2019", "甲", 2019),
        ("x-2019z", "甲", 2019), ("y-2021", "乙", 2021), ("y-2020", "乙", 2020), ("z-2021", "", 2021),
        ("w-none", "甲", None))]
    assert _previous(reports) == {"x-2020b": "x-2019", "x-2020a": "x-2019", "x-2022": "x-2020a", "y-2021": "y-2020"}


def test_organ_key_prefers_a_stored_organ_id():
    assert organ_key({"agency": "嘉兴科技城（大桥镇）"}) == "嘉兴科技城大桥镇"
    assert organ_key({"agency": "某某", "agency_id": "330400-zhen-daqiao"}) == "330400-zhen-daqiao"
    assert organ_key({"agency": ""}) == ""


def test_two_parts_with_the_same_number_never_repeat_a_paragraph_id():
    from indexer.copyunits import paragraph_units

    units = paragraph_units("r", [(5, "甲\n乙"), (5, "丙"), (None, "丁"), (None, "戊")])
    ids = [u.id for u in units]
    assert len(ids) == len(set(ids)) == 5


def _stored(index) -> tuple:
    import sqlite3

    db = sqlite3.connect(index / "copies.sqlite")
    try:
        return tuple(sorted(db.execute(f"SELECT * FROM {table}").fetchall()) for table in ("units", "clusters", "reports"))
    finally:
        db.close()


def test_units_come_from_the_workers_then_the_cache_and_give_what_a_read_back_gives(tmp_path):
    from indexer.copystore import run_copy_pass
    from indexer.copyunits import FILE as UNIT_CACHE
    from indexer.search import build_index

    from workbench_fixtures import FIXTURES, report_text

    corpus, index = tmp_path / "corpus", tmp_path / "index"
    corpus.mkdir()
    for rid, fixture in FIXTURES.items():
        (corpus / f"{rid}.txt").write_text(report_text(*fixture), encoding="utf-8")
    n = len(FIXTURES)
    assert build_index(corpus, index, procs=2, progress=False).copies["units_from"] == {"prepared": n}
    built = _stored(index)
    (index / "copies.sqlite").unlink()
    (index / UNIT_CACHE).unlink()
    assert run_copy_pass(open_index(index), index)["units_from"] == {"read_back": n}
    assert _stored(index) == built  # the workers' units are the index's
    assert run_copy_pass(open_index(index), index)["units_from"] == {"cached": n}
    assert _stored(index) == built
    (corpus / "jia-zhen-2022.txt").write_text(report_text(*FIXTURES["jia-zhen-2022"]) + "\n补记。", encoding="utf-8")
    assert build_index(corpus, index, procs=1, progress=False).copies["units_from"] == {"prepared": 1, "cached": n - 1}
    (index / UNIT_CACHE).write_bytes(b"not a database")  # damaged: started afresh, never an error
    assert run_copy_pass(open_index(index), index)["units_from"] == {"read_back": n}
    assert run_copy_pass(open_index(index), index)["units_from"] == {"cached": n}


def test_the_cache_is_read_in_report_id_order_and_again_from_the_start(tmp_path):
    from indexer.copyunits import UnitCache

    cache = UnitCache(tmp_path)
    for rid in ("b-2021", "甲-2020", "a-2020", "c-2019"):
        cache.put(rid, f"h-{rid}", pack([Unit(f"{rid}-p1", "problem", rid)]))
    cache.flush()
    cache.db.execute("INSERT INTO units VALUES ('d-2020', 'h', ?)", (b"not zlib",))
    assert cache.sound() == {rid: f"h-{rid}" for rid in ("a-2020", "b-2021", "c-2019", "甲-2020")}  # d's blob is not whole
    # what this build has just written is taken as whole (for its hash only); the rest is still checked
    assert cache.sound({"d-2020": "h", "a-2020": "other"}) == cache.sound() | {"d-2020": "h"}
    assert cache.sound({"d-2020": "other"}) == cache.sound()
    blobs = cache.in_order()
    first = [unpack(blobs(rid))[0].text for rid in ("a-2020", "c-2019", "甲-2020")]
    again = [unpack(blobs(rid))[0].text for rid in ("a-2020", "b-2021", "甲-2020")]  # a second pass starts over
    assert first == ["a-2020", "c-2019", "甲-2020"] and again == ["a-2020", "b-2021", "甲-2020"]
    with pytest.raises(KeyError):
        blobs("b-2022")
    cache.close()


def test_packed_units_give_the_same_result_as_unit_lists():
    from indexer.copies import CopyScan
    from indexer.copyunits import pack

    shared = "政务公开专栏内容更新不够及时，部分栏目长期未更新，信息发布的时效性有待提高"
    paragraph = "本机关严格按照条例要求，通过政府网站、政务新媒体和公开栏等渠道主动公开政府信息，及时回应社会关切。"
    reports = [
        ReportText(f"{o}-{y}", o, y, [Unit(f"{o}-{y}-p1", "problem", shared), Unit(f"{o}-{y}-s2-1", "paragraph", paragraph, 2, 1)])
        for o, y in (("甲", 2020), ("甲", 2021), ("乙", 2021))
    ]
    packed = [ReportText(r.report_id, r.organ, r.year, pack(r.units)) for r in reports]
    assert [r.unit_rows() for r in packed] == [r.unit_rows() for r in reports] == [
        [[u.id, u.kind, u.text, u.section, u.number, None] for u in r.units] for r in reports]
    with pytest.raises(ValueError):
        ReportText("x", "甲", 2020, pack([])[:-2]).unit_rows()
    plain, from_bytes = detect_copies(reports), detect_copies(packed)
    assert from_bytes == plain
    assert [(c.kind, c.size, c.organs, c.years) for c in plain.clusters] == [
        ("paragraph", 3, ["乙", "甲"], [2020, 2021]), ("problem", 3, ["乙", "甲"], [2020, 2021])]
    assert [(s.report_id, s.previous_id, s.repeated_chars == s.total_chars > 0) for s in plain.shares] == [
        ("乙-2021", None, False), ("甲-2020", None, False), ("甲-2021", "甲-2020", True)]  # in report-id order
    # the build's scan keeps no member lists, and streams each flag with its unit
    scan = CopyScan(packed, members=False)
    streamed = [(f.unit_id, text) for f, text, _, _ in scan.flags()]
    assert len(streamed) == 6 and all(c.unit_ids == [] and c.size == 3 for c in scan.clusters())


def test_the_same_reports_in_any_order_give_the_same_copies():
    # the build's workers lay reports out in a different order each run; the
    # grouping must not follow that order (it once changed a cluster's members)
    import random

    from indexer.similar import normalise

    base = ["政务公开专栏内容更新不够及时，部分栏目长期未更新", "政策解读形式较为单一，图表图解等解读方式运用不多",
            "信息公开工作人员业务水平有待提高，培训不够", "依申请公开答复的规范性有待进一步加强"]
    reports = []
    for n in range(24):
        organ, year = f"机关{n % 8}", 2018 + n // 8
        text = base[n % 4] + ("，" + base[(n + 1) % 4][:8] if n % 3 == 0 else "")
        reports.append(ReportText(f"r{n:02d}-{year}", organ, year, [Unit(f"r{n:02d}-{year}-p1", "problem", text)]))
    expected = detect_copies(reports)
    assert expected.clusters and normalise(base[0])
    for seed in range(5):
        shuffled = reports[:]
        random.Random(seed).shuffle(shuffled)
        got = detect_copies(shuffled)
        assert (got.clusters, got.flags, got.shares) == (expected.clusters, expected.flags, expected.shares)


def test_statements_differing_in_self_references_and_hedges_are_one_cluster(tmp_path):
    """我街道…宣传力度不够 / 本镇…宣传力度还不够 / …宣传力度不够 (three organs of the
    bench/judged archive): one statement for copy detection, as for similar
    statements' flags; a stock phrase whose core is short stays out."""
    from indexer.search import build_index

    from workbench_fixtures import report_text

    corpus, index = tmp_path / "corpus", tmp_path / "index"
    corpus.mkdir()
    reports = {"xinhua-jiedao-2012": ("桦甸市新华街道办事处", 2012, "我街道信息公开面对社会宣传力度不够"),
               "zhouquan-zhen-2008": ("桐乡市洲泉镇人民政府", 2008, "本镇信息公开面对社会宣传力度还不够"),
               "linjiang-jiedao-2009": ("大安市临江街道办事处", 2009, "信息公开面对社会宣传力度不够")}
    for rid, (agency, year, statement) in reports.items():
        # the same core (内容规范), too short to be a copy: two stock phrases, no cluster
        stock = {2012: "政府信息公开的内容有待进一步规范。", 2008: "信息公开的内容还需进一步规范。"}.get(year, "网站栏目设置不够合理。")
        problems = [statement + "。", stock]
        (corpus / f"{rid}.txt").write_text(report_text(agency, year, f"{year}年，本单位按要求开展政务公开工作。", problems),
                                           encoding="utf-8")
    build_index(corpus, index, procs=1, progress=False)
    with CopyStore(index) as store:
        total, clusters = store.clusters("problem")
        assert total == 1
        members = store.cluster(clusters[0]["cluster_id"])["members"]
        assert sorted((m["report_id"], m["text"]) for m in members) == sorted(
            (rid, statement) for rid, (_, _, statement) in reports.items())
        assert {uid: f["shared_organs"] for rid in reports for uid, f in store.unit_flags(rid).items()} == {
            f"{rid}-p1": 2 for rid in reports}


def test_the_copy_pass_over_two_processes_stores_the_same(corpus_dir, tmp_path, monkeypatch):
    import shutil

    from indexer import neardup
    from indexer.copystore import run_copy_pass
    from indexer.search import build_index

    corpus, index = tmp_path / "corpus", tmp_path / "index"
    shutil.copytree(corpus_dir, corpus)
    build_index(corpus, index, procs=1, progress=False)
    alone = _stored(index)
    assert alone[0] and alone[1]  # flagged units and clusters to compare
    monkeypatch.setattr(neardup, "_SPLIT_TEXTS", 0)  # the real archive's few texts shared too
    stats = run_copy_pass(open_index(index), index, procs=2)
    assert _stored(index) == alone
    assert stats["clusters"] == len(alone[1])


#: bench/out/recall-corpus, 八万镇 2021 and 2024: the organ's previous statement with one
#: clause dropped and one reworded (3-gram Jaccard 0.67, under the grouping's 0.7)
BAWAN_2021 = ("政府信息公开业务知识培训工作有待加强,公开信息主动性不足,信息更新不够及时,信息管理不规范,"
              "分类不准确、不细致的现象仍然不同程度的存在")
BAWAN_2024 = "政府信息公开业务知识培训工作有待加强,公开信息积极性不够,信息管理不规范,分类不准确、不细致的现象仍然不同程度的存在"


def test_the_previous_statement_with_a_clause_dropped_is_repeated_but_not_another_organs():
    reports = [
        ReportText("bawan-2021", "八万镇", 2021, [Unit("bawan-2021-p1", "problem", BAWAN_2021)]),
        ReportText("bawan-2024", "八万镇", 2024, [Unit("bawan-2024-p1", "problem", BAWAN_2024),
                                                   Unit("bawan-2024-p2", "problem", "政务新媒体运维管理还需进一步加强")]),
        ReportText("other-2024", "某局", 2024, [Unit("other-2024-p1", "problem", BAWAN_2024)]),
        ReportText("other-2025", "某局", 2025, [Unit("other-2025-p1", "problem", "公开内容不够全面，栏目设置不够合理")]),
    ]
    result = detect_copies(reports)
    # 2024's text is 2021's edited (a clause dropped, one reworded: `held.edited_pairs`), so
    # 某局's copy of 2024's is 八万镇 2021's too; only 八万镇 2024 repeats its own last report
    assert [(f.unit_id, f.repeated, f.shared_organs) for f in result.flags] == [
        ("bawan-2021-p1", False, 1), ("bawan-2024-p1", True, 1), ("other-2024-p1", False, 1)]


def test_a_restated_statement_is_marked_in_a_real_index(tmp_path):
    from indexer.build import build_index

    layout = ("{year}年八万镇人民政府政府信息公开工作年度报告\n一、总体情况\n本镇认真贯彻落实《条例》。\n"
              "五、存在的主要问题及改进情况\n一是{problem}。\n六、其他需要报告的事项\n无。\n")
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for year, problem in ((2021, BAWAN_2021), (2024, BAWAN_2024)):
        (corpus / f"bawanzhen-{year}.txt").write_text(layout.format(year=year, problem=problem), encoding="utf-8")
    build_index(corpus, tmp_path / "index", procs=1, progress=False)
    with CopyStore(tmp_path / "index") as store:
        assert store.report("bawanzhen-2024")["previous_id"] == "bawanzhen-2021"
        assert _flags(store, "bawanzhen-2024") == {"bawanzhen-2024-p1": (1, 0)}
        assert _flags(store, "bawanzhen-2021") == {}


#: bench/out/recall-corpus: 平潭综合实验区行政审批局 2022's statement is one sentence of the
#: 市场监督管理局's 2023 statement, which adds three of its own (3-gram Jaccard 0.3).
HELD_SHORT = "未运用动画、音频、视频、H5等形式开展解读"
HELD_LONG = ("政策文件解读形式单一，缺乏多样性。政策解读的形式还不够丰富，未运用动画、音频、视频、H5等形式开展解读，"
             "解读材料的质量还不够高，缺少多个角度多种形式的解读")


def test_a_statement_held_in_another_organs_longer_statement_is_one_cluster_with_it():
    reports = [
        ReportText("shenpi-2022", "行政审批局", 2022, [Unit("shenpi-2022-p1", "problem", HELD_SHORT)]),
        ReportText("shijian-2023", "市场监督管理局", 2023, [Unit("shijian-2023-p1", "problem", HELD_LONG),
                                                      Unit("shijian-2023-p2", "problem", "政务新媒体运维管理还需进一步加强")]),
    ]
    result = detect_copies(reports)
    assert [(f.unit_id, f.repeated, f.shared_organs, f.holds) for f in result.flags] == [
        ("shenpi-2022-p1", False, 1, False), ("shijian-2023-p1", False, 1, True)]
    [cluster] = result.clusters
    assert (cluster.text, cluster.unit_ids, cluster.organs) == (
        HELD_SHORT, ["shenpi-2022-p1", "shijian-2023-p1"], ["市场监督管理局", "行政审批局"])
    assert cluster.variants == [HELD_SHORT, HELD_LONG]  # the shared text first, then the statement holding it
    assert {f.cluster_id for f in result.flags} == {cluster.id}


def test_a_statement_held_by_five_organs_is_stock_wording_and_joins_nothing():
    short = "信息公开工作配备的人员少、力量薄，亟待加强"
    leads = ["自机构改革实施以来刚开展政府信息公开工作", "新组建不久且承担的审批事项多而杂", "成立时间较短而机构职能调整变化较大",
             "起步较晚并且多数工作人员身兼数职"]
    reports = [ReportText("a-2022", "甲局", 2022, [Unit("a-2022-p1", "problem", short)])]
    reports += [ReportText(f"o{n}-2022", f"乙局{n}", 2022, [Unit(f"o{n}-2022-p1", "problem", f"{lead}，{short}")])
                for n, lead in enumerate(leads)]
    assert detect_copies(reports).flags == []  # five organs: stock wording
    assert len(detect_copies(reports[:4]).flags) == 4  # four: one organ's text in three others'


def test_the_same_organ_holding_last_years_statement_is_repeated():
    reports = [
        ReportText("shenpi-2022", "行政审批局", 2022, [Unit("shenpi-2022-p1", "problem", HELD_SHORT)]),
        ReportText("shenpi-2023", "行政审批局", 2023, [Unit("shenpi-2023-p1", "problem", HELD_LONG)]),
    ]
    assert [(f.unit_id, f.repeated, f.shared_organs, f.holds) for f in detect_copies(reports).flags] == [
        ("shenpi-2023-p1", True, 0, True)]


def test_a_held_statement_is_stored_with_its_direction_in_a_real_index(tmp_path):
    from indexer.build import build_index

    layout = ("{year}年平潭综合实验区{organ}政府信息公开工作年度报告\n一、总体情况\n本局认真贯彻落实《条例》。\n"
              "五、存在的主要问题及改进情况\n一是{problem}。\n六、其他需要报告的事项\n无。\n")
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name, organ, year, problem in (("shenpi-2022", "行政审批局", 2022, HELD_SHORT),
                                       ("shijian-2023", "市场监督管理局", 2023, HELD_LONG)):
        (corpus / f"{name}.txt").write_text(layout.format(year=year, organ=organ, problem=problem), encoding="utf-8")
    build_index(corpus, tmp_path / "index", procs=1, progress=False)
    with CopyStore(tmp_path / "index") as store:
        total, [row] = store.clusters("problem")
        assert total == 1 and row["text"] == HELD_SHORT
        members = store.cluster(row["cluster_id"])["members"]
        assert [(m["report_id"], m["holds"]) for m in members] == [("shenpi-2022", 0), ("shijian-2023", 1)]
        assert {uid: (f["shared_organs"], f["holds"]) for uid, f in store.unit_flags("shijian-2023").items()} == {
            "shijian-2023-p1": (1, 1)}
        assert {uid: (f["shared_organs"], f["holds"]) for uid, f in store.unit_flags("shenpi-2022").items()} == {
            "shenpi-2022-p1": (1, 0)}


def test_a_copy_with_a_few_characters_changed_joins_the_others_cluster_on_a_real_index(tmp_path):
    """平潭's bureaus: 造成 put in, 办公室 for 综合科 (3-gram Jaccard under the grouping's
    0.7, containment under held's 0.9); an organ's statement reworded from its last
    report (受人员编制所限… / 受限于人员编制情况…) is repeated."""
    from indexer.build import build_index

    layout = ("{year}年平潭综合实验区{organ}政府信息公开工作年度报告\n一、总体情况\n本局认真贯彻落实《条例》。\n"
              "五、存在的主要问题及改进情况\n{problems}\n六、其他需要报告的事项\n无。\n")
    reports = {
        ("shenpi-2015", "行政审批局", 2015): ["政府信息公开宣传力度不够，公众查阅点击利用率不高", "依申请公开工作机制仍需进一步完善"],
        ("huanguo-2013", "环境与国土资源局", 2013): ["政府信息公开宣传力度不够，造成公众查阅点击利用率不高",
                                                 "依申请公开工作机制仍需进一步规范"],
        ("caijin-2014", "财政金融局", 2014): ["受限于人员编制情况，单位信息公开工作由办公室人员兼理，人员少工作量大，"
                                           "信息公开工作难免有不尽人意的地方"],
        ("caijin-2015", "财政金融局", 2015): ["受人员编制所限，单位信息公开工作由办公室人员兼理，人员少而工作量大，"
                                           "信息公开工作难免有不完善之处"],
    }
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for (name, organ, year), problems in reports.items():
        listed = "\n".join(f"{'一二'[n]}是{p}。" for n, p in enumerate(problems))
        (corpus / f"{name}.txt").write_text(layout.format(year=year, organ=organ, problems=listed), encoding="utf-8")
    build_index(corpus, tmp_path / "index", procs=1, progress=False)
    with CopyStore(tmp_path / "index") as store:
        flags = {name: {uid: (f["repeated"], f["shared_organs"]) for uid, f in store.unit_flags(name).items()}
                 for name, _, _ in reports}
    # the 完善 / 规范 variants of a stock sentence stay apart
    assert flags == {"shenpi-2015": {"shenpi-2015-p1": (0, 1)}, "huanguo-2013": {"huanguo-2013-p1": (0, 1)},
                     "caijin-2014": {}, "caijin-2015": {"caijin-2015-p1": (1, 0)}}


#: bench/out recall archive: an organ keeping one clause of its last statement (cores of 10 and
#: 8 characters, under the held step's 12), and keeping two of three clauses, edited, inside a
#: statement twice as long (平潭's 交通与建设局 2016/17, 食品药品监督管理局 2011/12, 市场监督管理局 2021/22).
CLAUSE_KEPT = {
    ("jiaojian-2016", "交通与建设局", 2016): ["政府信息公开相关制度还不完善，现有制度落实不够到位"],
    ("jiaojian-2017", "交通与建设局", 2017): ["政府信息公开现有制度落实不够到位"],
    ("shiyao-2011", "食品药品监督管理局", 2011): ["宣传力度还不够到位、还需要进一步提高信息报送时效"],
    ("shiyao-2012", "食品药品监督管理局", 2012): ["需要进一步提高信息报送时效"],
    ("shijian-2021", "市场监督管理局", 2021): ["政策文件解读质量有待提升。政策解读的形式还不够丰富，解读材料的质量还不够高"],
    ("shijian-2022", "市场监督管理局", 2022): [HELD_LONG],
    # another organ's statement holding the short clause is no copy of it (a 10-character core)
    ("nongye-2017", "农业局", 2017): ["政府信息公开宣传力度不够，现有制度落实不够到位"],
}


def clause_kept_corpus(directory, reports=CLAUSE_KEPT):
    """Write `reports` ((name, organ, year) -> statements) as 平潭 reports in `directory`."""
    layout = ("{year}年平潭综合实验区{organ}政府信息公开工作年度报告\n一、总体情况\n本局认真贯彻落实《条例》。\n"
              "五、存在的主要问题及改进情况\n{problems}\n六、其他需要报告的事项\n无。\n")
    directory.mkdir()
    for (name, organ, year), problems in reports.items():
        listed = "\n".join(f"{'一二三'[n]}是{p}。" for n, p in enumerate(problems))
        (directory / f"{name}.txt").write_text(layout.format(year=year, organ=organ, problems=listed), encoding="utf-8")
    return directory


def test_a_clause_of_the_organs_last_statement_kept_is_repeated_on_a_real_index(tmp_path):
    from indexer.build import build_index

    build_index(clause_kept_corpus(tmp_path / "corpus"), tmp_path / "index", procs=1, progress=False)
    with CopyStore(tmp_path / "index") as store:
        flags = {name: {uid: (f["repeated"], f["shared_organs"]) for uid, f in store.unit_flags(name).items()}
                 for name, _, _ in CLAUSE_KEPT}
    assert flags == {"jiaojian-2016": {}, "jiaojian-2017": {"jiaojian-2017-p1": (1, 0)},
                     "shiyao-2011": {}, "shiyao-2012": {"shiyao-2012-p1": (1, 0)},
                     "shijian-2021": {}, "shijian-2022": {"shijian-2022-p1": (1, 0)},
                     "nongye-2017": {}}
