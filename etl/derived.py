"""Tables derived from the others, one row per report a visitor can choose: written with every load.

The cross-department pages (compare, the procurement ranking) and the per-report lookups of where a part is
read would otherwise join every report of the store on every visit, a cost that grows with the store while
the visitor looks at one report or one year. The store keeps the SQL as a view (the warehouse, a draft's
store, a store written before the table existed answer it alike) and the parquet export writes it out per
year like any other table, sorted by report_id, so a page reads one row group of it.
"""

from __future__ import annotations

import hashlib

from etl.model import PARTS
from etl.parts.narrative.facts import PREVIOUS

# The reports a visitor sees, one a department and year: the full report where one is loaded, else the
# partial one (a page holding only some parts), so no figure counts twice.
SHOWN_REPORTS = """
    SELECT * FROM reports r
    WHERE NOT (coalesce(r.partial, false) AND EXISTS (
        SELECT 1 FROM reports f WHERE f.department = r.department AND f.year = r.year AND NOT coalesce(f.partial, false)
    ))
"""

# 达标率: met indicators over all indicators. An indicator that cannot be assessed
# does not count as met, so vague targets cannot raise a department's rate.
HIT_RATE_SQL = "count(*) FILTER (WHERE status = 'met') / nullif(count(status), 0)"


# Each report's spending, 基本 and 项目: its 支出决算表's own 合计 line where it prints one, else the sum of its
# 类 rows. They differ by the report's rounding (普陀区财政局 2024 prints 2,940.05, its classes add up to
# 2,940.06): the dashboard quotes the report.
SPENDING = """
    SELECT c.report_id, coalesce(t.total, c.total) AS total, coalesce(t.basic, c.basic) AS basic,
           coalesce(t.project, c.project) AS project
    FROM (SELECT report_id, sum(total) AS total, sum(basic) AS basic, sum(project) AS project
          FROM spending_by_function WHERE level = '类' GROUP BY report_id) c
    LEFT JOIN (SELECT report_id, max(amount) FILTER (WHERE "column" = 'total') AS total,
                      max(amount) FILTER (WHERE "column" = 'basic') AS basic,
                      max(amount) FILTER (WHERE "column" = 'project') AS project
               FROM table_totals WHERE of_table = 'spending_by_function' AND item = '合计'
               GROUP BY report_id) t USING (report_id)
"""


def _holder_join(part: str) -> str:
    # Where a full report lacks a part a partial page of the same department and year holds (the tables as an
    # .xlsx attachment, the 情况说明 as a web page), that part is read from the page. One partial a department
    # and year is kept, so at most one joins.
    return f"""
        LEFT JOIN reports {part} ON coalesce({part}.partial, false) AND {part}.department = r.department
            AND {part}.year = r.year
            AND NOT list_contains(string_split(coalesce(r.parts, ''), ','), '{part}')
            AND list_contains(string_split({part}.parts, ','), '{part}')
    """


# The narrative's 收、支总计 (`stated_total`), and last year's total, basic and project spending as its stated
# changes imply them (etl: `_previous` facts), each with the line it rests on: the department's year-by-year
# figures, read with its other reports' rows instead of from the facts of each.
_PREVIOUS = {"total": "total", "basic": "basic_spending", "project": "project_spending"}
_TOPICS = ["total", *(f"{topic}{PREVIOUS}" for topic in _PREVIOUS.values())]
_STATED = [
    "max(value) FILTER (WHERE topic = 'total') AS stated_total",
    *(
        f"max(value) FILTER (WHERE topic = '{topic}{PREVIOUS}') AS {key}_previous, "
        f"min(source_line) FILTER (WHERE topic = '{topic}{PREVIOUS}') AS {key}_previous_line"
        for key, topic in _PREVIOUS.items()
    ),
]

