"""etl.parts.performance: the 项目支出绩效自评表 of the real report and hand-made fragments."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal

import pytest

from etl.model import PerfIndicator, PerfProject, QualityCheck
from etl.parse import parse_report
from etl.parts.performance import cells_read, parse_performance
from etl.readers import read_document
from etl.readers.markdown import parse_document
from etl.validate import validate

REPORT = "data/raw/jilin-zwfw-szhjs-2023.md"

Parsed = tuple[list[PerfProject], list[PerfIndicator], list[QualityCheck]]


def _parse(markdown: str) -> Parsed:
    doc = parse_document(markdown)
    return parse_performance(doc.tables_of("perf"), "test")


# Project 02 of the real report, as the converter wrote it (rows shifted, levels missing).
PROJECT_02 = """\
项目支出绩效自评表

| | | | | | | |
|--------------|---|---------------|--|-------------|--|-------------|
| 项目名称 | 吉林省电子政务外网服务项目 | | | | | |
| 实施单位 | 吉林省政务服务和数字化建设服务中心 | | | | | |
| 资金情况 (万元) | 项目资金 | 年初预算数 | 全年预算数 | 全年执行数 | 执行率 | |
| | 当年财政拨款 | 1436.23 | 1436.23 | 1432.94 | 99.77% | |
| | 上年结转资金 | 0.00 | 0.00 | 0.00 | 0.00% | |
| | 其他资金 | 0.00 | 0.00 | 0.00 | 0.00% | |
| | 年度资金总和 | 1436.23 | 1436.23 | 1432.94 | 99.77% | |
| 年度总体 目标 | 预期目标 | | 实际完成情况 | | | |
| | 目标 1: 实现电子政务外网安全、可靠运行。 | | 目标 1: 完成电子政务外网可靠安全运行 | | | |
| 绩效指标 | 一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 偏差原因分析及改进措施 |
| | 成本指标 | 经济成本指标 | 电子政务广域网运维服务总成本 | ≤1436.23 万元 | 1432.94 万元 | |
| | | | 产出指标 | 广域网覆盖率 | ≥85% | 100% |
| | 广域网中断次数 | ≤5 次 | | 1 次 | 省-市级电路, 采用多运营商组网, 才出现一次 | |
| | 质量指标 | 广域网链路带宽 | ≥10G | 11G | | |
| | 时效指标 | 故障处理时长 | ≤24 小时 | 12 小时 | | |
| 效益指标 | 社会效益指标 | 电子政务广域网正常运行天数 | ≥360 天 | 365 天 | | |
"""


def _funding_table(
    rows: str, header: str = "| 资金情况 (万元) | 项目资金 | 年初预算数 | 全年预算数 | 全年执行数 | 执行率 | |"
) -> str:
    return f"""\
项目支出绩效自评表

