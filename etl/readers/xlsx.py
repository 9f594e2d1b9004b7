"""Excel workbooks (.xlsx), and the rules every spreadsheet format shares (`sheet_items`, `shown`).

Each visible sheet, in workbook order, after a `Sheet` marker: a row holding a
single text outside a table (title, 公开03表, 单位：万元, 部门：…, 注：…) is a
`Line`, a blank row a blank `Line` (it ends the table above it, as a blank
line does in markdown), every other row a `Row`. A sheet's spreadsheet row r
is line `start + r - 1`, so a line names its sheet and row again
(`Document.cell_of`). Hidden sheets, rows and columns are not read: a sheet
keeps its drafts and workings there. A merged range shows its text in its
first cell and leaves the cells it covers blank, as the markdown and PDF
readers do; a formula is read by the value last calculated, and one saved
without it (by a program that writes workbooks without calculating them)
shows its formula, "=SUM(C7:C9)": never a number, so the parts flag the cell
instead of reading it as blank.

Every cell is read as the sheet shows it, by its number format: 468.9 under
`#,##0.00` is "468.90", 0.9977 under `0.00%` is "99.77%". Formats are applied
in Decimal from the float's shortest repr, as Excel rounds: to 15 significant
digits, then halves away from zero.

openpyxl reads the whole workbook (not read_only): its read-only mode reports
neither hidden rows nor merged ranges. The bundled report's workbook of 23
sheets loads in about 0.3 s.
"""

from __future__ import annotations

import datetime as dt
import io
import math
import posixpath
import re
import warnings
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Context, Decimal
from functools import lru_cache

from lxml import etree
from openpyxl import load_workbook
from openpyxl.utils import column_index_from_string, get_column_letter
from openpyxl.utils.cell import coordinate_from_string
from openpyxl.utils.datetime import from_excel

from etl.document import Line, NotAReport, Row, Sheet
from etl.template import title_kind
from etl.text import compact

# A report's sheet runs to a few hundred rows; far more is not a report, and reading it is unbounded work.
MAX_ROWS = 20_000  # per sheet
MAX_CELLS = 400_000  # per sheet: rows × columns of its used range
# What the workbook's parts may unpack to: a zip bomb is refused before openpyxl inflates it.
MAX_UNPACKED_BYTES = 200 * 1024 * 1024

# The lines a template table has above and below it, which end a table when they follow its rows directly.
_CAPTION = re.compile(
    r"^(?:(?:公开|附表|表)\d+|(?:单位|部门|编制单位|金额单位)[:：]|(?:注|说明|备注|附注)\d*[:：.、]|\d+[.、．]本表)"
)
_EXCEL_DIGITS = Context(prec=15, rounding=ROUND_HALF_EVEN)


@dataclass
class SheetRows:
    """One visible sheet as a format's reader hands it over."""

    name: str
    first_column: int  # 1-based: the column of each row's first cell
    last_row: int  # the sheet's last row: the next sheet's lines are numbered from after it
    # (row, the cells' shown texts, whether the row is ruled) for each visible row; ruled matters only for a
    # blank row, and a reader may leave it False for the others
    rows: Iterable[tuple[int, list[str], bool]]


def sheet_items(sheets: Iterable[SheetRows]) -> Iterator[Line | Row | Sheet]:
    """The lines and rows of a workbook's visible sheets."""
    start = 1
    for sheet in sheets:
        yield Sheet(sheet.name, start, get_column_letter(sheet.first_column))
        table: list[Row] = []
        for r, cells, ruled in sheet.rows:
            number = start + r - 1
            filled = [c for c in cells if c]
            # A blank row inside a table's rules is one of its rows (三公 with nothing spent); any other ends it.
            if filled or (table and ruled):
                single = len(filled) == 1 and (not table or _is_caption(filled[0]))
                if not single:
                    table.append(Row(number, tuple(cells)))
                    continue
            yield from _trimmed(table)
            table = []
            yield Line(number, filled[0] if filled else "")
        yield from _trimmed(table)
        start += sheet.last_row


def _is_caption(text: str) -> bool:
    return title_kind(text) is not None or _CAPTION.match(compact(text)) is not None


def _trimmed(table: list[Row]) -> list[Row]:
    """A table's rows without the columns blank in all of them at its right: a sheet holding tables of different
    widths pads the narrower ones."""
    width = max((i + 1 for row in table for i, c in enumerate(row.cells) if c), default=0)
    return [Row(row.line, row.cells[:width]) for row in table]


