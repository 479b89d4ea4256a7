"""Synthetic annual reports for the benchmark, made from real report material.

`generate(out_dir, n, seed)` writes n plain-text reports that look like the
real ones in corpus/: different agencies (region + organ type), years
2010-2024 in the format of their year, section texts recombined from the real
reports' sections, problem statements drawn from the real ones (some verbatim
across agencies, as boilerplate really is; some perturbed; some composed),
and statistics tables in the 2019/2021 tab-per-cell layout whose numbers add
up, except for a few reports that are deliberately inconsistent.

Run as `python -m bench.synth OUT_DIR N [--seed S]`. Never point it at corpus/.
"""
from __future__ import annotations

import argparse
import random
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

# re-exported: callers and tests use synth.APPLICANTS and synth.random_statistics
from bench.synth_tables import (APPLICANTS, active_table, applications_table,  # noqa: F401
                                random_statistics, reviews_table)

DEFAULT_CORPUS = Path(__file__).resolve().parent.parent / "corpus"
#: bump when the output changes, so cached corpora are regenerated
VERSION = 3

PROVINCES = {
    "黑龙江省": ["哈尔滨", "齐齐哈尔", "佳木斯", "牡丹江"], "吉林省": ["长春", "吉林", "四平"],
    "辽宁省": ["沈阳", "大连", "鞍山"], "河北省": ["石家庄", "保定", "唐山"],
    "山东省": ["济南", "青岛", "潍坊", "临沂"], "江苏省": ["南京", "无锡", "徐州", "淮安", "宿迁"],
    "浙江省": ["杭州", "宁波", "嘉兴", "温州"], "安徽省": ["合肥", "蚌埠", "淮北", "铜陵"],
    "河南省": ["郑州", "洛阳", "开封"], "湖北省": ["武汉", "宜昌", "襄阳"],
    "湖南省": ["长沙", "株洲", "岳阳"], "四川省": ["成都", "资阳", "绵阳", "南充"],
    "广东省": ["广州", "佛山", "江门"], "福建省": ["福州", "厦门", "泉州"],
    "江西省": ["南昌", "九江", "赣州"], "陕西省": ["西安", "宝鸡", "汉中"],
    "海南省": ["海口", "三亚"], "云南省": ["昆明", "曲靖", "大理"], "山西省": ["太原", "大同", "长治"],
}
PLACE_HEADS = "东西南北新安宁平和兴永长清丰龙金银宝城江河山阳红建胜利文华"
PLACE_TAILS = "城山河阳安宁平江湖林丰泽川州源桥口台岗坪塘溪"
#: organ type -> (name suffix, how the report refers to itself)
DEPARTMENTS = {
    "发展和改革局": "我局", "司法局": "我局", "财政局": "我局", "教育局": "我局",
    "民政局": "我局", "生态环境局": "我局", "住房和城乡建设局": "我局", "交通运输局": "我局",
    "农业农村局": "我局", "市场监督管理局": "我局", "自然资源和规划局": "我局",
    "人力资源和社会保障局": "我局", "应急管理局": "我局", "卫生健康委员会": "我委",
    "人民政府办公室": "我办",
}
#: names of the real organs inside the material, replaced by the new agency
REAL_NAMES = [
    "新疆街工委、办事处", "新疆街工委", "平房新疆街道办事处", "新疆街道", "友协街街道", "友协街道",
    "佳木斯市前进区港湾街道", "港湾街道党工委", "港湾街道办", "港湾街道", "哈尔滨市松北区",
    "松北区（哈尔滨新区）", "松北区人民政府办公室", "松北区", "咸丰路街道党委、办事处",
    "咸丰路街道办事处", "咸丰路街道", "临北回族乡", "南薰乡", "嘉兴科技城", "科技城", "外资办",
    "锡山区司法局", "县发展和改革局", "新华街道", "街道办",
]
SELF_REFS = ["我街道", "我街", "我乡", "我局", "我委", "我办", "我镇"]
SYNONYMS = [
    ("不够", "不太"), ("有待", "仍需"), ("进一步", "持续"), ("加强", "强化"), ("完善", "健全"),
    ("政府信息公开", "政务公开"), ("及时", "迅速"), ("单一", "单调"), ("全面", "充分"),
    ("工作人员", "工作力量"), ("规范", "标准"), ("质量", "水平"),
]
TOPICS = [
    "政策解读", "依申请公开答复", "政务新媒体", "政府网站栏目", "公开属性审查", "信息发布审核",
    "政府信息公开指南", "重点领域信息公开", "规范性文件公开", "工作人员业务培训", "政务公开专栏",
    "基层政务公开标准化规范化建设", "行政复议决定公开", "办事服务信息", "政府信息公开目录",
    "政策文件清理", "政民互动栏目留言回复", "公开平台建设",
]
DEFECTS = [
    "不够及时", "质量有待提高", "形式较为单一", "工作机制不够健全", "还存在短板", "不够规范",
    "覆盖面不够广", "更新频率不高", "力度还需加大", "与群众需求还有差距",
]
HEADING = re.compile(r"^\s*(?:#+\s*)?(?:\[bookmark:[^\]]*\])?([一二三四五六七八九十]+|\d)、\s*([^。，：:]{2,30}?)。?\s*$")
MARKER = re.compile(r"^[（(][一二三][）)][^。]{0,12}[。.]?$")
ITEM_SPLIT = re.compile(r"[一二三四五六七八九十]是|(?:^|(?<=[；;。\s]))\d+[.、．]|一方面|另一方面|[；;]|(?<=。)")
#: table cells and signatures written without tabs (labels, bare numbers, a date line)
TABLE_LINE = re.compile(r"^(第二十条|信息内容|规章|规范性文件|行政许可|行政处罚|行政强制|行政事业性收费|其他对外|"
                        r"（区分处理|第一项加第二项|[\d\s.%万元-]+$|.{0,30}\d+年\d+月\d+日$|.{2,25}(办事处|办公室|人民政府|局)$)")
