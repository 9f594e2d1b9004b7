"""项目绩效: what each self-evaluated project spent, and whether it reached the targets it set itself.

The filters of the indicator table live in the URL (`status`, `project`), so a
journalist's link to "only what was not met" opens on exactly that view.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from dashboard import charts, queries
from dashboard.fmt import pct, place, unit, wan
from dashboard.i18n import STATUS, label, tr
from dashboard.layout import downloads, empty, heading, link, source_column, source_note
from dashboard.state import current

STATUSES = tuple(STATUS)  # met, missed, not_assessable — the same order everywhere
STATUS_PARAM, PROJECT_PARAM = "status", "project"
SYMBOLS = {">=": "≥", "<=": "≤", "=": "=", ">": ">", "<": "<"}
BAR = 0.5  # bar thickness in rows: the rest of each row holds the bar's label
LABEL_WIDTH = 28  # characters of a row's label, written across a phone's width above its bar


def _from_url(param: str, allowed) -> list[str]:
    """Known values of a comma-separated query parameter, in their usual order; anything else is ignored."""
    given = {value.strip() for value in st.query_params.get(param, "").split(",")}
    return [value for value in allowed if value in given]


def _to_url(param: str, values: list[str]) -> None:
    if values:
        st.query_params[param] = ",".join(values)
    elif param in st.query_params:
        del st.query_params[param]


def _fact(facts: pd.DataFrame, topic: str):
    row = facts[facts["topic"] == topic]
    if row.empty or pd.isna(row["value"].iloc[0]):
        return None, None
    return row["value"].iloc[0], row.iloc[0]


def _basis(comparator, status: str) -> str:
    """In plain words, how the status of one indicator was decided."""
    if pd.isna(comparator):
        if status == "met":
            return tr("实际完成值与目标一字不差", "The actual is word for word the target")
        return tr(
            "目标没有比较符，实际完成值与目标文字不同，不作猜测",
            "The target has no comparator and the actual says something else: not guessed",
        )
    if comparator == "deadline":
        if status == "not_assessable":
            return tr("目标是完成期限，实际完成值读不出日期", "The target is a deadline; the actual gives no date")
        return tr("按完成期限比较日期", "Dates compared against the deadline")
    symbol = SYMBOLS.get(comparator, comparator)
    if status == "not_assessable":
        return tr(
            f"目标为“{symbol}”一个数，实际完成值读不出同一单位的数",
            f"The target is “{symbol}” a number; the actual has no number in the same unit",
        )
    return tr(f"按“{symbol}”比较数值", f"Numbers compared with “{symbol}”")


def _status_chart(frame: pd.DataFrame, labels: list[str], title: str, subtitle: str, source: str) -> go.Figure:
    """Met / missed / not assessable stacked per row, in the status colours, with the hit rate at the bar's end."""
    fig = go.Figure()
    rows = list(range(len(frame)))
    hit_word = tr("达标率", "hit rate")
    for status in STATUSES:
        values, name = frame[status], label(STATUS, status)
        fig.add_trace(
            go.Bar(
                x=values,
                y=rows,
                width=BAR,
                orientation="h",
                name=name,
                marker_color=charts.STATUS_COLORS[status],
                customdata=labels,
                text=[f"{v:,}" if v else "" for v in values],
                textposition="inside",
                insidetextanchor="middle",
                textangle=0,
                hovertemplate="%{customdata}<br>" + name + " %{x:,}<extra></extra>",
            )
        )
    fig.add_trace(
        go.Scatter(
            x=frame["indicators"],
            y=rows,
            mode="text",
            showlegend=False,
            hoverinfo="skip",
            text=[f" {hit_word} {pct(rate, 0 if rate in (0, 1) else 1)}" for rate in frame["hit_rate"]],
            textposition="middle right",
            cliponaxis=False,
        )
    )
    # Small segments keep a readable count instead of shrinking it to a dot.
    fig.update_layout(barmode="stack", legend={"traceorder": "normal"}, uniformtext={"minsize": 9, "mode": "show"})
    fig.update_xaxes(
        title=tr("指标数（项）", "Indicators"), tickformat=",d", range=[0, float(frame["indicators"].max()) * 1.5]
    )
    charts.label_rows(fig, labels, BAR)
    return charts.finish(fig, title, subtitle, source, height=max(320, 170 + 46 * len(frame)))


