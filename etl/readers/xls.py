"""Excel 97–2003 workbooks (.xls): the same rules as .xlsx (`etl.readers.xlsx.sheet_items`), read by xlrd.

xlrd 2 reads .xls alone, which is what it is here for; `formatting_info` gives the
merged ranges, hidden rows and columns, and every cell's number format. A formula is stored
with the value last calculated, which is what xlrd reads.
"""

from __future__ import annotations

from collections.abc import Iterator

import xlrd

from etl.document import Line, NotAReport, Row, Sheet
from etl.readers.xlsx import SheetRows, check_size, format_date, format_number, sheet_items, shown

OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def read(data: bytes, path: str) -> Iterator[Line | Row | Sheet]:
    """The workbook's lines and rows; NotAReport for a file that is not a readable, bounded .xls workbook."""
    if not data.startswith(OLE_SIGNATURE):
        raise NotAReport(f"{path}: 不是 Excel 97–2003 工作簿（.xls 文件应以 OLE 复合文档的标志开头），无法读取")
    try:
        book = xlrd.open_workbook(file_contents=data, formatting_info=True, logfile=_Quiet())
    except Exception as err:  # xlrd raises XLRDError, CompDocError, struct and index errors alike on broken files
        message = " ".join(str(err).split())[:200]
        raise NotAReport(f"{path}: XLS 文件已损坏，无法打开（{type(err).__name__}: {message}）") from None
    sheets = [i for i in range(book.nsheets) if book.sheet_by_index(i).visibility == 0]
    if not any(book.sheet_by_index(i).nrows for i in sheets):
        raise NotAReport(f"{path}: 工作簿是空的（没有任何可见的工作表内容），不像一份部门决算报告")
    return sheet_items(_sheet_rows(book, book.sheet_by_index(i), path) for i in sheets)


class _Quiet:
    """xlrd writes its warnings about odd records to a log file; a reader has no use for them."""

    def write(self, text: str) -> None:
        pass


def _sheet_rows(book, sheet, path: str) -> SheetRows:
    check_size(path, sheet.name, sheet.nrows, sheet.ncols)
    covered = {
        (r, c)
        for top, bottom, left, right in sheet.merged_cells
        for r in range(top, min(bottom, sheet.nrows))
        for c in range(left, min(right, sheet.ncols))
        if (r, c) != (top, left)
    }
    hidden = {c for c, info in sheet.colinfo_map.items() if info.hidden}
    used = [
        c
        for c in range(sheet.ncols)
        if c not in hidden and any(sheet.cell_type(r, c) != xlrd.XL_CELL_EMPTY for r in range(sheet.nrows))
    ]
    first = used[0] if used else 0
    columns = [c for c in range(first, sheet.ncols) if c not in hidden]

    def rows() -> Iterator[tuple[int, list[str], bool]]:
        for r in range(sheet.nrows):
            info = sheet.rowinfo_map.get(r)
            if info is not None and info.hidden:
                continue
            cells = [sheet.cell(r, c) for c in columns]
            texts = ["" if (r, c) in covered else _shown(book, cell) for c, cell in zip(columns, cells, strict=True)]
            ruled = not any(texts) and any(_ruled(book.xf_list[cell.xf_index].border) for cell in cells)
            yield r + 1, texts, ruled

    return SheetRows(sheet.name, first + 1, sheet.nrows, rows())


def _shown(book, cell) -> str:
    kind = cell.ctype
    if kind in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
        return ""
    if kind == xlrd.XL_CELL_TEXT:
        return shown(cell.value, None)
    if kind == xlrd.XL_CELL_BOOLEAN:
        return "TRUE" if cell.value else "FALSE"
    if kind == xlrd.XL_CELL_ERROR:
        return xlrd.error_text_from_code.get(cell.value, "#VALUE!")
    fmt = book.format_map.get(book.xf_list[cell.xf_index].format_key)
    code = fmt.format_str if fmt is not None else "General"
    if kind == xlrd.XL_CELL_DATE:
        try:
            return format_date(xlrd.xldate.xldate_as_datetime(cell.value, book.datemode), code)
        except (xlrd.xldate.XLDateError, OverflowError, ValueError):
            return format_number(cell.value, "General")
    return format_number(cell.value, code)


def _ruled(border) -> bool:
    return bool(border.top_line_style or border.bottom_line_style or border.left_line_style or border.right_line_style)