#: prose quoting 表二 figures: perturbed counts would contradict the fresh table
QUOTES_TABLE = re.compile(r"(行政许可|行政处罚|行政强制|规范性文件|行政事业性收费)[^。，,]{0,8}\d")
QUANTITY = re.compile(r"(?<!第)(\d+)(?=(?:条|件|次|个|篇|项|期|人))")


@dataclass
class Material:
    """Prose from the real reports, by standard section number (0 = preamble,
    7 = the old fee section), each paragraph with the year it was written for."""

    paragraphs: dict[int, list[tuple[str, int]]] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    measures: list[str] = field(default_factory=list)


@dataclass
class Agency:
    name: str
    short: str
    self_ref: str
    province: str
    city: str
    level: str


def _standard_number(numeral: str, title: str) -> int | None:
    """The standard section a heading opens, or None when it is no section
    heading at all (e.g. a table row label such as 四、结转下年度继续办理)."""
    if "本年" in title or "结转" in title:
        return None
    for cue, number in (("问题", 5), ("复议", 4), ("诉讼", 4), ("收费", 7), ("申请", 3), ("咨询", 7),
                        ("主动公开", 2), ("其他", 6), ("其它", 6), ("说明", 6)):
        if cue in title:
            return number
    return 1 if numeral == "一" else None


def _items(paragraph: str) -> list[str]:
    """Split a paragraph of 一是…；二是… / 1.… statements into clean items."""
    out = []
    for piece in ITEM_SPLIT.split(paragraph):
        piece = piece.strip(" 　，,。；;：:\t")
        if len(piece) >= 6 and not piece.endswith(("以下问题", "以下不足")) and "存在以下" not in piece:
            out.append(piece + "。")
    return out


def _split_problems(paras: list[str], material: Material) -> None:
    problems, measures, target = [], [], None
    for p in paras:
        if MARKER.match(p):
            target = measures if ("二" in p[:3]) else problems
            continue
        if target is not None:
            target.append(p)
        else:  # no markers: statements naming a shortcoming are problems
            for item in _items(p):
                cue = any(w in item for w in ("不够", "不足", "有待", "欠缺", "单一", "不高", "不多", "不规范"))
                (problems if cue else measures).append(item)
    if target is not None:
        problems = [i for p in problems for i in _items(p)]
        measures = [i for p in measures for i in _items(p)]
    material.problems += problems
    material.measures += measures


