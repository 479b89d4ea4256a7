"""The curated domain equivalences and what similar statements make of them."""
from __future__ import annotations

import json

from indexer.equivalents import DATA, concept, concepts_in, related
from indexer.similar import is_copy, normalise, rank


def test_the_data_file_is_groups_of_distinct_words():
    groups = json.loads(DATA.read_text(encoding="utf-8"))["groups"]
    assert groups and all(len(g) >= 2 and len(set(g)) == len(g) for g in groups)


def test_domain_equivalences_named_by_the_issue():
    assert concept("渠道") == concept("载体") == concept("平台")
    assert concept("保密性审查") == concept("保密审查")
    assert "不够丰富" in related(["单一"]) and "单一" in related(["不够丰富"])
    assert concepts_in("公开渠道比较窄") == concepts_in("公开平台有待完善") == {"平台"}
    assert concept("无关词") == "无关词"


class _Statement:
    def __init__(self, id_, text, agency="乙县人民政府", year=2021):
        self.id, self.text, self.agency, self.year, self.report_id = id_, text, agency, year, id_.split("-p")[0]


def test_equivalent_wording_ranks_above_an_unrelated_statement():
    seed = "政务公开平台建设不够完善"
    found = rank(seed, [_Statement("a-p1", "信息公开渠道比较窄"), _Statement("b-p1", "政策解读形式单一")], limit=2)
    assert [s.id for s in found] == ["a-p1", "b-p1"] and found[0].score > found[1].score


def test_a_copy_with_a_sentence_appended_is_still_a_copy():
    original = "部分单位对政府信息公开工作重视不够，信息发布不及时，栏目更新缓慢"
    copied = original + "。因此，我们考虑从以下三个方面加以改进"
    assert is_copy(normalise(original), normalise(copied))
    assert not is_copy(normalise(original), normalise("政策解读形式单一，解读材料质量不高，群众看不懂"))
    found = rank(original, [_Statement("c-p2", copied, agency="丙县人民政府")], agency="乙县人民政府", year=2022)
    assert found[0].near_duplicate and not found[0].repeated_from_last_year


def test_aspects_are_pairs_of_known_problem_categories():
    from indexer.categories import default_taxonomy

    known = {c.id for c in default_taxonomy().categories}
    aspects = json.loads(DATA.read_text(encoding="utf-8"))["aspects"]
    assert aspects and all(len(group) >= 2 and set(group) <= known for group in aspects)


def test_same_aspect_is_a_shared_category_or_a_listed_pair():
    from indexer.equivalents import same_aspect

    assert same_aspect({"platform"}, {"channels"}) and same_aspect({"channels", "quality"}, {"platform"})
    assert same_aspect({"staffing", "training"}, {"training"})
    assert not same_aspect({"platform"}, {"staffing"}) and not same_aspect({"mechanism"}, {"platform", "coverage"})


def test_checking_laxness_and_coordination_groups():
    """Groups a reader of these reports writes down: 审核 is 审查 (审核把关不严 /
    上网公开审查不严), 不够严格 is 不严, 配合 and 衔接 are 协调."""
    assert concept("审核") == concept("审查") == "审查"
    assert concept("不够严格") == concept("不严")
    assert concept("配合") == concept("衔接") == concept("协调")
    assert concepts_in("信息审核把关不严") == concepts_in("上网公开审查不严") == {"审查", "不严"}
    assert concepts_in("发布前审查把关不够严格") == {"审查", "不严"}
    assert concepts_in("部门之间配合不够") == concepts_in("部门间的协调机制有待完善") - {"机制"} == {"协调"}
    # 保密审核 stays in its own group as well: a 保密审查 statement is not merely a checking one
    assert concept("保密审核") == "保密审查"


def test_a_checking_statement_in_the_other_word_ranks_above_an_unrelated_one():
    seed = "信息审核把关不严，个别信息存在错别字"
    found = rank(seed, [_Statement("a-p1", "政策解读形式单一，群众看不懂"),
                        _Statement("b-p1", "上网公开审查不够严格")], limit=2, categories=["quality"])
    assert [s.id for s in found] == ["b-p1", "a-p1"] and found[0].terms > 0


def test_scope_group():
    """范围, 领域 and 覆盖面 name the scope of what is disclosed (公开的范围有待进一步扩大 /
    主动向社会公开信息的领域有待拓展 / 覆盖面不够广泛)."""
    assert concept("领域") == concept("覆盖面") == concept("范围") == "范围"
    assert concepts_in("主动向社会公开信息的领域有待于进一步拓展") == concepts_in("公开的范围有待进一步扩大") == {"范围"}


def test_a_scope_statement_in_the_other_word_ranks_above_one_sharing_only_the_hedges():
    seed = "主动向社会公开信息的领域有待于进一步拓展"
    found = rank(seed, [_Statement("a-p1", "主动公开信息的形式有待于进一步拓展"),
                        _Statement("b-p1", "公开的范围有待进一步扩大")], limit=2, categories=["coverage"])
    assert [s.id for s in found] == ["b-p1", "a-p1"] and found[0].terms > 0


def test_shortcomings_are_groups_of_distinct_words_apart_from_the_subjects():
    shortcomings = json.loads(DATA.read_text(encoding="utf-8"))["shortcomings"]
    assert shortcomings and all(len(g) >= 2 and len(set(g)) == len(g) for g in shortcomings)
    words = [w for g in shortcomings for w in g]
    assert len(words) == len(set(words))  # a word states one shortcoming


def test_the_same_shortcoming_in_other_words():
    from indexer.equivalents import same_shortcoming

    assert {"缺乏", "缺少", "较少"} <= set(same_shortcoming("不足")) and "不足" in same_shortcoming("缺乏")
    assert {"偏低", "较低"} <= set(same_shortcoming("低")) and same_shortcoming("不足") != same_shortcoming("低")
    assert same_shortcoming("渠道") == ()
    # similar statements read the subjects' groups only: a shortcoming word names no concept there
    assert concept("缺乏") == "缺乏" and concepts_in("人员缺乏") == set()
