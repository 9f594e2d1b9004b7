"""Reading amount cells the same way in every table part.

A blank money cell in the national template means zero. A cell that holds
something that is not surely a number becomes None plus an error finding that
names the table, the line, the column and the raw text — never a guess.
So does an amount too large or too precise for the store's DECIMAL(18,6): it
is not rounded into a different number.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property
from typing import NamedTuple

from etl.checks import Findings
from etl.document import Row, Table
from etl.text import TO_WAN, BadNumber, parse_amount, parse_percent, storable, unreadable

# Why an amount that reads as a number is still not loaded. The English leaves "not loaded" to each message,
# which words it to fit its own sentence.
TOO_BIG = "超出可存储的范围（万元计最多 12 位整数、6 位小数），未载入"
TOO_BIG_EN = "is beyond what the store can hold (in 10k yuan, at most 12 digits before the point and 6 after)"


class Unread(NamedTuple):
    """Why a cell's figure is not loaded: the catalogue's check, what the cell should be, and the reason."""

    check: str  # unreadable_amount / unstorable_amount
    expected: str
    why: str  # "“4,3O0.00”不是可确认的数字": the reader says what becomes of it
    why_en: str


def read_cell(raw: str, factor: Decimal = Decimal(1), rate: bool = False) -> tuple[Decimal | None, Unread | None]:
    """One cell of any table: its value in 万元 (a fraction for a `rate`; None when blank or not read) and, when it
    is not read, why.

    The one rule every table part reads a figure by: parse it for sure or not at all, convert its unit, and
    refuse what the store cannot hold exactly.
    """
    try:
        value = parse_percent(raw) if rate else parse_amount(raw)
    except BadNumber:
        why, why_en = unreadable(raw)
        return None, Unread("unreadable_amount", "数字", why, why_en)
    if value is not None and not rate:
        value *= factor
    if not storable(value):
        return None, Unread(
            "unstorable_amount", "可存储的数字", f"“{raw}”{TOO_BIG.removesuffix('，未载入')}", f"“{raw}” {TOO_BIG_EN}"
        )
    return value, None


@dataclass
class CellReader:
    """Reads a table's amounts into 万元 and collects what it could not read."""

    table: Table
    report_id: str
    findings: Findings = field(init=False)

    def __post_init__(self) -> None:
        self.findings = Findings(self.report_id, self.table.source)

    @cached_property  # asked for every amount
    def factor(self) -> Decimal:
        return TO_WAN.get(self.table.unit or "万元", Decimal(1))

    def amount(
        self, row: Row, col: int, column_name: str, blank_is_zero: bool = True, missing_ok: bool = False
    ) -> Decimal | None:
        """The cell in 万元; `missing_ok` for a column a layout may leave off (None, no finding)."""
        raw = row.cells[col] if col < len(row.cells) else None
        if raw is None and missing_ok:
            return None
        if raw is None:
            self.error(
                row,
                "missing_cell",
                f"{column_name}一栏缺失（行被截断）",
                f"the {column_name} cell is missing (the row is cut off).",
                expected=column_name,
                actual="",
            )
            return None
        value, unread = read_cell(raw, self.factor)
        if unread is not None:
            what, what_en = f"{column_name}{unread.why}，未载入", f"{column_name} {unread.why_en}; not loaded."
            self.error(row, unread.check, what, what_en, unread.expected, raw)
            return None
        if value is None:
            return Decimal(0) if blank_is_zero else None
        return value

    def error(self, row: Row, check: str, what: str, what_en: str, expected: str | None, actual: str | None) -> None:
        """`what` and `what_en` say what is wrong; the table and line go in front of each."""
        where = f"{self.table.source}第 {row.line} 行："
        self.findings.add(check, "error", where + what, what_en, expected, actual, source_line=row.line)
