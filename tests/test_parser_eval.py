"""The scorer behind the parser's accuracy figures (bench/parser_eval.py)."""
from __future__ import annotations

from bench.parser_eval import covered, evaluate_dir, gold_agency_ok, matches, same_organ


def test_same_organ_forgives_the_government_word_and_higher_places_only():
    assert same_organ("三里岗镇人民政府", ["三里岗镇"])
    assert same_organ("天心区桂花坪街道办事处", ["桂花坪街道"])
    assert same_organ("重庆市奉节县人民政府", ["奉节县人民政府"])
    assert same_organ("开平市农业农村局", ["開平市農業農村局"])  # script
    assert same_organ("下管镇人民政府", ["下管鎮(zhèn)"])  # a mirror's pinyin gloss
    assert same_organ("开发区（白洋街道）", ["开发区(白洋街道)"])  # bracket width
    # not the same organ
    assert not same_organ("北京市西城区人民政府", ["北京市西城区人民防空办公室"])
    assert not same_organ("统计局", ["蓬莱市统计局"])  # no place of its own
    assert not same_organ("安岳县横庙乡政府信息公开安岳县横庙乡人民政府", ["安岳县横庙乡人民政府"])
    assert not same_organ("光山县人民政府", ["光山县人民政府办公室"])
    assert not same_organ("", ["光山县"])


def test_agency_verdicts_strict_lenient_organ():
    assert gold_agency_ok("蓬莱市统计局", "蓬莱市统计局", []) == (True, True, True)
    # a name the text itself uses for the organ (agency_also) is the organ too
    assert gold_agency_ok("市统计局", "蓬莱市统计局", ["市统计局"]) == (False, True, True)
    assert gold_agency_ok("市统计局", "蓬莱市统计局", []) == (False, False, False)
    assert gold_agency_ok("江南镇人民政府", "江南镇", []) == (False, False, True)
    assert gold_agency_ok("", "", []) == (True, True, True)  # the text names no organ
    assert gold_agency_ok("某县人民政府", "", []) == (False, False, False)


def test_statement_matching_exact_and_by_span():
    assert matches("一是公开内容不够全面", "公开内容不够全面")
    assert not matches("公开内容不够全面", "公开内容不够全面,更新不及时,解读质量不高,形式单一")
    whole = "公开内容不够全面,更新不够及时,解读质量不高"
    assert covered(whole, ["公开内容不够全面", "更新不够及时", "解读质量不高"])  # split, all there
    assert not covered(whole, ["公开内容不够全面"])  # most of it missing
    # joined: a gold item inside one prediction, and that prediction made of gold items
    assert covered("更新不够及时", [whole])
    assert covered(whole, ["公开内容不够全面", "更新不够及时", "解读质量不高"])
    assert not covered(whole + ",网站栏目设置混乱,人员力量薄弱", ["公开内容不够全面", "更新不够及时"])


def test_a_gold_folder_with_unknown_agency_and_year_scores_problems_only(tmp_path, capsys):
    (tmp_path / "a.txt").write_text("五、存在问题\n一是公开内容不够全面；二是更新不够及时。\n六、改进措施\n加强培训。\n",
                                    encoding="utf-8")
    (tmp_path / "GOLD.tsv").write_text("file\tagency\tyear\tproblems\tagency_also\n"
                                       "a.txt\t?\t?\t公开内容不够全面 || 更新不够及时 || 解读不到位\t\n", encoding="utf-8")
    summary = evaluate_dir(tmp_path, verbose=False)
    assert summary["agency_files"] == 0 and summary["agency_accuracy"] is None and summary["year_accuracy"] is None
    assert (summary["gold_statements"], summary["predicted_statements"]) == (3, 2)
    assert summary["problem_recall"] == round(2 / 3, 3) and summary["problem_precision"] == 1.0
    assert "year not scored" in capsys.readouterr().out


