"""Which of the names a text offers is its organ: the rules propose, a small
learned model chooses where they do not.

The rules (`agency.py`, `own_name.py`) each propose at most one name, in
order of trust: the title, the signature, a page's publisher field, the
compiler, the opening sentence, … (RULES). A text whose title names its
organ keeps that name. For any other text every rule's proposal and every
organ-shaped span of its opening (`spans`) is a candidate, and a logistic
regression over what is around each candidate (which rules proposed it,
how it ends, where and how often the text writes it, whether it agrees with
what the text calls itself: 我局, 我乡) picks one, or none when no candidate
is likely enough. Its fitted weights are data (`indexer/data/organ_model.json`,
written by `python -m bench.organ_names fit` from the labelled openings of
the bench sets, cross-validated grouped by set there).
"""
from __future__ import annotations

import json
import math
import re
from bisect import bisect_left, bisect_right
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from indexer.parser import agency as organs
from indexer.parser import names, own_name
from indexer.parser.metadata import known_place_sizes, known_places
from indexer.parser.names import ORGAN_SUFFIX, PLACED, is_organ_name
from indexer.places.mentions import pair_positions, pair_table

MODEL_PATH = Path(__file__).resolve().parent.parent / "data" / "organ_model.json"

#: The rules' sources in order of trust; the first one's (the title's) name is never second-guessed.
RULES = (
    ("title", lambda t, clean, body, signer: organs.agency_from_title(t)),
    ("system_title", lambda t, clean, body, signer: organs.agency_from_system_title(t, clean)),
    ("signature", lambda t, clean, body, signer: organs.with_government(signer) if signer else ""),
    ("page", lambda t, clean, body, signer: organs.with_government(organs.agency_from_page(clean))),
    ("compiler", lambda t, clean, body, signer: organs.agency_from_compiler(body)),
    ("opening", lambda t, clean, body, signer: organs.agency_from_text(body)),
    ("quoted_title", lambda t, clean, body, signer: organs.agency_from_quoted_title(body)),
    ("name_line", lambda t, clean, body, signer: organs.agency_from_name_line(clean)),
    ("contact", lambda t, clean, body, signer: organs.agency_from_contact(clean)),
    ("own_documents", lambda t, clean, body, signer: own_name.agency_from_own_documents(body)),
    ("own_budget", lambda t, clean, body, signer: own_name.agency_from_own_budget(body)),
    ("repeated", lambda t, clean, body, signer: own_name.agency_from_repeated_name(body)),
    ("source_field", lambda t, clean, body, signer: own_name.agency_from_source_field(clean)),
)


@dataclass
class Candidate:
    """One name the text offers for its organ, and who offered it."""

    name: str
    rules: list[int] = field(default_factory=list)  # indexes into RULES
    span: bool = False  # found by the span scan


@lru_cache(maxsize=4096)
def cleaned(name: str) -> str:
    """A proposal as every source's is cleaned: page chrome and a lead clause cut off.
    Remembered: titles and page headers come back in report after report."""
    return organs.without_lead_words(organs.without_page_junk(name))


def candidates(title: str, clean: str, body: str, signer: str, scan: bool = True) -> list[Candidate]:
    """Every rule's proposal (in rule order) and, with `scan`, every organ-shaped span of the opening."""
    found: dict[str, Candidate] = {}
    for n, (_, rule) in enumerate(RULES):
        name = cleaned(rule(title, clean, body, signer))
        if is_organ_name(organs.full_width_brackets(name)) and not own_name.contradicts_self(
                organs.with_government(name), body):
            found.setdefault(name, Candidate(name)).rules.append(n)
    if scan:
        for name in spans(title + "\n" + body[:_SCAN]):
            found.setdefault(name, Candidate(name)).span = True
    return list(found.values())


_SCAN = 2500
#: candidates are compared pairwise: a text listing hundreds of organs stays cheap
_MOST_SPANS = 150
#: a run of name characters between punctuation, digits and spaces
_CHUNK = re.compile(r"[\u4e00-\u9fa5（）]{3,60}")
_SUFFIX_END = re.compile(r"(?:" + ORGAN_SUFFIX + r"|(?<=[\u4e00-\u9fa5]{2})街)")
_STARTS_AFTER = re.compile(r"(?:由|经|在|是|对|为|与|向|将|请|现|据|年|度|关于|根据|依据|按照|我们|本)")


@lru_cache(maxsize=1)
def _place_pairs():
    """The `PairTable` of the known places' first two characters."""
    return pair_table(known_place_sizes())