def read(data: bytes, path: str) -> Iterator[Line | Row | Sheet]:
    """The workbook's lines and rows; NotAReport for a file that is not a readable, bounded workbook."""
    uncalculated = _uncalculated(_check_archive(data, path))
    try:
        with warnings.catch_warnings():  # openpyxl warns of every extension it does not read (data validation…)
            warnings.simplefilter("ignore")
            book = load_workbook(io.BytesIO(data), data_only=True, keep_links=False)
    except Exception as err:  # openpyxl raises whatever its XML, zip or style parsing met: all mean a broken file
        raise NotAReport(f"{path}: XLSX 文件已损坏，无法打开（{type(err).__name__}: {_one_line(err)}）") from None
    sheets = [ws for ws in book.worksheets if ws.sheet_state == "visible"]
    if not any(ws.max_row > 1 or ws.max_column > 1 or ws.cell(1, 1).value is not None for ws in sheets):
        raise NotAReport(f"{path}: 工作簿是空的（没有任何可见的工作表内容），不像一份部门决算报告")
    return sheet_items(_sheet_rows(ws, path, uncalculated.get(ws.title, {})) for ws in sheets)


def _check_archive(data: bytes, path: str) -> zipfile.ZipFile:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError) as err:
        raise NotAReport(f"{path}: XLSX 文件已损坏或不完整，无法打开（{_one_line(err)}）") from None
    if not any(m.filename.startswith("xl/") for m in members):
        raise NotAReport(f"{path}: 这个 zip 文件不是 Excel 工作簿（没有 xl/ 部分），无法读取")
    unpacked = sum(m.file_size for m in members)
    if unpacked > MAX_UNPACKED_BYTES:
        biggest = max(members, key=lambda m: m.file_size)
        raise NotAReport(
            f"{path}: XLSX 解压后有 {unpacked / 1024 / 1024:.0f} MB（{biggest.filename} 一项就有 "
            f"{biggest.file_size / 1024 / 1024:.0f} MB），超过上限 {MAX_UNPACKED_BYTES // 1024 // 1024} MB，未读取"
        )
    return archive


_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_PACKAGE_RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_REL_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"


def _uncalculated(archive: zipfile.ZipFile) -> dict[str, dict[tuple[int, int], str]]:
    """Each sheet's formula cells saved without a calculated value, (row, column) → "=SUM(C7:C9)".

    openpyxl's data_only reads such a cell as blank, and a blank amount is a figure silently lost; reading the
    sheet's XML for them costs a fraction of loading the workbook a second time with its formulas.
    """
    try:
        book = etree.fromstring(archive.read("xl/workbook.xml"))
        rels = etree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    except (KeyError, etree.XMLSyntaxError):
        return {}  # openpyxl says what is wrong with the workbook
    targets = {rel.get("Id"): rel.get("Target", "") for rel in rels.iter(f"{_PACKAGE_RELS}Relationship")}
    found: dict[str, dict[tuple[int, int], str]] = {}
    for sheet in book.iter(f"{_MAIN}sheet"):
        target = targets.get(sheet.get(_REL_ID), "")
        member = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))
        try:
            cells = etree.iterparse(archive.open(member), tag=f"{_MAIN}c", huge_tree=False)
            pending = {}
            for _, cell in cells:
                formula, value = cell.find(f"{_MAIN}f"), cell.find(f"{_MAIN}v")
                if formula is not None and (value is None or not value.text) and cell.get("r"):
                    letters, row = coordinate_from_string(cell.get("r"))
                    pending[row, column_index_from_string(letters)] = f"={formula.text or '（公式）'}"
                cell.clear()
        except (KeyError, ValueError, etree.XMLSyntaxError):
            continue
        if pending:
            found[sheet.get("name")] = pending
    return found


def check_size(path: str, sheet: str, rows: int, columns: int) -> None:
    """NotAReport when a sheet is beyond what a report's sheet can be (shared with the .xls reader)."""
    if rows > MAX_ROWS or rows * columns > MAX_CELLS:
        raise NotAReport(
            f"{path}: 工作表“{sheet}”有 {rows} 行 × {columns} 列，超过上限（{MAX_ROWS} 行、{MAX_CELLS} 个单元格），"
            "不像一份部门决算报告，未读取"
        )


