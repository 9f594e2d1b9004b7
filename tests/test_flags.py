"""Flags: what a journalist asks first, measured in the ETL for every item and stored whether it trips or not."""

from __future__ import annotations

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
