"""20 visitors at once: errors and time to the first chart, against one visitor alone (same run).

.venv/bin/python bench/bench_load.py [--sessions 20] [--rounds 2] [--stores bundled large] [--large STORE]

A real `streamlit run app.py` on loopback over each store, and one headless
Chromium (/usr/bin/chromium) driving N browser contexts at once from one
asyncio loop (Playwright's async API). A context is a visitor of its own:
its own cookies, its own websocket, its own Streamlit session. One browser
rather than N: on 2 cores, N browsers would add N browser and GPU processes
and their start-up to the load without adding anything the server sees;
the contexts still get a renderer process each.

Each session opens the seven pages by link (/<page>?dept=…&year=…&lang=zh:
a full navigation, so a new Streamlit session a page), starting at a
different page each (session i at page i mod 7) so the server sees every page
at once. Per page visit: the time from starting the navigation until the
page's main content is visible (common.MAIN, as bench_browser.py waits for:
a Plotly chart with its SVG drawn; on flags and data, which show a table
before any chart, the first table; on the draft check, its uploader). Then, once the run is over and every chart
drawn, the errors: Streamlit exception boxes (`[data-testid="stException"]`),
console errors, uncaught page errors, a visit that showed nothing within
the timeout, and tracebacks in the server's log. All must be zero. Also,
over the N sessions' wall time: the server's CPU time and the browser
side's (Playwright's driver, Chromium and its renderers — on the same two
cores, so the figures say which side the time went to), and the server's
peak resident size (VmHWM) over the whole run. A second table gives the
median time to the first chart by page. One kind of console error is not
the app's and is counted apart (KNOWN_CONSOLE): the 404s of Streamlit's
/<page>/_stcore/ probe on a deep link (streamlit#7074).

The baseline is one session alone, browsing the same pages in the same
server, --rounds times before and --rounds times after the N sessions (the
two pooled, so drift hits both alike). A warm-up visit of every page first
fills the caches shared by all visitors (the report list, the year's
cross-department tables). In the bundled store every visitor looks at the one
report; in the large store (common.synth_store(10_000)) each session, and the
baseline, looks at a department of its own, whose queries nobody has run yet.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from common import (
    CHROMIUM,
    CHROMIUM_ARGS,
    MAIN,
    PAGES,
    SHOWN,
    STREAMLIT_PROBE,
    bundled_store,
    machine,
    median,
    page_url,
    percentile,
    proc_memory,
    serve,
    synth_store,
)

# The page's run over and every chart on it drawn, before the next page is opened.
EVERY_CHART_DRAWN = """() => document.querySelector('[data-test-script-state]')?.getAttribute('data-test-script-state')
                      === 'notRunning'
                 && [...document.querySelectorAll('[data-testid="stPlotlyChart"]')]
                      .every(c => c.querySelector('.main-svg'))"""
TIMEOUT_MS = 180_000
# Console errors that are not the app's: counted and shown apart, never as errors.
KNOWN_CONSOLE = {
    "Streamlit's /<page>/_stcore probe, 404": STREAMLIT_PROBE,
}


@dataclass
class Visits:
    first_chart: list[float] = field(default_factory=list)  # seconds, one per page visit
    by_page: dict[str, list[float]] = field(default_factory=dict)  # the same, by page
    errors: list[str] = field(default_factory=list)
    known: dict[str, int] = field(default_factory=dict)  # KNOWN_CONSOLE name → count
    visits: int = 0

    def console(self, page: str, text: str, url: str) -> None:
        for name, pattern in KNOWN_CONSOLE.items():
            if text.startswith("Failed to load resource") and pattern.match(url):
                self.known[name] = self.known.get(name, 0) + 1
                return
        self.errors.append(f"{page}: console: {text[:200]} ({url[:120]})")


async def session(browser, base: str, order: list[str], params: dict[str, str], out: Visits) -> None:
    """One visitor: a browser context of its own opening each page of ORDER by its link."""
    context = await browser.new_context(viewport={"width": 1280, "height": 900})
    page = await context.new_page()
    current = {"page": ""}
    page.on(
        "console",
        lambda m: out.console(current["page"], m.text, m.location.get("url", "")) if m.type == "error" else None,
    )
    page.on("pageerror", lambda e: out.errors.append(f"{current['page']}: page error: {str(e)[:200]}"))
    try:
        for name in order:
            current["page"] = name
            out.visits += 1
            start = time.perf_counter()
            try:
                await page.goto(page_url(base, name, **params), wait_until="commit", timeout=TIMEOUT_MS)
                await page.wait_for_function(SHOWN, arg=MAIN[name], polling="raf", timeout=TIMEOUT_MS)
                out.first_chart.append(time.perf_counter() - start)
                out.by_page.setdefault(name, []).append(out.first_chart[-1])
                await page.wait_for_function(EVERY_CHART_DRAWN, timeout=TIMEOUT_MS, polling=100)
            except Exception as e:  # a timeout, or the page went away: an error of this visit, not of the bench
                out.errors.append(f"{name}: {type(e).__name__}: {str(e).splitlines()[0][:200]}")
                continue
            boxes = await page.locator('[data-testid="stException"]').count()
            if boxes:
                text = await page.locator('[data-testid="stException"]').first.inner_text()
                out.errors.append(f"{name}: {boxes} exception box(es): {text[:300]}")
    finally:
        await context.close()


def rotated(i: int) -> list[str]:
    return PAGES[i % len(PAGES) :] + PAGES[: i % len(PAGES)]


async def run_store(
    base: str, pid: int, sessions: int, rounds: int, params: list[dict[str, str]]
) -> dict[str, Visits | float]:
    """Warm-up, baseline (one session), N sessions at once, baseline again. PARAMS: sessions + 2 × rounds + 1."""
    from playwright.async_api import async_playwright

    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        warm, single, many = Visits(), Visits(), Visits()
        await session(browser, base, PAGES, params[-1], warm)
        for r in range(rounds):
            await session(browser, base, PAGES, params[sessions + r], single)
        cpu0, client0, start = cpu_seconds(pid), client_cpu_seconds(pid), time.perf_counter()
        await asyncio.gather(*(session(browser, base, rotated(i), params[i], many) for i in range(sessions)))
        wall, cpu = time.perf_counter() - start, cpu_seconds(pid) - cpu0
        client = client_cpu_seconds(pid) - client0
        for r in range(rounds):
            await session(browser, base, PAGES, params[sessions + rounds + r], single)
        await browser.close()
    peak = proc_memory(pid)["VmHWM"]
    return {
        "warm": warm,
        "single": single,
        "many": many,
        "wall": wall,
        "server_cpu": cpu,
        "client_cpu": client,
        "peak_mb": peak,
    }


def cpu_seconds(pid: int, children: bool = False) -> float:
    """User + system CPU time of a process so far (its threads included; with CHILDREN, its reaped children's)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:  # gone meanwhile
        return 0.0
    ticks = int(fields[11]) + int(fields[12]) + (int(fields[13]) + int(fields[14]) if children else 0)
    return ticks / os.sysconf("SC_CLK_TCK")


def client_cpu_seconds(server: int) -> float:
    """CPU time of the browser side: every process descended from this one (Playwright's driver, Chromium and
    its renderers, reaped ones included), except the server and this process itself."""
    parent = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        parent[int(stat.parent.name)] = int(fields[1])
    me = os.getpid()

    def under_me(pid: int) -> bool:
        while pid in parent and pid not in (me, server, 0, 1):
            pid = parent[pid]
        return pid == me

    return sum(cpu_seconds(pid, children=True) for pid in parent if pid not in (me, server) and under_me(pid))


def link_params(parquet: Path, count: int) -> list[dict[str, str]]:
    """COUNT sets of URL parameters: every department of a store, spread through it, one each."""
    os.environ["OPENJUESUAN_PARQUET"] = str(parquet)
    from dashboard import queries as q

    q._connection.clear()
    q._query.clear()
    reports = q.reports().sort_values(["department", "year"])
    step = max(1, len(reports) // count)
    rows = list(reports.iloc[::step].itertuples())
    return [{"dept": r.department, "year": str(r.year), "lang": "zh"} for r in (rows * count)[:count]]


def server_errors(log: Path) -> list[str]:
    text = log.read_text(errors="replace")
    return [line for line in text.splitlines() if "Traceback" in line or line.startswith("Error")]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=2, help="baseline rounds before and after (each 7 pages)")
    parser.add_argument("--stores", nargs="+", default=["bundled", "large"], choices=["bundled", "large"])
    parser.add_argument("--large", help="a store directory holding pq/ (default: 10,000 synthetic reports)")
    args = parser.parse_args()
    import logging

    logging.disable(logging.WARNING)  # "missing ScriptRunContext" from queries run outside Streamlit
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        for store in args.stores:
            if store == "bundled":
                parquet = bundled_store(Path(tmp))
                params = [{"lang": "zh"}] * (args.sessions + 2 * args.rounds + 1)
            else:
                parquet = (Path(args.large) if args.large else synth_store(10_000)) / "pq"
                params = link_params(parquet, args.sessions + 2 * args.rounds + 1)
            log = Path(tmp) / f"server-{store}.log"
            with serve(parquet, log) as (base, pid):
                out = asyncio.run(run_store(base, pid, args.sessions, args.rounds, params))
            out["server"] = server_errors(log)
            out["reports"] = len(params) if store == "large" else 1
            results[store] = out
            for name in ("warm", "single", "many"):
                v = out[name]
                print(f"{store} {name}: {v.visits} visits, {len(v.errors)} errors {v.errors[:5]}", file=sys.stderr)
            print(f"{store} server log: {out['server'][:5]}", file=sys.stderr)

    n = args.sessions
    print(
        f"machine: {machine()}; load average {os.getloadavg()[0]:.1f}; one `streamlit run`, one headless Chromium, "
        f"{n} contexts at once; baseline: 1 session, {2 * args.rounds} × 7 pages, same server, before and after"
    )
    label = {"bundled": "bundled report (1)", "large": "10,000 reports"}
    print(
        "| store | sessions | page visits | errors | first chart p50 | p95 | max "
        "| ratio p50 to 1 session | ratio p95 | wall time | server CPU | browser CPU | server peak RSS |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    for store, out in results.items():
        one = out["single"].first_chart
        for name, v in (("1", out["single"]), (str(n), out["many"])):
            t = v.first_chart
            errors = len(v.errors) + (len(out["server"]) if name != "1" else 0)
            p50, p95 = median(t), percentile(t, 95)
            wall = f"{out['wall']:.0f} s" if name != "1" else ""
            cpu = f"{out['server_cpu']:.0f} s" if name != "1" else ""
            client = f"{out['client_cpu']:.0f} s" if name != "1" else ""
            peak = f"{out['peak_mb']:.0f} MB" if name != "1" else ""
            print(
                f"| {label[store]} | {name} | {v.visits} | {errors} | {p50:.2f} s | {p95:.2f} s | {max(t):.2f} s | "
                f"{p50 / median(one):.1f}× | {p95 / percentile(one, 95):.1f}× | {wall} | {cpu} | {client} | {peak} |"
            )
    print()
    print(f"| store | page | first chart p50, 1 session | p50, {n} sessions | ratio | visits that timed out, {n} |")
    print("|---|---|---|---|---|---|")
    for store, out in results.items():
        for page in PAGES:
            one, many = out["single"].by_page.get(page, []), out["many"].by_page.get(page, [])
            lost = sum(e.startswith(f"{page}: TimeoutError") for e in out["many"].errors)
            p1 = f"{median(one):.2f} s" if one else "—"
            pn = f"{median(many):.2f} s" if many else "—"
            ratio = f"{median(many) / median(one):.1f}×" if one and many else "—"
            print(f"| {label[store]} | {page} | {p1} | {pn} | {ratio} | {lost} of {n} |")
    total = sum(len(o[k].errors) for o in results.values() for k in ("warm", "single", "many"))
    total += sum(len(o["server"]) for o in results.values())
    print(f"\nErrors in all (must be 0): {total}")
    known: dict[str, int] = {}
    visits = 0
    for out in results.values():
        for k in ("warm", "single", "many"):
            visits += out[k].visits
            for name, count in out[k].known.items():
                known[name] = known.get(name, 0) + count
    for name, count in known.items():
        print(f"- not counted, not the app's: {name}: {count} console messages in {visits} page visits")
    for store, out in results.items():
        for k in ("warm", "single", "many"):
            for e in out[k].errors[:10]:
                print(f"- {store}, {k}: {e}")
        for e in out["server"][:10]:
            print(f"- {store}, server log: {e}")


if __name__ == "__main__":
    main()
