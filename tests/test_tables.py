"""公开01–09表 of the bundled report, and the template variants other reports use."""

from __future__ import annotations

from decimal import Decimal

import pytest

from etl.document import NotAReport
from etl.parse import parse_report
from etl.parts.economic import parse_economic
from etl.parts.functional import parse_spending
from etl.parts.header import read_header
from etl.parts.summary import parse_summary
from etl.readers.markdown import parse_document

D = Decimal


def by_code(rows):
    return {r.code: r for r in rows}


def test_spending_table_reads_every_subject_with_basic_and_project(bundled):
    rows = by_code(bundled.spending_by_function)
    assert len(rows) == 16
    general = rows["201"]
    assert (general.name, general.level) == ("一般公共服务支出", "类")
    assert (general.total, general.basic, general.project) == (D("42557.12"), D("263.51"), D("42293.61"))
    assert rows["2010350"].parent_code == "20103"
    assert rows["2010350"].source_line == 147
    assert sum(r.total for r in rows.values() if r.level == "类") == D("42590.81")
    assert sum(r.basic for r in rows.values() if r.level == "类") == D("297.20")


def test_spending_total_line_is_kept_for_checks(bundled):
    totals = {(t.source_table, t.column): t.amount for t in bundled.table_totals}
    assert totals[("公开03表 支出决算表", "total")] == D("42590.81")
    assert totals[("公开03表 支出决算表", "project")] == D("42293.61")


def test_income_table(bundled):
    rows = by_code(bundled.income_by_function)
    assert rows["2013799"].total == rows["2013799"].fiscal_appropriation == D("468.9")
    assert rows["2013799"].business_income == D(0)


def test_gpb_table_splits_basic_into_personnel_and_public_costs(bundled):
    rows = by_code(bundled.gpb_spending_by_function)
    assert (rows["2010399"].personnel, rows["2010399"].public_costs) == (D("188.82"), D("28.85"))
    # The source names code 201 "一般公共预算支出" here; the check below flags it.
    assert rows["201"].name == "一般公共预算支出"


def test_economic_table_reads_three_column_groups_as_one_list(bundled):
    rows = by_code(bundled.basic_spending_by_economic)
    assert rows["30101"].amount == D("109.79") and rows["30101"].category == "人员经费"
    assert rows["30211"].amount == D("10.11") and rows["30211"].category == "公用经费"
    assert rows["31099"].amount == D(0) and rows["31099"].category == "公用经费"
    personnel = sum(r.amount for r in rows.values() if r.parent_code and r.category == "人员经费")
    public = sum(r.amount for r in rows.values() if r.parent_code and r.category == "公用经费")
    assert (personnel, public) == (D("268.35"), D("28.85"))


def test_summary_tables(bundled):
    lines = {(s.side, s.item): s for s in bundled.summary_lines}
    assert lines[("income", "本年收入合计")].amount == D("42590.81")
    assert lines[("expense", "十二、住房保障支出")].line_no == 29
    assert lines[("income", "五、事业收入")].amount == D(0)
    assert len(bundled.summary_lines) == 28  # 公开01表 alone: 11 named income lines, 17 expense lines


def test_fiscal_summary_has_a_row_per_fund_column(bundled):
    lines = {(s.side, s.item, s.fund): s for s in bundled.fiscal_summary_lines}
    assert lines[("expense", "本年支出合计", "合计")].amount == D("42590.81")
    assert lines[("expense", "本年支出合计", "一般公共预算")].amount == D("42590.81")
    assert lines[("expense", "本年支出合计", "政府性基金")].amount == D(0)
    assert lines[("expense", "八、社会保障和就业支出", "国有资本经营")].amount == D(0)
    assert lines[("income", "一、一般公共预算财政拨款", "合计")].amount == D("42590.81")
    assert {s.fund for s in bundled.fiscal_summary_lines if s.side == "income"} == {"合计"}
    assert {s.fund for s in bundled.fiscal_summary_lines if s.side == "expense"} == {
        "合计",
        "一般公共预算",
        "政府性基金",
        "国有资本经营",
    }


def test_three_public_costs_all_zero(bundled):
    costs = {c.item: (c.budget, c.final) for c in bundled.three_public_costs}
    assert costs["合计"] == (D(0), D(0))
    assert set(costs) >= {"因公出国（境）费", "公务用车购置费", "公务用车运行费", "公务接待费"}


def test_empty_fund_tables_are_statements_not_errors(bundled):
    checks = {c.check: c for c in bundled.quality_checks}
    assert checks["gov_fund_empty"].severity == "info"
    assert checks["soe_capital_empty"].severity == "info"


def test_header(bundled):
    assert bundled.report.department == "吉林省政务服务和数字化建设服务中心"
    assert bundled.report.year == 2023
    assert bundled.report.unit_in_source == "万元"


# --- template variants -----------------------------------------------------------------

YUAN_NUMBERED = """
吉林省示例局2022年度部门决算

表3 支出决算表
部门：吉林省示例局
单位：元

| 科目编码 | 科目名称 | 本年支出合计 | 基本支出 | 项目支出 |
|---|---|---|---|---|
| 合计 | | 1,234,500.00 | 234,500.00 | 1,000,000.00 |
| 201 | 一般公共服务支出 | 1234500 | 234500 | 1000000 |
| 20101 | 人大事务 | 1234500.00 | 234500.00 | 1000000.00 |
"""


