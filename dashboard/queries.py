"""The query layer: the only code in the dashboard that speaks SQL.

It reads one snapshot of the parquet dataset (the version the manifest names
when a run starts) through an in-memory DuckDB connection, so the dashboard
never holds a lock on `warehouse.duckdb`, a load can run while it serves, and
a page never mixes two versions. Every query is parameterised; table names
come from a fixed list. Results are cached per store version, so a new load
shows up on the next rerun without a restart. Sums of money happen here, in DECIMAL; pages only
format what they get.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow as pa
import streamlit as st

from etl import load
from etl.derived import DERIVED, ORDER, SHOWN_FLAGS, create_views
from etl.flags import RULES
from etl.model import PARTS, TABLES
from etl.parts.header import report_id_for, report_ids_of, same_department, year_of
from etl.parts.narrative.facts import PREVIOUS
from etl.schema import columns, create_table_sql

DEFAULT_PARQUET = "data/parquet"
REPORT_COLUMNS = [name for name, _ in columns("reports")]


def parquet_dir() -> Path:
    return Path(os.environ.get("OPENJUESUAN_PARQUET", DEFAULT_PARQUET))


def store_version() -> str | None:
    """The manifest's version, or None when no store has been built."""
    return load.parquet_version(parquet_dir())


_PIN = "_store_version"
# The answers of this run so far, (sql, params) → rows: a page asks its report's row of shown_reports six or
# seven times (every helper starts from it), and a cached answer still costs its unpickling (≈ 1 ms each).
# Per script thread, not in the session: a rerun's new thread starts while the stopped one may still be in a
# query, and that one's end must not take the new run's answers; a thread a download is built on has none.
_ASKED: ContextVar[dict | None] = ContextVar("asked", default=None)


def pin_version() -> str | None:
    """Fix the store version this run reads; app.py calls it first thing on every run.

    A load may publish a new version while a page runs. Pinned, every query of
    the run reads the same snapshot, so a page never shows one version's
    spending beside another's findings.
    """
    version = st.session_state[_PIN] = store_version()
    _ASKED.set({})
    return version


def run_over() -> None:
    """Let go of this run's answers (app.py, as the page ends): a visitor between two pages holds none of them."""
    _ASKED.set(None)


def latest_snapshot() -> Path | None:
    """The folder of the store's current version, every table of it whole; None before the first load.

    For work done after the run, like building a download on a click, when
    the version the run pinned may already be gone.
    """
    return load.current_snapshot(parquet_dir())


def _version() -> str | None:
    # Outside a dashboard run (benchmarks, scripts) nothing pins: the current version it is.
    return st.session_state.get(_PIN) or store_version()


@st.cache_resource(show_spinner=False, max_entries=4)
def _connection(root: str, version: str | None) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect(":memory:")
    # DuckDB's default, said here because procurement_ranking is read in the order the load wrote it
    con.execute("SET preserve_insertion_order = true")
    snapshot = load.snapshot_dir(root, version) if version else None
    written = {
        table: str(snapshot / table / "*" / "*.parquet").replace("'", "''")
        for table in load.PUBLISHED
        if snapshot and any((snapshot / table).glob("year=*/*.parquet"))
    }
    # A store whose manifest does not say which tables' year files differ (an older load's): any may.
    mixed = load.manifest(snapshot).get("mixed_schemas", load.PUBLISHED) if snapshot else ()
    for table in TABLES:
        if table in written:
            con.execute(f"CREATE VIEW {table} AS {_read(written[table], table in mixed)}")
        else:  # a table no report has rows for yet still answers queries, with no rows
            _empty_table(con, table)
    # A store written before a derived table was added to the export: the same rows, computed on each query.
    create_views(con)
    for table in DERIVED:
        if table in written:
            con.execute(f"CREATE OR REPLACE VIEW {table} AS {_read(written[table], table in mixed)}")
    return con


def _read(pattern: str, mixed: bool) -> str:
    # Matching columns by name reads every year's file to plan a query of one year (2–3 ms a query at five
    # years, more with each year the store holds): only where the year files differ (etl.load._mixed_schemas).
    return (
        f"SELECT * FROM read_parquet('{pattern}', hive_partitioning = true, hive_types = {{'year': INTEGER}}, "
        f"union_by_name = {str(mixed).lower()})"
    )


