"""indexer.sametext: what copy detection calls the same text."""
from __future__ import annotations

import pytest
from indexer.sametext import (
    copy_similarity, core, held_in, is_copy, long_enough, normalise, pieces, rewritten, shared_text, stock_form,
)

STAFFING = "从事政府信息公开工作人员为兼职人员，变动频繁，难以保证工作的专业性和准确性"
XINHUA_PUBLICITY = "我街道信息公开面对社会宣传力度不够"
DONGSHAN_PUBLICITY = "本镇信息公开面对社会宣传力度还不够"


def test_normalise_drops_numbering_punctuation_and_script():
    assert normalise("一是政府信息公开工作机制不够完善；") == "政府信息公开工作机制不够完善"
    assert normalise("（二）信息公開質量有待提高。") == "信息公开质量有待提高"
    assert normalise("1.信息发布的标题、内容、格式等存在不规范的情况") == "信息发布的标题内容格式等存在不规范的情况"
    assert normalise("另一方面，我街道宣传力度不够") == "我街道宣传力度不够"


def test_copies_and_merely_related_statements():
    assert is_copy(normalise("三是" + STAFFING), normalise("1." + STAFFING + "。"))
    assert is_copy(normalise("对《条例》和管委会信息公开工作规定的学习、掌握还不够好"),
                   normalise("对《条例》和管委会信息公开工作规定的学习、掌握还不够到位"))
    assert not is_copy(normalise("政府信息公开内容不够全面"), normalise("政府信息公开内容不全面，公开形式不够丰富"))
    # a short stock phrase written by two agencies is not a copy
    assert not is_copy("信息发布不够及时", "信息发布不够及时")
    assert copy_similarity("信息发布不够及时", "信息发布不够及时") == 1.0


def test_self_references_hedges_and_fillers_leave_the_core():
    from indexer.similar import core

    assert core(normalise(XINHUA_PUBLICITY)) == core(normalise(DONGSHAN_PUBLICITY)) == "面对社会宣传力度不够"
    assert core(normalise("政府信息公开的内容有待进一步规范")) == core(normalise("信息公开的内容还需进一步规范")) == "内容规范"


def test_one_sentence_of_a_longer_statement_is_the_same_text():
    seed = "信息公开内容深度和广度还不够"
    other = "能够被上级部门采用的信息量偏少。信息公开内容深度和广度不够"
    assert pieces(other) == [normalise(other), "能够被上级部门采用的信息量偏少", "信息公开内容深度和广度不够"]
    assert shared_text(pieces(seed), pieces(other)) == (normalise(seed), "信息公开内容深度和广度不够")
    assert long_enough(shared_text(pieces(seed), pieces(other)))
    # two statements that merely share one sentence each are not the same text
    assert shared_text(pieces("信息更新不够及时。公开形式单一"), pieces("工作人员兼职较多。公开形式单一")) is None
    assert not long_enough(("信息公开的内容有待进一步规范", "信息公开的内容还需进一步规范"))


HELD = "部分单位信息发布不够及时，更新速度迟缓"


@pytest.mark.parametrize("other", [
    # a clause added after it with a comma (no full stop to split at), twice its length
    HELD + "，因此，我们考虑从以下三个方面加以改进，切实提高政府信息公开工作水平",
    # a clause before it, with a colon
    "在肯定成绩的同时，我们也清醒地认识到工作中还存在一些不足：" + HELD,
    # both, in traditional script with other punctuation and spaces
    "對照上級要求和群眾期盼 , 仍存在一些差距 , 部分單位信息發布不夠及時 更新速度遲緩 , 這一問題在基層較為普遍",
])
def test_a_statement_held_whole_in_a_longer_one_is_the_same_text(other):
    assert len(normalise(other)) > 2 * len(normalise(HELD))  # is_copy's containment needs half
    assert not is_copy(normalise(HELD), normalise(other))
    assert held_in(normalise(HELD), normalise(other)) and held_in(normalise(other), normalise(HELD))
    pair = shared_text(pieces(HELD), pieces(other))
    assert pair == (normalise(HELD), normalise(HELD)) and long_enough(pair)


@pytest.mark.parametrize("short, long_", [
    # a stock clause (short core, or short) inside a longer statement is not that statement
    ("政府信息公开工作机制不够完善", "进制度不够健全，办事处政府信息和政务公开工作机制还不够完善，公开形式还比较单一"),
    ("与公众的需求还存在差距", "与公众的需求还存在差距,公开内容的及时性、全面性以及公开形式的便民性等需要在今后工作中改进"),
    ("主动公开政府信息的意识有待进一步加强", "一些部门依法公开、主动公开政府信息的意识仍需进一步加强"),
    ("公开内容有待深化和规范", "信息公开内容需要进一步深化"),
])
def test_a_stock_clause_is_not_held_in_a_longer_statement(short, long_):
    assert not held_in(normalise(short), normalise(long_))
    assert shared_text(pieces(short), pieces(long_)) is None


