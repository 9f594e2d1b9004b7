"""Typed rows: one dataclass per store table.

The dataclasses are the single definition of the store's columns. `etl.schema`
derives the DuckDB and Arrow types from their annotations, so a column is
added in exactly one place. Every row of report data carries `source_table`
and `source_line` so a journalist can trace a figure to the line of the source
file it came from.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

# What reports.parts names: the standard tables, the narrative's figures, and the two sections published alone.
PARTS = ("tables", "narrative", "three_public", "procurement")


@dataclass(frozen=True)
class Report:
    report_id: str
    department: str
    year: int
    source_file: str
    source_sha256: str
    unit_in_source: str
    loaded_at: dt.datetime | None = None
    source_format: str = "md"  # md / pdf / xlsx / xls / html / txt: the format read, told by content
    parser_version: int = 0  # etl.parse.PARSER_VERSION when parsed: a later parser re-parses the file
    # Every numeric cell of the recognised tables, and how many of them are in the store or named in a
    # finding (etl.audit): the two add up to the first, or a figure was lost.
    numeric_cells: int = 0
    numeric_stored: int = 0
    numeric_flagged: int = 0
    # A partial report holds only some parts of one (a page with the 情况说明 alone); `parts` names what it
    # has, from PARTS: "tables,narrative" for a full one.
    partial: bool = False
    parts: str = ""


@dataclass(frozen=True)
class FunctionRow:
    """A 功能分类科目 row of 公开03表 (支出决算表)."""

    report_id: str
    code: str
    level: str  # 类 / 款 / 项
    name: str
    parent_code: str | None
    total: Decimal | None
    basic: Decimal | None
    project: Decimal | None
    source_table: str
    source_line: int
    paid_to_superior: Decimal | None = None  # 上缴上级支出
    operating_spending: Decimal | None = None  # 经营支出
    affiliate_subsidies: Decimal | None = None  # 对附属单位补助支出
    source_page: int | None = None  # the PDF page, for a report read from a PDF
    source_cell: str | None = None  # the sheet and the row's first cell (公开03表!A12), from a workbook


@dataclass(frozen=True)
class IncomeRow:
    """A 功能分类科目 row of 公开02表 (收入决算表)."""

    report_id: str
    code: str
    level: str
    name: str
    parent_code: str | None
    total: Decimal | None
    fiscal_appropriation: Decimal | None
    business_income: Decimal | None  # 事业收入
    other_income: Decimal | None  # 其他收入
    source_table: str
    source_line: int
    superior_subsidy: Decimal | None = None  # 上级补助收入
    operating_income: Decimal | None = None  # 经营收入
    affiliates_income: Decimal | None = None  # 附属单位上缴收入
    source_page: int | None = None  # the PDF page, for a report read from a PDF
    source_cell: str | None = None  # the sheet and the row's first cell (公开03表!A12), from a workbook


@dataclass(frozen=True)
class GpbSpendingRow:
    """A row of 公开05表 (一般公共预算财政拨款支出决算表): 基本支出 split into 人员/公用经费."""

    report_id: str
    code: str
    level: str
    name: str
    parent_code: str | None
    total: Decimal | None
    basic: Decimal | None
    personnel: Decimal | None  # 人员经费
    public_costs: Decimal | None  # 公用经费
    project: Decimal | None
    source_table: str
    source_line: int
    source_page: int | None = None  # the PDF page, for a report read from a PDF
    source_cell: str | None = None  # the sheet and the row's first cell (公开03表!A12), from a workbook


@dataclass(frozen=True)
class SummaryLine:
    """A line of 公开01表 收入支出决算总表."""

    report_id: str
    side: str  # income / expense
    line_no: int | None
    item: str
    amount: Decimal | None
    source_table: str
    source_line: int
    source_page: int | None = None  # the PDF page, for a report read from a PDF
    source_cell: str | None = None  # the sheet and the row's first cell (公开03表!A12), from a workbook


@dataclass(frozen=True)
class FiscalSummaryLine:
    """A line of 公开04表 财政拨款收入支出决算总表, one row per fund column it prints."""

    report_id: str
    side: str  # income / expense
    line_no: int | None
    item: str
    fund: str  # 合计 / 一般公共预算 / 政府性基金 / 国有资本经营
    amount: Decimal | None
    source_table: str
    source_line: int
    source_page: int | None = None  # the PDF page, for a report read from a PDF
    source_cell: str | None = None  # the sheet and the row's first cell (公开03表!A12), from a workbook


@dataclass(frozen=True)
class EconomicRow:
    """A row of 公开06表 (基本支出决算明细表, economic classification)."""

    report_id: str
    code: str
    name: str
    category: str  # 人员经费 / 公用经费
    parent_code: str | None
    amount: Decimal | None
    source_table: str
    source_line: int
    source_page: int | None = None  # the PDF page, for a report read from a PDF
    source_cell: str | None = None  # the sheet and the row's first cell (公开03表!A12), from a workbook


@dataclass(frozen=True)
class BudgetVsFinal:
    """One 项 of the narrative's 年初预算 vs 决算 list."""

    report_id: str
    code: str | None
    name: str
    initial_budget: Decimal | None
    final: Decimal | None
    completion_rate: Decimal | None  # recomputed: final / initial_budget
    stated_completion_rate: Decimal | None  # as the report wrote it
    stated_final_text: str  # the source's own words, e.g. "11.33 元"
    explanation: str | None  # 决算数大于预算数的主要原因
    source_table: str
    source_line: int
    source_page: int | None = None  # the PDF page, for a report read from a PDF
    source_cell: str | None = None  # the sheet and the row's first cell (公开03表!A12), from a workbook
    # The decimals the stated rate was written with, in percentage points ("118.64%" → 2): the checks compare
    # the recomputed rate rounded so, and a page shows the report's figure as the report wrote it.
    stated_completion_rate_places: int | None = None


