"""The rules a draft is checked by beyond its sums, each on the bundled report with one slip typed in as a drafter
would make it: the 三公 total, 机关运行经费 against 公用经费, a budget gap without its reason, a placeholder, another
year, another department, a word typed twice, an empty table left unexplained, a table the contents promise. The bundled reports, as published, trip none of them."""

from __future__ import annotations

from pathlib import Path

import pytest

from etl.ingest import parse_file
from tests.conftest import BUNDLED, ROOT
from tests.test_validate import FIGURE, QUOTED

PUTUO = ROOT / "data" / "raw" / "shanghai-putuo-czj-2024.pdf"
NEW_RULES = (
    "narrative_class_amount",
    "narrative_item_amount",
    "summary_balance",
    "three_public_sum",
    "admin_costs_over_public",
    "budget_reason_missing",
    "placeholder_left",
    "year_mismatch",
    "department_name_mismatch",
    "repeated_word",
    "empty_table_unexplained",
    "toc_entry_missing",
)
NUMBERS_ROW = "| 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9 | 10 | 11 | 12 |\n"
THREE_PUBLIC_ROW = NUMBERS_ROW + "| | | | | | | | | | | | |"  # the empty figures row under the column numbers


def found(tmp_path: Path, check: str, *replacements: tuple[str, str]) -> list:
    """The findings `check` makes of the bundled report with `replacements` typed in."""
    text = BUNDLED.read_text(encoding="utf-8")
    for old, new in replacements:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    path = tmp_path / "draft-2023.md"
    path.write_text(text, encoding="utf-8")
    findings = [q for q in parse_file(path).quality_checks if q.check == check]
    for q in findings:  # the English says what the Chinese says: every figure and quotation in it
        for kept in [*FIGURE.findall(q.message), *QUOTED.findall(q.message)]:
            assert kept in q.message_en, (kept, q.message, q.message_en)
    return findings


@pytest.mark.parametrize("report", [BUNDLED, PUTUO], ids=["jilin", "putuo"])
def test_the_published_reports_trip_none_of_these_rules(report):
    assert [q.message for q in parse_file(report).quality_checks if q.check in NEW_RULES] == []


def test_a_grand_total_that_is_not_the_years_spending_plus_what_is_carried_over(tmp_path):
    typed = "| 总计 | 17 | 42,590.81 | 总计 | 34 | 42,950.81 |"  # 42,590.81 + 0 + 0, the 5 and 9 swapped
    findings = found(tmp_path, "summary_balance", ("| 总计 | 17 | 42,590.81 | 总计 | 34 | 42,590.81 |", typed))
    assert [(q.severity, q.expected, q.actual, q.source_line) for q in findings] == [
        ("error", "42,590.81 万元", "42,950.81 万元", 87),  # 支出总计 ≠ 本年支出合计 + 结余分配 + 年末结转和结余
        ("error", "42,950.81 万元", "42,590.81 万元", 87),  # 收入总计 ≠ 支出总计
    ]


def test_a_fund_columns_total_in_table_04(tmp_path):
    typed = "| 总计 | 18 | 42,590.81 | 总计 | 36 | 42,590.81 | 42,590.18 | | |"
    (q,) = found(
        tmp_path, "summary_balance", ("| 总计 | 18 | 42,590.81 | 总计 | 36 | 42,590.81 | 42,590.81 | | |", typed)
    )
    assert (q.expected, q.actual, q.source_line) == ("42,590.81 万元", "42,590.18 万元", 196)
    assert "支出总计（一般公共预算）" in q.message


def test_a_three_public_total_that_is_not_the_sum_of_its_items(tmp_path):
    # Budget 10 = 2 + 5 + 3 and 5 = 1 + 4; final 合计 9, but 2 + 4 + 2 = 8.
    (q,) = found(
        tmp_path,
        "three_public_sum",
        (THREE_PUBLIC_ROW, NUMBERS_ROW + "| 10 | 2 | 5 | 1 | 4 | 3 | 9 | 2 | 4 | 1 | 3 | 2 |"),
    )
    assert (q.severity, q.expected, q.actual, q.source_line) == ("error", "8.00 万元", "9.00 万元", 339)
    assert "“三公”经费合计的决算数" in q.message


def test_a_three_public_total_of_zero_over_items_that_are_not(tmp_path):
    findings = found(
        tmp_path,
        "three_public_sum",
        (THREE_PUBLIC_ROW, NUMBERS_ROW + "| 0 | 2 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |"),
    )
    assert [(q.severity, q.expected, q.actual) for q in findings] == [("error", "2.00 万元", "0.00 万元")]


def test_running_costs_above_the_public_costs_they_are_part_of(tmp_path):
    (q,) = found(
        tmp_path,
        "admin_costs_over_public",
        ("吉林省政务服务和数字化建设服务中心为事业单位，无机关运行经费支出。", "2023年度机关运行经费支出35.60万元。"),
    )
    assert (q.severity, q.actual, q.expected, q.source_line) == ("warning", "35.60 万元", "≤ 28.85 万元", 756)
    assert "公用经费合计 28.85" in q.message


