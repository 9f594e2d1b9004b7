"""预算执行 in sentences and figures: the year's totals, and what the page says of each 项 of the 年初预算 vs 决算
list from what the ETL stored, the findings at its place (etl.checks) and the flags that trip for it (etl.flags),
its chart and its table. Pure, so it is tested without a page run."""

from __future__ import annotations

import pandas as pd

from dashboard import charts
from dashboard.columns import Col, name_cols
from dashboard.fmt import md, missing, money, pct, place, wan
from dashboard.i18n import tr, tr_stored
from dashboard.units import PERCENT, WAN, as_percent
from etl.flags import RULES

TOTAL_ITEM = "一般公共预算财政拨款支出"  # the item etl.flags measures the narrative's total under


def flag_text(flag) -> str:
    """ "决算远超年初预算：决算 45.84 万元，是年初预算 0.01 万元的 458,400.00%"."""
    rule = RULES.get(flag.flag)
    name = tr(rule.name, rule.name_en) if rule else flag.flag
    return f"{name}{tr('：', ': ')}{tr_stored(flag.message, flag.message_en)}"


def said_of(lines: pd.DataFrame, findings: pd.DataFrame, flags: pd.DataFrame) -> tuple[list, list]:
    """For each line: the messages of the findings at its place, and the texts of its tripped flags.

    Several 项 may share a source line (a PDF's paragraph, a page's sentence): a finding there is said of the
    项 its message names; a flag names its item.
    """

    def place(row) -> tuple:
        return (row.source_table, None if pd.isna(row.source_line) else int(row.source_line))

    sharing = lines.groupby(["source_table", "source_line"]).size().to_dict()
    found, tripped = [], []
    for line in lines.itertuples():
        key = place(line)
        alone = sharing.get(key, 1) == 1
        found.append(
            [
                tr_stored(f.message, f.message_en)
                for f in findings.itertuples()
                if place(f) == key and (alone or str(line.name) in str(f.message))
            ]
        )
        tripped.append([flag_text(f) for f in flags.itertuples() if place(f) == key and f.item == line.name])
    return found, tripped


def total_flag(flags: pd.DataFrame):
    """The tripped flag of the narrative's total, if any (the final six times the initial budget)."""
    total = flags[(flags["item"] == TOTAL_ITEM) & (flags["flag"] == "over_initial_budget")]
    return next(total.itertuples(), None)


def lead() -> str:
    """What the page answers, under its title."""
    return tr(
        "年初预算是年初批准要花的钱，决算是这一年实际花了的钱。完成率 = 决算 ÷ 年初预算："
        "100% 表示按预算花完，远高于 100% 说明年中追加了很多钱。",
        "The initial budget is what was approved at the start of the year; the final account is what was "
        "actually spent. Completion rate = final ÷ initial budget: 100 % means spent as planned, far above "
        "100 % means much money was added during the year.",
    )


def totals(head: dict, stated: dict | None) -> tuple:
    """The initial budget and the final of the whole year: as the narrative states them (queries.budget_headline),
    else from the tables (queries.headline)."""
    initial = stated["initial_budget"] if stated else head.get("initial_budget")
    final = stated["final"] if stated and not missing(stated["final"]) else head.get("total")
    return initial, final


def no_total() -> tuple[str, str]:
    """What the page says when the narrative's total initial budget was not read, and where to look."""
    return tr(
        "这份报告里没有读到“一般公共预算财政拨款支出年初预算”的总数。",
        "The report's total initial budget (一般公共预算财政拨款支出年初预算) was not found.",
    ), tr(
        "各项的预算和决算见下文；也可以到“数据与来源”页查看报告的读取情况。",
        "Per-item figures follow below; the Data & sources page shows how the report was read.",
    )


def executed(year: int, initial, final) -> str:
    """The year's initial budget, its final and the share of the one the other is (none of a budget of 0)."""
    rate = float(final) / float(initial) if float(initial) else None
    return tr(
        f"{year} 年年初预算 **{wan(initial)}** → 决算 **{money(final)}**，完成年初预算的 **{pct(rate)}**。",
        f"{year}: initial budget **{wan(initial)}** → final **{money(final)}**, **{pct(rate)}** of the initial budget.",
    )


def over(flags: pd.DataFrame, initial, final) -> str:
    """How many times the initial budget the final was, when the flag of the total trips; "" when it does not."""
    flag = total_flag(flags)
    if flag is None:
        return ""
    more = wan(float(final) - float(initial))
    return tr(
        f"实际支出是年初预算的 **{float(flag.value):,.1f} 倍**，多出 **{more}**。报告对每一项的解释见下文。",
        f"Actual spending was **{float(flag.value):,.1f} times** the initial budget: **{more}** more. The report's "
        "explanation for each item follows below.",
    )


def _where(row) -> str:
    return place(row.source_table, row.source_line, row.source_page, row.source_cell, row.held_in)


