"""项目绩效: what each self-evaluated project spent, and whether it reached the targets it set itself.

The filters of the indicator table live in the URL (`status`, `project`), so a
journalist's link to "only what was not met" opens on exactly that view.
"""

from __future__ import annotations

import streamlit as st

from dashboard import components, performance, queries
from dashboard.columns import Col, name_cols
from dashboard.i18n import STATUS, TRANSLATED_BY, label, named, tr
from dashboard.layout import file_name, heading
from dashboard.performance import STATUSES
from dashboard.state import current
from dashboard.units import COUNT, PERCENT, WAN, as_percent

sel = current()
heading(tr("项目绩效", "Project performance"), sel)

projects = queries.perf_projects(sel.report_id)
if projects.empty:
    components.nothing_to_show(*performance.no_tables())

indicators = queries.perf_indicators(sel.report_id)
for level in ("level1", "level2"):  # the template's level names in the reader's language
    indicators = named(indicators, "level", column=level, code=None)
counts = performance.counts(indicators)

# --- how much was self-evaluated ---------------------------------------------------------------------------------
sentence, where = performance.evaluated(
    queries.facts(sel.report_id), projects, queries.headline(sel.report_id).get("project")
)
st.markdown(sentence)
st.caption(where)
if results := performance.results(indicators):
    st.markdown(results)
with st.expander(
    tr("怎样判定“达标”“未达标”“无法判断”？", "How are met, missed and not assessable decided?"), icon=":material/help:"
):
    st.markdown(performance.how_decided())

# --- money: budget, executed, execution rate ---------------------------------------------------------------------
st.subheader(tr("各项目的预算执行了多少", "How much of each project's budget was spent"))
labels = performance.project_labels(projects)
components.chart(performance.execution_chart(projects, labels), key="perf-execution")
components.table(
    [
        Col("编号", "No.", projects["project_id"]),
        Col("项目", "Project", projects["project_name"], width="medium", pinned=True),
        Col("年初预算", "Initial budget", projects["initial_budget"], WAN),
        Col("全年预算", "Full-year budget", projects["full_year_budget"], WAN),
        Col("全年执行数", "Executed", projects["executed"], WAN),
        Col("执行率", "Execution rate", as_percent(projects["execution_rate"]), PERCENT),
        Col("指标数", "Indicators", projects["indicators"], COUNT),
        *[Col(*STATUS[status], projects[status], COUNT) for status in STATUSES],
        Col("达标率", "Hit rate", as_percent(projects["hit_rate"], 1), PERCENT, format="%.1f"),
    ],
    projects,
    key="perf-projects",
    file=file_name(tr("绩效自评项目", "performance_projects"), sel.department, sel.year),
    note=tr("执行率按报告所写。", "Execution rates as the report states them."),
)

# --- indicators: met / missed / not assessable --------------------------------------------------------------------
if indicators.empty:
    components.empty(tr("自评表里没有读出绩效指标。", "No indicators were read from the self-evaluation tables."))
    st.stop()

st.subheader(tr("绩效指标达标情况", "Did the projects meet their targets?"))
levels = queries.hit_rate_by_level(sel.report_id)
for level in ("level1", "level2"):
    levels = named(levels, "level", column=level, code=None)
table = indicators["source_table"].iloc[0]
for frame, rows, what, key in (
    (projects, labels, ("各项目指标达标情况", "Indicators by project"), "perf-by-project"),
    (levels, performance.level_labels(levels), ("各类指标达标情况", "Indicators by level"), "perf-by-level"),
):
    components.chart(performance.status_chart(frame, rows, what, table), key=key)
st.caption(tr("一级、二级指标的名称照报告原文。", f"Level names: {TRANSLATED_BY}"))

# --- every indicator, filterable ----------------------------------------------------------------------------------
st.subheader(tr("逐项指标", "Every indicator"))
st.markdown(
    tr(
        "可以只看某种判定结果或某些项目；筛选会写进网址，复制链接即可分享同样的视图。",
        "Filter by result or project; the filter is kept in the address, so a copied link shows the same view.",
    )
)
names = dict(zip(projects["project_id"], projects["project_name"], strict=True))
statuses = components.kept_in_url(
    st.pills,
    tr("判定结果（不选则显示全部）", "Result (none selected: all)"),
    list(STATUSES),
    param="status",
    key="perf-status",
    selection_mode="multi",
    format_func=lambda s: f"{label(STATUS, s)} {counts[s]}",
)
chosen_projects = components.kept_in_url(
    st.multiselect,
    tr("项目（不选则显示全部）", "Projects (none selected: all)"),
    list(names),
    param="project",
    key=f"perf-project-{sel.report_id}",
    format_func=lambda pid: f"{pid} {names[pid]}",
    placeholder=tr("全部项目", "All projects"),
)
shown = performance.chosen(indicators, statuses, chosen_projects)
st.caption(tr(f"显示 {len(shown)} / {len(indicators)} 项指标", f"Showing {len(shown)} of {len(indicators)} indicators"))
if shown.empty:
    components.empty(
        tr("没有符合这些筛选条件的指标。", "No indicator matches these filters."),
        tr("取消部分筛选即可看到更多指标。", "Clear some filters to see more."),
    )
    st.stop()

not_given = tr("（报告未填写）", "(none given)")
components.table(
    [
        # The reader's question first: which indicator of which project (twenty are named 服务对象满意度), did it
        # pass, and what the report says about it.
        Col("指标（三级指标）", "Indicator", shown["name"], width="medium", pinned=True),
        Col("项目", "Project", shown["project_id"] + " " + shown["project_name"], width="medium"),
        Col("判定", "Result", [label(STATUS, s) for s in shown["status"]]),
        Col(
            "偏差原因及改进措施（报告原文）",
            "Reason for deviation (report's own words)",
            shown["deviation_reason"].fillna(not_given).replace("", not_given),
            width="large",
        ),
        Col("年度指标值（原文，含单位）", "Target (as published, with unit)", shown["target_text"], width="medium"),
        Col("实际完成值（原文，含单位）", "Actual (as published, with unit)", shown["actual_text"], width="medium"),
        Col(
            "判定依据",
            "How it was decided",
            [performance.basis(c, s) for c, s in zip(shown["comparator"], shown["status"], strict=True)],
            width="medium",
        ),
        *name_cols("一级指标", "Level 1", shown, "level1"),
        *name_cols("二级指标", "Level 2", shown, "level2"),
    ],
    shown,
    key="perf-indicators",
    file=file_name(tr("绩效指标", "performance_indicators"), sel.department, sel.year, *statuses),
)