def _sheet_rows(ws, path: str, uncalculated: dict[tuple[int, int], str]) -> SheetRows:
    check_size(path, ws.title, ws.max_row, ws.max_column)
    hidden = {r for r, dim in ws.row_dimensions.items() if dim.hidden}
    hidden_columns = {c for dim in ws.column_dimensions.values() if dim.hidden for c in range(dim.min, dim.max + 1)}
    columns = [c for c in range(ws.min_column, ws.max_column + 1) if c not in hidden_columns] or [ws.min_column]
    first, last = columns[0], columns[-1]

    def rows() -> Iterator[tuple[int, list[str], bool]]:
        for r, cells in enumerate(ws.iter_rows(min_row=1, min_col=first, max_col=last), start=1):
            if r in hidden:
                continue
            cells = [c for c in cells if c.column not in hidden_columns]
            texts = [
                shown(c.value, c.number_format) if c.value is not None else uncalculated.get((r, c.column), "")
                for c in cells
            ]
            ruled = not any(texts) and any(c.has_style and _ruled(c.border) for c in cells)
            yield r, texts, ruled

    return SheetRows(ws.title, first, ws.max_row, rows())


def _ruled(border) -> bool:
    return any(side is not None and side.style for side in (border.left, border.right, border.top, border.bottom))


def _one_line(err: Exception) -> str:
    return " ".join(str(err).split())[:200]


# ---------------------------------------------------------------- what a cell shows


def shown(value: object, number_format: str | None) -> str:
    """The text a cell shows: its value under its number format."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int | float):
        return format_number(value, number_format or "General")
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return format_date(value, number_format or "")
    return str(value).strip()  # a timedelta ([h]:mm) and whatever else a reader may hand over


def format_number(value: int | float, number_format: str) -> str:
    if not math.isfinite(value):
        return ""
    # Excel keeps 15 significant digits; the float's repr holds them exactly, its binary value does not.
    number = _EXCEL_DIGITS.plus(Decimal(repr(value)))
    sections = _sections(number_format)
    if len(sections) == 1 or number > 0 or (number == 0 and len(sections) == 2):
        section, signed = sections[0], True
    elif number < 0:
        section, signed = sections[1], False  # a negative section writes its own sign, or brackets
    else:
        section, signed = sections[2], True
    if section.date:  # a serial day number the reader did not take for a date
        return format_date(from_excel(value), number_format) if 0 <= value < 2958466 else _general(number)
    if section.general:
        text = _general(abs(number) if not signed else number)
    elif section.digits is None:
        return section.before.strip()  # a section of text alone: "-" for zero, say
    else:
        text = _digits(abs(number) * Decimal(10) ** section.scale, section)
        if signed and number < 0 and text.strip("0.,"):
            text = "-" + text
    return f"{section.before}{text}{section.after}".strip()


def _general(number: Decimal) -> str:
    if number == number.to_integral_value():
        return str(int(number))
    return format(number.normalize(), "f")


@dataclass(frozen=True)
class _Section:
    before: str = ""  # literal text before the number
    after: str = ""
    digits: str | None = None  # the placeholders: "#,##0.00"; None for a section of text alone
    scale: int = 0  # powers of ten: 2 for each %, -3 for each comma closing the placeholders
    general: bool = False
    date: bool = False


_SECTION_TOKEN = re.compile(r'"[^"]*"?|\\.|_.|\*.|\[[^\]]*\]?|[0#?][0#?,.]*|\.[0#?][0#?,.]*|.', re.DOTALL)
_DATE_CODES = re.compile(r"[ymdhs]", re.IGNORECASE)


@lru_cache(maxsize=512)
def _sections(number_format: str) -> tuple[_Section, ...]:
    """A number format's sections (positive; negative; zero), each parsed; text sections dropped."""
    parts = [_section(part) for part in _split_sections(number_format)[:3]]
    return tuple(parts) or (_Section(general=True),)


def _split_sections(number_format: str) -> list[str]:
    parts, current = [], []
    for token in _SECTION_TOKEN.findall(number_format):
        if token == ";":
            parts.append("".join(current))
            current = []
        else:
            current.append(token)
    parts.append("".join(current))
    return parts


