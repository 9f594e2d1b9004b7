"""Resident memory of the running dashboard, at 1 report and at 10,000 reports.

.venv/bin/python bench/bench_memory.py [--large STORE] [--departments 3] [--profile [--tracemalloc]]

For each store, a real `streamlit run app.py --server.headless true` on a free
loopback port; headless Chromium (/usr/bin/chromium) then opens every page
for several departments, one after another, each by its link
(/<page>?dept=…&year=…&lang=zh: a new session each time), and waits until
every chart is drawn. Read from /proc/<server pid>/status: VmRSS when the
server has started and nobody has visited (the baseline), VmRSS after the
last page, VmRSS once the browser has gone and its sessions are closed, and
VmHWM, the peak resident size over the server's life.

"1 report" is a store of the bundled report alone (one department and year);
the large store is common.synth_store(10_000) (10,000 synthetic reports in one
year, as in bench_queries.py): there the heaviest report (most indicators),
then departments spread through the picker's list; the 1-report store's
pages are opened as many times over, so both make the same number of visits.

--profile instead runs every page (Streamlit AppTest, in this process) for
the same departments of the large store, and prints per page VmRSS and
malloc's free-but-kept heap after it; with --tracemalloc (slow) also the
Python memory a run allocates at its peak (what each concurrent
visitor adds while its page runs) and what stays allocated after it; then,
at the end, VmRSS split into Python objects, DuckDB's buffer manager, Arrow's
pool and malloc's free-but-kept heap, and the allocation sites holding the
most.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

from common import (
    CHROMIUM,
    CHROMIUM_ARGS,
    PAGES,
    ROOT,
    bundled_store,
    heaviest_report,
    machine,
    page_url,
    proc_memory,
    serve,
    synth_store,
)

TARGET_MB = 400
ALL_CHARTS_DRAWN = """() => [...document.querySelectorAll('[data-testid="stPlotlyChart"]')]
                            .every(c => c.querySelector('.main-svg'))"""


def departments(parquet: Path, how_many: int) -> tuple[list[tuple[str, int]], int]:
    """(department, year) to visit: the heaviest report, then departments spread through the picker's list; and the number of reports."""
    os.environ["OPENJUESUAN_PARQUET"] = str(parquet)
    from dashboard import queries as q

    q._connection.clear()
    q._query.clear()
    _, department, year = heaviest_report(q)
    reports = q.reports().sort_values(["department", "year"])
    step = max(1, len(reports) // max(1, how_many - 1))
    chosen = [(department, year)]
    for row in reports.iloc[::step].itertuples():
        if len(chosen) >= how_many:
            break
        if (row.department, int(row.year)) not in chosen:
            chosen.append((row.department, int(row.year)))
    return chosen, len(reports)


def browse(url: str, pid: int, visits: list[tuple[str, int]]) -> tuple[int, list[float]]:
    """Open every page for every (department, year) in headless Chromium.

    Returns the page visits made and the server's VmRSS after each department's pages.
    """
    from playwright.sync_api import sync_playwright

    done, rss = 0, []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
        for department, year in visits:
            for name in PAGES:
                page.goto(page_url(url, name, dept=department, year=str(year), lang="zh"), wait_until="networkidle")
                page.wait_for_selector("h1", timeout=60_000)
                page.wait_for_function(ALL_CHARTS_DRAWN, timeout=60_000)
                page.wait_for_timeout(300)
                errors = page.locator('[data-testid="stException"]').count()
                assert errors == 0, f"{name} for {department} {year}: {errors} exception(s) on the page"
                done += 1
            rss.append(proc_memory(pid)["VmRSS"])
        browser.close()
    return done, rss


def measure(parquet: Path, visits: list[tuple[str, int]], log: Path) -> dict[str, float]:
    with serve(parquet, log) as (url, pid):
        time.sleep(2)  # let start-up settle
        idle = proc_memory(pid)["VmRSS"]
        n, steps = browse(url, pid, visits)
        after = proc_memory(pid)
        time.sleep(5)  # sessions close when their websocket does
        closed = proc_memory(pid)
    return {
        "idle": idle,
        "after": after["VmRSS"],
        "closed": closed["VmRSS"],
        "peak": closed["VmHWM"],
        "visits": n,
        "steps": steps,
    }


def malloc_info() -> dict[str, float]:
    """glibc's mallinfo2, in MB: heap held from the OS by all malloc arenas, the part in use, the part free."""
    import ctypes

    class MallInfo2(ctypes.Structure):
        _fields_ = [
            (f, ctypes.c_size_t)
            for f in ("arena", "ordblks", "smblks", "hblks", "hblkhd", "usmblks", "fsmblks", "uordblks", "fordblks")
        ] + [("keepcost", ctypes.c_size_t)]

    libc = ctypes.CDLL("libc.so.6")
    libc.mallinfo2.restype = MallInfo2
    m = libc.mallinfo2()
    return {"heap": (m.arena + m.hblkhd) / 2**20, "in use": (m.uordblks + m.hblkhd) / 2**20, "free": m.fordblks / 2**20}


def profile(parquet: Path, visits: list[tuple[str, int]], python: bool) -> None:
    import gc
    import threading
    import tracemalloc

    import pyarrow as pa
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    os.environ["OPENJUESUAN_PARQUET"] = str(parquet)
    os.chdir(ROOT)
    st.cache_data.clear()  # what departments() cached: start as a server does
    st.cache_resource.clear()
    gc.collect()
    rss0 = proc_memory(os.getpid())["VmRSS"]
    if python:
        tracemalloc.start(10)  # slow: 17 minutes for 3 departments at 10,000 reports
    print(f"VmRSS before any page (modules imported): {rss0:.0f} MB")
    print(
        "| department | page | Python peak during the run | Python held after it | VmRSS after | malloc free but kept |"
    )
    print("|---|---|---|---|---|---|")
    threads = set()
    for department, year in visits:
        for name in PAGES:
            before = tracemalloc.get_traced_memory()[0]
            tracemalloc.reset_peak()
            at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=1800)
            at.query_params.update({"dept": department, "year": str(year)})
            at.switch_page(f"pages/{name}.py").run()
            assert not at.exception, [e.value for e in at.exception]
            threads |= {t.ident for t in threading.enumerate()}
            del at
            gc.collect()
            current, peak = tracemalloc.get_traced_memory()
            py = f"{(peak - before) / 2**20:.1f} MB | {(current - before) / 2**20:.1f} MB" if python else "— | —"
            print(
                f"| {department[:12]}… | {name} | {py} | {proc_memory(os.getpid())['VmRSS']:.0f} MB | "
                f"{malloc_info()['free']:.0f} MB |"
            )
    rss = proc_memory(os.getpid())
    from dashboard import queries as q

    con = q._connection(str(parquet), q.store_version())
    duck = con.execute("SELECT sum(memory_usage_bytes) FROM duckdb_memory()").fetchone()[0] or 0
    heap = malloc_info()
    if not python:
        print(
            f"\nAt the end: VmRSS {rss['VmRSS']:.0f} MB (peak {rss['VmHWM']:.0f} MB); DuckDB buffer manager "
            f"{duck / 2**20:.0f} MB; Arrow memory pool {pa.total_allocated_bytes() / 2**20:.0f} MB; malloc heap "
            f"{heap['heap']:.0f} MB, of which in use {heap['in use']:.0f} MB and free but kept {heap['free']:.0f} MB "
            f"(threads seen: {len(threads)})"
        )
        return
    print(
        f"\nAt the end: VmRSS {rss['VmRSS']:.0f} MB (peak {rss['VmHWM']:.0f} MB); Python objects "
        f"(tracemalloc) {tracemalloc.get_traced_memory()[0] / 2**20:.0f} MB; DuckDB buffer manager "
        f"{duck / 2**20:.0f} MB; Arrow memory pool {pa.total_allocated_bytes() / 2**20:.0f} MB; malloc heap "
        f"{heap['heap']:.0f} MB of which in use {heap['in use']:.0f} MB and free but kept {heap['free']:.0f} MB "
        f"(threads seen: {len(threads)})"
    )
    snapshot = tracemalloc.take_snapshot().filter_traces([tracemalloc.Filter(False, tracemalloc.__file__)])
    print("\nPython allocations held at the end, by the deepest frame in the project (top 12):\n")
    by_site: dict[str, int] = {}
    for stat in snapshot.statistics("traceback"):
        frames = [f for f in stat.traceback if str(ROOT) in f.filename and "/.venv/" not in f.filename]
        site = f"{Path(frames[-1].filename).relative_to(ROOT)}:{frames[-1].lineno}" if frames else "(outside)"
        by_site[site] = by_site.get(site, 0) + stat.size
    for site, size in sorted(by_site.items(), key=lambda kv: -kv[1])[:12]:
        print(f"- {site}: {size / 2**20:.1f} MB")
    print("\nby line, wherever it is (top 12):\n")
    for stat in snapshot.statistics("lineno")[:12]:
        print(
            f"- {stat.traceback[0].filename.replace(str(ROOT) + '/', '')}:{stat.traceback[0].lineno}: "
            f"{stat.size / 2**20:.1f} MB in {stat.count:,} blocks"
        )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--large", help="a store directory holding pq/ (default: 10,000 synthetic reports)")
    parser.add_argument("--departments", type=int, default=3, help="departments to visit in the large store")
    parser.add_argument("--profile", action="store_true", help="where the memory of AppTest page runs goes, instead")
    parser.add_argument("--tracemalloc", action="store_true", help="with --profile: Python allocations too (slow)")
    args = parser.parse_args()
    import logging

    logging.disable(logging.WARNING)  # "missing ScriptRunContext" from queries run outside Streamlit
    large = (Path(args.large) if args.large else synth_store(10_000)) / "pq"
    if args.profile:
        profile(large, departments(large, args.departments)[0], args.tracemalloc)
        return
    with tempfile.TemporaryDirectory() as tmp:
        small = bundled_store(Path(tmp))
        one, _ = departments(small, 1)
        # The one report's pages are opened as many times as the large store's departments: same visits.
        stores = {"1": (small, one * args.departments, 1), "large": (large, *departments(large, args.departments))}
        results = {}
        for name, (parquet, visits, _) in stores.items():
            results[name] = measure(parquet, visits, Path(tmp) / f"server-{name}.log")
            print(f"{name}: {results[name]} visits {visits}", file=sys.stderr)
    one, big, n = results["1"], results["large"], stores["large"][2]
    print(f"machine: {machine()}; server: one `streamlit run` process; VmRSS / VmHWM from /proc/<pid>/status")
    print(
        "| store | page visits | idle after start (baseline) | after the last page | sessions closed | peak (VmHWM) |"
    )
    print("|---|---|---|---|---|---|")
    for label, r in (("1 report", one), (f"{n:,} reports", big)):
        print(
            f"| {label} | {r['visits']} | {r['idle']:.0f} MB | {r['after']:.0f} MB | {r['closed']:.0f} MB | "
            f"{r['peak']:.0f} MB |"
        )
    print(
        f"| ratio {n:,} ÷ 1 | | {big['idle'] / one['idle']:.2f}× | {big['after'] / one['after']:.2f}× | "
        f"{big['closed'] / one['closed']:.2f}× | {big['peak'] / one['peak']:.2f}× |"
    )
    for label, r in (("1 report", one), (f"{n:,} reports", big)):
        print(
            f"\n{label}: VmRSS after each department's {len(PAGES)} pages: "
            + ", ".join(f"{m:.0f}" for m in r["steps"])
            + " MB"
        )
    verdict = "met" if big["peak"] <= TARGET_MB else "not met"
    print(f"\nTarget ≤ {TARGET_MB} MB resident at {n:,} reports (peak): {verdict} ({big['peak']:.0f} MB)")


if __name__ == "__main__":
    main()
