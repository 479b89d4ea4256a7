"""Statements held whole in longer statements (`indexer.held`), on statements of the archive."""
from __future__ import annotations

import itertools

from indexer.held import held_pairs
from indexer.sametext import held_in, normalise

#: bench/out/recall-corpus: 平潭综合实验区行政审批局 2022 and 市场监督管理局 2023 (the short
#: statement one sentence of the longer, which adds three of its own), and others.
SHORT = "未运用动画、音频、视频、H5等形式开展解读"
LONG = ("政策文件解读形式单一，缺乏多样性。政策解读的形式还不够丰富，未运用动画、音频、视频、H5等形式开展解读，"
        "解读材料的质量还不够高，缺少多个角度多种形式的解读")
OTHERS = [
    "信息公开工作配备的人员少、力量薄，亟待加强",
    "自机构改革实施以来，刚开展政府信息公开工作，配备的人员少、力量薄，亟待加强",
    "政府信息公开工作机制不够完善",  # 14 characters, but its core (工作机制不够完善) is a stock phrase's
    "主动公开内容深度不足,个别信息更新不够及时、全面，公开质量有待提高,政府信息公开工作机制不够完善",
    "个别信息更新不够及时、全面，公开质量有待提高",
    "政策解读形式有待丰富",  # under HELD_CHARS
    "政务新媒体信息发布量较小，政策解读形式有待丰富，互动交流群众参与率较低",
]


def test_a_sentence_copied_into_a_longer_statement_is_held_in_it():
    texts = [normalise(t) for t in (LONG, SHORT)]
    assert held_pairs(texts) == ([(1, 0)], [])


def test_the_pairs_are_every_pair_held_in_finds():
    texts = list(dict.fromkeys(normalise(t) for t in [SHORT, LONG, *OTHERS]))
    pairs, stock = held_pairs(texts)
    expected = sorted((a, b) for a, b in itertools.permutations(range(len(texts)), 2)
                      if len(texts[a]) < len(texts[b]) and held_in(texts[a], texts[b]))
    assert pairs == expected and stock == []
    held = {(texts[a], texts[b]) for a, b in pairs}
    assert (normalise(SHORT), normalise(LONG)) in held
    assert (normalise(OTHERS[0]), normalise(OTHERS[1])) in held
    assert not any(short == normalise("政策解读形式有待丰富") for short, _ in held)


def test_a_statement_held_in_many_longer_ones_is_stock_wording():
    short = normalise(OTHERS[0])
    holders = [normalise(f"{lead}，{OTHERS[0]}") for lead in ("机构改革后刚开展工作", "我局新组建不久", "本单位成立时间较短",
                                                            "工作起步较晚", "人员调整频繁")]
    texts = [short, *holders]
    assert held_pairs(texts, stock_after=5) == ([], [0])
    assert held_pairs(texts, stock_after=6)[0] == [(0, n) for n in range(1, 6)]


def test_no_text_long_enough_gives_no_pairs():
    assert held_pairs([]) == ([], [])
    assert held_pairs(["短", "政策解读形式有待丰富"]) == ([], [])


#: bench/out/recall-corpus (平潭's bureaus): copies with a few characters changed inside,
#: which neither the grouping (3-gram Jaccard < 0.7) nor `held_pairs` (containment < 0.9) sees.
EDITED = [
    ("政府信息公开宣传力度不够，公众查阅点击利用率不高", "政府信息公开宣传力度不够，造成公众查阅点击利用率不高"),
    ("政府信息公开工作单位之间缺乏交流学习", "与政府信息公开工作兄弟单位之间缺乏交流学习"),
    ("我局政府信息公开工作、公开信息查阅场所没有单独设立，合并于局综合科",
     "我局政府信息公开工作、公开信息查阅场所没有单独设立，合并于局办公室"),
]
#: 质监局 2011 / 亭子坝镇 2014: the statement edited (都还 dropped) and a clause put before it.
EDITED_HELD = ("公开内容的及时性、全面性以及公开形式的便民性等都还需要在今后工作中改进",
               "与公众的需求还存在差距,公开内容的及时性、全面性以及公开形式的便民性等需要在今后工作中改进")
#: the same shortcoming in other words, and stock variants: no copies
NOT_EDITED = [
    "依申请公开工作机制仍需进一步完善", "依申请公开工作机制仍需进一步规范",
    "政府信息公开工作机制不够完善", "政府信息公开工作机制还不够完善",
    "信息公开内容不够全面，更新不够及时", "信息更新不够及时，公开内容有待进一步丰富",
]


def test_copies_with_a_few_characters_changed_are_the_same_text_edited():
    from indexer.held import edited_pairs
    from indexer.sametext import core

    for a, b in EDITED:
        texts = [core(normalise(a)), core(normalise(b))]
        assert edited_pairs(texts, min_chars=12) == ([(0, 1)], []), (a, b)
        assert held_pairs(texts, min_chars=12) == ([], [])  # not held whole: a word changed inside
    texts = [core(normalise(t)) for t in EDITED_HELD]
    assert edited_pairs(texts, min_chars=12) == ([], [(0, 1)])


def test_other_wording_of_the_same_shortcoming_is_no_edited_copy():
    from indexer.held import edited_pairs
    from indexer.sametext import core

    texts = list(dict.fromkeys(core(normalise(t)) for t in NOT_EDITED))
    assert edited_pairs(texts, min_chars=12) == ([], [])
    # and a text held word for word is `held_pairs`' alone
    texts = [normalise(t) for t in (LONG, SHORT)]
    assert edited_pairs(texts) == ([], []) and held_pairs(texts)[0] == [(1, 0)]


def test_merged_groups_take_the_smallest_root():
    import numpy as np

    from indexer.held import merge_groups

    roots = np.array([0, 1, 1, 3, 4, 3])
    assert merge_groups(roots, [(2, 4), (5, 4)]).tolist() == [0, 1, 1, 1, 1, 1]
    assert merge_groups(roots, []).tolist() == roots.tolist()
