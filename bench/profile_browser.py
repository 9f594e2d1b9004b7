"""Where a page's time goes in the browser: Chromium's CPU profile of a few navigations, summed by script file.

.venv/bin/python bench/profile_browser.py PAGE [--runs 5] [--width 1366] [--store PARQUET] [--floor]

One real `streamlit run app.py` over the bundled reports (or --store), headless Chromium, the page visited
twice first (server and HTTP caches warm, as bench_browser.py has them), then --runs navigations from
about:blank to the page's main content (common.MAIN), each under the V8 sampling profiler (CDP
`Profiler.start`, 0.2 ms samples). Prints the mean time to the main content and the sampled time by script
file, Streamlit's chunks by their names (PlotlyChart, react-dom, StreamlitMarkdown, …): "(program)" is the
browser's native work (style, layout, compiling), "(idle)" the main thread waiting (the websocket, the server).
--floor profiles bench_browser.py's floor page instead (PAGE "chart": its one-chart page), for the same
figures of an empty Streamlit page.

bench_browser.py says how long; this says what for, so a change to a page can be aimed before it is timed.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from collections import Counter
from pathlib import Path

from bench_browser import FLOOR_PAGES, FLOOR_SCRIPT, navigation, new_tab, settle, shown
from common import CHROMIUM, CHROMIUM_ARGS, MAIN, PAGES, bundled_store, page_url, serve

SAMPLE_US = 200


def by_file(profile: dict) -> Counter:
    """A CPU profile's sampled ms by the file of the sampled function ("chunk.hash.js" named "chunk")."""
    frames = {node["id"]: node["callFrame"] for node in profile["nodes"]}
    spent: Counter = Counter()
    for sample, delta in zip(profile["samples"], profile["timeDeltas"], strict=True):
        frame = frames[sample]
        spent[frame["url"].rsplit("/", 1)[-1].split(".")[0] or frame["functionName"] or "(native)"] += delta / 1000
    return spent


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("page", choices=[*PAGES, *FLOOR_PAGES])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--width", type=int, default=1366)
    parser.add_argument("--store", help="a store's parquet folder (`etl ingest --parquet X`); default: the bundled")
    parser.add_argument("--floor", action="store_true", help="profile the floor app's page PAGE (two or chart)")
    args = parser.parse_args()
    if args.floor != (args.page in FLOOR_PAGES):
        parser.error("--floor takes the page two or chart; the dashboard takes one of its own pages")
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp_name, sync_playwright() as p:
        tmp = Path(tmp_name)
        parquet = Path(args.store).resolve() if args.store else bundled_store(tmp)
        script = FLOOR_SCRIPT if args.floor else "app.py"
        selector = FLOOR_PAGES[args.page] if args.floor else MAIN[args.page]
        with serve(parquet, tmp / "server.log", script) as (base, _):
            browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
            _, tab = new_tab(browser, args.width)
            url = page_url(base, args.page)
            for _ in range(2):
                navigation(tab, url, selector)
            cdp = tab.context.new_cdp_session(tab)
            cdp.send("Profiler.enable")
            cdp.send("Profiler.setSamplingInterval", {"interval": SAMPLE_US})
            spent: Counter = Counter()
            elapsed = 0.0
            for _ in range(args.runs):
                tab.goto("about:blank")
                cdp.send("Profiler.start")
                start = time.perf_counter()
                tab.goto(url, wait_until="commit")
                shown(tab, selector)
                elapsed += time.perf_counter() - start
                spent += by_file(cdp.send("Profiler.stop")["profile"])  # stopped at the main content, as timed
                settle(tab)
            browser.close()
    print(
        f"{args.page} at {args.width} px: main content after {elapsed / args.runs * 1000:,.0f} ms (mean of {args.runs})"
    )
    total = sum(spent.values())
    print(f"sampled {total / args.runs:,.0f} ms a navigation, by script file:\n")
    print("| file | ms a navigation | share |\n|---|---|---|")
    for name, ms in spent.most_common(15):
        print(f"| {name} | {ms / args.runs:,.0f} | {ms / total:.0%} |")


if __name__ == "__main__":
    main()
