"""Where a measure starts inside an item that first states a problem: the
first clause that opens with a measure cue (今后, 下一步, 针对…, 将进一步…)
or holds one (将继续, 采取的措施), unless it still states a shortcoming
(针对热点的解读水平仍需提高, …还需要在今后的工作中加以改进)."""
from __future__ import annotations

import re

from indexer.parser.problems_prose import _SHORTCOMING, LOOKING_BACK

_START_CUE = re.compile(
    r"(?:今后|下一步|下步|接下来|针对|为此|对此|今年采取|我们将|下阶段|在今后|明年|拟|同时将|为了?(?:进一步|更好地?)"
    r"|我(?:街道?|镇|乡|局|办|委|区|县|市|单位|部门)?将"
    r"|将(?:进一步|继续|加大|加强|着力|以|在|按照|不断|认真|积极|切实|全面|持续|采取|通过)"
    r"|已经|\d{4}年(?:我们|将|要)|在\d{4}年的?(?:工作中|里|度))"
)
_INNER_CUE = re.compile(
    r"(?:会|将)(?:继续|持续)|采取的措施|采取(?:了)?(?:以下|如下)|整改措施|改进措施|发现(?:这个|该|此)问题后|已(?:经)?(?:督促|责成|要求)|加以改进"
    # 考虑从以下几个方面进一步改进: the measures are announced
    r"|(?:从|在|就)(?:以下|如下)(?:几个|[一二三四五六两]个)?方面[^，,。；;]{0,10}(?:改进|整改|加强|努力|提升|完善)"
)
_CLAUSE_END = re.compile(r"[，。；,;：:！!？?]")


def split_at_cue(text: str) -> tuple[str, str]:
    """(problem part, measure part) of one item: the measure starts at the
    first clause that opens with, or holds, a measure cue."""
    starts = [0] + [m.end() for m in _CLAUSE_END.finditer(text)]
    for i, pos in enumerate(starts):
        end = starts[i + 1] if i + 1 < len(starts) else len(text)
        clause = text[pos:end].lstrip()
        stop = _SENTENCE_STOP.search(text, pos)
        if LOOKING_BACK.match(clause):
            continue  # what was done about last year's problems: no measure to come
        if _START_CUE.match(clause) and _is_targeted_shortcoming(text[pos:stop.end() if stop else len(text)].lstrip()):
            continue
        if (_START_CUE.match(clause) or _INNER_CUE.search(clause) and not _still_needs(clause)
                or _MEASURES_ANNOUNCED.match(text, pos + len(text[pos:end]) - len(clause))):
            pos = _with_time_before(text, pos)
            return text[:pos], text[pos:]
    return text, ""


#: A clause that only says when, or in view of what (2023年，我区将…;
#: 结合工作中存在的问题，考虑从以下方面改进): it opens the measure that
#: follows it, never ends the problem before.
_OPENING_CLAUSE = re.compile(
    r"\s*(?:(?:在|于)?(?:\d{4}年度?|[二〇○零一三四五六七八九]{4}年|明年|来年|新的一年(?:里|中)?|下一年度?|下一阶段|今后一个时期)"
    r"(?:里|中|内|工作中)?|(?:结合|针对|对照)[^，,。；;]{0,20}(?:问题|不足|差距|短板))\s*[，,]\s*$"
)


def _with_time_before(text: str, pos: int) -> int:
    """`pos`, moved back over a clause of time or of what is being answered
    (`_OPENING_CLAUSE`) that opens its sentence."""
    before = text[:pos]
    start = max(before.rfind(c) for c in "。；;！!？?\n") + 1
    return start if start < pos and _OPENING_CLAUSE.fullmatch(before[start:]) else pos


def _is_targeted_shortcoming(clause: str) -> bool:
    """A 针对… clause that closes its sentence with a shortcoming of its own
    ("…有待增强,针对社会热点的信息解读水平仍需提高。"): part of the problem,
    not the measure it usually opens."""
    return (
        clause.startswith("针对")
        and not _TARGET_OF_MEASURE.match(clause)
        and clause.rstrip()[-1:] in ("。", "；", ";", "")
        and not _MEASURE_VERB.search(clause)
        and bool(_SHORTCOMING.search(clause))
    )


#: A sentence announcing the measures listed after it (因此，我们考虑从以下三个
#: 方面作进一步的改进：…, 为此，将从以下几方面加以整改).
_MEASURES_ANNOUNCED = re.compile(
    r"(?:因此|为此|对此|据此|鉴于此|针对以上问题)[，,]?\s*(?:我们|我[街镇乡局办委区县市]|本(?:机关|单位|部门))?"
    r"(?:考虑|计划|打算|准备|拟|将|要)?(?:从|在|就)(?:以下|如下)")
_MEASURE_VERB = re.compile(r"将|要|拟|我们|采取|措施")
#: 针对 the shortcomings just stated: what follows is what is done about them.
_TARGET_OF_MEASURE = re.compile(r"针对(?:以上|上述|这些|此类?|存在的|前述|上面|发现的|该|这一?)")
_SENTENCE_STOP = re.compile(r"[。；;！!？?\n]")
_STILL_NEEDS = re.compile(r"(?:还|仍|尚)(?:需要|需|有待)")


def _still_needs(clause: str) -> bool:
    """A clause saying what still needs improving ("…便民性等都还需要在今后的
    工作中加以改进"): a shortcoming, though it names the improvement."""
    return bool(_STILL_NEEDS.search(clause)) and not re.search(r"将|拟|我们|采取", clause)
