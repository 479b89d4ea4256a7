"""Sharding for real: 2 searchd shard nodes + an aggregator on loopback (one cluster per test)."""
from __future__ import annotations

import shutil
import threading
import time

import pymysql
import pytest

from app import create_app
from indexer.search.sphinx import ShardWriter, SphinxArchive, build_sphinx
from indexer.search.sphinx.conf import SHARD_INDEX
from indexer.search.sphinx.rows import shard_of

from tests.scale.conftest import CRAFTED


def shard_rows(address: str) -> list[tuple[str, str, int]]:
    host, port = address.split(":")
    with pymysql.connect(host=host, port=int(port), autocommit=True) as connection, connection.cursor() as cursor:
        cursor.execute(f"SELECT doc_key, report_key, kind FROM {SHARD_INDEX} LIMIT 10000 OPTION max_matches=10000")
        return list(cursor.fetchall())


@pytest.fixture
def built(own_cluster, contract_corpus, tmp_path):
    corpus = tmp_path / "corpus"
    shutil.copytree(contract_corpus, corpus)
    summary = build_sphinx(corpus, own_cluster.shard_addresses, procs=2)
    assert summary.reports == len(summary.added) > 15 and not summary.skipped
    assert summary.problems == SphinxArchive(own_cluster.search_address).stats()["problems"] > 30
    return own_cluster, corpus, SphinxArchive(own_cluster.search_address)


def test_each_report_and_its_problems_live_on_the_shard_its_id_hashes_to(built):
    cluster, _, archive = built
    seen = []
    for number, address in enumerate(cluster.shard_addresses):
        rows = shard_rows(address)
        assert rows, f"shard {number} holds nothing"
        assert all(shard_of(report_key, 2) == number for _, report_key, _ in rows)
        seen += [doc for doc, _, _ in rows]
    stats = archive.stats()
    assert len(seen) == len(set(seen)) == stats["documents"]
    # stable across processes and runs (sha1, not Python's salted hash)
    assert [shard_of(f"r{i}", 2) for i in range(6)] == [0, 0, 0, 0, 1, 0]


def test_incremental_update_and_delete(built):
    cluster, corpus, archive = built
    before = archive.stats()
    path = corpus / "ceshi-zhen-2021.txt"
    text = CRAFTED["ceshi-zhen-2021.txt"].replace("\n3.网站建设滞后。", "").replace("政务公开专区", "便民服务专区")
    path.write_text(text, encoding="utf-8")
    (corpus / "yanshi-ju-2023.txt").unlink()
    summary = build_sphinx(corpus, cluster.shard_addresses, procs=1)
    assert summary.updated == ["ceshi-zhen-2021.txt"] and summary.removed == ["yanshi-ju-2023.txt"] and not summary.added
    assert len(summary.unchanged) == before["reports"] - 2
    after = archive.stats()
    assert after["reports"] == before["reports"] - 1
    assert after["problems"] == before["problems"] - 2 - 1  # yanshi's two, ceshi-zhen's third
    assert "ceshi-zhen-2021" in [h.id for h in archive.search("便民服务专区").hits]
    assert "ceshi-zhen-2021" not in [h.id for h in archive.search("政务公开专区").hits]
    assert archive.search("网站建设滞后").exact_total == 0  # best matches on words may follow
    with pytest.raises(Exception):
        archive.report("yanshi-ju-2023")
    assert archive.report("ceshi-zhen-2021").problem_ids == ["ceshi-zhen-2021-p1", "ceshi-zhen-2021-p2"]
    again = build_sphinx(corpus, cluster.shard_addresses, procs=1)
    assert not (again.added or again.updated or again.removed) and archive.stats()["documents"] == after["documents"]


def _manifest(corpus, changes: dict[str, dict[str, str]]) -> None:
    """Rewrite corpus/manifest.csv with `changes` ({file: {column: value}}) over the lines it holds."""
    import csv
    import io

    path = corpus / "manifest.csv"
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
    columns = list(dict.fromkeys([*rows[0], *(c for change in changes.values() for c in change)]))
    out = io.StringIO()
    writer = csv.DictWriter(out, columns)
    writer.writeheader()
    for row in rows:
        writer.writerow({**{c: "" for c in columns}, **row, **changes.get(row["file"], {})})
    path.write_text(out.getvalue(), encoding="utf-8")