sel = current()
SUBTITLE = charts.subtitle(sel.department, sel.year)
heading(tr("项目绩效", "Project performance"), sel)

projects = queries.perf_projects(sel.report_id)
if projects.empty:
    empty(
        tr(
            "这份报告没有读出“项目支出绩效自评表”，本页暂无内容。",
            "No project performance self-evaluation tables (项目支出绩效自评表) were read from this report.",
        ),
        tr(
            "部门决算报告通常在附表中公开部分项目的绩效自评表；如果报告里有这些表，请到“数据与来源”页查看读取时的检查结果。",
            "Reports usually publish these tables after the main tables; if this one does, the data-quality page "
            "shows what went wrong reading them.",
        ),
    )
    link("pages/data.py", tr("数据与来源", "Data & sources"), ":material/dataset:", sel)
    st.stop()

indicators = queries.perf_indicators(sel.report_id)
facts = queries.facts(sel.report_id)
head = queries.headline(sel.report_id)

# --- how much was self-evaluated ---------------------------------------------------------------------------------
stated_count, count_row = _fact(facts, "perf_project_count")
stated_amount, amount_row = _fact(facts, "perf_total_amount")
n_projects = int(stated_count) if stated_count is not None else len(projects)
amount = stated_amount if stated_amount is not None else projects["executed"].sum()
project_spending = head.get("project")
share = amount / project_spending if project_spending else None
coverage = (
    tr(
        f"，占全年项目支出 {wan(project_spending)}的 **{pct(share, 1)}**；其余项目支出没有公开自评结果",
        f": **{pct(share, 1)}** of all project spending ({wan(project_spending)}); the rest has no published "
        "self-evaluation",
    )
    if share is not None
    else ""
)
st.markdown(
    tr(
        f"本部门对 **{n_projects} 个项目**做了绩效自评，涉及资金 **{wan(amount)}**{coverage}。",
        f"The department self-evaluated **{n_projects} projects** covering **{wan(amount)}**{coverage}.",
    )
)
cited = amount_row if amount_row is not None else count_row
if cited is not None:
    st.caption(
        tr(
            "项目数与金额出自报告 {}；项目支出合计出自支出决算表。",
            "Count and amount: report {}; project spending: the expenditure table.",
        ).format(place(cited["source_table"], cited["source_line"], cited.get("source_page"), cited.get("source_cell")))
    )
else:
    st.caption(
        tr(
            "报告没有写明自评项目的总金额，这里按各项目的全年执行数加总。",
            "The report does not state the total, so this adds up each project's executed amount.",
        )
    )

counts = {status: int((indicators["status"] == status).sum()) for status in STATUSES}
total_indicators = len(indicators)
if total_indicators:
    hit = counts["met"] / total_indicators
    st.markdown(
        tr(
            f"这些项目共设了 **{total_indicators} 项**绩效指标：**{counts['met']} 项达标**、"
            f"**{counts['missed']} 项未达标**、**{counts['not_assessable']} 项无法判断**，达标率 **{pct(hit, 1)}**。",
            f"They set **{total_indicators} indicators**: **{counts['met']} met**, **{counts['missed']} missed**, "
            f"**{counts['not_assessable']} not assessable** — a hit rate of **{pct(hit, 1)}**.",
        )
    )

