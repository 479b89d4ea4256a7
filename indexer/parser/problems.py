"""Problem statements and improvement measures of 存在的主要问题及改进情况.

The part is first cut by its own sub-headings ((一)存在的主要问题 /
(二)改进情况). A part without them holds both, often interleaved: each
numbered item states a problem and then what was or will be done (松北区
2020). Items are found by line-start numbering (1. (一) 一、) and inline
enumeration (一是…二是…); an item's problem ends where a clause opens with
a measure cue (今后, 下一步, 针对…, 将进一步…). Every statement is a
substring of the section text, trimmed of its numbering and end punctuation.
"""
from __future__ import annotations

import re

from indexer.model import Measure, ProblemStatement, Section
from indexer.parser.measure_cues import split_at_cue  # noqa: F401  (re-exported)
from indexer.parser.not_statements import (  # noqa: F401  (is_page_chrome re-exported)
    is_fragment, is_generic, is_page_chrome, next_part, without_appendix, without_cut_tail, without_lead_words,
    without_repeated_summary,
)
from indexer.parser.problem_items import CN, PROBLEM_HEAD, TRIM, Item, items, parts, subhead_kind
from indexer.parser.problems_prose import (  # noqa: F401  (prose_statements re-exported)
    _ACTION, _LEAD_CLAUSE, _SHORTCOMING, _clean, only_generic_words, prose_statements,
)
from indexer.parser.sections import end_of_part

_LIST_WORD = re.compile(r"以下|如下")
_SUBHEAD_WORD = re.compile(r"问题|不足|困难|如下|以下")
_PROBLEM_WORD = re.compile(r"问题|不足|困难")


def _is_lead(text: str) -> bool:
    """A clause announcing a list ("下一步，我们将从以下方面改进：")."""
    text = text.strip()
    return text.endswith(("：", ":")) or (len(text) <= 40 and bool(_LIST_WORD.search(text)))


def _is_subheading(text: str) -> bool:
    """A sub-heading, never a statement: a short line ending with ':' that
    names no shortcoming, or just 存在的问题 / 主要问题 and the like."""
    text = text.strip()
    bare = _clean(text)
    if PROBLEM_HEAD.match(bare):
        return True
    return text.endswith(("：", ":")) and len(bare) <= 24 and bool(_SUBHEAD_WORD.search(bare))


#: A paragraph that tells what happened ("2010年,我镇的政务公开…"), not
#: what falls short: never a statement on the strength of its heading alone.
_NARRATIVE = re.compile(r"^(?:\d{4}年度?|今年|去年|本年度?|一年来|近年来)(?:以来)?[，,]")


def extract_problems(sections: list[Section]) -> tuple[list[ProblemStatement], list[Measure]]:
    """Problems and measures from the sections mapped onto number 5."""
    problems: list[str] = []
    measures: list[str] = []
    for section in sections:
        if section.number != 5:
            continue
        heading_has_problem = bool(_PROBLEM_WORD.search(section.title))
        initial = "mixed" if heading_has_problem else "measure"
        text = without_appendix(section.text)
        text = without_cut_tail(text) if section is sections[-1] else text
        text, plans = next_part(without_repeated_summary(text))
        for kind, part in parts(text, initial) + ([("measure", plans)] if plans.strip() else []):
            p, m = _walk(items(part), kind)
            problems += p
            measures += m
    problems = [without_lead_words(t) for t in problems if not is_page_chrome(t)]
    whole = "\n".join(s.text for s in sections if s.number == 5)
    problems = [t for t in problems if not is_fragment(t, whole)]
    # nor is a sub-heading run into the text ((二)改进措施。一是…)
    measures = [t for t in measures if not is_page_chrome(t) and not (len(t) <= 16 and subhead_kind(t))]
    # a lead-in or summary that only says there are shortcomings ("还存在一些
    # 薄弱环节", "离上级要求还有很大的差距") counts only when nothing else does
    concrete = [t for t in problems if not is_generic(t)]
    problems = concrete or problems
    return (
        [ProblemStatement(text=t, number=i) for i, t in enumerate(problems, 1)],
        [Measure(text=t, number=i) for i, t in enumerate(measures, 1)],
    )


#: A sentence announcing the shortcomings listed right after it (…还存在一些
#: 不足:一是…, 存在的问题:一是…, (一)存在问题:1.…) in a text without a
#: problems heading.
_ANNOUNCED = re.compile(
    r"(?:存在的?(?:主要)?(?:问题|不足)(?:和不足|和问题|与不足)?|(?:还|仍|也|依然)?存在(?:以下|如下|一些|几个|几点)(?:方面的?)?(?:问题|不足)(?:和不足|和问题)?"
    r"|不足之处)(?:主要(?:有|是|表现在|体现在))?[:：]\s*"
    rf"(?=[{CN}]是|[（(][{CN}\d][)）]|\d[、.．]|[{CN}]、)"
)