def _empty_table(con: duckdb.DuckDBPyConnection, table: str) -> None:
    con.execute(create_table_sql(table).replace("IF NOT EXISTS ", ""))
    if table != "reports":  # the published store's year is its partition
        con.execute(f"ALTER TABLE {table} ADD COLUMN year INTEGER")


@st.cache_data(show_spinner=False, max_entries=512)
def _query(sql: str, params: tuple, version: str | None, root: str) -> pd.DataFrame:
    return _connection(root, version).cursor().execute(sql, list(params)).df()


def one(report_id: str) -> tuple[str, int]:
    """The parameters of `report_id = ? AND year = ?`, one report's rows: its id and its year
    (etl.parts.header.year_of), so the query opens that year's files alone, not every year's."""
    return report_id, year_of(report_id)


def run(sql: str, *params) -> pd.DataFrame:
    if (draft := _DRAFT.get()) is not None:  # a visitor's own draft: never in the cache other sessions share
        return draft.cursor().execute(sql, list(params)).df()
    asked = _ASKED.get()  # None outside a dashboard run: nothing pinned, nothing kept
    key = (sql, tuple(params), _version(), str(parquet_dir()))
    if asked is None:
        return _query(*key)
    if key not in asked:
        asked[key] = _query(*key)
    return asked[key].copy()  # a caller may change its frame; the next one gets the answer unchanged


# The draft store a run reads instead of the published one (`reading`); per thread, so per session.
_DRAFT: ContextVar[duckdb.DuckDBPyConnection | None] = ContextVar("draft_store", default=None)


def draft_store(tables: dict[str, pa.Table]) -> duckdb.DuckDBPyConnection:
    """An in-memory store holding one draft report (etl.draft's rows), shaped as the published one is, so the
    dashboard's own queries read it."""
    con = duckdb.connect(":memory:")
    year = tables["reports"]["year"][0].as_py()
    for table in TABLES:
        _empty_table(con, table)
        if (incoming := tables.get(table)) is not None:
            con.register("incoming", incoming)
            extra = "" if table == "reports" else ", ? AS year"
            con.execute(f"INSERT INTO {table} BY NAME SELECT *{extra} FROM incoming", [] if not extra else [year])
            con.unregister("incoming")
    create_views(con)
    return con


@contextmanager
def reading(con: duckdb.DuckDBPyConnection) -> Iterator[None]:
    """Every query inside the block reads `con` (a `draft_store`), uncached."""
    token = _DRAFT.set(con)
    try:
        yield
    finally:
        _DRAFT.reset(token)


# --- reports -----------------------------------------------------------------


def shown(report_id: str) -> dict | None:
    """The report's row of shown_reports (etl.derived): what it is, where each of its parts is read, its
    headline figures; None for a report no visitor can choose (a partial page beside its full report). The
    one lookup most of a page's questions about its report are answered from."""
    df = run("SELECT * FROM shown_reports WHERE report_id = ? AND year = ?", *one(report_id))
    return df.iloc[0].to_dict() if len(df) else None


def holder(report_id: str, part: str) -> tuple[str, str | None]:
    """The report whose `part` the dashboard shows for this one, and that report's file when it is another
    (etl.derived: a partial page of the same department and year holding a part the full report lacks)."""
    if part not in PARTS:
        raise ValueError(f"unknown part {part!r}")
    row = shown(report_id)
    if row is None:
        return report_id, None
    return str(row[f"{part}_from"]), row[f"{part}_held_in"] if pd.notna(row[f"{part}_held_in"]) else None


def companions(report_id: str) -> pd.DataFrame:
    """The partial pages kept beside a full report (its department and year), whatever parts of it they hold."""
    shown = report(report_id)
    if not shown or shown["partial"] is True:
        return run("SELECT report_id, source_file, source_sha256, parts FROM reports WHERE false")
    return run(
        "SELECT report_id, source_file, source_sha256, parts FROM reports WHERE report_id = ? AND year = ? AND partial "
        "ORDER BY report_id",
        *one(report_id_for(shown["department"], int(shown["year"]), partial=True)),
    )


