"""The visitor's choice of department, year and language, kept in the URL.

On a session's first run the URL decides (a shared link opens the same
view); after that the sidebar does, and every run writes the choice back to
`st.query_params`, because Streamlit drops query parameters on a page change.
Values from the URL are checked against what the store holds: an unknown one
falls back to the default with a notice, and nothing from the URL reaches SQL
except as a bound parameter.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import NoReturn

import streamlit as st

from dashboard import queries
from dashboard.fmt import md
from dashboard.i18n import LANG_KEY, LANGS, tr

DEPT_KEY, YEAR_KEY = "dept", "year"
LANG_WIDGET_KEY = "lang_choice"
_YEAR = re.compile(r"[0-9]{4}")  # str.isdigit() accepts "²", which int() then refuses
DEFAULT_DEPARTMENT = "吉林省政务服务和数字化建设服务中心"
PAGES_DIR = Path(__file__).resolve().parent.parent / "pages"
HANDED_OVER = "handed_over_to_app"  # set when a page that ran on its own has handed the run to app.py
# In both languages: app.py, which reads the language from the link, has not run.
HAND_OVER_FAILED = (
    "页面无法载入：应用入口没有接管这次运行，请打开首页。"
    " / The page could not load: the app's entrypoint did not take over this run; please open the home page."
)


@dataclass(frozen=True)
class Selection:
    report_id: str
    department: str
    year: int
    lang: str


def _years_of(department: str) -> dict[int, str]:
    """The department's years, latest first, each with its report's id."""
    reports = queries.department_reports(department)
    return dict(zip(reports["year"].astype(int), reports["report_id"], strict=True))


def _default_department() -> str:
    return DEFAULT_DEPARTMENT if _years_of(DEFAULT_DEPARTMENT) else queries.first_department()


def language_from_url() -> str:
    """The link's language, kept for this session: what `tr` speaks, even on a page that stops before the
    sidebar is drawn."""
    lang = st.query_params.get(LANG_KEY, "zh")
    st.session_state[LANG_KEY] = lang if lang in LANGS else "zh"
    return st.session_state[LANG_KEY]


def _from_url() -> list[str]:
    """Seed the session from the URL; return notices for values that were not usable."""
    notices = []
    params = st.query_params
    st.session_state[LANG_WIDGET_KEY] = language_from_url()

    department = params.get(DEPT_KEY)
    if department is not None and not _years_of(department):
        notices.append(
            tr(
                f"链接中的部门“{md(department)}”不在数据中，已显示默认部门。",
                f"The department “{md(department)}” in the link is not loaded; showing the default.",
            )
        )
        department = None
    department = department or _default_department()
    st.session_state[DEPT_KEY] = department

    years = list(_years_of(department))
    year = params.get(YEAR_KEY)
    if year is not None and (not _YEAR.fullmatch(year) or int(year) not in years):
        notices.append(
            tr(
                f"链接中的年度“{md(year)}”没有该部门的决算，已显示最近一年。",
                f"No report for year “{md(year)}” in the link; showing the latest year.",
            )
        )
        year = None
    st.session_state[YEAR_KEY] = int(year) if year else years[0]
    return notices


# Beyond this many departments the picker is a search: a province's 20,000 names, sent with every run of
# every page, cost a browser a second a page (bench_browser.py at 100,000 reports).
LISTED = 300
FOUND = 50  # names a search offers at most
FIND_KEY = "dept_find"


def offered_departments(count: int, keep: list[str], find_key: str, where=st) -> list[str]:
    """The departments a picker lists, of `count` in the store: all of a small store's; else those of `keep`
    that are loaded (the choice so far) and those whose name holds what the visitor typed in a search box
    drawn in `where`, keyed `find_key`."""
    if count <= LISTED:
        return queries.departments()
    typed = where.text_input(
        tr("查找部门", "Find a department"),
        key=find_key,
        placeholder=tr("输入部门名称中的几个字", "Type part of its name"),
        help=tr(
            f"共 {count:,} 个部门，输入名称中的几个字，下面的列表就只列出名称含这几个字的部门（最多 {FOUND} 个）。",
            f"{count:,} departments: type part of a name and the list below shows those whose name "
            f"holds it (up to {FOUND}).",
        ),
    ).strip()
    found = queries.departments_named(typed, FOUND) if typed else []
    return list(dict.fromkeys([*(name for name in keep[:FOUND] if _years_of(name)), *found]))


def sidebar_selection(count: int) -> tuple[Selection, list[str]]:
    """Render the department / year / language pickers over the store's `count` departments; return the choice
    and any URL notices."""
    notices = _from_url() if "seeded" not in st.session_state else []
    st.session_state["seeded"] = True

    # Tapping the language already chosen deselects it (value None). The widget has its own key,
    # restored from the kept language before it is drawn: state may not change after it is drawn.
    if st.session_state.get(LANG_WIDGET_KEY) not in LANGS:
        st.session_state[LANG_WIDGET_KEY] = st.session_state.get(LANG_KEY, "zh")
    st.sidebar.segmented_control(
        "语言 Language",
        options=list(LANGS),
        format_func={"zh": "中文", "en": "English"}.get,
        key=LANG_WIDGET_KEY,
        selection_mode="single",
    )
    st.session_state[LANG_KEY] = st.session_state[LANG_WIDGET_KEY] or st.session_state.get(LANG_KEY, "zh")
    st.sidebar.selectbox(
        tr("部门", "Department"),
        offered_departments(count, [st.session_state[DEPT_KEY]], FIND_KEY, st.sidebar),
        key=DEPT_KEY,
    )
    reports = _years_of(st.session_state[DEPT_KEY])
    years = list(reports)
    if st.session_state.get(YEAR_KEY) not in years:
        st.session_state[YEAR_KEY] = years[0]
    st.sidebar.selectbox(tr("年度", "Year"), years, key=YEAR_KEY)

    department, year, lang = st.session_state[DEPT_KEY], int(st.session_state[YEAR_KEY]), st.session_state[LANG_KEY]
    report_id = reports[year]
    st.query_params.update({DEPT_KEY: department, YEAR_KEY: str(year), LANG_KEY: lang})
    return Selection(report_id, department, year, lang), notices


def current() -> Selection:
    """The selection made by the entrypoint on this run, for pages to read."""
    if "selection" not in st.session_state:
        hand_over_to_app()
    return st.session_state["selection"]


def hand_over_to_app() -> NoReturn:
    """Leave Streamlit's old `pages/` folder mode and rerun, so app.py makes the selection and opens this page.

    Why: with a `pages/` folder beside app.py, a fresh Streamlit server starts in its legacy folder-based
    multipage mode, and stays in it until some session calls st.navigation. So when a shared deep link
    (/spending) is the server's first request, Streamlit runs pages/spending.py on its own: app.py, which
    draws the sidebar and sets the selection, never runs. The folder keeps its name (the design), and no
    config option turns the legacy mode off (`client.showSidebarNavigation` only hides its menu).

    How, with public API only: st.navigation's documented effect is that "as soon as any session of your
    app executes the st.navigation command, your app will ignore the pages/ directory (across all
    sessions)". Called here with the `pages/` files, whose URL paths are the ones Streamlit inferred for
    the legacy menu and the ones app.py gives its pages, it finds the page the link asked for and keeps
    it as the current page; st.rerun then runs app.py, which draws the real menu and runs that page.
    Streamlit's own private switch for this (`PagesManager.uses_pages_directory`) is not touched.

    Checked against Streamlit 1.67.0 (runtime/pages_manager.py, commands/navigation.py, the script
    runner's `_mpa_v1`). tests/test_deep_link.py fails when Streamlit stops starting in the legacy mode
    (this hand-over is then dead code) or when st.navigation stops ending it; tests/test_browser.py opens
    a deep link as a real server's first request. A second hand-over in one session would loop, so it
    stops with an error instead.
    """
    if st.session_state.get(HANDED_OVER):
        st.error(HAND_OVER_FAILED)
        st.stop()
    st.session_state[HANDED_OVER] = True
    # The default page is served at / under no name of its own: the overview, as in app.py, and again under
    # /overview; were it another page (the first file, budget.py), a link to that page would not be found.
    home = PAGES_DIR / "overview.py"
    others = [st.Page(page, url_path=page.stem) for page in sorted(PAGES_DIR.glob("*.py")) if page != home]
    alias = st.Page(home, url_path="overview", visibility="hidden")
    st.navigation([st.Page(home, url_path="", default=True), *others, alias], position="hidden")
    st.rerun()
