"""公开06表 基本支出决算明细表: the economic classification of basic spending.

The PDF prints one list in three column groups of 科目编码 | 科目名称 | 决算数;
reading each group in turn gives the list back. 人员经费 is 301 工资福利支出
plus 303 对个人和家庭的补助; every other class (302, 307, 309, 310, 399 …)
is 公用经费, as the national template defines them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from etl.document import Table
from etl.model import EconomicRow, QualityCheck, TableTotal
from etl.parts.cells import CellReader
from etl.text import clean, compact

_CODE = re.compile(r"3\d{2}(?:\d{2})?")
_KUAN = re.compile(r"\d{2}")
PERSONNEL_CLASSES = ("301", "303")
_TOTALS = {"人员经费合计": "personnel", "公用经费合计": "public_costs"}


def category_of(code: str) -> str:
    return "人员经费" if code[:3] in PERSONNEL_CLASSES else "公用经费"


def parse_economic(
    tables: Sequence[Table], report_id: str
) -> tuple[list[EconomicRow], list[TableTotal], list[QualityCheck]]:
    rows: list[EconomicRow] = []
    totals: list[TableTotal] = []
    findings: list[QualityCheck] = []
    for table in tables:
        reader = CellReader(table, report_id)
        for row in table.rows:
            cells = [compact(c) for c in row.cells]
            i = 0
            while i < len(cells):
                if cells[i] in _TOTALS:
                    j = next((j for j in range(i + 1, len(cells)) if cells[j]), None)
                    amount = reader.amount(row, j, cells[i]) if j is not None else None
                    totals.append(TableTotal(report_id, cells[i], _TOTALS[cells[i]], amount, table.source, row.line))
                    i = (j or i) + 1
                elif _CODE.fullmatch(cells[i]) and i + 2 <= len(cells):
                    code = cells[i]
                    # Some templates give the code as 类 | 款 columns: "301 | 01", or "302 | " for the class.
                    split = (
                        len(code) == 3 and i + 3 < len(cells) and (not cells[i + 1] or _KUAN.fullmatch(cells[i + 1]))
                    )
                    if split:
                        code += cells[i + 1]
                        i += 1
                    name = clean(row.cells[i + 1]) if i + 1 < len(cells) else ""
                    amount = reader.amount(row, i + 2, f"{code} {name}决算数")
                    parent = code[:3] if len(code) == 5 else None
                    rows.append(
                        EconomicRow(report_id, code, name, category_of(code), parent, amount, table.source, row.line)
                    )
                    i += 3
                else:
                    i += 1
        findings.extend(reader.findings)
    return rows, totals, findings