#: Edited copies from the archive (bench/judged-dev2): an agency took the
#: statement over, added a clause and changed a few words.
LESHAN = "公开内容的及时性、全面性、便民性等都还需要在今后的工作中加以改进"
SINAN = "与公众的需求还存在差距,公开内容的及时性、全面性以及公开形式的便民性等需要在今后工作中改进"
HUIZHOU = "公开形式的便民性需要进一步提高。较重视通过网站公开政府信息,基于移动网际网路的查阅形式不够丰富"
DAYING = ("公开形式的便民性需要进一步提高。为基层和企业服务意识不够,各单位较重视通过网站公开政府信息,"
          "方便群众查阅的公开形式不够丰富")


@pytest.mark.parametrize("a, b", [(LESHAN, SINAN), (HUIZHOU, DAYING)])
def test_an_edited_copy_is_the_same_text(a, b):
    written_a, written_b = normalise(a), normalise(b)
    # neither the whole-text measures nor containment see these
    assert not is_copy(written_a, written_b) and not held_in(written_a, written_b)
    assert rewritten(written_a, written_b) and rewritten(written_b, written_a)
    pair = shared_text(pieces(a), pieces(b))
    assert pair == (written_a, written_b) and long_enough(pair)


@pytest.mark.parametrize("a, b", [
    # the same shortcomings in shared stock clauses, written apart (the closest pairs of the archive)
    ("个别单位对政府信息公开工作重要性认识不足,存在积极性、主动性不够,公开内容不全面、不及时,工作人员业务不强等问题",
     "政务公开工作积极性有待加强。个别单位对政务公开工作重要性认识还不到位,工作积极性、主动性都有待加强"),
    ("宣传教育培训不足,具体工作人员业务不熟,缺乏信息专业技术人员,对信息公开工作认识不深,对社会宣传力度不够",
     "对《条例》学习宣传力度不够,教育培训不足,对信息公开工作认识不深"),
    # a short core is never an edited copy, however alike
    ("信息更新还不够及时,信息来源单一", "信息更新不够及时,信息来源比较单一"),
])
def test_statements_sharing_stock_clauses_are_not_edited_copies(a, b):
    assert not rewritten(normalise(a), normalise(b))


#: The stock phrases agencies write in their own variants (the archive of
#: bench/judged*: every pair of statements stock_form adds to the same text).
@pytest.mark.parametrize("a, b, form", [
    ("政府信息更新不够及时", "信息更新还不够及时", "更新不及时"),
    ("政府信息公开内容不够全面", "公开内容不全面", "内容不全面"),
    ("政府信息公开内容不够全面", "内容公开不够全面", "内容不全面"),
    ("公开内容不全面", "内容公开不够全面", "内容不全面"),
])
def test_variants_of_a_stock_phrase_are_the_same_text(a, b, form):
    written_a, written_b = normalise(a), normalise(b)
    assert stock_form(written_a) == stock_form(written_b) == form
    # neither the text nor its core is the same (政府信息 leaves the core, 信息 alone does not)
    assert not is_copy(written_a, written_b, 4) and core(written_a) != core(written_b)
    pair = shared_text(pieces(a), pieces(b))
    assert pair == (written_a, written_b) and not long_enough(pair)  # a stock phrase, never a copy between agencies


@pytest.mark.parametrize("a, b", [
    ("政府信息公开意识不强", "信息公开意识有待加强"),  # 不强 / 加强: not one stock form
    ("政府信息公开的内容有待进一步规范", "信息公开的内容有待进一步完善"),  # another word
    ("公开政府信息不够及时", "政府信息更新不够及时"),  # 不及时 alone is too short to be a phrase
    ("政府信息公开内容不全面，公开形式不够丰富", "公开内容不全面"),  # a clause of a longer statement
])
def test_different_stock_phrases_stay_apart(a, b):
    assert shared_text(pieces(a), pieces(b)) is None


