"""What pages are laid out of: a table that says its units and sources and can be downloaded, a chart of the
selected report, what a page says when the report lacks something, a term in the report's own words, a
filter kept in the address."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import streamlit as st

from dashboard import charts, layout, sources
from dashboard.columns import Col, config, frame
from dashboard.fmt import md
from dashboard.i18n import tr
from dashboard.state import current
from dashboard.units import title


def table(
    cols: list[Col],
    sources: pd.DataFrame | None,
    *,
    key: str,
    file: str,
    note: str = "",
    scattered: bool = False,
    report: dict | None = None,
    report_ids: pd.Series | None = None,
) -> pd.DataFrame:
    """The table of `cols` with where each row came from (`columns.frame`), a caption naming the source rows
    and `note`, and its CSV and XLSX downloads named `file`. Returns the table as shown and downloaded.

    `scattered`: rows from places no one span of lines names (each department's own report, findings all over
    one): each row says where it came from, and the caption names none. `report`: the report the downloads name
    (`queries.report`'s row), when it is not the one selected (a draft being checked); `report_ids`: each row's
    report, for a table across departments, whose downloads name each row's year, file and fingerprint."""
    shown = frame(cols, sources)
    st.dataframe(shown, hide_index=True, column_config=config(cols), key=f"{key}-table", placeholder="—")
    source = layout.source_note(sources) if sources is not None and not scattered else ""
    layout.notes(tr("。", ". ").join(text for text in (source, note) if text))
    layout.downloads(shown, file, key=key, report=report, report_ids=report_ids)
    return shown


def style() -> None:
    """What the pages look like where no Streamlit option reaches, set by app.py on every run.

    A table's toolbar (search, download, full screen) sits in the 44 px above it, and touch screens show it at all
    times: that band is kept free, or it covers the line above the table. On a phone the page menu folds behind
    the sidebar's bare arrow: it is labelled, or a visitor never finds the other pages."""
    menu = tr("菜单", "Menu")
    st.html(
        "<style>"
        '[data-testid="stElementContainer"]:has(> [data-testid="stFullScreenFrame"] > [data-testid="stDataFrame"])'
        " { margin-top: 36px; }"
        f'[data-testid="stExpandSidebarButton"]::after {{ content: "{menu}"; margin-left: 2px; font-size: 15px; }}'
        "</style>"
    )


def findings_counted(checks: pd.DataFrame, report: dict) -> None:
    """What a report's findings come to: how many of each severity, how many figures were read, what the
    severities mean."""
    st.markdown(sources.counted(checks))
    if sentence := sources.figures_read(report):
        st.markdown(sentence)
    st.caption(sources.severities())


def finding(row, fix: str = "") -> None:
    """One finding (a row of `sources.findings`): its severity, check and text, the fix it implies if given, and
    where it stands."""
    told, where = sources.card(row)
    st.markdown(told)
    if fix:
        st.markdown(fix)
    if where:
        st.caption(where)


def chart(chart: charts.Chart, key: str) -> None:
    """`chart` finished as every chart is (`charts.finish`: its title with the unit, whose figures and which
    year, the report table it comes from) and shown, its PNG named after what it shows."""
    sel = current()
    fig = charts.finish(
        chart.fig,
        chart.title or title(chart.zh, chart.en, sel.year, chart.unit),
        chart.subtitle or charts.subtitle(sel.department, sel.year),
        charts.source_line(None if chart.across else sel.department, sel.year, chart.table),
        height=chart.height,
        extra_source=chart.extra_source,
    )
    charts.show(fig, tr(chart.zh, chart.en.lower()), key=key)


def how_read(another: bool = False) -> str:
    """Where to look when a report lacks a part: how it was read, or (`another`) another report."""
    if another:
        return tr(
            "请到“数据与来源”页查看这份报告的读取情况，或换一个部门、年度。",
            "See the Data & sources page for how the report was read, or pick another department or year.",
        )
    return tr("请到“数据与来源”页查看这份报告的读取情况。", "See the Data & sources page for how the report was read.")


def empty(message: str, hint: str | None = None) -> None:
    """What the report lacks, said in place of the chart or table that would show it, with what to do about it:
    by default, see how the report was read; "" for no hint."""
    layout.empty(message, how_read() if hint is None else hint)


def not_read(zh: str, en: str, hint: str | None = None) -> None:
    """`empty` for a part of the report that was not read: "这份报告里没有读到{zh}。"."""
    empty(tr(f"这份报告里没有读到{zh}。", f"No {en} was read from this report."), hint)


def nothing_to_show(message: str, hint: str | None = None) -> None:
    """A page with nothing to lay out: says why, links to how the report was read, and ends the page."""
    empty(message, hint)
    layout.link("pages/data.py", tr("数据与来源", "Data & sources"), ":material/dataset:", current())
    st.stop()


def explained(question: str, definitions: dict[str, str], terms: list[str], more: str = "") -> None:
    """An expander answering `question` with the report's own definitions of `terms` (those it gives), and
    `more` in the dashboard's words."""
    quoted = [term for term in terms if term in definitions]
    if not quoted and not more:
        return
    with st.expander(question, icon=":material/help:"):
        for term in quoted:
            st.markdown(f"**{md(term)}**：{md(definitions[term])}")
        if quoted:
            st.caption(tr("以上解释摘自报告“名词解释”。", "Quoted from the report's own glossary (名词解释)."))
        if more:
            st.markdown(more)


def kept_in_url(widget: Callable, label: str, options: list, *, param: str, key: str, **kwargs) -> list:
    """A multi-choice `widget` (st.pills, st.multiselect) whose choice is kept in the address as `param`, so a
    copied link opens on the same view, and kept across pages, so a visitor coming back finds it as left.
    Unknown values are ignored; returns the choice in the order of `options`."""
    if key not in st.session_state:
        st.session_state[key] = _remembered(param, key, options)
    chosen = widget(label, options, key=key, **kwargs) or []
    chosen = [option for option in options if option in chosen]
    _keep(param, key, chosen)
    return chosen


def kept_choice_in_url(widget: Callable, label: str, options: list, *, param: str, key: str, **kwargs):
    """A single-choice `widget` (st.selectbox) kept in the address and across pages as `kept_in_url` is; the
    first option when neither says."""
    if key not in st.session_state:
        st.session_state[key] = next(iter(_remembered(param, key, options)), options[0])
    chosen = widget(label, options, key=key, **kwargs)
    _keep(param, key, [] if chosen == options[0] else [chosen])  # the default leaves the address as it was
    return chosen


def kept_text_in_url(label: str, *, param: str, key: str, max_chars: int, **kwargs) -> str:
    """An st.text_input kept in the address and across pages as `kept_in_url` is; returns its text, stripped."""
    if key not in st.session_state:
        kept = st.session_state.get(f"kept-{key}", [""])
        st.session_state[key] = st.query_params.get(param, kept[0] if kept else "")[:max_chars]
    text = st.text_input(label, key=key, max_chars=max_chars, **kwargs).strip()
    _keep(param, key, [text] if text else [])
    return text


def _remembered(param: str, key: str, options: list) -> list:
    """What a widget opens on: the address's choice (a shared link), else this session's last (a visitor back
    from another page, whose menu link carries only the department, year and language). Streamlit forgets a
    widget's own state once a page without it has run, hence a copy under a key of our own."""
    given = set(asked(param, key))
    return [option for option in options if option in given]


def asked(param: str, key: str) -> list[str]:
    """The values a kept widget was given: by the address, else by this session's last choice (unchecked)."""
    if param in st.query_params:
        return [value.strip() for value in st.query_params[param].split(",")]
    return list(st.session_state.get(f"kept-{key}", ()))


def _keep(param: str, key: str, chosen: list) -> None:
    st.session_state[f"kept-{key}"] = chosen
    if chosen:
        st.query_params[param] = ",".join(map(str, chosen))
    elif param in st.query_params:
        del st.query_params[param]
