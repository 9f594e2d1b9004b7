"""What every reader hands on: lines of text and table rows, each with its place in the source.

A reader (`etl/readers/`, one module per file format) turns a file into a
stream of `Line`s and `Row`s in reading order; `etl.template` recognises the
national template's tables in that stream and builds the `Document` that the
parts read. Nothing downstream of a reader knows the file format.

A place is a line number in every format: the file's own line in a text
format, and for a PDF the line of its text layer, counted from the first page.
`Document.pages` maps those lines back to PDF pages for citations.
"""

from __future__ import annotations

import bisect
import hashlib
from dataclasses import dataclass, field


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

    def tables_of(self, kind: str) -> list[Table]:
        return [t for t in self.tables if t.kind == kind]

    def page_of(self, line: int | None) -> int | None:
        """The PDF page (1-based) a line is on; None for formats without pages."""
        if line is None or not self.page_starts:
            return None
        return max(1, bisect.bisect_right(self.page_starts, line))


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
