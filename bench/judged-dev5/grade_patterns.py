"""e18u's grades for bench/judged-dev5, written by reading the 208 statements of the dev archive
(before any code change): per query, the statements stating the need (2) or a neighbouring /
partial one (1), as patterns matched against each statement's text; every match listed and read
again, plus every statement of the top-10 files read (0 where no pattern holds).

    PYTHONPATH=. python bench/judged-dev5/grade_patterns.py INDEX TOP10.tsv [TOP10.tsv ...]

writes bench/judged-dev5/qrels.tsv. A statement naming five shortcomings or more is graded at most
1 (judged-dev2's and judged-dev3's rule for one item of a long list).
"""
import re, sys

STAFF = r"人员不足|人员配备不足|人手不够|缺少专职|缺乏专人员|力量薄弱|力量不足|仅1人|只有一名工作人员|缺乏信息专业技术人员|缺少一支相对稳定"
TRAINING = r"培训不足|培训力度|培训工作有待加强|培训学习还有待"
P = {
 "m01": (r"答复质量不高|答复还需进一步规范|答复文书规范性", r"回复效率|因不及时回复|不够专业"),
 "m02": (r"监督检查力度不够|监督不够到位|监督的力度不够|监督考核制度有漏洞", r"责任落实|指导"),
 "m03": (r"信息量偏少|信息量还有提升|公开数量少|公开数量较少|公开数量相对较少|采集数量不够多|公开数量有待提高|数量和质量均有待|更新信息不多|信息更新量少|便民信息发布较少|网站公开信息较少|动态类信息和创新类信息较少",
         r"内容较少|内容还需要进一步丰富|充实丰富|内容需要进一步的完善和充实|对村居社区开展的各项活动宣传较少"),
 # two shortcomings typed: a statement stating either states what was asked
 "m04": (STAFF + "|" + TRAINING, r"兼职|变动频繁|流动性过快|人员变动大|学习力度有待加强|学习宣传力度不够|业务不熟|队伍建设"),
 "m05": (r"(发布|公开)[^,，。;；、]{0,12}(不够及时|不及时|滞后|及时性不够)|发布不规范、不及时|(时效性|及时性)(差|不强|有待|不够|不足|和)|未及时公开|公开时间滞后|内容不够及时|主动性和时效性不强|时效性、",
         r"更新(还)?不够及时|更新不及时|更新速度迟缓|更新较慢|更新较为迟缓|未及时更新|滞后|不及时|时效|及时性|时限"),
 "m06": (r"更新速度迟缓|更新较为迟缓|更新较慢|更新(还)?不够及时|更新不及时|更新量少|未及时更新|更新信息不多|未及时进行解读、更新|时限在网上更新",
         r"时效|及时性|发布不够及时|发布滞后|公开时间滞后|滞后|维护机制|不及时|不够及时"),
 "m07": (r"渠道不多|渠道比较窄|渠道单一|渠道有待拓宽|手段不够多|公开途径的多样化不够|方式途径还要更加丰富|载体有待于进一步拓宽|平台相对单一|比较局限于通过县政府网站",
         r"渠道还应|渠道有待进一步完善|载体有待完善|载体和形式还需要|公开方式有待扩展|形式比较单一|形式单一|形式不够丰富|形式需要进一步拓展|平台建设有待|公开载体可进一步丰富|范围面比较窄|公开面还不够广"),
 "m08": (r"公开(政府信息)?(工作)?的?意识(不强|有待|需|仍需|还有待|有所松懈|不够)|公开意识|信息意识需加强|意识有待加强|重视不够|服务意识不够",
         r"认识不到位|认识不足|认识不深|认识还不够|重要性|参与信息公开的意识不强|法治意识"),
 "m09": (r"缺少政策解读|解读的形式还不够丰富|解读的方式方法比较单一|解读内容简单|未及时进行解读|解读工作主动性不强|信息解读|解读质量",
         r"政策解读、决策制定"),
 "m10": (r"缺少与公众互动|缺乏互动|互动性|回复效率|回应的主动性|活跃度、传播力", r"民生关切的信息解读|需求还存在|听取公众意见"),
 "m11": (r"形式比较单一|形式单一|形式不够丰富|形式还比较单一|方式方法比较单一|平台相对单一|载体和形式还需要进一步丰富|形式需要进一步拓展|形式、公开载体可进一步丰富|公开比较单一|表现形式、制作素材不够新颖",
         r"形式需进一步优化|形式的便民性|形式便民性|渠道不多|渠道单一|手段不够多|形式还需要进一步提升|来源单一|渠道比较窄"),
 "m12": (r"业务水平不高|业务不熟|业务不强|专业化水平不高|业务水平需进一步提升|综合业务水平等需进一步提高|业务能力有待加强|专业素养和履职能力|专业化能力建设有待|不够专业",
         r"研判能力不足|写作水平欠缺|对操作人员的素质|能力需要提高|运维缺乏工作经验|学习力度有待加强|培训不足|培训工作有待加强"),
}
texts: dict[str, str] = {}
sys.path.insert(0, ".")


def grade(qid, doc):
    from indexer.search.proximity import shortcomings

    two, one = P[qid]
    t = texts[doc]
    g = 2 if re.search(two, t) else 1 if re.search(one, t) else 0
    if qid == "m05" and g and "推进政府信息公开工作相对滞后" in t and not re.search(r"发布|公开不|及时", t):
        g = 1  # the work lags behind, not the information
    if qid == "m08" and g == 2 and "公众参与信息公开的意识不强" in t:
        g = 1  # the public's awareness, not the agency's
    if g == 2 and shortcomings(t) > 4:
        return 1, "one item of a list of five shortcomings or more"
    return g, ""


if __name__ == "__main__":
    from indexer.search.archive import Archive

    texts.update((p.id, p.text.replace("\n", " ")) for p in Archive(sys.argv[1]).all_problems())
    tops = [l.split("\t") for f in sys.argv[2:] for l in open(f).read().splitlines()]
    out = {}
    for qid in P:
        for doc in texts:
            g, why = grade(qid, doc)
            if g:
                out[(qid, doc)] = (g, why)
    for qid, _, doc, _ in tops:
        if (qid, doc) not in out:
            out[(qid, doc)] = grade(qid, doc)
    with open("bench/judged-dev5/qrels.tsv", "w") as f:
        f.write("qid\tdoc_id\tgrade\tnote\n")
        for (qid, doc), (g, why) in sorted(out.items()):
            note = "e18u: " + (why or {2: "states the need", 1: "a neighbouring or partial shortcoming", 0: "another shortcoming"}[g]) + "; " + texts[doc][:40]
            f.write(f"{qid}\t{doc}\t{g}\t{note}\n")
    for qid in P:
        print("==", qid)
        for (q, doc), (g, why) in sorted(out.items(), key=lambda x: -x[1][0]):
            if q == qid:
                print(" ", g, texts[doc][:90])
