"""indexer.problem_pairs: a problem statement read as (shortcoming, subjects beside it)."""
from __future__ import annotations

from indexer.problem_pairs import Reading, pair_similarity, read


def _read(text: str) -> list[tuple[str, set[str]]]:
    return [(r.shortcoming, set(r.subjects)) for r in read(text)]


def test_a_statement_names_its_subject_beside_its_shortcoming():
    # 不及时 and 较慢 are one shortcoming in the curated data (滞后 is in both groups)
    assert _read("网站栏目信息更新不及时") == [("迟缓", {"网站", "栏目", "更新"})]
    assert _read("栏目内容更新较慢") == [("迟缓", {"栏目", "内容", "更新"})]
    # the topic and hedges name no subject; a statement of them alone has no pair
    assert _read("政府信息公开工作有待进一步加强") == []


def test_publishing_is_the_subject_of_a_shortcoming_naming_no_other():
    """e18x: 公开政府信息不够及时 states 信息发布不够及时's pair (公开 as 发布); beside another
    subject 公开 stays the topic (对政府信息公开知识学习不够 is about 学习, not publishing)."""
    assert _read("公开政府信息不够及时") == [("迟缓", {"发布"})]
    assert _read("信息发布不够及时") == [("迟缓", {"信息发布", "发布"})]
    assert _read("对政府信息公开知识学习不够") == [("不足", {"学习", "知识"})]
    assert _read("部分信息公开不够及时、公开内容服务性不强") == [
        ("迟缓", {"内容", "服务", "服务性"}), ("不高", {"内容", "服务", "服务性"})]


def test_a_listed_statement_is_asked_item_by_item():
    """`asked`: one shortcoming is asked of the whole; a list, of each item naming a pair; two
    shortcomings in one clause, of neither. `items_beyond_one` counts the items stated beyond one."""
    from indexer.problem_pairs import asked, items_beyond_one

    assert asked("信息更新不够及时", []) == (read("信息更新不够及时"), [])
    assert asked("公开内容的及时性、全面性有待提高", []) == ([], [])
    listed = "政府信息公开数量少,公开比较单一,信息更新不够及时,工作有待加强"
    clauses = listed.split(",")
    whole, items = asked(listed, clauses)
    assert whole == [] and items == [read(c) for c in clauses[:3]]
    weights = {}
    assert items_beyond_one(items, read("信息更新还不够及时"), weights) == 0.0  # one item
    assert items_beyond_one(items, read("信息数量较少,更新不够及时"), weights) == 0.5  # two of three
    assert items_beyond_one(items[:1], read("信息数量较少,更新不够及时"), weights) == 0.0  # one item read


def test_longer_members_are_read_first_and_each_character_once():
    # 不够及时 is the timeliness shortcoming, not also the 不够 of 不足; 及时 is no subject
    assert _read("培训不够及时") == [("迟缓", {"培训"})]
    # 不够 alone is too little; 人手 is beside it
    assert _read("从事专职信息工作的人手不够") == [("不足", {"人手"})]


def test_a_one_character_member_is_a_word_or_the_clauses_end_not_part_of_a_word():
    assert _read("信息更新量少") == [("不足", {"更新"})]
    assert _read("少数乡镇认识差距较大") == []  # neither the 少 of 少数 nor the 差 of 差距


def test_each_clause_is_read_apart_and_subjects_lie_within_the_gap():
    assert _read("公开形式单一，栏目更新较为迟缓") == [("不足", {"形式"}), ("迟缓", {"栏目", "更新"})]
    # 工作人员 lies more than GAP characters before 不够; 力度 measures 培训 and is no subject (e18b)
    assert _read("对工作人员的政府信息公开业务培训力度不够") == [("不足", {"培训", "业务"})]


def test_pair_similarity_is_the_subjects_cosine_under_the_same_shortcoming():
    seed = read("网站栏目信息更新不及时")
    weights = {"网站": 1.0, "栏目": 1.0, "更新": 1.0, "内容": 1.0}
    assert round(pair_similarity(seed, read("栏目内容更新较慢"), weights), 4) == round(2 / 3, 4)
    assert pair_similarity(seed, read("网站栏目信息分类不够清晰"), weights) == 0.0  # another shortcoming
    assert pair_similarity(seed, read("培训不够及时"), weights) == 0.0  # another subject
    assert pair_similarity([], read("栏目内容更新较慢"), weights) == 0.0
    # a generic subject shared weighs little beside a specific one (IDF weights)
    mine = [Reading("不足", frozenset({"平台", "建设"}))]
    theirs = [Reading("不足", frozenset({"队伍", "建设"}))]
    assert pair_similarity(mine, theirs, {"建设": 0.2, "平台": 2.0, "队伍": 2.0}) < 0.01


