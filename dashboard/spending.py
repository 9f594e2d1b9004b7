"""支出结构 in sentences and figures: what the page says about a report's spending, and the charts it draws."""

from __future__ import annotations

import html

import pandas as pd

from dashboard import charts
from dashboard.fmt import md, missing, money, pct, unit, wan
from dashboard.i18n import CATEGORY, label, term, tr
from dashboard.units import WAN


def lead() -> str:
    """What the page answers, under its title."""
    return tr(
        "这一页回答“钱花在哪里”：按政府支出科目（类 → 款 → 项）看用途，"
        "看其中多少是维持单位运转的基本支出、多少是办具体事的项目支出，以及基本支出具体花在人还是花在办公上。",
        "Where the money went: by government spending subject (class → section → item), how much kept the "
        "organisation running (basic spending) and how much paid for specific tasks (project spending), and "
        "what basic spending bought.",
    )


def number(value) -> float:
    """A figure to add up: a blank in the report adds nothing."""
    return 0.0 if missing(value) else float(value)


def _share(part: float, total: float) -> str:
    return pct(part / total if total else None, 2)


def spent(year: int, total: float, basic: float, project: float) -> str:
    return tr(
        f"{year} 年，这个部门一共支出 **{money(total)}**。其中基本支出 **{wan(basic)}**"
        f"（{_share(basic, total)}），项目支出 **{wan(project)}**（{_share(project, total)}）。",
        f"In {year} this department spent **{money(total)}**: basic spending **{wan(basic)}** "
        f"({_share(basic, total)}), project spending **{wan(project)}** ({_share(project, total)}).",
    )


def largest(functions: pd.DataFrame, total: float) -> str:
    """The largest class and the largest item, with the class's share of `total`; "" without classes."""
    ranked = functions.assign(amount=functions["total"].map(number)).sort_values("amount", ascending=False)
    classes, items = ranked[ranked["level"] == "类"], ranked[ranked["level"] == "项"]
    if not total or classes.empty:
        return ""
    top = classes.iloc[0]
    sentence = tr(
        f"最大的一类是“{md(top['name'])}”，**{wan(top['amount'])}**，占 {_share(top['amount'], total)}",
        f"The largest class is “{md(top['name'])}”: **{wan(top['amount'])}**, "
        f"{_share(top['amount'], total)} of the total",
    )
    if items.empty:
        return sentence + tr("。", ".")
    item = items.iloc[0]
    return sentence + tr(
        f"；最大的一项是“{md(item['name'])}”，**{wan(item['amount'])}**。",
        f"; the largest item is “{md(item['name'])}”: **{wan(item['amount'])}**.",
    )


def amounts(functions: pd.DataFrame) -> pd.DataFrame:
    """The spending rows with blanks as 0, to the 0.01 万元 the report prints."""
    return functions.assign(**{c: functions[c].map(number).round(2) for c in ("total", "basic", "project")})


def items_chart(functions: pd.DataFrame, total: float) -> charts.Chart:
    """Each subject with no sub-subject below it (a 项, or a 类 the report does not break down) as a bar, the
    largest on top, its amount printed beside it: a share of 0.02 % still reads as a figure, where a tile of
    it would be a sliver. The hover names its 类 and 款 and gives its share of `total`."""
    rows = amounts(functions)
    names = dict(zip(rows["code"], rows["name"], strict=True))
    parents = dict(zip(rows["code"], rows["parent_code"], strict=True))
    leaves = rows[~rows["code"].isin(set(rows["parent_code"].dropna()))].sort_values("total", ascending=False)

    def path(code: str) -> str:
        above: list[str] = []
        while (parent := parents.get(code)) in names and len(above) < 2:  # a 项 has a 款 and a 类 above it
            above.insert(0, names[parent])
            code = parent
        return " › ".join(html.escape(name) for name in above)

    custom = [
        [html.escape(row.name), row.code, path(row.code), _share(row.total, total)] for row in leaves.itertuples()
    ]
    fig = charts.bars(
        [
            charts.money_trace(
                "",
                charts.FINAL,
                charts.unique([charts.wrap(n) for n in leaves["name"]]),
                leaves["total"],
                custom,
                "<b>%{customdata[0]}</b> %{customdata[1]}<br>%{customdata[2]}<br>"
                + tr("占全部支出 ", "Share of all spending ")
                + "%{customdata[3]}",
            )
        ]
    )
    table, height = functions["source_table"].iloc[0], max(340, 150 + 46 * len(leaves))
    return charts.Chart(fig, "按功能分类的各项支出", "Spending by item", WAN, table, height)


def class_split(functions: pd.DataFrame) -> charts.Chart:
    """基本 and 项目 stacked in each 类, the largest class on top."""
    classes = amounts(functions)
    classes = classes[classes["level"] == "类"].sort_values("total", ascending=False)
    names = charts.unique([charts.wrap(n) for n in classes["name"]])
    custom = list(zip(classes["name"], classes["code"], classes["total"], strict=True))
    hover = f"<b>%{{customdata[0]}}</b> %{{customdata[1]}}<br>{tr('合计', 'Total')} %{{customdata[2]:,.2f}} {unit()}"
    fig = charts.bars(
        [
            charts.money_trace(name, colour, names, classes[column], custom, hover)
            for column, colour, name in (
                ("basic", charts.BASIC, tr("基本支出", "Basic")),
                ("project", charts.PROJECT, tr("项目支出", "Project")),
            )
        ],
        stack=True,
    )
    table, height = functions["source_table"].iloc[0], max(340, 150 + 62 * len(classes))
    return charts.Chart(fig, "各类支出的基本/项目构成", "Basic and project spending by class", WAN, table, height)