| 项目名称 | 测试项目 | | | | | |
|---|---|---|---|---|---|---|
{header}
{rows}
"""


# --- the real report ----------------------------------------------------------


@pytest.fixture(scope="module")
def report() -> Parsed:
    doc = read_document(REPORT)
    return parse_performance(doc.tables_of("perf"), "jilin-zwfw-szhjs-2023")


def _indicator(indicators: list[PerfIndicator], project_id: str, name: str) -> PerfIndicator:
    (found,) = [i for i in indicators if i.project_id == project_id and i.name == name]
    return found


def test_report_projects(report: Parsed) -> None:
    projects, _, _ = report
    assert len(projects) == 14
    assert [p.project_id for p in projects] == [f"{n:02d}" for n in range(1, 15)]
    assert sum(p.executed for p in projects) == Decimal("6411.44")
    assert sum(p.fiscal_executed for p in projects) == Decimal("6411.44")
    assert projects[0].project_name == "12342营商环境监督投诉举报电话运营服务费"
    assert projects[-1].project_name == "政务信息基础设施建设工作经费"
    assert all(p.implementing_unit == "吉林省政务服务和数字化建设服务中心" for p in projects)
    assert all(p.source_table == "项目支出绩效自评表" for p in projects)


def test_report_project_02(report: Parsed) -> None:
    project = report[0][1]
    assert project.project_name == "吉林省电子政务外网服务项目"
    assert project.initial_budget == Decimal("1436.23")
    assert project.full_year_budget == Decimal("1436.23")
    assert project.executed == Decimal("1432.94")
    assert project.execution_rate == Decimal("0.9977")
    assert project.fiscal_executed == Decimal("1432.94")
    assert project.source_line == 367
    assert project.goal_text.startswith("目标1:实现电子政务外网安全、可靠运行。")
    assert project.outcome_text.startswith("目标1:完成电子政务外网可靠安全运行")


def test_report_split_headers_and_low_execution(report: Parsed) -> None:
    projects = report[0]
    assert projects[2].executed == Decimal("965.50")  # under "全年执行 数"
    assert projects[2].full_year_budget == Decimal("971.00")  # under "全年预 算数"
    assert projects[13].execution_rate == Decimal("0.5706")
    assert projects[12].project_name == "政府网站网上宣传经费"  # after a repeated title row


def test_report_goals_without_html(report: Parsed) -> None:
    project = report[0][3]
    assert project.goal_text.startswith("(1)完成公共信用信息信用数据库征集目录")
    assert "<p>" not in project.goal_text
    assert "</p>" not in project.outcome_text
    assert project.outcome_text.endswith("(4)为城市信用监测做好基础保障。")


def test_report_indicator_counts(report: Parsed) -> None:
    _, indicators, _ = report
    # Counted by hand from the report: 5+7+9+3+4+4+5+6+4+15+5+7+7+5.
    per_project = Counter(i.project_id for i in indicators)
    assert [per_project[f"{n:02d}"] for n in range(1, 15)] == [5, 7, 9, 3, 4, 4, 5, 6, 4, 15, 5, 7, 7, 5]
    assert len(indicators) == 86
    assert Counter(i.status for i in indicators) == {"met": 82, "not_assessable": 4}
    not_assessable = {i.name for i in indicators if i.status == "not_assessable"}
    assert not_assessable == {
        "城市信用监测排名",
        "热线呼叫中心上线运行时限",
        "热线服务问题解决率",
        "向外方宣传推介吉林,为外籍人士提供信息和服务",
    }


def test_report_has_no_findings(report: Parsed) -> None:
    assert report[2] == []


def test_report_indicator_numbers_and_lines(report: Parsed) -> None:
    _, indicators, _ = report
    first = [i for i in indicators if i.project_id == "01"]
    assert [i.indicator_no for i in first] == [1, 2, 3, 4, 5]
    assert [i.source_line for i in first] == [357, 358, 359, 360, 361]
    assert all(i.source_table == "项目支出绩效自评表" for i in indicators)


def test_report_permille(report: Parsed) -> None:
    row = _indicator(report[1], "09", "发布翻译稿件的文字差错率")
    assert (row.target_text, row.actual_text) == ("<=3‰", "0.18‰")
    assert (row.target_value, row.actual_value, row.unit, row.status) == (
        Decimal("0.003"),
        Decimal("0.00018"),
        "‰",
        "met",
    )
    assert row.deviation_reason.startswith("指标设定参考规章制度及行业指标")


def test_report_unreadable_actual(report: Parsed) -> None:
    row = _indicator(report[1], "08", "热线服务问题解决率")
    assert (row.target_text, row.actual_text, row.status) == (
        "据实完成。",
        "资讯类问题在线解决率92.55%",
        "not_assessable",
    )
    assert (row.comparator, row.target_value, row.actual_value) == (None, None, None)


def test_report_split_money(report: Parsed) -> None:
    row = _indicator(report[1], "03", "项目运维服务成本")
    assert (row.target_text, row.actual_text) == ("<=2180.66万元", "965.5万元")
    assert (row.comparator, row.target_value, row.actual_value, row.unit, row.status) == (
        "<=",
        Decimal("2180.66"),
        Decimal("965.5"),
        "万元",
        "met",
    )
    assert (row.level1, row.level2) == ("成本指标", "经济成本指标")


def test_report_shifted_row_keeps_its_levels(report: Parsed) -> None:
    row = _indicator(report[1], "02", "广域网覆盖率")
    assert row.level1 == "产出指标"
    assert (row.level2, row.level2_inferred) == ("质量指标", True)  # from "%": the row names none
    assert (row.target_text, row.actual_text, row.status) == ("≥85%", "100%", "met")
    carried = _indicator(report[1], "02", "广域网中断次数")
    assert (carried.level1, carried.level2, carried.level2_inferred) == ("产出指标", "质量指标", True)
    assert (carried.target_text, carried.actual_text) == ("≤5次", "1次")
    assert carried.deviation_reason.startswith("省-市级电路,采用多运营商组网")
    given = _indicator(report[1], "02", "广域网链路带宽")
    assert (given.level1, given.level2, given.level2_inferred) == ("产出指标", "质量指标", False)


def test_report_level2_implies_level1(report: Parsed) -> None:
    # 数量指标 follows a 成本指标 row: it still belongs to 产出指标.
    for project_id in ("03", "10"):
        row = _indicator(report[1], project_id, "系统等保测评个数")
        assert (row.level1, row.level2, row.level2_inferred) == ("产出指标", "数量指标", False)


def test_report_levels_carried_down(report: Parsed) -> None:
    rows = [i for i in report[1] if i.project_id == "10"]
    assert [(i.level1, i.level2) for i in rows[-3:]] == [("效益指标", "社会效益指标")] * 3
    assert rows[-1].name == "需求处理完成率"
    satisfaction = _indicator(report[1], "01", "“12342”投诉举报电话服务对象满意度")
    assert (satisfaction.level1, satisfaction.level2) == ("满意度指标", "服务对象满意度指标")


def test_report_dates(report: Parsed) -> None:
    row = _indicator(report[1], "14", "信息化项目申报材料审核时限")
    assert (row.level1, row.level2) == ("产出指标", "时效指标")
    assert row.comparator == "deadline"
    assert str(row.target_date) == str(row.actual_date) == "2023-12-31"
    assert row.status == "met"


def test_report_qualitative_word_for_word(report: Parsed) -> None:
    assert _indicator(report[1], "06", "省级信用信息服务平台稳定运行率").status == "met"
    assert _indicator(report[1], "08", "热线呼叫中心座席数").status == "met"
    assert _indicator(report[1], "04", "城市信用监测排名").status == "not_assessable"


# --- hand-made fragments --------------------------------------------------------


def test_fragment_project_02() -> None:
    projects, indicators, checks = _parse(PROJECT_02)
    assert checks == []
    (project,) = projects
    assert project.project_id == "01"
    assert project.source_line == 5
    assert project.executed == Decimal("1432.94")
    assert [i.name for i in indicators] == [
        "电子政务广域网运维服务总成本",
        "广域网覆盖率",
        "广域网中断次数",
        "广域网链路带宽",
        "故障处理时长",
        "电子政务广域网正常运行天数",
    ]
    assert [i.source_line for i in indicators] == [15, 16, 17, 18, 19, 20]
    assert {i.status for i in indicators} == {"met"}


def test_cells_read_says_where_each_cell_went() -> None:
    """For etl.audit: the cells stored — 年度资金总和's four, 当年财政拨款's 执行数, the texts wherever a shifted
    row puts them — and the funding by source, read past."""
    read = cells_read(parse_document(PROJECT_02).tables_of("perf"), "test")
    by_line: dict[int, list[int]] = {}
    for line, col in sorted(read.stored):
        by_line.setdefault(line, []).append(col)
    assert by_line == {
        5: [1],  # 项目名称
        6: [1],  # 实施单位
        8: [4],  # 当年财政拨款: 全年执行数
        11: [2, 3, 4, 5],  # 年度资金总和
        13: [1, 3],  # 预期目标, 实际完成情况
        15: [3, 4, 5],
        16: [4, 5, 6],  # shifted right: name, target, actual
        17: [1, 2, 4, 5],  # shifted left, with a reason
        18: [2, 3, 4],
        19: [2, 3, 4],
        20: [2, 3, 4],
    }
    assert sorted(read.set_aside.items())[:4] == [
        ((8, 2), ("当年财政拨款", "年初预算数")),
        ((8, 3), ("当年财政拨款", "全年预算数")),
        ((8, 5), ("当年财政拨款", "执行率")),
        ((9, 2), ("上年结转资金", "年初预算数")),
    ]
    assert len(read.set_aside) == 3 + 4 + 4 and read.skipped == frozenset()


def test_scores_are_read_past_by_their_heading() -> None:
    read = cells_read(parse_document(SCORED).tables_of("perf"), "test")
    scores = {place: what for place, what in read.set_aside.items() if what[1] in ("分值", "得分")}
    assert [(place, what) for place, what in sorted(scores.items()) if place[0] >= 20] == [
        ((20, 6), ("测试次数", "分值")),
        ((20, 7), ("测试次数", "得分")),
        ((21, 6), ("响应时间", "分值")),
        ((21, 7), ("响应时间", "得分")),
        ((22, 6), ("满意度", "分值")),
        ((22, 7), ("满意度", "得分")),
        ((23, 6), ("总分", "分值")),
        ((23, 7), ("总分", "得分")),
    ]
    assert {(13, 5), (13, 7)} <= scores.keys() and (22, 8) in read.stored  # 年度资金总额's 分值 and 得分; 略低


def test_project_split_over_tables_and_repeated_title() -> None:
    first, second = PROJECT_02.split("| | 质量指标 |", 1)
    markdown = first + "\n项目支出绩效自评表\n\n| 项目支出绩效自评表 | | |\n|---|---|---|\n| | 质量指标 |" + second
    projects, indicators, checks = _parse(markdown)
    assert checks == []
    assert len(projects) == 1
    assert len(indicators) == 6
    assert (indicators[3].name, indicators[3].level1, indicators[3].level2) == (
        "广域网链路带宽",
        "产出指标",
        "质量指标",
    )
    assert indicators[3].indicator_no == 4


def test_two_projects_numbered_in_order() -> None:
    second = PROJECT_02.replace("吉林省电子政务外网服务项目", "第二个项目")
    projects, indicators, _ = _parse(PROJECT_02 + "\n" + second)
    assert [(p.project_id, p.project_name) for p in projects] == [
        ("01", "吉林省电子政务外网服务项目"),
        ("02", "第二个项目"),
    ]
    assert Counter(i.project_id for i in indicators) == {"01": 6, "02": 6}


def test_total_row_is_all_sources() -> None:
    rows = """\
