"""Where a report contradicts itself: each check fires on a broken copy of the bundled report."""

from __future__ import annotations

from etl.parse import parse_report
from etl.read import parse_document
from etl.validate import validate
from tests.conftest import BUNDLED

TEXT = BUNDLED.read_text(encoding="utf-8")


def findings_for(text: str):
    parsed = parse_report(parse_document(text, "broken.md"))
    return parsed.quality_checks + validate(parsed)


def by_check(findings, check):
    return [f for f in findings if f.check == check]


def test_the_bundled_report_is_consistent_apart_from_its_known_slips(bundled):
    serious = sorted((f.check, f.source_line) for f in bundled.quality_checks if f.severity != "info")
    assert serious == [
        ("completion_rate_undefined", 698),  # 0 万元 → 46890%
        ("subject_name_mismatch", 217),  # 公开05表 calls 201 "一般公共预算支出"
        ("tiny_initial_budget", 694),  # 0.01 万元 → 458400%
        ("unit_slip", 704),  # "11.33 元"
    ]


def test_parent_not_equal_to_children_is_an_error_naming_table_and_line():
    broken = TEXT.replace(
        "| 20103 | | 政府办公厅（室）及相关机构事务 | 42,088.22 | 263.51 | 41,824.71 |",
        "| 20103 | | 政府办公厅（室）及相关机构事务 | 42,188.22 | 263.51 | 41,924.71 |",
    )
    found = by_check(findings_for(broken), "parent_sum")
    messages = [f.message for f in found if f.severity == "error"]
    assert any(
        "公开03表 支出决算表第 145 行：20103" in m and "42,188.22 万元" in m and "42,088.22 万元" in m for m in messages
    )
    # 201 no longer equals its 款 either
    assert any("第 144 行：201 " in m for m in messages)


def test_rounding_difference_is_info_not_error():
    broken = TEXT.replace("| 2010350 | | 事业运行 | 45.84 | 45.84 |", "| 2010350 | | 事业运行 | 45.85 | 45.85 |")
    found = [f for f in findings_for(broken) if f.check == "parent_sum" and f.source_line == 145]
    assert found and {f.severity for f in found} == {"info"}
    assert "尾数误差" in found[0].message


def test_totals_disagree_across_tables():
    broken = TEXT.replace("| 本年支出合计 | 30 | 42,590.81 |", "| 本年支出合计 | 30 | 42,690.81 |")
    found = by_check(findings_for(broken), "cross_table_total")
    assert [(f.source_table, f.source_line, f.severity) for f in found] == [("公开01表 收入支出决算总表", 83, "error")]
    assert found[0].expected == "42,590.81 万元" and found[0].actual == "42,690.81 万元"


def test_basic_split_in_table_05():
    broken = TEXT.replace(
        "| 2010399 | 其他政府办公厅（室）及相关机构事务支出 | 42,041.03 | 217.67 | 188.82 | 28.85 |",
        "| 2010399 | 其他政府办公厅（室）及相关机构事务支出 | 42,041.03 | 217.67 | 178.82 | 28.85 |",
    )
    found = [f for f in findings_for(broken) if f.check == "row_split" and f.source_line == 221]
    assert len(found) == 1 and "基本支出" in found[0].message


def test_economic_items_against_category_total():
    broken = TEXT.replace("| 30101 | 基本工资 | 109.79 |", "| 30101 | 基本工资 | 119.79 |")
    found = by_check(findings_for(broken), "basic_split")
    assert any(
        f.message.startswith("公开06表 一般公共预算财政拨款基本支出决算明细表第 280 行：人员经费合计") for f in found
    )


def test_performance_total_against_narrative():
    broken = TEXT.replace("共涉及资 6411.44 万元", "共涉及资 6511.44 万元")
    (found,) = by_check(findings_for(broken), "perf_total")
    assert found.severity == "error" and found.actual == "6,511.44 万元" and found.expected == "6,411.44 万元"
