"""A full page run per dashboard page (Streamlit AppTest), at 1 report and at 10,000 reports.

.venv/bin/python bench/bench_pages.py [--runs 5] [--large STORE] [--profile PAGE]

"1 report" is a store of the bundled report (data/raw) alone; the large
store is common.synth_store(10_000): 10,000 synthetic reports in one year,
the store bench_queries.py measures (built once under /tmp/openjuesuan-bench,
minutes; reused after). Both open the report with the most indicators, by URL
parameters ?dept=…&year=…, as a shared link would.

A page run is what a visitor's browser waits for: app.py (pin the store
version, list the reports, draw the sidebar, st.navigation) and then the page
script, every element built, in one AppTest run of a new session that opens
that page first. Each page is measured in its own fresh process, in three
cache states:

- cold start: the first run in the process — the first visitor after
  `streamlit run` started: imports of the dashboard, plotly, duckdb and
  pandas, the DuckDB connection and every query, all inside the run;
- after a load: modules imported, but st.cache_data and st.cache_resource
  cleared before each run, as after a new load changes the store version
  (new DuckDB connection, every query run again); median of --runs;
- warm: a new session with the caches full (every visitor after the first);
  median of --runs.

The ratio is 10,000 reports ÷ 1 report in the same state, measured in the
same run (pages alternate between the stores). --profile PAGE prints a
cProfile of that page's after-a-load and warm runs on the large store.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import PAGES, ROOT, bundled_store, heaviest_report, machine, median, synth_store

TARGET_S = 1.0


def _session(page: str, params: dict[str, str]):
    """A new AppTest session that opens PAGE first, with the link's URL parameters."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    for key, value in params.items():
        at.query_params[key] = value
    # Before the first run AppTest finds a page by its file name; every url_path here is its file name.
    return at.switch_page(f"pages/{page}.py")


def _timed_run(page: str, params: dict[str, str]) -> tuple[float, int]:
    at = _session(page, params)
    start = time.perf_counter()
    at.run()
    elapsed = time.perf_counter() - start
    assert not at.exception, [e.value for e in at.exception]
    charts = len(at.get("plotly_chart"))
    assert at.title, f"{page}: no title"
    return elapsed, charts


def _clear_caches() -> None:
    import streamlit as st

    st.cache_data.clear()
    st.cache_resource.clear()