@dataclass(frozen=True)
class ThreePublicCost:
    report_id: str
    item: str  # 合计 / 因公出国（境）费 / 公务用车购置及运行费 / 公务用车购置费 / 公务用车运行费 / 公务接待费
    budget: Decimal | None
    final: Decimal | None
    source_table: str
    source_line: int
    source_page: int | None = None  # the PDF page, for a report read from a PDF
    source_cell: str | None = None  # the sheet and the row's first cell (公开03表!A12), from a workbook


@dataclass(frozen=True)
class PerfProject:
    report_id: str
    project_id: str
    project_name: str
    implementing_unit: str | None
    initial_budget: Decimal | None
    full_year_budget: Decimal | None
    executed: Decimal | None
    execution_rate: Decimal | None
    fiscal_executed: Decimal | None  # 当年财政拨款 row
    goal_text: str | None
    outcome_text: str | None
    source_table: str
    source_line: int
    source_page: int | None = None  # the PDF page, for a report read from a PDF
    source_cell: str | None = None  # the sheet and the row's first cell (公开03表!A12), from a workbook


@dataclass(frozen=True)
class PerfIndicator:
    report_id: str
    project_id: str
    indicator_no: int
    level1: str | None
    level2: str | None
    level2_inferred: bool
    name: str
    target_text: str
    actual_text: str
    comparator: str | None  # >= <= = > < deadline text
    target_value: Decimal | None
    actual_value: Decimal | None
    unit: str | None
    target_date: dt.date | None
    actual_date: dt.date | None
    status: str  # met / missed / not_assessable
    deviation_reason: str | None
    source_table: str
    source_line: int
    source_page: int | None = None  # the PDF page, for a report read from a PDF
    source_cell: str | None = None  # the sheet and the row's first cell (公开03表!A12), from a workbook


@dataclass(frozen=True)
class Procurement:
    report_id: str
    total: Decimal | None
    goods: Decimal | None
    works: Decimal | None
    services: Decimal | None
    sme_amount: Decimal | None
    sme_share: Decimal | None  # recomputed sme_amount / total
    stated_sme_share: Decimal | None
    small_micro_amount: Decimal | None
    small_micro_share_of_sme: Decimal | None  # recomputed
    stated_small_micro_share: Decimal | None
    source_table: str
    source_line: int
    # The routes Shanghai states apart: SME awards in projects reserved for SMEs and in the others (their
    # sum is sme_amount), the budgets reserved for SMEs and for small and micro firms, and the awards in
    # projects reserved for small and micro firms.
    sme_reserved_amount: Decimal | None = None
    sme_other_amount: Decimal | None = None
    sme_reserved_budget: Decimal | None = None
    small_micro_reserved_budget: Decimal | None = None
    small_micro_reserved_amount: Decimal | None = None
    # What stated_small_micro_share is a share of, as its sentence says: "sme" (授予中小企业合同金额) or
    # "total" (政府采购支出总额); small_micro_share_of_sme is recomputed of the SME amount either way.
    stated_small_micro_share_of: str | None = None
    source_page: int | None = None  # the PDF page, for a report read from a PDF
    source_cell: str | None = None  # the sheet and the row's first cell (公开03表!A12), from a workbook
    # The decimals each stated share was written with, in percentage points ("13%" → 0, "3.02%" → 2).
    stated_sme_share_places: int | None = None
    stated_small_micro_share_places: int | None = None


