"""总览: what the department spent, on what, and what stands out — for a citizen on a phone."""

from __future__ import annotations

import streamlit as st

from dashboard import components, overview, queries
from dashboard.columns import Col
from dashboard.findings import overview_findings
from dashboard.fmt import wan
from dashboard.i18n import named, tr
from dashboard.layout import file_name, link, md, partial_note
from dashboard.navigation import title
from dashboard.state import current
from dashboard.units import WAN

sel = current()
st.caption(tr(f"{sel.year} 年度部门决算", f"{sel.year} final accounts"))
st.title(md(sel.department))
report = queries.report(sel.report_id) or {}
if report.get("partial") is True or report.get("partial") == 1:
    # A page holding only the 情况说明 (or one section of it): its stated figures, not charts of tables it lacks.
    st.info(partial_note(str(report.get("parts") or "")), icon=":material/info:")
    stated = queries.facts(sel.report_id)
    money_facts = stated[stated["unit"] == "万元"]
    components.table(
        [
            Col("报告写明的数字", "Figure stated", money_facts["label"], pinned=True),
            Col("金额", "Amount", money_facts["value"].astype(float), WAN),
            Col("原文", "The report's words", money_facts["text"], width="large"),
        ],
        money_facts,
        key="overview-facts",
        file=file_name(tr("报告写明的数字", "stated_figures"), sel.department, sel.year),
    )
    st.stop()

head = queries.headline(sel.report_id)
terms = queries.definitions(sel.report_id)
st.markdown(overview.spent(sel.year, head["total"], head["project"]))
if largest := overview.largest_projects(queries.perf_projects(sel.report_id)):
    st.markdown(largest)
previous = queries.previous_year(sel.report_id)
for column, (key, zh, en) in zip(
    st.columns(2), [("basic", "基本支出", "Basic spending"), ("project", "项目支出", "Project spending")], strict=True
):
    column.metric(
        tr(zh, en),
        wan(head[key]),
        delta=overview.delta(head[key], previous, key),
        delta_color="off",  # more spending is neither good nor bad news
        border=True,
        help=" ".join(filter(None, [md(terms.get(zh)), overview.derived_from(previous, key)])),
    )
if change := overview.change(head["total"], previous):
    st.markdown(change)
components.explained(
    tr("什么是基本支出、项目支出？", "What are basic and project spending?"), terms, ["基本支出", "项目支出"]
)

if chart := overview.classes_chart(named(queries.spending_by_function(sel.report_id), "function", sel.year)):
    components.chart(chart, key="overview-classes")
if chart := overview.years_chart(queries.years(sel.report_id)):
    components.chart(chart, key="overview-years")

st.subheader(tr("值得注意", "What stands out"))
for finding in overview_findings(sel.report_id, sel.year):
    st.markdown(finding.text)
    link(finding.page, tr(f"到“{title(finding.page)}”页看详情", f"More on {title(finding.page)}"), finding.icon, sel)

if not (tripped := queries.flags(sel.report_id)).empty:
    st.subheader(tr("值得多看一眼", "Worth a second look"))
    st.markdown(overview.flag_lines(tripped))
    link(
        "pages/flags.py",
        tr("到“值得关注”看各部门的同类问题", "The same questions for every department"),
        ":material/flag:",
        sel,
    )
