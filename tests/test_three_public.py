"""公开09表 “三公”经费 read by its header, in each layout reports use; a heading that names no item is a finding."""

from __future__ import annotations

from decimal import Decimal as D

from etl.parts.three_public import parse_three_public
from etl.readers.markdown import parse_document

TITLE = "财政拨款“三公”经费支出决算表\n\n单位：万元\n\n"


def costs(table: str):
    doc = parse_document(TITLE + table)
    found, findings = parse_three_public(doc.tables_of("three_public"), "r")
    return {c.item: (c.budget, c.final) for c in found}, findings


def test_the_national_layout_six_budgets_then_six_finals():
    got, findings = costs(
        "| 预算数 | | | | | | 决算数 | | | | | |\n"
        "|---|---|---|---|---|---|---|---|---|---|---|---|\n"
        "| 合计 | 因公出国（境）费 | 公务用车购置及运行费 | | | 公务接待费 | 合计 | 因公出国（境）费 | 公务用车购置及运行费 | | | 公务接待费 |\n"
        "| | | 小计 | 公务用车购置费 | 公务用车运行费 | | | | 小计 | 公务用车购置费 | 公务用车运行费 | |\n"
        "| 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9 | 10 | 11 | 12 |\n"
        "| 10.50 | 2.00 | 6.00 | 1.00 | 5.00 | 2.50 | 9.30 | 1.80 | 5.60 | 0.90 | 4.70 | 1.90 |\n"
    )
    assert findings == []
    assert got == {
        "合计": (D("10.50"), D("9.30")),
        "因公出国（境）费": (D("2.00"), D("1.80")),
        "公务用车购置及运行费": (D("6.00"), D("5.60")),
        "公务用车购置费": (D("1.00"), D("0.90")),
        "公务用车运行费": (D("5.00"), D("4.70")),
        "公务接待费": (D("2.50"), D("1.90")),
    }


def test_each_item_s_budget_and_final_side_by_side_as_shanghai_prints_them():
    got, findings = costs(
        "| 财政拨款“三公”经费 | | | | | | | | | | | |\n"
        "|---|---|---|---|---|---|---|---|---|---|---|---|\n"
        "| 合计 | | 因公出国（境）费 | | 公务用车购置及运行费 | | | | | | | |\n"
        "| | | | | 小计 | | | | 公务用车运行费 | | 公务接待费 | |\n"
        "| | | | | | | 公务用车购置费 | | | | | |\n"
        "| 预算数 | 决算数 | 预算数 | 决算数 | 预算数 | 决算数 | 预算数 | 决算数 | 预算数 | 决算数 | 预算数 | 决算数 |\n"
        "| 0.95 | 0.40 | | | 0.30 | 0.20 | | | 0.30 | 0.20 | 0.65 | 0.20 |\n"
    )
    assert findings == []
    assert got["合计"] == (D("0.95"), D("0.40"))
    assert got["公务用车购置及运行费"] == (D("0.30"), D("0.20"))
    assert got["公务用车购置费"] == (D("0"), D("0"))
    assert got["公务用车运行费"] == (D("0.30"), D("0.20"))
    assert got["公务接待费"] == (D("0.65"), D("0.20"))


def test_a_transposed_table_rows_budget_and_final_items_as_columns():
    got, findings = costs(
        "| 项目 | 合计 | 因公出国（境）费 | 公务用车购置及运行费 | | | 公务接待费 |\n"
        "|---|---|---|---|---|---|---|\n"
        "| | | | 小计 | 购置费 | 运行费 | |\n"
        "| 预算数 | 12.00 | 3.00 | 7.00 | 2.00 | 5.00 | 2.00 |\n"
        "| 决算数 | 11.00 | 2.50 | 6.80 | 2.00 | 4.80 | 1.70 |\n"
    )
    assert findings == []
    assert got["合计"] == (D("12.00"), D("11.00"))  # not a 决算 total stored as an item's budget
    assert got["因公出国（境）费"] == (D("3.00"), D("2.50"))
    assert got["公务用车购置及运行费"] == (D("7.00"), D("6.80"))
    assert got["公务用车购置费"] == (D("2.00"), D("2.00"))
    assert got["公务用车运行费"] == (D("5.00"), D("4.80"))
    assert got["公务接待费"] == (D("2.00"), D("1.70"))


def test_a_heading_that_names_no_item_is_a_finding_and_its_figure_is_not_stored():
    got, findings = costs(
        "| 项目 | 合计 | 因公出国（境）费 | 会议费 | 公务接待费 |\n"
        "|---|---|---|---|---|\n"
        "| 预算数 | 12.00 | 3.00 | 4.00 | 5.00 |\n"
        "| 决算数 | 11.00 | 2.50 | 3.50 | 5.00 |\n"
    )
    assert set(got) == {"合计", "因公出国（境）费", "公务接待费"}
    assert [(f.check, f.severity, f.actual) for f in findings] == [
        ("unmapped_column", "error", "会议费"),
        ("unmapped_column", "error", "会议费"),
    ]
    assert "“4.00”未载入" in findings[0].message