def test_a_manifest_edit_rewrites_exactly_the_reports_it_touches(built):
    """As the embedded build does (issue 11): a manifest.csv line that changes what it overrides
    sends its report to the cluster again, and the summary says so; a note alone changes nothing."""
    cluster, corpus, archive = built
    before_2019 = archive.search("", filters={"year": ["2019"]}, kind="report").total
    _manifest(corpus, {"songbei-qu-2020.txt": {"note": "another note"}})
    quiet = build_sphinx(corpus, cluster.shard_addresses, procs=1)
    assert (quiet.updated, quiet.manifest, quiet.added, quiet.removed) == ([], [], [], [])
    assert len(quiet.unchanged) == quiet.reports

    _manifest(corpus, {"songbei-qu-2020.txt": {"agency": "松北区政府办公室", "year": "2019", "note": "corrected"},
                       "pingfang-youxie-jiedao-2020.txt": {"province": "黑龙江省", "city": "哈尔滨市", "county": "平房区",
                                                           "level": "县级", "organ_type": "政府部门"}})
    edited = build_sphinx(corpus, cluster.shard_addresses, procs=1)
    touched = ["pingfang-youxie-jiedao-2020.txt", "songbei-qu-2020.txt"]
    assert (edited.updated, edited.manifest, edited.added) == (touched, touched, [])
    assert len(edited.unchanged) == edited.reports - 2
    songbei = archive.report("songbei-qu-2020").report
    assert (songbei.agency, songbei.agency_id, songbei.year, songbei.level, songbei.organ_type) == (
        "哈尔滨市松北区人民政府办公室", "230109:人民政府办公室", 2019, "县级", "政府办公厅(室)")
    youxie = archive.report("pingfang-youxie-jiedao-2020").report
    assert (youxie.region.names(), youxie.level, youxie.organ_type) == (["黑龙江省", "哈尔滨市", "平房区"], "县级", "政府部门")
    assert archive.search("", filters={"year": ["2019"]}, kind="report").total == before_2019 + 1
    assert all(p.year == 2019 for p in archive.all_problems() if p.report_id == "songbei-qu-2020")
    assert not build_sphinx(corpus, cluster.shard_addresses, procs=1).updated

    # taking the lines out again restores what the texts say; the command line's summary says why
    import os
    import subprocess
    import sys

    from tests.scale.conftest import REPO

    _manifest(corpus, {"songbei-qu-2020.txt": {"agency": "", "year": "", "note": ""},
                       "pingfang-youxie-jiedao-2020.txt": {"province": "", "city": "", "county": "", "level": "", "organ_type": ""}})
    env = {**os.environ, "PYTHONPATH": str(REPO), "NIANBAO_BACKEND": "sphinx",
           "NIANBAO_SPHINX_SHARDS": ",".join(cluster.shard_addresses)}
    done = subprocess.run([sys.executable, "-m", "indexer", "build", "--corpus", str(corpus), "--quiet", "--procs", "1"],
                          env=env, cwd=corpus.parent, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert "updated 2," in done.stdout
    assert {f"  updated: {name} (manifest.csv changed)" for name in touched} <= set(done.stdout.splitlines())
    assert archive.report("songbei-qu-2020").report.agency == "哈尔滨市松北区人民政府"
    assert archive.search("", filters={"year": ["2019"]}, kind="report").total == before_2019


def test_a_rebuild_while_serving_never_loses_an_answer(built):
    cluster, corpus, archive = built
    reader = SphinxArchive(cluster.search_address)
    expected = reader.search("信息公开").total
    answers, errors, stop = [], [], threading.Event()

    def serve():
        while not stop.is_set():
            try:
                answers.append(reader.search("信息公开", per_page=5).total)
            except Exception as exc:  # noqa: BLE001 - any failure is what this test looks for
                errors.append(repr(exc))

    thread = threading.Thread(target=serve)
    thread.start()
    try:
        summary = build_sphinx(corpus, cluster.shard_addresses, procs=1, rebuild=True)
        time.sleep(0.2)
    finally:
        stop.set()
        thread.join()
    assert summary.updated or summary.unchanged
    assert not summary.added and len(summary.unchanged) + len(summary.updated) == summary.reports
    assert not errors and len(answers) > 3
    assert set(answers) == {expected}


def test_the_writer_routes_by_the_same_hash(built):
    cluster, _, _ = built
    with ShardWriter(cluster.shard_addresses) as writer:
        assert [writer.shard(f"r{i}") for i in range(6)] == [shard_of(f"r{i}", 2) for i in range(6)]


def test_one_shard_down_gives_a_partial_answer_never_a_500(built):
    cluster, corpus, archive = built
    full = archive.search("信息公开")
    app = create_app({"TESTING": True, "BACKEND": "sphinx", "SPHINX": cluster.search_address, "CORPUS_DIR": str(corpus)})
    client = app.test_client()
    assert client.get("/api/search?q=信息公开").get_json()["partial"] is False
    cluster.shards[1].kill()
    try:
        partial = archive.search("信息公开")
        assert partial.partial and 0 < partial.total < full.total
        api = client.get("/api/search?q=信息公开")
        assert api.status_code == 200
        body = api.get_json()
        assert body["partial"] is True and body["total"] == partial.total
        page = client.get("/?q=信息公开&year=2020")
        assert page.status_code == 200
        assert "结果不完整" in page.get_data(as_text=True)
        assert all(shard_of(h.report_id, 2) == 0 for h in partial.hits)
    finally:
        cluster.shards[1].start()
    healed = archive.search("信息公开")
    assert not healed.partial and healed.total == full.total


def test_no_shard_at_all_is_the_unavailable_page_not_a_500(built):
    cluster, corpus, _ = built
    client = create_app({"TESTING": True, "BACKEND": "sphinx", "SPHINX": cluster.search_address, "CORPUS_DIR": str(corpus)}).test_client()
    for node in cluster.shards:
        node.kill()
    response = client.get("/api/search?q=信息公开")
    assert response.status_code == 503
    assert client.get("/?q=信息公开").status_code == 503


def test_the_command_line_searches_the_cluster(built, tmp_path):
    import json
    import os
    import subprocess
    import sys

    from tests.scale.conftest import REPO

    cluster, _, archive = built
    env = {**os.environ, "PYTHONPATH": str(REPO), "NIANBAO_BACKEND": "sphinx", "NIANBAO_SPHINX": cluster.search_address}
    done = subprocess.run([sys.executable, "-m", "indexer", "search", "信息公开", "--year", "2020", "--json"],
                          env=env, cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    body = json.loads(done.stdout)
    assert body["total"] == archive.search("信息公开", filters={"year": ["2020"]}).total > 0 and body["partial"] is False


def test_an_embedded_index_migrates_to_the_cluster_without_parsing_again(own_cluster, whoosh_archive):
    from indexer.search.sphinx import migrate

    done = migrate(whoosh_archive, own_cluster.shard_addresses)
    cluster = SphinxArchive(own_cluster.search_address)
    stats = whoosh_archive.stats()
    assert (done["reports"], done["problems"]) == (stats["reports"], stats["problems"]) == \
        (cluster.stats()["reports"], cluster.stats()["problems"])
    for stored in whoosh_archive.reports():
        copied = cluster.report(stored.id)
        assert (copied.report.to_dict(), copied.categories, copied.problem_ids, copied.content_hash) == \
            (stored.report.to_dict(), stored.categories, stored.problem_ids, stored.content_hash)
    for query in ("信息公开", "12345热线", "政务新媒体账号更新不及时"):
        one, two = whoosh_archive.search(query, facet_limit=1000), cluster.search(query, facet_limit=1000)
        assert (one.total, one.exact_total, one.facets) == (two.total, two.exact_total, two.facets)


def test_the_app_on_the_cluster_answers_narrowed_searches_exports_and_not_inside_or(sphinx_cluster, contract_corpus,
                                                                                     whoosh_archive):
    """Year ranges, has_problems, facet value search, full exports and NOT inside OR work through
    the app; bad input is a 400 with a Chinese message, never a 500."""
    app = create_app({"TESTING": True, "BACKEND": "sphinx", "SPHINX": sphinx_cluster.search_address,
                      "CORPUS_DIR": str(contract_corpus)})
    client = app.test_client()
    body = client.get("/api/search?q=信息公开&year_from=2020&year_to=2022&has_problems=yes").get_json()
    from indexer.search.narrowing import Narrowing
    expected = whoosh_archive.search("信息公开", narrowing=Narrowing(2020, 2022, "yes"))
    assert body["total"] == expected.total > 0 and body["partial"] is False
    assert client.get("/?q=信息公开&year_from=2020&year_to=2022").status_code == 200
    facet = client.get("/api/facets/agency?text=测试")
    assert facet.status_code == 200
    import json

    expected_total, _ = whoosh_archive.export(query="信息公开")
    sphinx_records = list(SphinxArchive(sphinx_cluster.search_address).export(query="信息公开")[1])
    for path in ("/export.csv?q=信息公开", "/export.jsonl?q=信息公开"):
        response = client.get(path)
        assert response.status_code == 200 and response.headers["X-Total-Count"] == str(expected_total), path
        text = response.get_data(as_text=True)
        if "csv" in path:
            import csv
            import io
            assert len(list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))) == expected_total + 1  # and a header
        else:
            assert [json.loads(line)["id"] for line in text.splitlines()] == [r.hit.id for r in sphinx_records]
    body = client.get("/api/search?q=政务 OR NOT 网站").get_json()
    assert body["total"] == whoosh_archive.search("政务 OR NOT 网站").total > 0 and body["partial"] is False
    split = client.get("/api/search?q=信息公开").get_json()["kind_totals"]
    assert split == whoosh_archive.search("信息公开").kind_totals and split["section"] > 0
    for path in ("/api/search?q=信息公开&year_from=2023&year_to=2020", "/export.csv?q=%22政务", "/export.jsonl?q=信息&sort=odd"):
        response = client.get(path)
        assert response.status_code == 400, path


