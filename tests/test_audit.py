"""Every numeric cell of a recognised table is stored or named in a finding: a letter typed into any bare
number of the bundled report is caught at its line, whichever column it stands in — the 绩效自评表 too."""

from __future__ import annotations

import random
import re

import pytest

from etl.audit import AUDITED
from etl.ingest import parse_file
from etl.readers.markdown import parse_document, split_cells
from tests.conftest import BUNDLED
from tests.test_performance import SCORED

TEXT = BUNDLED.read_text(encoding="utf-8")
LINES = TEXT.split("\n")
BARE_NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?")


def report_of(tmp_path, text: str):
    path = tmp_path / "report.md"
    path.write_text(text, encoding="utf-8")
    return parse_file(path)


def audited_cells(kinds=AUDITED) -> list[tuple[int, int]]:
    """(line, column) of every bare number in the bundled report's tables of these kinds."""
    doc = parse_document(TEXT)
    out = []
    for table in doc.tables:
        if table.kind in kinds:
            out += [
                (row.line, col)
                for row in table.rows
                for col, cell in enumerate(row.cells)
                if BARE_NUMBER.fullmatch(cell)
            ]
    return out


def with_cell(line: int, col: int, new: str) -> str:
    cells = list(split_cells(LINES[line - 1]))
    cells[col] = new
    return "\n".join([*LINES[: line - 1], "| " + " | ".join(cells) + " |", *LINES[line:]])


def test_the_bundled_report_has_every_numeric_cell_stored_or_named(bundled):
    """公开01–09表: 434 figures, all stored. The 14 绩效自评表: 370 figures, 216 stored (each project's 年度资金总和
    row and 当年财政拨款 执行数, the indicators' targets and actuals as texts), and 154 — 11 per project, its funding
    by source — named by one warning per project."""
    report = bundled.report
    assert (report.numeric_cells, report.numeric_stored, report.numeric_flagged) == (434 + 370, 434 + 216, 154)
    assert not [q for q in bundled.quality_checks if q.check == "unread_figure"]
    unstored = [q for q in bundled.quality_checks if q.check == "figure_not_stored"]
    assert [(q.severity, q.source_line) for q in unstored[:3]] == [("info", 350), ("info", 370), ("info", 392)]
    assert len(unstored) == len(bundled.perf_projects) == 14
    assert unstored[1].message == (
        "项目支出绩效自评表“吉林省电子政务外网服务项目”有 11 个数字本看板没有收录（只收录年度资金总和、当年财政拨款的"
        "全年执行数和各项绩效指标），请查阅原表：第 370 行当年财政拨款的年初预算数“1436.23”、全年预算数“1436.23”、"
        "执行率“99.77%”；第 371 行上年结转资金的年初预算数“0.00”、全年预算数“0.00”、全年执行数“0.00”、执行率“0.00%”；"
        "第 372 行其他资金的年初预算数“0.00”、全年预算数“0.00”、全年执行数“0.00”、执行率“0.00%”"
    )
    assert unstored[1].message_en.startswith(
        "Project performance self-evaluation tables, line 370: project “吉林省电子政务外网服务项目”: 11 figures are not held by this dashboard, "
        "which holds the annual total (年度资金总和), the 当年财政拨款 executed and the indicators; see the report's "
        "table: line 370, 当年财政拨款: 年初预算数 “1436.23”, 全年预算数 “1436.23”, 执行率 “99.77%”; line 371, "
    )


@pytest.mark.parametrize("seed", range(3))
def test_a_letter_in_any_bare_number_is_a_finding_at_its_line(tmp_path, seed):
    cells = audited_cells()
    assert len(cells) > 300
    # The 绩效自评表's bare numbers are its funding amounts, 14 projects × 4 rows × 3 (an indicator's values carry
    # their units, and are stored as the texts they are).
    perf = audited_cells({"perf"})
    assert len(perf) == 168
    rng = random.Random(seed)
    for line, col in rng.sample(cells, 8) + rng.sample(perf, 3):
        cell = split_cells(LINES[line - 1])[col]
        damaged = cell[:-1] + "B" if len(cell) > 1 else cell + "B"  # "42,590.8B", "3011B", "2B"
        report = report_of(tmp_path, with_cell(line, col, damaged))
        at_line = [q for q in report.quality_checks if q.source_line == line and q.severity == "error"]
        assert at_line, (line, col, cell)
        assert any(damaged in q.message for q in at_line), [q.message for q in at_line]
        assert report.report.numeric_cells == report.report.numeric_stored + report.report.numeric_flagged


@pytest.mark.parametrize(
    "old, new, says",
    [
        # 公开04表's 一般公共预算财政拨款 column, a 行次 of 公开01表, a subject code of 公开06表
        (
            "| 一、一般公共服务支出 | 19 | 42,557.12 | 42,557.12 | | |",
            "| 一、一般公共服务支出 | 19 | 42,557.12 | 42,557.1Z | | |",
            "42,557.1Z",
        ),
        ("| 一、一般公共预算财政拨款收入 | 1 | 42,590.81 |", "| 一、一般公共预算财政拨款收入 | l | 42,590.81 |", "l"),
        ("| 30113 | 住房公积金 | 11.33 |", "| 3O113 | 住房公积金 | 11.33 |", "3O113"),
    ],
)
def test_damage_in_a_column_no_sum_reads_is_still_flagged(tmp_path, old, new, says):
    assert TEXT.count(old) == 1, old
    line = TEXT[: TEXT.index(old)].count("\n") + 1
    report = report_of(tmp_path, TEXT.replace(old, new))
    assert any(q.source_line == line and q.severity == "error" and says in q.message for q in report.quality_checks)


