"""Write parsed reports into DuckDB, then mirror the touched years to parquet.

DuckDB is the store of record: each batch of parsed reports goes in under one
transaction, so a batch that fails to load leaves the store as it was. The parquet dataset
(`<table>/year=<year>/data.parquet`, what the dashboard and journalists read)
is written from DuckDB afterwards, each file to a staging name first and then
moved into place, so a reader never sees half a file. A manifest written last
carries the store's version, which the dashboard uses to drop its caches.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import uuid
from dataclasses import dataclass, field, replace
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq

from etl.model import TABLES, ParsedReport, Report
from etl.schema import create_table_sql, to_arrow

MANIFEST = "_manifest.json"
# Rows are written sorted by report_id, so with row groups this small a reader
# looking up one report (every page but the cross-department ones) skips the
# other groups by their min/max statistics instead of scanning the year.
ROW_GROUP_ROWS = 16_384


@dataclass
class LoadSummary:
    loaded: list[str] = field(default_factory=list)  # source files newly loaded or replaced
    unchanged: list[str] = field(default_factory=list)  # identical to what the store holds


def connect(db_path: str | Path) -> duckdb.DuckDBPyConnection:
    Path(db_path).parent.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(db_path))
    for table in TABLES:
        con.execute(create_table_sql(table))
    con.execute("CREATE TABLE IF NOT EXISTS store_meta (key VARCHAR PRIMARY KEY, value VARCHAR)")
    return con


def known_hashes(con: duckdb.DuckDBPyConnection) -> set[str]:
    return {row[0] for row in con.execute("SELECT source_sha256 FROM reports").fetchall()}


def store_version(con: duckdb.DuckDBPyConnection) -> str:
    row = con.execute("SELECT value FROM store_meta WHERE key = 'version'").fetchone()
    return row[0] if row else "0"


def rows_of(parsed: list[ParsedReport]) -> dict[str, pa.Table]:
    """Every store table but `reports` for a batch of reports, one Arrow table each (empty ones left out).

    Converting a batch at once costs a third of converting report by report,
    and it can run in the process that parsed them.
    """
    out = {}
    for table in TABLES:
        rows = [row for p in parsed for row in getattr(p, table)] if table != "reports" else []
        if rows:
            out[table] = to_arrow(table, rows)
    return out


def load_reports(con: duckdb.DuckDBPyConnection, reports: list[Report], rows: dict[str, pa.Table]) -> set[int]:
    """Put a batch of reports in the store under one transaction, replacing earlier versions.

    `reports` must not repeat a report_id; `rows` holds their other tables'
    rows (from `rows_of`). Return the years of the versions they replaced, so
    those years' parquet files are rewritten too. One transaction per batch,
    not per report: per-report DELETE + INSERT of fifteen tables was 60 ms a
    report, nearly all of the time of a large load (BENCHMARKS.md).
    """
    loaded_at = dt.datetime.now(dt.UTC).replace(microsecond=0)
    incoming_reports = to_arrow("reports", [replace(r, loaded_at=loaded_at) for r in reports])
    ids = pa.table({"report_id": incoming_reports.column("report_id")})  # noqa: F841 — read by name in SQL
    previous = con.execute(
        "SELECT report_id, year FROM reports WHERE report_id IN (SELECT report_id FROM ids)"
    ).fetchall()
    con.execute("BEGIN TRANSACTION")
    try:
        for table in TABLES:
            # A report in any table is in `reports` (they go in together), so a new batch deletes nothing.
            if previous:
                con.execute(f"DELETE FROM {table} WHERE report_id IN (SELECT report_id FROM ids)")
            incoming = incoming_reports if table == "reports" else rows.get(table)
            if incoming is not None:
                con.execute(f"INSERT INTO {table} BY NAME SELECT * FROM incoming")
        con.execute("INSERT OR REPLACE INTO store_meta VALUES ('version', ?)", [uuid.uuid4().hex])
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return {year for _, year in previous}


def export_parquet(con: duckdb.DuckDBPyConnection, parquet_dir: str | Path, years: set[int] | None = None) -> None:
    """Rewrite the parquet files of `years` (all years when None) from DuckDB.

    Every file is written to staging first and only then moved into place, one rename each, with the
    manifest last: a run killed while writing leaves the published files untouched, and readers see
    old and new files side by side only for the moments the renames take.
    """
    root = Path(parquet_dir)
    staging = root / ".staging"
    # Only one ingest runs at a time (DuckDB's lock), so whatever is in staging was left by a killed run.
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True, exist_ok=True)
    written: list[tuple[Path, Path]] = []
    all_years = {row[0] for row in con.execute("SELECT DISTINCT year FROM reports").fetchall()}
    for year in sorted(all_years if years is None else years):
        for table in TABLES:
            if table == "reports":
                query = "SELECT * EXCLUDE (year) FROM reports WHERE year = ? ORDER BY report_id"
            else:
                query = f"SELECT t.* FROM {table} t JOIN reports r USING (report_id) WHERE r.year = ? ORDER BY ALL"
            data = con.sql(query, params=[year]).to_arrow_table()
            tmp = staging / f"{table}-{year}-{uuid.uuid4().hex}.parquet"
            pq.write_table(data, tmp, row_group_size=ROW_GROUP_ROWS)
            written.append((tmp, root / table / f"year={year}" / "data.parquet"))
    for tmp, target in written:
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(tmp, target)
    manifest = {
        "version": store_version(con),
        "updated_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "years": sorted(all_years),
        "reports": con.execute("SELECT count(*) FROM reports").fetchone()[0],
    }
    tmp = staging / f"manifest-{uuid.uuid4().hex}.json"
    tmp.write_text(json.dumps(manifest, ensure_ascii=False, indent=2), encoding="utf-8")
    os.replace(tmp, root / MANIFEST)


def parquet_version(parquet_dir: str | Path) -> str | None:
    path = Path(parquet_dir) / MANIFEST
    try:
        return json.loads(path.read_text(encoding="utf-8"))["version"]
    except (OSError, ValueError, KeyError):
        return None