def economic(items: pd.DataFrame) -> charts.Chart:
    """Each item of basic spending by its amount, 人员经费 above 公用经费, the largest first in each."""
    traces, seen = [], set()
    for category, colour in (("人员经费", charts.PERSONNEL), ("公用经费", charts.PUBLIC_COSTS)):
        part = items[items["category"] == category].sort_values("amount", ascending=False)
        if part.empty:
            continue
        # an item's name can stand in both categories: the second keeps its own bar
        names = [n if n not in seen else f"{n} ·" for n in charts.unique([charts.wrap(n) for n in part["name"]])]
        seen |= set(names)
        custom = list(zip(part["name"], part["code"], part["class_name"].fillna(""), strict=True))
        traces.append(
            charts.money_trace(
                label(CATEGORY, category),
                colour,
                names,
                part["amount"],
                custom,
                "<b>%{customdata[0]}</b> %{customdata[1]}<br>%{customdata[2]}<br>"
                + tr("占全部支出 ", "Share of all spending ")
                + "%{customdata[3]}",
            )
        )
    fig, table, height = charts.bars(traces, stack=True), items["source_table"].iloc[0], max(340, 150 + 30 * len(items))
    return charts.Chart(fig, "基本支出按经济分类", "Basic spending by economic use", WAN, table, height)


def basic_uses(totals: pd.DataFrame) -> str:
    """What basic spending went on: 人员经费 and 公用经费, each with its amount, and what they are."""
    words = {"人员经费": "personnel costs", "公用经费": "running costs"}
    return tr(
        "一般公共预算财政拨款的基本支出中，"
        + "，".join(f"{r.category} **{wan(r.amount)}**" for r in totals.itertuples())
        + "。人员经费是发给职工的工资、津贴、社保等；"
        "公用经费是办公、差旅、水电等日常运转开支。",
        "Basic spending from the general public budget went on "
        + " and ".join(f"{words.get(r.category, r.category)} (**{wan(r.amount)}**)" for r in totals.itertuples())
        + ". Personnel costs are staff pay, allowances and social insurance; running costs are office, travel, "
        "utilities and the like.",
    )


def basic_shares(totals: pd.DataFrame) -> str:
    """ "人员经费 90.29% · 公用经费 9.71%"; "" when basic spending is 0."""
    whole = sum(number(v) for v in totals["amount"])
    if not whole:
        return ""
    return " · ".join(f"{label(CATEGORY, r.category)} {_share(number(r.amount), whole)}" for r in totals.itertuples())


def three_public_rows(three: pd.DataFrame) -> pd.DataFrame:
    """The three kinds of 三公经费, without the sub-items of cars nor the total (any rows but the total when
    the report names the kinds otherwise)."""
    main = three[three["item"].isin(["因公出国（境）费", "公务用车购置及运行费", "公务接待费"])]
    return main if not main.empty else three[three["item"] != "合计"]


def none_spent(three: pd.DataFrame) -> bool:
    """No 三公经费 budgeted nor spent: nothing to chart."""
    return all(number(v) == 0 for v in (*three["budget"], *three["final"]))


def three_public(three: pd.DataFrame, year: int) -> str:
    """The 三公经费 in a sentence: all 0 said plainly, else the total budgeted and spent; "" without a total."""
    if none_spent(three):
        return tr(
            f"{year} 年“三公”经费预算和决算均为 0：没有因公出国（境）、公务用车购置及运行和公务接待的财政拨款支出。",
            f"In {year} the budget and the final spending on the “three public costs” were both 0: no "
            "public money went on official trips abroad, official cars or official hospitality.",
        )
    total = three[three["item"] == "合计"]
    if total.empty:
        return ""
    row = total.iloc[0]
    return tr(
        f"{year} 年“三公”经费预算 **{wan(row['budget'])}**，决算 **{wan(row['final'])}**。",
        f"In {year} the “three public costs” were budgeted at **{wan(row['budget'])}**; "
        f"**{wan(row['final'])}** was spent.",
    )


def three_public_chart(three: pd.DataFrame) -> charts.Chart:
    main = three_public_rows(three)
    fig = charts.side_by_side(
        charts.unique([charts.wrap(term("three_public", i), width=10) for i in main["item"]]),
        [(tr("预算", "Budget"), charts.BUDGET, main["budget"]), (tr("决算", "Final"), charts.FINAL, main["final"])],
        list(main["item"]),
        "<b>%{customdata}</b>",
    )
    table, height = three["source_table"].iloc[0], max(340, 170 + 70 * len(main))
    return charts.Chart(fig, "“三公”经费预算与决算", "“Three public costs”: budget and final", WAN, table, height)
