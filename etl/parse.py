"""Parse a whole report: each part of it by its own module, into one ParsedReport."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

from etl.document import Document, NotAReport
from etl.model import PARTS, TABLES, ParsedReport, QualityCheck, Report
from etl.parts.economic import parse_economic
from etl.parts.functional import parse_gpb_spending, parse_income, parse_spending
from etl.parts.funds import check_fund_tables
from etl.parts.header import read_header, report_id_for, report_unit
from etl.parts.narrative import parse_narrative
from etl.parts.performance import parse_performance
from etl.parts.summary import parse_fiscal_summary, parse_summary
from etl.parts.three_public import parse_three_public

# Raised whenever a change to reading, parsing or checking changes what is stored for some file: `etl ingest`
# then parses again every file stored under an older version (contract: reports.parser_version).
PARSER_VERSION = 10

_LINE_CITED = re.compile(r"第 (\d+) 行")
_LINE_CITED_EN = re.compile(r"\b([Ll])ine (\d+)")


def parse_report(doc: Document, department: str | None = None, year: int | None = None) -> ParsedReport:
    """`department` and `year` are used only where the report and its file name state neither.

    A file without the standard tables is a partial report (a page holding the 情况说明, or its 三公 or
    政府采购 section, alone): it is read for what its narrative states, under a report_id of its own so it
    never replaces the full report of the same department and year, nor is replaced by it.
    """
    partial = not any(t.kind != "unknown" for t in doc.tables)
    if partial and not _states_figures(doc):
        raise NotAReport(
            f"{doc.path}: 没有找到任何表格，也没有情况说明中可读的数字（收支总计、“三公”经费、政府采购……），不像一份部门决算报告"
        )
    department, year = read_header(doc, department, year, partial=partial)
    report_id = report_id_for(department, year, partial)
    report = Report(
        report_id,
        department,
        year,
        Path(doc.path).name,
        doc.sha256,
        report_unit(doc),
        source_format=doc.source_format,
        parser_version=PARSER_VERSION,
        partial=partial,
    )
    out = ParsedReport(report)
    checks = out.quality_checks

    for table, kind, parse in (
        ("spending_by_function", "spending", parse_spending),
        ("income_by_function", "income", parse_income),
        ("gpb_spending_by_function", "gpb_spending", parse_gpb_spending),
        ("basic_spending_by_economic", "economic", parse_economic),
    ):
        rows, totals, found = parse(doc.tables_of(kind), report_id)
        setattr(out, table, rows)
        out.table_totals += [dataclasses.replace(total, of_table=table) for total in totals]
        checks += found

    out.summary_lines, found = parse_summary(doc.tables_of("summary"), report_id)
    checks += found
    out.fiscal_summary_lines, found = parse_fiscal_summary(doc.tables_of("fiscal_summary"), report_id)
    checks += found

    out.three_public_costs, found = parse_three_public(doc.tables_of("three_public"), report_id)
    checks += found
    for kind in ("gov_fund", "soe_capital"):
        checks += check_fund_tables(kind, doc.tables_of(kind), doc.lines, report_id)

    out.perf_projects, out.perf_indicators, found = parse_performance(doc.tables_of("perf"), report_id)
    checks += found

    # A 项 name two 款 share (信息化建设 under 财政事务 and under 网信事务) names no one code: None, not the last seen.
    subject_codes: dict[str, str | None] = {}
    for row in out.spending_by_function:
        if row.level == "项":
            subject_codes[row.name] = row.code if subject_codes.get(row.name, row.code) == row.code else None
    narrative = parse_narrative(
        doc.lines, report_id, subject_codes, out.spending_by_function, out.gpb_spending_by_function
    )
    out.budget_vs_final = narrative.budget_vs_final
    out.procurement = narrative.procurement
    out.narrative_facts = narrative.facts
    out.glossary = narrative.glossary
    checks += narrative.quality_checks
    out.report = dataclasses.replace(report, parts=",".join(_parts(out)))
    return out


def _parts(out: ParsedReport) -> list[str]:
    topics = {fact.topic for fact in out.narrative_facts}
    held = {
        "tables": bool(out.spending_by_function or out.summary_lines or out.three_public_costs),
        "narrative": bool(out.narrative_facts or out.budget_vs_final),
        "three_public": any(topic.startswith("three_public") for topic in topics),
        "procurement": bool(out.procurement),
    }
    return [part for part in PARTS if held[part]]


def _states_figures(doc: Document) -> bool:
    """Whether a document without tables states any figure its narrative is read for."""
    narrative = parse_narrative(doc.lines, "", {})
    return bool(narrative.facts or narrative.procurement or narrative.budget_vs_final)


def cite_places(parsed: ParsedReport, doc: Document) -> None:
    """Where a PDF or a workbook holds each row (`source_page`, `source_cell`), and findings that cite the page,
    or the sheet and row, instead of the line.

    Parts and checks cite lines, the one place every format has; a PDF's reader is told by its page, a
    workbook's by its sheet and row.
    """
    if doc.page_starts:
        place, cited = "source_page", doc.page_of
    elif doc.sheets:
        place, cited = "source_cell", doc.cell_of
    else:
        return
    for table in TABLES:
        if table == "reports":
            continue
        rows = getattr(parsed, table)
        setattr(parsed, table, [dataclasses.replace(r, **{place: cited(r.source_line)}) for r in rows])
    parsed.quality_checks = [_cited_by_place(q, doc) for q in parsed.quality_checks]


def _cited_by_place(check: QualityCheck, doc: Document) -> QualityCheck:
    def chinese(match: re.Match[str]) -> str:
        line = int(match[1])
        before = match.string[match.start() - 1] if match.start() else " "
        after_name = not before.isspace() and before not in "，。：；、（(“"
        if doc.sheets:
            sheet, row = doc.sheet_of(line)
            # "支出决算表 工作表“公开03表”第 11 行", not "支出决算表工作表…"
            return f"{' ' if after_name else ''}工作表“{sheet.name}”第 {row} 行"
        # "支出决算表 · 第 10 页", as the dashboard cites a page; not "情况说明 四第 21 页"
        return f"{' · ' if after_name else ''}第 {doc.page_of(line)} 页"

    def english(match: re.Match[str]) -> str:
        line = int(match[2])
        if doc.sheets:
            sheet, row = doc.sheet_of(line)
            return f"{'S' if match[1] == 'L' else 's'}heet “{sheet.name}” row {row}"
        return f"{'P' if match[1] == 'L' else 'p'}age {doc.page_of(line)}"

    return dataclasses.replace(
        check,
        message=_LINE_CITED.sub(chinese, check.message),
        message_en=_LINE_CITED_EN.sub(english, check.message_en) if check.message_en else check.message_en,
    )