| | 当年财政拨款 | 100.00 | 100.00 | 90.00 | 90.00% | |
| | 上年结转资金 | 0.00 | 20.00 | 20.00 | 100.00% | |
| | 其他资金 | 0.00 | 0.00 | 0.00 | 0.00% | |
| | 年度资金总额 | 100.00 | 120.00 | 110.00 | 91.67% | |"""
    projects, _, checks = _parse(_funding_table(rows))
    (project,) = projects
    assert (project.initial_budget, project.full_year_budget, project.executed) == (
        Decimal("100.00"),
        Decimal("120.00"),
        Decimal("110.00"),
    )
    assert project.execution_rate == Decimal("0.9167")
    assert project.fiscal_executed == Decimal("90.00")
    assert checks == []


def test_split_funding_header_and_numbers() -> None:
    header = "| 资金情况 (万元) | 项目资金 | 年初预 算数 | 全年预 算数 | 全年执行 数 | 执行 率 | |"
    rows = "| | 年度资金总和 | 1,436. 23 | 1436.23 | 1432.94 | 99.77 % | |"
    (project,), _, checks = _parse(_funding_table(rows, header))
    assert (project.initial_budget, project.executed, project.execution_rate) == (
        Decimal("1436.23"),
        Decimal("1432.94"),
        Decimal("0.9977"),
    )
    assert checks == []


def test_execution_rate_mismatch_is_a_warning() -> None:
    rows = "| | 年度资金总和 | 17.00 | 17.00 | 9.70 | 75.06% | |"
    (project,), _, checks = _parse(_funding_table(rows))
    assert project.execution_rate == Decimal("0.7506")  # the source's words are kept
    (check,) = checks
    assert (check.check, check.severity, check.source_line) == ("perf_execution_rate", "warning", 6)
    assert (check.expected, check.actual) == ("57.06%", "75.06%")


def test_execution_rate_rounding_is_no_finding() -> None:
    rows = "| | 年度资金总和 | 44.20 | 44.20 | 43.20 | 97.74% | |"
    assert _parse(_funding_table(rows))[2] == []


def test_unreadable_funding_number_is_an_error_and_none() -> None:
    rows = "| | 年度资金总和 | 1436.23 | 14,36.23 | 1432.94 | 99.77% | |"
    (project,), _, checks = _parse(_funding_table(rows))
    assert project.full_year_budget is None
    assert project.initial_budget == Decimal("1436.23")
    (check,) = checks
    assert (check.check, check.severity, check.source_line) == ("perf_row_unreadable", "error", 6)
    assert "测试项目" in check.message
    assert "第 6 行" in check.message
    assert "14,36.23" in check.message


def test_funding_row_with_missing_cells_is_an_error() -> None:
    rows = "| | 年度资金总和 | 1436.23 | 1432.94 | | | |\n| x | y |"
    (project,), _, checks = _parse(_funding_table(rows))
    assert (project.initial_budget, project.executed) == (None, None)
    assert checks[0].severity == "error"
    assert checks[0].source_line == 6


def test_funding_with_score_columns() -> None:
    header = "| 资金情况 (万元) | 项目资金 | 年初预算数 | 全年预算数 | 全年执行数 | 分值 | 执行率 | 得分 |"
    rows = """\