def empty_run() -> float:
    """One AppTest run of a one-line script (st.title): the harness's own cost, for scale."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_string("import streamlit as st\nst.title('x')")
    start = time.perf_counter()
    at.run()
    return time.perf_counter() - start


def ms(seconds: float) -> str:
    """Milliseconds for the table, in bold when over the target."""
    text = f"{seconds * 1000:,.0f} ms"
    return f"**{text}**" if seconds > TARGET_S else text


def child(page: str, params: dict[str, str], runs: int) -> dict:
    """One page in this (fresh) process: cold start, then after-a-load and warm runs."""
    os.chdir(ROOT)
    import streamlit  # noqa: F401  the server has it imported before any visitor comes

    cold, charts = _timed_run(page, params)
    empty = median([empty_run() for _ in range(runs)])
    after_load = []
    for _ in range(runs):
        _clear_caches()
        after_load.append(_timed_run(page, params)[0])
    _timed_run(page, params)  # fill the caches once more after the last clear
    warm = [_timed_run(page, params)[0] for _ in range(runs)]
    return {"cold": cold, "after_load": median(after_load), "warm": median(warm), "charts": charts, "empty": empty}


def measure(page: str, parquet: Path, params: dict[str, str], runs: int) -> dict:
    env = {**os.environ, "OPENJUESUAN_PARQUET": str(parquet), "PYTHONWARNINGS": "ignore"}
    cmd = [sys.executable, __file__, "--child", page, "--runs", str(runs), "--params", json.dumps(params)]
    proc = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True)
    if proc.returncode != 0:
        raise SystemExit(f"{page} on {parquet}: failed\n{proc.stderr[-3000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def link_params(parquet: Path) -> tuple[dict[str, str], int]:
    """The URL parameters of the heaviest report in the store, and how many reports it holds."""
    os.environ["OPENJUESUAN_PARQUET"] = str(parquet)
    from dashboard import queries as q

    q._connection.clear()
    q._query.clear()
    _, department, year = heaviest_report(q)
    return {"dept": department, "year": str(year)}, len(q.reports())


def profile(page: str, parquet: Path, params: dict[str, str]) -> None:
    """cProfile of one after-a-load run and one warm run of PAGE, top functions by cumulative time.

    AppTest runs the script in a thread of its own: the profiler is switched on inside that thread.
    """
    import cProfile
    import pstats

    from streamlit.testing.v1.local_script_runner import LocalScriptRunner

    os.environ["OPENJUESUAN_PARQUET"] = str(parquet)
    os.chdir(ROOT)
    _timed_run(page, params)  # imports done, as in a running server
    plain = LocalScriptRunner._run_script_thread
    for state in ("after a load", "warm"):
        if state == "after a load":
            _clear_caches()
        prof = cProfile.Profile()

        def profiled(self, prof=prof):
            prof.enable()
            try:
                plain(self)
            finally:
                prof.disable()

        LocalScriptRunner._run_script_thread = profiled
        try:
            _session(page, params).run()
        finally:
            LocalScriptRunner._run_script_thread = plain
        print(f"\n### {page}, {state}: cProfile of the script thread, top 45 by cumulative time\n")
        pstats.Stats(prof).sort_stats("cumulative").print_stats(45)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--large", help="a store directory holding pq/ (default: 10,000 synthetic reports)")
    parser.add_argument("--pages", nargs="+", default=PAGES, choices=PAGES)
    parser.add_argument("--profile", choices=PAGES, help="profile this page on the large store instead")
    parser.add_argument("--child", choices=PAGES, help=argparse.SUPPRESS)
    parser.add_argument("--params", help=argparse.SUPPRESS)
    args = parser.parse_args()
    import logging

    logging.disable(logging.WARNING)  # "missing ScriptRunContext": caches used or cleared outside a run
    if args.child:
        print(json.dumps(child(args.child, json.loads(args.params), args.runs)))
        return

    large = (Path(args.large) if args.large else synth_store(10_000)) / "pq"
    if args.profile:
        profile(args.profile, large, link_params(large)[0])
        return
    with tempfile.TemporaryDirectory() as tmp:
        small = bundled_store(Path(tmp))
        stores = {"1": (small, *link_params(small)), "large": (large, *link_params(large))}
        results: dict[str, dict[str, dict]] = {"1": {}, "large": {}}
        for page in args.pages:
            for name, (parquet, params, _) in stores.items():  # alternate, so drift hits both alike
                results[name][page] = measure(page, parquet, params, args.runs)
                print(f"{page} at {name}: {results[name][page]}", file=sys.stderr)
    n = stores["large"][2]
    empty = median([r["empty"] for store in results.values() for r in store.values()])
    print()
    print(
        f"machine: {machine()}; load average {os.getloadavg()[0]:.1f}; after a load and warm: "
        f"median of {args.runs} new sessions; cold start: one run in a fresh process; "
        f"an AppTest run of a one-line script (harness cost): {empty * 1000:.0f} ms"
    )
    print(
        f"| page | charts | cold start, 1 report | cold start, {n:,} | after a load, 1 report | after a load, {n:,} "
        f"| warm, 1 report | warm, {n:,} | ratio {n:,} ÷ 1 (after a load) | ratio (warm) |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|")
    for page in args.pages:
        one, big = results["1"][page], results["large"][page]
        print(
            f"| {page} | {big['charts']} | {ms(one['cold'])} | {ms(big['cold'])} | {ms(one['after_load'])} | "
            f"{ms(big['after_load'])} | {ms(one['warm'])} | {ms(big['warm'])} | "
            f"{big['after_load'] / one['after_load']:.1f}× | {big['warm'] / one['warm']:.1f}× |"
        )
    for state, label in (("after_load", "after a load"), ("warm", "warm"), ("cold", "cold start")):
        over = [
            f"{p} ({results['large'][p][state]:.1f} s)" for p in args.pages if results["large"][p][state] > TARGET_S
        ]
        verdict = f"over: {', '.join(over)}" if over else "met"
        print(f"- target ≤ {TARGET_S:.0f} s a page at {n:,} reports, {label}: {verdict}")


if __name__ == "__main__":
    main()
