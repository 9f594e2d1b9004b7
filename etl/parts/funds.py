"""公开07表 政府性基金 and 公开08表 国有资本经营: usually printed empty.

An empty table is a statement ("本部门无…支出"), not an error. Rows with
figures are noted for a reader; the contract has no table for them yet.
"""

from __future__ import annotations

from collections.abc import Sequence

from etl.checks import finding
from etl.document import Table
from etl.model import QualityCheck
from etl.parts.functional import subject_lines
from etl.text import BadNumber, parse_amount

NAMES = {
    "gov_fund": ("政府性基金预算财政拨款", "government-fund budget"),
    "soe_capital": ("国有资本经营预算财政拨款", "state-capital operating budget"),
}


def _has_figures(table: Table) -> bool:
    """Any subject row, or a 合计 line with something other than blanks and zeros."""
    for line in subject_lines(table):
        if line.code:
            return True
        for cell in line.row.cells[line.first_amount :]:
            try:
                if parse_amount(cell):
                    return True
            except BadNumber:
                return True
    return False


def check_fund_tables(kind: str, tables: Sequence[Table], report_id: str) -> list[QualityCheck]:
    if not tables:
        return []
    table = tables[0]
    name, name_en = NAMES[kind]
    line = table.rows[0].line
    if any(_has_figures(t) for t in tables):
        check = f"{kind}_not_loaded"
        message = f"{table.source}有{name}收支数据，本看板暂未收录此表，请查阅原报告第 {line} 行起"
        english = (
            f"the table holds {name_en} figures, which this dashboard does not include yet; see the report from "
            f"line {line}."
        )
    else:
        check = f"{kind}_empty"
        message = f"{table.source}为空表：本年度无{name}收支"
        english = f"the table is empty: no {name_en} appropriations were received or spent this year."
    return [finding(report_id, check, "info", message, english, None, None, table.source, line)]
