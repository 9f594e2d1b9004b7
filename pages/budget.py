"""预算执行: each 项's initial budget against what was spent, the completion rate, and the report's own reasons.

The page judges nothing: what stands out is what the ETL stored, the findings at a line and the flags that trip
(dashboard.budget)."""

from __future__ import annotations

import streamlit as st

from dashboard import budget, components, layout, queries
from dashboard.fmt import missing
from dashboard.i18n import named, tr
from dashboard.state import current

sel = current()
layout.heading(tr("预算执行", "Budget vs final"), sel, budget.lead())

# --- the headline sentence -------------------------------------------------------

stated = queries.budget_headline(sel.report_id)
findings, flags = queries.quality_checks(sel.report_id), queries.flags(sel.report_id)
initial, final = budget.totals(queries.headline(sel.report_id), stated)
if missing(initial):
    components.empty(*budget.no_total())
else:
    st.markdown(budget.executed(sel.year, initial, final))
    if sentence := budget.over(flags, initial, final):
        st.markdown(sentence)
    if stated:
        for note in budget.stated_notes(stated, findings):
            st.markdown(note)
        st.caption(budget.quoted(stated))

# --- per 项 ---------------------------------------------------------------------

st.subheader(tr("每一项的年初预算和决算", "Initial budget and final, item by item"))
lines = queries.budget_vs_final(sel.report_id)
if lines.empty:
    components.empty(budget.no_lines(), components.how_read(another=True))
    st.stop()

messages, tripped = budget.said_of(lines, findings, flags)
# matched against the report's words first, then named in the reader's language
lines = named(lines.assign(messages=messages, flags=tripped), "function", sel.year)

components.chart(budget.chart(lines), key="budget-bars")
st.caption(
    tr(
        "有的项目年初预算很小，柱子短到看不见；数字标在柱子旁边。点柱子可以看到完整科目名称。",
        "Some initial budgets are so small their bars cannot be seen; the figures are printed beside them. "
        "Tap a bar for the subject's full name.",
    )
)

# call-outs: the lines that stand out, with the report's own explanation
st.subheader(tr("需要留意的项目", "Lines that stand out"))
flagged = budget.standing_out(lines)
if flagged.empty:
    st.markdown(budget.nothing_stands_out())
for row in flagged.itertuples():
    st.warning(budget.callout(row), icon=":material/priority_high:")

# the table, with the report's own words beside the recorded figures
st.subheader(tr("预算执行明细表", "Budget execution table"))
components.table(
    budget.cols(lines),
    lines,
    key="budget",
    file=layout.file_name(tr("预算执行", "budget_vs_final"), sel.department, sel.year),
    note=tr("完成率为空表示年初预算为 0、无法计算。", "An empty completion rate means the initial budget was 0."),
)
