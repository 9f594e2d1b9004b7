"""公开09表 财政拨款“三公”经费支出决算表: budget and final of each 三公 item.

Read by header, in any of the layouts reports use: six budget columns then
six final ones (the national template), each item's 预算数 | 决算数 side by
side (Shanghai), or transposed — rows 预算数 / 决算数 with the items as
columns. A column whose header names no known item is a finding, and its
figure is not stored.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from etl.document import Row, Table
from etl.model import QualityCheck, ThreePublicCost
from etl.parts.cells import CellReader
from etl.parts.columns import column_paths
from etl.text import BadNumber, compact, parse_amount

ITEMS = ("合计", "因公出国（境）费", "公务用车购置及运行费", "公务用车购置费", "公务用车运行费", "公务接待费")
BUDGET, FINAL = "budget", "final"


def item_of(label: str) -> str | None:
    """The 三公 item a header label names, or None."""
    if "接待" in label:
        return "公务接待费"
    if "出国" in label:
        return "因公出国（境）费"
    if "购置及运行" in label or "购置及运维" in label or label == "小计":
        return "公务用车购置及运行费"
    if "购置" in label:
        return "公务用车购置费"
    if "运行" in label:
        return "公务用车运行费"
    if label == "合计":
        return "合计"
    return None


def side_of(label: str) -> str | None:
    if label.startswith("预算"):
        return BUDGET
    if label.startswith("决算"):
        return FINAL
    return None


def _deepest(path: Sequence[str], read) -> str | None:
    return next((found for label in reversed(path) if (found := read(label))), None)


def _has_figure(row: Row) -> bool:
    for cell in row.cells:
        try:
            if parse_amount(cell) is not None:
                return True
        except BadNumber:
            continue
    return False


def _is_numbering(row: Row) -> bool:
    """The 栏次 row "1 | 2 | … | 12" under the header."""
    filled = [compact(c) for c in row.cells if compact(c)]
    return len(filled) >= 6 and filled == [str(n) for n in range(1, len(filled) + 1)]


def parse_three_public(tables: Sequence[Table], report_id: str) -> tuple[list[ThreePublicCost], list[QualityCheck]]:
    if not tables:
        return [], []
    table = tables[0]
    rows = [row for t in tables for row in t.rows]
    reader = CellReader(table, report_id)
    side_rows = [row for row in rows if row.cells and side_of(compact(row.cells[0])) and len(row.cells) > 1]
    transposed = len(side_rows) >= 2 and not any(side_of(compact(c)) for c in side_rows[0].cells[1:])
    if transposed:
        header = rows[: rows.index(side_rows[0])]
        data = [(row, side_of(compact(row.cells[0]))) for row in side_rows]
    else:
        first = next((k for k, row in enumerate(rows) if _is_numbering(row) or _has_figure(row)), None)
        if first is None or (_is_numbering(rows[first]) and first + 1 >= len(rows)):
            reader.error(
                rows[-1] if rows else Row(0, ()),
                "truncated_table",
                "“三公”经费表没有数据行",
                "the “三公” (three public costs) table has no data rows.",
                "数据行",
                "",
            )
            return [], reader.findings
        header = rows[:first]
        data = [(rows[first + 1] if _is_numbering(rows[first]) else rows[first], None)]
    width = max(len(row.cells) for row in rows)
    paths = column_paths(header, width)
    numbered = not transposed and _is_numbering(rows[first])
    sides = [_deepest(path, side_of) for path in paths]
    found: dict[str, dict[str, Decimal | None]] = {}
    lines: dict[str, int] = {}
    for row, row_side in data:
        for col, path in enumerate(paths):
            if transposed and col == 0:
                continue
            side = row_side or sides[col]
            item = _deepest(path, item_of)
            if item is None and numbered and side is not None and sides.count(side) == len(ITEMS):
                # No item labels, but the 栏次 row numbers the template's columns: its fixed order names them.
                item = ITEMS[sides[:col].count(side)]
            if item is None or side is None:
                if col < len(row.cells) and compact(row.cells[col]):
                    reader.error(
                        row,
                        "unmapped_column",
                        f"第 {col + 1} 栏的表头“{'/'.join(path) or '（空）'}”对不上“三公”经费的任何一项，"
                        f"其中的数字“{row.cells[col]}”未载入",
                        f"the header of column {col + 1} (“{'/'.join(path)}”) names no 三公 item; "
                        f"its figure “{row.cells[col]}” is not loaded.",
                        "三公经费项目",
                        "/".join(path),
                    )
                continue
            label = "预算数" if side == BUDGET else "决算数"
            found.setdefault(item, {})[side] = reader.amount(row, col, f"{item}{label}")
            lines.setdefault(item, row.line)
    costs = [
        ThreePublicCost(report_id, item, found[item].get(BUDGET), found[item].get(FINAL), table.source, lines[item])
        for item in ITEMS
        if item in found
    ]
    return costs, reader.findings