def many_organs(corpus_dir, organs: int, twice: int) -> tuple[list[dict], dict[str, int]]:
    """Records of `organs` organs (the first `twice` with a second year), cloned from one parsed
    crafted report: ({agency_id: reports}); each organ its own agency_id and name."""
    import copy
    from datetime import datetime, timezone

    from indexer.corpus import scan_corpus
    from indexer.search.documents import problem_id
    from indexer.search.sphinx.rows import prepare

    corpus_dir.mkdir()
    (corpus_dir / "model.txt").write_text(CRAFTED["yanshi-ju-2023.txt"], encoding="utf-8")
    entries, _ = scan_corpus(corpus_dir)
    outcome = prepare((entries[0], datetime.now(timezone.utc).isoformat(timespec="seconds")))
    assert outcome[0] == "ok", outcome
    model, records, expected = outcome[4], [], {}
    for number in range(organs):
        for year in (2022, 2023)[: 1 + (number < twice)]:
            record = copy.deepcopy(model)
            report_id = f"organ{number:05d}-{year}"
            record.update(report_id=report_id, file=f"{report_id}.txt", content_hash=f"h{report_id}")
            record["report"].update(agency=f"演示第{number}号机关", agency_id=f"990000:机关{number:05d}", year=year)
            for problem in record["problems"]:
                problem["id"] = problem_id(report_id, problem["number"])
            records.append(record)
            expected[f"990000:机关{number:05d}"] = expected.get(f"990000:机关{number:05d}", 0) + 1
    return records, expected


