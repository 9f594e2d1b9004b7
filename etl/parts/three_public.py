"""公开09表 财政拨款“三公”经费支出决算表: budget and final of each 三公 item.

The table is one data row of twelve figures under a 栏次 row numbered 1–12:
six for the budget, six for the final, in the template's fixed order.
"""

from __future__ import annotations

from collections.abc import Sequence

from etl.model import QualityCheck, ThreePublicCost
from etl.parts.cells import CellReader
from etl.read import Row, Table
from etl.text import compact

ITEMS = ("合计", "因公出国（境）费", "公务用车购置及运行费", "公务用车购置费", "公务用车运行费", "公务接待费")
_NUMBERING = [str(n) for n in range(1, 13)]


def _data_row(table: Table) -> Row | None:
    numbered = next(
        (k for k, row in enumerate(table.rows) if [compact(c) for c in row.cells if compact(c)] == _NUMBERING), None
    )
    if numbered is not None:
        return table.rows[numbered + 1] if numbered + 1 < len(table.rows) else None
    return table.rows[-1] if table.rows else None


def parse_three_public(tables: Sequence[Table], report_id: str) -> tuple[list[ThreePublicCost], list[QualityCheck]]:
    if not tables:
        return [], []
    table = tables[0]
    reader = CellReader(table, report_id)
    row = _data_row(table)
    if row is None:
        reader.error(
            table.rows[0],
            "truncated_table",
            "“三公”经费表没有数据行",
            "the “三公” (three public costs) table has no data rows.",
            "数据行",
            "",
        )
        return [], reader.findings
    costs = [
        ThreePublicCost(
            report_id,
            item,
            reader.amount(row, k, f"{item}预算数"),
            reader.amount(row, k + len(ITEMS), f"{item}决算数"),
            table.source,
            row.line,
        )
        for k, item in enumerate(ITEMS)
    ]
    return costs, reader.findings
