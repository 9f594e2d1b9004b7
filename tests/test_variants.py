"""A second, differently written report: 元 instead of 万元, 表N numbering, a table continued over a page,
non-zero 事业收入 / 其他收入 / 年初结转, 三公 spending, goods and works in procurement."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import duckdb
import pytest

from etl.cli import main
from etl.ingest import parse_file
from tests.conftest import BUNDLED

VARIANT = Path(__file__).parent / "fixtures" / "variant-yuan-2022.md"
D = Decimal


@pytest.fixture(scope="module")
def variant():
    return parse_file(VARIANT)


def test_header_keeps_the_name_as_published(variant):
    assert variant.report.department == "示例县教育局（示例）"
    assert (variant.report.year, variant.report.unit_in_source) == (2022, "元")


def test_yuan_is_converted_to_wan_exactly(variant):
    rows = {r.code: r for r in variant.spending_by_function}
    assert rows["205"].total == D("1030")
    assert rows["2050201"].basic == D("130")
    assert rows["2080505"].project == D(0)  # on the continuation page, blank = 0
    assert rows["2080505"].source_table == "表3 支出决算表"


def test_non_zero_business_and_other_income(variant):
    income = {r.code: r for r in variant.income_by_function}
    assert (income["2050202"].business_income, income["2050202"].other_income) == (D("100"), D("50"))
    summary = {s.item: s.amount for s in variant.summary_lines}
    assert summary["年初结转和结余"] == D("30")


def test_three_public_costs_and_procurement(variant):
    costs = {c.item: (c.budget, c.final) for c in variant.three_public_costs}
    assert costs["公务用车运行费"] == (D("6"), D("5.5"))
    assert costs["公务接待费"] == (D("2"), D("1.5"))
    (proc,) = variant.procurement
    assert (proc.goods, proc.works, proc.services) == (D("100"), D("50"), D("150"))
    assert (proc.sme_share, proc.small_micro_share_of_sme) == (D("0.8"), D("0.5"))


def test_a_consistent_report_has_no_findings(variant):
    assert [(c.check, c.message) for c in variant.quality_checks if c.severity != "info"] == []


def test_two_reports_two_years_one_store(tmp_path):
    db, parquet = tmp_path / "w.duckdb", tmp_path / "parquet"
    assert main(["ingest", str(BUNDLED), str(VARIANT), "--db", str(db), "--parquet", str(parquet)]) == 0
    assert sorted(p.name for p in (parquet / "reports").iterdir()) == ["year=2022", "year=2023"]
    con = duckdb.connect(str(db), read_only=True)
    totals = con.execute(
        "SELECT r.year, sum(s.total) FROM spending_by_function s JOIN reports r USING (report_id) "
        "WHERE s.level = '类' GROUP BY r.year ORDER BY r.year"
    ).fetchall()
    assert totals == [(2022, D("1050")), (2023, D("42590.81"))]
    con.close()
