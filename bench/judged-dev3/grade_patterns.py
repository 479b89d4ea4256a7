"""e18q's grades for bench/judged-dev3, written by reading the 208 statements of the dev archive:
per query, the statements stating the need (2) or a neighbouring / partial one (1), as patterns
matched against each statement's text, then every match listed and read again.

    PYTHONPATH=. python bench/judged-dev3/grade_patterns.py INDEX TOP10.tsv [TOP10.tsv ...]

writes bench/judged-dev3/qrels.tsv: every statement a pattern matches, and every statement of
the top-10 files (qid, rank, id, match per line: the 问题 tabs read) graded 0 where none does.
"""
import re, sys
P = {
 "h01": (r"点击量偏低|知晓率和利用率较低", r"真正通过网站获取信息的老百姓较少|一些群众对政府信息公开工作还不清楚|活跃度、传播力和影响力"),
 "h02": (r"信息量偏少|信息量还有提升|公开数量少|公开数量较少|公开数量相对较少|采集数量不够多|公开数量有待提高|数量和质量均有待|更新信息不多|信息更新量少|便民信息发布较少|网站公开信息较少|动态类信息和创新类信息较少",
         r"内容较少|内容还需要进一步丰富|充实丰富|内容需要进一步的完善和充实|对村居社区开展的各项活动宣传较少"),
 "h03": (r"更新速度迟缓|更新较为迟缓|更新较慢|时效较慢|更新(还)?不够及时|更新不及时|更新量少|未及时更新|发布滞后|公开时间滞后|存在一定的滞后性|时限在网上更新",
         r"发布不够及时|公开不够及时|公开不及时|不够及时|及时性|时效性|更新的维护机制|报送信息不够及时|上传不及时"),
 "h04": (r"渠道不多|渠道比较窄|渠道单一|渠道有待拓宽|手段不够多|公开途径的多样化不够|方式途径还要更加丰富|载体有待于进一步拓宽|平台相对单一|比较局限于通过县政府网站",
         r"渠道还应|渠道有待进一步完善|载体有待完善|载体和形式还需要|公开方式有待扩展|形式比较单一|形式单一|形式不够丰富|形式需要进一步拓展|平台建设有待|查阅形式不够丰富|公开载体可进一步丰富"),
 "h05": (r"覆盖面不够广泛|范围面比较窄|公开面还不够广|范围有待进一步扩大|范围有待进一步拓宽|领域有待于进一步拓展|范围和内容有待进一步扩大|广度和深度不够|深度和广度(还)?不够|覆盖面与纵深度存在短板",
         r"在信息公开范围、时效性|深度、广度不够|深度和广度还有待|主要集中在街道|内容不够全面|内容不全面|不够全面"),
 "h06": (r"主动性不足|主动性不强|积极性、主动性不够|主动性都有待加强|回应的主动性有待加强|积极性不够|报送不积极|缺乏工作积极性",
         r"主动公开(政府信息)?的?意识|主动公开意识|意识不强|积极性有待加强"),
 "h07": (r"缺乏信息专业技术人员|缺少专职专业工作人员|专业人员配备不足|专业技术力量不足|缺乏专人员管理|对操作人员的素质提出了更高的要求",
         r"人员不足|力量薄弱|人手不够|兼职|仅1人|只有一名工作人员|缺少一支相对稳定|难以保证工作的专业性|运维缺乏工作经验|专业化水平不高|专业素养"),
 "h08": (r"业务水平不高|业务不熟|业务不强|专业化水平不高|业务水平需进一步提升|综合业务水平等需进一步提高|业务能力有待加强|专业素养和履职能力|专业化能力建设有待|不够专业",
         r"研判能力不足|写作水平欠缺|对操作人员的素质|能力需要提高|运维缺乏工作经验|学习力度有待加强|培训"),
 "h09": (r"时效性|及时性|不够及时|不及时|滞后|时效较慢|更新速度迟缓|更新较为迟缓|更新较慢|实效性", r"回复效率|时限"),
 "h10": (r"新媒体|移动网际网路|手机APP|缺乏现代化的信息|严重依赖报刊", r"平台的活跃度|功能开发不够|智能搜索|互动的版块|网络和电脑的依存度"),
 "h11": (r"缺少与公众互动|缺乏互动|互动性|回复效率|回应的主动性|活跃度、传播力|回应、|互动", r"民生关切的信息解读|需求还存在|听取公众意见"),
 "h12": (r"变动频繁|流动性过快|人员变动大|不够稳定|缺少一支相对稳定", r"兼职|人员不足|仅1人|力量薄弱|难以确保"),
 "h13": (r"机制不够健全|机制还不够完善|工作机制不够完善|机制有待(进一步)?完善|制度不够健全|制度有漏洞|机制方面还要进一步完善|制度有待于进一步健全|配套制度建设有待|机制尚需完善|维护机制有待",
         r"机制和具体实施措施|制度化和规范化|规章制度的培训"),
 "h14": (r"监督检查力度不够|监督不够到位|监督的力度不够|监督考核制度有漏洞", r"责任落实|指导"),
 "h15": (r"答复质量不高|答复还需进一步规范|答复文书规范性|因不及时回复", r"回复效率|不够专业"),
 "h16": (r"人员不足|人员配备不足|人手不够|缺少专职|缺乏专人员|力量薄弱|力量不足|仅1人|只有一名工作人员|缺乏信息专业技术人员|缺少一支相对稳定",
         r"兼职|变动频繁|流动性过快|人员变动大|力量需进一步强化|队伍建设|专业人员"),
}
P["h17"] = P["h02"]
texts: dict[str, str] = {}
P["h11"] = (r"缺少与公众互动|缺乏互动|互动性|回复效率|回应的主动性|活跃度、传播力", P["h11"][1])
sys.path.insert(0, ".")
from indexer.search.proximity import shortcomings
def grade(qid, doc):
    two, one = P[qid]
    t = texts[doc]
    g = 2 if re.search(two, t) else 1 if re.search(one, t) else 0
    if qid == "h09" and "推进政府信息公开工作相对滞后" in t:
        g = 1  # the work lags behind, not the information
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
    with open("bench/judged-dev3/qrels.tsv", "w") as f:
        f.write("qid\tdoc_id\tgrade\tnote\n")
        for (qid, doc), (g, why) in sorted(out.items()):
            note = "e18q: " + (why or {2: "states the need", 1: "a neighbouring or partial shortcoming", 0: "another shortcoming"}[g]) + "; " + texts[doc][:40]
            f.write(f"{qid}\t{doc}\t{g}\t{note}\n")
    for qid in P:
        print("==", qid)
        for (q, doc), (g, why) in sorted(out.items(), key=lambda x: -x[1][0]):
            if q == qid:
                print(" ", g, texts[doc][:80])