def test_yuan_table_numbered_biao_is_converted_to_wan():
    doc = parse_document(YUAN_NUMBERED)
    assert read_header(doc) == ("吉林省示例局", 2022)
    rows, totals, findings = parse_spending(doc.tables_of("spending"), "r")
    assert findings == []
    assert by_code(rows)["201"].total == D("123.45")
    assert by_code(rows)["20101"].basic == D("23.45")
    assert rows[0].source_table == "表3 支出决算表"
    assert {t.column: t.amount for t in totals}["project"] == D("100")


SPLIT_CODES_UNNUMBERED = """
2023 年度
某某县教育局
部门决算

支出决算表

单位：万元

| 类 | 款 | 项 | 科目名称 | 本年支出合计 | 基本支出 | 项目支出 |
|---|---|---|---|---|---|---|
| 205 | | | 教育支出 | 300.00 | 100.00 | 200.00 |
| 205 | 02 | | 普通教育 | 300.00 | 100.00 | 200.00 |
| 205 | 02 | 01 | 学前教育 | 300.00 | 100.00 | 200.00 |

附表3 支出决算表（续）

| 类 | 款 | 项 | 科目名称 | 本年支出合计 | 基本支出 | 项目支出 |
|---|---|---|---|---|---|---|
| 208 | | | 社会保障和就业支出 | 5.00 | 5.00 | |
"""


def test_unnumbered_title_split_codes_and_continued_table():
    doc = parse_document(SPLIT_CODES_UNNUMBERED)
    assert read_header(doc) == ("某某县教育局", 2023)
    rows, _, findings = parse_spending(doc.tables_of("spending"), "r")
    assert [r.code for r in rows] == ["205", "20502", "2050201", "208"]
    assert by_code(rows)["2050201"].level == "项"
    assert by_code(rows)["208"].project == D(0)
    assert findings == []


def test_unreadable_amount_is_null_with_an_error_naming_table_line_and_text():
    text = YUAN_NUMBERED.replace("| 201 | 一般公共服务支出 | 1234500 |", "| 201 | 一般公共服务支出 | 4,3O0.00 |")
    doc = parse_document(text)
    rows, _, findings = parse_spending(doc.tables_of("spending"), "r")
    assert by_code(rows)["201"].total is None
    (finding,) = findings
    assert finding.severity == "error"
    assert finding.source_line == 11
    assert "表3 支出决算表第 11 行" in finding.message and "4,3O0.00" in finding.message


def test_extra_tables_are_recognised_and_not_mistaken_for_spending():
    text = (
        YUAN_NUMBERED
        + "\n\n项目支出决算表\n\n| 科目编码 | 科目名称 | 合计 |\n|---|---|---|\n| 201 | 一般公共服务支出 | 5 |\n"
    )
    doc = parse_document(text)
    assert [t.kind for t in doc.tables] == ["spending", "project_spending"]


def test_summary_without_line_numbers():
    text = """某局2023年度部门决算

收入支出决算总表
单位：万元

| 项目 | 金额 | 项目 | 金额 |
|---|---|---|---|
| 一、一般公共预算财政拨款收入 | 90.00 | 一、一般公共服务支出 | 100.00 |
| 五、事业收入 | 10.00 | | |
| 年初结转和结余 | 3.50 | 年末结转和结余 | 3.50 |
"""
    doc = parse_document(text)
    lines, findings = parse_summary(doc.tables_of("summary"), "r")
    got = {(s.side, s.item): s.amount for s in lines}
    assert got[("income", "五、事业收入")] == D("10.00")
    assert got[("income", "年初结转和结余")] == D("3.50")
    assert got[("expense", "一、一般公共服务支出")] == D("100.00")
    assert findings == []


def test_economic_truncated_row_is_flagged_not_guessed():
    text = """某局2023年度部门决算

基本支出决算明细表
单位：万元

| 科目编码 | 科目名称 | 决算数 |
|---|---|---|
| 301 | 工资福利支出 |
"""
    doc = parse_document(text)
    rows, _, findings = parse_economic(doc.tables_of("economic"), "r")
    assert rows[0].amount is None
    assert findings[0].check == "missing_cell"


@pytest.mark.parametrize(
    "text, says",
    [
        ("# 会议纪要\n\n今天天气很好。\n", "没有找到任何表格"),
        ("| a | b |\n|---|---|\n| 1 | 2 |\n", "没有找到部门决算的任何一张标准表"),
    ],
)
def test_not_a_report(text, says):
    with pytest.raises(NotAReport, match=says):
        parse_report(parse_document(text, "notes.md"))


def test_missing_department_is_rejected_with_the_file_named():
    doc = parse_document("2023年度部门决算\n\n支出决算表\n\n| 201 | 一般公共服务支出 | 1 |\n", "x.md")
    with pytest.raises(NotAReport, match=r"x\.md: 找不到部门名称"):
        read_header(doc)
