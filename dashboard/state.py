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

import pandas as pd
import streamlit as st
from streamlit.runtime.pages_manager import PagesManager

from dashboard.fmt import md
from dashboard.i18n import LANG_KEY, LANGS, tr

DEPT_KEY, YEAR_KEY = "dept", "year"
LANG_WIDGET_KEY = "lang_choice"
_YEAR = re.compile(r"[0-9]{4}")  # str.isdigit() accepts "²", which int() then refuses
DEFAULT_DEPARTMENT = "吉林省政务服务和数字化建设服务中心"


@dataclass(frozen=True)
class Selection:
    report_id: str
    department: str
    year: int
    lang: str


def _years_of(reports: pd.DataFrame, department: str) -> list[int]:
    return sorted(reports.loc[reports["department"] == department, "year"].astype(int).unique(), reverse=True)


def _default_department(reports: pd.DataFrame) -> str:
    departments = list(reports["department"])
    return DEFAULT_DEPARTMENT if DEFAULT_DEPARTMENT in departments else sorted(departments)[0]


def _from_url(reports: pd.DataFrame) -> list[str]:
    """Seed the session from the URL; return notices for values that were not usable."""
    notices = []
    params = st.query_params
    lang = params.get(LANG_KEY, "zh")
    st.session_state[LANG_KEY] = st.session_state[LANG_WIDGET_KEY] = lang if lang in LANGS else "zh"

    departments = set(reports["department"])
    department = params.get(DEPT_KEY)
    if department is not None and department not in departments:
        notices.append(
            tr(
                f"链接中的部门“{md(department)}”不在数据中，已显示默认部门。",
                f"The department “{md(department)}” in the link is not loaded; showing the default.",
            )
        )
        department = None
    department = department or _default_department(reports)
    st.session_state[DEPT_KEY] = department

    years = _years_of(reports, department)
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


def sidebar_selection(reports: pd.DataFrame) -> tuple[Selection, list[str]]:
    """Render the department / year / language pickers; return the choice and any URL notices."""
    notices = _from_url(reports) if "seeded" not in st.session_state else []
    st.session_state["seeded"] = True

    departments = sorted(set(reports["department"]))
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
    st.sidebar.selectbox(tr("部门", "Department"), departments, key=DEPT_KEY)
    years = _years_of(reports, st.session_state[DEPT_KEY])
    if st.session_state.get(YEAR_KEY) not in years:
        st.session_state[YEAR_KEY] = years[0]
    st.sidebar.selectbox(tr("年度", "Year"), years, key=YEAR_KEY)

    department, year, lang = st.session_state[DEPT_KEY], int(st.session_state[YEAR_KEY]), st.session_state[LANG_KEY]
    report_id = reports.loc[(reports["department"] == department) & (reports["year"] == year), "report_id"].iloc[0]
    st.query_params.update({DEPT_KEY: department, YEAR_KEY: str(year), LANG_KEY: lang})
    return Selection(report_id, department, year, lang), notices


def current() -> Selection:
    """The selection made by the entrypoint on this run, for pages to read."""
    if "selection" not in st.session_state:
        # A deep link (/spending) that is the server's first request runs the page file on its
        # own: with a `pages/` folder beside app.py, Streamlit starts in its old folder-based
        # multipage mode until some run of app.py calls st.navigation. Leave that mode and
        # rerun, so app.py sets the selection and then opens the page the link asked for.
        PagesManager.uses_pages_directory = False
        st.rerun()
    return st.session_state["selection"]
