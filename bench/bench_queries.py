"""The queries behind each dashboard page, at 1 report and at a large store, against pandas.

.venv/bin/python bench/bench_queries.py [--large STORE] [--runs 7]

STORE is a store built by `python -m etl ingest` (bench_ingest.py --keep and
make_store.py leave one); without --large, the 10,000-report synthetic store of
common.synth_store (built once under /tmp/openjuesuan-bench, then reused).
Each page's queries are the ones the page really issues on a visit opened by a
link to the report with the most indicators (tests.conftest.queries_of: one
AppTest run with the query function wrapped), sidebar included, replayed
outside Streamlit with the result cache cleared before every run, so each
figure is a first visit after a load. The baseline is the same aggregation in
pandas on the same parquet files, read from disk each time as DuckDB reads them.
"""

from __future__ import annotations

import argparse
import logging
import os
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from common import REPORT_PAGES, bundled_store, heaviest_report, machine, median, queries_of, synth_store

logging.disable(logging.WARNING)  # "missing ScriptRunContext": the cache used outside a run


def pandas_pages(root: Path, report_id: str, year: int) -> dict[str, Callable[[], object]]:
    """The same reads and aggregations in pandas, page by page: the tables each page's queries read, with the
    same filters (the sidebar's list and the report's shown_reports row on every page, as the pages ask them)."""
    import pandas as pd

    from dashboard.state import LISTED
    from etl.parts.header import report_ids_of

    def read(table: str, **kw) -> pd.DataFrame:
        return pd.read_parquet(root / table, **kw)

    def one(table: str) -> pd.DataFrame:
        return read(table, filters=[("report_id", "=", report_id)])

    department = one("reports")["department"].iloc[0]
    years = sorted(read("reports", columns=["year"])["year"].unique())
    ids = report_ids_of(department, years)

    def mine(table: str) -> pd.DataFrame:
        return read(table, filters=[("report_id", "in", ids)])

    listed = len(read("shown_reports", columns=["department"])["department"].unique()) <= LISTED

    def sidebar() -> tuple:
        """What app.py asks on every page: the chosen department's years, the report's row, and in a store of a
        few hundred departments their list (dashboard.state.LISTED; a larger one's picker is a search)."""
        departments = (
            read("shown_reports", columns=["department"])["department"].drop_duplicates().sort_values()
            if listed
            else None
        )
        return departments, sorted(read("reports", columns=["year"])["year"].unique()), mine("shown_reports")

    def hit_rate(df: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
        counted = df.assign(met=df.status.eq("met"), missed=df.status.eq("missed"), na=df.status.eq("not_assessable"))
        out = counted.groupby(keys).agg(
            indicators=("status", "size"),
            met=("met", "sum"),
            missed=("missed", "sum"),
            not_assessable=("na", "sum"),
            counted=("status", "count"),
        )
        return out.assign(hit_rate=out.met / out.counted.where(out.counted > 0))

    def compare() -> pd.DataFrame:
        reports = read("reports", filters=[("year", "=", year)])
        spend = (
            read("spending_by_function", filters=[("level", "=", "类")])
            .groupby("report_id")[["total", "project"]]
            .sum()
        )
        perf = hit_rate(read("perf_indicators"), ["report_id"])[["hit_rate"]]
        proc = read("procurement")[["report_id", "sme_share"]]
        budget = read("narrative_facts", filters=[("topic", "=", "initial_budget_total")])[["report_id", "value"]]
        sidebar()
        out = (
            reports.merge(spend, on="report_id", how="left")
            .merge(proc, on="report_id", how="left")
            .merge(perf, on="report_id", how="left")
            .merge(budget, on="report_id", how="left")
        )
        return out.sort_values(["total", "department"], ascending=[False, True])

    def procurement() -> pd.DataFrame:
        reports = read("reports", filters=[("year", "=", year)])
        proc = read("procurement")
        ranked = proc[proc.total > 0].merge(reports[["report_id", "department"]], on="report_id")
        return (
            sidebar(),
            one("procurement"),
            one("flags"),
            one("quality_checks"),
            ranked.sort_values(["sme_share", "department"], ascending=[False, True]),
            len(reports),
        )

    def spending() -> object:
        s = one("spending_by_function")
        return (
            sidebar(),
            s[s.level == "类"][["total", "basic", "project"]].sum(),
            s.sort_values("code"),
            one("glossary"),
            one("basic_spending_by_economic"),
            one("three_public_costs"),
        )

    return {
        "overview": lambda: (
            sidebar(),
            one("spending_by_function"),
            one("glossary"),
            one("narrative_facts"),
            one("perf_projects").merge(one("perf_indicators"), on=["report_id", "project_id"], how="left"),
            mine("narrative_facts"),
            one("procurement"),
            one("quality_checks"),
            one("flags"),
        ),
        "spending": spending,
        "budget": lambda: (
            sidebar(),
            one("spending_by_function"),
            one("budget_vs_final"),
            one("quality_checks"),
            one("narrative_facts"),
            one("flags"),
        ),
        "performance": lambda: (
            sidebar(),
            one("perf_projects"),
            hit_rate(one("perf_indicators"), ["level1", "level2"]),
            one("narrative_facts"),
        ),
        "procurement": procurement,
        "compare": compare,
        "flags": lambda: (
            sidebar(),
            read("flags", filters=[("year", "=", year), ("tripped", "=", True)]).merge(
                read("reports", filters=[("year", "=", year)])[["report_id", "department"]], on="report_id"
            ),
        ),
        "data": lambda: (
            sidebar(),
            mine("reports"),
            len(read("reports", columns=["report_id"])),
            read("reports", filters=[("department", "=", department)]),
            one("quality_checks"),
            one("spending_by_function"),
        ),
    }


def measure(store: Path, runs: int) -> dict[str, tuple[float, float, int, int]]:
    """page → (DuckDB median ms, pandas median ms, queries, reports in store)."""
    os.environ["OPENJUESUAN_PARQUET"] = str(store)
    from dashboard import queries as q

    q._connection.clear()
    q._query.clear()
    report_id, department, year = heaviest_report(q)  # the heaviest single-report page
    reports = q.report_count()
    link = {"dept": department, "year": str(year)}
    root, version = str(q.parquet_dir()), q.store_version()
    pandas = pandas_pages(store, report_id, year)
    out = {}
    for page in REPORT_PAGES:
        issued = queries_of(store, page, **link)
        times = []
        for _ in range(runs):
            q._query.clear()
            start = time.perf_counter()
            for sql, params in issued:
                q._query(sql, params, version, root)
            times.append(time.perf_counter() - start)
        base = []
        for _ in range(runs):
            start = time.perf_counter()
            pandas[page]()
            base.append(time.perf_counter() - start)
        out[page] = (median(times) * 1000, median(base) * 1000, len(issued), reports)
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--large", help="a store directory holding w.duckdb and pq/ (default: 10,000 synthetic)")
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    large = Path(args.large) if args.large else synth_store(10_000)

    with tempfile.TemporaryDirectory() as tmp:
        results = {"1": measure(bundled_store(Path(tmp)), args.runs), "large": measure(large / "pq", args.runs)}
    n = next(iter(results["large"].values()))[3]
    print(f"machine: {machine()}; runs: {args.runs} (median); result cache cleared before each run")
    print(
        f"| page | queries issued | at 1 report | at {n:,} reports | pandas, same aggregation, at {n:,} "
        "| ratio pandas ÷ DuckDB |"
    )
    print("|---|---|---|---|---|---|")
    for page in results["1"]:
        one, large = results["1"][page], results["large"][page]
        print(
            f"| {page} | {large[2]} | {one[0]:.0f} ms | {large[0]:.0f} ms | {large[1]:.0f} ms "
            f"| {large[1] / large[0]:.1f}× |"
        )


if __name__ == "__main__":
    main()
