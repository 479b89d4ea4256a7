"""indexer.categories: taxonomy file, cue classifier, evaluation on the labelled set.

The labelled set (tests/data/problem_labels.jsonl) holds every problem
statement of the corpus reports plus statements written in the style of real
reports, each labelled by hand. The cues were tuned on the "dev" part only;
the "held-out" part was written and labelled before the classifier existed
and never used for tuning. Measured when the cues were frozen: held-out
micro-F1 0.935, dev 0.979 (`python -m indexer evaluate --split ...`). Three
held-out and eleven dev labels were later brought in line with the category
definitions as four independent annotators read them (the form or quality of
政策解读 is interpretation, of an 答复 on_request; 栏目 alone is no platform
problem); the dev lines match the relabelled training lines.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from indexer import cli
from indexer.category_model import FALLBACK, THRESHOLD, load_training
from indexer.categories import (
    CATEGORY_IDS,
    CategoryMatch,
    LabelledStatement,
    TaxonomyError,
    category_ids,
    classify,
    evaluate,
    load_labelled,
    load_taxonomy,
)

#: The figures this classifier promises (the measured ones are above).
HELD_OUT_MICRO_F1 = 0.90
DEV_MICRO_F1 = 0.95


@pytest.fixture(scope="module")
def labelled():
    return load_labelled()


def test_labelled_set_is_large_enough_and_uses_known_ids(labelled):
    held_out = [s for s in labelled if s.split == "held-out"]
    assert len(labelled) >= 120
    assert len(held_out) >= 40
    assert len({s.id for s in labelled}) == len(labelled)
    assert all(s.labels and set(s.labels) <= set(CATEGORY_IDS) for s in labelled)
    # every category is represented among the labels
    assert {label for s in labelled for label in s.labels} == set(CATEGORY_IDS)
    # every real corpus statement is marked with its source file
    assert sum(1 for s in labelled if s.source.startswith("corpus/")) >= 40


def test_held_out_micro_f1(labelled):
    result = evaluate(labelled, split="held-out")
    assert result.statements >= 40
    assert result.micro.f1 >= HELD_OUT_MICRO_F1, [(s.text, p) for s, p in result.errors]


def test_dev_micro_f1(labelled):
    result = evaluate(labelled, split="dev")
    assert result.micro.f1 >= DEV_MICRO_F1, [(s.text, p) for s, p in result.errors]


def test_every_category_explains_itself_on_some_statement(labelled):
    explained = {}
    for statement in labelled:
        for match in classify(statement.text):
            if match.id in statement.labels and match.cues:
                explained.setdefault(match.id, statement.text)
    assert set(explained) == set(CATEGORY_IDS) - {"other"}
    assert classify("受经费限制，设施设备陈旧") == [CategoryMatch("other", "其他", [], 0.0)]


def test_multi_label_with_cues():
    assert classify("一是政府信息公开工作机制不够完善；二是社会宣传力度不够") == [
        CategoryMatch("mechanism", "工作机制与制度", ["机制"], 1.0),
        CategoryMatch("publicity", "宣传与公众参与", ["宣传"], 1.0),
    ]
    assert classify("个别单位存在人员配备不足、兼职多、流动性过快的问题") == [
        CategoryMatch("staffing", "人员队伍", ["人员配备", "兼职", "流动"], 3.0),
    ]


def test_longer_cues_claim_their_characters():
    # the cues alone (learned=False): the model beside them is tested below
    # "规范性文件" is a kind of document, not a 规范 problem
    assert [m.id for m in classify("规范性文件公开不够全面", learned=False)] == ["coverage"]
    # "形式…单一" and "内容…单一" do not reach across a clause or an enumeration comma
    assert [m.id for m in classify("信息公开的内容和形式比较单一", learned=False)] == ["coverage", "channels"]
    # a weak cue alone is not enough: 评估 (0.5) vs 评估 + 通报 (1.0)
    assert [m.id for m in classify("开展评估", learned=False)] == ["other"]
    assert [m.id for m in classify("评估通报不够", learned=False)] == ["supervision"]


def test_traditional_script_is_classified_like_simplified():
    assert classify("財政預決算等重點領域公開不夠全面") == classify("财政预决算等重点领域公开不够全面")
    assert [m.id for m in classify("財政預決算等重點領域公開不夠全面")] == ["coverage"]


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_classify_never_returns_nothing(text):
    matches = classify(text)
    assert matches
    assert all(m.id in CATEGORY_IDS for m in matches)
    # `other` alone and without cues; any other match has cues or the model's probability
    assert all(m.cues == [] for m in matches if m.id == "other")
    assert matches[0].id != "other" or len(matches) == 1
    # (at THRESHOLD, or at FALLBACK when it is the one category given)
    assert all(m.cues or m.score >= FALLBACK for m in matches if m.id != "other")
    assert len(matches) == 1 or all(m.cues or m.score >= THRESHOLD for m in matches)


def test_packaged_taxonomy_has_the_issue_ids_in_order():
    taxonomy = load_taxonomy()
    assert [c.id for c in taxonomy] == list(CATEGORY_IDS)
    assert all(c.name and c.description for c in taxonomy)
    assert all(c.cues for c in taxonomy if c.id != "other")


def test_an_edited_taxonomy_is_used(tmp_path):
    path = tmp_path / "categories.json"
    path.write_text(json.dumps({
        "threshold": 1.0,
        "categories": [
            {"id": "funding", "name": "经费保障", "description": "经费", "cues": [
                {"text": "经费", "weight": 0.5}, {"text": "资金", "weight": 0.5}]},
            {"id": "other", "name": "其他", "cues": []},
        ],
    }, ensure_ascii=False), encoding="utf-8")
    taxonomy = load_taxonomy(path)
    assert classify("工作经费和资金保障不足", taxonomy) == [CategoryMatch("funding", "经费保障", ["经费", "资金"], 1.0)]
    assert classify("工作经费不足", taxonomy) == [CategoryMatch("other", "其他", [], 0.0)]


@pytest.mark.parametrize("content, message", [
    ("{not json", "not valid JSON"),
    ('{"categories": [{"id": "x"}]}', "malformed"),
    ('{"categories": [{"id": "x", "name": "X", "cues": []}]}', "no 'other'"),
])
def test_bad_taxonomy_files_raise_taxonomy_error(tmp_path, content, message):
    path = tmp_path / "categories.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(TaxonomyError, match=message):
        load_taxonomy(path)
    with pytest.raises(TaxonomyError, match="cannot read"):
        load_taxonomy(tmp_path / "missing.json")


def test_evaluate_counts_hits_false_alarms_and_misses():
    statements = [
        LabelledStatement("a", "政府信息公开工作机制不够完善", ["mechanism"]),
        LabelledStatement("b", "信息发布不够及时", ["timeliness", "platform"]),
        LabelledStatement("c", "政务公开渠道较为单一，主要依靠政府网站", ["channels"]),
    ]
    result = evaluate(statements)
    counts = {c.id: (c.tp, c.fp, c.fn) for c in result.categories if c.tp or c.fp or c.fn}
    assert counts == {"mechanism": (1, 0, 0), "timeliness": (1, 0, 0), "channels": (1, 0, 0),
                      "platform": (0, 1, 1)}
    micro = result.micro
    assert (micro.tp, micro.fp, micro.fn) == (3, 1, 1)
    assert micro.f1 == pytest.approx(0.75)
    assert [s.id for s, _ in result.errors] == ["b", "c"]


def test_load_labelled_rejects_bad_lines(tmp_path):
    path = tmp_path / "labels.jsonl"
    path.write_text('{"id": "x", "text": "t", "labels": ["other"], "split": "test"}\n', encoding="utf-8")
    with pytest.raises(TaxonomyError, match="unknown split"):
        load_labelled(path)
    path.write_text('{"id": "x"}\n', encoding="utf-8")
    with pytest.raises(TaxonomyError, match=":1: not a labelled statement"):
        load_labelled(path)


def test_cli_classify_json_and_file(tmp_path, capsys):
    assert cli.main(["classify", "回应社会关切不够及时", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == {
        "text": "回应社会关切不够及时",
        "categories": [
            {"id": "timeliness", "name": "公开及时性", "cues": ["及时"]},
            {"id": "interpretation", "name": "政策解读与回应关切", "cues": ["回应", "关切"]},
        ],
    }
    statements = tmp_path / "statements.txt"
    statements.write_text("信息发布不够及时\n\n门户网站需进一步改进升级\n", encoding="utf-8")
    assert cli.main(["classify", "--file", str(statements), "--json"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [(r["text"], [c["id"] for c in r["categories"]]) for r in rows] == [
        ("信息发布不够及时", ["timeliness"]), ("门户网站需进一步改进升级", ["platform"])]


def test_cli_classify_unreadable_file_is_an_error_not_a_traceback(tmp_path, capsys):
    (tmp_path / "bin.txt").write_bytes(b"\xff\xfe\x00bad")
    assert cli.main(["classify", "--file", str(tmp_path / "bin.txt")]) == 2
    assert cli.main(["classify", "--file", str(tmp_path / "missing.txt")]) == 2
    err = capsys.readouterr().err
    assert "not UTF-8" in err and "cannot read" in err and "Traceback" not in err


def test_cli_evaluate_prints_per_category_table(capsys):
    assert cli.main(["evaluate", "--split", "held-out"]) == 0
    out = capsys.readouterr().out
    lines = {line.split()[0]: line.split()[1:] for line in out.splitlines()[3:]}
    assert set(lines) == set(CATEGORY_IDS) | {"micro"}
    assert float(lines["micro"][2]) >= HELD_OUT_MICRO_F1
    assert out.startswith("split: held-out   statements: 54")


# --- the learned model beside the cues (issue 12) ----------------------------

def test_the_model_finds_categories_the_cues_miss():
    # no cue word for coverage in either: the cues alone said `other`/nothing
    assert [m.id for m in classify("信息采集数量不够多", learned=False)] == ["other"]
    assert "coverage" in [m.id for m in classify("信息采集数量不够多")]
    match = next(m for m in classify("公开的范围比较窄") if m.id == "coverage")
    assert match.cues == [] and match.score >= THRESHOLD  # learned, not cued: no cues to show


def test_the_model_leaves_other_to_statements_no_category_fits():
    assert [m.id for m in classify("2")] == ["other"]  # too little wording to read
    assert [m.id for m in classify("离上级要求还有一定差距")] == ["other"]


def test_training_statements_are_labelled_with_known_ids():
    rows = load_training()
    assert len(rows) >= 250
    assert all(labels and set(labels) <= set(CATEGORY_IDS) for _, labels in rows)
    held_out = {s.text for s in load_labelled() if s.split == "held-out"}
    assert not held_out & {text for text, _ in rows}  # the held-out split is never trained on


def test_evaluate_takes_an_independent_labellers_file(tmp_path, capsys):
    labels = tmp_path / "labels.jsonl"
    labels.write_text('{"text": "公开内容不够全面", "categories": ["coverage"]}\n'
                      '{"text": "网站栏目更新不及时", "categories": ["timeliness", "platform"]}\n'
                      '{"text": "工作人员均为兼职", "categories": ["training"]}\n', encoding="utf-8")
    assert cli.main(["evaluate", "--labels", str(labels)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("split: all   statements: 3")
    # 3 right of 4 predicted (staffing is not training), 3 of 4 gold found
    assert "micro-F1: 0.750   (P 0.750, R 0.750; cues + learned model)" in out
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"text": "x"}\n', encoding="utf-8")
    assert cli.main(["evaluate", "--labels", str(bad)]) == 2
    assert "not a labelled statement" in capsys.readouterr().err


def test_the_shipped_model_is_the_fit_of_the_shipped_training_file(tmp_path):
    import numpy as np

    from indexer.category_model import MODEL_PATH, default_model, load_model, main, training_hash

    doc = json.loads(MODEL_PATH.read_text(encoding="utf-8"))
    assert doc["training_sha256"] == training_hash(), "run `python -m indexer.category_model` after editing the training file"
    refit = tmp_path / "model.json"
    assert main([str(refit)]) == 0
    fresh, shipped = load_model(refit), default_model()
    assert fresh.categories == shipped.categories
    for text in ("信息采集数量不够多", "政府网站栏目更新不及时", "工作人员均为兼职，流动性大"):
        a, b = fresh.probabilities(text), shipped.probabilities(text)
        assert np.allclose(list(a.values()), list(b.values()), atol=1e-4)


def test_a_broken_model_file_is_a_clear_error(tmp_path):
    from indexer.category_model import ModelError, load_model

    (tmp_path / "m.json").write_text('{"grams": ["a"]}', encoding="utf-8")
    with pytest.raises(ModelError, match="malformed"):
        load_model(tmp_path / "m.json")
    with pytest.raises(ModelError, match="cannot read"):
        load_model(tmp_path / "missing.json")


def test_other_only_where_no_category_fits(monkeypatch):
    from indexer import category_model

    # no cue fires; the model's probability is below THRESHOLD, but likely enough
    monkeypatch.setattr(category_model, "THRESHOLD", 0.99)
    (match,) = classify("政府信息公开数量少")
    assert (match.id, match.cues) == ("coverage", []) and category_model.FALLBACK <= match.score < 0.99
    monkeypatch.setattr(category_model, "FALLBACK", 1.01)
    assert [m.id for m in classify("政府信息公开数量少")] == ["other"]


def test_one_reader_serves_training_and_evaluation(tmp_path):
    from indexer.category_model import ModelError, load_training, read_labelled

    path = tmp_path / "labels.jsonl"
    path.write_text('{"id": "a", "text": "公开内容不够全面", "categories": ["coverage"], "source": "corpus/x.txt"}\n\n'
                    '{"text": "网站更新不及时", "labels": ["timeliness", "platform"], "split": "held-out"}\n',
                    encoding="utf-8")
    assert load_training(path) == [("公开内容不够全面", ["coverage"]), ("网站更新不及时", ["timeliness", "platform"])]
    assert load_labelled(path) == read_labelled(path) == [
        LabelledStatement("a", "公开内容不够全面", ["coverage"], "dev", "corpus/x.txt"),
        LabelledStatement("3", "网站更新不及时", ["timeliness", "platform"], "held-out", ""),
    ]
    path.write_text('{"text": 5, "labels": []}\n', encoding="utf-8")
    with pytest.raises(ModelError, match=":1: not a labelled statement"):
        load_training(path)
    with pytest.raises(TaxonomyError, match=":1: not a labelled statement"):
        load_labelled(path)


def test_stray_cue_words_in_a_closing_or_cause_clause_give_no_category():
    # 重视 in a closing line is no awareness problem; 审核/质量 in a cause or a
    # consequence is not what the statement says falls short
    assert category_ids("均有待今后予以高度重视并加以解决", learned=False) == ["other"]
    assert category_ids("由于审核把关环节较多，导致信息发布不够及时", learned=False) == ["timeliness"]
    assert category_ids("因人员变动频繁，导致信息公开质量不高", learned=False) == ["staffing"]
    # where they are the shortcoming, they still count
    assert category_ids("信息发布审核不严格", learned=False) == ["quality"]
    assert "training" in category_ids("对信息公开工作重视不够", learned=False)


def test_cross_validation_keeps_one_organs_reports_in_one_fold():
    from bench.category_cv import fold_of, organ_of

    assert organ_of("bench/whole2/fujian-pingtan-shiyanqu-2011.txt") == "fujian-pingtan-shiyanqu.txt"
    assert fold_of("corpus/a-jiedao-2012.txt", 5) == fold_of("corpus/a-jiedao-2019.txt", 5)
    # one organ's reports in two bench sets are one organ too
    assert fold_of("bench/whole1/b-qu-2020.txt", 5) == fold_of("bench/whole2/b-qu-2016.txt", 5)


def test_a_statement_copied_from_a_mirror_reads_like_the_clean_one():
    from indexer.category_model import prepared

    # pinyin glosses of a traditional-script mirror, Kangxi radicals of a PDF
    assert prepared("公開的范圍有待進(jìn)一步擴(kuò)大") == "公开的范围有待进一步扩大"
    assert prepared("信息公开⼯作⼒量需进⼀步强化") == "信息公开工作力量需进一步强化"
    assert category_ids("公開的范圍有待進(jìn)一步擴(kuò)大") == category_ids("公开的范围有待进一步扩大")


# --- real statements, as independent annotators labelled them (issue 12) -----

@pytest.mark.parametrize("text, expected", [
    # from bench/categories1-4, each classified right with its organ left out
    # of training (bench/category_cv); one or more per category
    ("政府信息公开工作机制不够完善", ["mechanism"]),
    ("主动公开政府信息内容与公众的需求还存在一些差距", ["coverage"]),  # no cue word: the model
    ("公开政府信息不够及时", ["timeliness"]),
    ("公开形式便民性还需要进一步提高", ["channels"]),
    ("对政策性文件把握不够准确、公开属性把关不够严", ["quality"]),
    ("政策解读形式单一，缺少多个角度多种形式的解读", ["interpretation"]),
    ("依申请公开答复质量待进一步提升", ["on_request"]),
    ("政务公开队伍建设有待进一步加强", ["staffing"]),
    ("对《条例》和管委会信息公开工作规定的学习、掌握还不够好", ["training"]),
    ("对各部门政府信息公开工作指导、监督不够到位", ["supervision"]),
    ("部分栏目设立不够健全", ["platform"]),
    ("宣传力度还不够到位", ["publicity"]),
    ("部门公开信息的数量、质量和时效性有待进一步提高", ["coverage", "timeliness", "quality"]),
    ("信息人员队伍能力建设仍有欠缺", ["staffing", "training"]),
    ("公開內容的及時性、全面性、便民性等都還需要在今後的工作中加以改進", ["coverage", "timeliness", "channels"]),
    # `other` only where no category fits: an unevenness with no aspect named, a fragment
    ("各部门政府信息公开工作的开展还不够均衡", ["other"]),
    ("2019年政", ["other"]),
])
def test_real_statements_get_the_annotators_categories(text, expected):
    assert category_ids(text) == expected


@pytest.mark.parametrize("text, expected", [
    # the form or quality of 政策解读 is interpretation, the quality or 规范 of
    # an 答复 on_request (their definitions name them): no channels or quality
    ("政策解读的形式还不够丰富", ["interpretation"]),
    ("政策解读材料质量不高", ["interpretation"]),
    ("依申请公开答复不够规范", ["on_request"]),
    ("依申请公开答复质量待进一步提升", ["on_request"]),
    # where form or quality is the shortcoming of its own, it still counts,
    # also beside a 解读 in another clause
    ("公开形式较为单一", ["channels"]),
    ("信息发布质量不高", ["quality"]),
    ("政策解读不够及时，公开形式单一", ["timeliness", "channels", "interpretation"]),
])
def test_an_aspect_of_another_categorys_object_is_that_category(text, expected):
    assert category_ids(text, learned=False) == expected
    assert category_ids(text) == expected


def test_the_independent_annotators_statements_are_training_data():
    from bench.category_cv import INDEPENDENT_PREFIXES
    from indexer.category_model import TRAINING_PATH, read_labelled

    training = read_labelled(TRAINING_PATH)
    by_text = {s.text: s for s in training}
    heldout4 = load_labelled(Path(__file__).resolve().parent.parent / "bench" / "categories4" / "heldout.jsonl")
    assert len(heldout4) == 27
    assert all(by_text[s.text].labels == s.labels and by_text[s.text].id == "c4-" + s.id for s in heldout4)
    assert sum(s.id.startswith(INDEPENDENT_PREFIXES) for s in training) == 88 + 42 + 110 + 27
    # a relabelled line of the project's own says why, and the old test labels agree with it
    rows = [json.loads(line) for line in TRAINING_PATH.read_text(encoding="utf-8").splitlines()]
    relabelled = {r["text"]: r["categories"] for r in rows if "note" in r}
    assert len(relabelled) == 12 and all(r["note"].startswith("relabelled") for r in rows if "note" in r)
    tests = {s.text: s.labels for s in load_labelled()}
    assert all(tests[text] == labels for text, labels in relabelled.items() if text in tests)
