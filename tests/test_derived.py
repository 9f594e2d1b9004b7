"""shown_reports, derived at each load: one row per report a visitor can choose, with the measures the
cross-department pages compare, written per year beside the other tables."""

from __future__ import annotations

import json
import shutil
from decimal import Decimal

import duckdb
import pytest

from etl import load
from etl.cli import main
from tests.conftest import ROOT

RAW = ROOT / "data" / "raw"
COLUMNS = "report_id, department, year, total, basic, project, hit_rate, initial_budget, sme_share, narrative_from"


@pytest.fixture
def both_years(tmp_path):
    db, parquet = tmp_path / "w.duckdb", tmp_path / "pq"
    assert main(["ingest", str(RAW), "--db", str(db), "--parquet", str(parquet)]) == 0
    return db, parquet


def published(parquet) -> list[tuple]:
    return duckdb.sql(
        f"SELECT {COLUMNS} FROM read_parquet('{parquet}/shown_reports/*/*.parquet', hive_partitioning = true, "
        "hive_types = {'year': INTEGER}) ORDER BY year"
    ).fetchall()


def test_each_shown_report_is_written_with_the_figures_its_pages_show(both_years):
    db, parquet = both_years
    rows = published(parquet)
    assert [(r[1], r[2], r[3], r[4], r[5], r[7]) for r in rows] == [
        ("吉林省政务服务和数字化建设服务中心", 2023, Decimal("42590.81"), Decimal("297.20"), Decimal("42293.61"),
         Decimal("6655.58")),
        ("上海市普陀区财政局", 2024, Decimal("2940.05"), Decimal("2336.91"), Decimal("603.14"), Decimal("2993.92")),
    ]  # fmt: skip
    assert round(rows[0][6], 6) == round(41 / 43, 6)  # 41 of 43 indicators met
    assert rows[0][8] == Decimal("0.030199")
    assert [r[0] for r in rows] == [r[9] for r in rows]  # no partial page: each part read from the report itself
    # the warehouse answers the same rows, from its view
    con = duckdb.connect(str(db), read_only=True)
    try:
        assert con.execute(f"SELECT {COLUMNS} FROM shown_reports ORDER BY year").fetchall() == rows
    finally:
        con.close()


def test_a_store_written_before_the_table_existed_is_read_alike_and_gets_it_at_the_next_ingest(both_years, monkeypatch):
    db, parquet = both_years
    rows = published(parquet)
    snapshot = load.current_snapshot(parquet)
    for folder in (parquet / "shown_reports", snapshot / "shown_reports"):
        shutil.rmtree(folder)
    manifest = json.loads((parquet / load.MANIFEST).read_text())
    del manifest["derived"]  # as a load before derived tables wrote it
    (parquet / load.MANIFEST).write_text(json.dumps(manifest))
    monkeypatch.setenv("OPENJUESUAN_PARQUET", str(parquet))
    from dashboard import queries

    queries._connection.clear()
    queries._query.clear()
    compared = queries.departments_compared(2023)
    assert compared[["department", "total"]].values.tolist() == [["吉林省政务服务和数字化建设服务中心", 42590.81]]

    assert main(["ingest", str(RAW), "--db", str(db), "--parquet", str(parquet)]) == 0  # nothing new to load
    assert published(parquet) == rows
    assert (load.current_snapshot(parquet) / "shown_reports" / "year=2024" / "data.parquet").exists()
    assert load.current_snapshot(parquet) != snapshot  # a new version: no reader's pinned snapshot changed


def test_the_procurement_ranking_is_written_a_year_a_file_highest_share_first(both_years):
    _, parquet = both_years
    rows = duckdb.sql(
        f"SELECT year, department, sme_share FROM read_parquet('{parquet}/procurement_ranking/*/*.parquet', "
        "hive_partitioning = true, hive_types = {'year': INTEGER}) ORDER BY year"
    ).fetchall()
    assert rows[0] == (2023, "吉林省政务服务和数字化建设服务中心", Decimal("0.030199"))
    assert [r[:2] for r in rows] == [(2023, "吉林省政务服务和数字化建设服务中心"), (2024, "上海市普陀区财政局")]
