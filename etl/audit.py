"""Every numeric cell of the recognised tables is in the store or named in a finding.

The parts read the columns they know; a figure in a column none of them stores, or damage in a cell
none of them reads (a letter in a 行次, in a subject code of 公开06表), would pass unnoticed. After the
parts and the checks, each cell of each audited table that looks like a figure is looked for among the
values stored from its line and the findings at its line; a cell in neither becomes a finding itself:
an error when it is not a number one can be sure of, a warning when it is one the store does not hold.
The counts go into `reports` (numeric_cells = numeric_stored + numeric_flagged).

Structural numbers carry no money and are accounted for where they stand: the 栏次 row (1, 2, 3 …),
the 行次 column, and the parts of a subject code split over 类 | 款 | 项 columns — each must still read
as what it is, or it is flagged.

The 绩效自评表 cite a project's money by its 项目名称 line, not by the row it stands on, so their cells are
matched by place: etl.parts.performance says which cells it stored — a figure, or a text holding one (an
indicator's "≥3次" is its target_text and target_value) — which it read past, and which rows it skipped
under a finding of its own. A figure there is also a quantity with its unit ("365 天", "≤1436.23 万元").
Those read past (the funding by source but the 年度资金总和 and the 当年财政拨款 执行数; 分值, 得分 and
总分) are named by one `figure_not_stored` warning per project, row by row.
"""

from __future__ import annotations

import dataclasses
import re
from collections import defaultdict
from decimal import Decimal

from etl.checks import finding
from etl.document import Document, Row, Table
from etl.model import TABLES, ParsedReport, QualityCheck
from etl.parts.performance import cells_read
from etl.text import TO_WAN, BadNumber, compact, parse_amount, unreadable

AUDITED = frozenset(
    {"summary", "fiscal_summary", "income", "spending", "gpb_spending", "economic", "three_public", "gov_fund"}
    | {"soe_capital"}
)
# A cell that looks like a figure: a digit in it and no Chinese — "42,590.81", and "42,59O.81" or "2O10302",
# which are figures damaged.
_FIGURE = re.compile(r"(?=.*\d)[^\u3400-\u9fff]+")
_CODE_PART = re.compile(r"\d{2,7}")
_CHINESE = re.compile(r"[\u3400-\u9fff]")
_SMALL_INT = re.compile(r"\d{1,6}")
_UNSTORED = frozenset({"gov_fund", "soe_capital"})  # their figures are named by one finding for the table
# In a 绩效自评表, a quantity as an indicator states it: a comparator, a number and a unit ("≥3次", "365 天").
_COMPARATOR = r"(?:[<>≤≥≦≧=＜＞]=?|=<|=>|大于等于|小于等于|不低于|不少于|不小于|不高于|不超过|不多于|不大于|[大小高低多少]于|超过)"
_UNIT = r"(?:%|‰|[A-Za-z\u3400-\u9fff]{1,4}(?:/[A-Za-z\u3400-\u9fff]{1,3})?)"
_QUANTITY = re.compile(rf"{_COMPARATOR}?-?\d[\d,]*(?:\.\d+)?{_UNIT}?(?:及以上|以上|及以下|以下|以内)?")
# One read for sure: a number as amounts are written, its unit none, %, ‰ or in Chinese ("2O%" and "10G" are not).
_SURE_QUANTITY = re.compile(
    rf"{_COMPARATOR}?-?(?:\d{{1,3}}(?:,\d{{3}})+|\d+)(?:\.\d+)?"
    r"(?:%|‰|[\u3400-\u9fff]{1,4}(?:/[\u3400-\u9fff]{1,3})?)?(?:及以上|以上|及以下|以下|以内)?"
)
_YEAR = re.compile(r"[(（]?(?:19|20)\d{2}年度?[)）]?")  # "（2023年度）" under the title: no figure


@dataclasses.dataclass
class Audit:
    cells: int = 0
    stored: int = 0
    flagged: int = 0
    findings: list[QualityCheck] = dataclasses.field(default_factory=list)


