"""indexer.sametext: what copy detection calls the same text."""
from __future__ import annotations

from indexer.sametext import copy_similarity, core, is_copy, long_enough, normalise, pieces, shared_text

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