def test_a_figure_in_a_column_the_store_does_not_hold_is_a_warning(tmp_path, bundled):
    """公开02表's 上级补助收入 is stored now; 公开07表's figures are named by one finding for the table."""
    old = "| 2010302 | | 一般行政管理事务 | 1.35 | 1.35 | | | | | |"
    assert TEXT.count(old) == 1
    report = report_of(tmp_path, TEXT.replace(old, "| 2010302 | | 一般行政管理事务 | 1.35 | 1.35 | 0.50 | | | | |"))
    income = {r.code: r for r in report.income_by_function}
    assert income["2010302"].superior_subsidy == 0.50
    counts = (report.report.numeric_cells, report.report.numeric_stored, report.report.numeric_flagged)
    assert counts == (bundled.report.numeric_cells + 1, bundled.report.numeric_stored + 1, 154)


def test_a_perf_table_counts_every_figure_and_names_each_one_it_does_not_store(tmp_path):
    """Scores (分值, 得分, 总分) and the funding by source are read past: one warning names them, row by row."""
    report = report_of(tmp_path, SCORED)
    # 23 figures: stored are 年度资金总和's four, 当年财政拨款's 执行数 and the six targets and actuals ("≥3次").
    assert (report.report.numeric_cells, report.report.numeric_stored, report.report.numeric_flagged) == (23, 11, 12)
    (unstored,) = report.quality_checks
    assert (unstored.check, unstored.severity, unstored.source_line) == ("figure_not_stored", "info", 13)
    assert unstored.message == (
        "项目支出绩效自评表“测试项目”有 12 个数字本看板没有收录（只收录年度资金总和、当年财政拨款的全年执行数和各项绩效"
        "指标），请查阅原表：第 13 行年度资金总和的分值“10”、得分“9.00”；第 14 行当年财政拨款的年初预算数“100.00”、"
        "全年预算数“100.00”；第 20 行测试次数的分值“20”、得分“20”；第 21 行响应时间的分值“20”、得分“20”；"
        "第 22 行满意度的分值“10”、得分“9”；第 23 行总分的分值“100”、得分“98”"
    )


@pytest.mark.parametrize(
    "old, new, damaged",
    [
        # a score no part reads: among the funding figures, an indicator's, the 总分 row's
        ("| 90.00 | 10 | 90.00% | 9.00 |", "| 90.00 | 10 | 90.00% | 9.0O |", "9.0O"),
        ("| ≥3次 | 8次 | 20 | 20 |", "| ≥3次 | 8次 | 2O | 20 |", "2O"),
        ("| 总分 | | | | | | 100 | 98 |", "| 总分 | | | | | | 1OO | 98 |", "1OO"),
    ],
)
def test_a_letter_in_a_score_of_a_perf_table_is_an_error_at_its_line(tmp_path, old, new, damaged):
    assert SCORED.count(old) == 1, old
    line = SCORED[: SCORED.index(old)].count("\n") + 1
    report = report_of(tmp_path, SCORED.replace(old, new))
    (error,) = [q for q in report.quality_checks if q.severity == "error"]
    assert (error.check, error.source_line) == ("unread_figure", line)
    assert f"“{damaged}”不是可确认的数字" in error.message
    (unstored,) = [q for q in report.quality_checks if q.check == "figure_not_stored"]
    assert "有 11 个数字" in unstored.message and f"“{damaged}”" not in unstored.message
    assert (report.report.numeric_cells, report.report.numeric_flagged) == (23, 12)


def test_a_letter_in_an_indicator_value_is_stored_as_the_text_published(tmp_path):
    """An indicator's target or actual is a text: "8B次" is stored as written, and not assessed."""
    report = report_of(tmp_path, SCORED.replace("| ≥3次 | 8次 |", "| ≥3次 | 8B次 |"))
    assert report.perf_indicators[0].actual_text == "8B次"
    assert (report.perf_indicators[0].actual_value, report.perf_indicators[0].status) == (None, "not_assessable")
    assert [q.check for q in report.quality_checks] == ["figure_not_stored"]
    assert (report.report.numeric_cells, report.report.numeric_stored) == (23, 11)


def test_the_rows_of_a_project_without_its_name_are_named_by_one_error(tmp_path):
    """Lost 项目名称 and 实施单位 rows: the next project's rows are skipped up to the next 项目名称, under the one
    error at the first of them — not loaded into the project above, and no finding of their own."""
    lines = LINES.copy()
    at = lines.index("| 项目名称 | 省政府网站集约化平台运维服务项目 | | | | | |")
    del lines[at : at + 2]
    report = report_of(tmp_path, "\n".join(lines))
    first = at + 1  # the funding header, now where 项目名称 stood
    errors = [(q.check, q.source_line) for q in report.quality_checks if q.severity == "error"]
    assert errors == [("perf_row_unreadable", first), ("perf_total", 748)]  # 13 projects, where 情况说明 says 14
    following = lines.index("| 项目名称 | 省政府网站内容运维服务项目 | | | | | |") + 1
    unstored = [q.source_line for q in report.quality_checks if q.check == "figure_not_stored"]
    assert len(unstored) == 13 and not [line for line in unstored if first <= line < following]
    r = report.report
    # The skipped project's 46 figures are flagged: 35 the store held before, and the 11 its warning named.
    assert (r.numeric_cells, r.numeric_stored, r.numeric_flagged) == (804, 650 - 35, 154 - 11 + 46)
