"""Grouping near-identical texts in bulk (`indexer.neardup`): exact Jaccard,
families kept whole, unrelated text kept apart, the LSH parameters."""
from __future__ import annotations

import random

import numpy as np

from indexer import neardup
from indexer.neardup import gram_sets, group_texts, jaccard

BASES = [
    "本年度严格落实政府信息公开条例要求健全信息发布审查机制依托门户网站和政务新媒体及时发布各类政务信息切实保障人民群众的知情权参与权和监督权",
    "围绕优化营商环境重点领域主动公开涉企政策文件及解读材料开设惠企政策专栏集中发布减税降费稳岗就业等政策措施并通过多种渠道开展宣传",
    "依申请公开办理工作规范有序严格按照法定时限和程序进行答复答复文书格式统一告知理由充分救济途径明确全年未发生超期答复情况",
    "加强政府网站和政务新媒体监管每季度开展一次全面检查及时整改错别字链接失效栏目长期不更新等问题网站内容质量和服务水平不断提升",
    "做好基层政务公开标准化规范化工作编制完善二十六个试点领域公开事项目录在各村社区设立政务公开栏定期更新低保救助等群众关心的信息",
]
NAMES = ["东城区", "西平县", "南安镇", "北宁街道", "新兴乡", "永和区", "长清县", "丰泽镇", "龙川县", "金湖乡"]


def _three_grams(text: str) -> set[str]:
    return {text[i:i + 3] for i in range(len(text) - 2)} or {text}


def _variant(base: str, rng: random.Random) -> str:
    """The base with an organ name before it and a number inside, as one organ rewrites boilerplate."""
    cut = rng.randrange(20, len(base) - 20)
    return f"{rng.choice(NAMES)}{base[:cut]}{rng.randint(1, 999)}{base[cut:]}"


def test_the_exact_check_is_the_jaccard_of_the_3_gram_sets():
    rng = random.Random(7)
    texts = BASES + [_variant(b, rng) for b in BASES for _ in range(3)] + ["短句", "abc"]
    grams = gram_sets(texts)
    left, right = np.array([i for i in range(len(texts)) for _ in texts]), np.array(list(range(len(texts))) * len(texts))
    expected = [len(_three_grams(texts[a]) & _three_grams(texts[b])) / len(_three_grams(texts[a]) | _three_grams(texts[b]))
                for a, b in zip(left, right)]
    assert np.allclose(jaccard(grams, left, right), expected)
    assert grams.sizes().tolist() == [len(_three_grams(t)) for t in texts]  # "短句" is one gram, as a set of itself


def test_families_of_variants_stay_whole_and_apart():
    """Hundreds of variants of five paragraphs (the synthetic corpus's shape): five groups, each whole."""
    rng = random.Random(3)
    family = [i % len(BASES) for i in range(1500)]
    texts = list(dict.fromkeys(_variant(BASES[f], rng) for f in family))
    truth = [next(i for i, b in enumerate(BASES) if b[:10] in t or b[-10:] in t) for t in texts]
    stats: dict = {}
    groups = group_texts(texts, stats)
    assert len(set(groups)) == len(BASES)
    assert all(len({g for g, t in zip(groups, truth) if t == f}) == 1 for f in range(len(BASES)))
    assert stats["exact_checks"] < 10 * len(texts)  # nowhere near every pair of a family
    assert group_texts(texts) == groups  # deterministic


def test_a_chain_of_edits_is_one_group_and_a_stock_phrase_is_not():
    base = BASES[0] + BASES[2]
    step = base[:20] + "市场监管部门联合开展专项检查" + base[34:]  # one part rewritten
    further = step[:100] + "县司法局牵头组织法律顾问审核" + step[114:]  # and then another
    other = BASES[1] + BASES[3]
    grams = gram_sets([base, step, further])
    assert jaccard(grams, np.array([0, 1, 0]), np.array([1, 2, 2])).round(2).tolist() == [0.77, 0.77, 0.59]
    groups = group_texts([base, other, step, further])  # joined through the middle one
    assert groups[0] == groups[2] == groups[3] != groups[1]
    assert group_texts([]) == [] and group_texts(["一段"]) == [0]


def test_lsh_bands_are_datasketchs_choice_for_the_threshold():
    from datasketch.lsh import _optimal_param

    assert (neardup.BANDS, neardup.ROWS) == _optimal_param(neardup.LSH_THRESHOLD, neardup.NUM_PERM, 0.5, 0.5)
    assert neardup.BANDS * neardup.ROWS <= neardup.NUM_PERM


def _texts(n: int = 400, seed: int = 3) -> list[str]:
    rng = random.Random(seed)
    return list(dict.fromkeys(_variant(rng.choice(BASES), rng) for _ in range(n)))