def load_material(corpus_dir: Path = DEFAULT_CORPUS) -> Material:
    """Read the .txt/.md reports of `corpus_dir` and cut them into section prose.

    Table cells (tab-separated) and short lines are left out: synthetic tables
    are written fresh with consistent numbers. Raises FileNotFoundError when
    the directory holds no usable report.
    """
    material = Material()
    files = sorted(p for p in Path(corpus_dir).iterdir() if p.suffix in (".txt", ".md"))
    for path in files:
        year_match = re.search(r"(20\d\d)", path.stem)
        year = int(year_match.group(1)) if year_match else 2020
        number, by_number, open_line = 0, {}, False
        for raw in path.read_text(encoding="utf-8", errors="replace").splitlines():
            line = re.sub(r"\*\*|\[bookmark:[^\]]*\]", "", raw).strip()
            heading = HEADING.match(line)
            if heading and _standard_number(*heading.groups()) is not None:
                number, open_line = _standard_number(*heading.groups()), False
                continue
            if "\t" in raw or "|" in line or line.startswith("#") or TABLE_LINE.match(line) or QUOTES_TABLE.search(line) or \
                    (len(line) < 8 and not MARKER.match(line)):
                open_line = False
                continue
            paras = by_number.setdefault(number, [])
            if open_line and paras and not MARKER.match(line):  # a paragraph broken across lines in the source
                paras[-1] += line
            else:
                paras.append(line)
            open_line = not MARKER.match(line) and not line.endswith(("。", "；", "：", ":", "”", "）", ")"))
        for number, paras in by_number.items():
            if number == 5:
                _split_problems(paras, material)
            else:
                material.paragraphs.setdefault(number, []).extend((p, year) for p in paras)
    if not material.paragraphs or not material.problems:
        raise FileNotFoundError(f"no report material in {corpus_dir}")
    return material


def _place(rng: random.Random) -> str:
    return rng.choice(PLACE_HEADS) + rng.choice(PLACE_TAILS)


def make_agencies(count: int, rng: random.Random) -> list[Agency]:
    """`count` distinct agencies across provinces, cities, levels and organ types."""
    seen, agencies = set(), []
    while len(agencies) < count:
        province = rng.choice(list(PROVINCES))
        city = rng.choice(PROVINCES[province]) + "市"
        county = _place(rng) + rng.choice("区县")
        kind = rng.random()
        if kind < 0.04:
            agency = Agency(f"{province}人民政府办公厅", "省政府办公厅", "我厅", province, city, "省级")
            agency.city = ""
        elif kind < 0.12:
            agency = Agency(f"{city}人民政府", city, "我市", province, city, "市级")
        elif kind < 0.40:
            agency = Agency(f"{city}{county}人民政府", county, "我" + county[-1], province, city, "县级")
        elif kind < 0.70:
            town = _place(rng) + rng.choice(["街道", "镇", "乡"])
            suffix = "办事处" if town.endswith("街道") else "人民政府"
            self_ref = {"道": "我街道", "镇": "我镇", "乡": "我乡"}[town[-1]]
            agency = Agency(f"{city}{county}{town}{suffix}", town, self_ref, province, city, "乡镇街道")
        else:
            dept, self_ref = rng.choice(list(DEPARTMENTS.items()))
            owner = county if rng.random() < 0.7 else city
            agency = Agency(f"{owner}{dept}", owner[-1] + dept, self_ref, province, city, "部门")
        if agency.name not in seen:
            seen.add(agency.name)
            agencies.append(agency)
    return agencies