| | 当年财政拨款 | 100.00 | 100.00 | 90.00 | | 90.00% | |
| | 年度资金总和 | 100.00 | 100.00 | 90.00 | 10 | 90.00% | 9 |"""
    (project,), _, checks = _parse(_funding_table(rows, header))
    assert checks == []
    assert (project.executed, project.execution_rate, project.fiscal_executed) == (
        Decimal("90.00"),
        Decimal("0.9"),
        Decimal("90.00"),
    )


def test_funding_in_yuan_is_converted() -> None:
    header = "| 资金情况 (元) | 项目资金 | 年初预算数 | 全年预算数 | 全年执行数 | 执行率 | |"
    rows = "| | 年度资金总和 | 170000.00 | 170000.00 | 97000.00 | 57.06% | |"
    (project,), _, checks = _parse(_funding_table(rows, header))
    assert (project.initial_budget, project.executed) == (Decimal("17"), Decimal("9.7"))
    assert checks == []


def _indicators(rows: str) -> Parsed:
    header = "| 绩效指标 | 一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 偏差原因分析及改进措施 |"
    funding = "| | 年度资金总和 | 1.00 | 1.00 | 1.00 | 100.00% | |"
    return _parse(_funding_table(funding + "\n" + header + "\n" + rows))


def test_short_indicator_row_is_an_error() -> None:
    _, indicators, checks = _indicators("| | 产出指标 | 数量指标 | 巡检次数 | >=3 次 | | |")
    assert indicators == []
    (check,) = checks
    assert (check.check, check.severity, check.source_line) == ("perf_row_unreadable", "error", 8)
    assert "巡检次数 | >=3 次" in check.message


def test_level_inference() -> None:
    rows = """\