_PROBLEMS_SUBHEADING = re.compile(
    rf"(?m)^[ \t\u3000]*(?:[（(][{CN}][)）]|[{CN}]、)?[ \t\u3000]*"
    # (二)2025 年工作中存在的主要问题
    r"(?:(?:20\d\d|19\d\d)\s*年度?(?:工作中)?)?"
    r"(?:(?:存在的?|面临的?)(?:主要)?(?:问题|不足)(?:和不足|和问题|与不足)?|主要问题|不足之处)[:：]?[ \t\u3000]*\n"
)


#: A clause owning up to shortcomings in a report without any headings (…取得
#: 了进展,但主动公开的内容与需求还存在一些差距,上传信息量偏少…): the
#: shortcomings are the prose from there on.
_OWNED_UP = re.compile(
    r"(?<=[，,。；;])\s*(?:但是?|不过|然而)(?=[^。；;：:]{0,40}?(?:还|仍|也|依然|尚)?存在着?(?:一些|一定的?|不少|诸多|较大的?)?的?"
    r"(?:问题|不足|差距|薄弱环节|短板))"
)


def announced_problems(text: str, prose: bool = False) -> tuple[list[ProblemStatement], list[Measure]]:
    """Problems and measures of a text without a problems section, read from
    the numbered list after the first sentence announcing them (工作还存在一些
    不足:一是…;二是…) or after a problems sub-heading on a line of its own;
    with `prose` (a text without any headings), else from the clause owning
    up to them (但…还存在一些差距,…); nothing when none is there."""
    m = _ANNOUNCED.search(text) if "存在" in text or "不足之处" in text else None
    # or a problems sub-heading on a line of its own, its part's heading lost
    # ((一)存在的主要问题, in a PDF extraction that dropped 五、…)
    m = m or _PROBLEMS_SUBHEADING.search(text)
    if not m and prose:
        owned = _OWNED_UP.search(text)
        if owned:  # the clause itself is read, its lead dropped by the prose reader
            section = Section(number=5, title="存在的问题及改进情况", canonical_title="存在的主要问题及改进情况",
                              text=text[owned.start():])
            return extract_problems([section])
    if not m:
        return [], []
    # a heading naming both keeps the measures that follow apart (see _walk);
    # the list ends with the part it stands in
    section = Section(number=5, title="存在的问题及改进情况", canonical_title="存在的主要问题及改进情况",
                      text=end_of_part(text[m.end():]))
    return extract_problems([section])


def _walk(items: list[Item], kind: str) -> tuple[list[str], list[str]]:
    """Sort a part's items into problems and measures (see module doc)."""
    problems: list[str] = []
    measures: list[str] = []
    state = "measure" if kind == "measure" else "problem"
    last_problem: tuple[str, int] | None = None
    locked = kind == "measure"
    for item in items:
        continues = last_problem is not None and item.style == last_problem[0] and item.ordinal == last_problem[1] + 1
        if state == "measure" and not locked and continues:
            state = "problem"
        elif state == "measure" and kind == "mixed" and last_problem and item.style == last_problem[0] and item.style:
            locked = True  # numbering restarted after the problems: a list of measures
        if state == "measure":
            if _clean(item.text) and not _is_lead(item.text):
                measures.append(_clean(item.text))
            continue
        problem, measure = split_at_cue(item.text)
        if kind == "mixed" and not _clean(problem) and measure:
            state = "measure"
            if not _is_lead(measure):
                measures.append(_clean(measure))
            continue
        if kind == "mixed" and item.style and not _SHORTCOMING.search(problem) and _ACTION.match(_clean(problem)):
            # "1、加强学习。…" under 问题及下步打算: a measure, not a problem
            measures.append(_clean(item.text))
            continue
        if _is_subheading(problem):
            continue
        # a numbered item that only announces the shortcomings ("一是2017年…
        # 取得了一定的成效,但也存在一些问题和不足。") is read as prose
        last_clause = _clean(problem).rsplit("，", 1)[-1].rsplit(",", 1)[-1]
        announces = bool(_LEAD_CLAUSE.match(last_clause)) or only_generic_words(last_clause)
        found = [_clean(problem)] if item.style and not announces else prose_statements(problem)
        if kind == "problem" and not any(found) and not _is_lead(problem) and not _NARRATIVE.match(_clean(problem)):
            found = [_clean(problem)]  # under its own heading, a sentence is a problem whatever its wording
        if any(found):
            problems += [f for f in found if f]
            last_problem = (item.style, item.ordinal)
        if measure.strip(TRIM):
            if not _is_lead(measure):
                measures.append(_clean(measure))
            state = "measure"
    return problems, measures