with st.expander(
    tr("怎样判定“达标”“未达标”“无法判断”？", "How are met, missed and not assessable decided?"), icon=":material/help:"
):
    st.markdown(
        tr(
            "报告给每项指标写了两段文字：**年度指标值**（目标）和**实际完成值**。本站逐项对照这两段文字：\n\n"
            "- **带比较符的数量**（≥ ≤ = > <，或“不低于”“不超过”“以上”“以内”等）：读出数字和单位，"
            "实际值满足目标就是达标，不满足就是未达标。单位不同但能换算的（元与万元、小时与天）先换算；换算不了的算无法判断。\n"
            "- **完成期限**（如“2023 年 12 月底前”）：实际完成日期在期限当天或之前为达标，之后为未达标。\n"
            "- **没有比较符的目标**（如“100%”“稳定运行”“有所提升”）：实际完成值与目标**一字不差**才算达标，否则无法判断。\n"
            "- 凡是读不准的，一律记为**无法判断**，绝不猜测为达标。\n\n"
            "**达标率** = 达标的指标数 ÷ 全部指标数；无法判断的不算达标，所以含糊的目标不会抬高达标率。"
            "这是本站按报告原文做的机械对照，不是财政部门的评价结论；“偏差原因”一栏是报告自己的说明。",
            "For each indicator the report gives two texts: the **target** (年度指标值) and the **actual** (实际完成值). "
            "We compare them one by one:\n\n"
            "- **A quantity with a comparator** (≥ ≤ = > <, or words such as 不低于 “at least”, 不超过 “at most”, "
            "以上 “or more”, 以内 “within”): the number and unit are read; if the actual satisfies the target it is met, "
            "otherwise missed. Convertible units (yuan and 10k yuan, hours and days) are converted first; others make it "
            "not assessable.\n"
            "- **A deadline** (e.g. “by the end of December 2023”): met when the actual date is on or before it, "
            "missed when after.\n"
            "- **A target without a comparator** (“100%”, “runs stably”, “improved”): met only when the actual is "
            "**word for word** the same, otherwise not assessable.\n"
            "- Whatever cannot be read with certainty is **not assessable** — never guessed to be met.\n\n"
            "**Hit rate** = met indicators ÷ all indicators; not-assessable ones do not count as met, so vague targets "
            "cannot raise it. This is a mechanical reading of the report's words, not the finance authorities' verdict; "
            "the deviation reason is the report's own.",
        )
    )

# --- money: budget, executed, execution rate ---------------------------------------------------------------------
st.subheader(tr("各项目的预算执行了多少", "How much of each project's budget was spent"))
names = dict(zip(projects["project_id"], projects["project_name"], strict=True))
axis_labels = [charts.wrap(f"{pid} {name}", LABEL_WIDTH, lines=1) for pid, name in names.items()]
source_table = projects["source_table"].iloc[0]
height = max(320, 170 + 46 * len(projects))

rate = projects["execution_rate"]
fig = go.Figure(
    go.Bar(
        x=rate,
        y=list(range(len(projects))),
        width=BAR,
        orientation="h",
        marker_color=charts.FINAL,
        text=[pct(v) for v in rate],
        textposition="inside",
        insidetextanchor="end",
        customdata=list(zip(projects["full_year_budget"], projects["executed"], axis_labels, strict=True)),
        hovertemplate="%{customdata[2]}<br>"
        + tr("全年预算", "Budget")
        + " %{customdata[0]:,.2f} "
        + unit()
        + "<br>"
        + tr("全年执行", "Executed")
        + " %{customdata[1]:,.2f} "
        + unit()
        + "<br>"
        + tr("执行率", "Execution rate")
        + " %{x:.2%}<extra></extra>",
    )
)
fig.update_xaxes(
    title=tr("执行率（全年执行数 ÷ 全年预算数）", "Execution rate (executed ÷ full-year budget)"),
    tickformat=".0%",
    range=[0, max(1.05, float(rate.max() or 0) * 1.05)],
)
charts.label_rows(fig, axis_labels, BAR)
fig.add_vline(x=1, line_dash="dot", line_color=charts.BENCHMARK)
charts.finish(
    fig,
    tr(f"{sel.year} 年各项目预算执行率（%）", f"Budget spent by project, {sel.year} (%)"),
    SUBTITLE,
    charts.source_line(sel.department, sel.year, source_table),
    height=height,
)
charts.show(fig, tr("各项目预算执行率", "budget execution rate by project"), key="perf-execution")

