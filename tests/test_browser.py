"""End to end in real headless Chromium against a real `streamlit run`.

Every page loads with no exception box and its charts drawn, Chinese text is
set in a CJK font, a 375-pixel phone screen never scrolls sideways, and a
copied link reopens the same view, and a download arrives whole. Screenshots go to docs/screenshots/ so the
README's picture is always the current app.
"""

from __future__ import annotations

import io
import os
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pandas as pd
import pytest

from tests.conftest import CHROMIUM, CHROMIUM_ARGS, PAGES, REPORT_PAGES, ROOT

SHOTS = ROOT / "docs" / "screenshots"

pytestmark = pytest.mark.browser

if not CHROMIUM.exists():
    if os.environ.get("CI") == "true":
        raise RuntimeError("CI=true but /usr/bin/chromium is missing: `make test` installs it as root (apt-get).")
    pytest.skip(
        "Chromium not installed: run `sudo apt-get install chromium fonts-noto-cjk` to run the browser tests.",
        allow_module_level=True,
    )


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _serve(parquet: Path, **settings: str):
    """A real `streamlit run app.py` on loopback over the store `parquet`, with `settings` in its environment:
    yields its URL."""
    port = _free_port()
    env = {**os.environ, "OPENJUESUAN_PARQUET": str(parquet), **settings}
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            "app.py",
            "--server.port",
            str(port),
            "--server.address",
            "127.0.0.1",
            "--server.headless",
            "true",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if urllib.request.urlopen(f"{url}/_stcore/health", timeout=2).read() == b"ok":
                break
        except OSError:
            time.sleep(0.3)
    else:
        proc.kill()
        pytest.fail("streamlit did not start: " + proc.stdout.read().decode(errors="replace")[-2000:])
    yield url
    proc.terminate()
    proc.wait(timeout=10)


@pytest.fixture(scope="module")
def server(store):
    yield from _serve(store[1])


@pytest.fixture(scope="module")
def raw_store(tmp_path_factory) -> Path:
    """The parquet of a store holding every bundled report, the Shanghai PDF among them."""
    from etl.cli import main

    root = tmp_path_factory.mktemp("raw-store")
    assert (
        main(["ingest", str(ROOT / "data" / "raw"), "--db", str(root / "w.duckdb"), "--parquet", str(root / "pq")]) == 0
    )
    return root / "pq"


@pytest.fixture(scope="module")
def raw_server(raw_store):
    """A server over every bundled report, the Shanghai PDF among them."""
    yield from _serve(raw_store)


@pytest.fixture
def fresh_raw_server(raw_store):
    """A server of its own over every bundled report, started for one test: its first request is the test's."""
    yield from _serve(raw_store)


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        yield b
        b.close()


def _open(page, url: str) -> None:
    page.goto(url, wait_until="networkidle")
    page.wait_for_selector("h1", timeout=30_000)
    # Charts draw after the page script finishes; wait for every one to have its SVG.
    page.wait_for_function(
        """() => [...document.querySelectorAll('[data-testid="stPlotlyChart"]')]
                 .every(c => c.querySelector('.main-svg'))""",
        timeout=30_000,
    )
    page.wait_for_timeout(500)


