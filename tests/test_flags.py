"""Flags: what a journalist asks first, measured in the ETL for every item and stored whether it trips or not."""

from __future__ import annotations

import re
from decimal import Decimal

import duckdb

from etl.cli import main
from etl.ingest import parse_file
from tests.conftest import ROOT

SHANGHAI = ROOT / "data" / "raw" / "shanghai-putuo-czj-2024.pdf"


def tripped(parsed, *rules: str) -> list[tuple]:
    return [(f.flag, f.item, f.value, f.source_line) for f in parsed.flags if f.tripped and f.flag in rules]


BUDGET = ("over_initial_budget", "under_initial_budget", "no_initial_budget")


def test_the_bundled_reports_final_far_above_its_initial_budget(bundled):
    assert tripped(bundled, *BUDGET) == [
        ("over_initial_budget", "一般公共预算财政拨款支出", Decimal("6.399263"), 688),  # 42,590.81 ÷ 6,655.58
        ("over_initial_budget", "事业运行", Decimal("4584.000000"), 694),  # 45.84 against 0.01
        ("over_initial_budget", "其他政府办公厅（室）及相关机构事务", Decimal("6.346103"), 696),
        ("no_initial_budget", "其他网信事务支出", Decimal("468.90"), 698),
    ]
    total = next(f for f in bundled.flags if f.item == "一般公共预算财政拨款支出" and f.tripped)
    assert total.message == "决算 42,590.81 万元，是年初预算 6,655.58 万元的 639.93%"
    assert (total.threshold, total.unit) == (Decimal("1.5"), "%")


def test_an_item_within_range_is_measured_and_does_not_trip(bundled):
    measured = {(f.flag, f.tripped) for f in bundled.flags if f.item == "一般行政管理事务"}
    assert measured == {("over_initial_budget", False), ("under_initial_budget", False)}


def test_a_report_spent_as_budgeted_trips_nothing_and_cites_its_pages():
    parsed = parse_file(SHANGHAI)
    assert tripped(parsed, *BUDGET) == []
    total = [f for f in parsed.flags if f.item == "一般公共预算财政拨款支出"]
    assert {(f.value, f.source_page) for f in total} == {(Decimal("0.982007"), 21)}  # 2,940.05 ÷ 2,993.92


def test_flags_are_stored(tmp_path):
    db = tmp_path / "w.duckdb"
    assert (
        main(
            [
                "ingest",
                str(ROOT / "data" / "raw" / "jilin-zwfw-szhjs-2023.md"),
                "--db",
                str(db),
                "--parquet",
                str(tmp_path / "pq"),
            ]
        )
        == 0
    )
    con = duckdb.connect(str(db), read_only=True)
    rows = con.execute(
        "SELECT flag, count(*) FILTER (WHERE tripped), count(*) FROM flags GROUP BY flag ORDER BY flag"
    ).fetchall()
    con.close()
    assert rows == [
        ("low_execution", 1, 14),
        ("met_but_low_execution", 1, 11),
        ("no_initial_budget", 1, 1),
        ("over_initial_budget", 3, 7),
        ("self_evaluation_coverage", 1, 1),
        ("sme_below_national", 1, 1),
        ("sme_below_reserved", 1, 1),
        ("soft_target_high", 10, 33),
        ("soft_target_low", 7, 17),
        ("target_admission", 7, 7),
        ("under_initial_budget", 0, 7),
    ]


def test_the_sme_share_against_the_nation_and_the_30_percent_reserved_since_2021(bundled):
    national, reserved = (f for f in bundled.flags if f.flag.startswith("sme_"))
    assert (national.value, national.threshold, national.tripped) == (Decimal("0.030199"), Decimal("0.744"), True)
    assert national.message.endswith("的 3.02%；全国为 74.40%（财政部《2023年全国政府采购简要情况》）")
    assert (reserved.threshold, reserved.tripped, reserved.source_line) == (Decimal("0.30"), True, 760)


def test_no_national_comparison_for_a_year_without_a_citable_figure():
    parsed = parse_file(SHANGHAI)  # 2024: no national summary on file
    assert {f.flag for f in parsed.flags if f.flag.startswith("sme_")} == {"sme_below_reserved"}


def test_soft_targets_admissions_execution_and_coverage_of_the_bundled_report(bundled):
    soft = [f for f in bundled.flags if f.flag.startswith("soft_target") and f.tripped]
    assert len(soft) == 17
    beaten = next(f for f in soft if f.item.endswith("故障处理时长"))
    assert beaten.flag == "soft_target_low" and beaten.message.startswith("目标“≤24小时”")
    admitted = {f.item: f.value for f in bundled.flags if f.flag == "target_admission"}
    assert admitted["省政府网站集约化平台运维服务项目"] == Decimal(4) and sum(admitted.values()) == 19
    (low,) = [f for f in bundled.flags if f.flag == "met_but_low_execution" and f.tripped]
    assert (low.item, low.value) == ("政务信息基础设施建设工作经费", Decimal("0.5706"))
    (coverage,) = [f for f in bundled.flags if f.flag == "self_evaluation_coverage"]
    assert (coverage.value, coverage.tripped) == (Decimal("0.151594"), True)  # 6,411.44 of 42,293.61


def test_last_years_total_is_derived_from_the_stated_change(bundled):
    previous = next(f for f in bundled.narrative_facts if f.topic == "total_previous")
    assert (previous.value, previous.source_line) == (Decimal("23779.68"), 646)  # 42,590.81 − 18,811.13
    assert previous.text == "与2022年度相比，收、支总计各增加18811.13万元，增长79.11%。"  # the sentence it rests on


