"""Where a report contradicts itself: checks across rows, tables and the narrative.

Each check compares two figures the report itself states and, when they
differ, records a finding with the report's own words. A difference no larger
than the rounding of the terms (the template's "尾数误差") is `info`; anything
larger is an `error`. Checks that a single part can make on its own (a stated
rate against its own figures, an unreadable cell) live in that part.

Every finding also has its message in English (`message_en`), with subject
names and the report's own words left as published. The checks here write
both languages; the parts write Chinese only, so `validate` reads their
messages against the wordings in `_PART_WORDINGS` and writes the English.
"""

from __future__ import annotations

import re
import string
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import replace
from decimal import Decimal

from etl.model import ParsedReport, QualityCheck
from etl.parts.cells import TOO_BIG
from etl.parts.narrative import MAX_TEXT
from etl.parts.performance import SOURCE_TABLE as PERF_TABLE
from etl.text import fmt_amount

_CENT_HALF = Decimal("0.005")

# (check name, plain description) — shown on the data-quality page as "what we check".
CHECKS: dict[str, str] = {
    "parent_sum": "上级科目等于下级科目之和（类 = Σ款 = Σ项），公开02、03、05、06表",
    "row_split": "每行本年支出合计 = 基本支出 + 项目支出；基本支出 = 人员经费 + 公用经费",
    "table_total": "表内合计行等于各类科目之和",
    "cross_table_total": "公开01、03、04、05表的支出合计一致；公开01表各类支出与公开03表一致",
    "basic_split": "公开06表人员经费、公用经费合计与明细之和一致，并与基本支出一致",
    "perf_total": "绩效自评表执行数之和、项目个数与情况说明所述一致",
    "subject_name_mismatch": "同一科目代码在各表中名称一致",
    "duplicate_code": "同一张表中每个科目只列一次",
}


def _where_en(source_table: str | None, source_line: int | None) -> str:
    """ "公开03表 支出决算表, line 145: " — the English counterpart of "公开03表 支出决算表第 145 行："."""
    if source_table and source_line:
        return f"{source_table}, line {source_line}: "
    if source_line:
        return f"Line {source_line}: "
    return f"{source_table}: " if source_table else ""


def _english_message(source_table: str | None, source_line: int | None, body: str) -> str:
    where = _where_en(source_table, source_line)
    return f"{where}{body}" if where else body[:1].upper() + body[1:]


