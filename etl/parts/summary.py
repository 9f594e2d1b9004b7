"""公开01表 收入支出决算总表 and 公开04表 财政拨款收入支出决算总表.

Both put income on the left and expense on the right of one row, each side
as 项目 | 行次 | 金额 (04 adds fund columns on the expense side, of which
the first, 合计, is the amount). The header row says where each side starts;
reports without 行次 columns are read the same way.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from etl.document import Table
from etl.model import QualityCheck, SummaryLine
from etl.parts.cells import CellReader
from etl.text import clean, compact

_ITEM_HEADERS = ("项目", "收入", "支出")
_SKIP_ITEMS = ("项目", "栏次", "收入", "支出")
# A 行次 is a small ASCII number: "²".isdigit() is true, yet int("²") fails, and INTEGER holds 9 digits.
_LINE_NO = re.compile(r"[0-9]{1,6}")


@dataclass(frozen=True)
class Side:
    name: str  # income / expense
    item: int
    line_no: int | None
    amount: int


def _sides(table: Table) -> tuple[Side, Side]:
    for row in table.rows:
        cells = [compact(c) for c in row.cells]
        items = [i for i, c in enumerate(cells) if c == "项目"]
        if len(items) >= 2:
            sides = []
            for name, i in zip(("income", "expense"), items[:2], strict=True):
                has_line_no = i + 1 < len(cells) and cells[i + 1] == "行次"
                sides.append(Side(name, i, i + 1 if has_line_no else None, i + 2 if has_line_no else i + 1))
            return sides[0], sides[1]
    return Side("income", 0, 1, 2), Side("expense", 3, 4, 5)


def parse_summary(
    tables: Sequence[Table], report_id: str, fiscal_only: bool
) -> tuple[list[SummaryLine], list[QualityCheck]]:
    lines: list[SummaryLine] = []
    findings: list[QualityCheck] = []
    for table in tables:
        reader = CellReader(table, report_id)
        for side in _sides(table):
            for row in table.rows:
                if side.amount >= len(row.cells):
                    continue
                item = clean(row.cells[side.item])
                if not item or compact(item) in _SKIP_ITEMS:
                    continue
                line_no_text = compact(row.cells[side.line_no]) if side.line_no is not None else ""
                line_no = int(line_no_text) if _LINE_NO.fullmatch(line_no_text) else None
                amount = reader.amount(row, side.amount, f"{item}金额")
                lines.append(
                    SummaryLine(report_id, side.name, line_no, item, amount, fiscal_only, table.source, row.line)
                )
        findings.extend(reader.findings)
    return lines, findings
