"""The catalogue of checks: every finding the ETL records, by its code, in one place.

Each entry says what the check compares, in Chinese and English, and which severities it may carry. The
parts and `etl.validate` collect findings in a `Findings` list, whose every entry `finding` makes; it refuses
a code or a severity the catalogue does not list. The dashboard names and explains findings from here, and
judges nothing itself.

Severity means one thing everywhere:
- error: a figure that cannot be stored for sure (unreadable, cut off, beyond storable), or a sum that fails
  beyond the rounding of the figures summed;
- warning: a slip the report makes whose true figure is certain (the 11.33 元 among 万元, 05表's 201 named
  一般公共预算支出, a rate over a near-zero budget);
- info: the report's own 尾数误差 (a difference no larger than the rounding of the figures summed, 0.005 万元
  per figure at two decimals), an empty table, a name that matches nothing, a reason the template asks for and
  the report leaves out, a figure the store does not hold (nothing wrong with the figures): for reference.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from etl.glossary import source_en
from etl.model import QualityCheck
from etl.text import fmt_amount, fmt_amount_en

# Each severity's name, Chinese and English, most serious first.
SEVERITIES = {"error": ("错误", "Error"), "warning": ("提示", "Warning"), "info": ("说明", "Note")}


@dataclass(frozen=True)
class Check:
    code: str
    group: str  # a key of GROUPS: where in the reading the check happens
    severities: tuple[str, ...]  # the ones it may carry, the usual first
    name: str
    name_en: str
    compares: str  # what it checks, for the data page's "what we check"
    compares_en: str
    # Whether a finding's `expected` is what the report should print in place of its `actual` (the fix a draft's
    # author makes), not a description of what was looked for.
    corrects: bool = False


# The stages of reading a report, in the order the data page explains them.
GROUPS = {
    "cells": ("读数", "Reading each figure"),
    "tables": ("表内与表间", "Within and across tables"),
    "narrative": ("情况说明", "The narrative"),
    "performance": ("绩效自评表", "Performance self-evaluation"),
    "drafting": ("文字与格式", "Drafting"),
    "store": ("入库", "What the store holds"),
}

_ROUNDING = ("error", "info")  # a sum: beyond rounding an error, within it the report's 尾数误差

CATALOGUE: dict[str, Check] = {
    c.code: c
    for c in (
        # --- cells: a figure is read for sure or not at all
        Check(
            "unreadable_amount",
            "cells",
            ("error",),
            "无法读取的数字",
            "Unreadable number",
            "表格中的金额不能确定读数（千分位分组不对、混入字母、没有计算结果的公式）时不作猜测：存为空值。",
            "An amount in a table that cannot be read for sure (wrong digit grouping, a letter inside, a formula "
            "saved without its value) is not guessed: it is stored empty.",
        ),
        Check(
            "unstorable_amount",
            "cells",
            ("error",),
            "超出可存精度的数字",
            "Number beyond storable precision",
            "表格中的金额超出可存储的范围（万元计最多 12 位整数、6 位小数）时不载入。",
            "An amount beyond what the store holds exactly (12 digits and 6 decimals in 10k yuan) is not loaded.",
        ),
        Check(
            "unreadable_code",
            "cells",
            ("error",),
            "无法读取的科目代码",
            "Unreadable subject code",
            "科目编码不是 3、5 或 7 位数字时，这一行不载入。",
            "A subject code that is not 3, 5 or 7 digits: the row is not loaded.",
        ),
        Check(
            "missing_cell",
            "cells",
            ("error",),
            "缺少的栏目",
            "Missing cell",
            "一行比表头少了栏目（行被截断）时，缺的数字留空。",
            "A row with fewer cells than its header (cut off): the missing figures are left empty.",
        ),
        Check(
            "missing_name",
            "cells",
            ("error",),
            "缺少科目名称",
            "Missing subject name",
            "有科目编码却没有科目名称的行。",
            "A row with a subject code but no subject name.",
        ),
        Check(
            "unmapped_column",
            "cells",
            ("error",),
            "认不出的表头",
            "Unrecognised column heading",
            "各栏按表头文字读取；认不出的表头，其下的数字不载入。",
            "Columns are read by their heading; under a heading that cannot be mapped, no figure is loaded.",
        ),
        Check(
            "truncated_table",
            "cells",
            ("error",),
            "表格不完整",
            "Truncated table",
            "有表头却没有数据行的表。",
            "A table with its heading but no data rows.",
        ),
        Check(
            "duplicate_code",
            "cells",
            ("error",),
            "重复的科目行",
            "Repeated subject row",
            "同一张表中每个科目只列一次；重复的行不载入。",
            "Each subject appears once in a table; a repeated row is not loaded.",
        ),
        # --- tables: sums within and across the standard tables
        Check(
            "parent_sum",
            "tables",
            _ROUNDING,
            "上下级科目之和",
            "Parent vs sum of children",
            "上级科目等于下级科目之和（类 = Σ款 = Σ项），公开02、03、05、06表。",
            "A class equals the sum of its sections, and a section the sum of its items (tables 02, 03, 05, 06).",
            corrects=True,
        ),
        Check(
            "row_split",
            "tables",
            _ROUNDING,
            "行内拆分",
            "Split within a row",
            "每行本年支出合计 = 基本支出 + 项目支出；基本支出 = 人员经费 + 公用经费。",
            "In each row, total = basic + project spending; basic = personnel + running costs.",
            corrects=True,
        ),
        Check(
            "table_total",
            "tables",
            _ROUNDING,
            "合计行",
            "Table total line",
            "表内合计行等于各类科目之和。",
            "A table's total line equals the sum of its classes.",
            corrects=True,
        ),
        Check(
            "cross_table_total",
            "tables",
            _ROUNDING,
            "表与表的合计",
            "Totals across tables",
            "公开01、03、04、05表的支出合计一致；公开01表各类支出与公开03表一致。",
            "Tables 01, 03, 04 and 05 give the same total spending; each class in table 01 matches table 03.",
            corrects=True,
        ),
        Check(
            "basic_split",
            "tables",
            _ROUNDING,
            "人员经费与公用经费",
            "Personnel and running costs",
            "公开06表人员经费、公用经费合计与明细之和一致，并与公开05表的基本支出一致。",
            "Table 06's personnel and running-cost totals equal their items and together equal table 05's basic "
            "spending.",
            corrects=True,
        ),
        Check(
            "subject_name_mismatch",
            "tables",
            ("warning",),
            "科目名称不一致",
            "Subject named differently",
            "同一科目代码在各表中名称一致。",
            "The same subject code has the same name in every table.",
            corrects=True,
        ),
        Check(
            "gov_fund_empty",
            "tables",
            ("info",),
            "空表",
            "Empty table",
            "政府性基金预算财政拨款收支表为空：本年度没有这类收支。",
            "The government-fund table is empty: no such appropriations this year.",
        ),
        Check(
            "soe_capital_empty",
            "tables",
            ("info",),
            "空表",
            "Empty table",
            "国有资本经营预算财政拨款支出表为空：本年度没有这类支出。",
            "The state-capital table is empty: no such appropriations this year.",
        ),
        Check(
            "empty_table_unexplained",
            "tables",
            ("warning",),
            "空表未说明",
            "Empty table unexplained",
            "公开07表、08表为空表时，报告应说明原因（如“本部门无政府性基金预算财政拨款收入支出”）。",
            "Where table 07 or 08 is empty, the report says why (“no government-fund appropriations this year”).",
        ),
        Check(
            "summary_balance",
            "tables",
            _ROUNDING,
            "收支总计",
            "Grand totals balance",
            "公开01表、04表：总计 = 本年收入（支出）合计 + 年初（年末）结转和结余（+ 结余分配等），04表逐个资金栏查；"
            "收入总计 = 支出总计。",
            "Tables 01 and 04: each side's 总计 = the year's total + what was carried over (+ set aside), in each "
            "fund column of 04; and income 总计 = spending 总计.",
            corrects=True,
        ),
        Check(
            "three_public_sum",
            "tables",
            _ROUNDING,
            "“三公”经费合计",
            "Three public costs total",
            "“三公”经费合计 = 因公出国（境）费 + 公务用车购置及运行费 + 公务接待费；公务用车购置及运行费 = 购置费 + "
            "运行费，年初预算和决算各查一次。",
            "The three public costs' total = overseas travel + official vehicles + official hospitality, and "
            "vehicles = purchase + running, for the budget and the final each.",
            corrects=True,
        ),
        Check(
            "admin_costs_over_public",
            "tables",
            ("warning",),
            "机关运行经费超过公用经费",
            "Running costs above public costs",
            "机关运行经费是一般公共预算财政拨款基本支出中的公用经费，情况说明所写的数字不应超过公开06表的公用经费合计。",
            "The administrative running costs the narrative states are part of the general-budget appropriation's "
            "public costs: they cannot exceed table 06's public-costs total.",
        ),
        # --- narrative: what the 情况说明 states, against itself and the tables
        Check(
            "unreadable_figure",
            "narrative",
            ("error",),
            "无法读取的数字",
            "Unreadable number",
            "情况说明里不能确定读数的数字不作猜测，留空。",
            "A figure in the narrative that cannot be read for sure is left empty.",
        ),
        Check(
            "unstorable_figure",
            "narrative",
            ("error",),
            "超出可存精度的数字",
            "Number beyond storable precision",
            "情况说明里超出可存储范围的数字不载入。",
            "A figure in the narrative beyond what the store holds exactly is not loaded.",
        ),
        Check(
            "text_too_long",
            "narrative",
            ("error",),
            "过长的文字",
            "Text too long to read",
            "超长的段落或句子不读取其中的数字。",
            "A paragraph or sentence too long to be a report's is not read for figures.",
        ),
        Check(
            "unit_slip",
            "narrative",
            ("warning",),
            "单位笔误",
            "Unit slip",
            "同一句里金额单位不一致（如万元数字中夹着一个“11.33 元”）时，用报告自己写的百分比核对：只有换成另一个"
            "单位才对得上时，才按该单位记录。",
            "When one sentence mixes units (“11.33 元” among figures in 10k yuan), the report's own percentage "
            "decides: only if the other unit makes it add up is the figure read that way.",
            corrects=True,
        ),
        Check(
            "unit_unclear",
            "narrative",
            ("error",),
            "单位不明",
            "Unit unclear",
            "单位不一致、两种读法都对不上时，留空。",
            "Units that disagree with neither reading adding up: the figure is left empty.",
        ),
        Check(
            "completion_rate_mismatch",
            "narrative",
            ("warning",),
            "完成率对不上",
            "Completion rate does not match",
            "“完成年初预算的 x%”按决算数 ÷ 年初预算数重算，按报告的小数位取整后比较。",
            "Each “x % of the initial budget” is recomputed as final ÷ initial budget and compared once rounded "
            "as the report rounds.",
            corrects=True,
        ),
        Check(
            "completion_rate_undefined",
            "narrative",
            ("warning",),
            "完成率无法计算",
            "Completion rate undefined",
            "年初预算为 0 时完成率无法计算（不能除以零），报告却写了完成率。",
            "An initial budget of 0 gives no completion rate (no dividing by zero), yet the report states one.",
        ),
        Check(
            "tiny_initial_budget",
            "narrative",
            ("warning",),
            "年初预算极小",
            "Tiny initial budget",
            "年初预算极小（不到 1 万元）时，完成率算术上成立但没有意义。",
            "Over a tiny initial budget (under 10,000 yuan) a completion rate is arithmetically right but meaningless.",
        ),
        Check(
            "narrative_share",
            "narrative",
            ("warning",),
            "文字中的占比",
            "Share stated in the text",
            "情况说明里的“占 x%”用同一句中的数字重算。",
            "Shares in the narrative are recomputed from the figures of the same sentence.",
            corrects=True,
        ),
        Check(
            "narrative_growth",
            "narrative",
            ("warning",),
            "文字中的增减幅度",
            "Change stated in the text",
            "情况说明里的“增长/减少 x%”用同一句中的数字重算。",
            "Growth rates in the narrative are recomputed from the figures of the same sentence.",
            corrects=True,
        ),
        Check(
            "narrative_conflict",
            "narrative",
            ("warning",),
            "前后说法不一",
            "Text contradicts itself",
            "情况说明对同一数字前后说法不一时，采用第一次的说法。",
            "A figure the narrative states twice differently: the first is kept.",
        ),
        Check(
            "narrative_total",
            "narrative",
            _ROUNDING,
            "文字与表格的总数",
            "Totals in the text vs the tables",
            "情况说明所写的收入、支出总数与表格一致。",
            "The income and spending totals the narrative states match the tables.",
            corrects=True,
        ),
        Check(
            "narrative_class_amount",
            "narrative",
            _ROUNDING,
            "文字中的分类金额",
            "A class's amount in the narrative",
            "情况说明写出的各类（功能分类“类”）支出金额与表中一致：说一般公共预算财政拨款的段落对公开05表，其余对公开03表。",
            "Each class's amount the narrative states is the table's: table 05 in the paragraphs about the "
            "general-budget appropriation, table 03 elsewhere.",
            corrects=True,
        ),
        Check(
            "narrative_item_amount",
            "narrative",
            _ROUNDING,
            "文字中的项级决算数",
            "An item's final in the narrative",
            "情况说明逐项写出的（一般公共预算财政拨款）决算数与公开05表同一项级科目的金额一致。",
            "Each item's final (of the general-budget appropriation) the narrative lists is table 05's for the "
            "same subject.",
            corrects=True,
        ),
        Check(
            "change_reason_missing",
            "narrative",
            ("info",),
            "未说明增减原因",
            "Change without a reason",
            "情况说明写出与上年相比的增减时，同一段应说明原因。",
            "Where the narrative states a change on last year, the same paragraph says why.",
        ),
        Check(
            "subject_described_wrongly",
            "narrative",
            ("warning",),
            "科目用途说明不符",
            "Subject described as another",
            "情况说明写的项级科目用途与科目本身相符（如住房公积金不应写成医疗保险）。",
            "What the narrative says an item pays for fits the item (住房公积金 is not medical insurance).",
        ),
        Check(
            "procurement_sum",
            "narrative",
            ("error",),
            "政府采购分项之和",
            "Procurement parts vs total",
            "政府采购货物、工程、服务之和等于所写总额。",
            "Procurement goods, works and services add up to the total stated.",
            corrects=True,
        ),
        Check(
            "procurement_share",
            "narrative",
            ("warning",),
            "政府采购占比",
            "Procurement shares",
            "授予中小企业、小微企业的占比用所写金额重算，按报告的小数位取整后比较。",
            "The SME and small-and-micro shares are recomputed from the amounts and compared once rounded as the "
            "report rounds.",
            corrects=True,
        ),
        Check(
            "subject_code_missing",
            "narrative",
            ("info",),
            "找不到科目编码",
            "Subject code not found",
            "情况说明里的项目在支出决算表中找不到同名科目时，科目编码留空。",
            "An item of the narrative with no subject of that name in the spending table: its code is left empty.",
        ),
        # --- performance self-evaluation tables
        Check(
            "perf_row_unreadable",
            "performance",
            ("error",),
            "无法读取的绩效行",
            "Unreadable performance row",
            "绩效自评表中不能确定读数的资金、执行率，留空。",
            "Funding or an execution rate in a self-evaluation table that cannot be read for sure is left empty.",
        ),
        Check(
            "perf_execution_rate",
            "performance",
            ("warning",),
            "绩效执行率",
            "Execution rate",
            "执行率 = 全年执行数 ÷ 全年预算数。",
            "Execution rate = executed ÷ full-year budget.",
            corrects=True,
        ),
        Check(
            "perf_funding_sum",
            "performance",
            _ROUNDING,
            "绩效资金来源之和",
            "Funding sources vs total",
            "各资金来源之和 = 年度资金总和。",
            "The funding sources add up to the annual total.",
            corrects=True,
        ),
        Check(
            "perf_funding_missing",
            "performance",
            ("warning",),
            "缺少绩效资金总额",
            "Funding total missing",
            "绩效自评表没有“年度资金总和”一行时，项目资金不载入。",
            "A self-evaluation table without its annual-total row: the project's money is not loaded.",
        ),
        Check(
            "perf_level_conflict",
            "performance",
            ("warning",),
            "指标级别不一致",
            "Indicator levels conflict",
            "一级、二级指标的归属一致。",
            "Each second-level indicator sits under its own first-level one.",
            corrects=True,
        ),
        Check(
            "perf_row_ignored",
            "performance",
            ("info",),
            "未读取的绩效行",
            "Performance row skipped",
            "不属于任何已知栏目的行不读取。",
            "A row that fits no known column is not read.",
        ),
        Check(
            "perf_total",
            "performance",
            ("error", "warning", "info"),
            "绩效自评合计",
            "Performance totals",
            "绩效自评表执行数之和、项目个数与情况说明所述一致。",
            "The money executed across the self-evaluation tables, and their number, match the narrative.",
            corrects=True,
        ),
        # --- store: every figure of a recognised table stored or named
        Check(
            "budget_reason_missing",
            "narrative",
            ("info",),
            "未说明预决算差异原因",
            "Budget gap without a reason",
            "情况说明逐项比较年初预算与决算时，决算数与预算数不同的，应写明原因。",
            "Where the narrative compares an item's budget with its final and they differ, it must say why.",
        ),
        # --- drafting: the report's words, whatever its figures say
        Check(
            "placeholder_left",
            "drafting",
            ("warning",),
            "模板占位未替换",
            "Template placeholder left in",
            "报告中不应留有模板的占位符（XX、××、某某）或填报说明。",
            "No template placeholder (XX, ××, 某某) or drafting instruction is left in the report.",
        ),
        Check(
            "year_mismatch",
            "drafting",
            ("warning",),
            "年度前后不一",
            "Another year stated",
            "报告说到本年度决算时写的年度与封面一致（不是与上年相比时提到的年度）。",
            "Where the report speaks of its own accounts, the year it gives is the cover's (a year it compares "
            "with is not counted).",
            corrects=True,
        ),
        Check(
            "department_name_mismatch",
            "drafting",
            ("warning",),
            "部门名称前后不一",
            "Another department named",
            "各表表头“部门：”一行写的部门与封面一致（不一致常是套用了其他部门的模板）。",
            "Each table's “部门：” line names the cover's department (when not, another department's template "
            "was often copied).",
            corrects=True,
        ),
        Check(
            "toc_entry_missing",
            "drafting",
            ("warning",),
            "目录所列的表缺失",
            "Table in the contents but not in the report",
            "目录列出的每张表都在报告中出现。",
            "Every table the contents list appears in the report.",
        ),
        Check(
            "repeated_word",
            "drafting",
            ("info",),
            "疑似重复录入",
            "Word typed twice",
            "同一个词接连出现两次（如“支出支出”“的的”），多半是录入时重复。",
            "The same word twice in a row (“支出支出”, “的的”), most often typed twice.",
        ),
        Check(
            "unread_figure",
            "store",
            ("error",),
            "无法读取的数字",
            "Unreadable number",
            "已识别的表格中每个数字格都要么入库、要么在这里列出；读不出的不作猜测。",
            "Every figure of a recognised table is stored or listed here; one that cannot be read is not guessed.",
        ),
        Check(
            "figure_not_stored",
            "store",
            ("info",),
            "未收录的数字",
            "Figure not stored",
            "已识别的表格中本看板不收录的栏目里的数字，请查阅原表。",
            "A figure in a column of a recognised table that this dashboard does not hold: see the report.",
        ),
        Check(
            "gov_fund_not_loaded",
            "store",
            ("info",),
            "未收录的表",
            "Table not included",
            "政府性基金预算财政拨款收支表有数据，本看板暂未收录。",
            "The government-fund table holds figures this dashboard does not include yet.",
        ),
        Check(
            "soe_capital_not_loaded",
            "store",
            ("info",),
            "未收录的表",
            "Table not included",
            "国有资本经营预算财政拨款支出表有数据，本看板暂未收录。",
            "The state-capital table holds figures this dashboard does not include yet.",
        ),
        Check(
            "previous_restated",
            "store",
            ("warning",),
            "上年数字前后不一",
            "Last year's figure restated",
            "报告按比上年增减推算出的上年数字，与同部门上年报告所写的一致。",
            "Last year's figure, as this report's stated change implies it, is what the department's report of "
            "last year says.",
            corrects=True,
        ),
        Check(
            "partial_vs_full",
            "store",
            ("warning",),
            "单独公开的说明与完整报告不一致",
            "Partial page vs the full report",
            "单独公开的情况说明与同部门同年度的完整报告所写数字一致；不一致时看板采用完整报告的数字。",
            "A page published apart states the figures of the full report of its department and year; where "
            "they differ the dashboard shows the full report's.",
        ),
    )
}


# Half a cent of 万元: the most a figure printed to two decimals is off by rounding.
_HALF_CENT = Decimal("0.005")


def sum_severity(stated: Decimal, computed: Decimal, terms: int) -> str:
    """A sum that fails: "info" within the rounding of the figures summed (the report's 尾数误差), else "error"."""
    return "info" if abs(stated - computed) <= _HALF_CENT * max(terms, 2) else "error"


def difference(stated: Decimal, computed: Decimal, severity: str) -> tuple[str, str]:
    """How far apart two figures are, as a finding says it: "（相差 0.63 万元）" and "(a difference of 0.63 10k yuan)",
    with "within rounding" where `severity` (sum_severity's) is info."""
    diff, diff_en = fmt_amount(abs(stated - computed)), fmt_amount_en(abs(stated - computed))
    if severity == "info":
        return f"（相差 {diff}，在四舍五入的尾数误差之内）", f"(a difference of {diff_en}, within rounding)"
    return f"（相差 {diff}）", f"(a difference of {diff_en})"


def finding(
    report_id: str,
    check: str,
    severity: str,
    message: str,
    english: str,
    expected: str | None,
    actual: str | None,
    source_table: str | None,
    source_line: int | None,
) -> QualityCheck:
    """The one way a finding is made: a code and severity of the catalogue, and `english` written without its
    place, which goes in front as the Chinese has it.

    "Expenditure table (No. 03), line 145: …" (the table named in English, etl.glossary), "Line 145: …",
    "Expenditure table (No. 03): …", or the body alone, capitalised.
    """
    entry = CATALOGUE.get(check)
    if entry is None or severity not in entry.severities:
        raise ValueError(f"{check!r} as {severity!r} is not in etl.checks.CATALOGUE")  # a programming error
    named = source_en(source_table)
    if source_table and source_line:
        english = f"{named}, line {source_line}: {english}"
    elif source_line:
        english = f"Line {source_line}: {english}"
    elif source_table:
        english = f"{named}: {english}"
    else:
        english = english[:1].upper() + english[1:]
    return QualityCheck(report_id, check, severity, message, expected, actual, source_table, source_line, english)


class Findings(list[QualityCheck]):
    """Where a part collects what it finds in one report: a list of findings, each made by `finding`, about the
    table `source` unless a finding names its own."""

    def __init__(self, report_id: str, source: str | None = None) -> None:
        super().__init__()
        self.report_id = report_id
        self.source = source

    def add(
        self,
        check: str,
        severity: str,
        message: str,
        english: str,
        expected: str | None = None,
        actual: str | None = None,
        source_table: str | None = None,
        source_line: int | None = None,
    ) -> None:
        source = source_table or self.source
        self.append(finding(self.report_id, check, severity, message, english, expected, actual, source, source_line))