| | 成本指标 | | 单项成本 | ≤5000 元 | 4800 元 | |
| | 产出指标 | | 审核时限 | 2023 年 12 月底前 | 2023 年 12 月 20 日 | |
| | 产出指标 | 数量 指标 | 审核项目数 | ≥20 项 | 52 项 | |
| | 效益 指标 | | 准确率 | >=95% | 90% | 未达标 |
| | 满意度指标 | | 满意度 | >=90% | 95% | |"""
    _, indicators, checks = _indicators(rows)
    assert checks == []
    assert [(i.level1, i.level2, i.level2_inferred) for i in indicators] == [
        ("成本指标", "经济成本指标", True),
        ("产出指标", "时效指标", True),
        ("产出指标", "数量指标", False),
        ("效益指标", "社会效益指标", True),
        ("满意度指标", "服务对象满意度指标", True),
    ]
    assert [i.status for i in indicators] == ["met", "met", "met", "missed", "met"]
    assert indicators[3].deviation_reason == "未达标"


def test_level_only_row_and_bare_output_level() -> None:
    rows = """\
| | 产出指标 | | | | | |
| | 覆盖率 | >=90% | 95% | | | |
| | 巡检次数 | >=3 次 | 4 次 | | | |"""
    _, indicators, checks = _indicators(rows)
    assert checks == []
    assert [(i.level1, i.level2, i.level2_inferred) for i in indicators] == [
        ("产出指标", "质量指标", True),
        ("产出指标", "数量指标", True),
    ]


def test_level_conflict_within_a_row_follows_level2() -> None:
    _, indicators, checks = _indicators("| 效益指标 | 数量指标 | 巡检次数 | >=3 次 | 4 次 | | |")
    assert (indicators[0].level1, indicators[0].level2) == ("产出指标", "数量指标")
    assert [(c.check, c.severity) for c in checks] == [("perf_level_conflict", "warning")]


def test_texts_keep_their_words_without_converter_spaces() -> None:
    rows = "| 效益指标 | 社会效益 指标 | 向外方宣传推 介吉林 | 提供英、日、朝、 俄等 4 个语种 | 逐年提升 | 原因 一 | 原因 二 |"
    _, (row,), _ = _indicators(rows)
    assert row.name == "向外方宣传推介吉林"
    assert row.target_text == "提供英、日、朝、俄等4个语种"
    assert row.actual_text == "逐年提升"
    assert row.deviation_reason == "原因一原因二"
    assert row.status == "not_assessable"


SCORED = """2023 年度
测试局
部门决算