# `<part>_from`: the report whose part the dashboard shows (this one, or the partial page holding it);
# `<part>_held_in`: that page's file, when it is another report. Then the measures the cross-department pages
# compare, each read where the dashboard reads it for the report's own pages.
SHOWN_REPORTS_SQL = f"""
    WITH spend AS ({SPENDING}),
    perf AS (SELECT report_id, {HIT_RATE_SQL} AS hit_rate FROM perf_indicators GROUP BY report_id),
    stated AS (
        SELECT report_id, {", ".join(_STATED)} FROM narrative_facts
        WHERE topic IN ({", ".join(f"'{t}'" for t in _TOPICS)}) GROUP BY report_id
    ),
    holders AS (
        SELECT r.*,
               {", ".join(f"coalesce({p}.report_id, r.report_id) AS {p}_from, {p}.source_file AS {p}_held_in" for p in PARTS)}
        FROM ({SHOWN_REPORTS}) r {" ".join(_holder_join(p) for p in PARTS)}
    )
    SELECT h.*, s.total, s.basic, s.project, perf.hit_rate, b.value AS initial_budget,
           b.source_line AS initial_budget_line,
           p.total AS procurement_total, p.sme_amount, p.sme_share, p.small_micro_amount, p.small_micro_share_of_sme,
           p.source_table AS procurement_source_table, p.source_line AS procurement_source_line,
           p.source_page AS procurement_source_page, p.source_cell AS procurement_source_cell,
           n.* EXCLUDE (report_id)
    FROM holders h
    LEFT JOIN spend s USING (report_id)
    LEFT JOIN perf USING (report_id)
    LEFT JOIN narrative_facts b ON b.report_id = h.narrative_from AND b.topic = 'initial_budget_total'
    LEFT JOIN procurement p ON p.report_id = h.procurement_from
    LEFT JOIN stated n ON n.report_id = h.narrative_from
"""

# Each flag of a shown report with its report's department and file, as `f` and `r`: add the WHERE.
SHOWN_FLAGS = """
    SELECT r.year, r.department, r.source_file, r.source_sha256, f.report_id, f.flag, f.item, f.value,
           f.threshold, f.unit, f.message, f.message_en, f.source_table, f.source_line, f.source_page, f.source_cell
    FROM flags f JOIN shown_reports r USING (report_id)
"""

# The flags page's rows under the rules' default thresholds: the tripped flags of the shown reports with their
# department, written in the order the page lists them. A year of a province trips tens of thousands of its
# half a million flags, and the page lists the first thousand by department: read from the year's flags joined
# to every report on each visit, that was 77 ms at 100,000 reports; from this table, whose row groups hold
# departments in order so the top-N skips all but the first, 14 ms.
TRIPPED_FLAGS_SQL = f"{SHOWN_FLAGS} WHERE f.tripped"

# The procurement page's ranking: each shown report's SME share with where it was read, written highest share
# first. A department whose share is unknown is left out rather than ranked last: a blank is not a 0 %. Picked
# out of a year of shown_reports (20,000 rows of 44 columns) and sorted on each visit it was 32 ms at 100,000
# reports; read from here in the order written, 24. The page does not sort it again: DuckDB keeps a scan's rows
# in order (preserve_insertion_order), and the view a store without the table reads sorts them itself.
RANKED = "sme_share DESC, department, report_id"
PROCUREMENT_RANKING_SQL = f"""
    SELECT year, report_id, department, procurement_total AS total, sme_amount, sme_share, small_micro_amount,
           small_micro_share_of_sme, procurement_source_table AS source_table,
           procurement_source_line AS source_line, procurement_source_page AS source_page,
           procurement_source_cell AS source_cell, procurement_held_in AS held_in
    FROM shown_reports
    WHERE procurement_total > 0 AND sme_share IS NOT NULL
    ORDER BY year, {RANKED}
"""

DERIVED = {
    "shown_reports": SHOWN_REPORTS_SQL,
    "tripped_flags": TRIPPED_FLAGS_SQL,
    "procurement_ranking": PROCUREMENT_RANKING_SQL,
}
# The order a derived table is written in where it is not by report_id (a page reads one report's rows);
# the flags page lists tripped_flags in this same order, read from here, so its top-N stays one row group.
ORDER = {
    "tripped_flags": "department, source_line, flag, item, report_id",
    "procurement_ranking": RANKED,
}
# Written into the manifest: a store whose derived tables were made by other SQL gets them again at the next
# ingest, though no report changed.
CHECKSUM = hashlib.sha256("".join(DERIVED.values()).encode()).hexdigest()[:16]


def create_views(con) -> None:
    """Define every derived table as a view over the store's tables on `con`."""
    for name, sql in DERIVED.items():
        con.execute(f"CREATE OR REPLACE VIEW {name} AS {sql}")
