"""Write parsed reports into DuckDB, then publish the touched years as parquet.

DuckDB is the store of record: each batch of parsed reports goes in under one
transaction, so a batch that fails to load leaves the store as it was. The parquet dataset
(`<table>/year=<year>/data.parquet`, what journalists read) is written from DuckDB
afterwards, together with a snapshot of the whole version that the dashboard reads
(see `export_parquet`); a manifest written last names the version.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import time
import uuid
from collections import defaultdict
from dataclasses import dataclass, field, replace
from itertools import pairwise
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq

from etl.derived import CHECKSUM, DERIVED, ORDER, create_views
from etl.model import TABLES, ParsedReport, Report
from etl.reconcile import check_partials, check_previous
from etl.schema import create_table_sql, missing_columns_sql, to_arrow

MANIFEST = "_manifest.json"
# Whole versions of the store, one folder each; the leading dot keeps them out of readers of the dataset
# (pyarrow, Spark and Hive skip such folders, and `<table>/*/*.parquet` never reaches them).
SNAPSHOTS = ".versions"
# How long a superseded snapshot stays readable: far longer than any dashboard run.
GRACE_SECONDS = 600
# Rows are written sorted by report_id, so with row groups this small a reader
# looking up one report (every page but the cross-department ones) skips the
# other groups by their min/max statistics instead of scanning the year.
ROW_GROUP_ROWS = 16_384
# Every table of the parquet dataset: the store's own, then those derived from them at each load (etl.derived).
PUBLISHED = (*TABLES, *DERIVED)
# The tables that hold a year of their own; the others take it from their report.
YEARED = ("reports", *DERIVED)
# A lookup of one report decodes its whole row group. Those of these tables hold a quarter as many rows: wide
# tables of one row a report (`reports`, the derived summaries: 44–60 columns), and `procurement` and
# `quality_checks`, whose lookup of one report took 9.4 → 7.4 and 15.1 → 6.5 ms so at 100,000 reports. For the
# others smaller groups only add footer to parse (perf_indicators 10 → 17 ms, narrative_facts 7 → 16 ms).
SMALL_GROUPS = {*YEARED, "procurement", "quality_checks"}


@dataclass
class LoadSummary:
    loaded: list[str] = field(default_factory=list)  # source files newly loaded or replaced
    unchanged: list[str] = field(default_factory=list)  # identical to what the store holds
    reparsed: list[str] = field(default_factory=list)  # stored, but by an older parser: parsed again


def connect(db_path: str | Path) -> duckdb.DuckDBPyConnection:
    Path(db_path).parent.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(db_path))
    # DuckDB's default, said here: tables such as procurement_ranking are written in the order pages read them in
    # (etl.derived.ORDER), and DuckDB's advice for large exports is to turn it off.
    con.execute("SET preserve_insertion_order = true")
    present = defaultdict(set)
    for table, column in con.execute("SELECT table_name, column_name FROM duckdb_columns()").fetchall():
        present[table].add(column)
    for table in TABLES:
        con.execute(create_table_sql(table))
        for statement in missing_columns_sql(table, present[table]) if table in present else []:
            con.execute(statement)
    con.execute("CREATE TABLE IF NOT EXISTS store_meta (key VARCHAR PRIMARY KEY, value VARCHAR)")
    create_views(con)
    return con


def known_hashes(con: duckdb.DuckDBPyConnection, parser_version: int) -> tuple[set[str], set[str]]:
    """The stored files' hashes: (parsed by `parser_version` or later, parsed by an older parser)."""
    current: set[str] = set()
    older: set[str] = set()
    for digest, version in con.execute("SELECT source_sha256, coalesce(parser_version, 0) FROM reports").fetchall():
        (current if version >= parser_version else older).add(digest)
    return current, older


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
        keys = {(r.department, r.year) for r in reports}
        check_partials(con, keys)
        check_previous(con, keys)
        con.execute("INSERT OR REPLACE INTO store_meta VALUES ('version', ?)", [uuid.uuid4().hex])
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return {year for _, year in previous}


def snapshot_dir(parquet_dir: str | Path, version: str) -> Path:
    """Where one version of the store lives, whole and unchanging, for readers that need every table at once."""
    return Path(parquet_dir) / SNAPSHOTS / version