@pytest.mark.parametrize(
    "name, lang, title, year_says",
    [
        ("spending", "en", "Spending", "2024 final accounts"),
        ("data", "zh", "数据与来源", "2024 年度部门决算"),
        ("budget", "zh", "预算执行", "2024 年度部门决算"),  # the first file of pages/, once taken for the default
    ],
)
def test_a_shared_deep_link_works_as_the_servers_first_request(fresh_raw_server, browser, name, lang, title, year_says):
    """A fresh server, and its first visitor opens a page from a shared link naming a department and a year.

    With a `pages/` folder beside app.py, Streamlit 1.67 starts in its legacy folder-based mode and runs the
    page file on its own; the page must still get the link's department and year and app.py's sidebar
    (dashboard.state.hand_over_to_app hands the run to app.py). Not the default department: the link decides.
    """
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    console: list[str] = []
    page.on("console", lambda message: console.append(message.text))
    dept = "上海市普陀区财政局"
    _open(page, f"{fresh_raw_server}/{name}?dept={urllib.parse.quote(dept)}&year=2024&lang={lang}")
    assert not [text for text in console if "does not seem to exist" in text]
    assert page.locator('[data-testid="stException"]').count() == 0
    assert page.locator('[data-testid="stAlertContentError"]').count() == 0
    body = page.inner_text("body")
    assert "Page not found" not in body and "页面未找到" not in body
    assert title in page.inner_text("h1")
    assert f"{dept} · {year_says}" in body
    sidebar = page.inner_text('[data-testid="stSidebar"]')
    assert ("Across departments" if lang == "en" else "部门比较") in sidebar  # app.py's menu, not the folder's
    assert ("Figures come from" if lang == "en" else "数据来自各部门公开的部门决算报告") in sidebar
    query = urllib.parse.parse_qs(urllib.parse.urlsplit(page.url).query)
    assert urllib.parse.urlsplit(page.url).path == f"/{name}"
    assert query == {"dept": [dept], "year": ["2024"], "lang": [lang]}
    page.close()


def test_a_warmed_servers_first_reader_gets_a_shared_deep_link(fresh_raw_server, browser):
    """`python -m dashboard.warm`, as `make run` and a deployment start the server, then the first reader opens a
    shared link to another page: the warm-up's run of the home page took the server out of Streamlit's legacy
    folder mode before any reader came, and the link still opens its page, department and year, no error."""
    from dashboard.warm import warm

    assert warm(fresh_raw_server) == "ok"
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    dept = "上海市普陀区财政局"
    _open(page, f"{fresh_raw_server}/spending?dept={urllib.parse.quote(dept)}&year=2024&lang=zh")
    assert page.locator('[data-testid="stException"]').count() == 0
    assert page.locator('[data-testid="stPlotlyChart"] .main-svg').count() > 0
    assert "支出结构" in page.inner_text("h1")
    assert f"{dept} · 2024" in page.inner_text("body")
    page.close()


@pytest.mark.parametrize("name", PAGES)
def test_every_page_renders_on_desktop(server, browser, name):
    page = browser.new_page(viewport={"width": 1280, "height": 900}, device_scale_factor=1)
    _open(page, f"{server}/{'' if name == 'overview' else name}?lang=zh")
    assert page.locator('[data-testid="stException"]').count() == 0
    assert "Traceback" not in page.content()
    assert page.evaluate("document.fonts.check('16px \"Noto Sans CJK SC\"', '部门决算')")
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)
    page.close()


def test_overview_says_what_was_spent_and_draws_a_chart(server, browser):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    _open(page, server)
    body = page.inner_text("body")
    assert "吉林省政务服务和数字化建设服务中心" in body
    assert "42,590.81 万元" in body and "约 4.26 亿元" in body
    assert page.locator('[data-testid="stPlotlyChart"] .main-svg').count() >= 1
    page.close()


@pytest.mark.parametrize("name", PAGES)
def test_phone_width_has_no_sideways_scroll(server, browser, name):
    page = browser.new_page(viewport={"width": 375, "height": 812}, device_scale_factor=2, is_mobile=True)
    _open(page, f"{server}/{'' if name == 'overview' else name}")
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{name}: {overflow}px of sideways scroll at 375 px"
    if name == "overview":
        page.screenshot(path=str(SHOTS / "overview-phone.png"))
    page.close()