money_headers = {
    "id": tr("编号", "No."),
    "project": tr("项目", "Project"),
    "initial": tr("年初预算（万元）", "Initial budget (10k yuan)"),
    "budget": tr("全年预算（万元）", "Full-year budget (10k yuan)"),
    "executed": tr("全年执行数（万元）", "Executed (10k yuan)"),
    "rate": tr("执行率（%）", "Execution rate (%)"),
    "indicators": tr("指标数（项）", "Indicators"),
    "met": tr("达标（项）", "Met"),
    "missed": tr("未达标（项）", "Missed"),
    "not_assessable": tr("无法判断（项）", "Not assessable"),
    "hit": tr("达标率（%）", "Hit rate (%)"),
    "table": tr("出处表", "Source table"),
}
money_table = pd.DataFrame(
    {
        money_headers["id"]: projects["project_id"],
        money_headers["project"]: projects["project_name"],
        money_headers["initial"]: projects["initial_budget"],
        money_headers["budget"]: projects["full_year_budget"],
        money_headers["executed"]: projects["executed"],
        money_headers["rate"]: (projects["execution_rate"] * 100).round(2),
        money_headers["indicators"]: projects["indicators"],
        money_headers["met"]: projects["met"],
        money_headers["missed"]: projects["missed"],
        money_headers["not_assessable"]: projects["not_assessable"],
        money_headers["hit"]: (projects["hit_rate"] * 100).round(1),
        money_headers["table"]: projects["source_table"],
        **source_column(projects),
    }
)
money_config = {
    money_headers[key]: st.column_config.NumberColumn(format="accounting") for key in ("initial", "budget", "executed")
}
money_config |= {
    money_headers["rate"]: st.column_config.NumberColumn(format="%.2f"),
    money_headers["hit"]: st.column_config.NumberColumn(format="%.1f"),
    money_headers["project"]: st.column_config.TextColumn(width="medium"),
}
st.dataframe(money_table, hide_index=True, column_config=money_config, key="perf-projects-table", placeholder="—")
st.caption(source_note(projects) + tr("。执行率按报告所写。", ". Execution rates as the report states them."))
downloads(money_table, tr(f"绩效自评项目-{sel.year}", f"performance-projects-{sel.year}"), key="perf-projects")