def test_a_hedge_is_read_as_the_shortcoming_it_says_is_there():
    """e18b: 有待健全 is 不健全, 需要加强 不够 (or 不强), 有待提高 不高; 力度 measures its subject and is
    none; the topic hedged alone has no pair; a clause's own shortcoming comes before its hedge."""
    assert _read("政府信息公开制度有待健全") == [("不完善", {"制度"})]
    assert _read("激励约束机制不够健全") == [("不完善", {"机制", "激励", "约束"})]
    assert _read("培训力度需要加强") == [("不足", {"培训"})]
    assert _read("政民互动栏目网民留言回复效率有待提高") == [("不高", {"回复", "效率", "留言", "网民"})]
    assert _read("公开内容需进一步拓展") == [("不广", {"内容"})]
    assert _read("政府信息公开工作有待进一步加强") == []
    assert _read("主动公开的内容还需进一步规范") == [("规范", {"内容"})]
    assert _read("信息公开的时效性有待进一步提高") == [("迟缓", {"发布"})]  # its own shortcoming, not also 不高
    assert read("意识有待加强")[0].also == frozenset({"不高"})


def test_a_hedge_meets_each_shortcoming_it_may_mean():
    weights = {}
    assert pair_similarity(read("干部意识有待加强"), read("干部意识不强"), weights) == 1.0
    assert pair_similarity(read("干部意识有待加强"), read("干部意识不足"), weights) == 1.0
    # 提高 answers 不高 only: 形式单一 (too few forms) is not 形式的便民性有待提高
    assert pair_similarity(read("形式有待提高"), read("形式单一"), weights) == 0.0
    assert pair_similarity(read("业务水平有待提高"), read("业务不熟"), weights) > 0.0


def test_the_hedges_file_names_known_shortcomings():
    from indexer.problem_pairs import _members, hedges

    data = hedges()
    members = dict(_members())
    for verb, answers in data["verbs"].items():
        assert answers and all(a in members for a in answers), verb
    assert len(set(data["markers"])) == len(data["markers"])
    for group in data["shortcomings"]:
        assert len(set(group)) == len(group)


def test_too_little_and_too_low_of_a_degree_are_one_shortcoming():
    """e18ab: 认识不足 (不足) and 意识不强 (不高) say one shortcoming of awareness, a degree
    (hedges.json `degrees`); 数量较少 and 数量有待提高 one of quantity. Of a subject that is no degree
    they stay two: 形式单一 (too few forms) is not 形式的便民性不高, 人员不足 (too few staff) not
    人员素质不高."""
    weights = {}
    assert pair_similarity(read("干部认识不足"), read("干部公开意识不强"), weights) > 0.5
    assert pair_similarity(read("信息公开数量较少"), read("信息公开数量有待提高"), weights) == 1.0
    assert pair_similarity(read("公开形式单一"), read("公开形式的便民性不高"), weights) == 0.0
    assert pair_similarity(read("工作人员不足"), read("工作人员素质不高"), weights) == 0.0
    # the same shortcoming of a degree is met as before
    assert pair_similarity(read("干部认识不足"), read("干部意识不够"), weights) == 1.0
    from indexer.problem_pairs import degree_of

    assert degree_of(read("干部认识不足")[0], read("干部公开意识不强")[0]) == {"意识"}


def test_a_lists_timeliness_item_is_met_by_what_else_is_published_late():
    """e18ab: an item of a list saying updates come late (信息更新还不够及时) is stated by a candidate
    saying submissions come late (报送信息不够及时): `items_beyond_one` counts both of its items. A
    statement of one shortcoming keeps them apart (信息更新不够及时 is the updates' neighbour of
    信息发布不够及时, graded 1)."""
    from indexer.problem_pairs import asked, items_beyond_one

    _, items = asked("", ["信息更新还不够及时", "公开质量有待提高"])
    assert items_beyond_one(items, read("报送信息不够及时,公开质量不高"), {}) == 1.0
    assert items_beyond_one(items, read("公开质量不高"), {}) == 0.0
    assert pair_similarity(read("信息发布不够及时"), read("信息更新不够及时"), {}) == 0.0


def test_the_degrees_and_what_is_published_are_known_words():
    from indexer.problem_pairs import _members, hedges

    data = hedges()
    names = dict(_members())
    assert {names[m] for m in data["degree_shortcomings"]} == {"不足", "不高"}
    assert names[data["late"]] == "迟缓"
    for key in ("degrees", "published"):
        assert data[key] and len(set(data[key])) == len(data[key]), key
    # 形式 and 人员 are no degree (the note says why)
    assert not {"形式", "人员"} & set(data["degrees"])
