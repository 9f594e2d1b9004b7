"""Write parsed reports into DuckDB, then mirror the touched years to parquet.

DuckDB is the store of record: each report goes in under one transaction, so a
report that fails to load leaves the store as it was. The parquet dataset
(`<table>/year=<year>/data.parquet`, what the dashboard and journalists read)
is written from DuckDB afterwards, each file to a staging name first and then
moved into place, so a reader never sees half a file. A manifest written last
carries the store's version, which the dashboard uses to drop its caches.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import uuid
from dataclasses import dataclass, field, replace
from pathlib import Path

import duckdb
import pyarrow.parquet as pq

from etl.model import TABLES, ParsedReport
from etl.schema import create_table_sql, to_arrow

MANIFEST = "_manifest.json"


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


def replace_report(con: duckdb.DuckDBPyConnection, parsed: ParsedReport) -> int | None:
    """Put one report in the store, replacing any earlier version; return the year it replaced, if different."""
    report = replace(parsed.report, loaded_at=dt.datetime.now(dt.UTC).replace(microsecond=0))
    report_id = report.report_id
    previous = con.execute("SELECT year FROM reports WHERE report_id = ?", [report_id]).fetchone()
    con.execute("BEGIN TRANSACTION")
    try:
        for table in TABLES:
            con.execute(f"DELETE FROM {table} WHERE report_id = ?", [report_id])
            rows = [report] if table == "reports" else getattr(parsed, table)
            if rows:
                incoming = to_arrow(table, rows)  # noqa: F841 — read by name in the SQL below
                con.execute(f"INSERT INTO {table} BY NAME SELECT * FROM incoming")
        con.execute(
            "INSERT OR REPLACE INTO store_meta VALUES ('version', ?)",
            [uuid.uuid4().hex],
        )
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return previous[0] if previous else None


def export_parquet(con: duckdb.DuckDBPyConnection, parquet_dir: str | Path, years: set[int] | None = None) -> None:
    """Rewrite the parquet files of `years` (all years when None) from DuckDB, atomically per file."""
    root = Path(parquet_dir)
    staging = root / ".staging"
    staging.mkdir(parents=True, exist_ok=True)
    all_years = {row[0] for row in con.execute("SELECT DISTINCT year FROM reports").fetchall()}
    for year in sorted(all_years if years is None else years):
        for table in TABLES:
            if table == "reports":
                query = "SELECT * EXCLUDE (year) FROM reports WHERE year = ? ORDER BY report_id"
            else:
                query = f"SELECT t.* FROM {table} t JOIN reports r USING (report_id) WHERE r.year = ? ORDER BY ALL"
            data = con.sql(query, params=[year]).to_arrow_table()
            target = root / table / f"year={year}" / "data.parquet"
            target.parent.mkdir(parents=True, exist_ok=True)
            tmp = staging / f"{table}-{year}-{uuid.uuid4().hex}.parquet"
            pq.write_table(data, tmp)
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