def _adapt(text: str, src_year: int, year: int, agency: Agency, rng: random.Random) -> str:
    """Move a real paragraph onto another agency and year, perturbing its counts."""
    for name in REAL_NAMES:
        text = text.replace(name, agency.short)
    for ref in SELF_REFS:
        text = text.replace(ref, agency.self_ref)
    text = text.replace("哈尔滨市", agency.city).replace("黑龙江省", agency.province)

    def shift_year(m: re.Match) -> str:
        delta = int(m.group(1)) - src_year
        return str(year + delta if abs(delta) <= 2 else year)

    text = re.sub(r"(20\d\d)(?=年)", shift_year, text)
    text = QUANTITY.sub(lambda m: str(rng.randint(0, max(3, 2 * int(m.group(1))))), text)
    for old, new in SYNONYMS:
        if old in text and rng.random() < 0.3:
            text = text.replace(old, new, 1)
    return text


def _is_generic(text: str) -> bool:
    """True when a statement names no particular organ or year, so that it can
    be copied verbatim into another agency's report."""
    return not re.search(r"20\d\d", text) and not any(name in text for name in REAL_NAMES)


def _problem(material: Material, agency: Agency, year: int, rng: random.Random) -> str:
    draw = rng.random()
    if draw < 0.4:  # boilerplate copied verbatim from another agency
        return rng.choice([p for p in material.problems if _is_generic(p)] or material.problems)
    if draw < 0.75:
        text = _adapt(rng.choice(material.problems), year, year, agency, rng)
        for old, new in SYNONYMS:
            if old in text and rng.random() < 0.5:
                text = text.replace(old, new)
        if rng.random() < 0.3:
            text = rng.choice(["部分科室", "个别单位", "基层", "少数工作人员"]) + text
        return text
    return f"{rng.choice(TOPICS)}{rng.choice(DEFECTS)}。"


def _enumerate(items: list[str], rng: random.Random) -> str:
    """Number statements the ways real reports do."""
    style = rng.randrange(3)
    if style == 0:
        ordinals = "一二三四五六七八九十"
        return "".join(f"{ordinals[i]}是{t.rstrip('。')}；" for i, t in enumerate(items)).rstrip("；") + "。"
    if style == 1:
        return "\n".join(f"{i + 1}.{t}" for i, t in enumerate(items))
    return "".join(items) if len(items) == 1 else "\n".join(f"（{i + 1}）{t}" for i, t in enumerate(items))


def _pick(material: Material, number: int, k: int, year: int, agency: Agency, rng: random.Random) -> list[str]:
    pool = material.paragraphs.get(number) or material.paragraphs[1]
    return [_adapt(t, y, year, agency, rng) for t, y in rng.sample(pool, min(k, len(pool)))]


def _problem_section(material: Material, agency: Agency, year: int, rng: random.Random, old: bool) -> str:
    problems = list(dict.fromkeys(_problem(material, agency, year, rng) for _ in range(rng.randint(1, 2 if old else 4))))
    measures = [_adapt(t, year, year, agency, rng) for t in rng.sample(material.measures, min(len(material.measures), rng.randint(1, 3)))]
    open_, close = ("(", ")") if old else ("（", "）")
    return (f"{open_}一{close}存在的主要问题\n{_enumerate(problems, rng)}\n"
            f"{open_}二{close}{rng.choice(['改进情况', '改进措施', '下一步工作举措'])}\n{_enumerate(measures, rng)}")


def _preamble(agency: Agency, year: int, rng: random.Random) -> str:
    site = "".join(rng.choice("abcdefghjklmnpqrstwxyz") for _ in range(rng.randint(3, 6)))
    return (f"根据《中华人民共和国政府信息公开条例》（以下简称《条例》）和{agency.province}关于做好{year}年政府信息公开"
            f"工作年度报告编制与发布工作的要求，现公布{agency.name}{year}年度政府信息公开工作报告。本年度报告所列数据统计期限为"
            f"{year}年1月1日至{year}年12月31日。本年度报告的电子版可以通过政府门户网站政务公开栏目查阅，其网址是www.{site}.gov.cn。"
            f"如对本年度报告有疑问，请联系{agency.name}办公室，联系电话：0{rng.randint(100, 999)}-{rng.randint(1000000, 8999999)}。")


