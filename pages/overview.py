"""总览: what the department spent, on what, and what stands out — for a citizen on a phone."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from dashboard import charts, queries
from dashboard.findings import overview_findings
from dashboard.fmt import money, pct, unit, wan
from dashboard.i18n import tr
from dashboard.layout import link, md, partial_note, source_note
from dashboard.state import current

sel = current()
report = queries.report(sel.report_id) or {}
if report.get("partial") is True or report.get("partial") == 1:
    # A page holding only the 情况说明 (or one section of it): its stated figures, not charts of tables it lacks.
    st.caption(tr(f"{sel.year} 年度部门决算", f"{sel.year} final accounts"))
    st.title(md(sel.department))
    st.info(partial_note(str(report.get("parts") or "")), icon=":material/info:")
    stated = queries.facts(sel.report_id)
    money_facts = stated[stated["unit"] == "万元"]
    st.dataframe(
        pd.DataFrame(
            {
                tr("报告写明的数字", "Figure stated"): money_facts["label"],
                tr("金额（万元）", "Amount (10k yuan)"): money_facts["value"].astype(float),
                tr("原文", "The report's words"): money_facts["text"],
            }
        ),
        hide_index=True,
    )
    st.caption(source_note(money_facts))
    st.stop()
head = queries.headline(sel.report_id)
terms = queries.definitions(sel.report_id)

total, basic, project = head["total"], head["basic"], head["project"]
share = pct(project / total, 1) if total else "—"
st.caption(tr(f"{sel.year} 年度部门决算", f"{sel.year} final accounts"))
st.title(md(sel.department))
st.markdown(
    tr(
        f"**{sel.year} 年**，这个部门一共支出 **{money(total)}**，其中项目支出占 **{share}**。",
        f"In **{sel.year}** this department spent **{money(total)}** in total; project spending is **{share}**.",
    )
)
projects = queries.perf_projects(sel.report_id)
if not projects.empty:
    # What the money bought, in the report's own project names: plainer than any classification.
    names = projects.nlargest(3, "executed")["project_name"].map(md)
    st.markdown(
        tr(
            f"报告逐项评价的项目中，花钱最多的是：{'、'.join(names)}。",
            f"The largest projects the report evaluates one by one: {'; '.join(names)}.",
        )
    )

left, right = st.columns(2)
left.metric(tr("基本支出", "Basic spending"), wan(basic), border=True, help=md(terms.get("基本支出")))
right.metric(tr("项目支出", "Project spending"), wan(project), border=True, help=md(terms.get("项目支出")))
previous = queries.previous_total(sel.report_id)
if previous:
    change = total / previous["total"] - 1
    st.markdown(
        tr(
            f"比 {previous['year']} 年（{wan(previous['total'])}）变化 **{pct(change, 1)}**。",
            f"Change on {previous['year']} ({wan(previous['total'])}): **{pct(change, 1)}**.",
        )
    )

with st.expander(tr("什么是基本支出、项目支出？", "What are basic and project spending?"), icon=":material/help:"):
    for term in ("基本支出", "项目支出"):
        if term in terms:
            st.markdown(f"**{term}**：{md(terms[term])}")
    st.caption(tr("以上解释摘自报告第四部分“名词解释”。", "Quoted from the report's own glossary (名词解释)."))

spending = queries.spending_by_function(sel.report_id)
classes = spending[spending["level"] == "类"].sort_values("total")
if not classes.empty:
    fig = go.Figure(
        go.Bar(
            x=classes["total"],
            y=classes["name"],
            orientation="h",
            marker_color=charts.FINAL,
            text=[f"{v:,.2f}" for v in classes["total"]],
            textposition="auto",
            hovertemplate="%{y}<br>%{x:,.2f} " + unit() + "<extra></extra>",
        )
    )
    charts.wan_axis(fig, "x")
    charts.finish(
        fig,
        tr("钱主要花在哪里（按功能分类，万元）", "Where the money went<br>by function, 10k yuan"),
        charts.subtitle(sel.department, sel.year),
        charts.source_line(sel.department, sel.year, classes["source_table"].iloc[0]),
        height=max(300, 90 + 48 * len(classes)),
    )
    charts.show(fig, tr("支出按功能分类", "spending by function"), key="overview-classes")

st.subheader(tr("值得注意", "What stands out"))
for finding in overview_findings(sel.report_id, sel.year):
    st.markdown(finding.text)
    link(finding.page, tr("查看详情", "See details"), finding.icon, sel)