项目支出绩效自评表

| 项目支出绩效自评表 | | | | | | | | |
|---|---|---|---|---|---|---|---|---|
| （2023年度） | | | | | | | | |
| 项目名称 | 测试项目 | | | | | | | |
| 主管部门 | 测试局 | | 实施单位 | 测试局 | | | | |
| 项目资金（万元） | | 年初预算数 | 全年预算数 | 全年执行数 | 分值 | 执行率 | 得分 | |
| | 年度资金总额 | 100.00 | 100.00 | 90.00 | 10 | 90.00% | 9.00 | |
| | 其中：当年财政拨款 | 100.00 | 100.00 | 90.00 | — | — | — | |
| | 上年结转资金 | — | — | — | — | — | — | |
| | 其他资金 | — | — | — | — | — | — | |
| 年度总体目标 | 预期目标 | | | | 实际完成情况 | | | |
| | 完成测试。 | | | | 已完成测试。 | | | |
| 绩效指标 | 一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分 | 偏差原因分析及改进措施 |
| | 产出指标 | 数量指标 | 测试次数 | ≥3次 | 8次 | 20 | 20 | |
| | | 时效指标 | 响应时间 | ≤24小时 | 10小时 | 20 | 20 | |
| | 满意度指标 | 服务对象满意度指标 | 满意度 | ≥90% | 95% | 10 | 9 | 略低 |
| 总分 | | | | | | 100 | 98 | |
"""


def test_a_self_evaluation_with_scores_a_supervisor_row_a_year_line_and_dashes_reads_by_its_header():
    """分值 / 得分 columns in the funding block and among the indicators, a 主管部门 row, "（2023年度）" under the
    title, and "—" for figures left out: read by header, scores never taken for a target, actual or reason."""
    report = parse_report(parse_document(SCORED, "<scored>"))
    report.quality_checks += validate(report)
    (project,) = report.perf_projects
    assert (project.project_name, project.implementing_unit) == ("测试项目", "测试局")
    assert (project.full_year_budget, project.executed, project.execution_rate) == (
        Decimal("100.00"),
        Decimal("90.00"),
        Decimal("0.90"),
    )
    got = [(i.name, i.target_text, i.actual_text, i.status, i.deviation_reason) for i in report.perf_indicators]
    assert got == [
        ("测试次数", "≥3次", "8次", "met", None),
        ("响应时间", "≤24小时", "10小时", "met", None),
        ("满意度", "≥90%", "95%", "met", "略低"),
    ]
    assert [q.check for q in report.quality_checks if q.severity != "info"] == []