def audit(parsed: ParsedReport, doc: Document) -> Audit:
    stored, codes = _stored_by_line(parsed)
    quoted: dict[int, str] = defaultdict(str)
    for check in parsed.quality_checks:
        if check.source_line is not None:
            quoted[check.source_line] += f"\n{check.message}\n{check.actual or ''}"
    tables_not_loaded = {c.source_table for c in parsed.quality_checks if c.check.endswith("_not_loaded")}
    result = Audit()
    for table in doc.tables:
        if table.kind not in AUDITED:
            continue
        factor = TO_WAN.get(table.unit or "万元", Decimal(1))
        line_no_columns = _line_no_columns(table)
        for row in table.rows:
            numbering = _is_numbering(row)
            for col, cell in enumerate(row.cells):
                text = compact(cell)
                # In a 行次 column whatever is not Chinese is meant as a number ("l" for 1).
                figure_column = col in line_no_columns and not _CHINESE.search(text)
                if not text or not (figure_column or _FIGURE.fullmatch(text)):
                    continue
                result.cells += 1
                if (numbering or col in line_no_columns) and _SMALL_INT.fullmatch(text):
                    result.stored += 1  # a 栏次 or 行次: where a figure stands, not a figure
                elif _held(text, factor, stored[row.line], codes[row.line]):
                    result.stored += 1
                elif (
                    text in quoted[row.line]
                    or cell.strip() in quoted[row.line]
                    or (table.kind in _UNSTORED and table.source in tables_not_loaded)
                ):
                    result.flagged += 1
                else:
                    result.flagged += 1
                    result.findings.append(_unaccounted(parsed.report.report_id, table, row, col, cell, text))
    _audit_perf(parsed, doc, quoted, result)
    return result


def _audit_perf(parsed: ParsedReport, doc: Document, quoted: dict[int, str], result: Audit) -> None:
    """The 绩效自评表, cell by cell at the place the parts say they read it."""
    tables = doc.tables_of("perf")
    if not tables:
        return
    report_id = parsed.report.report_id
    read = cells_read(tables, report_id)
    starts = sorted((p.source_line, p.project_id, p.project_name) for p in parsed.perf_projects)
    # The figures read past, by project.
    unstored: dict[tuple[str, str], list[_ReadPast]] = defaultdict(list)
    for table in tables:
        for row in table.rows:
            for col, cell in enumerate(row.cells):
                text = compact(cell)
                if not text or _YEAR.fullmatch(text) or not (_FIGURE.fullmatch(text) or _QUANTITY.fullmatch(text)):
                    continue
                result.cells += 1
                if (row.line, col) in read.stored:
                    result.stored += 1
                    continue
                result.flagged += 1
                if row.line in read.skipped or text in quoted[row.line] or cell.strip() in quoted[row.line]:
                    continue
                if not _sure(text):
                    result.findings.append(_unread(report_id, table, row, col, cell))
                    continue
                project = next(((pid, name) for line, pid, name in reversed(starts) if line <= row.line), ("", ""))
                subject, heading = read.set_aside.get((row.line, col), (None, None))
                unstored[project].append(_ReadPast(table.source, row.line, col, cell.strip(), subject, heading))
    for (_, name), cells in unstored.items():
        result.findings.append(_perf_not_stored(report_id, name, cells))


def _sure(text: str) -> bool:
    """Whether a 绩效自评表 cell is a figure read for sure: an amount, a rate, a quantity with its unit."""
    try:
        parse_amount(text.removesuffix("%").removesuffix("‰"))
    except BadNumber:
        return bool(_SURE_QUANTITY.fullmatch(text))
    return True


@dataclasses.dataclass(frozen=True)
class _ReadPast:
    source: str
    line: int
    col: int
    cell: str
    subject: str | None  # the row's: 上年结转资金, an indicator's name, 总分
    heading: str | None  # the column's: 年初预算数, 分值


