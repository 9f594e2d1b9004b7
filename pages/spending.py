"""支出结构: what the money was spent on — by function (类 → 款 → 项), basic vs project, by economic use, 三公经费."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from dashboard import charts, layout, queries
from dashboard.fmt import missing, money, pct, unit, wan
from dashboard.i18n import CATEGORY, LEVEL, label, tr
from dashboard.layout import md, source_column
from dashboard.state import current

sel = current()
SUBTITLE = charts.subtitle(sel.department, sel.year)
# The treemap is one colour, darker for broader subjects: colour is kept for 基本 / 项目 elsewhere.
LEVEL_SHADES = {"类": charts.FINAL, "款": "#4A83AE", "项": "#86B0CF"}
THREE_PUBLIC = {  # the three kinds of 三公经费, as the report lists them, with an English gloss
    "因公出国（境）费": "Official trips abroad",
    "公务用车购置及运行费": "Official cars (purchase and running)",
    "公务接待费": "Official hospitality",
    "公务用车购置费": "Official cars: purchase",
    "公务用车运行费": "Official cars: running",
    "合计": "Total",
}


def _number(value) -> float:
    return 0.0 if missing(value) else float(value)


layout.heading(
    tr("支出结构", "Spending"),
    sel,
    tr(
        "这一页回答“钱花在哪里”：按政府支出科目（类 → 款 → 项）看用途，"
        "看其中多少是维持单位运转的基本支出、多少是办具体事的项目支出，以及基本支出具体花在人还是花在办公上。",
        "Where the money went: by government spending subject (class → section → item), how much kept the "
        "organisation running (basic spending) and how much paid for specific tasks (project spending), and "
        "what basic spending bought.",
    ),
)

head = queries.headline(sel.report_id)
functions = queries.spending_by_function(sel.report_id)
definitions = queries.definitions(sel.report_id)

# --- the 基本 / 项目 headline ----------------------------------------------------

total, basic, project = (_number(head.get(key)) for key in ("total", "basic", "project"))
if functions.empty:
    layout.empty(
        tr(
            "这份报告里没有读到支出决算表（公开03表），所以这一页暂时没有内容。",
            "No spending table (公开03表) was read from this report, so there is nothing to show here yet.",
        ),
        tr(
            "请到“数据与来源”页查看这份报告的读取情况，或换一个部门、年度。",
            "See the Data & sources page for how the report was read, or pick another department or year.",
        ),
    )
else:
    st.markdown(
        tr(
            f"{sel.year} 年，这个部门一共支出 **{money(total)}**。其中基本支出 **{wan(basic)}**"
            f"（{pct(basic / total if total else None, 2)}），项目支出 **{wan(project)}**"
            f"（{pct(project / total if total else None, 2)}）。",
            f"In {sel.year} this department spent **{money(total)}**: basic spending **{wan(basic)}** "
            f"({pct(basic / total if total else None, 2)}), project spending **{wan(project)}** "
            f"({pct(project / total if total else None, 2)}).",
        )
    )
    ranked = functions.assign(amount=functions["total"].map(_number)).sort_values("amount", ascending=False)
    biggest_class = ranked[ranked["level"] == "类"].head(1)
    biggest_item = ranked[ranked["level"] == "项"].head(1)
    if total and not biggest_class.empty:
        top_class = biggest_class.iloc[0]
        sentence = tr(
            f"最大的一类是“{md(top_class['name'])}”，**{wan(top_class['amount'])}**，"
            f"占 {pct(top_class['amount'] / total, 2)}",
            f"The largest class is “{md(top_class['name'])}”: **{wan(top_class['amount'])}**, "
            f"{pct(top_class['amount'] / total, 2)} of the total",
        )
        if not biggest_item.empty:
            top_item = biggest_item.iloc[0]
            sentence += tr(
                f"；最大的一项是“{md(top_item['name'])}”，**{wan(top_item['amount'])}**。",
                f"; the largest item is “{md(top_item['name'])}”: **{wan(top_item['amount'])}**.",
            )
        else:
            sentence += tr("。", ".")
        st.markdown(sentence)
    with st.expander(tr("什么是基本支出、项目支出？", "What are basic and project spending?"), icon=":material/help:"):
        for term in ("基本支出", "项目支出"):
            if term in definitions:
                st.markdown(f"**{term}**：{md(definitions[term])}")
        st.markdown(
            tr(
                "**类、款、项**：政府支出科目的三级分类，“类”最粗（如一般公共服务支出），“项”最细。",
                "**类 / 款 / 项** (class / section / item): the three levels of the government's spending "
                "subjects, from the broadest to the most detailed.",
            )
        )
        st.caption(
            tr(
                "基本支出、项目支出的解释摘自报告“名词解释”。",
                "Basic and project spending are explained in the report's own glossary (名词解释).",
            )
        )

    # --- 类 → 款 → 项 drill-down ---------------------------------------------------

    st.subheader(tr("钱花在哪些方面", "What the money was spent on"))
    table = functions["source_table"].iloc[0]
    tree = functions.assign(
        total=functions["total"].map(_number).round(2),
        basic=functions["basic"].map(_number).round(2),
        project=functions["project"].map(_number).round(2),
    )
    root = "all"
    parents = [root if missing(p) or p not in set(tree["code"]) else p for p in tree["parent_code"]]
    children_sum = tree.assign(parent=parents).groupby("parent")["total"].sum()
    own = dict(zip(tree["code"], tree["total"], strict=True))
    own[root] = round(total, 2)
    # branchvalues="total" needs every parent at least the sum of its children; the report's own
    # rounding can break that, and then the tiles are sized from the 项 rows instead.
    consistent = all(children_sum.get(code, 0) <= value + 0.005 for code, value in own.items())
    has_children = set(parents)
    ids = [root, *tree["code"]]
    values = (
        [own[root], *tree["total"]]
        if consistent
        else [
            0.0,
            *[0.0 if code in has_children else value for code, value in zip(tree["code"], tree["total"], strict=True)],
        ]
    )
    fig = go.Figure(
        go.Treemap(
            ids=ids,
            labels=[tr("全部支出", "All spending"), *tree["name"]],
            parents=["", *parents],
            values=values,
            branchvalues="total" if consistent else "remainder",
            customdata=[
                ["", "", total, basic, project],
                *[[row.code, label(LEVEL, row.level), row.total, row.basic, row.project] for row in tree.itertuples()],
            ],
            texttemplate="%{label}<br>%{customdata[2]:,.2f} " + unit() + "<br>%{percentRoot:.1%}",
            hovertemplate=(
                "<b>%{label}</b> %{customdata[0]} %{customdata[1]}<br>"
                + tr("合计", "Total")
                + " %{customdata[2]:,.2f} "
                + unit()
                + "<br>"
                + tr("基本支出", "Basic")
                + " %{customdata[3]:,.2f} · "
                + tr("项目支出", "Project")
                + " %{customdata[4]:,.2f}<br>"
                + tr("占全部支出", "Share of all spending")
                + " %{percentRoot:.2%}"
                + "<extra></extra>"
            ),
            maxdepth=3,
            pathbar={"visible": True, "side": "top"},
            tiling={"pad": 2},
            marker={
                "colors": ["#F4F6F7", *[LEVEL_SHADES.get(v, charts.FINAL) for v in tree["level"]]],
                "line": {"width": 1, "color": "white"},
            },
            sort=True,
        )
    )
    charts.finish(
        fig,
        tr(f"{sel.year} 年支出按功能分类（万元）", f"Spending by function, {sel.year} (10k yuan)"),
        SUBTITLE,
        charts.source_line(sel.department, sel.year, table),
        height=500,
    )
    fig.update_layout(margin_l=4, margin_r=4)
    charts.show(fig, tr("支出按功能分类", "spending by function"), key="spending-treemap")
    st.caption(
        tr(
            "点方块可以逐级展开（类 → 款 → 项），点上方的路径可以返回。方块大小代表金额，"
            "很小的科目在图中只是一条细线，下面的条形图和表格列出了全部金额。",
            "Tap a tile to open it (class → section → item); tap the path above to go back. Tile size is the "
            "amount spent; very small subjects are only thin strips, and the bar chart and table below list them all.",
        )
    )
    if not consistent:
        st.caption(
            tr(
                "注意：报告中有的上级科目金额小于其下级科目之和，图中方块按“项”级金额汇总。",
                "Note: in the report some subjects are smaller than the sum of their sub-subjects; the "
                "tiles here add up the item-level rows.",
            )
        )

    # --- 基本 / 项目 per 类 ----------------------------------------------------------

    st.subheader(tr("每一类里的基本支出和项目支出", "Basic and project spending in each class"))
    classes = tree[tree["level"] == "类"].sort_values("total")
    if classes.empty:
        layout.empty(
            tr("支出表里没有“类”级科目，无法按类拆分。", "The spending table has no class-level rows to split.")
        )
    else:
        names = charts.unique([charts.wrap(n) for n in classes["name"]])
        custom = list(zip(classes["name"], classes["code"], classes["total"], strict=True))
        fig = go.Figure()
        for column, colour, name in (
            ("basic", charts.BASIC, tr("基本支出", "Basic")),
            ("project", charts.PROJECT, tr("项目支出", "Project")),
        ):
            fig.add_trace(
                go.Bar(
                    x=classes[column],
                    y=names,
                    orientation="h",
                    name=name,
                    marker_color=colour,
                    customdata=custom,
                    hovertemplate="<b>%{customdata[0]}</b> %{customdata[1]}<br>"
                    + name
                    + " %{x:,.2f} "
                    + unit()
                    + "<br>"
                    + tr("合计", "Total")
                    + " %{customdata[2]:,.2f} "
                    + unit()
                    + "<extra></extra>",
                )
            )
        top = float(classes["total"].max()) or 1.0
        for y, value in zip(names, classes["total"], strict=True):
            fig.add_annotation(
                x=value, y=y, text=f"{value:,.2f}", showarrow=False, xanchor="left", xshift=4, font={"size": 11}
            )
        fig.update_layout(barmode="stack", legend_traceorder="normal")
        charts.wan_axis(fig, "x")
        fig.update_xaxes(range=[0, top * 1.3])
        charts.finish(
            fig,
            tr(
                f"{sel.year} 年各类支出的基本/项目构成（万元）",
                f"Basic and project spending by class<br>{sel.year}, 10k yuan",
            ),
            SUBTITLE,
            charts.source_line(sel.department, sel.year, table),
            height=max(340, 150 + 62 * len(classes)),
        )
        charts.show(fig, tr("各类支出的基本和项目支出", "basic and project spending by class"), key="spending-split")

    # --- the functional table ----------------------------------------------------

    st.subheader(tr("支出决算表（按功能分类）", "Spending table (by function)"))
    shown = pd.DataFrame(
        {
            tr("科目编码", "Code"): functions["code"],
            tr("级次", "Level"): [label(LEVEL, v) for v in functions["level"]],
            tr("科目名称", "Subject"): functions["name"],
            tr("合计（万元）", "Total (10k yuan)"): functions["total"],
            tr("基本支出（万元）", "Basic (10k yuan)"): functions["basic"],
            tr("项目支出（万元）", "Project (10k yuan)"): functions["project"],
            tr("报告对该科目的解释", "The report's note on the subject"): [
                definitions.get(n) for n in functions["name"]
            ],
            tr("来源表", "Source table"): functions["source_table"],
            **source_column(functions),
        }
    )
    money_columns = [
        tr(zh, en)
        for zh, en in (
            ("合计（万元）", "Total (10k yuan)"),
            ("基本支出（万元）", "Basic (10k yuan)"),
            ("项目支出（万元）", "Project (10k yuan)"),
        )
    ]
    st.dataframe(
        shown,
        hide_index=True,
        column_config={
            **{c: st.column_config.NumberColumn(c, format="accounting") for c in money_columns},
            tr("来源行", "Source line"): st.column_config.NumberColumn(format="%d"),
        },
        placeholder="—",
    )
    st.caption(layout.source_note(functions))
    layout.downloads(
        shown, tr(f"支出决算表_{sel.department}_{sel.year}", f"spending_by_function_{sel.year}"), key="spending-table"
    )

# --- economic classification of basic spending ------------------------------------

st.subheader(tr("基本支出花在什么上", "What basic spending paid for"))
items = queries.basic_by_economic(sel.report_id)
totals = queries.basic_economic_totals(sel.report_id)
if items.empty:
    layout.empty(
        tr(
            "这份报告里没有读到基本支出明细（公开06表），或其中各项都为 0。",
            "No detail of basic spending (公开06表) was read from this report, or every item in it is 0.",
        ),
        tr("请到“数据与来源”页查看这份报告的读取情况。", "See the Data & sources page for how the report was read."),
    )
else:
    basic_total = sum(_number(v) for v in totals["amount"])
    words = {"人员经费": "personnel costs", "公用经费": "running costs"}
    st.markdown(
        tr(
            "一般公共预算财政拨款的基本支出中，"
            + "，".join(f"{r.category} **{wan(r.amount)}**" for r in totals.itertuples())
            + "。"
            "人员经费是发给职工的工资、津贴、社保等；公用经费是办公、差旅、水电等日常运转开支。",
            "Basic spending from the general public budget went on "
            + " and ".join(f"{words.get(r.category, r.category)} (**{wan(r.amount)}**)" for r in totals.itertuples())
            + ". Personnel costs are staff pay, allowances and social insurance; running costs are office, travel, "
            "utilities and the like.",
        )
    )
    if basic_total:
        st.caption(
            " · ".join(
                f"{label(CATEGORY, r.category)} {pct(_number(r.amount) / basic_total, 2)}" for r in totals.itertuples()
            )
        )
    fig = go.Figure()
    order: list[str] = []
    for category, colour in (("人员经费", charts.PERSONNEL), ("公用经费", charts.PUBLIC_COSTS)):
        part = items[items["category"] == category].sort_values("amount")
        if part.empty:
            continue
        names = charts.unique([charts.wrap(n) for n in part["name"]])
        names = [n if n not in order else f"{n} ·" for n in names]
        order = names + order  # the first category ends up on top
        fig.add_trace(
            go.Bar(
                x=part["amount"],
                y=names,
                orientation="h",
                name=label(CATEGORY, category),
                marker_color=colour,
                customdata=list(zip(part["name"], part["code"], part["class_name"].fillna(""), strict=True)),
                text=[f"{v:,.2f}" for v in part["amount"]],
                textposition="outside",
                cliponaxis=False,
                hovertemplate="<b>%{customdata[0]}</b> %{customdata[1]}<br>%{customdata[2]}<br>%{x:,.2f} "
                + unit()
                + "<extra></extra>",
            )
        )
    charts.wan_axis(fig, "x")
    fig.update_xaxes(range=[0, float(items["amount"].max()) * 1.25])
    fig.update_yaxes(categoryorder="array", categoryarray=order)
    charts.finish(
        fig,
        tr(f"{sel.year} 年基本支出按经济分类（万元）", f"Basic spending by economic use<br>{sel.year}, 10k yuan"),
        SUBTITLE,
        charts.source_line(sel.department, sel.year, items["source_table"].iloc[0]),
        height=max(340, 150 + 30 * len(items)),
    )
    charts.show(fig, tr("基本支出按经济分类", "basic spending by economic use"), key="spending-economic")
    st.caption(
        tr("只列出金额不为 0 的科目。", "Only items with a non-zero amount are shown.")
        + " "
        + layout.source_note(items)
    )

# --- 三公经费 -----------------------------------------------------------------------

st.subheader(tr("“三公”经费：预算与决算", "“Three public costs”: budget and final"))
three = queries.three_public_costs(sel.report_id)
three_term = next((definitions[t] for t in definitions if "三公" in t), None)
if three.empty:
    layout.empty(
        tr(
            "这份报告里没有读到“三公”经费表（公开09表）。",
            "No table of the “three public costs” (公开09表) was read from this report.",
        ),
        tr("请到“数据与来源”页查看这份报告的读取情况。", "See the Data & sources page for how the report was read."),
    )
else:
    budget_sum = sum(abs(_number(v)) for v in three["budget"])
    final_sum = sum(abs(_number(v)) for v in three["final"])
    if budget_sum == 0 and final_sum == 0:
        st.markdown(
            tr(
                f"{sel.year} 年“三公”经费预算和决算均为 0："
                "没有因公出国（境）、公务用车购置及运行和公务接待的财政拨款支出。",
                f"In {sel.year} the budget and the final spending on the “three public costs” were both 0: no "
                "public money went on official trips abroad, official cars or official hospitality.",
            )
        )
    else:
        main = three[three["item"].isin(["因公出国（境）费", "公务用车购置及运行费", "公务接待费"])]
        if main.empty:
            main = three[three["item"] != "合计"]
        total_row = three[three["item"] == "合计"]
        if not total_row.empty:
            row = total_row.iloc[0]
            st.markdown(
                tr(
                    f"{sel.year} 年“三公”经费预算 **{wan(row['budget'])}**，决算 **{wan(row['final'])}**。",
                    f"In {sel.year} the “three public costs” were budgeted at **{wan(row['budget'])}**; "
                    f"**{wan(row['final'])}** was spent.",
                )
            )
        fig = charts.side_by_side(
            charts.unique([charts.wrap(tr(i, THREE_PUBLIC.get(i, i)), width=10) for i in main["item"]]),
            [(tr("预算", "Budget"), charts.BUDGET, main["budget"]), (tr("决算", "Final"), charts.FINAL, main["final"])],
            list(main["item"]),
            "<b>%{customdata}</b>",
        )
        charts.finish(
            fig,
            tr(
                f"{sel.year} 年“三公”经费预算与决算（万元）",
                f"“Three public costs”: budget and final<br>{sel.year}, 10k yuan",
            ),
            SUBTITLE,
            charts.source_line(sel.department, sel.year, three["source_table"].iloc[0]),
            height=max(340, 170 + 70 * len(main)),
        )
        charts.show(fig, tr("三公经费预算与决算", "three public costs budget and final"), key="spending-three")
    st.caption(layout.source_note(three))
    if three_term:
        with st.expander(tr("什么是“三公”经费？", "What are the “three public costs”?"), icon=":material/help:"):
            st.markdown(md(three_term))
            st.caption(tr("摘自报告“名词解释”。", "Quoted from the report's own glossary (名词解释)."))