def test_a_facet_with_more_values_than_the_old_1000_cap_is_read_once_and_exact(own_cluster, tmp_path):
    """Sphinx keeps at most max_matches groups and says nothing of the rest: a facet is read with
    room for every value its field has (the value dictionary's count), in one statement."""
    records, expected = many_organs(tmp_path / "corpus", organs=1_205, twice=300)
    with ShardWriter(own_cluster.shard_addresses) as writer:
        for start in range(0, len(records), 100):
            writer.put(records[start:start + 100])
    archive = SphinxArchive(own_cluster.search_address)
    assert archive._values.sizes()["agency"] >= 1_205 > 1_000
    statements = []
    run = archive._run

    def counting(sql, params=None):
        statements.extend(part for part in sql.split("; ") if "GROUP BY agency_ids" in part)
        return run(sql, params)
    archive._run = counting

    for search, per_report in ((dict(query="", kind="report"), 1), (dict(query="政务公开", kind="report"), 1),
                               (dict(query="政务公开", exclude={"year": ["2021"]}), 1), (dict(query="", filters={"agency": ["演示第7号机关"]}), 3)):
        statements.clear()
        result = archive.search(**search, facet_limit=5_000)
        agencies = result.facets["agency"]
        assert {v.value: v.count for v in agencies.values} == {k: n * per_report for k, n in expected.items()}, search
        assert agencies.value_count == 1_205 and not agencies.truncated
        assert agencies.values[0].count == 2 * per_report and agencies.values[-1].count == per_report
        assert {v.label for v in agencies.values} == {f"演示第{n}号机关" for n in range(1_205)}
        assert len(statements) == 1, statements  # read once: no re-read after a full first read
        assert int(statements[0].rsplit("max_matches=", 1)[1].split(",")[0]) > 1_205
    assert sum(v.count for v in archive.facet_values("agency")) == len(records)
    found = archive.facet_search("agency", "第1204号")
    assert [(v.value, v.count, v.label) for v in found.values] == [("990000:机关01204", 3, "演示第1204号机关")]  # its report and two statements
