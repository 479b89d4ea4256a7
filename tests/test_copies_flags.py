"""The similar list's copy flags (`indexer.copyflags`) on a real index: copies a
reader marks as the seed's text (bench/judged-dev10's kinds) that whole-text
comparison misses, and statements that are not copies."""
from __future__ import annotations

import pytest

#: one report per organ (平潭综合实验区's layout, as tests/test_similar.py writes it), its one statement
LAYOUT = ("{year}年平潭综合实验区{organ}政府信息公开工作年度报告\n一、总体情况\n本局认真贯彻落实《条例》。\n"
          "五、存在的主要问题及改进情况\n一是{problem}。\n六、其他需要报告的事项\n无。\n")

STATEMENTS = {
    # a stock phrase, and another organ's statement holding it as one clause of three
    "gongxin": ("工信局", "信息更新还不够及时"),
    "nongye": ("农业局", "政府信息公开数量较少，信息更新不够及时，公开形式比较单一"),
    # a stock phrase, and one holding it with a few words put in (一些)
    "caizheng": ("财政局", "与公众的需求还存在差距"),
    "jiaoyu": ("教育局", "主动公开政府信息内容与公众的需求还存在一些差距，上传信息量偏少"),
    # two clauses, and another organ's statement with them reordered and a clause added
    "minzheng": ("民政局", "信息公开的内容有待进一步完善，信息更新还不够及时，来源比较单一"),
    "shuiwu": ("水务局", "信息更新不够及时、公开内容还有待进一步完善，来源比较单一，与上级的要求还有差距"),
    # two clauses, and the bulk of it (the first dropped); one clause of three is not a copy
    "linye": ("林业局", "信息公开数量有待提高，信息公开内容不够全面"),
    "tongji": ("统计局", "政府信息公开内容不够全面"),
    "shenji": ("审计局", "宣传教育培训不足，具体工作人员业务不熟悉，对社会宣传力度不够"),
    "wenlv": ("文旅局", "具体工作人员业务不熟悉"),
    # a county's statement taken over by its town, the names changed
    "quzhengfu": ("区政府办公室", "洪泽区部分单位对政府信息公开工作重视不够，信息更新不够及时"),
    "sanhezhen": ("三河镇", "三河镇部分村对政府信息公开工作重视不够，信息更新不够及时"),
    # the same frame, another shortcoming: not a copy
    "shangwu": ("商务局", "政府信息公开形式不够丰富"),
}


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    from indexer.build import build_index
    from indexer.search import Archive

    root = tmp_path_factory.mktemp("copyflags")
    corpus = root / "corpus"
    corpus.mkdir()
    for name, (organ, problem) in STATEMENTS.items():
        (corpus / f"{name}-2020.txt").write_text(LAYOUT.format(year=2020, organ=organ, problem=problem),
                                                 encoding="utf-8")
    build_index(corpus, root / "index", procs=1, progress=False)
    return Archive(root / "index")


def _flags(archive, seed: str) -> dict[str, tuple[bool, bool, bool]]:
    """The similar list of report `seed`'s statement: {report: (near_duplicate, stock_phrase, repeated)}."""
    from indexer.similar import similar_to_problem

    assert archive.problem(f"{seed}-2020-p1").text.rstrip("。") == STATEMENTS[seed][1]
    return {s.report_id.removesuffix("-2020"): (s.near_duplicate, s.stock_phrase, s.repeated_from_last_year)
            for s in similar_to_problem(archive, f"{seed}-2020-p1").similar}


def test_a_stock_phrase_held_as_a_clause_of_a_longer_statement_is_a_stock_phrase(archive):
    found = _flags(archive, "gongxin")
    assert found["nongye"] == (False, True, False)


def test_a_stock_phrase_held_with_a_few_words_put_in_is_a_stock_phrase(archive):
    found = _flags(archive, "caizheng")
    assert found["jiaoyu"] == (False, True, False)


def test_the_seeds_clauses_reordered_with_a_clause_added_are_a_copy(archive):
    found = _flags(archive, "minzheng")
    assert found["shuiwu"] == (True, False, False)


def test_the_seed_with_a_clause_dropped_is_flagged_and_a_third_of_it_is_not(archive):
    assert _flags(archive, "linye")["tongji"] == (False, True, False)  # short: a stock phrase
    assert _flags(archive, "shenji")["wenlv"] == (False, False, False)  # one clause of three
    # the stock phrase itself sees the longer statement holding it
    assert _flags(archive, "tongji")["linye"] == (False, True, False)


def test_a_countys_statement_taken_over_by_its_town_with_the_names_changed_is_a_copy(archive):
    assert _flags(archive, "quzhengfu")["sanhezhen"] == (True, False, False)
    assert _flags(archive, "sanhezhen")["quzhengfu"] == (True, False, False)


def test_the_same_frame_naming_another_shortcoming_is_no_copy(archive):
    found = _flags(archive, "tongji")
    assert found.get("shangwu", (False, False, False)) == (False, False, False)


def test_the_text_comparisons_behind_the_clause_copies():
    from indexer.sametext import clause_texts, clauses_in, held_edited, normalise, swapped_words

    seed = clause_texts("信息公开的内容有待进一步完善，信息更新还不够及时")
    other = clause_texts("信息更新不够及时、公开内容还有待进一步完善，与上级的要求还有差距")
    assert clauses_in(seed, other) == ["公开内容还有待进一步完善", "信息更新不够及时"]  # in the seed's order
    assert clauses_in(seed, clause_texts("信息更新不够及时，公开形式单一")) is None  # one clause of two
    assert held_edited(normalise("与公众的需求还存在差距"), normalise("各科室信息提供上报工作与公众的需求还存在一定的差距"))
    # put in too much: 范围和内容 … 扩大完善 is not 内容 … 完善
    assert not held_edited(normalise("信息公开的内容有待进一步完善"), normalise("信息公开的范围和内容有待进一步扩大完善"))
    assert swapped_words(normalise("全区政府信息公开工作发展不平衡，部分部门和乡镇公开意识不强"),
                         normalise("全镇政府信息公开工作发展不平衡，部分村和站所公开意识不强"))
    # one longer difference (a clause of its own) is not a swapped word
    assert not swapped_words(normalise("部分单位对政府信息公开工作重视不够，信息更新不够及时"),
                             normalise("部分单位对政府信息公开工作重视不够，依申请公开答复不规范"))
