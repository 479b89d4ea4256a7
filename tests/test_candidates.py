"""Candidates for similar statements: the search by words and the search by shortcoming.

A real index is built from constructed reports in the standard six-part layout.
"""
from __future__ import annotations

import pytest

from indexer import candidates
from indexer.similar import STOPWORDS
from constructed_reports import NEUTRAL, SIX_PARTS as LAYOUT, build_archive


#: bench/judged-dev d02: awareness, in a long statement full of the archive's common words
SEED = "少数乡镇、部门对政府信息公开工作认识不到位,主动公开意识不强"
#: the same shortcoming, sharing only its shortcoming word (graded 2 by the dev sets' rules)
SAME_SHORTCOMING = "干部职工的意识有待增强"
#: other shortcomings in the seed's common words
FILLERS = ["少数乡镇、部门政府信息公开工作的内容不够全面", "少数乡镇、部门政府信息公开工作的形式比较单一",
           "少数乡镇、部门政府信息公开工作的栏目更新不够及时", "少数乡镇、部门政府信息公开工作的网站建设滞后"]

REPORTS = {
    "seed-2021.txt": ("甲县人民政府", f"一是{SEED}。"),
    "same-2021.txt": ("乙县人民政府", f"一是{SAME_SHORTCOMING}。"),
    "checking-2021.txt": ("丙县人民政府", "一是上网公开审查不够严格。"),
    "lax-2021.txt": ("丁县人民政府", "一是信息审核把关不严。"),
    **{f"filler{i}-2021.txt": (f"第{i}镇人民政府", f"一是{t}。") for i, t in enumerate(FILLERS * 2, 1)},
}


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    reports = {name: dict(agency=agency, problems=problems) for name, (agency, problems) in REPORTS.items()}
    return build_archive(tmp_path_factory.mktemp("candidates"), reports, LAYOUT, defaults=dict(year=2021, overview=NEUTRAL))


def _statement(archive, text: str):
    return next(p for p in archive.all_problems() if p.text.rstrip("。") == text)


def test_the_reports_parse_as_intended(archive):
    seed, same = _statement(archive, SEED), _statement(archive, SAME_SHORTCOMING)
    assert seed.categories == same.categories == ["training"]
    assert all("training" not in _statement(archive, t).categories for t in FILLERS)


def test_the_search_by_shortcoming_adds_a_statement_the_words_search_ranks_below_the_limit(archive):
    seed = _statement(archive, SEED)
    by_words = archive.problem_candidates(candidates.searched(seed.text, None, STOPWORDS), limit=4,
                                          exclude_report=seed.report_id)
    assert SAME_SHORTCOMING not in {c.text.rstrip("。") for c in by_words}  # the common words outscore it
    found = candidates.find(archive, seed.text, seed.categories, limit=4, exclude_report=seed.report_id,
                            stopwords=STOPWORDS)
    texts = [c.text.rstrip("。") for c in found]
    assert texts[:4] == [c.text.rstrip("。") for c in by_words]  # the words search first, unchanged
    assert texts[4:] == [SAME_SHORTCOMING]  # only statements of the seed's category, each once
    assert len(set(c.id for c in found)) == len(found) <= 4 + candidates.SHORTCOMING_EXTRA


def test_without_categories_only_the_words_search_runs(archive):
    seed = _statement(archive, SEED)
    by_words = archive.problem_candidates(candidates.searched(seed.text, None, STOPWORDS), limit=4,
                                          exclude_report=seed.report_id)
    for categories in (None, [], ["other"]):
        found = candidates.find(archive, seed.text, categories, limit=4, exclude_report=seed.report_id,
                                stopwords=STOPWORDS)
        assert [c.id for c in found] == [c.id for c in by_words]
    assert candidates.find(archive, "  ", ["training"]) == []


def test_similar_statements_rank_the_added_statement_first(archive):
    from indexer.similar import similar_to_problem

    seed = _statement(archive, SEED)
    found = similar_to_problem(archive, seed.id, candidates=4).similar
    assert found[0].text.rstrip("。") == SAME_SHORTCOMING


def test_a_checking_statement_is_found_in_the_other_word(archive):
    """审核把关不严 and 审查不够严格 share no word: the curated groups (审查/审核,
    不严/不够严格) make them one shortcoming for the search and the ranking."""
    from indexer.similar import similar_to_problem

    seed = _statement(archive, "信息审核把关不严")
    found = similar_to_problem(archive, seed.id).similar
    assert found[0].text.rstrip("。") == "上网公开审查不够严格"
