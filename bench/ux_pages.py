"""CPU per page of the web UI and API: every page of README's "Pages" table
through Flask's test client over a built index, in this process.

For each URL: one untimed request (warm-up), then --rounds rounds of
--repeat requests; prints the status, the median CPU milliseconds per request
(`time.process_time`, so other engineers' load does not count) and the wall
milliseconds, with the load average. To compare two versions of the app, run
it with each on PYTHONPATH (e.g. main's app/templates/static unpacked by
`git archive`), alternated.

    python -m bench.ux_pages --index /tmp/ux1/index-r7 --corpus /tmp/r7/corpus
"""
from __future__ import annotations

import argparse
import os
import statistics
import time
from urllib.parse import quote

#: the pages walked (ids of the 568-report sample archive)
PAGES = (
    "/", "/?q=政策解读", "/?q=信息更新不及时，时效性差", "/?q=公开&more=region", "/?q=\"未闭合&level=县级",
    "/?year=abcd&q=公开", "/reports/songbei-qu-2020", "/reports/huadian-xinhua-jiedao-2012",
    "/problems/huadian-xinhua-jiedao-2012-p2", "/similar?text=宣传力度不够", "/copies", "/copies?unit=paragraph&q=量子",
    "/trends", "/agencies/230109:人民政府", "/agencies/2104:司法局/compare", "/agencies/2104:司法局/compare?from=2019",
    "/api/problems/huadian-xinhua-jiedao-2012-p2", "/api/trends", "/reports/no-such-report",
)


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--index", required=True)
    parser.add_argument("--corpus", required=True)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)

    import app as app_package
    from app import create_app

    application = create_app({"CORPUS_DIR": args.corpus, "INDEX_DIR": args.index})
    client = application.test_client()
    print(f"app: {os.path.dirname(app_package.__file__)}  load average: {os.getloadavg()[0]:.2f}")
    total_cpu = 0.0
    for page in PAGES:
        url = quote(page, safe="/?=&:%")
        client.get(url)
        cpu, wall = [], []
        for _ in range(args.rounds):
            c0, w0 = time.process_time(), time.perf_counter()
            for _ in range(args.repeat):
                status = client.get(url).status_code
            cpu.append((time.process_time() - c0) / args.repeat * 1000)
            wall.append((time.perf_counter() - w0) / args.repeat * 1000)
        total_cpu += statistics.median(cpu)
        print(f"{status}  cpu {statistics.median(cpu):7.1f} ms  wall {statistics.median(wall):7.1f} ms  {page}")
    print(f"sum of medians: cpu {total_cpu:.1f} ms  load average: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