def _perf_not_stored(report_id: str, project: str, cells: list[_ReadPast]) -> QualityCheck:
    """One warning for a project's figures read past, row by row: "第 351 行上年结转资金的年初预算数“0.00”、…"."""
    rows: dict[tuple[int, str | None], list[_ReadPast]] = defaultdict(list)
    for cell in cells:
        rows[(cell.line, cell.subject)].append(cell)
    zh, en = [], []
    for (line, subject), figures in rows.items():
        listed = "、".join(f"{c.heading or f'第 {c.col + 1} 栏'}“{c.cell}”" for c in figures)
        listed_en = ", ".join(f"{c.heading or f'column {c.col + 1}'} “{c.cell}”" for c in figures)
        zh.append(f"第 {line} 行{subject}的{listed}" if subject else f"第 {line} 行{listed}")
        en.append(f"line {line}, {subject}: {listed_en}" if subject else f"line {line}: {listed_en}")
    name, name_en = (f"“{project}”", f"project “{project}”") if project else ("", "before any project")
    return finding(
        report_id,
        "figure_not_stored",
        "info",
        f"{cells[0].source}{name}有 {len(cells)} 个数字本看板没有收录（只收录年度资金总和、当年财政拨款的全年执行数"
        f"和各项绩效指标），请查阅原表：{'；'.join(zh)}",
        f"{name_en}: {len(cells)} figures are not held by this dashboard, which holds the annual total (年度资金总和), "
        f"the 当年财政拨款 executed and the indicators; see the report's table: {'; '.join(en)}.",
        None,
        None,
        cells[0].source,
        cells[0].line,
    )


def _stored_by_line(parsed: ParsedReport) -> tuple[dict[int, set[Decimal]], dict[int, list[str]]]:
    """Every amount stored from each source line, and every code."""
    amounts: dict[int, set[Decimal]] = defaultdict(set)
    codes: dict[int, list[str]] = defaultdict(list)
    for table in TABLES:
        if table in ("reports", "quality_checks"):
            continue
        for row in getattr(parsed, table):
            line = row.source_line
            for field in dataclasses.fields(row):
                value = getattr(row, field.name)
                if isinstance(value, Decimal):
                    amounts[line].add(value.normalize())
                elif field.name in ("code", "parent_code") and value:
                    codes[line].append(value)
                elif field.name == "line_no" and value is not None:
                    amounts[line].add(Decimal(value))
    return amounts, codes


def _held(text: str, factor: Decimal, amounts: set[Decimal], codes: list[str]) -> bool:
    """Whether the store holds the cell's figure (in 万元) or its code from that line."""
    if _CODE_PART.fullmatch(text) and any(text in code for code in codes):
        return True
    try:
        value = parse_amount(text.removesuffix("%"))
    except BadNumber:
        return False
    if value is None:
        return True
    wanted = value / 100 if text.endswith("%") else value * factor
    return wanted.normalize() in amounts


def _line_no_columns(table: Table) -> set[int]:
    return {col for row in table.rows[:6] for col, cell in enumerate(row.cells) if compact(cell) == "行次"}


def _is_numbering(row: Row) -> bool:
    """The 栏次 row under a header: 1, 2, 3 … in order (beside labels such as 栏次 or 类 | 款 | 项)."""
    numbers = [compact(c) for c in row.cells if _SMALL_INT.fullmatch(compact(c))]
    return len(numbers) >= 2 and numbers == [str(n) for n in range(int(numbers[0]), int(numbers[0]) + len(numbers))]


def _unaccounted(report_id: str, table: Table, row: Row, col: int, cell: str, text: str) -> QualityCheck:
    try:
        parse_amount(text.removesuffix("%"))
    except BadNumber:
        return _unread(report_id, table, row, col, cell)
    return finding(
        report_id,
        "figure_not_stored",
        "info",
        f"{table.source}第 {row.line} 行第 {col + 1} 栏的数字“{cell}”本看板没有收录（此栏未读取），请查阅原表",
        f"column {col + 1} holds the figure “{cell}”, which this dashboard does not hold (the column is not "
        "read); see the report's table.",
        None,
        cell,
        table.source,
        row.line,
    )


def _unread(report_id: str, table: Table, row: Row, col: int, cell: str) -> QualityCheck:
    why, why_en = unreadable(cell)
    return finding(
        report_id,
        "unread_figure",
        "error",
        f"{table.source}第 {row.line} 行第 {col + 1} 栏的{why}，未载入",
        f"column {col + 1}: {why_en}; not loaded.",
        "数字",
        cell,
        table.source,
        row.line,
    )
