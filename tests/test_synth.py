"""The benchmark's synthetic corpus: distinct, deterministic reports that our
own parser reads back with the agency, year, format and tables they were made with."""
import random
import re

import pytest

from bench import synth
from indexer.parser import parse_report


@pytest.fixture(scope="module")
def material():
    return synth.load_material()


def test_generate_writes_n_distinct_parseable_reports(tmp_path):
    paths = synth.generate(tmp_path / "out", 12, seed=3)

    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [f"synth-{i:06d}.txt" for i in range(12)]
    texts = [p.read_text(encoding="utf-8") for p in paths]
    assert len(set(texts)) == 12
    seen = set()
    for text in texts:
        report = parse_report(text)
        title_year = int(re.search(r"(20\d\d)年政府信息公开工作年度报告", text).group(1))
        expected_format = "pre2019" if title_year < 2019 else "2019" if title_year < 2021 else "2021"
        assert (report.year, report.format) == (title_year, expected_format)
        assert report.agency and text.startswith(report.agency)
        assert report.problems, text
        assert [s.number for s in report.sections if s.number] == [1, 2, 3, 4, 5, 6] or title_year < 2019
        seen.add((report.agency, report.year))
    assert len(seen) == 12  # one report per agency and year


def test_generate_is_deterministic_per_seed(tmp_path):
    first = [p.read_bytes() for p in synth.generate(tmp_path / "a", 5, seed=7)]
    again = [p.read_bytes() for p in synth.generate(tmp_path / "b", 5, seed=7)]
    other = [p.read_bytes() for p in synth.generate(tmp_path / "c", 5, seed=8)]

    assert first == again
    assert first != other


@pytest.mark.parametrize("year", [2020, 2023])
def test_tables_read_back_exactly_and_only_planted_errors_fail(material, year):
    agency = synth.make_agencies(1, random.Random(year))[0]
    for seed in range(25):
        stats = synth.random_statistics("2019" if year < 2021 else "2021", agency.level, random.Random(seed))
        report = parse_report(synth.render_report(material, agency, year, random.Random(seed), stats=stats))

        assert report.tables["applications"]["rows"] == stats["applications"]["rows"]
        assert report.tables["reviews"] == stats["reviews"]
        assert bool(report.failed_checks) == bool(stats["inconsistent"])


def test_consistent_statistics_balance():
    stats = synth.random_statistics("2021", "市级", random.Random(11))
    rows = stats["applications"]["rows"]

    assert stats["inconsistent"] == []
    for col in (*synth.APPLICANTS, "total"):
        assert rows["received"][col] + rows["carried_over"][col] == rows["result_total"][col] + rows["carried_forward"][col]
    for row in rows.values():
        assert row["total"] == sum(row[c] for c in synth.APPLICANTS)


def test_refuses_to_write_into_the_real_corpus():
    with pytest.raises(ValueError, match="never go into corpus"):
        synth.generate(synth.DEFAULT_CORPUS, 1)