def spans(text: str) -> list[str]:
    """Organ-shaped spans of `text`: from the start of a run of name
    characters, after a lead word or at a known place, to the end of an organ
    suffix; each at most 25 characters and a valid organ name."""
    out: dict[str, None] = {}
    # where a known place can start, for the whole text at once
    place_at = pair_positions(text, _place_pairs())
    for chunk in _CHUNK.finditer(text):
        s, begin = chunk.group(), chunk.start()
        starts = {0} | {m.end() for m in _STARTS_AFTER.finditer(s)}
        # a place's first two characters, both inside the chunk and not at its last two
        first, last = bisect_left(place_at, begin), bisect_left(place_at, chunk.end() - 2)
        starts |= {p - begin for p in place_at[first:last]}
        ends = sorted({m.end() for m in _SUFFIX_END.finditer(s)})
        for a in sorted(starts):
            # only the ends 3 to 25 characters after the start, found by bisection
            for b in ends[bisect_left(ends, a + 3):bisect_right(ends, a + 25)]:
                if is_organ_name(s[a:b]):
                    out.setdefault(s[a:b])
                    if len(out) >= _MOST_SPANS:
                        return list(out)  # a list of names, not an opening: enough to choose from
    return list(out)


def finished(agency: str, source_no: int, clean: str) -> str:
    """The chosen name in the one spelling each organ gets (names.py):
    full-width brackets, no alias, the official or declared full form, the
    fullest form the text writes and the city it writes in front."""
    agency = organs.without_alias(organs.full_width_brackets(agency))
    if source_no != 0:
        # a name found outside the title may be the short form of the one
        # the page header writes out (巴州人民政府, 巴音郭楞蒙古自治州人民政府)
        agency = organs.official_form(agency, clean)
    # a short name the text declares for a full one (（以下简称自治区北部湾办）)
    agency = own_name.declared_full_name(agency, clean)
    # One spelling per organ across reports and years, so the agency facet
    # and agency_reports() group them: full-width brackets, the fullest form
    # the text writes (洪江区沅江路街道办事处 for 沅江路街道), and the city
    # in front wherever the text itself writes it there.
    agency = organs.fuller_name(organs.full_width_brackets(organs.without_repeats(agency)), clean, source_no != 0)
    # the whole name the text writes for a cut or short one (社会保障厅 ->
    # 福建省人力资源和社会保障厅, 市林业局 -> 池州市林业局)
    flat = clean.replace(" ", "").replace("\t", "").replace("\u3000", "")
    agency = names.with_full_words(names.with_and_compound(agency, flat), flat)
    return organs.with_city(agency, clean)


# -- features ------------------------------------------------------------------

_SELF = re.compile(r"我(?P<word>中心|苏木|局|委|办|厅|署|院|所|站|社|馆|队|处|部|街|乡|镇|区|县|市|校)(?![长里内外])")
_SELF_ENDS = {"中心": "中心", "苏木": "苏木", "局": "局", "委": "委|委员会", "办": "办|办公室", "厅": "厅", "署": "署",
              "院": "院", "所": "所", "站": "站", "社": "社", "馆": "馆", "队": "队", "处": "处", "部": "部",
              "街": "街道|街|街道办事处|办事处", "乡": "乡|乡人民政府|乡政府", "镇": "镇|镇人民政府|镇政府",
              "区": "区|区人民政府|区政府", "县": "县|县人民政府|县政府", "市": "市|市人民政府|市政府", "校": "校|学|学校"}


def _bucket(value: float, edges: tuple[float, ...]) -> int:
    """The index of the first of the ascending `edges` at or above `value` (len(edges): none)."""
    return bisect_left(edges, value)


def features(cand: Candidate, clean: str, body: str, others: list[Candidate], self_word: str) -> dict[str, float]:
    """What the model reads about one candidate (names -> values)."""
    name = cand.name
    f: dict[str, float] = {"bias": 1.0}
    for n in cand.rules:
        f["rule:" + RULES[n][0]] = 1.0
    if cand.rules:
        f["first_rule:" + RULES[cand.rules[0]][0]] = 1.0
    else:
        f["span_only"] = 1.0
    for k in (1, 2, 3):
        f[f"end{k}:" + name[-k:]] = 1.0
    f["start1:" + name[:1]] = 1.0
    f["placed"] = float(bool(PLACED.match(name)))
    f["known_place_start"] = float(any(name[:k] in known_places() for k in known_place_sizes().get(name[:2], ())))
    f[f"len:{_bucket(len(name), (3, 5, 8, 12, 18))}"] = 1.0
    at = clean.find(name)
    count = clean.count(name)
    f[f"count:{_bucket(count, (0, 1, 3, 8))}"] = 1.0
    f[f"pos:{_bucket(at if at >= 0 else 10**6, (40, 150, 500, 1500, 10**5))}"] = 1.0
    if at >= 0:
        before = clean[max(0, at - 1):at]
        after = clean[at + len(name):at + len(name) + 2]
        f["prev:" + _char_class(before)] = 1.0
        f["next:" + _char_class(after[:1])] = 1.0
        f["next2:" + after] = 1.0
    if self_word:
        ends = _SELF_ENDS.get(self_word, "")
        agree = bool(ends) and bool(_self_end(ends).search(name))
        f["self_agree" if agree else "self_other"] = 1.0
    # one pass over the others (a text offers dozens of candidates)
    inside_rule = office = False
    for other in others:
        if other is cand or other.name == name:
            continue
        if other.name in name:
            f["holds_other"] = 1.0
            if not office and name.startswith(other.name) and _OFFICE_AFTER.search(name[len(other.name):]):
                office = True
        if name in other.name:
            f["inside_other"] = 1.0
            inside_rule = inside_rule or bool(other.rules)
    f["inside_other_rule"] = float(inside_rule)
    choice = next((o.name for o in others if o.rules), "")
    if choice:
        if name == choice:
            f["rules_choice"] = 1.0
        elif choice in name:
            f["holds_rules_choice"] = 1.0
            f["holds_rules_choice_end:" + name[len(name) - len(name.split(choice)[-1]):][-2:]] = 1.0
        elif name in choice:
            f["inside_rules_choice"] = 1.0
    if office:
        f["office_of_other"] = 1.0
    return f


