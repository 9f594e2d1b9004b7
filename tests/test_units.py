"""Units belong to each table, and a rate cell left blank is blank: the reading a layout nobody here has seen
must get right."""

from __future__ import annotations

from decimal import Decimal

import pytest

from etl.parse import parse_report
from etl.readers import read_document
from etl.readers.markdown import parse_document
from etl.text import parse_percent
from etl.validate import validate
from tests.conftest import BUNDLED, ROOT

TEXT = BUNDLED.read_text(encoding="utf-8")
FIRST_FUNDING_HEADER = "| 资金情况 (万元) | 项目资金 | 年初预算数 | 全年预算数 | 全年执行数 | 执行率 | |"


def parsed(text: str):
    report = parse_report(parse_document(text, "<variant>"))
    report.quality_checks += validate(report)
    return report


@pytest.mark.parametrize("blank", ["%", "-%", "—%", "--%", "－％"])
def test_a_rate_cell_left_blank_is_blank_not_an_error(blank):
    assert parse_percent(blank) is None


def test_project_money_keeps_its_own_unit_when_the_main_tables_are_in_yuan():
    """Main tables in 元 while the 绩效自评表 says 项目资金（万元）: the project money stays in 万元."""
    assert TEXT.count(FIRST_FUNDING_HEADER) == 12  # one a project
    text = TEXT.replace("单位：万元", "单位：元").replace(
        FIRST_FUNDING_HEADER, "| 资金情况 | 项目资金（万元） | 年初预算数 | 全年预算数 | 全年执行数 | 执行率 | |"
    )
    report = parsed(text)
    spending = {r.code: r for r in report.spending_by_function}
    assert spending["201"].total == Decimal("4.255712")  # 42,557.12 元 in 万元
    first = report.perf_projects[0]
    assert first.project_name == "12342营商环境监督投诉举报电话运营服务费"
    assert (first.full_year_budget, first.executed) == (Decimal("61.20"), Decimal("61.20"))
    assert first.execution_rate == Decimal("1.0000")
    assert sum(p.executed for p in report.perf_projects) == Decimal("6411.44")


def test_a_table_of_contents_names_no_table_below_it():
    """Shanghai's 目录 ends with "九、国有资本经营预算财政拨款收入支出决算表"; the next table, pages later, lists
    the units the report covers (序号 | 单位名称 | 备注) and is no 国有资本经营 table."""
    doc = read_document(ROOT / "data" / "raw" / "shanghai-putuo-czj-2024.pdf")
    first = doc.tables[0]
    assert first.kind == "unknown" and first.rows[0].cells == ("序号", "单位名称", "备注")
    (soe,) = doc.tables_of("soe_capital")
    assert doc.page_of(soe.rows[0].line) == 20


def test_06_is_checked_against_05_not_against_03():
    """公开06表 covers the general-budget appropriation only: its 人员 + 公用 is 05表's 基本支出. 03表's may be
    larger by a department's own income (事业收入, 其他收入), and that is no finding."""
    line_03 = "| | | 合计 | 42,590.81 | 297.20 | 42,293.61 | | | |"
    line_05 = "| 合计 | | 42,590.81 | 297.20 | 268.35 | 28.85 | 42,293.61 |"
    assert TEXT.count(line_03) == 1 and TEXT.count(line_05) == 1

    def basic_split(text: str) -> list[str]:
        return [q.message for q in parsed(text).quality_checks if q.check == "basic_split" and "公开06表" in q.message]

    assert basic_split(TEXT) == []
    assert basic_split(TEXT.replace(line_03, "| | | 合计 | 42,600.81 | 307.20 | 42,293.61 | | | |")) == []
    (flagged,) = basic_split(TEXT.replace(line_05, "| 合计 | | 42,600.81 | 307.20 | 268.35 | 28.85 | 42,293.61 |"))
    assert "307.20" in flagged and "297.20" in flagged
