"""公开07表 政府性基金 and 公开08表 国有资本经营: usually printed empty.

An empty table is a statement ("本部门无…支出"), not an error. Rows with
figures are noted for a reader; the contract has no table for them yet.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from etl.checks import finding
from etl.document import Line, Table
from etl.model import QualityCheck
from etl.parts.functional import subject_lines
from etl.text import BadNumber, compact, parse_amount

NAMES = {
    "gov_fund": ("政府性基金预算财政拨款", "government-fund budget"),
    "soe_capital": ("国有资本经营预算财政拨款", "state-capital operating budget"),
}
# How a report says why the table is empty: "无政府性基金预算财政拨款收入支出。" in the narrative, or a note under
# the table, "注：…无国有资本经营预算财政拨款支出，故本表无数据。"
_SAYS_NONE = {
    kind: re.compile(rf"(?:无|没有|未发生|未安排){name[:4]}|{name[:4]}\S{{0,20}}(?:为空表|无数据|为零)")
    for kind, (name, _) in NAMES.items()
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


def check_fund_tables(kind: str, tables: Sequence[Table], lines: Sequence[Line], report_id: str) -> list[QualityCheck]:
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
    elif not any(_SAYS_NONE[kind].search(compact(text.text)) for text in lines):
        message = f"{table.source}为空表，但报告没有说明为什么（如“本部门无{name}收入支出”）"
        english = (
            f"the table is empty, and the report does not say why (as in “本部门无{name}收入支出”: no {name_en} "
            "appropriations this year)."
        )
        return [
            finding(report_id, "empty_table_unexplained", "warning", message, english, None, None, table.source, line)
        ]
    else:
        check = f"{kind}_empty"
        message = f"{table.source}为空表：本年度无{name}收支"
        english = f"the table is empty: no {name_en} appropriations were received or spent this year."
    return [finding(report_id, check, "info", message, english, None, None, table.source, line)]
