"""公开01表 收入支出决算总表 and 公开04表 财政拨款收入支出决算总表.

Both put income on the left and expense on the right of one row, each side
as 项目 | 行次 | 金额. The header row (the one that says 项目 twice) says
where each side starts; reports without 行次 columns are read the same way.
04's expense side prints one column per fund (合计 and the three budgets):
each is read by its header and stored as a row of its own, so no sum over
the table counts a line twice.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from etl.document import Row, Table
from etl.model import FiscalSummaryLine, QualityCheck, SummaryLine
from etl.parts.cells import CellReader
from etl.text import clean, compact

_SKIP_ITEMS = ("项目", "栏次", "收入", "支出")
# A 行次 is a small ASCII number: "²".isdigit() is true, yet int("²") fails, and INTEGER holds 9 digits.
_LINE_NO = re.compile(r"[0-9]{1,6}")
TOTAL_FUND = "合计"
# The fund a column heading names, by the words that tell the budgets apart.
_FUNDS = (
    ("一般公共", "一般公共预算"),
    ("政府性基金", "政府性基金"),
    ("国有资本", "国有资本经营"),
    ("合计", TOTAL_FUND),
)


@dataclass(frozen=True)
class Side:
    name: str  # income / expense
    item: int
    line_no: int | None
    amounts: tuple[tuple[int, str], ...]  # (column, fund) of each amount the side prints


def fund_of(heading: str) -> str | None:
    return next((fund for words, fund in _FUNDS if words in heading), None)


def _sides(table: Table) -> tuple[Side, Side]:
    for row in table.rows:
        cells = [compact(c) for c in row.cells]
        items = [i for i, c in enumerate(cells) if c == "项目"]
        if len(items) >= 2:
            sides = []
            for k, (name, i) in enumerate(zip(("income", "expense"), items[:2], strict=True)):
                has_line_no = i + 1 < len(cells) and cells[i + 1] == "行次"
                first = i + 2 if has_line_no else i + 1
                end = items[1] if k == 0 else len(cells)
                funds = [(col, fund) for col in range(first, end) if (fund := fund_of(cells[col]))]
                amounts = tuple(funds) if len(funds) > 1 else ((first, TOTAL_FUND),)
                sides.append(Side(name, i, i + 1 if has_line_no else None, amounts))
            return sides[0], sides[1]
    return Side("income", 0, 1, ((2, TOTAL_FUND),)), Side("expense", 3, 4, ((5, TOTAL_FUND),))


def _lines(tables: Sequence[Table], report_id: str):
    """(side, line number, item, fund, amount, table, row) for every amount of every line; and the findings."""
    out = []
    findings: list[QualityCheck] = []
    for table in tables:
        reader = CellReader(table, report_id)
        for side in _sides(table):
            for row in table.rows:
                if side.amounts[0][0] >= len(row.cells):
                    continue
                item = clean(row.cells[side.item])
                if not item or compact(item) in _SKIP_ITEMS:
                    continue
                line_no = _line_no(row, side)
                for col, fund in side.amounts:
                    label = f"{item}金额" if fund == TOTAL_FUND else f"{item}（{fund}）金额"
                    out.append((side.name, line_no, item, fund, reader.amount(row, col, label), table, row))
        findings.extend(reader.findings)
    return out, findings


def _line_no(row: Row, side: Side) -> int | None:
    text = compact(row.cells[side.line_no]) if side.line_no is not None else ""
    return int(text) if _LINE_NO.fullmatch(text) else None


def parse_summary(tables: Sequence[Table], report_id: str) -> tuple[list[SummaryLine], list[QualityCheck]]:
    """公开01表: one row per line and side."""
    lines, findings = _lines(tables, report_id)
    return [
        SummaryLine(report_id, side, no, item, amount, table.source, row.line)
        for side, no, item, _, amount, table, row in lines
    ], findings


def parse_fiscal_summary(tables: Sequence[Table], report_id: str) -> tuple[list[FiscalSummaryLine], list[QualityCheck]]:
    """公开04表: one row per line, side and fund column."""
    lines, findings = _lines(tables, report_id)
    return [
        FiscalSummaryLine(report_id, side, no, item, fund, amount, table.source, row.line)
        for side, no, item, fund, amount, table, row in lines
    ], findings