def export_parquet(con: duckdb.DuckDBPyConnection, parquet_dir: str | Path, years: set[int] | None = None) -> None:
    """Publish the store's current version to parquet, rewriting the files of `years` (all years when None).

    Each version is first built whole as a snapshot, `.versions/<version>/<table>/year=<year>/data.parquet`:
    rewritten years are written into it, the others hard-linked from the previous snapshot, and the
    finished folder is renamed into place. Only then are the published files (`<table>/year=<year>/`,
    the layout of the contract) swapped, one rename each, and the manifest, which names the version,
    written last. The dashboard reads the snapshot the manifest names, so a page never pairs one
    version's table with another's; a run killed at any point leaves the published files and the
    manifest as they were. Snapshots superseded more than GRACE_SECONDS ago are then deleted.
    """
    root = Path(parquet_dir)
    staging = root / ".staging"
    # Only one ingest runs at a time (DuckDB's lock), so whatever is in staging was left by a killed run.
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True, exist_ok=True)
    if snapshot_dir(root, store_version(con)).exists():
        # The same rows published again (derived tables made by new SQL): under a new version, so no reader
        # finds the snapshot it pinned changing under it, and cached results of the old one are not reused.
        con.execute("INSERT OR REPLACE INTO store_meta VALUES ('version', ?)", [uuid.uuid4().hex])
    version = store_version(con)
    previous = current_snapshot(root)
    all_years = {row[0] for row in con.execute("SELECT DISTINCT year FROM reports").fetchall()}
    rewrite = all_years if years is None or previous is None else years
    building = staging / "snapshot"
    building.mkdir()
    written = []
    for table in PUBLISHED:
        for year in sorted(all_years):
            name = f"year={year}/data.parquet"
            path = building / table / name
            path.parent.mkdir(parents=True)
            # A table the previous version lacks (derived ones added since) is written for every year.
            if year in rewrite or not (previous / table / name).exists():
                _copy_year(con, table, year, path)
                written.append((table, name))
            else:
                _link(previous / table / name, path)
    manifest = {
        "version": version,
        "updated_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "years": sorted(all_years),
        "reports": con.execute("SELECT count(*) FROM reports").fetchone()[0],
        # The sidebar's first question on every page (a list, or past a few hundred a search?): answered here
        # once a load, where counting them on a visit reads every report's name (20 ms at 100,000 reports).
        "departments": con.execute("SELECT count(DISTINCT department) FROM shown_reports").fetchone()[0],
        # The reports a visitor can choose, a year each (the data page's count, the procurement ranking's "of N").
        "shown": dict(con.execute("SELECT year::VARCHAR, count(*) FROM shown_reports GROUP BY year").fetchall()),
        "snapshot": f"{SNAPSHOTS}/{version}",
        "derived": CHECKSUM,
        "mixed_schemas": _mixed_schemas(building),
    }
    _write_json(building / MANIFEST, manifest)
    snapshot = snapshot_dir(root, version)
    # Left by a run killed after this rename but before the manifest: never published, so no reader has it.
    shutil.rmtree(snapshot, ignore_errors=True)
    snapshot.parent.mkdir(exist_ok=True)
    os.rename(building, snapshot)
    for table, name in written:
        link = staging / f"{table}-{name.replace('/', '-')}"
        _link(snapshot / table / name, link)
        (root / table / name).parent.mkdir(parents=True, exist_ok=True)
        os.replace(link, root / table / name)
    tmp = staging / MANIFEST
    _write_json(tmp, manifest)
    os.replace(tmp, root / MANIFEST)
    prune_snapshots(root)


def _copy_year(con: duckdb.DuckDBPyConnection, table: str, year: int, path: Path) -> None:
    # DuckDB's COPY streams the rows to the file: a year of 10,000 reports never sits in memory at once.
    if table in YEARED:  # the year is the partition's name, not a column of its file
        query = (
            f"SELECT * EXCLUDE (year) FROM {table} WHERE year = {int(year)} ORDER BY {ORDER.get(table, 'report_id')}"
        )
    else:
        query = f"SELECT t.* FROM {table} t JOIN reports r USING (report_id) WHERE r.year = {int(year)} ORDER BY ALL"
    target = str(path).replace("'", "''")
    rows = ROW_GROUP_ROWS // 4 if table in SMALL_GROUPS else ROW_GROUP_ROWS
    con.execute(f"COPY ({query}) TO '{target}' (FORMAT parquet, ROW_GROUP_SIZE {rows})")


def _mixed_schemas(snapshot: Path) -> list[str]:
    """The tables whose year files do not all have the same columns: years linked from a version an older load
    wrote, before a column was added. Only these need a reader that matches columns by name across files
    (DuckDB's union_by_name), which opens every year's file to plan a query of one year."""
    mixed = []
    for table in PUBLISHED:
        # Names and types, in order; not nullability, which DuckDB writes from what the whole table held then.
        columns = {
            tuple((field.name, field.type) for field in pq.read_schema(path))
            for path in (snapshot / table).glob("year=*/*.parquet")
        }
        if len(columns) > 1:
            mixed.append(table)
    return mixed


def _link(source: Path, target: Path) -> None:
    # A hard link shares the bytes, so a snapshot costs only the files that changed.
    try:
        os.link(source, target)
    except OSError:  # a file system without hard links: the same bytes, copied
        shutil.copyfile(source, target)


def _write_json(path: Path, data: dict) -> None:
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")


def current_snapshot(root: Path) -> Path | None:
    """The snapshot the manifest names, when it is there whole (a store from before snapshots has none)."""
    version = parquet_version(root)
    snapshot = snapshot_dir(root, version) if version else None
    return snapshot if snapshot and (snapshot / MANIFEST).exists() else None


def prune_snapshots(root: Path, now: float | None = None) -> None:
    """Delete the snapshots that were superseded more than GRACE_SECONDS ago.

    A dashboard run reads the version it found at its start; the grace period
    outlasts any run, so no reader loses the files under its feet.
    """
    current = parquet_version(root)
    now = time.time() if now is None else now
    made = sorted((path.stat().st_mtime, path.parent) for path in (root / SNAPSHOTS).glob(f"*/{MANIFEST}"))
    for (_, snapshot), (superseded_at, _) in pairwise(made):
        if snapshot.name != current and now - superseded_at > GRACE_SECONDS:
            shutil.rmtree(snapshot, ignore_errors=True)


def manifest(parquet_dir: str | Path) -> dict:
    """The manifest the last load wrote; {} before the first."""
    try:
        return json.loads((Path(parquet_dir) / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def parquet_version(parquet_dir: str | Path) -> str | None:
    return manifest(parquet_dir).get("version")


def derived_current(parquet_dir: str | Path) -> bool:
    """Whether the published derived tables were made by this code's SQL (etl.derived.CHECKSUM)."""
    return manifest(parquet_dir).get("derived") == CHECKSUM
