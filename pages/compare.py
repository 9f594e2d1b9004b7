"""部门比较: every department loaded for the year, side by side on the same few measures."""

from __future__ import annotations

import streamlit as st

from dashboard import components, measures, queries
from dashboard.fmt import wan
from dashboard.i18n import tr
from dashboard.layout import file_name, heading, md, notes
from dashboard.measures import BY_COLUMN, MEASURES
from dashboard.state import current

sel = current()
compared = queries.departments_compared(sel.year)
count = len(compared)
heading(
    tr("部门比较", "Across departments"),
    sel,
    tr(
        f"**{sel.year} 年**已载入 **{count}** 个部门的决算，下面用同样的几项指标并排比较。",
        f"**{count}** department(s) loaded for **{sel.year}**, compared on the same few measures.",
    ),
)

if count <= 1:
    only = compared.iloc[0] if count else None
    total = wan(only["total"]) if only is not None else "—"
    components.empty(
        tr(
            f"目前 {sel.year} 年只载入了一个部门（{md(sel.department)}，支出合计 {total}），还没有可以比较的部门。"
            "下表仍列出这一个部门；看板载入更多部门的报告后，这里会列出它们，可按任一指标排序比较。",
            f"Only one department is loaded for {sel.year} ({md(sel.department)}, total {total}), so there is nothing "
            "to compare it with yet. Its row is still shown below; once more departments' reports are loaded, they "
            "appear here, to sort and compare by any measure.",
        ),
        "",
    )

components.table(
    measures.cols(compared, sel.year),
    None,
    key="compare",
    report_ids=compared["report_id"],
    file=file_name(tr("部门比较", "departments_compared"), None, sel.year),
    note=tr(
        "点击表头可按该列排序。空白表示该部门的报告没有这一项。",
        "Click a column header to sort by it. A blank means the department's report lacks that figure.",
    ),
)

with st.expander(tr("这些指标怎么算", "How these measures are computed"), icon=":material/help:"):
    for m in MEASURES:
        st.markdown(f"**{m.header()}**：{m.how()}")

st.subheader(tr("按一项指标比较", "Compare on one measure"))
column = components.kept_choice_in_url(
    st.selectbox,
    tr("指标", "Measure"),
    [m.column for m in MEASURES],
    param="measure",
    key="compare-measure",
    format_func=lambda c: BY_COLUMN[c].label(),
)
measure = BY_COLUMN[column]
data = measures.having(compared, measure)
if data.empty:
    components.empty(
        tr(
            f"{sel.year} 年已载入的报告都没有“{measure.zh}”这一项。",
            f"None of the reports loaded for {sel.year} has “{measure.en}”.",
        ),
        "",
    )
else:
    components.chart(measures.ranking(data, measure, sel.department, sel.year), key="compare-chart")
    notes(*measures.left_out(data, count, sel.department))
