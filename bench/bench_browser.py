"""Time to the first chart in a real browser, against an empty Streamlit page served on the same machine, same run.

.venv/bin/python bench/bench_browser.py [--runs 5] [--store PARQUET] [--pages …] [--widths 1366 375]
                                        [--first-pages overview]

Two real `streamlit run` servers (common.serve) on loopback: the dashboard (app.py) over a store, and the floor
(bench/floor_app.py: two pages of one line of text behind a sidebar menu, with the project's
.streamlit/config.toml, and a third page holding one small Plotly chart: the chart floor). The store is the
bundled report (data/raw, built in a temporary folder as the other benches build it), or --store: the parquet
folder of any store `python -m etl ingest … --parquet X` built.
Headless Chromium (/usr/bin/chromium, never `playwright install`), one browser context a viewport a server,
kept through the run (its HTTP cache warm, as a returning reader's is), every page visited once before timing
(the server's caches warm, as they are for every reader after the first).

For every page, the time until its main content is shown (an element with a box, checked on every animation
frame: common.SHOWN):

- overview, spending, budget, performance, procurement, compare: the first Plotly chart drawn
  (`[data-testid="stPlotlyChart"] .main-svg`);
- flags, data: the first table (`[data-testid="stDataFrame"]`): the page is a table before any chart;
- check: the file uploader (`[data-testid="stFileUploader"]`): the page is the upload until a draft is given;
- the floor: its page's one line of text.

Measured three ways:

- navigation: `page.goto(<page's link>)`, a new Streamlit session, to the main content; the floor goes to its
  second page; for the pages whose main content is a chart, also against the chart floor's navigation to its
  chart page: what the page costs beyond having a Plotly chart at all;
- menu click: from another page (the check page, which has no chart or table; for the check page, the
  overview), a click on the page's link in the sidebar menu (opened first at phone width, untimed) to the
  main content; the floor clicks from its first page to its second;
- first request (--first-pages, default the overview): a fresh server of each kind, started after the
  other stopped on the same port, its very first request from navigation to the main content, at the
  first width, in one browser context whose HTTP cache holds Streamlit's scripts (a returning reader's); the dashboard twice: as `streamlit run app.py`
  alone, and as `make run` starts it, `python -m dashboard.warm` having run the home page once.

Median of --runs, floor and page alternating, at each width. "minus floor" is the page's median less the
floor's, both from this run. After each measurement the page's script run is waited out (untimed), so no
measurement overlaps another's run. Server logs are checked for tracebacks.
"""

from __future__ import annotations

import argparse
import os
import shlex
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from common import (
    CHART,
    CHROMIUM,
    CHROMIUM_ARGS,
    MAIN,
    PAGES,
    RUN_OVER,
    SHOWN,
    TABLE,
    UPLOADER,
    bundled_store,
    free_port,
    machine,
    median,
    page_url,
    serve,
)

WHAT = {CHART: "first chart", TABLE: "first table", UPLOADER: "uploader"}
FLOOR_MAIN = ".st-key-floor-two p"
CHART_FLOOR_MAIN = f".st-key-floor-chart {CHART}"
FLOOR_PAGES = {"two": FLOOR_MAIN, "chart": CHART_FLOOR_MAIN}  # the floor app's pages timed, by URL path
FLOOR_SCRIPT = "bench/floor_app.py"
TARGET_S = 0.5  # above the floor
TIMEOUT_MS = 120_000


def origin(page: str) -> str:
    """The page a menu click to PAGE starts from: one holding none of PAGE's main content."""
    return "overview" if page == "check" else "check"


def link(base: str, page: str) -> str:
    """The sidebar's selector of the menu link to PAGE (the default page's link is the site's root)."""
    return f'[data-testid="stSidebarNav"] a[href="{page_url(base, page)}"]'


def shown(tab, selector: str) -> None:
    tab.wait_for_function(SHOWN, arg=selector, polling="raf", timeout=TIMEOUT_MS)


