"""部门比较: every department loaded for the year, side by side on the same few measures."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import streamlit as st

from dashboard import charts, queries
from dashboard.fmt import pct, wan
from dashboard.i18n import tr
from dashboard.layout import downloads, heading, md, notes
from dashboard.state import current


@dataclass(frozen=True)
class Measure:
    column: str  # in queries.departments_compared
    zh: str
    en: str
    unit_zh: str
    unit_en: str
    ratio: bool  # a fraction shown as %, else 万元
    source_zh: str
    source_en: str
    how_zh: str
    how_en: str

    def label(self) -> str:
        return tr(self.zh, self.en)

    def header(self) -> str:
        return tr(f"{self.zh}（{self.unit_zh}）", f"{self.en} ({self.unit_en})")


MEASURES = [
    Measure(
        "total",
        "支出合计",
        "Total spending",
        "万元",
        "10k yuan",
        False,
        "公开03表 支出决算表",
        "table 03 (spending)",
        "支出决算表（公开03表）各类支出之和。",
        "Sum of the classes of the spending table (table 03).",
    ),
    Measure(
        "project_share",
        "项目支出占比",
        "Project share",
        "%",
        "%",
        True,
        "公开03表 支出决算表",
        "table 03 (spending)",
        "项目支出 ÷ 支出合计。其余是基本支出，即人员和日常运转。",
        "Project spending ÷ total; the rest is basic spending, i.e. staff and running costs.",
    ),
    Measure(
        "sme_share",
        "中小企业合同占比",
        "SME share of procurement",
        "%",
        "%",
        True,
        "情况说明 政府采购",
        "narrative, procurement",
        "授予中小企业的合同金额 ÷ 政府采购支出总额，按报告原数重新计算。",
        "Contracts awarded to small and medium enterprises ÷ all procurement, recomputed from the report's "
        "own figures.",
    ),
    Measure(
        "hit_rate",
        "绩效指标达标率",
        "Indicators met",
        "%",
        "%",
        True,
        "项目绩效自评表",
        "performance self-evaluation tables",
        "达标的绩效指标 ÷ 全部指标。无法判断的指标不算达标。",
        "Indicators met ÷ all indicators; an indicator that cannot be assessed does not count as met.",
    ),
    Measure(
        "final_to_budget",
        "决算为年初预算的",
        "Final as share of initial budget",
        "%",
        "%",
        True,
        "公开03表 与 情况说明 年初预算",
        "table 03 and the narrative's initial budget",
        "支出合计 ÷ 情况说明所述年初预算。100% 表示与年初预算一致，远高于 100% 多是年中追加了资金。",
        "Total ÷ the initial budget stated in the narrative. 100 % means as budgeted; far above 100 % "
        "usually means money was added during the year.",
    ),
]
BY_COLUMN = {m.column: m for m in MEASURES}


def table_for_display(compared: pd.DataFrame, year: int) -> pd.DataFrame:
    """The comparison with units in the headers and percentages in %, exactly as shown and downloaded."""
    out = pd.DataFrame({tr("部门", "Department"): compared["department"]})
    for m in MEASURES:
        values = compared[m.column].astype("float64")
        out[m.header()] = (values * 100).round(2) if m.ratio else values.round(2)
    out[tr("年度", "Year")] = year
    return out


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
    st.info(
        tr(
            f"目前 {sel.year} 年只载入了一个部门（{md(sel.department)}，支出合计 {total}），还没有可以比较的部门。"
            "下表仍列出这一个部门。要加入其他部门，在项目文件夹运行下面的命令，载入一份报告或一整个文件夹的报告，"
            "然后刷新本页即可，无需重启：",
            f"Only one department is loaded for {sel.year} ({md(sel.department)}, total {total}), so there is nothing "
            "to compare it with yet. Its row is still shown below. To add departments, run one of these commands in "
            "the project folder, for one report or a folder of them, then reload this page — no restart needed:",
        ),
        icon=":material/info:",
    )
    st.code(
        tr(
            "python -m etl ingest 路径/报告.md\npython -m etl ingest 路径/报告文件夹/",
            "python -m etl ingest path/to/report.md\npython -m etl ingest path/to/folder/",
        ),
        language="bash",
    )

table = table_for_display(compared, sel.year)
st.dataframe(
    table,
    hide_index=True,
    column_config={
        tr("部门", "Department"): st.column_config.TextColumn(width="medium"),
        tr("年度", "Year"): st.column_config.NumberColumn(format="%d"),
        **{
            m.header(): st.column_config.NumberColumn(
                format="%.2f%%" if m.ratio else "%,.2f", help=tr(m.how_zh, m.how_en)
            )
            for m in MEASURES
        },
    },
    key="compare-table",
    placeholder="—",
)
st.caption(
    tr(
        "点击表头可按该列排序。空白表示该部门的报告没有这一项。",
        "Click a column header to sort by it. A blank means the department's report lacks that figure.",
    )
)
downloads(table, tr(f"部门比较_{sel.year}", f"departments_compared_{sel.year}"), key="compare")

with st.expander(tr("这些指标怎么算", "How these measures are computed"), icon=":material/help:"):
    for m in MEASURES:
        st.markdown(f"**{m.header()}**：{tr(m.how_zh, m.how_en)}")

st.subheader(tr("按一项指标比较", "Compare on one measure"))
column = st.selectbox(
    tr("指标", "Measure"),
    [m.column for m in MEASURES],
    format_func=lambda c: BY_COLUMN[c].label(),
    key="compare-measure",
)
measure = BY_COLUMN[column]
data = compared[["department", column]].dropna().sort_values(column, ascending=False, kind="stable")
missing = count - len(data)
if data.empty:
    st.info(
        tr(
            f"{sel.year} 年已载入的报告都没有“{measure.zh}”这一项。",
            f"None of the reports loaded for {sel.year} has “{measure.en}”.",
        ),
        icon=":material/info:",
    )
else:
    values = data[column].astype("float64")
    mine = data["department"] == sel.department
    fig, rows = charts.ranking(
        data["department"].tolist(),
        values.tolist(),
        [pct(v) if measure.ratio else f"{v:,.2f}" for v in values],
        mine.tolist(),
    )
    if measure.ratio:
        fig.update_xaxes(title="%", tickformat=".0%")
    else:
        charts.wan_axis(fig, "x")
    charts.finish(
        fig,
        measure.header(),
        tr(
            f"{sel.year} 年 · {len(data):,} 个部门 · 红色为所选部门",
            f"{sel.year} · {len(data):,} department(s) · red: the one selected",
        ),
        charts.source_line(None, sel.year, tr(measure.source_zh, measure.source_en)),
        height=max(280, 150 + 60 * rows),
    )
    charts.show(
        fig, tr(f"部门比较 {measure.zh} {sel.year}", f"departments {measure.en} {sel.year}"), key="compare-chart"
    )
    notes(
        charts.ranking_note(len(data), mine.any()),
        tr(
            f"另有 {missing:,} 个部门的报告没有这一项，未列入图中。",
            f"{missing:,} more department(s) lack this figure and are left out of the chart.",
        )
        if missing
        else "",
    )