# --- indicators: met / missed / not assessable --------------------------------------------------------------------
if total_indicators:
    st.subheader(tr("绩效指标达标情况", "Did the projects meet their targets?"))
    levels = queries.hit_rate_by_level(sel.report_id)
    unnamed = tr("未标明", "Not stated")
    level_labels = [
        charts.wrap(f"{l1 if l1 != '未标明' else unnamed} · {l2 if l2 != '未标明' else unnamed}", LABEL_WIDTH, lines=1)
        for l1, l2 in zip(levels["level1"], levels["level2"], strict=True)
    ]
    perf_source = charts.source_line(sel.department, sel.year, indicators["source_table"].iloc[0])
    for frame, labels, title, name, key in (
        (
            projects,
            axis_labels,
            tr(f"{sel.year} 年各项目指标达标情况（项）", f"Indicators by project, {sel.year} (count)"),
            tr("各项目绩效指标达标情况", "indicators by project"),
            "perf-by-project",
        ),
        (
            levels,
            level_labels,
            tr(f"{sel.year} 年各类指标达标情况（项）", f"Indicators by level, {sel.year} (count)"),
            tr("按一级二级指标的达标情况", "indicators by level"),
            "perf-by-level",
        ),
    ):
        charts.show(_status_chart(frame, labels, title, SUBTITLE, perf_source), name, key=key)
    st.caption(tr("一级、二级指标的名称照报告原文。", "Level names are as published in the report."))

    # --- every indicator, filterable ----------------------------------------------------------------------------
    st.subheader(tr("逐项指标", "Every indicator"))
    status_names = {status: label(STATUS, status) for status in STATUSES}
    st.markdown(
        tr(
            "可以只看某种判定结果或某些项目；筛选会写进网址，复制链接即可分享同样的视图。",
            "Filter by result or project; the filter is kept in the address, so a copied link shows the same view.",
        )
    )
    status_key = "perf-status"
    if status_key not in st.session_state:
        st.session_state[status_key] = _from_url(STATUS_PARAM, STATUSES)
    chosen_status = st.pills(
        tr("判定结果（不选则显示全部）", "Result (none selected: all)"),
        STATUSES,
        selection_mode="multi",
        format_func=lambda s: f"{status_names[s]} {counts[s]}",
        key=status_key,
    )
    project_key = f"perf-project-{sel.report_id}"
    if project_key not in st.session_state:
        st.session_state[project_key] = _from_url(PROJECT_PARAM, list(names))
    chosen_projects = st.multiselect(
        tr("项目（不选则显示全部）", "Projects (none selected: all)"),
        list(names),
        format_func=lambda pid: f"{pid} {names[pid]}",
        key=project_key,
        placeholder=tr("全部项目", "All projects"),
    )
    chosen_status = [s for s in STATUSES if s in (chosen_status or [])]
    chosen_projects = [p for p in names if p in (chosen_projects or [])]
    _to_url(STATUS_PARAM, chosen_status)
    _to_url(PROJECT_PARAM, chosen_projects)

    shown = indicators
    if chosen_status:
        shown = shown[shown["status"].isin(chosen_status)]
    if chosen_projects:
        shown = shown[shown["project_id"].isin(chosen_projects)]

    headers = {
        "project": tr("项目", "Project"),
        "name": tr("指标（三级指标）", "Indicator"),
        "target": tr("年度指标值（原文，含单位）", "Target (as published, with unit)"),
        "actual": tr("实际完成值（原文，含单位）", "Actual (as published, with unit)"),
        "status": tr("判定", "Result"),
        "reason": tr("偏差原因及改进措施（报告原文）", "Reason for deviation (report's own words)"),
        "basis": tr("判定依据", "How it was decided"),
        "level1": tr("一级指标", "Level 1"),
        "level2": tr("二级指标", "Level 2"),
        "table": tr("出处表", "Source table"),
    }
    not_given = tr("（报告未填写）", "(none given)")
    table = pd.DataFrame(
        {
            # The reader's question first: which indicator, did it pass, and what the report says about it.
            headers["name"]: shown["name"],
            headers["status"]: [status_names[s] for s in shown["status"]],
            headers["reason"]: shown["deviation_reason"].fillna(not_given).replace("", not_given),
            headers["target"]: shown["target_text"],
            headers["actual"]: shown["actual_text"],
            headers["basis"]: [_basis(c, s) for c, s in zip(shown["comparator"], shown["status"], strict=True)],
            headers["project"]: shown["project_id"] + " " + shown["project_name"],
            headers["level1"]: shown["level1"],
            headers["level2"]: shown["level2"],
            headers["table"]: shown["source_table"],
            **source_column(shown),
        }
    )
    st.caption(
        tr(f"显示 {len(table)} / {total_indicators} 项指标", f"Showing {len(table)} of {total_indicators} indicators")
    )
    if table.empty:
        empty(
            tr("没有符合这些筛选条件的指标。", "No indicator matches these filters."),
            tr("取消部分筛选即可看到更多指标。", "Clear some filters to see more."),
        )
    else:
        wide, medium = st.column_config.TextColumn(width="large"), st.column_config.TextColumn(width="medium")
        st.dataframe(
            table,
            hide_index=True,
            key="perf-indicators-table",
            column_config={
                headers["project"]: medium,
                headers["name"]: st.column_config.TextColumn(width="medium", pinned=True),
                headers["target"]: medium,
                headers["actual"]: medium,
                headers["reason"]: wide,
                headers["basis"]: medium,
            },
            placeholder="—",
        )
        st.caption(source_note(shown))
        suffix = "-".join(chosen_status) if chosen_status else ""
        downloads(
            table,
            tr(f"绩效指标-{sel.year}", f"performance-indicators-{sel.year}") + (f"-{suffix}" if suffix else ""),
            key="perf-indicators",
        )
else:
    empty(
        tr("自评表里没有读出绩效指标。", "No indicators were read from the self-evaluation tables."),
        tr("请到“数据与来源”页查看读取时的检查结果。", "The data-quality page shows what went wrong."),
    )