def settle(tab) -> None:
    tab.wait_for_function(RUN_OVER, timeout=TIMEOUT_MS, polling=50)


def navigation(tab, url: str, selector: str) -> float:
    start = time.perf_counter()
    tab.goto(url, wait_until="commit", timeout=TIMEOUT_MS)
    shown(tab, selector)
    elapsed = time.perf_counter() - start
    settle(tab)
    return elapsed


def menu_click(tab, start_url: str, start_selector: str, link_selector: str, selector: str) -> float:
    navigation(tab, start_url, start_selector)
    menu = tab.locator(link_selector)
    if tab.locator('[data-testid="stSidebar"][data-collapsed="true"]').count():  # at phone width it starts closed
        tab.locator('[data-testid="stExpandSidebarButton"]').click()
        tab.wait_for_selector('[data-testid="stSidebar"][data-collapsed="false"]', timeout=TIMEOUT_MS)
    start = time.perf_counter()
    menu.click()
    shown(tab, selector)
    elapsed = time.perf_counter() - start
    settle(tab)
    return elapsed


def new_tab(browser, width: int):
    context = browser.new_context(viewport={"width": width, "height": 900 if width > 800 else 812})
    return context, context.new_page()


def warm_runs(browser, app: str, floor: str, args, times: dict) -> None:
    """Navigation and menu click, each page against the floor, --runs times at each width."""
    for width in args.widths:
        (app_ctx, app_tab), (floor_ctx, floor_tab) = new_tab(browser, width), new_tab(browser, width)
        for page in PAGES:  # fill the server's caches and the browser's
            navigation(app_tab, page_url(app, page), MAIN[page])
        for path, selector in FLOOR_PAGES.items():
            navigation(floor_tab, page_url(floor, path), selector)
        for run in range(args.runs):
            for page in args.pages:
                key = (width, page)
                floor_nav = navigation(floor_tab, page_url(floor, "two"), FLOOR_MAIN)
                times.setdefault(("floor nav", *key), []).append(floor_nav)
                times.setdefault(("nav", *key), []).append(navigation(app_tab, page_url(app, page), MAIN[page]))
                if MAIN[page] == CHART:
                    chart_floor = navigation(floor_tab, page_url(floor, "chart"), CHART_FLOOR_MAIN)
                    times.setdefault(("chart floor nav", *key), []).append(chart_floor)
                floor_click = menu_click(floor_tab, f"{floor}/", ".st-key-floor-one p", link(floor, "two"), FLOOR_MAIN)
                times.setdefault(("floor click", *key), []).append(floor_click)
                start = origin(page)
                click = menu_click(app_tab, page_url(app, start), MAIN[start], link(app, page), MAIN[page])
                times.setdefault(("click", *key), []).append(click)
            print(f"{width} px, run {run + 1} of {args.runs} done", file=sys.stderr)
        app_ctx.close()
        floor_ctx.close()


def first_requests(browser, parquet: Path, tmp: Path, args, times: dict) -> None:
    """Each run: a fresh floor server's first request, then a fresh dashboard's, plain and as `make run` starts
    it (warmed by dashboard.warm before the request), each page of --first-pages.

    One port for them all and one browser context, which has seen every page: its HTTP cache holds Streamlit's
    scripts (Plotly's 4.7 MB among them), as a returning reader's does, so what differs is the server."""
    width, port = args.widths[0], free_port()
    context, tab = new_tab(browser, width)
    with serve(parquet, tmp / "first-cache.log", port=port) as (base, _):
        for page in PAGES:
            navigation(tab, page_url(base, page), MAIN[page])
    for run in range(args.runs):
        for page in args.first_pages:
            for kind, script, url_page, selector, warm in (
                ("floor first", FLOOR_SCRIPT, "two", FLOOR_MAIN, False),
                ("first", "app.py", page, MAIN[page], False),
                ("warmed first", "app.py", page, MAIN[page], True),
            ):
                log = tmp / f"first-{kind}.log"
                with serve(parquet, log, script, warm=warm, port=port) as (base, _):
                    times.setdefault((kind, width, page), []).append(
                        navigation(tab, page_url(base, url_page), selector)
                    )
                    tab.goto("about:blank")  # the session ends here, not in the next server
                check_log(log)
        print(f"first requests, run {run + 1} of {args.runs} done", file=sys.stderr)
    context.close()


