"""公开02/03/05表: rows of the functional classification (功能分类科目).

Codes nest 类 (3 digits) → 款 (5) → 项 (7). The conversion sometimes puts the
name one column right of where the header says, so amounts are located from
the data rows themselves: they start right after the name cell.
"""

from __future__ import annotations

import dataclasses
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from etl.document import Row, Table
from etl.model import FunctionRow, GpbSpendingRow, IncomeRow, QualityCheck, TableTotal
from etl.parts.cells import CellReader
from etl.text import clean, compact

LEVELS = {3: "类", 5: "款", 7: "项"}
_AMOUNT_FIELDS = frozenset({"total", "basic", "project", "personnel", "public_costs", "fiscal_appropriation"})
_CODE = re.compile(r"\d{3}(?:\d{2}){0,2}")
_CODE_PART = re.compile(r"\d{2}")
_TOTAL_LABELS = ("合计", "总计")
_LEVEL_HEADINGS = frozenset(LEVELS.values())
_NUMERIC = re.compile(r"[\d,.\s-]*")
# Digits with anything but Chinese: a figure the conversion damaged, not a column heading.
_FIGURE_LIKE = re.compile(r"(?=.*\d)[^\u3000-\u9fff\uff00-\uffef]+")
# Three to seven characters: digits (two at least) and a letter the conversion mistakes for one ("2O10302").
_MANGLED_CODE = re.compile(r"(?=(?:\D*\d){2})(?=.*[OoIlZSBq])[\dOoIlZSBq]{3,7}", re.ASCII)


@dataclass(frozen=True)
class SubjectLine:
    row: Row
    code: str | None  # None for the 合计 line
    name: str
    first_amount: int  # column index where this line's amounts begin


def parent_of(code: str) -> str | None:
    return code[:-2] if len(code) > 3 else None


def _subject_line(row: Row) -> SubjectLine | None:
    cells = [compact(c) for c in row.cells]
    if not any(cells):
        return None
    # Shanghai's header ends with "类 | 款 | 项" in the 合计 row itself.
    i = next((i for i, c in enumerate(cells) if c and c not in _LEVEL_HEADINGS), None)
    if i is None:
        return None
    if _CODE.fullmatch(cells[i]):
        code = cells[i]
        j = i + 1
        # Some templates split the code over 类 | 款 | 项 columns: "201 | 03 | 02".
        while j < len(cells) and len(code) < 7 and _CODE_PART.fullmatch(cells[j]):
            code += cells[j]
            j += 1
        while j < len(cells) and not cells[j]:
            j += 1
        if j >= len(cells) or _NUMERIC.fullmatch(cells[j]):
            return SubjectLine(row, code, "", j)
        return SubjectLine(row, code, clean(row.cells[j]), j + 1)
    # A header row may also say 合计 ("合计 | 基本支出 | 项目支出"); the real 合计 line has only
    # figures after it — or what was meant as one ("42,59O.81"), which the reader then refuses.
    if cells[i] in _TOTAL_LABELS and all(_NUMERIC.fullmatch(c) or _FIGURE_LIKE.fullmatch(c) for c in cells[i + 1 :]):
        return SubjectLine(row, None, cells[i], i + 1)
    return None


def _mangled_code(row: Row) -> str | None:
    """ "2O10302": a subject code with a letter in it, so the row is not silently lost."""
    first = next((compact(c) for c in row.cells if compact(c)), "")
    return first if _MANGLED_CODE.fullmatch(first) and not _CODE.fullmatch(first) else None


def subject_lines(table: Table) -> list[SubjectLine]:
    """Code rows and the 合计 row, each with the column its amounts start at.

    The 合计 row's label can sit in any column, so it takes the amount column
    that most code rows of its width agree on: a table's fragments may differ
    in width (a page's merged column), each keeping its own amount column.
    """
    lines = [line for row in table.rows if (line := _subject_line(row))]
    coded = Counter(line.first_amount for line in lines if line.code and line.name)
    if not coded:
        return lines
    by_width: dict[int, Counter] = {}
    for line in lines:
        if line.code and line.name:
            by_width.setdefault(len(line.row.cells), Counter())[line.first_amount] += 1
    overall = coded.most_common(1)[0][0]

    def column(line: SubjectLine) -> int:
        same = by_width.get(len(line.row.cells))
        return same.most_common(1)[0][0] if same else overall

    return [
        SubjectLine(line.row, line.code, line.name, column(line)) if line.code is None or not line.name else line
        for line in lines
    ]


