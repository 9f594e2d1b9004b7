"""Where a report contradicts itself: checks across rows, tables and the narrative.

Each check compares two figures the report itself states and, when they
differ, records a finding with the report's own words. A difference no larger
than the rounding of the terms (the template's "尾数误差") is `info`; anything
larger is an `error`. Checks that a single part can make on its own (a stated
rate against its own figures, an unreadable cell) live in that part.

Every finding also has its message in English (`message_en`), with subject
names and the report's own words left as published, written beside the
Chinese where the finding is made: here, and in each part for its own.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal

from etl.checks import Findings, difference, sum_severity
from etl.glossary import source_en
from etl.model import ParsedReport, QualityCheck
from etl.parts.summary import TOTAL_FUND
from etl.text import fmt_amount, fmt_amount_en


class _Findings(Findings):
    def compare(
        self,
        check: str,
        what: str,
        what_en: str,
        stated: Decimal | None,
        computed: Decimal | None,
        terms: int,
        source_table: str | None,
        source_line: int | None,
    ) -> None:
        """Record a finding when `stated` (the report's figure) ≠ `computed` (from its other figures)."""
        if stated is None or computed is None or stated == computed:
            return
        severity = sum_severity(stated, computed, terms)
        apart, apart_en = difference(stated, computed, severity)
        where = f"{source_table}第 {source_line} 行：" if source_table and source_line else ""
        self.add(
            check,
            severity,
            f"{where}{what}报告数为 {fmt_amount(stated)}，按其他数字计算为 {fmt_amount(computed)}{apart}",
            f"the report gives {what_en} as {fmt_amount_en(stated)}; its other figures give {fmt_amount_en(computed)} "
            f"{apart_en}.",
            fmt_amount(computed),
            fmt_amount(stated),
            source_table,
            source_line,
        )


def _table_total(parsed: ParsedReport, rows: list, column: str):
    """The 合计 line of the table `rows` came from, for one column."""
    sources = {r.source_table for r in rows}
    return next((t for t in parsed.table_totals if t.column == column and t.source_table in sources), None)


def _sum(values: Iterable[Decimal | None]) -> Decimal | None:
    values = list(values)
    if not values or any(v is None for v in values):
        return None
    return sum(values, Decimal(0))


def _check_parents(f: _Findings, rows: list, columns: dict[str, tuple[str, str]]) -> None:
    """Each row that has children equals their sum, in every column (attribute → its label in Chinese, English).

    Each code's sums are computed once: a file that repeats a table a thousand times must not
    make this quadratic (a duplicated row is reported by `_check_duplicates`).
    """
    children = defaultdict(list)
    for row in rows:
        if row.parent_code:
            children[row.parent_code].append(row)
    sums = {
        (code, column): _sum(getattr(k, column) for k in kids) for code, kids in children.items() for column in columns
    }
    for row in rows:
        kids = children.get(row.code)
        if not kids:
            continue
        for column, (label, label_en) in columns.items():
            f.compare(
                "parent_sum",
                f"{row.code} {row.name}{label}",
                f"{label_en}{row.code} {row.name}",
                getattr(row, column),
                sums[row.code, column],
                len(kids),
                row.source_table,
                row.source_line,
            )


def _check_duplicates(f: _Findings, rows: list) -> None:
    """A subject code twice in one table: a repeated line, whose amounts would be counted twice."""
    first: dict[tuple[str, str], int] = {}
    for row in rows:
        key = (row.source_table, row.code)
        if key not in first:
            first[key] = row.source_line
            continue
        f.add(
            "duplicate_code",
            "error",
            f"{row.source_table}第 {row.source_line} 行：科目 {row.code} {row.name}已在第 {first[key]} 行出现，"
            "同一科目重复列出，合计时会重复计算",
            f"subject {row.code} {row.name} already appears on line {first[key]}; listed twice, it would be "
            "counted twice in any total.",
            f"第 {first[key]} 行",
            f"第 {row.source_line} 行",
            row.source_table,
            row.source_line,
        )


def _check_function_table(f: _Findings, rows: list, columns: tuple[str, ...], parsed: ParsedReport) -> None:
    if not rows:
        return
    _check_parents(
        f, rows, {column: (f"的{_LABELS[column][0]}", f"the {_LABELS[column][1]} of ") for column in columns}
    )
    classes = [r for r in rows if r.level == "类"]
    for column in columns:
        total = _table_total(parsed, rows, column)
        if total is None or total.amount is None:
            continue
        label, label_en = _LABELS[column]
        f.compare(
            "table_total",
            f"合计行的{label}",
            f"the total line's {label_en}",
            total.amount,
            _sum(getattr(r, column) for r in classes),
            len(classes),
            total.source_table,
            total.source_line,
        )


_LABELS = {
    "total": ("合计", "total"),
    "basic": ("基本支出", "basic spending"),
    "project": ("项目支出", "project spending"),
    "personnel": ("人员经费", "personnel costs"),
    "public_costs": ("公用经费", "running costs"),
    "fiscal_appropriation": ("财政拨款收入", "fiscal appropriation"),
}


def _check_row_splits(f: _Findings, parsed: ParsedReport) -> None:
    for row in parsed.spending_by_function:
        f.compare(
            "row_split",
            f"{row.code} {row.name}的本年支出合计",
            f"this year's total spending of {row.code} {row.name}",
            row.total,
            _sum([row.basic, row.project]),
            2,
            row.source_table,
            row.source_line,
        )
    for row in parsed.gpb_spending_by_function:
        f.compare(
            "row_split",
            f"{row.code} {row.name}的合计",
            f"the total of {row.code} {row.name}",
            row.total,
            _sum([row.basic, row.project]),
            2,
            row.source_table,
            row.source_line,
        )
        f.compare(
            "row_split",
            f"{row.code} {row.name}的基本支出",
            f"the basic spending of {row.code} {row.name}",
            row.basic,
            _sum([row.personnel, row.public_costs]),
            2,
            row.source_table,
            row.source_line,
        )


def _summary_amount(parsed: ParsedReport, fiscal: bool, side: str, item: str):
    """A line of 公开01表, or with `fiscal` the 合计 column of 公开04表's line."""
    lines = (
        [line for line in parsed.fiscal_summary_lines if line.fund == TOTAL_FUND] if fiscal else parsed.summary_lines
    )
    return next((line for line in lines if line.side == side and line.item == item), None)


def _check_cross_tables(f: _Findings, parsed: ParsedReport) -> None:
    spending_total = _table_total(parsed, parsed.spending_by_function, "total")
    classes = [r for r in parsed.spending_by_function if r.level == "类"]
    reference = (
        spending_total.amount
        if spending_total and spending_total.amount is not None
        else _sum(r.total for r in classes)
    )
    if reference is None:
        return
    others = [
        (_summary_amount(parsed, False, "expense", "本年支出合计"), "本年支出合计"),
        (_summary_amount(parsed, True, "expense", "本年支出合计"), "本年支出合计"),
        (_table_total(parsed, parsed.gpb_spending_by_function, "total"), "合计"),
    ]
    for line, label in others:
        if line is None:
            continue
        f.compare(
            "cross_table_total",
            f"{label}（与支出决算表合计 {fmt_amount(reference)} 比较）",
            f"“{label}” (checked against the total of the spending table, 支出决算表)",
            line.amount,
            reference,
            2,
            line.source_table,
            line.source_line,
        )
    # 公开01表 lists each 类 by name ("一、一般公共服务支出") beside the 支出决算表's 类 rows.
    by_name = {r.name: r for r in classes}
    for line in parsed.summary_lines:
        if line.side != "expense":
            continue
        name = line.item.split("、", 1)[-1]
        row = by_name.get(name)
        if row is not None:
            f.compare(
                "cross_table_total",
                f"{line.item}（与支出决算表 {row.code} 比较）",
                f"“{line.item}” (checked against {row.code} in the spending table, 支出决算表)",
                line.amount,
                row.total,
                2,
                line.source_table,
                line.source_line,
            )
    income = _summary_amount(parsed, False, "income", "本年收入合计")
    income_classes = [r for r in parsed.income_by_function if r.level == "类"]
    if income is not None and income_classes:
        f.compare(
            "cross_table_total",
            "本年收入合计（与收入决算表各类之和比较）",
            "“本年收入合计” (checked against the sum of the classes in the income table, 收入决算表)",
            income.amount,
            _sum(r.total for r in income_classes),
            len(income_classes),
            income.source_table,
            income.source_line,
        )


def _check_economic(f: _Findings, parsed: ParsedReport) -> None:
    rows = parsed.basic_spending_by_economic
    if not rows:
        return
    _check_parents(f, rows, {"amount": ("", "")})
    members = defaultdict(list)
    for r in rows:
        if r.parent_code:
            members[r.category].append(r.amount)
    sums = {category: _sum(amounts) for category, amounts in members.items()}
    for total in parsed.table_totals:
        if total.column in ("personnel", "public_costs") and total.item.endswith("经费合计"):
            category = total.item.removesuffix("合计")
            f.compare(
                "basic_split",
                total.item,
                f"“{total.item}” (checked against the sum of its items)",
                total.amount,
                sums.get(category),
                len(members[category]),
                total.source_table,
                total.source_line,
            )
    # 公开06表 covers the general-budget appropriation only: its 基本支出 is 05表's. 03表's counts 事业收入 and
    # 其他收入 too, which a department may legitimately have (普陀区财政局: 6.20 万元 of 其他收入).
    economic_totals = [t for t in parsed.table_totals if t.item in ("人员经费合计", "公用经费合计")]
    basic = _table_total(parsed, parsed.gpb_spending_by_function, "basic")
    if basic is not None and len(economic_totals) == 2:
        f.compare(
            "basic_split",
            "一般公共预算财政拨款基本支出（与公开06表人员经费合计 + 公用经费合计比较）",
            "general-budget basic spending (checked against 人员经费合计 + 公用经费合计 in 公开06表)",
            basic.amount,
            _sum(t.amount for t in economic_totals),
            2,
            basic.source_table,
            basic.source_line,
        )


def _check_perf_total(f: _Findings, parsed: ParsedReport) -> None:
    facts = {fact.topic: fact for fact in parsed.narrative_facts}
    projects = parsed.perf_projects
    stated = facts.get("perf_total_amount")
    if stated is not None and projects:
        f.compare(
            "perf_total",
            "情况说明所述绩效自评项目资金",
            "the self-evaluated projects' funding in the narrative",
            stated.value,
            _sum(p.executed for p in projects),
            len(projects),
            stated.source_table,
            stated.source_line,
        )
    count = facts.get("perf_project_count")
    if count is not None and count.value is not None and count.value != len(projects):
        f.add(
            "perf_total",
            "warning",
            f"情况说明称开展绩效自评的项目有 {count.value:,.0f} 个，报告附有绩效自评表 {len(projects)} 张",
            f"the narrative says {count.value:,.0f} projects were self-evaluated; the report has "
            f"{len(projects)} self-evaluation tables.",
            f"{count.value:,.0f} 个",
            f"{len(projects)} 张",
            count.source_table,
            count.source_line,
        )


# The narrative's headline figures and the summary-table line each restates.
_NARRATIVE_TOTALS = (
    ("total", False, "income", "总计", "收、支总计", "the total of income and spending (收、支总计)"),
    (
        "fiscal_total",
        True,
        "income",
        "总计",
        "财政拨款收、支总计",
        "the total of fiscal appropriations (财政拨款收、支总计)",
    ),
    ("total_income", False, "income", "本年收入合计", "本年收入合计", "the year's income (本年收入合计)"),
    ("total_spending", False, "expense", "本年支出合计", "本年支出合计", "the year's spending (本年支出合计)"),
)


def _check_narrative_totals(f: _Findings, parsed: ParsedReport) -> None:
    facts = {fact.topic: fact for fact in parsed.narrative_facts}
    for topic, fiscal, side, item, what, what_en in _NARRATIVE_TOTALS:
        stated, line = facts.get(topic), _summary_amount(parsed, fiscal, side, item)
        if stated is None or line is None or stated.value is None or line.amount is None:
            continue
        if stated.value == line.amount:
            continue
        severity = sum_severity(stated.value, line.amount, 2)
        apart, apart_en = difference(stated.value, line.amount, severity)
        f.add(
            "narrative_total",
            severity,
            f"{stated.source_table}第 {stated.source_line} 行：情况说明写{what}为 {fmt_amount(stated.value)}，"
            f"{line.source_table}第 {line.source_line} 行为 {fmt_amount(line.amount)}{apart}",
            f"the narrative gives {what_en} as {fmt_amount_en(stated.value)}; {source_en(line.source_table)}, line "
            f"{line.source_line}, gives {fmt_amount_en(line.amount)} {apart_en}.",
            fmt_amount(line.amount),
            fmt_amount(stated.value),
            stated.source_table,
            stated.source_line,
        )


def _check_names(f: _Findings, parsed: ParsedReport) -> None:
    reference = {r.code: r.name for r in parsed.spending_by_function}
    for rows in (parsed.income_by_function, parsed.gpb_spending_by_function):
        for row in rows:
            expected = reference.get(row.code)
            if expected and row.name and row.name != expected:
                f.add(
                    "subject_name_mismatch",
                    "warning",
                    f"{row.source_table}第 {row.source_line} 行：科目 {row.code} 名为“{row.name}”，"
                    f"支出决算表中为“{expected}”",
                    f"subject {row.code} is named “{row.name}” here and “{expected}” in the spending table "
                    "(支出决算表).",
                    expected,
                    row.name,
                    row.source_table,
                    row.source_line,
                )


# The lines of 公开01表 and 04表 a side's 总计 is the sum of: the year's total and what was carried over or
# set aside. The lines under 年初结转和结余 in some 04表s (一般公共预算财政拨款 …) are its breakdown, not added.
_BALANCE_PARTS = re.compile(
    r"^(?:本年(?:收入|支出)合计|使用非财政拨款结余.*|用事业基金弥补收支差额|结余分配|年[初末].*结转和结余)$"
)
_SIDES = {"income": ("收入", "income"), "expense": ("支出", "spending")}


def _check_summary_balance(f: _Findings, parsed: ParsedReport) -> None:
    """总计 = 本年合计 + 结转和结余 (+ 结余分配 …) on each side of 公开01表 and in each fund column of 04表, and
    01表's two 总计 equal."""
    groups = defaultdict(list)
    for line in parsed.summary_lines:
        groups[("", line.side)].append(line)
    for line in parsed.fiscal_summary_lines:
        groups[(line.fund, line.side)].append(line)
    for (fund, side), lines in groups.items():
        total = next((line for line in lines if line.item == "总计"), None)
        parts = [line for line in lines if _BALANCE_PARTS.match(line.item)]
        if total is None or not parts:
            continue
        name, name_en = _SIDES[side]
        column = f"（{fund}）" if fund and fund != TOTAL_FUND else ""
        f.compare(
            "summary_balance",
            f"{name}总计{column}（与{' + '.join(p.item for p in parts)}比较）",
            f"the {name_en} 总计{column} (checked against {' + '.join(p.item for p in parts)})",
            total.amount,
            _sum(p.amount for p in parts),
            len(parts) + 1,
            total.source_table,
            total.source_line,
        )
    income, expense = (_summary_amount(parsed, False, side, "总计") for side in ("income", "expense"))
    if income is not None and expense is not None:
        f.compare(
            "summary_balance",
            f"收入总计（与支出总计 {fmt_amount(expense.amount)} 比较）",
            "the income 总计 (checked against the spending 总计)",
            income.amount,
            expense.amount,
            2,
            income.source_table,
            income.source_line,
        )


# 三公: each total and the items it is the sum of, by the names etl.parts.three_public stores.
_THREE_PUBLIC_SUMS = (
    ("合计", ("因公出国（境）费", "公务用车购置及运行费", "公务接待费")),
    ("公务用车购置及运行费", ("公务用车购置费", "公务用车运行费")),
)


def _check_three_public(f: _Findings, parsed: ParsedReport) -> None:
    items = {cost.item: cost for cost in parsed.three_public_costs}
    for total_item, parts in _THREE_PUBLIC_SUMS:
        total = items.get(total_item)
        if total is None or any(p not in items for p in parts):
            continue
        for column, name, name_en in (("budget", "预算数", "budget"), ("final", "决算数", "final")):
            f.compare(
                "three_public_sum",
                f"“三公”经费{total_item}的{name}",
                f"the {name_en} of 三公 {total_item}",
                getattr(total, column),
                _sum(getattr(items[p], column) for p in parts),
                len(parts) + 1,
                total.source_table,
                total.source_line,
            )


def _check_admin_costs(f: _Findings, parsed: ParsedReport) -> None:
    stated = next((fact for fact in parsed.narrative_facts if fact.topic == "admin_costs"), None)
    public = next(
        (t for t in parsed.table_totals if t.of_table == "basic_spending_by_economic" and t.column == "public_costs"),
        None,
    )
    if stated is None or public is None or stated.value is None or public.amount is None:
        return
    if stated.value > public.amount and sum_severity(stated.value, public.amount, 2) == "error":
        f.add(
            "admin_costs_over_public",
            "warning",
            f"{stated.source_table}第 {stated.source_line} 行：机关运行经费 {fmt_amount(stated.value)}，超过"
            f"{public.source_table}第 {public.source_line} 行的公用经费合计 {fmt_amount(public.amount)}",
            f"the narrative's administrative running costs, {fmt_amount_en(stated.value)}, exceed the public-costs "
            f"total of {source_en(public.source_table)}, line {public.source_line}: {fmt_amount_en(public.amount)}.",
            f"≤ {fmt_amount(public.amount)}",
            fmt_amount(stated.value),
            stated.source_table,
            stated.source_line,
        )


def _check_item_amounts(f: _Findings, parsed: ParsedReport) -> None:
    """Each 项 of the narrative's 年初预算 vs 决算 list against table 05's row of that code. The list is of the
    general-budget appropriation: table 03's row also counts other money, and may legitimately be larger."""
    rows = {r.code: r for r in parsed.gpb_spending_by_function if r.level == "项"}
    for item in parsed.budget_vs_final:
        row = rows.get(item.code or "")
        if row is None or item.final is None or row.total is None or item.final == row.total:
            continue
        f.compare(
            "narrative_item_amount",
            f"“{item.name}”的决算数（与{row.source_table}第 {row.source_line} 行 {fmt_amount(row.total)} 比较）",
            f"the final of “{item.name}” (checked against {source_en(row.source_table)}, line {row.source_line})",
            item.final,
            row.total,
            2,
            item.source_table,
            item.source_line,
        )


def _check_budget_reasons(f: _Findings, parsed: ParsedReport) -> None:
    for row in parsed.budget_vs_final:
        if row.initial_budget is None or row.final is None or row.initial_budget == row.final or row.explanation:
            continue
        direction, direction_en = ("大于", "above") if row.final > row.initial_budget else ("小于", "below")
        f.add(
            "budget_reason_missing",
            "info",
            f"{row.source_table}第 {row.source_line} 行“{row.name}”决算 {fmt_amount(row.final)}{direction}年初预算 "
            f"{fmt_amount(row.initial_budget)}，未说明原因",
            f"“{row.name}”: the final, {fmt_amount_en(row.final)}, is {direction_en} the budget of "
            f"{fmt_amount_en(row.initial_budget)}, and no reason is given.",
            None,
            None,
            row.source_table,
            row.source_line,
        )


def validate(parsed: ParsedReport) -> list[QualityCheck]:
    """The report's contradictions across rows and tables, to add to `parsed.quality_checks`."""
    f = _Findings(parsed.report.report_id)
    for rows in (
        parsed.spending_by_function,
        parsed.income_by_function,
        parsed.gpb_spending_by_function,
        parsed.basic_spending_by_economic,
    ):
        _check_duplicates(f, rows)
    _check_function_table(f, parsed.spending_by_function, ("total", "basic", "project"), parsed)
    _check_function_table(f, parsed.income_by_function, ("total", "fiscal_appropriation"), parsed)
    _check_function_table(
        f, parsed.gpb_spending_by_function, ("total", "basic", "personnel", "public_costs", "project"), parsed
    )
    _check_row_splits(f, parsed)
    _check_cross_tables(f, parsed)
    _check_economic(f, parsed)
    _check_perf_total(f, parsed)
    _check_narrative_totals(f, parsed)
    _check_names(f, parsed)
    _check_summary_balance(f, parsed)
    _check_three_public(f, parsed)
    _check_admin_costs(f, parsed)
    _check_budget_reasons(f, parsed)
    _check_item_amounts(f, parsed)
    return f