@dataclass(frozen=True)
class NarrativeFact:
    """A single stated figure of the narrative (机关运行经费, 国有资产, 绩效自评 totals…)."""

    report_id: str
    topic: str  # e.g. admin_costs, vehicles, equipment_over_1m, perf_project_count
    label: str  # Chinese label as a reader would say it
    value: Decimal | None
    unit: str  # 万元 / 辆 / 台（套） / 个 / fraction
    text: str  # the source sentence
    source_table: str
    source_line: int
    source_page: int | None = None  # the PDF page, for a report read from a PDF
    source_cell: str | None = None  # the sheet and the row's first cell (公开03表!A12), from a workbook


@dataclass(frozen=True)
class TableTotal:
    """A 合计 line of a table (公开02/03/05/06表), kept to check the rows against it."""

    report_id: str
    item: str  # e.g. 合计, 人员经费合计
    column: str  # total / basic / project / personnel / public_costs / fiscal_appropriation
    amount: Decimal | None
    source_table: str
    source_line: int
    of_table: str | None = None  # the store table whose rows the line totals (spending_by_function, …)
    source_page: int | None = None  # the PDF page, for a report read from a PDF
    source_cell: str | None = None  # the sheet and the row's first cell (公开03表!A12), from a workbook


@dataclass(frozen=True)
class QualityCheck:
    report_id: str
    check: str
    severity: str  # error / warning / info
    message: str
    expected: str | None
    actual: str | None
    source_table: str | None = None
    source_line: int | None = None
    # The message in English, names and quotes left as published (see `finding`); None only in rows
    # stored before findings had English.
    message_en: str | None = None
    source_page: int | None = None  # the PDF page, for a report read from a PDF
    source_cell: str | None = None  # the sheet and the row's first cell (公开03表!A12), from a workbook


@dataclass(frozen=True)
class Flag:
    """A question a journalist would ask of one item of a report (etl.flags), measured whether it trips or not,
    so a page can filter the stored rows by another threshold without judging anything itself."""

    report_id: str
    flag: str  # a rule of etl.flags.RULES
    item: str  # what was measured: a 项's name, "一般公共预算财政拨款支出"
    value: Decimal | None  # in `unit`: a fraction where unit is "%" (6.399 = 639.9 %)
    threshold: Decimal  # the rule's default
    tripped: bool  # value beyond the default threshold
    unit: str
    message: str  # the measurement in plain words, its figures quoted, without the item's name
    message_en: str
    source_table: str | None = None
    source_line: int | None = None
    source_page: int | None = None
    source_cell: str | None = None


@dataclass
class ParsedReport:
    """Everything read from one source file, before it touches the store."""

    report: Report
    spending_by_function: list[FunctionRow] = field(default_factory=list)
    income_by_function: list[IncomeRow] = field(default_factory=list)
    gpb_spending_by_function: list[GpbSpendingRow] = field(default_factory=list)
    summary_lines: list[SummaryLine] = field(default_factory=list)
    fiscal_summary_lines: list[FiscalSummaryLine] = field(default_factory=list)
    basic_spending_by_economic: list[EconomicRow] = field(default_factory=list)
    budget_vs_final: list[BudgetVsFinal] = field(default_factory=list)
    three_public_costs: list[ThreePublicCost] = field(default_factory=list)
    perf_projects: list[PerfProject] = field(default_factory=list)
    perf_indicators: list[PerfIndicator] = field(default_factory=list)
    procurement: list[Procurement] = field(default_factory=list)
    narrative_facts: list[NarrativeFact] = field(default_factory=list)
    glossary: list[GlossaryEntry] = field(default_factory=list)
    table_totals: list[TableTotal] = field(default_factory=list)
    quality_checks: list[QualityCheck] = field(default_factory=list)
    flags: list[Flag] = field(default_factory=list)


@dataclass(frozen=True)
class GlossaryEntry:
    """A 名词解释 entry, so the dashboard explains terms in the report's own words."""

    report_id: str
    term: str
    definition: str
    source_table: str
    source_line: int
    source_page: int | None = None  # the PDF page, for a report read from a PDF
    source_cell: str | None = None  # the sheet and the row's first cell (公开03表!A12), from a workbook


# Store tables in load order, with the row type each holds.
TABLES: dict[str, type] = {
    "reports": Report,
    "spending_by_function": FunctionRow,
    "income_by_function": IncomeRow,
    "gpb_spending_by_function": GpbSpendingRow,
    "summary_lines": SummaryLine,
    "fiscal_summary_lines": FiscalSummaryLine,
    "basic_spending_by_economic": EconomicRow,
    "budget_vs_final": BudgetVsFinal,
    "three_public_costs": ThreePublicCost,
    "perf_projects": PerfProject,
    "perf_indicators": PerfIndicator,
    "procurement": Procurement,
    "narrative_facts": NarrativeFact,
    "glossary": GlossaryEntry,
    "table_totals": TableTotal,
    "quality_checks": QualityCheck,
    "flags": Flag,
}
