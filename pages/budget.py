"""预算执行: each 项's initial budget against what was spent, the completion rate, and the report's own reasons.

The page judges nothing: what stands out is what the ETL stored, the findings at a line and the flags that trip
(dashboard.budget)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import budget, charts, layout, queries
from dashboard.fmt import missing, money, pct, pct_number, place, wan
from dashboard.i18n import tr, tr_stored
from dashboard.layout import md, source_column
from dashboard.state import current

sel = current()
SUBTITLE = charts.subtitle(sel.department, sel.year)
layout.heading(
    tr("预算执行", "Budget vs final"),
    sel,
    tr(
        "年初预算是年初批准要花的钱，决算是这一年实际花了的钱。完成率 = 决算 ÷ 年初预算："
        "100% 表示按预算花完，远高于 100% 说明年中追加了很多钱。",
        "The initial budget is what was approved at the start of the year; the final account is what was "
        "actually spent. Completion rate = final ÷ initial budget: 100 % means spent as planned, far above "
        "100 % means much money was added during the year.",
    ),
)

# --- the headline sentence -------------------------------------------------------

head = queries.headline(sel.report_id)
stated_head = queries.budget_headline(sel.report_id)
findings, flags = queries.quality_checks(sel.report_id), queries.flags(sel.report_id)
initial = stated_head["initial_budget"] if stated_head else head.get("initial_budget")
final = stated_head["final"] if stated_head and not missing(stated_head["final"]) else head.get("total")
if missing(initial):
    layout.empty(
        tr(
            "这份报告里没有读到“一般公共预算财政拨款支出年初预算”的总数。",
            "The report's total initial budget (一般公共预算财政拨款支出年初预算) was not found.",
        ),
        tr(
            "各项的预算和决算见下文；也可以到“数据与来源”页查看报告的读取情况。",
            "Per-item figures follow below; the Data & sources page shows how the report was read.",
        ),
    )
else:
    rate = float(final) / float(initial) if float(initial) else None
    st.markdown(
        tr(
            f"{sel.year} 年年初预算 **{wan(initial)}** → 决算 **{money(final)}**，完成年初预算的 **{pct(rate)}**。",
            f"{sel.year}: initial budget **{wan(initial)}** → final **{money(final)}**, "
            f"**{pct(rate)}** of the initial budget.",
        )
    )
    if (over := budget.total_flag(flags)) is not None:
        st.markdown(
            tr(
                f"实际支出是年初预算的 **{float(over.value):,.1f} 倍**，多出 **{wan(float(final) - float(initial))}**。"
                "报告对每一项的解释见下文。",
                f"Actual spending was **{float(over.value):,.1f} times** the initial budget: "
                f"**{wan(float(final) - float(initial))}** more. The report's explanation for each item follows below.",
            )
        )
    if stated_head:
        at = (findings["source_table"] == stated_head["source_table"]) & (
            findings["source_line"] == stated_head["source_line"]
        )
        said = findings[at]
        for message in [tr_stored(m, e) for m, e in zip(said["message"], said["message_en"], strict=True)]:
            st.markdown(tr("注意：", "Note: ") + md(message))
        st.caption(
            tr("报告原文（{}）：", "The report's words ({}): ").format(
                place(
                    stated_head["source_table"],
                    stated_head["source_line"],
                    stated_head.get("source_page"),
                    stated_head.get("source_cell"),
                    stated_head.get("held_in"),
                )
            )
            + md(stated_head["text"])
        )

# --- per 项 ---------------------------------------------------------------------

st.subheader(tr("每一项的年初预算和决算", "Initial budget and final, item by item"))
lines = queries.budget_vs_final(sel.report_id)
if lines.empty:
    layout.empty(
        tr(
            "这份报告的情况说明里没有读到分项的“年初预算与决算”对比。",
            "The report's narrative has no item-by-item list of initial budget against final that could be read.",
        ),
        tr(
            "请到“数据与来源”页查看这份报告的读取情况，或换一个部门、年度。",
            "See the Data & sources page for how the report was read, or pick another department or year.",
        ),
    )
    st.stop()

messages, tripped = budget.said_of(lines, findings, flags)
lines = lines.assign(messages=messages, flags=tripped)

# chart: initial budget and final side by side
table = lines["source_table"].iloc[0]
fig = charts.side_by_side(
    charts.unique([charts.wrap(n) for n in lines["name"]]),
    [
        (tr("年初预算", "Budget"), charts.BUDGET, lines["initial_budget"]),
        (tr("决算", "Final"), charts.FINAL, lines["final"]),
    ],
    list(zip(lines["name"], lines["code"].fillna(""), strict=True)),
    "<b>%{customdata[0]}</b> %{customdata[1]}",
)
charts.finish(
    fig,
    tr(f"{sel.year} 年各项年初预算与决算（万元）", f"Initial budget and final by item<br>{sel.year}, 10k yuan"),
    SUBTITLE,
    charts.source_line(sel.department, sel.year, table),
    height=max(340, 140 + 64 * len(lines)),
)
charts.show(fig, tr("年初预算与决算", "initial budget and final"), key="budget-bars")
st.caption(
    tr(
        "有的项目年初预算很小，柱子短到看不见；数字标在柱子旁边。点柱子可以看到完整科目名称。",
        "Some initial budgets are so small their bars cannot be seen; the figures are printed beside them. "
        "Tap a bar for the subject's full name.",
    )
)

# call-outs: the lines that stand out, with the report's own explanation
flagged = lines[lines["flags"].map(bool) | lines["messages"].map(bool)]
st.subheader(tr("需要留意的项目", "Lines that stand out"))
if flagged.empty:
    st.markdown(
        tr(
            "各项决算都在年初预算的 50%–150% 之间，报告数字前后一致，没有需要特别说明的。",
            "Every item's final spending was between 50 % and 150 % of its initial budget, and the report's "
            "figures agree with each other: nothing stands out.",
        )
    )
for row in flagged.itertuples():
    code = tr(f"（{md(row.code)}）", f" ({md(row.code)})") if not missing(row.code) else ""
    body = [
        f"**{md(row.name)}**{code}"
        + tr("：", ": ")
        + tr(
            f"年初预算 {wan(row.initial_budget)}，决算 {wan(row.final)}（报告原文“{md(row.stated_final_text)}”），"
            f"完成率{' ' + pct(row.completion_rate) if not missing(row.completion_rate) else '无法计算'}。",
            f"initial budget {wan(row.initial_budget)}, final {wan(row.final)} (the report's words: "
            f"“{md(row.stated_final_text)}”), completion rate "
            f"{pct(row.completion_rate) if not missing(row.completion_rate) else 'undefined'}.",
        ),
        *row.flags,
        tr("报告的解释：", "The report's explanation (as published): ")
        + (md(row.explanation) if not missing(row.explanation) else tr("报告没有给出解释。", "none given.")),
        *[tr("数据核对：", "Data check: ") + md(m) for m in row.messages],
        tr("出处：", "Source: ")
        + place(row.source_table, row.source_line, row.source_page, row.source_cell, row.held_in),
    ]
    st.warning("\n\n".join(body), icon=":material/priority_high:")

# the table, with the report's own words beside the recorded figures
st.subheader(tr("预算执行明细表", "Budget execution table"))
shown = pd.DataFrame(
    {
        tr("科目编码", "Code"): lines["code"],
        tr("科目名称", "Subject"): lines["name"],
        tr("年初预算（万元）", "Initial budget (10k yuan)"): lines["initial_budget"],
        tr("决算（万元）", "Final (10k yuan)"): lines["final"],
        tr("报告原文的决算数", "Final as written in the report"): lines["stated_final_text"],
        tr("完成率（%，按金额重算）", "Completion rate (%, recomputed)"): [
            pct_number(v) for v in lines["completion_rate"]
        ],
        tr("报告写的完成率（%）", "Rate stated in the report (%)"): [
            pct_number(v) for v in lines["stated_completion_rate"]
        ],
        tr("提示", "What stands out"): ["；".join(texts) for texts in lines["flags"]],
        tr("报告的解释", "The report's explanation"): lines["explanation"],
        tr("数据核对", "Data check"): ["；".join(m) for m in lines["messages"]],
        tr("来源表", "Source table"): lines["source_table"],
        **source_column(lines),
    }
)
number_columns = [
    tr("年初预算（万元）", "Initial budget (10k yuan)"),
    tr("决算（万元）", "Final (10k yuan)"),
    tr("完成率（%，按金额重算）", "Completion rate (%, recomputed)"),
    tr("报告写的完成率（%）", "Rate stated in the report (%)"),
]
st.dataframe(
    shown,
    hide_index=True,
    column_config={
        **{c: st.column_config.NumberColumn(c, format="accounting") for c in number_columns},
        tr("来源行", "Source line"): st.column_config.NumberColumn(format="%d"),
    },
    placeholder="—",
)
st.caption(
    layout.source_note(lines)
    + tr("。完成率为空表示年初预算为 0、无法计算。", ". An empty completion rate means the initial budget was 0.")
)
layout.downloads(shown, tr(f"预算执行_{sel.department}_{sel.year}", f"budget_vs_final_{sel.year}"), key="budget-table")