def render_report(material: Material, agency: Agency, year: int, rng: random.Random, stats: dict | None = None) -> str:
    """One report's text in the format of its year; `stats` (from
    `random_statistics`) fixes the table numbers of a 2019+ report."""
    signed = f"{agency.name}\n{year + 1}年{rng.randint(1, 3)}月{rng.randint(1, 28)}日\n"
    if year < 2019:
        parts = [f"{agency.name}{year}年政府信息公开工作年度报告", _preamble(agency, year, rng),
                 "一、概述", *_pick(material, 1, rng.randint(1, 3), year, agency, rng),
                 "二、主动公开政府信息情况", f"{year}年，{agency.self_ref}共主动公开政府信息{rng.randint(10, 3000)}条。",
                 *_pick(material, 2, 1, year, agency, rng),
                 "三、依申请公开政府信息情况", *_pick(material, 3, 1, year, agency, rng),
                 "四、政府信息公开的收费及减免情况", *_pick(material, 7, 1, year, agency, rng),
                 "五、因政府信息公开申请行政复议、提起行政诉讼的情况", *_pick(material, 4, 1, year, agency, rng),
                 "六、政府信息公开工作存在的主要问题及改进措施", _problem_section(material, agency, year, rng, True)]
        return "\n".join(parts) + "\n" + signed
    layout = "2019" if year < 2021 else "2021"
    stats = stats or random_statistics(layout, agency.level, rng)
    parts = [agency.name, f"{year}年政府信息公开工作年度报告", _preamble(agency, year, rng),
             "一、总体情况", *_pick(material, 1, rng.randint(3, 7) + (4 if agency.level in ("省级", "市级", "县级") else 0),
                                 year, agency, rng),
             "二、主动公开政府信息情况", *_pick(material, 2, rng.randint(1, 2), year, agency, rng), active_table(layout, stats),
             "三、收到和处理政府信息公开申请情况", applications_table(layout, stats),
             rng.choice(["四、政府信息公开行政复议、行政诉讼情况", "四、因政府信息公开工作被申请行政复议、提起行政诉讼情况"]),
             reviews_table(stats),
             "五、存在的主要问题及改进情况", _problem_section(material, agency, year, rng, False),
             rng.choice(["六、其他需要报告的事项", "六、其它需要报告的事项"]), *_pick(material, 6, 1, year, agency, rng)]
    return "\n".join(parts) + "\n" + signed


def generate(out_dir: Path | str, n: int, seed: int = 0, corpus_dir: Path | str = DEFAULT_CORPUS) -> list[Path]:
    """Write `n` distinct synthetic reports as synth-NNNNNN.txt into `out_dir`.

    The same (n, seed, corpus material) always gives the same files. About one
    agency per seven reports, each reporting for several years 2010-2024.
    Refuses to write into the real corpus directory (ValueError).
    """
    out = Path(out_dir)
    if out.resolve() == Path(corpus_dir).resolve() or out.resolve() == DEFAULT_CORPUS:
        raise ValueError("synthetic reports never go into corpus/")
    rng = random.Random(seed)
    material = load_material(Path(corpus_dir))
    years = list(range(2010, 2025))
    agencies = make_agencies(max(1, -(-n // 7)), rng)
    # weighted sampling without replacement (Efraimidis-Spirakis): since 2019
    # every organ must publish, so recent years are twice as common
    keyed = sorted(((rng.random() ** (1 / (2 if y >= 2019 else 1)), a, y)
                    for a in range(len(agencies)) for y in years), reverse=True)
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for i, (_, a, year) in enumerate(keyed[:n]):
        agency = agencies[a]
        path = out / f"synth-{i:06d}.txt"
        path.write_text(render_report(material, agency, year, rng), encoding="utf-8")
        paths.append(path)
    return paths


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.synth", description=__doc__.splitlines()[0])
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("n", type=int)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    try:
        paths = generate(args.out_dir, args.n, args.seed)
    except (ValueError, FileNotFoundError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    chars = sum(len(p.read_text(encoding="utf-8")) for p in paths)
    print(f"wrote {len(paths)} reports to {args.out_dir} ({chars // max(1, len(paths))} characters each on average)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