def check_log(log: Path) -> None:
    text = log.read_text(errors="replace")
    if "Traceback" in text:
        raise SystemExit(f"traceback in the server's log {log}:\n{text[-3000:]}")


def ms(seconds: float, over: bool = False) -> str:
    text = f"{seconds * 1000:+,.0f} ms" if over else f"{seconds * 1000:,.0f} ms"
    return f"**{text}**" if over and seconds > TARGET_S else text


def table(times: dict, args) -> None:
    for width in args.widths:
        print(f"\n{width} px, median of {args.runs}:\n")
        print(
            "| page | main content | floor, navigation | navigation | minus floor | chart floor, navigation "
            "| minus chart floor | floor, menu click | menu click | minus floor |"
        )
        print("|---|---|---|---|---|---|---|---|---|---|")
        for page in args.pages:
            row = [median(times[(kind, width, page)]) for kind in ("floor nav", "nav", "floor click", "click")]
            chart = times.get(("chart floor nav", width, page))
            beyond = f"{ms(median(chart))} | {ms(row[1] - median(chart), True)}" if chart else "— | —"
            print(
                f"| {page} | {WHAT[MAIN[page]]} | {ms(row[0])} | {ms(row[1])} | {ms(row[1] - row[0], True)} "
                f"| {beyond} | {ms(row[2])} | {ms(row[3])} | {ms(row[3] - row[2], True)} |"
            )
    if not args.first_pages:
        return
    width = args.widths[0]
    print(f"\nThe server's very first request, {width} px, a fresh server each run, median of {args.runs}:\n")
    print("| page | floor | first request | minus floor | after `python -m dashboard.warm` (make run) | minus floor |")
    print("|---|---|---|---|---|---|")
    for page in args.first_pages:
        floor, first, warmed = (median(times[(kind, width, page)]) for kind in ("floor first", "first", "warmed first"))
        print(
            f"| {page} | {ms(floor)} | {ms(first)} | {ms(first - floor, True)} | {ms(warmed)} "
            f"| {ms(warmed - floor, True)} |"
        )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--store", help="a store's parquet folder (`etl ingest --parquet X`); default: the bundled")
    parser.add_argument("--pages", nargs="+", default=PAGES, choices=PAGES)
    parser.add_argument("--widths", nargs="+", type=int, default=[1366, 375])
    parser.add_argument("--first-pages", nargs="*", default=["overview"], choices=PAGES)
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    command = shlex.join([".venv/bin/python", "bench/bench_browser.py", *sys.argv[1:]])
    times: dict[tuple, list[float]] = {}
    with tempfile.TemporaryDirectory() as tmp_name, sync_playwright() as p:
        tmp = Path(tmp_name)
        parquet = Path(args.store).resolve() if args.store else bundled_store(tmp)
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        with (
            serve(parquet, tmp / "app.log") as (app, _),
            serve(parquet, tmp / "floor.log", FLOOR_SCRIPT) as (floor, _),
        ):
            warm_runs(browser, app, floor, args, times)
        check_log(tmp / "app.log")
        first_requests(browser, parquet, tmp, args, times)
        browser.close()
    print(f"\nCommand: `{command}`\n")
    print(
        f"Machine: {machine()}; load average {os.getloadavg()[0]:.1f} at the end; {date.today().isoformat()}; "
        f"store: {args.store or 'the bundled report(s), data/raw'}"
    )
    table(times, args)


if __name__ == "__main__":
    main()