def test_a_copied_link_reopens_the_same_view_on_another_page(server, browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    _open(page, f"{server}/spending?lang=en")
    assert "Spending" in page.inner_text("h1") or "spending" in page.inner_text("body").lower()
    page.get_by_role("link", name="Overview").first.click()
    page.wait_for_function("location.pathname === '/' && location.search.includes('year=2023')")
    copied = page.url
    assert "lang=en" in copied and "year=2023" in copied
    private = browser.new_context().new_page()  # a fresh session, like a private window
    _open(private, copied)
    assert "Project spending" in private.inner_text("body")
    context.close()


def test_tapping_the_chosen_language_again_keeps_it(server, browser):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    _open(page, f"{server}/?lang=en")
    page.get_by_text("English", exact=True).click()
    page.wait_for_timeout(1500)
    assert page.locator('[data-testid="stException"]').count() == 0
    assert "lang=en" in page.url and "Basic spending" in page.inner_text("body")
    page.get_by_text("中文", exact=True).click()
    page.wait_for_function("location.search.includes('lang=zh')")
    page.get_by_text("中文", exact=True).click()
    page.wait_for_timeout(1500)
    assert page.locator('[data-testid="stException"]').count() == 0
    assert "基本支出" in page.inner_text("body")
    page.close()


@pytest.mark.parametrize("name", ["overview", "spending", "budget", "performance"])
def test_an_english_pages_charts_draw_no_chinese_outside_published_names(server, browser, name):
    """The SVG text Plotly draws in English (titles, axes, legends, labels, source lines): the template's classes,
    levels and table names are in English (etl.glossary); only the department's and projects' names stay Chinese."""
    import re

    from etl.parse import parse_report
    from etl.readers import read_document

    parsed = parse_report(read_document(ROOT / "data" / "raw" / "jilin-zwfw-szhjs-2023.md"))
    published = sorted(
        {parsed.report.department, *(p.project_name for p in parsed.perf_projects)}, key=len, reverse=True
    )
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    _open(page, f"{server}/{'' if name == 'overview' else name}?lang=en")
    page.wait_for_selector('[data-testid="stPlotlyChart"] .main-svg text', timeout=30_000)
    texts = page.evaluate(
        """() => [...document.querySelectorAll('[data-testid="stPlotlyChart"] .main-svg text')]
                 .map(t => t.textContent)"""
    )
    page.close()
    assert texts

    def chinese_left(text: str) -> list[str]:
        for whole in published:
            text = text.replace(whole, "")
        # a project's label cut short to fit a phone: "02 吉林省电子政务外网服务…"
        cut = re.fullmatch(r"\d+ (.+)…", text.strip())
        if cut and any(whole.startswith(cut[1]) for whole in published):
            return []
        return re.findall(r"[\u3400-\u9fff\uff00-\uffef]+", text)

    left = [text for text in texts if chinese_left(text)]
    assert not left, left
    assert "OpenJuesuan's translation; no official English exists." in " ".join(texts)


@pytest.mark.parametrize(
    "lang, says", [("zh", "这个部门一共支出 42,590.81 万元"), ("en", "this department spent 42,590.81 10k yuan")]
)
def test_the_overview_also_answers_at_slash_overview(server, browser, lang, says):
    """Streamlit serves the default page at / only: /overview, typed by a reader, must open it rather than 404."""
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    _open(page, f"{server}/overview?lang={lang}")
    body = page.inner_text("body")
    assert page.locator('[data-testid="stException"]').count() == 0
    assert "Page not found" not in body and "页面未找到" not in body
    assert page.inner_text("h1") == "吉林省政务服务和数字化建设服务中心"
    assert says in body
    page.close()


def test_a_download_built_on_the_click_arrives_whole(server, browser):
    """The journalist's download (JOURNEYS 李记者 4): the filtered indicators as CSV, built only when clicked."""
    page = browser.new_page(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    _open(page, f"{server}/performance?status=not_assessable&lang=zh")
    button = page.locator(".st-key-perf-indicators-csv button")
    with page.expect_download(timeout=30_000) as event:
        button.click()
    download = event.value
    assert download.suggested_filename == "绩效指标_吉林省政务服务和数字化建设服务中心_2023_not_assessable.csv"
    data = Path(download.path()).read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")  # a BOM, so Excel and WPS read the Chinese
    table = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig", dtype=str)
    assert len(table) == 4 and set(table["判定"]) == {"无法判断"}
    assert table["指标（三级指标）"].iloc[0] == "城市信用监测排名"
    page.close()


def test_the_page_icon_is_served_by_the_app_itself(server, browser):
    """Browsers fetch the icon outside what Playwright reports as requests: check where it points instead.

    A `:material/…:` icon would point at fonts.gstatic.com, unreachable in China and offline.
    """
    page = browser.new_page()
    _open(page, server)
    icons = page.eval_on_selector_all("link[rel~='icon']", "links => links.map(l => l.href)")
    assert icons and all(href.startswith(server) for href in icons), icons
    page.close()


@pytest.mark.parametrize("width", [375, 1366])
@pytest.mark.parametrize("name", REPORT_PAGES)
def test_every_page_opens_on_a_report_read_from_a_pdf(raw_server, browser, name, width):
    page = browser.new_page(viewport={"width": width, "height": 900}, is_mobile=width < 500)
    dept = urllib.parse.quote("上海市普陀区财政局")
    _open(page, f"{raw_server}/{'' if name == 'overview' else name}?dept={dept}&year=2024&lang=zh")
    assert page.locator('[data-testid="stException"]').count() == 0
    body = page.inner_text("body")
    assert "Traceback" not in body and "上海市普陀区财政局" in body
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
    if name == "overview":
        assert "2,940.05 万元" in body
    if name == "procurement":
        assert "情况说明 十一（二） · 第 24 页" in body
    page.close()


DRAFT_PDF = ROOT / "tests" / "fixtures" / "pdf" / "jilin-docx.pdf"
TRUNCATED_PDF = ROOT / "tests" / "fixtures" / "pdf" / "truncated.pdf"


def _fingerprint(folder: Path) -> dict[str, int]:
    return {str(p.relative_to(folder)): p.stat().st_mtime_ns for p in folder.rglob("*")}


@pytest.fixture(scope="module")
def draft_tmp(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("draft-tmp")


@pytest.fixture(scope="module")
def check_server(store, draft_tmp):
    """A server whose draft checks take files up to 1 MB and keep their temporary files in `draft_tmp`."""
    yield from _serve(store[1], OPENJUESUAN_MAX_FILE_MB="1", TMPDIR=str(draft_tmp))


def _upload(page, path: Path, says: str) -> str:
    """The page's text once the check of `path` has finished and the page `says` what it should."""
    page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(str(path))
    page.wait_for_function("(says) => document.body.innerText.includes(says)", arg=says, timeout=60_000)
    page.wait_for_timeout(300)
    return page.inner_text("body")


@pytest.mark.parametrize("width", [375, 1280])
def test_a_draft_pdf_shows_its_planted_slip_and_nothing_is_kept(check_server, store, draft_tmp, browser, width):
    before = _fingerprint(store[1])
    page = browser.new_page(viewport={"width": width, "height": 900}, is_mobile=width < 500)
    _open(page, f"{check_server}/check?lang=zh")
    body = _upload(page, DRAFT_PDF, "改正：报告写作“11.33 元”，按其他数字应为“11.33 万元”。")
    assert "情况说明 五（三） · 第 24 页" in body
    assert "一共支出 42,590.81 万元" in body
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
    page.screenshot(path=str(SHOTS / f"check-draft{'-phone' if width < 500 else ''}.png"), full_page=width > 500)
    page.close()
    assert _fingerprint(store[1]) == before
    assert [p.name for p in draft_tmp.iterdir() if p.name.startswith("openjuesuan-draft-")] == []


def test_huge_and_malformed_drafts_get_clear_messages_while_others_browse(check_server, tmp_path, browser):
    huge = tmp_path / "huge.md"
    huge.write_bytes(b"| 1 | 2 |\n" * 160_000)  # 1.5 MB, over the server's 1 MB
    official = browser.new_page(viewport={"width": 1280, "height": 900})
    _open(official, f"{check_server}/check?lang=zh")
    _upload(official, huge, "文件过大（1.5 MB），上限为 1 MB")
    _upload(official, TRUNCATED_PDF, "truncated.pdf: ")
    assert official.locator('[data-testid="stException"]').count() == 0

    reader = browser.new_page(viewport={"width": 375, "height": 812}, is_mobile=True)  # another visitor, meanwhile
    _open(reader, check_server)
    assert "42,590.81 万元" in reader.inner_text("body")
    official.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(str(DRAFT_PDF))
    _open(reader, f"{check_server}/spending")
    assert "支出结构" in reader.inner_text("body")
    reader.close()
    official.close()


@pytest.mark.parametrize("width", [375, 1366])
def test_every_bar_label_on_the_overview_is_readable(server, browser, width):
    page = browser.new_page(viewport={"width": width, "height": 900}, is_mobile=width < 500)
    _open(page, server)
    page.wait_for_function("() => document.querySelectorAll('.bartext').length >= 6", timeout=30_000)
    heights = page.evaluate(
        """() => [...document.querySelectorAll('[data-testid="stPlotlyChart"] .bartext')]
                 .map(t => t.getBoundingClientRect().height)"""
    )
    assert len(heights) >= 6  # four classes, and two years
    assert min(heights) >= 11, heights  # Plotly's default shrank 42,557.12 to 6 px
    page.close()


@pytest.mark.parametrize("width, lang", [(375, "zh"), (1366, "zh"), (1366, "en")])
def test_every_charts_labels_fit_the_margins_it_was_given(server, browser, width, lang):
    """The margins are estimated from the labels' text (charts.finish), Plotly's automargin, which measures them
    in the page, being off: no tick label or axis title may be cut at the figure's edge, no legend lie over the
    plot, and no chart be drawn a second time in other margins."""
    page = browser.new_page(viewport={"width": width, "height": 900}, is_mobile=width < 500)
    wrong = {}
    for name in ["overview", "spending", "budget", "performance", "procurement", "compare"]:
        _open(page, f"{server}/{'' if name == 'overview' else name}?lang={lang}")
        # _open finds every chart drawn when the script has sent none yet (each of these pages draws one at least)
        page.wait_for_function(
            """() => document.querySelector('[data-test-script-state]')?.getAttribute('data-test-script-state')
                     === 'notRunning' && document.querySelectorAll('[data-testid="stPlotlyChart"]').length
                     && [...document.querySelectorAll('[data-testid="stPlotlyChart"]')]
                     .every(c => c.querySelector('.main-svg'))""",
            timeout=30_000,
        )
        charts = page.evaluate(
            """() => [...document.querySelectorAll('.js-plotly-plot')].map(gd => {
                 const figure = gd.getBoundingClientRect(), size = gd._fullLayout._size;
                 const cut = [...gd.querySelectorAll('.xtick text, .ytick text, .g-xtitle text, .g-ytitle text')]
                   .map(t => [t.textContent, t.getBoundingClientRect()])
                   .filter(([, box]) => box.left < figure.left - 0.5 || box.right > figure.right + 0.5)
                   .map(([text]) => text);
                 const legend = gd.querySelector('.legend');
                 const over = legend && legend.getBoundingClientRect().bottom > figure.top + size.t + 1;
                 const moved = ['l', 'r', 't', 'b'].filter(k => gd.layout.margin[k] !== Math.round(size[k]));
                 return [gd.layout.title.text, cut, over, moved];
               })"""
        )
        assert charts, name
        wrong |= {title: rest for title, *rest in charts if any(rest)}
    assert not wrong
    page.close()


@pytest.mark.parametrize("lang, says", [("zh", "下载图片（PNG）"), ("en", "Download plot as a PNG")])
def test_the_charts_download_button_speaks_the_readers_language(server, browser, lang, says):
    page = browser.new_page(viewport={"width": 1366, "height": 900})
    _open(page, f"{server}/?lang={lang}")
    page.wait_for_function("() => document.querySelectorAll('.modebar-btn').length > 0", timeout=30_000)
    titles = page.evaluate(
        "() => [...document.querySelectorAll('.modebar-btn')].map(a => a.getAttribute('data-title'))"
    )
    assert says in titles, titles
    page.close()


def _phone(browser, touch: bool = True):
    return browser.new_page(
        viewport={"width": 375, "height": 812}, device_scale_factor=2, is_mobile=True, has_touch=touch
    )


# The box of every line of text in the page body (not of its element, whose box has margins to spare), then of
# every table's toolbar.
_TEXT_UNDER_TOOLBARS = """() => {
  const hit = (a, b) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
  const texts = [...document.querySelectorAll('[data-testid=stMain] :is(p, h1, h2, h3, li)')]
                 .filter(e => e.innerText.trim()).map(e => {
    const range = document.createRange();
    range.selectNodeContents(e);
    return [e.innerText, range.getBoundingClientRect()];
  });
  return [...document.querySelectorAll('[data-testid=stDataFrame] [data-testid=stElementToolbar]')].map(t => {
    const box = t.getBoundingClientRect();
    return {shown: getComputedStyle(t).opacity === '1' && box.height > 0,
            covers: texts.filter(([, b]) => hit(b, box)).map(([text]) => text)};
  });
}"""


@pytest.mark.parametrize("name", ["spending", "performance", "procurement", "data"])
def test_a_tables_toolbar_on_a_touch_screen_covers_no_text(server, browser, name):
    """A touch screen shows a table's toolbar at all times, above the table: over the line there unless the
    shared table keeps its band free (components.style)."""
    page = _phone(browser)
    _open(page, f"{server}/{name}?lang=zh")
    page.wait_for_function(
        """() => { const grids = document.querySelectorAll('[data-testid=stDataFrame]');
                   return grids.length && [...grids].every(g => g.querySelector('[data-testid=stElementToolbar]')); }""",
        timeout=30_000,
    )
    toolbars = page.evaluate(_TEXT_UNDER_TOOLBARS)
    assert toolbars and all(t["shown"] for t in toolbars), toolbars  # always shown: the case this is about
    assert [t["covers"] for t in toolbars] == [[] for _ in toolbars]
    page.close()


@pytest.mark.parametrize(
    "name, header",
    [
        ("spending", "合计（万元）"),
        ("budget", "年初预算（万元）"),
        ("performance", "年初预算（万元）"),
        ("procurement", "金额（万元）"),
    ],
)
def test_a_phone_shows_a_tables_name_and_its_amount(server, browser, name, header):
    """The grid draws the headers of the columns in view only (its accessible headers follow what is drawn): the
    first 万元 column is among them at 375 px, beside the row's name, without scrolling the table sideways."""
    page = _phone(browser)
    _open(page, f"{server}/{name}?lang=zh")
    grid = page.locator('[data-testid="stDataFrame"]').filter(has_text=header).first
    grid.scroll_into_view_if_needed()
    grid.locator('[role="columnheader"]').first.wait_for(state="attached", timeout=30_000)
    seen = grid.locator('[role="columnheader"]').all_inner_texts()
    assert header in seen[:3], seen
    assert len(seen) < 6, seen  # the grid does leave columns out of view, so this tells which are in it
    page.close()


@pytest.mark.parametrize("lang, menu", [("zh", "菜单"), ("en", "Menu")])
def test_the_page_menu_is_labelled_on_a_phone(server, browser, lang, menu):
    page = _phone(browser, touch=False)
    _open(page, f"{server}/spending?lang={lang}")
    button = page.locator('[data-testid="stExpandSidebarButton"]')
    # the page's style arrives with its run, after the header is drawn
    button.evaluate(
        "b => new Promise(r => { const f = () => getComputedStyle(b, '::after').content === 'none' ? "
        "setTimeout(f, 100) : r(); f(); })"
    )
    label = button.evaluate(
        "b => { const s = getComputedStyle(b, '::after'); return [s.content, s.visibility, s.display, s.fontSize]; }"
    )
    assert label == [f'"{menu}"', "visible", "block", "15px"]
    box = button.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 375 and box["width"] > 40  # the arrow and the word
    button.click()
    expect_menu = page.locator('[data-testid="stSidebarNav"]')
    expect_menu.wait_for(state="visible", timeout=10_000)
    assert ("支出结构" if lang == "zh" else "Spending") in expect_menu.inner_text()
    page.close()