def test_a_budget_gap_without_its_reason(tmp_path):
    reason = "决算数大于预算数的主要原因是：2023 年度支出含当年追加的住房公积金经费。"
    (q,) = found(tmp_path, "budget_reason_missing", (reason, ""))
    assert (q.severity, q.source_line) == ("info", 704)
    assert "“住房公积金”决算 11.33 万元大于年初预算 9.55 万元，未说明原因" in q.message


def test_a_template_placeholder_left_in(tmp_path):
    (q,) = found(
        tmp_path,
        "placeholder_left",
        (
            "吉林省政务服务和数字化建设服务中心为事业单位，无机关运行经费支出。",
            "XX单位为事业单位，无机关运行经费支出。",
        ),
    )
    assert (q.severity, q.actual, q.source_line) == ("warning", "XX", 756)


def test_a_drafting_instruction_left_in_a_table(tmp_path):
    (q,) = found(tmp_path, "placeholder_left", (THREE_PUBLIC_ROW, NUMBERS_ROW + "| 请填写 | | | | | | | | | | | |"))
    assert (q.actual, q.source_table) == ("请填写", "公开09表 财政拨款“三公”经费支出决算表")


def test_last_years_figures_copied_under_last_years_name(tmp_path):
    (q,) = found(
        tmp_path,
        "year_mismatch",
        ("2023年度“三公”经费财政拨款支出预算为0万元", "2022年度“三公”经费财政拨款支出预算为0万元"),
    )
    assert (q.severity, q.expected, q.actual, q.source_line) == ("warning", "2023", "2022", 726)


def test_a_year_compared_with_is_not_a_slip(tmp_path):
    compared = "2023年度“三公”经费财政拨款支出预算为0万元，比2022年度“三公”经费支出决算减少0万元"
    assert found(tmp_path, "year_mismatch", ("2023年度“三公”经费财政拨款支出预算为0万元", compared)) == []


def test_another_departments_name_on_a_table(tmp_path):
    text = BUNDLED.read_text(encoding="utf-8")
    copied = "公开09表\n单位：万元\n\n部门：吉林省财政厅"
    (q,) = found(
        tmp_path,
        "department_name_mismatch",
        ("公开09表\n单位：万元\n\n部门：吉林省政务服务和数字化建设服务中心", copied),
    )
    assert (q.severity, q.actual, q.expected, q.source_line) == (
        "warning",
        "吉林省财政厅",
        "吉林省政务服务和数字化建设服务中心",
        332,
    )
    assert text.count("部门：吉林省政务服务和数字化建设服务中心") == 9  # the other eight tables still name it


def test_a_word_typed_twice(tmp_path):
    (q,) = found(
        tmp_path,
        "repeated_word",
        ("年初预算为 0.01 万元，支出决算为 45.84 万元", "年初预算为 0.01 万元，支出支出决算为 45.84 万元"),
    )
    assert (q.severity, q.actual, q.source_line) == ("info", "支出支出", 694)


def test_an_empty_table_the_report_does_not_explain(tmp_path):
    (q,) = found(
        tmp_path, "empty_table_unexplained", ("无政府性基金预算财政拨款收入支出。", "本部门本年度未发生相关支出。")
    )
    assert (q.severity, q.source_table) == ("warning", "公开07表 政府性基金预算财政拨款收入支出决算表")
    # The other empty table is still explained, and noted as empty.
    assert [q.check for q in found(tmp_path, "soe_capital_empty")] == ["soe_capital_empty"]


def test_a_table_the_contents_list_but_the_report_lacks(tmp_path):
    listed = "- 十、部门预算项目支出绩效自评表\n- 十一、部门国有资产占用情况表"
    (q,) = found(tmp_path, "toc_entry_missing", ("- 十、部门预算项目支出绩效自评表", listed))
    assert (q.severity, q.expected, q.source_line) == ("warning", "部门国有资产占用情况表", 28)


def test_a_class_amount_the_narrative_states_that_table_05_does_not_hold(tmp_path):
    (q,) = found(
        tmp_path,
        "narrative_class_amount",
        ("社会保障和就业支出 14.18 万元，占 0.03%", "社会保障和就业支出 14.81 万元，占 0.03%"),
    )
    assert (q.severity, q.expected, q.actual, q.source_line) == ("error", "14.18 万元", "14.81 万元", 682)
    assert "公开05表 一般公共预算财政拨款支出决算表第 224 行" in q.message


def test_an_items_final_the_narrative_lists_that_table_05_does_not_hold(tmp_path):
    typed = "事业单位医疗（项），年初预算为 8.18 万元，支出决算为 8.81 万元"
    (q,) = found(
        tmp_path, "narrative_item_amount", ("事业单位医疗（项），年初预算为 8.18 万元，支出决算为 8.18 万元", typed)
    )
    assert (q.severity, q.expected, q.actual, q.source_line) == ("error", "8.18 万元", "8.81 万元", 702)


def test_a_name_two_subjects_share_gives_the_narratives_item_no_code(tmp_path):
    # 公开03表 names 2101102 "事业运行" too: which 事业运行 the narrative means, its name alone cannot say.
    row = "\n| 2101102 | | {} | 8.18 | 8.18 | | | | |\n"  # the whole line, not 02表's longer one
    shared = (row.format("事业单位医疗"), row.format("事业运行"))
    findings = found(tmp_path, "subject_code_missing", shared)
    assert [(q.source_line, q.actual) for q in findings] == [(694, "事业运行"), (702, "事业单位医疗")]