def _read(
    tables: Sequence[Table], report_id: str, columns: Sequence[str], labels: Sequence[str], optional: int = 0
) -> tuple[list[tuple[SubjectLine, Table, dict[str, Decimal | None]]], list[TableTotal], list[QualityCheck]]:
    """Every subject line of `tables` with its amounts keyed by `columns`; the last `optional` columns may be
    left off a layout that does not print them."""
    required = len(columns) - optional
    out = []
    totals: list[TableTotal] = []
    findings: list[QualityCheck] = []
    for table in tables:
        reader = CellReader(table, report_id)
        for row in table.rows:
            if (code := _mangled_code(row)) is not None:
                reader.error(
                    row,
                    "unreadable_code",
                    f"科目编码“{code}”不是可确认的编码，此行未载入",
                    f"the subject code “{code}” cannot be read for sure; the row is not loaded.",
                    "科目编码",
                    code,
                )
        for line in subject_lines(table):
            if line.code is None:
                blank = all(not compact(c) for c in line.row.cells[line.first_amount :])
                for k, (column, label) in enumerate(zip(columns, labels, strict=True)):
                    amount = (
                        None
                        if blank
                        else reader.amount(line.row, line.first_amount + k, label, missing_ok=k >= required)
                    )
                    totals.append(TableTotal(report_id, line.name, column, amount, table.source, line.row.line))
                continue
            if not line.name:
                reader.error(
                    line.row,
                    "missing_name",
                    f"科目 {line.code} 没有名称",
                    f"subject {line.code} has no name.",
                    "科目名称",
                    "",
                )
            values = {
                column: reader.amount(line.row, line.first_amount + k, label, missing_ok=k >= required)
                for k, (column, label) in enumerate(zip(columns, labels, strict=True))
            }
            out.append((line, table, values))
        findings.extend(reader.findings)
    return out, totals, findings


def _subject_rows(row_type: type, tables: Sequence[Table], report_id: str, columns: dict[str, str], optional: int = 0):
    """Rows of `row_type` from a functional table whose amount columns are `columns` (attribute → header)."""
    lines, totals, findings = _read(tables, report_id, tuple(columns), tuple(columns.values()), optional)
    stored = {f.name for f in dataclasses.fields(row_type)}
    absent = dict.fromkeys(stored & _AMOUNT_FIELDS - set(columns))  # a column this layout does not print
    rows = [
        row_type(
            report_id=report_id,
            code=line.code,
            level=LEVELS[len(line.code)],
            name=line.name,
            parent_code=parent_of(line.code),
            source_table=table.source,
            source_line=line.row.line,
            **absent,
            **{column: value for column, value in v.items() if column in stored},
        )
        for line, table, v in lines
    ]
    return rows, totals, findings


def parse_spending(tables: Sequence[Table], report_id: str):
    """公开03表 支出决算表 → FunctionRow (total = basic + project)."""
    columns = {
        "total": "本年支出合计",
        "basic": "基本支出",
        "project": "项目支出",
        "paid_to_superior": "上缴上级支出",
        "operating_spending": "经营支出",
        "affiliate_subsidies": "对附属单位补助支出",
    }
    return _subject_rows(FunctionRow, tables, report_id, columns, optional=3)


def parse_income(tables: Sequence[Table], report_id: str):
    """公开02表 收入决算表 → IncomeRow, every income column stored."""
    columns = {
        "total": "本年收入合计",
        "fiscal_appropriation": "财政拨款收入",
        "superior_subsidy": "上级补助收入",
        "business_income": "事业收入",
        "operating_income": "经营收入",
        "affiliates_income": "附属单位上缴收入",
        "other_income": "其他收入",
    }
    return _subject_rows(IncomeRow, tables, report_id, columns)


def parse_gpb_spending(tables: Sequence[Table], report_id: str):
    """公开05表 一般公共预算财政拨款支出决算表 → GpbSpendingRow.

    The national template splits 基本支出 into 人员经费 and 公用经费; some provinces print only
    合计 | 基本支出 | 项目支出, and then the header says so.
    """
    if tables and not any("人员经费" in compact(cell) or "公用经费" in compact(cell) for cell in _header_cells(tables)):
        columns = {"total": "合计", "basic": "基本支出", "project": "项目支出"}
    else:
        columns = {
            "total": "合计",
            "basic": "基本支出小计",
            "personnel": "人员经费",
            "public_costs": "公用经费",
            "project": "项目支出",
        }
    return _subject_rows(GpbSpendingRow, tables, report_id, columns)


def _header_cells(tables: Sequence[Table]) -> list[str]:
    """The cells of the rows above the first subject line of each table."""
    cells: list[str] = []
    for table in tables:
        for row in table.rows:
            if _subject_line(row):
                break
            cells += row.cells
    return cells