def reports() -> pd.DataFrame:
    return run(
        "SELECT report_id, department, year, source_file, source_sha256, unit_in_source, loaded_at, partial, parts "
        "FROM shown_reports ORDER BY year DESC, department"
    )


def departments() -> list[str]:
    """Every department a visitor can choose, sorted: the sidebar's list of a store of a few hundred."""
    return run("SELECT DISTINCT department FROM shown_reports ORDER BY department")["department"].tolist()


def department_count() -> int:
    """How many departments a visitor can choose from: from the manifest of the snapshot the run reads, where
    it says (no query); else counted."""
    if (count := _manifest_says("departments")) is not None:
        return int(count)
    return int(run("SELECT count(DISTINCT department) AS n FROM shown_reports")["n"].iloc[0])


def departments_named(text: str, limit: int) -> list[str]:
    """The first `limit` departments, sorted, whose name holds `text`: the sidebar's search past a few hundred."""
    return run(
        "SELECT DISTINCT department FROM shown_reports WHERE contains(department, ?) ORDER BY department LIMIT ?",
        text,
        limit,
    )["department"].tolist()


def first_department() -> str | None:
    """The department a link naming none opens on when the usual one is not loaded: the first by name of the
    latest year (one year's names read, not every year's)."""
    years = store_years()
    if not years:
        return None
    df = run("SELECT min(department) AS d FROM shown_reports WHERE year = ?", years[0])
    return df["d"].iloc[0] if len(df) and pd.notna(df["d"].iloc[0]) else None


def department_reports(department: str) -> pd.DataFrame:
    """The department's reports a visitor can choose, a year each, latest first: year, report_id, and the figures
    its year-by-year views need (spending, the stated 收、支总计 and the change on the year before)."""
    # Not every column: sixty columns of five years' row groups cost twice this lookup and the report's own.
    ids = report_ids_of(department, store_years())
    return run(
        "SELECT year, report_id, total, basic, project, stated_total, total_previous, total_previous_line "
        f"FROM shown_reports WHERE report_id IN ({_marks(ids)}) ORDER BY year DESC",
        *ids,
    )


def report_count(year: int | None = None) -> int:
    """How many reports a visitor can choose from (one a department and year), in `year` or in all: from the
    manifest of the snapshot the run reads, where it says (no query); else counted."""
    if (shown := _manifest_says("shown")) is not None:
        return sum(shown.values()) if year is None else int(shown.get(str(year), 0))
    if year is None:
        return int(run("SELECT count(*) AS n FROM shown_reports")["n"].iloc[0])
    return int(run("SELECT count(*) AS n FROM shown_reports WHERE year = ?", year)["n"].iloc[0])


def department_files(report_id: str) -> pd.DataFrame:
    """The files loaded for this report's department, every year and page: a page's cost that does not grow
    with the store, where the list of every report would (100,000 rows at a province's scale)."""
    ids = department_ids(report_id)
    return run(
        "SELECT department, year, source_file, source_sha256, unit_in_source, loaded_at FROM reports "
        f"WHERE report_id IN ({_marks(ids)}) ORDER BY year DESC, source_file",
        *ids,
    )


def store_years() -> list[int]:
    """The years the store holds, latest first: from the manifest of the snapshot the run reads, where it has one
    (no query); else from the reports."""
    if years := _manifest_says("years"):
        return sorted((int(y) for y in years), reverse=True)
    return [int(y) for y in run("SELECT DISTINCT year FROM reports ORDER BY year DESC")["year"]]


@functools.lru_cache(maxsize=8)
def _snapshot_manifest(root: str, version: str) -> dict:
    # A snapshot never changes: its manifest is read once, not on every page's several lookups by department.
    return load.manifest(load.snapshot_dir(root, version))


def _manifest_says(key: str):
    """What the manifest of the snapshot this run reads says of `key`: None for a draft, before the first load,
    or where a manifest written by an older load does not say it."""
    version = _version() if _DRAFT.get() is None else None
    return _snapshot_manifest(str(parquet_dir()), version).get(key) if version else None


