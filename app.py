"""OpenJuesuan 部门决算公开看板 — entrypoint: navigation, the shared choice, then the page."""

from __future__ import annotations

import os
from pathlib import Path

import streamlit as st

# Every page's modules, imported with the entrypoint: the one run `python -m dashboard.warm` makes as the server
# starts then imports them all, so no page's first reader waits for them. A rerun finds them in sys.modules.
from dashboard import (  # noqa: F401
    budget,
    components,
    datapackage,
    draft,
    flags,
    measures,
    overview,
    performance,
    procurement,
    queries,
    sources,
    spending,
)
from dashboard.i18n import tr
from dashboard.navigation import PAGES
from dashboard.state import language_from_url, sidebar_selection

FAVICON = Path(__file__).parent / "dashboard" / "favicon.png"

# A local icon: a `:material/…:` one is fetched from fonts.gstatic.com, which readers in China and offline can't reach.
st.set_page_config(page_title="部门决算公开看板 OpenJuesuan", page_icon=str(FAVICON), layout="wide")


def no_store() -> None:
    language_from_url()
    st.title(tr("部门决算公开看板", "OpenJuesuan: departments' final accounts"))
    st.warning(
        tr(
            "还没有可显示的数据：这里还没有载入任何部门的决算报告，请稍后再来。"
            "（本站的维护者可以在项目说明 README 里找到载入报告的方法。）",
            "There is nothing to show yet: no department's final accounts have been loaded here. Please come back "
            "later. (Whoever runs this site will find how to load reports in the project's README.)",
        ),
        icon=":material/database:",
    )
    st.stop()


if queries.pin_version() is None:
    no_store()
count = queries.department_count()
if not count:
    no_store()

selection, notices = sidebar_selection(count)
components.style()
st.session_state["selection"] = selection
for notice in notices:
    st.info(notice, icon=":material/info:")
if os.environ.get("OPENJUESUAN_DEMO") == "1":  # set by `make demo`
    st.warning(
        tr(
            "演示数据：标有“（示例）”的部门是程序生成的合成数据，不是真实报告，仅用于展示跨部门、排名和逐年比较。",
            "Demo data: departments marked “（示例）” are synthetic, generated to show the cross-department, "
            "ranking and year-on-year views. They are not real reports.",
        ),
        icon=":material/science:",
    )

pages = [st.Page(path, title=tr(zh, en), icon=icon, url_path=url, default=not url) for path, zh, en, icon, url in PAGES]
# Streamlit serves the default page at / only; a reader who types /overview gets it too, from a page kept off the menu.
home, zh, en, icon, _ = PAGES[0]
pages.append(st.Page(home, title=tr(zh, en), icon=icon, url_path="overview", visibility="hidden"))
page = st.navigation(pages, position="sidebar")
st.sidebar.caption(
    tr(
        "数据来自各部门公开的部门决算报告，由 OpenJuesuan 自动整理。每个数字都可追溯到报告原表原行。",
        "Figures come from the departments' published final accounts, converted by OpenJuesuan; "
        "each one traces back to its table and line in the report.",
    )
)
try:
    page.run()
finally:  # st.stop() ends a page by raising
    queries.run_over()
