"""What only the store can compare, written at load time whenever either side is loaded:

- a partial report beside the full report of the same department and year: both are kept (the dashboard reads
  the full one), so a figure the partial page states differently is the only trace of the disagreement, a
  `partial_vs_full` finding on the partial report;
- last year's figures a report derives from its stated change (etl.parts.narrative.facts, `_previous`) beside
  last year's own report: a figure restated is a story, a `previous_restated` finding on the later report.
"""

from __future__ import annotations

from decimal import Decimal

import duckdb

from etl.checks import finding
from etl.model import QualityCheck
from etl.parts.narrative.facts import PREVIOUS
from etl.schema import to_arrow
from etl.text import fmt_amount, fmt_amount_en

CHECK = "partial_vs_full"
# Half the last place of a figure printed to two decimals: a page stating 2.608558 agrees with 2.61.
_TOLERANCE = Decimal("0.005")
_PROCUREMENT = {
    "total": ("政府采购支出总额", "total government procurement"),
    "goods": ("政府采购货物支出", "goods"),
    "works": ("政府采购工程支出", "works"),
    "services": ("政府采购服务支出", "services"),
    "sme_amount": ("授予中小企业合同金额", "contracts awarded to SMEs"),
    "small_micro_amount": ("授予小微企业合同金额", "contracts awarded to small and micro firms"),
}
# The partial page's 三公 facts and the full report's 三公 table rows they restate.
_THREE_PUBLIC_ITEMS = {
    "total": "合计",
    "abroad": "因公出国（境）费",
    "vehicles": "公务用车购置及运行费",
    "vehicle_purchase": "公务用车购置费",
    "vehicle_operation": "公务用车运行费",
    "reception": "公务接待费",
}


def check_partials(con: duckdb.DuckDBPyConnection, keys: set[tuple[str, int]]) -> None:
    """Rewrite the `partial_vs_full` findings of every partial report of these (department, year) pairs."""
    if not keys:
        return
    wanted = [f"{department}|{year}" for department, year in keys]
    partials = con.execute(
        """
        SELECT p.report_id, f.report_id, f.source_file FROM reports p
        LEFT JOIN reports f ON f.department = p.department AND f.year = p.year AND NOT coalesce(f.partial, false)
        WHERE p.partial AND list_contains(?, p.department || '|' || p.year)
        """,
        [wanted],
    ).fetchall()
    if not partials:
        return
    found = [c for partial, full, name in partials if full for c in _disagreements(con, partial, full, name)]
    _replace(con, CHECK, [partial for partial, _, _ in partials], found)


RESTATED = "previous_restated"


def check_previous(con: duckdb.DuckDBPyConnection, keys: set[tuple[str, int]]) -> None:
    """Rewrite the `previous_restated` findings of the reports of these (department, year) pairs and of the year
    after: each of their derived last-year figures against the same fact of last year's full report."""
    if not keys:
        return
    wanted = [f"{department}|{year}" for department, year in keys]
    later = [
        report
        for (report,) in con.execute(
            """
            SELECT r.report_id FROM reports r
            WHERE list_contains(?, r.department || '|' || r.year) OR list_contains(?, r.department || '|' || (r.year - 1))
            """,
            [wanted, wanted],
        ).fetchall()
    ]
    if not later:
        return
    restated = con.execute(
        """
        SELECT d.report_id, f.label, d.value, f.value, prev.source_file, d.source_table, d.source_line
        FROM narrative_facts d
        JOIN reports cur ON cur.report_id = d.report_id
        JOIN reports prev ON prev.department = cur.department AND prev.year = cur.year - 1
             AND NOT coalesce(prev.partial, false)
        JOIN narrative_facts f ON f.report_id = prev.report_id AND d.topic = f.topic || ? AND f.unit = d.unit
        WHERE list_contains(?, d.report_id) AND abs(d.value - f.value) > ?
        """,
        [PREVIOUS, later, _TOLERANCE],
    ).fetchall()
    found = [
        finding(
            report,
            RESTATED,
            "warning",
            f"按第 {line} 行的比上年增减，上年{label}应为 {fmt_amount(derived)}，上年报告（{file}）写的是 "
            f"{fmt_amount(stated)}：上年的数字被改写了，还是本年的增减写错了？",
            f"by the change on last year this report states, last year's {label} was {fmt_amount_en(derived)}; last "
            f"year's report ({file}) says {fmt_amount_en(stated)}: was last year's figure restated, or this year's "
            "change misstated?",
            fmt_amount(stated),
            fmt_amount(derived),
            table,
            line,
        )
        for report, label, derived, stated, file, table, line in restated
    ]
    _replace(con, RESTATED, later, found)


def _replace(con: duckdb.DuckDBPyConnection, check: str, reports: list[str], found: list[QualityCheck]) -> None:
    """The `check` findings of `reports` become `found`: what a load wrote before is rewritten, never added to."""
    con.execute('DELETE FROM quality_checks WHERE "check" = ? AND list_contains(?, report_id)', [check, reports])
    if found:
        rows = to_arrow("quality_checks", found)  # noqa: F841 — read by name in SQL
        con.execute("INSERT INTO quality_checks BY NAME SELECT * FROM rows")


def _disagreements(con: duckdb.DuckDBPyConnection, partial: str, full: str, full_file: str) -> list[QualityCheck]:
    stated = con.execute(
        """
        SELECT p.label, p.value, f.value, p.source_table, p.source_line FROM narrative_facts p
        JOIN narrative_facts f ON f.report_id = ? AND f.topic = p.topic AND f.unit = p.unit
        WHERE p.report_id = ? AND p.unit = '万元'
        """,
        [full, partial],
    ).fetchall()
    items = [f"'{item}'" for item in _THREE_PUBLIC_ITEMS.values()]
    cases = " ".join(f"WHEN 'three_public_{key}_final' THEN '{item}'" for key, item in _THREE_PUBLIC_ITEMS.items())
    stated += con.execute(
        f"""
        SELECT p.label, p.value, t.final, p.source_table, p.source_line FROM narrative_facts p
        JOIN three_public_costs t ON t.report_id = ? AND t.item = CASE p.topic {cases} END
        WHERE p.report_id = ? AND t.item IN ({", ".join(items)})
          AND NOT EXISTS (SELECT 1 FROM narrative_facts f WHERE f.report_id = ? AND f.topic = p.topic)
        """,
        [full, partial, full],
    ).fetchall()
    for column, (label, _) in _PROCUREMENT.items():
        stated += con.execute(
            f"SELECT ?, p.{column}, f.{column}, p.source_table, p.source_line FROM procurement p, procurement f "
            "WHERE p.report_id = ? AND f.report_id = ?",
            [label, partial, full],
        ).fetchall()
    english = {label: en for label, en in _PROCUREMENT.values()}
    return [
        finding(
            partial,
            CHECK,
            "warning",
            f"第 {line} 行{label}写 {fmt_amount(mine)}，同部门同年度的完整报告（{full_file}）为 "
            f"{fmt_amount(theirs)}；看板采用完整报告的数字。",
            f"{english.get(label, label)}: {fmt_amount_en(mine)} here, {fmt_amount_en(theirs)} in the "
            f"full report of the same department and year ({full_file}); the dashboard shows the full report's.",
            fmt_amount(theirs),
            fmt_amount(mine),
            table,
            line,
        )
        for label, mine, theirs, table, line in stated
        if mine is not None and theirs is not None and abs(mine - theirs) > _TOLERANCE
    ]