def _marks(values) -> str:
    """The placeholders of `IN (…)` for `values`."""
    return ", ".join("?" * len(values))


def department_ids(report_id: str) -> list[str]:
    """Every id this report's department can have in the store, a report and a partial page a year: queries
    name them, so they read those rows alone rather than every report's to match the department's name."""
    return same_department(report_id, store_years())


def report(report_id: str) -> dict | None:
    """The report's row of `reports`."""
    if (row := shown(report_id)) is not None:
        return {column: row[column] for column in REPORT_COLUMNS}
    df = run("SELECT * FROM reports WHERE report_id = ? AND year = ?", *one(report_id))
    return df.iloc[0].to_dict() if len(df) else None


# --- overview ----------------------------------------------------------------


def headline(report_id: str) -> dict:
    """Total, 基本 / 项目 split and initial budget of one report, in 万元, and the line stating the budget."""
    row = shown(report_id) or {}
    keys = {"total": "total", "basic": "basic", "project": "project", "initial_budget": "initial_budget"}
    return {**{k: row.get(v) for k, v in keys.items()}, "budget_line": row.get("initial_budget_line")}


def previous_year(report_id: str) -> dict | None:
    """The same department's year before: its total, basic and project spending from its own report when that is
    loaded; else as this report's stated changes imply them (etl: `_previous` facts), each with the line it rests
    on (`lines`) and this year's stated total (`now`); None with neither."""
    row = shown(report_id)
    if row is None:
        return None
    year = int(row["year"]) - 1
    earlier = department_reports(row["department"])
    if not (last := earlier[earlier["year"] == year]).empty:
        return {"year": year, **{k: last[k].iloc[0] for k in ("total", "basic", "project")}}
    # A figure the report states, not one read from last year's report.
    stated = {k: row[f"{k}_previous"] for k in ("total", "basic", "project") if pd.notna(row[f"{k}_previous"])}
    if not stated:
        return None
    lines = {k: int(row[f"{k}_previous_line"]) for k in stated}
    now = row["stated_total"] if pd.notna(row["stated_total"]) else None
    return {"year": year, "now": now, "lines": lines, **stated}


def years(report_id: str) -> pd.DataFrame:
    """The department's 收、支总计 year by year, latest first: as each of its reports states it, and, for a year no
    report of is loaded, as the next year's report's stated change implies it (`from_year`, `source_line`)."""
    row = shown(report_id)
    if row is None:
        return pd.DataFrame(columns=["year", "total", "from_year", "source_line"])
    reports = department_reports(row["department"])
    stated = reports[reports["stated_total"].notna()]
    implied = reports[reports["total_previous"].notna() & ~(reports["year"] - 1).isin(stated["year"])]
    out = pd.concat(
        [
            pd.DataFrame({"year": stated["year"], "total": stated["stated_total"], "from_year": None}),
            pd.DataFrame(
                {
                    "year": implied["year"] - 1,
                    "total": implied["total_previous"],
                    "from_year": implied["year"],
                    "source_line": implied["total_previous_line"],
                }
            ),
        ],
        ignore_index=True,
    )
    out["from_year"] = out["from_year"].astype("Int64")
    out["source_line"] = out.get("source_line", pd.Series(dtype="Int64")).astype("Int64")
    return out.sort_values("year", ascending=False, ignore_index=True)


def facts(report_id: str) -> pd.DataFrame:
    """The figures the narrative states; not those derived from them (last year's, `_previous`)."""
    held, held_in = holder(report_id, "narrative")
    return run(
        "SELECT topic, label, value, unit, text, source_table, source_line, source_page, source_cell, "
        "?::VARCHAR AS held_in FROM narrative_facts WHERE report_id = ? AND year = ? AND NOT ends_with(topic, ?) "
        "ORDER BY source_line",
        held_in,
        *one(held),
        PREVIOUS,
    )


