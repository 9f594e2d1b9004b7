"""What every reader hands on: lines of text and table rows, each with its place in the source.

A reader (`etl/readers/`, one module per file format) turns a file into a
stream of `Line`s and `Row`s in reading order; `etl.template` recognises the
national template's tables in that stream and builds the `Document` that the
parts read. Nothing downstream of a reader knows the file format.

A place is a line number in every format: the file's own line in a text
format, for a PDF the line of its text layer, counted from the first page, and
for a workbook its sheets' rows, counted on from sheet to sheet.
`Document.page_of` maps those lines back to PDF pages and `Document.cell_of`
to sheets and rows, for citations.
"""

from __future__ import annotations

import bisect
import hashlib
import re
from dataclasses import dataclass, field

# A sheet name a formula writes unquoted (公开03表!A12); any other is quoted ('Sheet 1'!A12).
_BARE_SHEET_NAME = re.compile(r"[^\W\d][\w.]*")


class NotAReport(ValueError):
    """The file cannot be read as a 部门决算 report at all."""


@dataclass(frozen=True)
class Row:
    line: int  # 1-based line in the source (see the module's docstring)
    cells: tuple[str, ...]


@dataclass(frozen=True)
class Line:
    number: int
    text: str  # a blank text ends the table before it, as a blank line does in markdown


@dataclass(frozen=True)
class Page:
    """In a paged format's stream, before the page's first line: page `number` starts at `line`."""

    number: int
    line: int


@dataclass(frozen=True)
class Sheet:
    """In a workbook's stream, before a sheet's first row: its spreadsheet row r is line `line + r - 1`.

    `column` is where its rows' first cell is (A unless the sheet leaves its first columns empty).
    """

    name: str
    line: int
    column: str = "A"


@dataclass
class Table:
    kind: str  # a key of etl.template.TABLE_KINDS, or "unknown"
    title: str  # the Chinese title as the report gives it
    label: str | None  # 公开03表 / 表3 / 附表3, when the report numbers it
    unit: str | None  # 万元 / 元, from the 单位 line above it
    rows: list[Row] = field(default_factory=list)

    @property
    def source(self) -> str:
        """How a citation names this table: "公开03表 支出决算表"."""
        return f"{self.label} {self.title}" if self.label else self.title


@dataclass
class Document:
    path: str
    sha256: str
    lines: list[Line]  # non-table, non-blank lines
    tables: list[Table]
    source_format: str = "md"
    # For a PDF, the first line of each page, in page order: line → page by bisection.
    page_starts: list[int] = field(default_factory=list)
    # For a workbook, its sheets in order (hidden ones are not read): line → sheet and row the same way.
    sheets: list[Sheet] = field(default_factory=list)

    def tables_of(self, kind: str) -> list[Table]:
        return [t for t in self.tables if t.kind == kind]

    def page_of(self, line: int | None) -> int | None:
        """The PDF page (1-based) a line is on; None for formats without pages."""
        if line is None or not self.page_starts:
            return None
        return max(1, bisect.bisect_right(self.page_starts, line))

    def sheet_of(self, line: int | None) -> tuple[Sheet, int] | None:
        """The workbook sheet a line is on, and its spreadsheet row (1-based); None for other formats."""
        if line is None or not self.sheets:
            return None
        sheet = self.sheets[max(0, bisect.bisect_right([s.line for s in self.sheets], line) - 1)]
        return sheet, line - sheet.line + 1

    def cell_of(self, line: int | None) -> str | None:
        """The first cell of a workbook's line, as a formula names it: "公开03表!A12"; None for other formats."""
        found = self.sheet_of(line)
        if found is None:
            return None
        sheet, row = found
        name = sheet.name
        if not _BARE_SHEET_NAME.fullmatch(name):
            name = "'" + name.replace("'", "''") + "'"
        return f"{name}!{sheet.column}{row}"


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