class _Findings:
    def __init__(self, report_id: str) -> None:
        self.report_id = report_id
        self.items: list[QualityCheck] = []

    def add(
        self,
        check: str,
        severity: str,
        message: str,
        english: str,
        expected: str | None,
        actual: str | None,
        source_table: str | None,
        source_line: int | None,
    ) -> None:
        """`english` is the message without its place: the table and line go in front, as `_where_en` writes them."""
        message_en = _english_message(source_table, source_line, english)
        self.items.append(
            QualityCheck(
                self.report_id, check, severity, message, expected, actual, source_table, source_line, message_en
            )
        )

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
        diff = abs(stated - computed)
        rounding = diff <= _CENT_HALF * max(terms, 2)
        where = f"{source_table}第 {source_line} 行：" if source_table and source_line else ""
        note = "，在四舍五入的尾数误差之内" if rounding else ""
        note_en = ", within rounding" if rounding else ""
        self.add(
            check,
            "info" if rounding else "error",
            f"{where}{what}报告数为 {fmt_amount(stated)}，按其他数字计算为 {fmt_amount(computed)}"
            f"（相差 {fmt_amount(diff)}{note}）",
            f"the report gives {what_en} as {fmt_amount(stated)}; its other figures give {fmt_amount(computed)} "
            f"(a difference of {fmt_amount(diff)}{note_en}).",
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


def _summary_amount(parsed: ParsedReport, fiscal_only: bool, side: str, item: str):
    return next(
        (
            line
            for line in parsed.summary_lines
            if line.fiscal_only == fiscal_only and line.side == side and line.item == item
        ),
        None,
    )


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
        if line.fiscal_only or line.side != "expense":
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
    economic_totals = [t for t in parsed.table_totals if t.item in ("人员经费合计", "公用经费合计")]
    basic = _table_total(parsed, parsed.spending_by_function, "basic")
    if basic is not None and len(economic_totals) == 2:
        f.compare(
            "basic_split",
            "基本支出（与公开06表人员经费合计 + 公用经费合计比较）",
            "basic spending (checked against 人员经费合计 + 公用经费合计 in 公开06表)",
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


# --- English for the parts' findings ------------------------------------------------------------
#
# Each part's message wordings, as its f-strings write them, with "{name}" for what varies, beside the English.
# A message matching none of its check's wordings (a part reworded) is left without English: the dashboard then
# shows the Chinese, and tests/test_validate.py fails until the wording here follows.

_TOO_BIG_EN = "is beyond what the store can hold (in 万元, at most 12 digits before the point and 6 after)"
_CELL = "{table}第 {line} 行："
_PERF = PERF_TABLE + "“{project}”"
_PERF_ROW = _PERF + "第 {line} 行："
_PERF_UNREADABLE = [  # etl.parts.performance: why a row was not loaded
    ("项目名称为空", "the project name is empty"),
    ("出现在第一个“项目名称”之前", "the row comes before the first “项目名称” (project name)"),
    (
        "上一个项目的指标之后出现了实施单位、资金或目标，缺少“项目名称”一行；至下一个“项目名称”为止",
        "an implementing unit, funding or goals follow the previous project's indicators with no “项目名称” "
        "(project name) row between; skipped up to the next “项目名称”",
    ),
    (
        "资金表头找不到“{columns}”一栏，各资金行的这一栏留空",
        "the funding header has no “{columns}” column, left empty in every funding row",
    ),
    (
        "{label}一行应有 {n} 个数（{columns}），实有 {m} 个",
        "the “{label}” row should hold {n} figures ({columns}), not {m}",
    ),
    (
        "{label}的{column}“{value}”不是可确认的数字",
        "“{label}”, {column}: “{value}” is not a number that can be read for sure",
    ),
    ("{label}的{column}“{value}”" + TOO_BIG, "“{label}”, {column}: “{value}” " + _TOO_BIG_EN),
    (
        "指标行应有三级指标、年度指标值、实际完成值，少于 3 栏",
        "an indicator row needs a third-level indicator, a target and an actual value, and has fewer than 3 cells",
    ),
]
_UNIT_UNCLEAR = "第 {line} 行“{label}”年初预算写作“{initial}”、决算写作“{final}”，单位不一致，"
_UNIT_UNCLEAR_EN = "“{label}”: the initial budget is written “{initial}” and the final “{final}”, in different units; "
_NOT_LOADED = "{table}有{name}收支数据，本看板暂未收录此表，请查阅原报告第 {first} 行起"
_NOT_LOADED_EN = (
    "the table holds {kind} figures, which this dashboard does not include yet; see the report from line {first}."
)
_EMPTY = "{table}为空表：本年度无{name}收支"
_EMPTY_EN = "the table is empty: no {kind} appropriations were received or spent this year."
_GOV_FUND, _SOE_CAPITAL = "government-fund budget", "state-capital operating budget"

_PART_WORDINGS: dict[str, list[tuple[str, str]]] = {
    # etl.parts.cells and the table parts that read through it
    "missing_cell": [(_CELL + "{column}一栏缺失（行被截断）", "the {column} cell is missing (the row is cut off).")],
    "unreadable_amount": [
        (
            _CELL + "{column}“{raw}”不是可确认的数字，未载入",
            "{column} “{raw}” is not a number that can be read for sure; not loaded.",
        )
    ],
    "unstorable_amount": [(_CELL + "{column}“{raw}”" + TOO_BIG, "{column} “{raw}” " + _TOO_BIG_EN + "; not loaded.")],
    "unreadable_code": [
        (
            _CELL + "科目编码“{code}”不是可确认的编码，此行未载入",
            "the subject code “{code}” cannot be read for sure; the row is not loaded.",
        )
    ],
    "missing_name": [(_CELL + "科目 {code} 没有名称", "subject {code} has no name.")],
    "truncated_table": [(_CELL + "“三公”经费表没有数据行", "the “三公” (three public costs) table has no data rows.")],
    # etl.parts.funds
    "gov_fund_not_loaded": [(_NOT_LOADED, _NOT_LOADED_EN.format(kind=_GOV_FUND, first="{first}"))],
    "soe_capital_not_loaded": [(_NOT_LOADED, _NOT_LOADED_EN.format(kind=_SOE_CAPITAL, first="{first}"))],
    "gov_fund_empty": [(_EMPTY, _EMPTY_EN.format(kind=_GOV_FUND))],
    "soe_capital_empty": [(_EMPTY, _EMPTY_EN.format(kind=_SOE_CAPITAL))],
    # etl.parts.performance
    "perf_row_unreadable": [
        (_PERF_ROW + why + "，未载入：{raw}", "project “{project}”: " + why_en + "; not loaded: {raw}")
        for why, why_en in _PERF_UNREADABLE
    ],
    "perf_row_ignored": [
        (
            _PERF + "第 {line} 行不属于任何已知栏目，未读取：{cells}",
            "project “{project}”: the row fits no known column and was not read: {cells}",
        )
    ],
    "perf_level_conflict": [
        (
            _PERF_ROW + "二级指标“{level2}”属于“{parent}”，行中却写“{level1}”，按二级指标归入“{parent}”",
            "project “{project}”: the second-level indicator “{level2}” belongs under “{parent}”, but the row says "
            "“{level1}”; filed under “{parent}”, as its second-level indicator says.",
        )
    ],
    "perf_funding_missing": [
        (
            _PERF + "没有“年度资金总和”一行，项目资金未载入",
            "project “{project}” has no “年度资金总和” (annual total) row; its funding is not loaded.",
        )
    ],
    "perf_execution_rate": [
        (
            _PERF + "执行率写作 {stated}，按全年执行数 {executed} ÷ 全年预算数 {budget} 应为 {computed}",
            "project “{project}”: the execution rate is written as {stated}; executed {executed} ÷ full-year budget "
            "{budget} gives {computed}.",
        )
    ],
    "perf_funding_sum": [
        (
            _PERF + "{column}：各资金来源合计 {summed}，年度资金总和却为 {total}",
            "project “{project}”, {column}: the funding sources add up to {summed}, but the annual total (年度资金总和) "
            "is {total}.",
        )
    ],
    # etl.parts.narrative
    "narrative_conflict": [
        (
            "情况说明对“{label}”前后说法不一：第 {first} 行为 {one}，第 {second} 行为 {other}。已采用第 {first} 行的数字。",
            "the narrative gives “{label}” twice, differently: {one} on line {first}, {other} on line {second}; the "
            "figure on line {first} is used.",
        )
    ],
    "unreadable_figure": [
        (
            "第 {line} 行“{label}”的数字“{raw}”无法确定读数，已留空。",
            "the figure for “{label}”, “{raw}”, cannot be read for sure; left empty.",
        ),
        (
            "第 {line} 行的数字“{words}”无法确定读数（{sentence}），已留空，不作猜测。",
            "the figure “{words}” cannot be read for sure ({sentence}); left empty rather than guessed.",
        ),
    ],
    "unstorable_figure": [
        (
            "第 {line} 行的数字“{words}”" + TOO_BIG + "（{sentence}）。",
            "the figure “{words}” " + _TOO_BIG_EN + "; not loaded ({sentence}).",
        )
    ],
    "text_too_long": [
        (
            "第 {line} 行长达 {chars} 字，不像报告正文的一段（正文每段不过数百字），未读取，其中的数字未载入。",
            "the line is {chars} characters long, not a paragraph of a report (those run to a few hundred); it was "
            "not read, nor any figure in it.",
        ),
        (
            f"报告表格以外的文字超过 {MAX_TEXT:,} 字，远超一份部门决算报告（通常一万字上下）；"
            "第 {line} 行起的文字未读取，其中的数字未载入。",
            f"the text outside the tables runs past {MAX_TEXT:,} characters, far more than a final-accounts report "
            "(usually about 10,000); the text from here on was not read, nor any figure in it.",
        ),
    ],
    "subject_code_missing": [
        (
            "第 {line} 行“{label}”在支出决算表中找不到同名的项级科目，科目编码留空。",
            "“{label}” has no item-level subject of the same name in the spending table (支出决算表); its subject "
            "code is left empty.",
        )
    ],
    "unit_slip": [
        (
            "第 {line} 行“{label}”写作“{written}”，但同句的{other_name}是 {other}、完成率是 {rate}，只有按 {meant} "
            "计算才对得上（按 {odd} 计算完成率应为 {literal}），应为单位笔误，已按 {meant} 记录。",
            "“{label}” is written as “{written}”, but the same sentence gives {other_name!t} as {other} and the "
            "completion rate as {rate}, which fit only {meant} (read as {odd}, the rate would be {literal}): a unit "
            "slip, recorded as {meant}.",
        ),
        (
            "第 {line} 行“{label}”写作“{written}”，但同句的占比 {share} 只有按“{meant}”计算才成立（占{whole}），"
            "应为单位笔误，已按 {meant} 记录。",
            "“{label}” is written as “{written}”, but the same sentence's share of {share} holds only for “{meant}” "
            "(of {whole}): a unit slip, recorded as {meant}.",
        ),
    ],
    "unit_unclear": [
        (
            _UNIT_UNCLEAR + "与同句的完成率 {rate} 两种读法都对不上，无法确定“{odd}”的读数，已留空。",
            _UNIT_UNCLEAR_EN + "neither reading fits the completion rate in the same sentence, {rate}, so “{odd}” "
            "cannot be read for sure and is left empty.",
        ),
        (
            _UNIT_UNCLEAR + "同句没有完成率可以核对，无法确定“{odd}”的读数，已留空。",
            _UNIT_UNCLEAR_EN + "the sentence has no completion rate to check them against, so “{odd}” cannot be read "
            "for sure and is left empty.",
        ),
    ],
    "completion_rate_undefined": [
        (
            "第 {line} 行“{label}”年初预算为 {initial}，完成率无法计算（不能除以零），"
            "报告却写“完成年初预算的 {stated}”，这个百分比没有意义。",
            "“{label}” had an initial budget of {initial}, so there is no completion rate (it would divide by "
            "zero), yet the report writes “完成年初预算的 {stated}” ({stated} of the initial budget): the "
            "percentage means nothing.",
        )
    ],
    "tiny_initial_budget": [
        (
            "第 {line} 行“{label}”年初预算只有 {initial}，决算 {final}，“完成年初预算的 {stated}”算术上成立，"
            "但年初几乎没有预算，支出基本是年中追加，这个完成率没有实际意义。",
            "“{label}” had an initial budget of only {initial} and a final of {final}: “完成年初预算的 {stated}” "
            "({stated} of the initial budget) is arithmetically right, but with almost no initial budget the money "
            "was added during the year, and the rate means nothing in practice.",
        )
    ],
    "completion_rate_mismatch": [
        (
            "第 {line} 行“{label}”：决算 {final} ÷ 年初预算 {initial} = {computed}，报告写“完成年初预算的 {stated}”。",
            "“{label}”: final {final} ÷ initial budget {initial} = {computed}, but the report writes "
            "“完成年初预算的 {stated}” ({stated} of the initial budget).",
        )
    ],
    "narrative_share": [
        (
            "第 {line} 行“{quote}”：按 {part} ÷ {whole} 计算应为 {computed}。",
            "“{quote}”: {part} ÷ {whole} gives {computed}.",
        )
    ],
    "narrative_growth": [
        (
            "第 {line} 行“{label}”本年 {amount}，比上年{change_dir} {change}，上年应为 {prior}，"
            "{dir2}幅度应为 {computed}，报告写 {stated}。",
            "“{label}”: {amount} this year, {change_dir!t} {change} on last year, so last year's was {prior} and "
            "the change {computed}; the report writes {stated}.",
        )
    ],
    "procurement_sum": [
        (
            "第 {line} 行政府采购：货物 {goods} + 工程 {works} + 服务 {services} = {added}，与所写总额 {total} 不符。",
            "government procurement: goods {goods} + works {works} + services {services} = {added}, not the total "
            "written, {total}.",
        )
    ],
    "procurement_share": [
        (
            "第 {line} 行{label} {amount} 占{of}的比例按原数计算为 {computed}，报告写 {stated}。",
            "{label!t} ({amount}) come to {computed} of {of!t} by the report's own figures; the report writes "
            "{stated}.",
        )
    ],
}

# Our own words the parts put into a message, for a "{name!t}" in the English.
_TERMS = {
    "年初预算": "the initial budget",
    "决算": "the final figure",
    "增加": "up",
    "减少": "down",
    "授予中小企业合同金额": "the contracts awarded to small and medium enterprises",
    "授予小微企业合同金额": "the contracts awarded to small and micro enterprises",
    "政府采购支出总额": "total government procurement",
}
_PLACEHOLDER = re.compile(r"\{(\w+)\}")


def _pattern(wording: str) -> re.Pattern[str]:
    """A message wording as a regular expression: each "{name}" a group, a repeated one a back-reference."""
    parts, seen, at = [], set(), 0
    for m in _PLACEHOLDER.finditer(wording):
        parts.append(re.escape(wording[at : m.start()]))
        parts.append(f"(?P={m[1]})" if m[1] in seen else f"(?P<{m[1]}>.*?)")
        seen.add(m[1])
        at = m.end()
    parts.append(re.escape(wording[at:]))
    return re.compile("".join(parts), re.DOTALL)


class _Terms(string.Formatter):
    def convert_field(self, value, conversion):
        return _TERMS.get(value, value) if conversion == "t" else super().convert_field(value, conversion)


_FORMAT = _Terms()


_WORDINGS = {check: [(_pattern(zh), en) for zh, en in wordings] for check, wordings in _PART_WORDINGS.items()}


def _with_english(check: QualityCheck) -> QualityCheck:
    """The finding with its message in English, when it has none yet and its wording is known."""
    if check.message_en is not None:
        return check
    for pattern, english in _WORDINGS.get(check.check, ()):
        m = pattern.fullmatch(check.message)
        if m:
            body = _FORMAT.format(english, **m.groupdict())
            return replace(check, message_en=_english_message(check.source_table, check.source_line, body))
    return check


def validate(parsed: ParsedReport) -> list[QualityCheck]:
    """The report's contradictions across rows and tables, to add to `parsed.quality_checks`.

    The parts' findings, already in `parsed.quality_checks`, are given their English here, in place.
    """
    parsed.quality_checks[:] = [_with_english(c) for c in parsed.quality_checks]
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
    _check_names(f, parsed)
    return f.items
