"""支出结构: what the money was spent on — by function (类 → 款 → 项), basic vs project, by economic use, 三公经费."""

from __future__ import annotations

import streamlit as st

from dashboard import components, layout, queries, spending
from dashboard.columns import Col, name_cols
from dashboard.i18n import LEVEL, label, named, published, tr
from dashboard.state import current
from dashboard.units import WAN

sel = current()
layout.heading(tr("支出结构", "Spending"), sel, spending.lead())

head = queries.headline(sel.report_id)
functions = named(queries.spending_by_function(sel.report_id), "function", sel.year)
definitions = queries.definitions(sel.report_id)
total, basic, project = (spending.number(head.get(key)) for key in ("total", "basic", "project"))

# --- the 基本 / 项目 headline ----------------------------------------------------

if functions.empty:
    components.not_read("支出决算表（公开03表）", "spending table (公开03表)", components.how_read(another=True))
else:
    st.markdown(spending.spent(sel.year, total, basic, project))
    if sentence := spending.largest(functions, total):
        st.markdown(sentence)
    components.explained(
        tr("什么是基本支出、项目支出？", "What are basic and project spending?"),
        definitions,
        ["基本支出", "项目支出"],
        tr(
            "**类、款、项**：政府支出科目的三级分类，“类”最粗（如一般公共服务支出），“项”最细。",
            "**类 / 款 / 项** (class / section / item): the three levels of the government's spending "
            "subjects, from the broadest to the most detailed.",
        ),
    )

    # --- every item by its amount ---------------------------------------------------

    st.subheader(tr("钱花在哪些方面", "What the money was spent on"))
    components.chart(spending.items_chart(functions, total), key="spending-items")
    layout.notes(
        tr(
            "每一项是支出科目中最细的一级（“项”），按金额从大到小排列；它们属于哪一类、哪一款，见下表。",
            "Each bar is a subject at the finest level (项), largest first; the table below gives the class and "
            "section each belongs to.",
        )
    )

    # --- 基本 / 项目 per 类 ----------------------------------------------------------

    st.subheader(tr("每一类里的基本支出和项目支出", "Basic and project spending in each class"))
    if (functions["level"] == "类").any():
        components.chart(spending.class_split(functions), key="spending-split")
    else:
        components.empty(
            tr("支出表里没有“类”级科目，无法按类拆分。", "The spending table has no class-level rows to split."), ""
        )

    # --- the functional table ----------------------------------------------------

    st.subheader(tr("支出决算表（按功能分类）", "Spending table (by function)"))
    components.table(
        [
            Col("科目编码", "Code", functions["code"]),
            Col("级次", "Level", [label(LEVEL, v) for v in functions["level"]]),
            *name_cols("科目名称", "Subject", functions, width="medium", pinned=True),
            Col("合计", "Total", functions["total"], WAN),
            Col("基本支出", "Basic", functions["basic"], WAN),
            Col("项目支出", "Project", functions["project"], WAN),
            Col(
                "报告对该科目的解释",
                "The report's note on the subject",
                [definitions.get(n) for n in published(functions)],
            ),
        ],
        functions,
        key="spending",
        file=layout.file_name(tr("支出决算表", "spending_by_function"), sel.department, sel.year),
    )

# --- economic classification of basic spending ------------------------------------

st.subheader(tr("基本支出花在什么上", "What basic spending paid for"))
items = named(queries.basic_by_economic(sel.report_id), "economic", sel.year)
items = named(items, "economic", sel.year, column="class_name", code="parent_code")
totals = queries.basic_economic_totals(sel.report_id)
if items.empty:
    components.not_read(
        "基本支出明细（公开06表）中金额不为 0 的科目", "item of basic spending (公开06表) with an amount other than 0"
    )
else:
    st.markdown(spending.basic_uses(totals))
    layout.notes(spending.basic_shares(totals))
    components.chart(spending.economic(items), key="spending-economic")
    layout.notes(
        tr("只列出金额不为 0 的科目。", "Only items with a non-zero amount are shown."), layout.source_note(items)
    )

# --- 三公经费 -----------------------------------------------------------------------

st.subheader(tr("“三公”经费：预算与决算", "“Three public costs”: budget and final"))
three = queries.three_public_costs(sel.report_id)
if three.empty:
    components.not_read("“三公”经费表（公开09表）", "table of the “three public costs” (公开09表)")
else:
    if sentence := spending.three_public(three, sel.year):
        st.markdown(sentence)
    if not spending.none_spent(three):
        components.chart(spending.three_public_chart(three), key="spending-three")
    st.caption(layout.source_note(three))
    components.explained(
        tr("什么是“三公”经费？", "What are the “three public costs”?"),
        definitions,
        [term for term in definitions if "三公" in term][:1],
    )
