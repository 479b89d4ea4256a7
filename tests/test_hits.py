"""The read side's record helpers shared by both backends' exports (indexer/search/hits.py)."""
from indexer.model import Report, Section
from indexer.search.hits import KnownOrgans, hit_text
from indexer.search.results import Hit


def test_known_organs_keep_the_most_recently_met_reports():
    known = KnownOrgans(size=2)
    known.keep("a", ("江苏省", "", "", "http://a"))
    known.keep("b", ("浙江省", "", "", ""))
    known.keep("a", ("江苏省", "", "", "http://a"))  # met again: now the most recent
    known.keep("c", ("安徽省", "", "", ""))
    assert "b" not in known and known.get("b") is None
    assert known.get("a") == ("江苏省", "", "", "http://a")
    assert "c" in known


def _hit(kind, section=None):
    return Hit(id="r1", kind=kind, section=section, section_title="", snippet="", report_id="r1", agency="", year=None,
               score=0.0)


def test_hit_text_is_the_section_or_the_whole_report():
    report = Report(title="某局2023年政府信息公开工作年度报告",
                    sections=[Section(number=1, title="一、总体情况", canonical_title="一、总体情况", text="本年度主动公开信息120条。"),
                              Section(number=5, title="五、存在的主要问题及改进情况", canonical_title="五、存在的主要问题及改进情况",
                            text="信息更新不够及时。")])
    assert hit_text(_hit("section", 5), report) == "五、存在的主要问题及改进情况\n信息更新不够及时。"  # heading and prose
    whole = hit_text(_hit("report"), report)
    assert "主动公开信息120条" in whole and "信息更新不够及时" in whole
    assert hit_text(_hit("section", 3), report) == ""