def glossary(report_id: str) -> pd.DataFrame:
    return run(
        "SELECT term, definition, source_table, source_line, source_page, source_cell FROM glossary WHERE report_id = ? AND year = ? ORDER BY source_line",
        *one(holder(report_id, "narrative")[0]),
    )


def definitions(report_id: str) -> dict[str, str]:
    """The report's own 名词解释, term → definition."""
    terms = glossary(report_id)
    return dict(zip(terms["term"], terms["definition"], strict=True))


# --- spending ----------------------------------------------------------------


def spending_by_function(report_id: str) -> pd.DataFrame:
    return run(
        "SELECT code, level, name, parent_code, total, basic, project, source_table, source_line, source_page, source_cell "
        "FROM spending_by_function WHERE report_id = ? AND year = ? ORDER BY code",
        *one(report_id),
    )


def basic_by_economic(report_id: str) -> pd.DataFrame:
    """Items (5-digit codes) of basic spending with their class name, non-zero only."""
    # The report's rows read once and joined to themselves: joining the table to itself read them twice
    # (13.7 → 10.2 ms at 100,000 reports).
    return run(
        """
        WITH r AS MATERIALIZED (SELECT * FROM basic_spending_by_economic WHERE report_id = ? AND year = ?)
        SELECT e.code, e.name, e.category, e.parent_code, p.name AS class_name, e.amount,
               e.source_table, e.source_line, e.source_page, e.source_cell
        FROM r e LEFT JOIN r p ON p.code = e.parent_code
        WHERE e.parent_code IS NOT NULL AND e.amount <> 0
        ORDER BY e.category DESC, e.amount DESC
        """,
        *one(report_id),
    )


def three_public_costs(report_id: str) -> pd.DataFrame:
    return run(
        "SELECT item, budget, final, source_table, source_line, source_page, source_cell FROM three_public_costs WHERE report_id = ? AND year = ?",
        *one(report_id),
    )


# --- budget ------------------------------------------------------------------


def budget_vs_final(report_id: str) -> pd.DataFrame:
    held, held_in = holder(report_id, "narrative")
    return run(
        "SELECT code, name, initial_budget, final, completion_rate, stated_completion_rate, stated_final_text, "
        "explanation, source_table, source_line, source_page, source_cell, ?::VARCHAR AS held_in "
        "FROM budget_vs_final WHERE report_id = ? AND year = ? ORDER BY source_line",
        held_in,
        *one(held),
    )


def flags(report_id: str) -> pd.DataFrame:
    """The report's flags (etl.flags) that trip their default threshold, where each was read."""
    return run(
        "SELECT flag, item, value, threshold, unit, message, message_en, source_table, source_line, source_page, "
        "source_cell FROM flags WHERE report_id = ? AND year = ? AND tripped ORDER BY source_line, flag",
        *one(report_id),
    )


def _tripped_in(year: int, thresholds: dict | None, rules: tuple, departments: tuple) -> tuple[str, list]:
    """FROM … WHERE of the shown reports' flags of `year` that trip, as `t`: under the rules' default thresholds
    the rows the load wrote out (etl.derived: tripped_flags), or, with `thresholds` for some rules, every flag
    of the year judged again by the rule's own comparison (etl.flags.Rule) on its stored value; only `rules`
    and `departments` when given."""
    params: list = [year]
    if thresholds:
        cases = []
        for code, threshold in thresholds.items():
            cases.append(f"WHEN '{code}' THEN f.value {RULES[code].comparison} ?")
            params.append(threshold)
        source = f"""({SHOWN_FLAGS} WHERE f.year = ? AND r.year = f.year
                      AND coalesce(CASE f.flag {" ".join(cases)} ELSE f.tripped END, false)) t"""
        where = "true"
    else:
        source, where = "tripped_flags t", "t.year = ?"
    for column, values in (("t.flag", rules), ("t.department", departments)):
        if values:
            where += f" AND {column} IN ({_marks(values)})"
            params += list(values)
    return f"FROM {source} WHERE {where}", params


