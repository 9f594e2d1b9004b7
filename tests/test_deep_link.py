"""A shared link to a page (/spending) as a fresh session's first run: the page still gets app.py's selection.

With a `pages/` folder beside app.py, Streamlit starts in its legacy folder-based mode and runs the linked
page file on its own; dashboard.state.hand_over_to_app hands the run to app.py. AppTest starts every run in
that mode, and, switched to a page before its first run, opens it by file name as a first request does.
These tests fail when Streamlit changes either half of that: when it no longer starts in the legacy mode
(the hand-over is then dead code and can go) and when st.navigation no longer ends it.
"""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.measures import MEASURES
from dashboard.state import DEFAULT_DEPARTMENT, HAND_OVER_FAILED, HANDED_OVER
from tests.conftest import PAGES, ROOT

TITLES = {  # each page's heading in English; the overview's is the department's name
    "overview": DEFAULT_DEPARTMENT,
    "spending": "Spending",
    "budget": "Budget vs final",
    "performance": "Project performance",
    "procurement": "Government procurement",
    "compare": "Across departments",
    "flags": "Flags",
    "data": "Data & sources",
    "check": "Check a draft",
}


@pytest.fixture
def first_run(store, monkeypatch):
    """`first_run(page, **params)`: a new session whose very first run opens pages/<page>.py from a link."""
    monkeypatch.setenv("OPENJUESUAN_PARQUET", str(store[1]))
    monkeypatch.chdir(ROOT)

    def run(page: str, **params: str) -> AppTest:
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
        for key, value in params.items():
            at.query_params[key] = value
        at.switch_page(f"pages/{page}.py")  # before the first run: by file name, as a deep link arrives
        at.run()
        return at

    return run


def sidebar_text(at) -> str:
    return " ".join(str(c.value) for c in at.sidebar.caption)


@pytest.mark.parametrize("page", PAGES)
def test_a_deep_link_as_the_first_run_opens_the_page_inside_app_py(first_run, page):
    at = first_run(page, dept=DEFAULT_DEPARTMENT, year="2023", lang="en")
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]
    assert at.session_state.get(HANDED_OVER), (
        "Streamlit no longer runs a linked page file on its own on a first run: "
        "dashboard.state.hand_over_to_app is dead code and can go"
    )
    assert at.title[0].value == TITLES[page]
    # app.py ran: its pickers and caption are in the sidebar, and it wrote the selection back to the URL.
    assert [s.label for s in at.sidebar.selectbox] == ["Department", "Year"]
    assert [s.value for s in at.sidebar.selectbox] == [DEFAULT_DEPARTMENT, 2023]
    assert "Figures come from the departments' published final accounts" in sidebar_text(at)
    assert dict(at.query_params) == {"dept": DEFAULT_DEPARTMENT, "year": "2023", "lang": "en"}


def test_the_links_values_are_checked_by_app_py_on_a_deep_link(first_run):
    at = first_run("spending", year="1999", lang="zh")
    assert not at.exception and not at.error
    assert at.title[0].value == "支出结构"
    assert any("链接中的年度“1999”没有该部门的决算" in str(i.value) for i in at.info)
    assert at.query_params["year"] == "2023"


def test_a_hand_over_that_does_not_take_stops_with_a_message_instead_of_looping(first_run, monkeypatch):
    """Were st.navigation no longer to end the legacy mode, the rerun would run the page on its own again."""
    import streamlit as st

    monkeypatch.setattr(st, "navigation", lambda *args, **kwargs: None)  # a hand-over with no effect
    at = first_run("spending", lang="en")
    assert not at.exception
    assert [e.value for e in at.error] == [HAND_OVER_FAILED]
    assert not at.title


def _param(at, name: str) -> str:
    value = at.query_params[name]
    return value[0] if isinstance(value, list) else value


def test_a_pages_choices_survive_a_visit_to_another_page(app):
    """A status filter and a compare measure are kept in the address, and kept when the visitor comes back from
    another page by the menu (whose links carry only the department, year and language)."""
    at = app("pages/performance.py")
    at.pills(key="perf-status").set_value(["missed"]).run()
    at.switch_page("pages/compare.py").run()
    at.selectbox(key="compare-measure").select_index(2).run()
    chosen = at.selectbox(key="compare-measure").value
    assert chosen == MEASURES[2].column
    at.switch_page("pages/overview.py").run()
    at.switch_page("pages/performance.py").run()
    assert at.pills(key="perf-status").value == ["missed"]
    assert _param(at, "status") == "missed"
    at.switch_page("pages/compare.py").run()
    assert at.selectbox(key="compare-measure").value == chosen
    assert _param(at, "measure") == chosen


def test_the_data_pages_table_and_search_survive_a_visit_to_another_page(app):
    at = app("pages/data.py")
    at.selectbox(key="data-table-choice").select("perf_indicators").run()
    at.text_input(key="data-find").input(" 42,590.81 ").run()
    assert (_param(at, "table"), _param(at, "find")) == ("perf_indicators", "42,590.81")
    at.switch_page("pages/spending.py").run()
    at.switch_page("pages/data.py").run()
    assert at.selectbox(key="data-table-choice").value == "perf_indicators"
    assert at.text_input(key="data-find").value.strip() == "42,590.81"
    assert (_param(at, "table"), _param(at, "find")) == ("perf_indicators", "42,590.81")
    assert any(m.value.startswith("**查找结果**") for m in at.markdown)  # the search ran again, not just its box
    at.text_input(key="data-find").input("").run()
    at.selectbox(key="data-table-choice").select("spending_by_function").run()
    assert "find" not in at.query_params and "table" not in at.query_params  # the default view: a plain address


def test_a_link_to_the_data_page_opens_on_its_table_and_search(app):
    at = app("pages/data.py", table="glossary", find="住房公积金")
    assert at.selectbox(key="data-table-choice").value == "glossary"
    assert at.text_input(key="data-find").value == "住房公积金"
    assert any(m.value.startswith("**查找结果**") for m in at.markdown)
    assert any("term" in df.value.columns for df in at.dataframe)
