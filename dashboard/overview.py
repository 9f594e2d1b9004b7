"""总览 in sentences and one chart: the first screen a citizen sees of a report."""

from __future__ import annotations

import html

import pandas as pd

from dashboard import charts
from dashboard.flags import rule_name
from dashboard.fmt import md, missing, money, pct, wan
from dashboard.i18n import tr, tr_stored
from dashboard.units import WAN
from etl.flags import RULES


def spent(year: int, total, project) -> str:
    """The year's total, in 万元 and 亿元, and the share of it that is project spending."""
    share = pct(project / total, 1) if not missing(total) and total and not missing(project) else "—"
    return tr(
        f"**{year} 年**，这个部门一共支出 **{money(total)}**，其中项目支出占 **{share}**。",
        f"In **{year}** this department spent **{money(total)}** in total; project spending is **{share}**.",
    )


def largest_projects(projects: pd.DataFrame) -> str:
    """What the money bought, in the report's own project names: plainer than any classification."""
    if projects.empty:
        return ""
    names = projects.nlargest(3, "executed")["project_name"].map(md)
    return tr(
        f"报告逐项评价的项目中，花钱最多的是：{'、'.join(names)}。",
        f"The largest projects the report evaluates one by one: {'; '.join(names)}.",
    )


def change(total, previous: dict | None) -> str:
    """The change on the year before: from that year's report when it is loaded, else (`previous["lines"]`) from
    the change this report states; "" without either."""
    if not previous or missing(previous.get("total")) or not previous["total"]:
        return ""
    now = previous.get("now", total)
    if missing(now):
        return ""
    growth = float(now) / float(previous["total"]) - 1
    up = growth >= 0
    rate = pct(abs(growth), 1)
    if line := previous.get("lines", {}).get("total"):  # last year's figure as this report's stated change implies it
        return tr(
            f"收、支总计比 {previous['year']} 年（{wan(previous['total'])}）{'增加' if up else '减少'} **{rate}**"
            f"（上年数按报告第 {line} 行所写的比上年增减推算）。",
            f"Total income and spending {'up' if up else 'down'} **{rate}** on {previous['year']} "
            f"({wan(previous['total'])}, last year's figure as implied by the change the report states on line "
            f"{line}).",
        )
    return tr(
        f"比 {previous['year']} 年（{wan(previous['total'])}）{'增加' if up else '减少'} **{rate}**。",
        f"{'Up' if up else 'Down'} **{rate}** on {previous['year']} ({wan(previous['total'])}).",
    )


def delta(now, previous: dict | None, key: str) -> str | None:
    """A headline figure's change on the year before, for st.metric: "+43.08 万元（+16.95%）"; None without it."""
    before = previous.get(key) if previous else None
    if missing(now) or missing(before) or not before:
        return None
    moved = float(now) - float(before)
    sign = "+" if moved >= 0 else "-"
    return tr(
        f"{sign}{wan(abs(moved))}（{sign}{pct(abs(moved) / float(before), 1)}）比 {previous['year']} 年",
        f"{sign}{wan(abs(moved))} ({sign}{pct(abs(moved) / float(before), 1)}) on {previous['year']}",
    )


def derived_from(previous: dict | None, key: str) -> str:
    """Where last year's figure comes from, when this report's stated change implies it; "" otherwise."""
    line = previous.get("lines", {}).get(key) if previous else None
    if not line:
        return ""
    return tr(
        f"上年数按报告第 {line} 行所写的比上年增减推算。",
        f"Last year's figure as implied by the change the report states on line {line}.",
    )


def years_chart(years: pd.DataFrame) -> charts.Chart | None:
    """收、支总计 year by year, the latest on top, a year the next one's report implies in grey; None for one year."""
    if len(years) < 2:
        return None
    derived = years["from_year"].notna()
    labels = [
        tr(f"{int(y)} 年（按 {int(f)} 年报告推算）", f"{int(y)} (implied by {int(f)})")
        if d
        else tr(f"{int(y)} 年", str(int(y)))
        for y, f, d in zip(years["year"], years["from_year"], derived, strict=True)
    ]
    colours = [charts.BUDGET if d else charts.FINAL for d in derived]
    fig = charts.bars([charts.money_trace("", colours, labels, years["total"])])
    fig.update_yaxes(type="category")  # "2023" is a year, not a number on an axis
    return charts.Chart(
        fig,
        "收、支总计逐年",
        "Total income and spending by year",
        WAN,
        "情况说明",
        max(300, 90 + 60 * len(years)),
        title=tr("收、支总计逐年（万元）", "Total income and spending<br>by year, 10k yuan"),
    )


def classes_chart(spending: pd.DataFrame) -> charts.Chart | None:
    """Each 类 by its total, the largest on top; None without classes."""
    classes = spending[spending["level"] == "类"].sort_values("total", ascending=False)
    if classes.empty:
        return None
    # a line each, as published: this chart is short, and a class's name is too
    labels = charts.unique([html.escape(n) for n in classes["name"]])
    return charts.Chart(
        charts.bars([charts.money_trace("", charts.FINAL, labels, classes["total"])]),
        "支出按功能分类",
        "Spending by function",
        WAN,
        classes["source_table"].iloc[0],
        max(300, 90 + 48 * len(classes)),
        title=tr("钱主要花在哪里（按功能分类，万元）", "Where the money went<br>by function, 10k yuan"),
    )


def flag_lines(tripped: pd.DataFrame) -> str:
    """The report's tripped flags as a list in plain words, rule by rule in the catalogue's order, each once with
    how many items it holds for."""
    lines = []
    order = {code: i for i, code in enumerate(RULES)}
    for code, rows in sorted(tripped.groupby("flag"), key=lambda group: order.get(group[0], len(order))):
        first = rows.iloc[0]
        more = tr(f"等 {len(rows)} 项", f" and {len(rows) - 1} more") if len(rows) > 1 else ""
        said = md(tr_stored(first["message"], first["message_en"]))
        lines.append(
            f"- **{rule_name(code)}**{tr('：', ': ')}{md(first['item'])}{more}{tr('（', ' (')}{said}{tr('）', ')')}"
        )
    return "\n".join(lines)