_TABLE3_TEXT = """某县人民政府2021年政府信息公开工作年度报告
一、总体情况
本年度我县坚持公开为常态。
三、收到和处理政府信息公开申请情况
（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）\t申请人情况
\t自然人\t商业企业\t科研机构\t社会公益组织\t法律服务机构\t其他\t总计
一、本年新收政府信息公开申请数量\t5\t1\t0\t0\t0\t0\t6
二、上年结转政府信息公开申请数量\t0\t0\t0\t0\t0\t0\t0
五、存在的主要问题及改进情况
一是公开内容不够全面；二是更新不够及时。
"""


def test_a_wide_gold_folder_scores_sections_five_and_table_three_cells(tmp_path, capsys):
    (tmp_path / "a.txt").write_text(_TABLE3_TEXT, encoding="utf-8")
    (tmp_path / "GOLD.tsv").write_text(
        "file\tagency\tyear\tprovince\tcity\tcounty\ttownship\tlevel\torgan_type\tpublished\tproblems\tagency_also\tnotes\n"
        "a.txt\t某县人民政府\t2021\t\t\t某县\t\t县级\t人民政府\t\t公开内容不够全面 || 更新不够及时\t\tflattened\n",
        encoding="utf-8")
    (tmp_path / "TABLE3.tsv").write_text(
        "file\trow\tcolumn\tvalue\n"
        "a.txt\t一、本年新收政府信息公开申请数量\t自然人\t5\n"
        "a.txt\t一、本年新收政府信息公开申请数量\t法人或其他组织 商业企业\t1\n"
        "a.txt\t一、本年新收政府信息公开申请数量\t总计\t6\n"
        "a.txt\t二、上年结转政府信息公开申请数量\t总计\t0\n"
        "a.txt\t（七）总计\t总计\t6\n",  # not in this text: wrong
        encoding="utf-8")
    summary = evaluate_dir(tmp_path, verbose=True)
    assert summary["sections5_found"] == "1/1"
    assert summary["table3_cells_right"] == "4/5"
    assert (summary["problem_recall"], summary["problem_precision"]) == (1.0, 1.0)
    out = capsys.readouterr().out
    assert "表三 WRONG （七）总计 / 总计: gold '6', parsed None" in out


def test_table_three_labels_map_onto_the_parser_keys():
    from bench.parser_eval import table3_column_key, table3_row_key

    assert table3_row_key("（三）不予公开 1.属于国家秘密") == "withheld_state_secret"
    assert table3_row_key("（六）其他处理 1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请") == "other_overdue_correction"
    assert table3_row_key("（六）其他处理 3.其他") == "other_other"
    # bench/whole1-3's collectors write the row's path: the last label names it
    assert table3_row_key("其他处理/其他") == "other_other"
    assert table3_row_key("其他处理/申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请") == "other_overdue_fee"
    assert table3_row_key("不予公开/属于国家秘密") == "withheld_state_secret"
    assert table3_row_key("四、结转下年度继续办理") == "carried_forward"
    assert table3_row_key("（七）总计") == "result_total"
    assert table3_row_key("合计人数") is None
    assert table3_column_key("法人或其他组织-其他") == "other"
    assert table3_column_key("社会公益组织") == "public_interest"


def test_a_gold_dash_means_no_problems_part_nothing_to_find_and_no_section_five(tmp_path):
    (tmp_path / "a.txt").write_text("一、概述\n本局依法公开政府信息。\n二、主动公开情况\n全年公开信息12条。\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text(_TABLE3_TEXT, encoding="utf-8")
    (tmp_path / "GOLD.tsv").write_text("file\tagency\tyear\tproblems\tagency_also\n"
                                       "a.txt\t?\t?\t-\t\n"
                                       "b.txt\t?\t?\t公开内容不够全面 || 更新不够及时\t\n", encoding="utf-8")
    summary = evaluate_dir(tmp_path, verbose=False)
    assert summary["sections5_found"] == "1/1"  # only b has a problems part to find
    assert (summary["gold_statements"], summary["predicted_statements"]) == (2, 2)
    assert (summary["problem_recall"], summary["problem_precision"]) == (1.0, 1.0)