def _section(code: str) -> _Section:
    if "general" in code.lower():
        before, _, after = re.split("(general)", code, maxsplit=1, flags=re.IGNORECASE)
        return _Section(_text(before), _text(after), general=True)
    before: list[str] = []
    after: list[str] = []
    digits = None
    scale = 0
    for token in _SECTION_TOKEN.findall(code):
        if token[0] in "0#?" or (token[0] == "." and len(token) > 1):
            if digits is not None:  # fractions, exponents: beyond what a report uses
                return _Section(general=True)
            body = token.rstrip(",")
            scale -= 3 * (len(token) - len(body))
            digits = body
            continue
        if token == "%":
            scale += 2
        elif token == "@":
            return _Section(general=True)
        elif token[0] not in '"\\[_*' and _DATE_CODES.match(token):
            return _Section(date=True)
        (before if digits is None else after).append(_literal(token))
    return _Section("".join(before), "".join(after), digits, scale)


def _literal(token: str) -> str:
    if token.startswith('"'):
        return token.strip('"')
    if token.startswith("\\"):
        return token[1:]
    if token.startswith(("_", "*")):  # padding to a character's width, fill: neither shows as text
        return ""
    if token.startswith("["):  # [Red], [>100], or a currency [$¥-804] which shows its symbol
        return token[2:].split("-")[0].rstrip("]") if token.startswith("[$") else ""
    return token


def _text(code: str) -> str:
    return "".join(_literal(t) for t in _SECTION_TOKEN.findall(code))


def _digits(number: Decimal, section: _Section) -> str:
    """`number` (not negative) as the placeholders show it: "#,##0.00" of 1436.2 is "1,436.20"."""
    pattern = section.digits or "0"
    whole, point, fraction = pattern.partition(".")
    places = sum(ch in "0#?" for ch in fraction)
    least = len(fraction.rstrip("#?").replace(",", "")) if "0" in fraction else 0
    rounded = number.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    integer, _, decimals = f"{rounded:f}".partition(".")
    decimals = decimals[:places]
    while len(decimals) > least and decimals.endswith("0"):
        decimals = decimals[:-1]
    shown_zeros = whole.count("0")
    if integer == "0" and shown_zeros == 0:
        integer = ""
    integer = integer.rjust(shown_zeros, "0")
    if "," in whole and integer:
        integer = f"{int(integer):,}".rjust(shown_zeros, "0")
    return integer + (point + decimals if point else "")


_DATE_TOKEN = re.compile(
    r'"[^"]*"?|\\.|_.|\*.|\[[^\]]*\]?|yyyy|yy|mmmmm|mmmm|mmm|mm|m|dddd|ddd|dd|d|hh|h|ss|s|am/pm|a/p|.',
    re.IGNORECASE | re.DOTALL,
)
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def format_date(value: dt.date | dt.time, number_format: str) -> str:
    """A date or time as its format shows it ("yyyy年m月d日" → "2023年12月31日"); ISO where the format has no
    date codes."""
    code = _split_sections(number_format)[0]
    tokens = _DATE_TOKEN.findall(code)
    if not any(t[0] not in '"\\[_*' and _DATE_CODES.match(t) for t in tokens):
        return value.isoformat()
    if isinstance(value, dt.time):
        value = dt.datetime.combine(dt.date(1899, 12, 31), value)
    elif not isinstance(value, dt.datetime):
        value = dt.datetime.combine(value, dt.time())
    out: list[str] = []
    after_hours = False
    for i, token in enumerate(tokens):
        low = token.lower()
        if low in ("yyyy", "yy"):
            out.append(f"{value.year:04d}" if low == "yyyy" else f"{value.year % 100:02d}")
        elif low in ("m", "mm"):
            minutes = after_hours or any(t.lower() in ("s", "ss") for t in tokens[i + 1 : i + 3])
            number = value.minute if minutes else value.month
            out.append(f"{number:02d}" if low == "mm" else str(number))
        elif low in ("mmm", "mmmm", "mmmmm"):
            out.append(_MONTHS[value.month - 1])
        elif low in ("d", "dd"):
            out.append(f"{value.day:02d}" if low == "dd" else str(value.day))
        elif low in ("h", "hh"):
            out.append(f"{value.hour:02d}" if low == "hh" else str(value.hour))
        elif low in ("s", "ss"):
            out.append(f"{value.second:02d}" if low == "ss" else str(value.second))
        elif low in ("am/pm", "a/p", "ddd", "dddd"):
            continue
        else:
            out.append(_literal(token))
        after_hours = low in ("h", "hh") or (after_hours and low not in ("m", "mm") and not low.isalpha())
    return "".join(out).strip()
