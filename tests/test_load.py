"""Several visitors at once, in real headless Chromium against a real `streamlit run`.

Four browser contexts (four visitors, each its own Streamlit session) open
the pages in lockstep, each at a different page at every step, so the
server runs four different pages at the same time. Every visit must show its
first chart (the data and flags pages, which draw none: their first table) with no
exception box, no console error and no uncaught page error. A small version
of bench/bench_load.py; timings belong in BENCHMARKS.md, not here.

One console error is not the app's and is let through: Streamlit's front
end, opened at /<page>, first probes /<page>/_stcore/health and …/host-config,
which answer 404 (conftest.STREAMLIT_PROBE). Nothing may come from outside
the server: no font or icon from a CDN that readers in China or offline can't
reach.
"""

from __future__ import annotations

import pytest

from tests import test_browser as browser_tests  # skips this module too when Chromium is missing
from tests.conftest import STREAMLIT_PROBE

# The same server and browser as the browser tests (their fixtures, one of each for this module).
server = browser_tests.server
browser = browser_tests.browser
PAGES = browser_tests.PAGES

SESSIONS = 4
FIRST_VISUAL = {page: '[data-testid="stPlotlyChart"] .main-svg' for page in PAGES} | {
    "data": '[data-testid="stDataFrame"]',
    "flags": '[data-testid="stDataFrame"]',
    "check": '[data-testid="stFileUploader"]',
}
RUN_OVER = """() => document.querySelector('[data-test-script-state]')?.getAttribute('data-test-script-state')
                      === 'notRunning'
                 && [...document.querySelectorAll('[data-testid="stPlotlyChart"]')]
                      .every(c => c.querySelector('.main-svg'))"""


pytestmark = pytest.mark.browser


def _console(errors: list[str], i: int, message) -> None:
    url = message.location.get("url", "")
    if message.type == "error" and not (
        message.text.startswith("Failed to load resource") and STREAMLIT_PROBE.match(url)
    ):
        errors.append(f"session {i}: console: {message.text} ({url})")


def _outside(errors: list[str], i: int, server: str, url: str) -> None:
    if not url.startswith((server, "data:", "blob:")):
        errors.append(f"session {i}: request outside the server: {url}")


def test_four_visitors_at_once_see_every_page_without_an_error(server, browser):
    contexts = [browser.new_context(viewport={"width": 1280, "height": 900}) for _ in range(SESSIONS)]
    tabs = [context.new_page() for context in contexts]
    errors: list[str] = []
    for i, tab in enumerate(tabs):
        tab.on("console", lambda m, i=i: _console(errors, i, m))
        tab.on("pageerror", lambda e, i=i: errors.append(f"session {i}: page error: {e}"))
        tab.on("request", lambda r, i=i: _outside(errors, i, server, r.url))
    shown = []
    try:
        for step in range(len(PAGES)):
            visiting = [PAGES[(step + i) % len(PAGES)] for i in range(SESSIONS)]
            for tab, name in zip(tabs, visiting, strict=True):  # all four requests go out before any wait
                tab.goto(f"{server}/{'' if name == 'overview' else name}?lang=zh", wait_until="commit")
            for i, (tab, name) in enumerate(zip(tabs, visiting, strict=True)):
                tab.wait_for_selector(FIRST_VISUAL[name], state="visible", timeout=60_000)
                tab.wait_for_function(RUN_OVER, timeout=60_000, polling=100)
                boxes = tab.locator('[data-testid="stException"]')
                if boxes.count():
                    errors.append(f"session {i}, {name}: {boxes.first.inner_text()[:300]}")
                shown.append((i, name))
    finally:
        for context in contexts:
            context.close()
    assert errors == []
    assert sorted(shown) == sorted((i, name) for i in range(SESSIONS) for name in PAGES)