_OFFICE_AFTER = re.compile(r"办公室|办$")


@lru_cache(maxsize=64)
def _self_end(ends: str) -> re.Pattern:
    return re.compile(r"(?:" + ends + r")$")


def _char_class(c: str) -> str:
    if not c:
        return "edge"
    if c == "\n":
        return "line"
    if c.isdigit():
        return "digit"
    if "\u4e00" <= c[0] <= "\u9fa5":  # (was re.match of the class: through re's cache, which per-report patterns evict)
        return c if c in "年由在是于的和及、与为对向" else "han"
    return "punct"


def self_word(body: str) -> str:
    """What the text calls itself most (我局 → 局), '' when nothing twice."""
    words = Counter(m.group("word") for m in _SELF.finditer(body, 0, 3000))
    if not words:
        return ""
    word, n = words.most_common(1)[0]
    return word if n >= 2 else ""


# -- the model -----------------------------------------------------------------

@dataclass
class OrganModel:
    weights: dict[str, float]
    threshold: float  # without a rule's proposal, a candidate below this probability is no organ
    margin: float  # how much likelier another candidate must be to replace the rules' choice

    def probability(self, feats: dict[str, float]) -> float:
        score = sum(self.weights.get(k, 0.0) * v for k, v in feats.items())
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, score))))


@lru_cache(maxsize=1)
def model() -> OrganModel | None:
    """The fitted model, or None when no model file ships (the rules alone then)."""
    try:
        data = json.loads(MODEL_PATH.read_text(encoding="utf-8"))
        return OrganModel({str(k): float(v) for k, v in data["weights"].items()}, float(data["threshold"]),
                          float(data["margin"]))
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None  # no usable model file: the rules alone


def choose(title: str, clean: str, body: str, signer: str, organ_model: OrganModel | None = None) -> tuple[str, int]:
    """(the organ's name as proposed, the index of the rule that proposed it;
    -1 for a span only the model found). A title's name stands; else the
    rules' first proposal unless the model finds another more than its
    margin likelier; without any rule's proposal the model's likeliest
    candidate at or above its threshold; ('', 0) for none."""
    title_name = cleaned(RULES[0][1](title, clean, body, signer))
    if is_organ_name(organs.full_width_brackets(title_name)) and not own_name.contradicts_self(
            organs.with_government(title_name), body):
        return title_name, 0
    organ_model = organ_model or model()
    found = candidates(title, clean, body, signer, scan=organ_model is not None)
    if organ_model is None:
        first = next((c for c in found if c.rules), None)
        return (first.name, first.rules[0]) if first else ("", 0)
    scored = ranked(found, clean, body, organ_model)
    if not scored:
        return "", 0
    best_p, best = scored[0]
    rule_choice = next((c for c in found if c.rules), None)  # candidates come in rule order
    first = next(((p, c) for p, c in scored if c is rule_choice), None)
    if first is not None and best_p - first[0] <= organ_model.margin:
        best_p, best = first  # the rules' own choice stands unless clearly less likely
    elif first is None and best_p < organ_model.threshold:
        return "", 0
    if best.rules:
        return best.name, best.rules[0]
    # a place alone is its government's name, as the rules write it (闵行区 -> 闵行区人民政府)
    return organs.with_government(best.name), -1


def ranked(found: list[Candidate], clean: str, body: str, organ_model: OrganModel) -> list[tuple[float, Candidate]]:
    """The candidates with their probabilities, likeliest first."""
    word = self_word(body)
    scored = [(organ_model.probability(features(c, clean, body, found, word)), c) for c in found]
    return sorted(scored, key=lambda pc: -pc[0])