def test_restates_finds_last_years_statement_with_a_clause_dropped_and_one_reworded():
    from indexer.sametext import restates

    # bench/out/recall-corpus, 八万镇 2021 and 2024
    tail = ",信息管理不规范,分类不准确、不细致的现象仍然不同程度的存在"
    before = normalise("政府信息公开业务知识培训工作有待加强,公开信息主动性不足,信息更新不够及时" + tail)
    now = normalise("政府信息公开业务知识培训工作有待加强,公开信息积极性不够" + tail)
    assert restates(now, [normalise("政策解读形式单一"), before]) and restates(before, [now])
    assert restates(core(now), [core(before)])  # as the copy pass compares them
    # one clause of last year's statement is no restatement, nor is another shortcoming
    assert not restates(normalise("信息管理不规范,分类不准确、不细致"), [before])
    assert not restates(now, [normalise("政策解读形式单一，解读材料质量不高"), normalise("信息更新不够及时")])
    assert not restates(now, []) and not restates("", [before])


def test_holder_says_which_statement_holds_the_other_with_words_of_its_own():
    from indexer.sametext import holder

    short = normalise("未运用动画、音频、视频、H5等形式开展解读")
    long_ = normalise("政策解读的形式还不够丰富，未运用动画、音频、视频、H5等形式开展解读，解读材料的质量还不够高")
    assert (holder(short, long_), holder(long_, short)) == ("b", "a")
    # a self-reference and a hedge are no words of its own; nor is the same text
    assert holder(normalise("我街道信息公开面对社会宣传力度还不够"), normalise("信息公开面对社会宣传力度不够")) == ""
    assert holder(short, short) == ""
    # a longer statement not holding the shorter one whole
    assert holder(short, normalise("政策解读形式单一，未运用图表等形式开展解读，解读材料的质量还不够高")) == ""


def test_restates_finds_last_years_statement_reworded_as_an_edited_copy():
    from indexer.sametext import restates

    before = normalise("受限于人员编制情况，单位信息公开工作由办公室人员兼理，人员少工作量大，信息公开工作难免有不尽人意的地方")
    now = normalise("受人员编制所限，单位信息公开工作由办公室人员兼理，人员少而工作量大，信息公开工作难免有不完善之处")
    assert restates(core(now), [core(before)]) and restates(now, [before])
    # the same shortcoming in the organ's other words is not its last statement restated
    assert not restates(core(normalise("信息公开工作人员均为兼职，人员少，难以保证工作质量")), [core(before)])


def test_restates_finds_last_years_clauses_kept_edited_in_a_longer_statement():
    from indexer.sametext import restates

    # 平潭's 市场监督管理局 2021 / 2022: two of three clauses kept, edited, in a statement twice as long
    before = core(normalise("政策文件解读质量有待提升。政策解读的形式还不够丰富，解读材料的质量还不够高"))
    now = core(normalise("政策文件解读形式单一，缺乏多样性。政策解读的形式还不够丰富，未运用动画、音频、视频、H5等形式"
                         "开展解读，解读材料的质量还不够高，缺少多个角度多种形式的解读"))
    assert restates(now, [before]) and restates(before, [now])


@pytest.mark.parametrize("a, b", [
    # 平潭's 食品药品监督管理局 2011 / 2012 / 2013 and 交通与建设局 2016 / 2017 (cores of 8 and 10 characters)
    ("需要进一步提高信息报送时效", "宣传力度还不够到位、还需要进一步提高信息报送时效"),
    ("需要进一步提高信息报送时效", "依申请受理数量较少、需要进一步提高信息报送时效"),
    ("政府信息公开现有制度落实不够到位", "政府信息公开相关制度还不完善，现有制度落实不够到位"),
    # a run of clauses (环境与国土资源局 2017 / 自然资源与生态环境局 2019)
    ("个别信息更新不够及时、全面，公开质量有待提高",
     "主动公开内容深度不足,个别信息更新不够及时、全面，公开质量有待提高,政府信息公开工作机制不够完善"),
])
def test_keeps_clause_finds_a_clause_of_the_other_statement_kept_whole(a, b):
    from indexer.sametext import keeps_clause

    assert keeps_clause(a, b) and keeps_clause(b, a)


@pytest.mark.parametrize("a, b", [
    # another mechanism: the clause is not whole in the longer one
    ("政务公开工作机制不够健全", "依申请公开答复工作机制不够健全"),
    ("信息管理不规范,分类不准确、不细致", "信息管理不规范,分类不准确、不细致的现象仍然不同程度的存在"),
    # too short once the hedges are gone (工作机制完善), the same text, another shortcoming
    ("政府信息公开工作机制仍需进一步完善", "政府信息公开宣传力度不够，工作机制仍需进一步完善"),
    ("信息发布不够及时", "信息发布不够及时"),
    ("信息更新不够及时", "政府信息公开宣传力度不够，公众知晓率低"),
])
def test_keeps_clause_leaves_a_part_of_a_clause_and_short_or_other_wording_apart(a, b):
    from indexer.sametext import keeps_clause

    assert not keeps_clause(a, b) and not keeps_clause(b, a)
