"""The query layer converts answers through Arrow (dashboard.queries._frame), for speed: every page must get
the frame DuckDB's own `.df()` would have given it, type for type and value for value."""

from __future__ import annotations

import duckdb
import pandas as pd
import pytest

from dashboard.queries import _frame

# Every column type the store holds (etl.schema), with and without a NULL, and what aggregates return.
COLUMNS = {
    "text": "'吉林省政务服务和数字化建设服务中心'",
    "amount": "2940.05::DECIMAL(18, 6)",
    "wide_amount": "123456789012.345678::DECIMAL(38, 6)",
    "line": "143::INTEGER",
    "rows": "531634::BIGINT",
    "partial": "true",
    "share": "0.8125::DOUBLE",
    "published": "DATE '2024-09-30'",
    "loaded_at": "TIMESTAMPTZ '2026-12-03 14:00:00+00'",
}


ROW = ", ".join(f"{value} AS {name}" for name, value in COLUMNS.items())
NULLS = ", ".join(f"NULL::{duckdb.sql(f'SELECT {value}').types[0]} AS {name}" for name, value in COLUMNS.items())


@pytest.mark.parametrize(
    "rows",
    [f"SELECT {ROW} UNION ALL SELECT {ROW}", f"SELECT {ROW} UNION ALL SELECT {NULLS} ORDER BY ALL"],
    ids=["no-null", "a-null"],
)
def test_an_answer_is_the_frame_duckdb_gives(rows):
    sql = rows
    sql = f"SELECT *, sum(line) OVER () AS summed, count(*) OVER () AS counted FROM ({sql})"
    con = duckdb.connect()
    expected = con.execute(sql).df()
    got = _frame(con.sql(sql).to_arrow_table())
    pd.testing.assert_frame_equal(got, expected, check_exact=True)
    assert got["amount"].iloc[0] == 2940.05
    assert str(got["line"].dtype) == ("Int32" if "NULL" in rows else "int32")


@pytest.mark.parametrize("rows", [f"SELECT {NULLS}", f"SELECT {ROW} WHERE false"], ids=["only-nulls", "no-rows"])
def test_an_answer_of_nulls_alone_or_of_no_rows_is_the_frame_duckdb_gives(rows):
    con = duckdb.connect()
    got = _frame(con.sql(rows).to_arrow_table())
    pd.testing.assert_frame_equal(got, con.execute(rows).df(), check_exact=True)
    assert got["text"].tolist() == ([None] if "NULL" in rows else [])
