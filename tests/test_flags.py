"""Flags: what a journalist asks first, measured in the ETL for every item and stored whether it trips or not."""

from __future__ import annotations

from decimal import Decimal

import duckdb

from etl.cli import main
from etl.ingest import parse_file
from tests.conftest import ROOT

SHANGHAI = ROOT / "data" / "raw" / "shanghai-putuo-czj-2024.pdf"


def tripped(parsed) -> list[tuple]:
    return [(f.flag, f.item, f.value, f.source_line) for f in parsed.flags if f.tripped]


def test_the_bundled_reports_final_far_above_its_initial_budget(bundled):
    assert tripped(bundled) == [
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
    assert tripped(parsed) == []
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
    assert rows == [("no_initial_budget", 1, 1), ("over_initial_budget", 3, 7), ("under_initial_budget", 0, 7)]