def test_last_years_basic_and_project_spending_are_derived_from_their_stated_changes(bundled):
    previous = {f.topic: (f.value, f.source_line) for f in bundled.narrative_facts if f.topic.endswith("_previous")}
    assert previous == {
        "total_previous": (Decimal("23779.68"), 646),
        "fiscal_total_previous": (Decimal("23779.68"), 667),
        "basic_spending_previous": (Decimal("254.12"), 660),  # 297.2 − 43.08
        "project_spending_previous": (Decimal("23525.56"), 660),  # 42,293.61 − 18,768.05
    }


def test_three_public_unchanged_on_last_year_is_measured_and_does_not_trip():
    parsed = parse_file(SHANGHAI)  # "“三公”经费财政拨款支出决算数与2023年度持平", each item "持平" too
    rising = [(f.item, f.value, f.tripped, f.source_line) for f in parsed.flags if f.flag == "three_public_rising"]
    assert rising == [
        ("“三公”经费合计", Decimal("0.00"), False, 315),
        ("因公出国（境）费", Decimal("0.00"), False, 316),
        ("公务用车购置及运行费", Decimal("0.00"), False, 316),
        ("公务接待费", Decimal("0.00"), False, 316),
    ]
    admin = next(f for f in parsed.narrative_facts if f.topic == "admin_costs_previous")
    assert admin.value == Decimal("182.10")  # 184.65 − 2.55, "比2023年度增加2.55万元"


def test_three_public_rising_on_last_year_trips(tmp_path):
    said = "2023年度“三公”经费财政拨款支出预算为0万元，支出决算为0万元，完成预算的0%。"
    rose = "2023年度“三公”经费财政拨款支出决算为5.00万元，比上年增加1.20万元，增长31.58%。主要原因是接待任务增加。"
    numbers = "| 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9 | 10 | 11 | 12 |\n"
    empty, spent = numbers + "| | | | | | | | | | | | |", numbers + "| 0 | 0 | 0 | 0 | 0 | 0 | 5 | 0 | 0 | 0 | 0 | 5 |"
    text = (ROOT / "data" / "raw" / "jilin-zwfw-szhjs-2023.md").read_text(encoding="utf-8")
    assert text.count(said) == text.count(empty) == 1
    path = tmp_path / "rose-2023.md"
    path.write_text(text.replace(said, rose).replace(empty, spent), encoding="utf-8")
    (flag,) = [f for f in parse_file(path).flags if f.flag == "three_public_rising"]
    assert (flag.item, flag.value, flag.tripped, flag.source_line) == ("“三公”经费合计", Decimal("1.20"), True, 726)
    assert flag.message == "本年决算 5.00 万元，上年 3.80 万元，增加 1.20 万元"


def _last_year(tmp_path, total: str):
    """The bundled report made into its own 2022 report, with 收、支总计 `total`."""
    text = (ROOT / "data" / "raw" / "jilin-zwfw-szhjs-2023.md").read_text(encoding="utf-8")
    stated = "2023 年度收、支总计均为 42590.81 万元。"
    assert text.count(stated) == 1
    path = tmp_path / "raw-2022" / "jilin-2022.md"
    path.parent.mkdir()
    path.write_text(text.replace(stated, f"2022 年度收、支总计均为 {total} 万元。").replace("2023", "2022"), "utf-8")
    return path


def _restated(tmp_path, total: str) -> list[tuple]:
    """The `previous_restated` findings on the 收、支总计 (line 646) once both years are loaded: the other figures
    of the made-up 2022 report are 2023's, and differ from what 2023's changes imply."""
    db, parquet = tmp_path / "w.duckdb", tmp_path / "pq"
    bundled = ROOT / "data" / "raw" / "jilin-zwfw-szhjs-2023.md"
    assert main(["ingest", str(bundled), "--db", str(db), "--parquet", str(parquet)]) == 0
    assert main(["ingest", str(_last_year(tmp_path, total)), "--db", str(db), "--parquet", str(parquet)]) == 0
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(
            "SELECT r.year, q.expected, q.actual, q.source_line, q.message FROM quality_checks q "
            "JOIN reports r USING (report_id) WHERE q.\"check\" = 'previous_restated' AND q.source_line = 646"
        ).fetchall()


def test_last_years_report_agreeing_with_the_derived_figure_is_no_finding(tmp_path):
    assert _restated(tmp_path, "23779.68") == []


def test_last_years_report_restating_the_derived_figure_is_a_finding_on_this_years(tmp_path):
    (row,) = _restated(tmp_path, "23000.00")  # loaded after this year's: the finding is written all the same
    year, expected, actual, line, message = row
    assert (year, expected, actual, line) == (2023, "23,000.00 万元", "23,779.68 万元", 646)
    assert "上年报告（jilin-2022.md）写的是 23,000.00 万元" in message


def test_the_bundled_report_promises_better_targets_next_year_in_16_sentences(bundled):
    promised = {
        i.deviation_reason
        for i in bundled.perf_indicators
        if i.deviation_reason and re.search(r"来年[^。；]*?(?:精确|精准)", i.deviation_reason)
    }
    assert len(promised) == 16  # on 17 indicators: lines 569 and 570 give the same sentence
    flagged = sum(f.value for f in bundled.flags if f.flag == "target_admission")
    assert flagged == 19  # with "不够严谨" and the like
