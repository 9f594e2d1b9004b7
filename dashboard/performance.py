"""项目绩效 in sentences and figures: what was self-evaluated, how each indicator's result was decided, and the
charts of budgets spent and targets met."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from dashboard import charts
from dashboard.fmt import missing, pct, place, unit, wan
from dashboard.i18n import STATUS, label, tr
from dashboard.queries import UNNAMED_LEVEL
from dashboard.units import COUNT, PERCENT

STATUSES = tuple(STATUS)  # met, missed, not_assessable — the same order everywhere
SYMBOLS = {">=": "≥", "<=": "≤", "=": "=", ">": ">", "<": "<"}
BAR = 0.5  # bar thickness in rows: the rest of each row holds the bar's label
LABEL_WIDTH = 28  # characters of a row's label, written across a phone's width above its bar


def no_tables() -> tuple[str, str]:
    """What the page says of a report without self-evaluation tables, and where to look."""
    return tr(
        "这份报告没有读出“项目支出绩效自评表”，本页暂无内容。",
        "No project performance self-evaluation tables (项目支出绩效自评表) were read from this report.",
    ), tr(
        "部门决算报告通常在附表中公开部分项目的绩效自评表；如果报告里有这些表，请到“数据与来源”页查看读取时的检查结果。",
        "Reports usually publish these tables after the main tables; if this one does, the data-quality page "
        "shows what went wrong reading them.",
    )


def fact(facts: pd.DataFrame, topic: str) -> tuple[object, pd.Series | None]:
    """The value the narrative states for `topic` and its row (for where it was said); (None, None) if none."""
    row = facts[facts["topic"] == topic]
    if row.empty or missing(row["value"].iloc[0]):
        return None, None
    return row["value"].iloc[0], row.iloc[0]


def evaluated(facts: pd.DataFrame, projects: pd.DataFrame, project_spending) -> tuple[str, str]:
    """How many projects were self-evaluated, for how much money and what share of all project spending, and
    where that was said: the report's own statement, else the sum of its project tables."""
    stated_count, count_row = fact(facts, "perf_project_count")
    stated_amount, amount_row = fact(facts, "perf_total_amount")
    count = int(stated_count) if stated_count is not None else len(projects)
    amount = stated_amount if stated_amount is not None else projects["executed"].sum()
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
    sentence = tr(
        f"本部门对 **{count} 个项目**做了绩效自评，涉及资金 **{wan(amount)}**{coverage}。",
        f"The department self-evaluated **{count} projects** covering **{wan(amount)}**{coverage}.",
    )
    cited = amount_row if amount_row is not None else count_row
    if cited is None:
        return sentence, tr(
            "报告没有写明自评项目的总金额，这里按各项目的全年执行数加总。",
            "The report does not state the total, so this adds up each project's executed amount.",
        )
    where = place(cited["source_table"], cited["source_line"], cited.get("source_page"), cited.get("source_cell"))
    return sentence, tr(
        f"项目数与金额出自报告 {where}；项目支出合计出自支出决算表。",
        f"Count and amount: report {where}; project spending: the expenditure table.",
    )


def counts(indicators: pd.DataFrame) -> dict[str, int]:
    return {status: int((indicators["status"] == status).sum()) for status in STATUSES}


def results(indicators: pd.DataFrame) -> str:
    """The indicators set, met, missed and not assessable, and the hit rate; "" when there are none."""
    n, c = len(indicators), counts(indicators)
    if not n:
        return ""
    hit = pct(c["met"] / n, 1)
    return tr(
        f"这些项目共设了 **{n} 项**绩效指标：**{c['met']} 项达标**、"
        f"**{c['missed']} 项未达标**、**{c['not_assessable']} 项无法判断**，达标率 **{hit}**。",
        f"They set **{n} indicators**: **{c['met']} met**, **{c['missed']} missed**, "
        f"**{c['not_assessable']} not assessable** — a hit rate of **{hit}**.",
    )


def how_decided() -> str:
    return tr(
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


def basis(comparator, status: str) -> str:
    """In plain words, how the status of one indicator was decided."""
    if missing(comparator):
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


def project_labels(projects: pd.DataFrame) -> list[str]:
    """ "02 吉林省电子政务外网服务项目", one line across a phone, for each project."""
    names = zip(projects["project_id"], projects["project_name"], strict=True)
    return [charts.wrap(f"{pid} {name}", LABEL_WIDTH, lines=1) for pid, name in names]


def level_labels(levels: pd.DataFrame) -> list[str]:
    """ "产出指标 · 数量指标" for each row of queries.hit_rate_by_level."""
    unnamed = tr("未标明", "Not stated")
    return [
        charts.wrap(
            f"{l1 if l1 != UNNAMED_LEVEL else unnamed} · {l2 if l2 != UNNAMED_LEVEL else unnamed}", LABEL_WIDTH, lines=1
        )
        for l1, l2 in zip(levels["level1"], levels["level2"], strict=True)
    ]


ROW = 48  # pixels a row: its bar (BAR of it) and, above, its label clear of the bar before


def _height(rows: int) -> int:
    """A chart of `rows` labelled bars (`charts.label_rows`)."""
    return charts.rows_height(max(rows, 3), ROW)


def execution_chart(projects: pd.DataFrame, labels: list[str]) -> charts.Chart:
    """Each project's execution rate as a bar, a dotted line at 100 %."""
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
            customdata=list(zip(projects["full_year_budget"], projects["executed"], labels, strict=True)),
            hovertemplate=f"%{{customdata[2]}}<br>{tr('全年预算', 'Budget')} %{{customdata[0]:,.2f}} {unit()}<br>"
            f"{tr('全年执行', 'Executed')} %{{customdata[1]:,.2f}} {unit()}<br>"
            f"{tr('执行率', 'Execution rate')} %{{x:.2%}}<extra></extra>",
        )
    )
    fig.update_xaxes(
        title=tr("执行率（全年执行数 ÷ 全年预算数）", "Execution rate (executed ÷ full-year budget)"),
        tickformat=".0%",
        range=[0, max(1.05, float(rate.max() or 0) * 1.05)],
    )
    charts.label_rows(fig, labels, BAR)
    fig.add_vline(x=1, line_dash="dot", line_color=charts.BENCHMARK)
    table, height = projects["source_table"].iloc[0], _height(len(projects))
    return charts.Chart(fig, "各项目预算执行率", "Budget spent by project", PERCENT, table, height)


def status_chart(frame: pd.DataFrame, labels: list[str], what: tuple[str, str], table: str) -> charts.Chart:
    """Met / missed / not assessable stacked per row, in the status colours, with the hit rate at the bar's end:
    `what` it shows ("各项目指标达标情况", "Indicators by project"), from the indicators' `table`."""
    fig = go.Figure()
    rows = list(range(len(frame)))
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
    hit_word = tr("达标率", "hit rate")
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
    charts.count_axis(fig, tr("指标数（项）", "Indicators"), max(float(frame["indicators"].max()), 1.0) * 1.5)
    charts.label_rows(fig, labels, BAR)
    return charts.Chart(fig, *what, COUNT, table, _height(len(frame)))


def chosen(indicators: pd.DataFrame, statuses: list[str], projects: list[str]) -> pd.DataFrame:
    """The indicators of the chosen results and projects; none chosen of either: all of them."""
    if statuses:
        indicators = indicators[indicators["status"].isin(statuses)]
    if projects:
        indicators = indicators[indicators["project_id"].isin(projects)]
    return indicators
