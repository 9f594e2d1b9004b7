"""A page's cost for one report does not grow with the store: every query a page issues reads only the row
groups that hold the report it shows (or its department's other years and pages), and a query for one year
reads only that year's files. Shown with DuckDB's own profile of each query the page really issues, in a
store whose row groups are a few rows long, so that reading one other report's rows shows."""

from __future__ import annotations

import json
import re
from collections import defaultdict
from pathlib import Path

import duckdb
import pyarrow.parquet as pq
import pytest

from etl import load
from etl.cli import main
from etl.parts.header import report_ids_of, year_of
from tests.conftest import REPORT_PAGES, ROOT, queries_of

JILIN = {"dept": "吉林省政务服务和数字化建设服务中心", "year": "2023"}
# The queries that list the store itself, the sidebar's choice of department and year and the count of
# reports: they read the one row a report of the index tables and nothing else.
INDEX = {"reports", "shown_reports"}
REPORT_ID = re.compile(r"[0-9]{4}-[0-9a-f]{10}(-p)?")


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    """The bundled reports beside 12 synthetic departments over 2023–2024, in row groups of 16 rows."""
    root = tmp_path_factory.mktemp("flat")
    raw = root / "raw"
    assert main(["synth", "--departments", "12", "--years", "2", "--last-year", "2024", "--out", str(raw)]) == 0
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(load, "ROW_GROUP_ROWS", 16)
        paths = [str(ROOT / "data" / "raw"), str(raw)]
        assert main(["ingest", *paths, "--db", str(root / "w.duckdb"), "--parquet", str(root / "pq")]) == 0
    return root / "pq"


def groups_holding(snapshot: Path, table: str, ids: set[str]) -> int:
    """How many row groups of `table`, over every year, may hold a row of one of `ids` by their statistics."""
    count = 0
    for path in sorted((snapshot / table).glob("year=*/data.parquet")):
        meta = pq.ParquetFile(path).metadata
        column = meta.schema.names.index("report_id")
        for g in range(meta.num_row_groups):
            stats = meta.row_group(g).column(column).statistics
            count += any(stats.min <= i <= stats.max for i in ids)
    return count


def scans(con: duckdb.DuckDBPyConnection, sql: str, params: tuple, out: Path) -> list[dict]:
    """The parquet scans DuckDB made to answer one query: table, files opened, row groups read."""
    con.execute("PRAGMA enable_profiling = 'json'")
    con.execute("SET profiling_mode = 'detailed'")
    con.execute(f"SET profiling_output = '{out}'")
    try:
        con.execute(sql, list(params)).df()
    finally:
        con.execute("PRAGMA disable_profiling")
    found = []

    def walk(node: dict) -> None:
        info = node.get("extra_info") or {}
        if info.get("Function") == "READ_PARQUET" and info["Total Files Read"] != "0":  # 0: every file pruned
            table = Path(info["Filename(s)"]).parent.parent.name
            found.append({"table": table, "files": int(info["Total Files Read"]), "groups": node["row_groups_scanned"]})
        for child in node.get("children", []):
            walk(child)

    for node in json.loads(out.read_text())["operator"]:
        walk(node)
    return found


@pytest.mark.parametrize("link", [JILIN, {"dept": "synth", "year": "2024"}], ids=["bundled-2023", "synthetic-2024"])
def test_every_page_reads_only_the_rows_of_the_report_it_shows(store, link, tmp_path):
    from dashboard import queries

    snapshot = load.current_snapshot(store)
    index = duckdb.sql(
        f"SELECT report_id, department, year FROM read_parquet('{snapshot}/reports/*/*.parquet', "
        "hive_partitioning = true, hive_types = {'year': INTEGER})"
    ).fetchall()
    if link["dept"] == "synth":  # a synthetic department with last year's report loaded too
        link = {"dept": next(d for _, d, y in index if y == 2024 and "示例" in d), "year": "2024"}
    department_of = {rid: d for rid, d, _ in index}
    years = {y for *_, y in index}
    reads = defaultdict(list)
    for page in REPORT_PAGES:
        for sql, params in queries_of(store, page, **link):
            named = {p for p in params if p in department_of}
            years_named = {year_of(p) for p in params if isinstance(p, str) and REPORT_ID.fullmatch(p)}
            read = scans(queries._connection(str(store), load.parquet_version(store)), sql, params, tmp_path / "p.json")
            for scan in read:
                reads[page].append((scan, sql, params))
                if named:  # a report's page: its rows, its department's other years and pages, no one else's
                    # every id its department's reports can have, a row group's statistics can't rule out
                    ids = {i for n in named for i in report_ids_of(department_of[n], years)}
                    allowed = groups_holding(snapshot, scan["table"], ids)
                    assert scan["groups"] <= allowed, (page, scan, allowed, sql)
                    if len(years_named) == 1:  # one report, or one year's: that year's file alone
                        assert scan["files"] <= 1, (page, scan, sql)
                elif any(isinstance(p, int) and p in years for p in params):  # one year's departments
                    assert scan["files"] <= 1, (page, scan, sql)
                else:  # the index of what there is to choose
                    assert scan["table"] in INDEX, (page, scan, sql)
    assert all(reads[page] for page in REPORT_PAGES)  # every page was profiled, not skipped


def test_a_page_asks_each_question_once_a_visit(store):
    # Its report's row of shown_reports is where six or seven helpers start: asked once, then kept for the run.
    for page in REPORT_PAGES:
        issued = queries_of(store, page, **JILIN)
        repeated = {q for q in issued if issued.count(q) > 1}
        assert not repeated, (page, repeated)
        assert any("FROM shown_reports WHERE report_id = ?" in sql for sql, _ in issued), page
