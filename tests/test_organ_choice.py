"""indexer.parser.organ_choice: the rules propose an organ's name, the
learned model chooses where the title names none."""
from __future__ import annotations

import json

import pytest

from bench import organ_names
from indexer.parser import organ_choice, parse_report
from indexer.parser.organ_choice import Candidate, OrganModel, choose, spans

BODY = "一、总体情况\n我局主动公开信息20条。\n五、存在的主要问题及改进情况\n一是公开不够及时。"


def test_a_title_naming_the_organ_is_not_second_guessed():
    title = "临泽县审计局2021年政府信息公开工作年度报告"
    never = OrganModel({"span_only": 50.0}, 0.0, 0.0)  # would pick any span
    assert choose(title, title + "\n" + BODY, BODY, "", never) == ("临泽县审计局", 0)


def test_spans_run_from_a_start_to_an_organ_suffix():
    assert spans("请与临泽县审计局办公室联系") == [
        "请与临泽县", "请与临泽县审计局", "请与临泽县审计局办公室", "临泽县", "临泽县审计局", "临泽县审计局办公室"]
    assert spans("2022年，白云街以习近平新时代中国特色社会主义思想为指导") == ["白云街", "白云街以习近平新时代中国特色社"]


CONTACT_ONLY = ("一、总体情况\n本年度主动公开信息20条，东莞市常平实验小学的信息一并公开。如对本报告有疑问，请与临泽县审计局办公室联系。\n"
                "五、存在的主要问题及改进情况\n一是公开不够及时。")


def test_the_rules_choice_stands_unless_another_candidate_is_clearly_likelier():
    likes_spans = {"span_only": 4.0, "rules_choice": -4.0}
    clean = body = CONTACT_ONLY
    # the contact rule proposes 临泽县审计局; spans are far likelier (0.98 against 0.02);
    # the first span, a place alone, is its government's name as the rules write it
    assert choose("", clean, body, "", OrganModel(likes_spans, 0.5, 0.3)) == ("东莞市人民政府", -1)
    # the same probabilities, a margin no candidate can beat: the rule's name stands
    assert choose("", clean, body, "", OrganModel(likes_spans, 0.5, 1.0)) == ("临泽县审计局", 8)


def test_without_any_rule_proposal_the_model_needs_its_threshold():
    text = "一、总体情况\n2022年，白云街以习近平新时代中国特色社会主义思想为指导，推进政务公开。\n我街高度重视。我街主动公开。"
    sure = OrganModel({"end1:街": 3.0, "pos:1": 1.0, "bias": -2.0}, 0.5, 0.3)
    assert choose("", text, text, "", sure) == ("白云街", -1)
    unsure = OrganModel({"bias": -3.0}, 0.5, 0.3)
    assert choose("", text, text, "", unsure) == ("", 0)


def test_without_a_model_file_the_rules_first_proposal_wins(monkeypatch):
    monkeypatch.setattr(organ_choice, "model", lambda: None)
    assert choose("", CONTACT_ONLY, CONTACT_ONLY, "") == ("临泽县审计局", 8)


@pytest.mark.parametrize("text, agency, region, level, organ_type", [
    # a school that names itself only in its opening line (no title, no rule's shape)
    ("东莞市常平实验小学，以尚美主题教育为发展特色，建设尚美校园。截止日前，我校有38个教学班。\n"
     "2021年，我校根据《中华人民共和国政府信息公开条例》要求，认真做好政府信息公开工作。\n一、总体情况\n"
     "我校主动公开信息20条。我校高度重视。\n五、存在的主要问题及改进情况\n一是公开不够及时。",
     "东莞市常平实验小学", ("广东省", "东莞市", "", ""), "市级", "事业单位"),
    # a Guangzhou street written 白云街, opening a sentence with 以
    ("一、总体情况\n2022年,白云街以习近平新时代中国特色社会主义思想为指导,全面推进政务公开工作。\n"
     "我街高度重视。我街主动公开。\n五、存在的主要问题及改进情况\n一是公开不够及时。",
     "白云街", ("", "", "", "白云街道"), "乡镇街道", "街道办事处"),
])
def test_the_shipped_model_finds_organs_the_rules_miss(text, agency, region, level, organ_type):
    report = parse_report(text)
    r = report.region
    assert (report.agency, (r.province, r.city, r.county, r.township), report.level, report.organ_type) == (
        agency, region, level, organ_type)


def test_the_shipped_model_was_fitted_on_the_current_gold():
    shipped = json.loads(organ_choice.MODEL_PATH.read_text(encoding="utf-8"))
    assert shipped["gold_sha256"] == organ_names.gold_digest()  # else: python -m bench.organ_names fit
    assert (shipped["C"], shipped["threshold"], shipped["margin"]) == (
        organ_names.C, organ_names.THRESHOLD, organ_names.MARGIN)
    assert shipped["sets"] == sorted(organ_names.TRAINING_SETS)


@pytest.mark.parametrize("content", ["", "{", '{"weights": {"bias": 1.0}}', '{"weights": [], "threshold": 0.2, "margin": 0.3}'])
def test_an_unusable_model_file_leaves_the_rules_alone(tmp_path, monkeypatch, content):
    path = tmp_path / "organ_model.json"
    path.write_text(content, encoding="utf-8")
    monkeypatch.setattr(organ_choice, "MODEL_PATH", path)
    organ_choice.model.cache_clear()
    try:
        assert organ_choice.model() is None
        assert choose("", CONTACT_ONLY, CONTACT_ONLY, "") == ("临泽县审计局", 8)
    finally:
        organ_choice.model.cache_clear()


def test_a_text_listing_many_organs_gives_a_bounded_number_of_spans():
    names = spans("。".join(f"甲{chr(0x4e00 + n)}县审计局" for n in range(400)))
    assert (len(names), names[:2]) == (150, ["甲一县", "甲一县审计局"])