def test_each_sketch_value_is_the_least_high_half_of_its_hash_over_the_set():
    texts = _texts(60)
    grams = gram_sets(texts)
    a, b = neardup._permutations()
    mask = (1 << 64) - 1
    sketches = neardup.signatures(grams)
    for i in (0, 17, len(texts) - 1):
        values = grams.values[grams.offsets[i]:grams.offsets[i + 1]].tolist()
        assert sketches[i].tolist() == [min(((int(ai) * v + int(bi)) & mask) >> 32 for v in values) for ai, bi in zip(a, b)]


def test_candidate_pairs_are_those_of_every_bucket_walked_in_the_full_order(monkeypatch):
    # a bucket is sorted within only when its walk depends on the order: the pairs stay those of
    # sorting every text by bucket, the following bands' values and the salted number (the first rule)
    texts = _texts()
    sketches = neardup.signatures(gram_sets(texts))

    def full_order(sketches, keys, columns, band, by_key=None):
        index = np.arange(len(sketches), dtype=np.int64)
        return np.lexsort((neardup._salted(index, band), *[sketches[:, c] for c in columns][::-1], keys))

    fast = neardup.candidate_pairs(sketches)
    roots = np.arange(len(texts), dtype=np.int64) // 3 * 3  # groups of three, as a later round may have
    fast_later = neardup.candidate_pairs(sketches, roots, 1)
    monkeypatch.setattr(neardup, "_walk_order", full_order)
    assert len(fast) > len(texts) and np.array_equal(fast, neardup.candidate_pairs(sketches))
    assert len(fast_later) and np.array_equal(fast_later, neardup.candidate_pairs(sketches, roots, 1))


def test_two_processes_sketch_and_band_the_same_groups(monkeypatch):
    """The sketching and the LSH bands shared with a second process give the same arrays and groups."""
    from indexer import forked

    rng = random.Random(5)
    texts = list(dict.fromkeys([_variant(BASES[i % len(BASES)], rng) for i in range(600)]
                               + [f"{rng.choice(NAMES)}{''.join(rng.sample(BASES[0], 30))}" for _ in range(200)]))
    one_stats: dict = {}
    alone = group_texts(texts, one_stats)
    monkeypatch.setattr(neardup, "_SPLIT_TEXTS", 0)  # every list is large enough to share
    shared = []
    side_by_side = forked.side_by_side
    monkeypatch.setattr(forked, "side_by_side", lambda *work: shared.append(1) or side_by_side(*work))
    grams, sketches = neardup._sketched(texts, procs=2)
    expected = gram_sets(texts)
    assert np.array_equal(grams.values, expected.values) and np.array_equal(grams.offsets, expected.offsets)
    assert np.array_equal(sketches, neardup.signatures(expected))
    assert np.array_equal(neardup.candidate_pairs(sketches, procs=2), neardup.candidate_pairs(sketches))
    monkeypatch.setattr(neardup, "_SPLIT_PAIRS", 2)  # every step's checks are shared too
    checked_there = []
    split = forked.Beside.split
    monkeypatch.setattr(forked.Beside, "split", lambda self, name, *arrays: checked_there.append(name)
                        or split(self, name, *arrays))
    two_stats: dict = {}
    assert group_texts(texts, two_stats, procs=2) == alone
    assert two_stats["joins"] == one_stats["joins"] and two_stats["rounds"] == one_stats["rounds"]
    assert two_stats["exact_checks"] == one_stats["exact_checks"]
    assert len(set(alone)) < len(texts) and len(shared) >= 3  # sketches, then the bands of each round
    assert {"agree", "same"} <= set(checked_there)


def test_a_chunks_joins_give_the_groups_and_counts_of_joining_pair_by_pair():
    """`_Groups._join_all` (the pairs' roots take their connected part's smallest root) against a
    union-find joined one pair at a time, on chains, stars and pairs already in one group."""
    rng = np.random.default_rng(3)
    texts = [f"{i}" for i in range(300)]
    grams = gram_sets(texts)
    for _ in range(20):
        groups = neardup._Groups(grams, neardup.signatures(grams), {})
        parent = list(range(len(texts)))

        def root(i):
            while parent[i] != i:
                i = parent[i]
            return i

        for chunk in range(3):
            left, right = rng.integers(0, len(texts), 80), rng.integers(0, len(texts), 80)
            expected = 0
            for a, b in zip(left.tolist(), right.tolist()):
                ra, rb = root(a), root(b)
                if ra != rb:
                    parent[max(ra, rb)] = min(ra, rb)
                    expected += 1
            assert groups._join_all(left, right) == expected
            assert groups.parent.tolist() == [root(i) for i in range(len(texts))]


def test_sketch_agreements_are_the_equal_values_counted():
    rng = np.random.default_rng(4)
    equal = rng.random((1000, neardup.NUM_PERM)) < rng.random((1000, 1))
    equal[0], equal[1] = True, False
    assert neardup._agreements(equal).tolist() == equal.sum(axis=1).tolist()
    assert neardup._agreements(equal)[:2].tolist() == [neardup.NUM_PERM, 0]
