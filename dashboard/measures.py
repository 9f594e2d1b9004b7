"""The measures 部门比较 sets departments side by side on: what each is, in which unit, from which table, and
how it is computed."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from dashboard import charts
from dashboard.columns import Col
from dashboard.fmt import pct
from dashboard.i18n import tr
from dashboard.units import PERCENT, WAN, Unit, as_percent, header


@dataclass(frozen=True)
class Measure:
    column: str  # in queries.departments_compared
    zh: str
    en: str
    unit: Unit  # WAN, or PERCENT for a fraction
    source_zh: str
    source_en: str
    how_zh: str
    how_en: str

    def label(self) -> str:
        return tr(self.zh, self.en)

    @property
    def ratio(self) -> bool:
        return self.unit == PERCENT

    def header(self) -> str:
        return header(self.zh, self.en, self.unit)

    def how(self) -> str:
        return tr(self.how_zh, self.how_en)

    def source(self) -> str:
        return tr(self.source_zh, self.source_en)


MEASURES = [
    Measure(
        "total",
        "支出合计",
        "Total spending",
        WAN,
        "公开03表 支出决算表",
        "table 03 (spending)",
        "支出决算表（公开03表）各类支出之和。",
        "Sum of the classes of the spending table (table 03).",
    ),
    Measure(
        "project_share",
        "项目支出占比",
        "Project share",
        PERCENT,
        "公开03表 支出决算表",
        "table 03 (spending)",
        "项目支出 ÷ 支出合计。其余是基本支出，即人员和日常运转。",
        "Project spending ÷ total; the rest is basic spending, i.e. staff and running costs.",
    ),
    Measure(
        "sme_share",
        "中小企业合同占比",
        "SME share of procurement",
        PERCENT,
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
        PERCENT,
        "项目绩效自评表",
        "performance self-evaluation tables",
        "达标的绩效指标 ÷ 全部指标。无法判断的指标不算达标。",
        "Indicators met ÷ all indicators; an indicator that cannot be assessed does not count as met.",
    ),
    Measure(
        "final_to_budget",
        "决算为年初预算的",
        "Final as share of initial budget",
        PERCENT,
        "公开03表 与 情况说明 年初预算",
        "table 03 and the narrative's initial budget",
        "支出合计 ÷ 情况说明所述年初预算。100% 表示与年初预算一致，远高于 100% 多是年中追加了资金。",
        "Total ÷ the initial budget stated in the narrative. 100 % means as budgeted; far above 100 % "
        "usually means money was added during the year.",
    ),
    Measure(
        "total_change",
        "支出比上年增减",
        "Spending change on the year before",
        PERCENT,
        "公开03表 支出决算表，本年和上年的报告",
        "table 03 (spending), this year's and last year's reports",
        "本年支出合计 ÷ 该部门上年报告的支出合计 − 1。没有载入上年报告的部门不计算。",
        "This year's total ÷ the department's total in last year's report − 1; not computed for a department "
        "whose report of last year is not loaded.",
    ),
]
BY_COLUMN = {m.column: m for m in MEASURES}


def cols(compared: pd.DataFrame, year: int) -> list[Col]:
    """queries.departments_compared as a table: each measure in its unit, a share as a percentage number."""
    return [
        Col("部门", "Department", compared["department"], width="medium", pinned=True),
        *[
            Col(
                m.zh,
                m.en,
                as_percent(compared[m.column]) if m.ratio else compared[m.column].astype("float64").round(2),
                m.unit,
                help=m.how(),
            )
            for m in MEASURES
        ],
        Col("年度", "Year", year, format="%d"),
    ]


def having(compared: pd.DataFrame, measure: Measure) -> pd.DataFrame:
    """The departments whose reports give `measure`, highest first (equal ones in the order given)."""
    return compared[["department", measure.column]].dropna().sort_values(measure.column, ascending=False, kind="stable")


def ranking(data: pd.DataFrame, measure: Measure, department: str, year: int) -> charts.Chart:
    """`having`'s departments as `charts.ranking` draws them, `department` in red, on an axis in the measure's
    unit."""
    values = data[measure.column].astype("float64")
    fig, rows = charts.ranking(
        data["department"].tolist(),
        values.tolist(),
        [pct(v) if measure.ratio else f"{v:,.2f}" for v in values],
        (data["department"] == department).tolist(),
    )
    if measure.ratio:
        fig.update_xaxes(title="%", tickformat=".0%")
    else:
        charts.wan_axis(fig, "x")
    return charts.Chart(
        fig,
        f"部门比较 {measure.zh} {year}",
        f"Departments {measure.en} {year}",
        measure.unit,
        measure.source(),
        max(280, 150 + 60 * rows),
        title=measure.header(),
        subtitle=tr(
            f"{year} 年 · {len(data):,} 个部门 · 红色为所选部门",
            f"{year} · {len(data):,} department(s) · red: the one selected",
        ),
        across=True,
    )


def left_out(data: pd.DataFrame, count: int, department: str) -> tuple[str, str]:
    """The notes under a ranking of `data` out of `count` departments: which it draws, and how many lack the
    measure ("" for what does not apply)."""
    missing = count - len(data)
    return (
        charts.ranking_note(len(data), bool((data["department"] == department).any())),
        tr(
            f"另有 {missing:,} 个部门的报告没有这一项，未列入图中。",
            f"{missing:,} more department(s) lack this figure and are left out of the chart.",
        )
        if missing
        else "",
    )