def stated_notes(stated: dict, findings: pd.DataFrame) -> list[str]:
    """The findings at the narrative's sentence of the totals, each as a note."""
    at = (findings["source_table"] == stated["source_table"]) & (findings["source_line"] == stated["source_line"])
    said = findings[at]
    return [
        tr("注意：", "Note: ") + md(tr_stored(m, e)) for m, e in zip(said["message"], said["message_en"], strict=True)
    ]


def quoted(stated: dict) -> str:
    """The narrative's sentence of the totals, with where it stands."""
    where = place(
        stated["source_table"],
        stated["source_line"],
        stated.get("source_page"),
        stated.get("source_cell"),
        stated.get("held_in"),
    )
    return tr(f"报告原文（{where}）：", f"The report's words ({where}): ") + md(stated["text"])


def no_lines() -> str:
    return tr(
        "这份报告的情况说明里没有读到分项的“年初预算与决算”对比。",
        "The report's narrative has no item-by-item list of initial budget against final that could be read.",
    )


def chart(lines: pd.DataFrame) -> charts.Chart:
    """Each 项's initial budget and final side by side, in the narrative's order; the full name on hover."""
    fig = charts.side_by_side(
        charts.unique([charts.wrap(n) for n in lines["name"]]),
        [
            (tr("年初预算", "Budget"), charts.BUDGET, lines["initial_budget"]),
            (tr("决算", "Final"), charts.FINAL, lines["final"]),
        ],
        list(zip(lines["name"], lines["code"].fillna(""), strict=True)),
        "<b>%{customdata[0]}</b> %{customdata[1]}",
    )
    table, height = lines["source_table"].iloc[0], max(340, 140 + 64 * len(lines))
    return charts.Chart(fig, "各项年初预算与决算", "Initial budget and final by item", WAN, table, height)


def standing_out(lines: pd.DataFrame) -> pd.DataFrame:
    """The lines (`said_of`'s `messages` and `flags` assigned) a finding or a tripped flag is said of."""
    return lines[lines["flags"].map(bool) | lines["messages"].map(bool)]


def nothing_stands_out() -> str:
    """What the page says when no line has a finding or a tripped flag: each within the flags' thresholds."""
    low, high = (float(RULES[code].threshold) * 100 for code in ("under_initial_budget", "over_initial_budget"))
    return tr(
        f"各项决算都在年初预算的 {low:g}%–{high:g}% 之间，报告数字前后一致，没有需要特别说明的。",
        f"Every item's final spending was between {low:g} % and {high:g} % of its initial budget, and the report's "
        "figures agree with each other: nothing stands out.",
    )


def callout(row) -> str:
    """One line that stands out: its figures and rate, its tripped flags, the report's explanation, the findings
    said of it and where it stands."""
    code = tr(f"（{md(row.code)}）", f" ({md(row.code)})") if not missing(row.code) else ""
    rate = None if missing(row.completion_rate) else pct(row.completion_rate)
    figures = tr(
        f"年初预算 {wan(row.initial_budget)}，决算 {wan(row.final)}（报告原文“{md(row.stated_final_text)}”），"
        f"完成率{' ' + rate if rate else '无法计算'}。",
        f"initial budget {wan(row.initial_budget)}, final {wan(row.final)} (the report's words: "
        f"“{md(row.stated_final_text)}”), completion rate {rate or 'undefined'}.",
    )
    explanation = md(row.explanation) if not missing(row.explanation) else tr("报告没有给出解释。", "none given.")
    return "\n\n".join(
        [
            f"**{md(row.name)}**{code}{tr('：', ': ')}{figures}",
            *row.flags,
            tr("报告的解释：", "The report's explanation (as published): ") + explanation,
            *[tr("数据核对：", "Data check: ") + md(m) for m in row.messages],
            tr("出处：", "Source: ") + _where(row),
        ]
    )


def cols(lines: pd.DataFrame) -> list[Col]:
    """The lines as a table: the recorded figures beside the report's own words, what stands out, the checks."""
    return [
        Col("科目编码", "Code", lines["code"]),
        *name_cols("科目名称", "Subject", lines, width="medium", pinned=True),
        Col("年初预算", "Initial budget", lines["initial_budget"], WAN),
        Col("决算", "Final", lines["final"], WAN),
        Col("报告原文的决算数", "Final as written in the report", lines["stated_final_text"]),
        # rates here run to 458,400 %: grouped like money
        Col(
            "按金额重算的完成率",
            "Completion rate, recomputed",
            as_percent(lines["completion_rate"]),
            PERCENT,
            "accounting",
        ),
        Col(
            "报告写的完成率",
            "Rate stated in the report",
            as_percent(lines["stated_completion_rate"]),
            PERCENT,
            "accounting",
        ),
        Col("提示", "What stands out", ["；".join(texts) for texts in lines["flags"]]),
        Col("报告的解释", "The report's explanation", lines["explanation"]),
        Col("数据核对", "Data check", ["；".join(m) for m in lines["messages"]]),
    ]
