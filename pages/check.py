"""发布前自检: an official uploads a draft and sees every finding, table by table, and how the overview would read.

Nothing is stored: the draft is checked in a process of its own (etl.draft) and read through a store in memory
that only this session holds (queries.reading)."""

from __future__ import annotations

import streamlit as st

from dashboard import components, draft, layout, overview, queries, sources
from dashboard.findings import overview_findings
from dashboard.fmt import md, wan
from dashboard.i18n import tr
from dashboard.state import current
from etl.draft import DraftRefused

current()  # opened by a deep link as a fresh server's first request, app.py runs first: the language, the menu
st.title(tr("发布前自检", "Check a draft"))
st.markdown(draft.lead())
st.caption(draft.promise())
uploaded = st.file_uploader(tr("上传报告草稿", "Upload a draft report"), type=draft.TYPES, key="draft-upload")
with st.expander(tr("草稿没有写明部门或年度时", "When the draft states no department or year")):
    department = st.text_input(tr("部门名称", "Department"), key="draft-department")
    year = draft.given_year(st.text_input(tr("年度（如 2024）", "Year (e.g. 2024)"), key="draft-year"))
if uploaded is None:
    layout.empty(
        tr("还没有上传文件。", "No file uploaded yet."),
        tr(
            "选择一份报告草稿上传（可拖到上面的框里），检查结果只显示在这里。",
            "Choose a draft report to upload (or drop it on the box above); the findings show here only.",
        ),
    )
    st.stop()

with st.spinner(tr("正在检查……", "Checking…")):
    store = draft.checked(uploaded.getvalue(), uploaded.name, department, year)
if isinstance(store, DraftRefused):
    st.error(draft.refusal(store), icon=":material/block:")
    st.stop()

with queries.reading(store):
    report_id = queries.reports()["report_id"].iloc[0]
    report = queries.report(report_id)
    checks = sources.findings([queries.table_rows("quality_checks", report_id)])
    st.subheader(
        tr(f"{md(report['department'])} · {report['year']} 年度", f"{md(report['department'])} · {report['year']}")
    )
    components.findings_counted(checks, report)

    for table, found in draft.by_table(checks):
        serious = sources.serious(found)
        title = tr(f"{md(table)}（{len(found)} 条）", f"{md(table)} ({len(found)})")
        with st.expander(title, expanded=not serious.empty):
            for row in found.itertuples(index=False):
                components.finding(row, draft.fix(row))

    components.table(
        sources.finding_cols(checks),
        checks,
        key="draft-findings",
        file=layout.file_name(tr("自检结果", "draft_findings"), report["department"], report["year"]),
        scattered=True,
        report=report,
    )

    st.subheader(tr("公开后，总览页会这样写", "How the overview would read once published"))
    head = queries.headline(report_id)
    if head.get("total") is None:
        layout.empty(
            tr(
                "草稿中没有读到支出决算表，总览无法预览。",
                "No spending table was read in the draft: no overview to preview.",
            )
        )
        st.stop()
    st.markdown(overview.spent(report["year"], head["total"], head["project"]))
    left, right = st.columns(2)
    left.metric(tr("基本支出", "Basic spending"), wan(head["basic"]), border=True)
    right.metric(tr("项目支出", "Project spending"), wan(head["project"]), border=True)
    for finding in overview_findings(report_id, report["year"]):
        st.markdown(finding.text)