def flags_across(
    year: int, thresholds: dict | None = None, rules: tuple = (), departments: tuple = (), limit: int | None = None
) -> pd.DataFrame:
    """The flags of `year` that trip (`_tripped_in`), by department and line; the first `limit` of them."""
    source, params = _tripped_in(year, thresholds, rules, departments)
    return run(
        f"""
        SELECT t.department, t.year, t.report_id, t.source_file, t.source_sha256, t.flag, t.item, t.value,
               t.threshold, t.unit, t.message, t.message_en, t.source_table, t.source_line, t.source_page,
               t.source_cell
        {source}
        ORDER BY {ORDER["tripped_flags"]}
        {"LIMIT ?" if limit is not None else ""}
        """,
        *params,
        *([limit] if limit is not None else []),
    )


def flags_counted(year: int, thresholds: dict | None = None, rules: tuple = (), departments: tuple = ()) -> tuple:
    """How many flags of `year` trip (`_tripped_in`), and in how many departments."""
    source, params = _tripped_in(year, thresholds, rules, departments)
    df = run(f"SELECT count(*) AS n, count(DISTINCT t.department) AS departments {source}", *params)
    return int(df["n"].iloc[0]), int(df["departments"].iloc[0])


# --- performance -------------------------------------------------------------


def perf_projects(report_id: str) -> pd.DataFrame:
    return run(
        """
        SELECT p.project_id, p.project_name, p.initial_budget, p.full_year_budget, p.executed, p.execution_rate,
               count(i.indicator_no) AS indicators,
               count(*) FILTER (WHERE i.status = 'met') AS met,
               count(*) FILTER (WHERE i.status = 'missed') AS missed,
               count(*) FILTER (WHERE i.status = 'not_assessable') AS not_assessable,
               count(*) FILTER (WHERE i.status = 'met') / nullif(count(i.status), 0) AS hit_rate,
               p.source_table, p.source_line, p.source_page, p.source_cell
        FROM perf_projects p
        LEFT JOIN perf_indicators i USING (report_id, year, project_id)
        WHERE p.report_id = ? AND p.year = ?
        GROUP BY ALL
        ORDER BY p.project_id
        """,
        *one(report_id),
    )


def perf_indicators(report_id: str) -> pd.DataFrame:
    return run(
        """
        SELECT i.project_id, p.project_name, i.indicator_no, i.level1, i.level2, i.name, i.target_text,
               i.actual_text, i.comparator, i.target_value, i.actual_value, i.unit, i.status, i.deviation_reason,
               i.source_table, i.source_line, i.source_page, i.source_cell
        FROM perf_indicators i JOIN perf_projects p USING (report_id, year, project_id)
        WHERE i.report_id = ? AND i.year = ?
        ORDER BY i.project_id, i.indicator_no
        """,
        *one(report_id),
    )


# An indicator's level where the report names none.
UNNAMED_LEVEL = "未标明"


def hit_rate_by_level(report_id: str) -> pd.DataFrame:
    """The report's indicators counted by level, from the indicator list the performance page asks first: a
    query of its own read that list's row group again (10 ms at 100,000 reports). The list drops no indicator
    by its join, since every indicator is read under its project (etl.parts.performance)."""
    rows = perf_indicators(report_id).fillna({"level1": UNNAMED_LEVEL, "level2": UNNAMED_LEVEL})
    for status in ("met", "missed", "not_assessable"):
        rows[status] = rows["status"] == status
    levels = rows.groupby(["level1", "level2"], sort=True).agg(
        indicators=("status", "size"),
        met=("met", "sum"),
        missed=("missed", "sum"),
        not_assessable=("not_assessable", "sum"),
        assessed=("status", "count"),
    )
    # etl.derived.HIT_RATE_SQL's rate: met over the indicators that have a status, unknown where none has
    levels["hit_rate"] = levels["met"] / levels.pop("assessed").where(lambda n: n > 0)
    return levels.reset_index()


# --- procurement -------------------------------------------------------------


def procurement(report_id: str) -> dict | None:
    held, held_in = holder(report_id, "procurement")
    df = run(
        "SELECT *, ?::VARCHAR AS held_in FROM procurement WHERE report_id = ? AND year = ?",
        held_in,
        *one(held),
    )
    return df.iloc[0].to_dict() if len(df) else None


