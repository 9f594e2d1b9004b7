"""Build a synthetic store of DEPARTMENTS × YEARS reports in one command, and say where and how long.

.venv/bin/python bench/make_store.py --departments 20000 --years 5    # 100,000 reports: 21–26 min on 2 cores

`etl synth` writes the reports (1 min 20 s for 100,000), `etl ingest --workers 2` loads them (≈ 160
reports/s on 2 cores), both under OPENJUESUAN_BENCH_CACHE or /tmp/openjuesuan-bench, where the other benches
find the store again (common.synth_store: reused while etl/ is unchanged). Pass the printed folder to
`bench_queries.py --large`, `bench_pages.py --large` or `bench_browser.py --store` (its pq/).
"""

from __future__ import annotations

import argparse
import time

from common import synth_store


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--departments", type=int, default=20_000)
    parser.add_argument("--years", type=int, default=5)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--rebuild", action="store_true", help="build again even when a current one is there")
    args = parser.parse_args()
    start = time.perf_counter()
    store = synth_store(args.departments, args.years, workers=args.workers, rebuild=args.rebuild)
    print(f"{store}  ({args.departments * args.years:,} reports, {time.perf_counter() - start:,.0f} s)")


if __name__ == "__main__":
    main()
