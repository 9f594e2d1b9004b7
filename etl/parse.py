"""Parse a whole report: each part of it by its own module, into one ParsedReport."""

from __future__ import annotations

from pathlib import Path

from etl.model import ParsedReport, Report
from etl.parts.economic import parse_economic
from etl.parts.functional import parse_gpb_spending, parse_income, parse_spending
from etl.parts.funds import check_fund_tables
from etl.parts.header import read_header, report_id_for, report_unit
from etl.parts.narrative import parse_narrative
from etl.parts.performance import parse_performance
from etl.parts.summary import parse_summary
from etl.parts.three_public import parse_three_public
from etl.read import Document


def parse_report(doc: Document) -> ParsedReport:
    department, year = read_header(doc)
    report_id = report_id_for(department, year)
    report = Report(report_id, department, year, Path(doc.path).name, doc.sha256, report_unit(doc))
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
        out.table_totals += totals
        checks += found

    summary, found = parse_summary(doc.tables_of("summary"), report_id, fiscal_only=False)
    fiscal, found_fiscal = parse_summary(doc.tables_of("fiscal_summary"), report_id, fiscal_only=True)
    out.summary_lines = summary + fiscal
    checks += found + found_fiscal

    out.three_public_costs, found = parse_three_public(doc.tables_of("three_public"), report_id)
    checks += found
    for kind in ("gov_fund", "soe_capital"):
        checks += check_fund_tables(kind, doc.tables_of(kind), report_id)

    out.perf_projects, out.perf_indicators, found = parse_performance(doc.tables_of("perf"), report_id)
    checks += found

    subject_codes = {row.name: row.code for row in out.spending_by_function if row.level == "项"}
    narrative = parse_narrative(doc.lines, report_id, subject_codes)
    out.budget_vs_final = narrative.budget_vs_final
    out.procurement = narrative.procurement
    out.narrative_facts = narrative.facts
    out.glossary = narrative.glossary
    checks += narrative.quality_checks
    return out