def procurement_ranking(year: int) -> pd.DataFrame:
    """Every department's SME share in one year, highest first, with where each figure was read; a department
    whose share is unknown is not ranked (etl.derived: procurement_ranking)."""
    # In the order the load wrote it (etl.derived): sorting 18,000 departments again cost 7 ms at 100,000 reports.
    return run("SELECT * EXCLUDE (year) FROM procurement_ranking WHERE year = ?", year)


# --- across departments ------------------------------------------------------


def departments_compared(year: int) -> pd.DataFrame:
    return run(
        """
        SELECT s.department, s.report_id, s.total, s.project / nullif(s.total, 0) AS project_share, s.sme_share,
               s.hit_rate, s.total / nullif(s.initial_budget, 0) AS final_to_budget,
               s.total / nullif(p.total, 0) - 1 AS total_change
        FROM shown_reports s
        LEFT JOIN (SELECT department, total FROM shown_reports WHERE year = ?) p USING (department)
        WHERE s.year = ?
        ORDER BY s.total DESC NULLS LAST, s.department
        """,
        year - 1,
        year,
    )


# --- data & sources ----------------------------------------------------------


def quality_checks(report_id: str) -> pd.DataFrame:
    return run(
        """
        SELECT severity, "check", message, message_en, expected, actual, source_table, source_line, source_page, source_cell FROM quality_checks
        WHERE report_id = ? AND year = ?
        ORDER BY CASE severity WHEN 'error' THEN 0 WHEN 'warning' THEN 1 ELSE 2 END, source_line NULLS LAST
        """,
        *one(report_id),
    )


def table_rows(table: str, report_id: str) -> pd.DataFrame:
    """Every row of one store table for one report, for download."""
    if table not in TABLES:
        raise ValueError(f"unknown table {table!r}")
    return run(f"SELECT * FROM {table} WHERE report_id = ? AND year = ?", *one(report_id))


# --- spending page ---


def basic_economic_totals(report_id: str) -> pd.DataFrame:
    """人员经费 / 公用经费 of basic spending (公开06表): the sum of each category's class rows, in 万元."""
    return run(
        """
        SELECT category, sum(amount) AS amount, any_value(source_table) AS source_table,
               min(source_line) AS first_line, max(source_line) AS last_line
        FROM basic_spending_by_economic
        WHERE report_id = ? AND year = ? AND parent_code IS NULL
        GROUP BY category
        ORDER BY CASE category WHEN '人员经费' THEN 0 ELSE 1 END, category
        """,
        *one(report_id),
    )


# --- budget page ---


def budget_headline(report_id: str) -> dict | None:
    """The narrative's 年初预算 → 决算 sentence: both amounts, the recomputed and the stated rate, where it was said."""
    held, held_in = holder(report_id, "narrative")
    df = run(
        """
        SELECT max(value) FILTER (WHERE topic = 'initial_budget_total') AS initial_budget,
               max(value) FILTER (WHERE topic = 'final_total') AS final,
               max(value) FILTER (WHERE topic = 'final_total')
                 / nullif(max(value) FILTER (WHERE topic = 'initial_budget_total'), 0) AS completion_rate,
               max(value) FILTER (WHERE topic = 'completion_rate_total') AS stated_completion_rate,
               any_value(text) FILTER (WHERE topic = 'initial_budget_total') AS text,
               any_value(source_table) FILTER (WHERE topic = 'initial_budget_total') AS source_table,
               min(source_line) FILTER (WHERE topic = 'initial_budget_total') AS source_line,
               min(source_page) FILTER (WHERE topic = 'initial_budget_total') AS source_page,
               min(source_cell) FILTER (WHERE topic = 'initial_budget_total') AS source_cell,
               ?::VARCHAR AS held_in
        FROM narrative_facts
        WHERE report_id = ? AND year = ? AND topic IN ('initial_budget_total', 'final_total', 'completion_rate_total')
        HAVING count(*) FILTER (WHERE topic = 'initial_budget_total') > 0
        """,
        held_in,
        *one(held),
    )
    return df.iloc[0].to_dict() if len(df) else None
