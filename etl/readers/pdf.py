"""PDF reports as departments export them (Word, WPS, Excel, ONLYOFFICE, a browser's print).

pypdfium2 (Apache-2.0/BSD) gives every character with its box and every
drawn path; tables are found from their ruling lines here rather than by
pdfplumber's table finder, which ran at 8–12 pages a second against pdfium's
200–750 for the characters alone (BENCHMARKS.md).

On each page: horizontal and vertical rules that touch make one grid; a
character belongs to the grid cell its centre falls in; where no rule
separates two cells of a row they are one merged cell, its text in its first
column and the columns it covers left blank, as the markdown form has them.
A cell's lines are joined (a wrapped 科目名称, "1,436.\\n23"). A line of text
just above or below a grid whose words keep to its columns is a row whose
rules were not drawn (a table cut by a page break). Text outside the grids
becomes lines, grouped by baseline; a narrative line that runs to the right
margin goes on in the next unindented line, so each paragraph is one `Line`
again, across a page break too. Page numbers and running headers are dropped.

The text layer's lines are numbered through the document (`Row.line`,
`Line.number`); a `Page` item says where each page starts.
"""

from __future__ import annotations

import bisect
import ctypes
import os
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from functools import partial
from operator import attrgetter

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from etl.document import Line, NotAReport, Page, Row

# Reports run to a few dozen pages, the longest a few hundred: a longer PDF is refused unread. A setting:
# OPENJUESUAN_MAX_PDF_PAGES (read once, at import; worker processes inherit it).
MAX_PAGES = int(os.environ.get("OPENJUESUAN_MAX_PDF_PAGES") or 500)
# A report page holds a few thousand characters and rules; far more is not a report page, and
# reading it would be unbounded work and memory.
MAX_CHARS_PER_PAGE = 60_000
MAX_PATH_SEGMENTS_PER_PAGE = 60_000

RULE_WIDTH = 2.5  # a path thinner than this (points) is a rule, not a shape
SNAP = 2.0  # rules and boundaries this close are one
FRAGMENT = 6  # characters at most of a cell's text that a page break carried over
# Short labels that start a row of the template's tables, never the rest of the row above.
_ROW_LABELS = frozenset({"合计", "总计", "小计", "栏次", "其中", "项目", "类", "款", "项"})
MARGIN_ZONE = 0.075  # running headers, footers and page numbers live in this share of the page's height
_PAGE_NUMBER = re.compile(r"^[-—–－\s]*(?:第\s*)?\d{1,4}(?:\s*页)?(?:\s*[/／]\s*(?:共\s*)?\d{1,4}\s*页?)?[-—–－\s]*$")
_AMOUNT = re.compile(r"-?(?:\d+|\d{1,3}(?:,\d{3})+)(?:\.\d+)?%?")
_LATIN = re.compile(r"[A-Za-z]")
_VALUE = re.compile(r"^[<>≤≥=＜＞≦≧]*\s*-?\d")
_BLANK = frozenset({0xFFFE, 0xFFFF, 0x3000, 0xA0, 0x2002, 0x2003, 0x200B})
_NUMBERED = re.compile(
    r"^(?:第[一二三四五六七八九十]+部分|[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[）)]|\d+[、.．](?!\d))"
)
_DIGITS = re.compile(r"\d+")


@dataclass(slots=True)
class Char:
    text: str
    x0: float
    x1: float
    top: float  # measured down from the top of the page, as a reader looks at it
    bottom: float
    size: float
    cy: float = 0.0  # the middle of its height, which lines are grouped by

    def __post_init__(self) -> None:
        self.cy = (self.top + self.bottom) / 2


@dataclass(slots=True)
class TextLine:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    page: int
    page_size: tuple[float, float]  # as displayed: width, height
    chars: list[Char]


def _text_line(chars: list[Char], page: int, page_size: tuple[float, float]) -> TextLine:
    chars = sorted(chars, key=lambda c: c.x0)
    return TextLine(
        _join(chars),
        min(c.x0 for c in chars),
        max(c.x1 for c in chars),
        min(c.top for c in chars),
        max(c.bottom for c in chars),
        max(c.size for c in chars),
        page,
        page_size,
        chars,
    )


@dataclass
class Grid:
    xs: list[float]  # column boundaries, left to right
    ys: list[float]  # row boundaries, top to bottom
    verticals: list[tuple[float, float, float]]  # (x, top, bottom) of each vertical rule
    page: int
    ruled: list[float]  # the row boundaries drawn as rules (the others end a table cut by a page, or a line taken in)
    chars: list[Char] = field(default_factory=list)
    rows: list[tuple[str, ...]] = field(default_factory=list)

    @property
    def top(self) -> float:
        return self.ys[0]

    def holds(self, c: Char) -> bool:
        x = (c.x0 + c.x1) / 2
        return self.xs[0] - SNAP <= x <= self.xs[-1] + SNAP and self.ys[0] - SNAP <= c.cy <= self.ys[-1] + SNAP


def read(data: bytes, path: str) -> Iterator[Line | Row | Page]:
    """The document's lines and rows; NotAReport for a PDF that cannot be read as text."""
    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as err:
        raise NotAReport(f"{path}: {_open_error(err, data)}") from None
    try:
        count = len(pdf)
        if count == 0:
            raise NotAReport(f"{path}: PDF 没有任何页面，无法读取")
        if count > MAX_PAGES:
            raise NotAReport(f"{path}: PDF 有 {count} 页，超过上限 {MAX_PAGES} 页，不像一份部门决算报告，未读取")
        pages = [_read_page(pdf, i, path) for i in range(count)]
    finally:
        pdf.close()
    if not any(pages):
        raise NotAReport(
            f"{path}: 这份 PDF 没有文字层（是扫描件或图片），暂不支持读取扫描件；请使用部门公开的文字版 PDF、表格或网页"
        )
    blocks = _across_pages(_without_furniture(pages))
    yield from _numbered(_paragraphs(blocks), len(pages))


def _open_error(err: Exception, data: bytes) -> str:
    # PDFium refuses a document whose page tree is empty without setting an error of its own, so its message
    # is whatever the last failure was (another file's wrong password): look at the page tree first.
    head = data[:65536]
    if re.search(rb"/Type\s*/Pages\b[^>]*/Count\s+0\b", head) or re.search(rb"/Count\s+0\b[^>]*/Type\s*/Pages\b", head):
        return "PDF 没有任何页面，无法读取"
    if "password" in str(err).lower():
        return "PDF 设有密码保护，无法读取；请使用未加密的文件"
    return f"PDF 文件已损坏或不完整，无法打开（{err}）"


# --- one page ----------------------------------------------------------------------------------------------


def _read_page(pdf: pdfium.PdfDocument, index: int, path: str) -> list[TextLine | Grid]:
    page = pdf[index]
    try:
        width, height = page.get_size()
        turn = _turn(page.get_rotation(), *_unrotated_size(page, width, height))
        textpage = page.get_textpage()
        try:
            chars = _chars(textpage, turn, path, index + 1)
        finally:
            textpage.close()
        horizontal, vertical = _rules(page, turn, path, index + 1)
    finally:
        page.close()
    if not chars:
        return []
    grids = [g for g in _grids(horizontal, vertical, index + 1) if len(g.xs) >= 3]
    loose = []
    for c in chars:
        grid = next((g for g in grids if g.holds(c)), None)
        (grid.chars if grid else loose).append(c)
    lines = _lines(loose, index + 1, (width, height))
    for grid in grids:
        lines = _absorb_unruled_rows(grid, lines)
        grid.rows = _grid_rows(grid)
    blocks: list[TextLine | Grid] = [*lines, *(g for g in grids if g.rows)]
    blocks.sort(key=lambda b: b.top)
    return blocks


def _unrotated_size(page: pdfium.PdfPage, width: float, height: float) -> tuple[float, float]:
    # get_size() is the displayed size; characters and paths come in the unrotated page's space.
    return (height, width) if page.get_rotation() in (90, 270) else (width, height)


def _turn(rotation: int, width: float, height: float):
    """(x, y) of the unrotated PDF space (origin bottom left) → (x, y) as displayed (origin top left)."""
    if rotation == 90:
        return lambda x, y: (y, x)
    if rotation == 180:
        return lambda x, y: (width - x, y)
    if rotation == 270:
        return lambda x, y: (height - y, width - x)
    return lambda x, y: (x, height - y)


def _chars(textpage: pdfium.PdfTextPage, turn, path: str, page_no: int) -> list[Char]:
    handle = textpage.raw
    count = pdfium_c.FPDFText_CountChars(handle)
    if count > MAX_CHARS_PER_PAGE:
        raise NotAReport(f"{path}: 第 {page_no} 页有 {count:,} 个字符，远超一页报告的字数，未读取")
    rect = pdfium_c.FS_RECTF()
    out: list[Char] = []
    last = None
    # The page's text in one call, a character per index, where no character needs two UTF-16 units; the
    # boxes still take a call each.
    text = textpage.get_text_range(0, count) if count else ""
    codes = (
        [ord(t) for t in text]
        if len(text) == count
        else [pdfium_c.FPDFText_GetUnicode(handle, i) for i in range(count)]
    )
    box = pdfium_c.FPDFText_GetLooseCharBox
    font_size = pdfium_c.FPDFText_GetFontSize
    for i, code in enumerate(codes):
        # Generated characters (the line ends pdfium adds) are spaces and breaks: skipped with them.
        if code <= 32 or code in _BLANK:
            continue
        box(handle, i, ctypes.byref(rect))
        xa, ya = turn(rect.left, rect.top)
        xb, yb = turn(rect.right, rect.bottom)
        size = font_size(handle, i) or abs(yb - ya)
        char = Char(chr(code), min(xa, xb), max(xa, xb), min(ya, yb), max(ya, yb), max(size, 1.0))
        # Word and WPS draw bold type twice, a hair apart: one character.
        if last and last.text == char.text and abs(last.x0 - char.x0) < 1 and abs(last.top - char.top) < 1:
            continue
        out.append(char)
        last = char
    return out


Matrix = tuple[float, float, float, float, float, float]
_IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
FORM_DEPTH = 3  # form XObjects nested deeper than this are not searched for rules


def _apply(m: Matrix, x: float, y: float) -> tuple[float, float]:
    return m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]


def _then(inner: Matrix, outer: Matrix) -> Matrix:
    """The matrix that applies `inner`, then `outer`."""
    a, b, c, d, e, f = inner
    return (
        a * outer[0] + b * outer[2],
        a * outer[1] + b * outer[3],
        c * outer[0] + d * outer[2],
        c * outer[1] + d * outer[3],
        e * outer[0] + f * outer[2] + outer[4],
        e * outer[1] + f * outer[3] + outer[5],
    )


def _matrix_of(obj) -> Matrix:
    m = pdfium_c.FS_MATRIX()
    pdfium_c.FPDFPageObj_GetMatrix(obj, ctypes.byref(m))
    return (m.a, m.b, m.c, m.d, m.e, m.f)


def _paths(count, get, outer: Matrix, depth: int = 0):
    """(path object, the matrix from its parent's space to the page's) of every path, forms searched too.

    pdfium's raw calls, not pypdfium2's object wrappers: those cost more than reading the rules themselves.
    """
    for i in range(count()):
        obj = get(i)
        kind = pdfium_c.FPDFPageObj_GetType(obj)
        if kind == pdfium_c.FPDF_PAGEOBJ_PATH:
            yield obj, outer
        elif kind == pdfium_c.FPDF_PAGEOBJ_FORM and depth < FORM_DEPTH:
            inner = _then(_matrix_of(obj), outer)
            yield from _paths(
                partial(pdfium_c.FPDFFormObj_CountObjects, obj),
                partial(pdfium_c.FPDFFormObj_GetObject, obj),
                inner,
                depth + 1,
            )


def _rules(page: pdfium.PdfPage, turn, path: str, page_no: int):
    """Horizontal (y, x0, x1) and vertical (x, top, bottom) rules, from every straight edge of every path."""
    horizontal: list[tuple[float, float, float]] = []
    vertical: list[tuple[float, float, float]] = []
    budget = MAX_PATH_SEGMENTS_PER_PAGE
    x, y = ctypes.c_float(), ctypes.c_float()
    fill, stroke = ctypes.c_int(), ctypes.c_int()
    left, bottom, right, top = ctypes.c_float(), ctypes.c_float(), ctypes.c_float(), ctypes.c_float()
    handle = page.raw
    objects = _paths(
        partial(pdfium_c.FPDFPage_CountObjects, handle), partial(pdfium_c.FPDFPage_GetObject, handle), _IDENTITY
    )
    for obj, outer in objects:
        budget -= 1
        if budget < 0:
            raise NotAReport(f"{path}: 第 {page_no} 页的图形过于复杂（超过 {MAX_PATH_SEGMENTS_PER_PAGE:,} 段），未读取")
        pdfium_c.FPDFPageObj_GetBounds(obj, *(ctypes.byref(v) for v in (left, bottom, right, top)))
        # Bounds are in the parent's space: a form's contents go through the form's matrix to the page.
        (xa, ya), (xb, yb) = _apply(outer, left.value, bottom.value), _apply(outer, right.value, top.value)
        x0, x1, y0, y1 = min(xa, xb), max(xa, xb), min(ya, yb), max(ya, yb)
        if x1 - x0 < RULE_WIDTH and y1 - y0 < RULE_WIDTH:  # a dot
            continue
        pdfium_c.FPDFPath_GetDrawMode(obj, ctypes.byref(fill), ctypes.byref(stroke))
        if not fill.value and not stroke.value:  # drawn with neither: invisible
            continue
        if x1 - x0 < RULE_WIDTH or y1 - y0 < RULE_WIDTH:  # a thin line or a thin filled box: one rule
            _add_edge(turn, (x0 + x1) / 2, y0, (x0 + x1) / 2, y1, horizontal, vertical)
            _add_edge(turn, x0, (y0 + y1) / 2, x1, (y0 + y1) / 2, horizontal, vertical)
            continue
        segments = pdfium_c.FPDFPath_CountSegments(obj)
        budget -= segments
        if budget < 0:
            raise NotAReport(f"{path}: 第 {page_no} 页的图形过于复杂（超过 {MAX_PATH_SEGMENTS_PER_PAGE:,} 段），未读取")
        matrix = _then(_matrix_of(obj), outer)
        start = previous = None
        for k in range(segments):
            segment = pdfium_c.FPDFPath_GetPathSegment(obj, k)
            pdfium_c.FPDFPathSegment_GetPoint(segment, ctypes.byref(x), ctypes.byref(y))
            point = _apply(matrix, x.value, y.value)
            kind = pdfium_c.FPDFPathSegment_GetType(segment)
            if kind == pdfium_c.FPDF_SEGMENT_LINETO and previous is not None:
                _add_edge(turn, *previous, *point, horizontal, vertical)
            if kind == pdfium_c.FPDF_SEGMENT_MOVETO:
                start = point
            previous = point
            if pdfium_c.FPDFPathSegment_GetClose(segment) and start is not None:
                _add_edge(turn, *point, *start, horizontal, vertical)
    return horizontal, vertical


def _add_edge(turn, xa: float, ya: float, xb: float, yb: float, horizontal: list, vertical: list) -> None:
    xa, ya = turn(xa, ya)
    xb, yb = turn(xb, yb)
    if abs(ya - yb) < 0.5 and abs(xa - xb) > RULE_WIDTH:
        horizontal.append(((ya + yb) / 2, min(xa, xb), max(xa, xb)))
    elif abs(xa - xb) < 0.5 and abs(ya - yb) > RULE_WIDTH:
        vertical.append(((xa + xb) / 2, min(ya, yb), max(ya, yb)))


def _merged(rules: list[tuple[float, float, float]]) -> list[tuple[float, float, float]]:
    """Rules on one line (within SNAP) whose spans touch, as one rule each."""
    out: list[list[float]] = []
    for at, lo, hi in sorted(rules):
        for rule in reversed(out[-8:]):
            if abs(rule[0] - at) <= SNAP and lo <= rule[2] + SNAP and hi >= rule[1] - SNAP:
                rule[1], rule[2] = min(rule[1], lo), max(rule[2], hi)
                break
        else:
            out.append([at, lo, hi])
    return [(a, b, c) for a, b, c in out]


def _snapped(values: list[float]) -> list[float]:
    out: list[float] = []
    for v in sorted(values):
        if not out or v - out[-1] > SNAP:
            out.append(v)
    return out


def _grids(horizontal, vertical, page_no: int) -> list[Grid]:
    """Rules that touch one another, each connected set as one grid."""
    h, v = _merged(horizontal), _merged(vertical)
    parent = list(range(len(h) + len(v)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, (y, x0, x1) in enumerate(h):
        for j, (x, top, bottom) in enumerate(v):
            if x0 - SNAP <= x <= x1 + SNAP and top - SNAP <= y <= bottom + SNAP:
                parent[root(i)] = root(len(h) + j)
    groups: dict[int, tuple[list, list]] = {}
    for i, rule in enumerate(h):
        groups.setdefault(root(i), ([], []))[0].append(rule)
    for j, rule in enumerate(v):
        groups.setdefault(root(len(h) + j), ([], []))[1].append(rule)
    grids = []
    for hs, vs in groups.values():
        if not vs or not hs:
            continue
        xs = _snapped([x for x, _, _ in vs])
        ys = _snapped([y for y, _, _ in hs] + [min(t for _, t, _ in vs), max(b for _, _, b in vs)])
        if len(ys) >= 2:
            grids.append(Grid(xs, ys, vs, page_no, [y for y, _, _ in hs]))
    return grids


def _lines(chars: list[Char], page_no: int = 0, page_size: tuple[float, float] = (0.0, 0.0)) -> list[TextLine]:
    """Characters grouped by baseline into lines, top to bottom."""
    lines: list[list[Char]] = []
    total = 0.0  # of the centres of the line being gathered, to compare each next character with its mean
    for c in sorted(chars, key=attrgetter("cy")):
        cy = c.cy
        if lines and abs(cy - total / len(lines[-1])) <= 0.45 * max(c.size, lines[-1][0].size):
            lines[-1].append(c)
            total += cy
        else:
            lines.append([c])
            total = cy
    return [_text_line(cs, page_no, page_size) for cs in lines]


def _join(chars: list[Char]) -> str:
    """Characters of one line left to right; a space only where a gap parts two Latin words or two figures."""
    out: list[str] = []
    for before, c in zip([None, *chars], chars, strict=False):
        if before is not None:
            gap = c.x0 - before.x1
            latin = before.text.isascii() and c.text.isascii()
            # Justified Chinese spreads its characters; only a gap as wide as a column parts two of them.
            if gap > 3 * c.size or (
                gap > 0.25 * c.size and (latin or (gap > 1.5 * c.size and (before.text.isascii() or c.text.isascii())))
            ):
                out.append(" ")
        out.append(c.text)
    return "".join(out)


def _cell_text(lines: list[TextLine]) -> str:
    """A cell's lines joined: wrapped Chinese and wrapped figures join without a space, Latin words with one."""
    text = ""
    for line in lines:
        if text and _LATIN.match(text[-1]) and _LATIN.match(line.text[0]):
            text += " "
        text += line.text
    return text


def _column_of(xs: list[float], x: float) -> int:
    return min(max(bisect.bisect_right(xs, x) - 1, 0), len(xs) - 2)


def _within_columns(line: TextLine, xs: list[float]) -> bool:
    """Whether the line keeps to these columns: inside the table, and no word across a column boundary."""
    if line.x0 < xs[0] - SNAP or line.x1 > xs[-1] + SNAP:
        return False
    for a, b in zip(line.chars, line.chars[1:], strict=False):
        if b.x0 - a.x1 < 0.5 * b.size and _column_of(xs, (a.x0 + a.x1) / 2) != _column_of(xs, (b.x0 + b.x1) / 2):
            return False
    return True


def _absorb_unruled_rows(grid: Grid, lines: list[TextLine]) -> list[TextLine]:
    """Take into the grid the row just below it and the one just above whose rules were not drawn.

    A row is the lines that follow one another from the grid's edge keeping to its columns (a code and
    its figures on one line, a name wrapped beside them on two); it is a row when, all together, it
    fills two columns or more and holds a figure.
    """
    remaining = sorted(lines, key=lambda t: t.top)
    for below in (True, False):
        edge = grid.ys[-1] if below else grid.ys[0]
        row: list[TextLine] = []
        for line in remaining if below else reversed(remaining):
            gap = line.top - edge if below else edge - line.bottom
            # Lines of one row overlap (a wrapped name beside figures centred on it): a negative gap.
            if gap < -line.size or gap > 0.8 * line.size or not _within_columns(line, grid.xs):
                if gap > 0.8 * line.size:
                    break
                continue
            row.append(line)
            edge = line.bottom if below else line.top
        chars = [c for line in row for c in line.chars]
        columns = {_column_of(grid.xs, (c.x0 + c.x1) / 2) for c in chars}
        if len(columns) < 2 or not any(_AMOUNT.fullmatch(part) for line in row for part in line.text.split()):
            continue
        grid.chars += chars
        if below:
            grid.ys.append(max(line.bottom for line in row) + 1)
        else:
            grid.ys.insert(0, min(line.top for line in row) - 1)
        remaining = [line for line in remaining if line not in row]
    return remaining


def _grid_rows(grid: Grid) -> list[tuple[str, ...]]:
    """The grid's cells row by row, merged cells in their first column."""
    bands: list[list[Char]] = [[] for _ in grid.ys[:-1]]
    for c in grid.chars:
        k = min(max(bisect.bisect_right(grid.ys, c.cy) - 1, 0), len(bands) - 1)
        bands[k].append(c)
    rows: list[tuple[str, ...]] = []
    for k, chars in enumerate(bands):
        if not chars:
            if _ruled(grid, grid.ys[k]) and _ruled(grid, grid.ys[k + 1]):  # an empty row, drawn: a row of blanks
                rows.append(("",) * (len(grid.xs) - 1))
            continue
        middle = (grid.ys[k] + grid.ys[k + 1]) / 2
        drawn = [x for x in grid.xs if _rule_at(grid, x, middle)]
        # A row taken in without its rules has the table's columns; a drawn row, those its rules part.
        inner = [x for x in grid.xs[1:-1] if x in drawn] if drawn else grid.xs[1:-1]
        bounds = [grid.xs[0], *inner, grid.xs[-1]]
        starts = [grid.xs.index(x) for x in bounds]

        def cells_of(part: list[Char], bounds=bounds, starts=starts) -> list[list[Char]]:
            cells: list[list[Char]] = [[] for _ in grid.xs[:-1]]
            for c in part:
                cells[starts[_column_of(bounds, (c.x0 + c.x1) / 2)]].append(c)
            return cells

        # A cell with figures on two lines holds two rows whose rule was not drawn; a name wrapped
        # beside one figure is one row.
        cell_lines = [_lines(cs) if cs else [] for cs in cells_of(chars)]
        if any(sum(1 for line in lines if _AMOUNT.fullmatch(line.text)) >= 2 for lines in cell_lines):
            for line in _lines(chars):
                rows.append(tuple(_cell_text(_lines(cs)) if cs else "" for cs in cells_of(line.chars)))
        else:
            rows.append(tuple(_cell_text(lines) for lines in cell_lines))
    return rows


def _ruled(grid: Grid, y: float) -> bool:
    return any(abs(r - y) <= SNAP for r in grid.ruled)


def _rule_at(grid: Grid, x: float, y: float) -> bool:
    return any(abs(vx - x) <= SNAP and top - SNAP <= y <= bottom + SNAP for vx, top, bottom in grid.verticals)


# --- the document ------------------------------------------------------------------------------------------


def _without_furniture(pages: list[list[TextLine | Grid]]) -> list[TextLine | Grid]:
    """Every page's blocks in order, without page numbers, running headers and footers."""
    repeated: Counter[str] = Counter()
    for blocks in pages:
        repeated.update({_DIGITS.sub("#", b.text) for b in blocks if isinstance(b, TextLine) and _in_margin(b)})
    running = {text for text, n in repeated.items() if n >= 3 and n >= len(pages) * 0.3}
    return [
        b
        for blocks in pages
        for b in blocks
        if not (
            isinstance(b, TextLine)
            and _in_margin(b)
            and (_PAGE_NUMBER.fullmatch(b.text) or _DIGITS.sub("#", b.text) in running)
        )
    ]


def _in_margin(line: TextLine) -> bool:
    height = line.page_size[1]
    return line.bottom < MARGIN_ZONE * height or line.top > (1 - MARGIN_ZONE) * height


def _across_pages(blocks: list[TextLine | Grid]) -> list[TextLine | Grid]:
    """A table's fragment on the next page without its repeated header rows, and a row that the page break
    cut in two joined again: the fragment's first row, when it only continues text of the row above."""
    out: list[TextLine | Grid] = []
    start: Grid | None = None  # the first fragment of the table going on
    for b in blocks:
        before = out[-1] if out else None
        if isinstance(b, Grid) and isinstance(before, Grid) and before.page < b.page and start is not None:
            rows = b.rows
            repeated = 0
            while repeated < min(len(rows), len(start.rows)) and rows[repeated] == start.rows[repeated]:
                repeated += 1
            rows = rows[repeated:]
            if rows and before.rows and len(rows[0]) == len(before.rows[-1]) and _continues(before.rows[-1], rows[0]):
                before.rows[-1] = tuple(a + c for a, c in zip(before.rows[-1], rows[0], strict=True))
                rows = rows[1:]
            b.rows = rows
            if not rows:
                continue
        elif isinstance(b, Grid):
            start = b
        else:
            start = None
        out.append(b)
    return out


def _continues(last: tuple[str, ...], first: tuple[str, ...]) -> bool:
    """Whether `first` is the rest of `last`, cut by the page break.

    Its text stands only in cells that `last` fills, and none of it is a value (a figure, a code, a
    target such as "≥1次": those stand whole in the first part); and either every piece is a short
    fragment ("出", "(万元)"), or it has no label of its own in the first column and carries on at most
    half of `last`'s cells — the long texts that wrapped. A row of labels or names under a row of
    headings is a row of its own.
    """
    filled = [k for k, c in enumerate(first) if c]
    if not filled or not all(last[k] for k in filled) or any(_VALUE.match(first[k]) for k in filled):
        return False
    fragments = all(len(first[k]) <= FRAGMENT for k in filled) and first[0] not in _ROW_LABELS
    return fragments or (not first[0] and 2 * len(filled) <= sum(1 for c in last if c))


def _paragraphs(blocks: list[TextLine | Grid]) -> list[TextLine | Grid]:
    """Narrative lines broken at the right margin joined back into their paragraphs, and wrapped titles.

    The margins are those of most long lines on pages of the same size; a line that starts at the left
    margin (or indented as a first line) and runs to the right one goes on in the next line, unless that
    one is indented (a new paragraph) or numbered ("1、", "（二）"). A title in a larger type than the
    body's, wrapped onto a second line of that type, is one line too.
    """
    texts = [b for b in blocks if isinstance(b, TextLine)]
    body = Counter(round(c.size) for b in texts for c in b.chars).most_common(1)[0][0] if texts else 0
    margins = {}
    for size in {b.page_size for b in texts}:
        long_lines = [b for b in texts if b.page_size == size and len(b.text) >= 10]
        margins[size] = (_percentile([b.x0 for b in long_lines], 0.1), _percentile([b.x1 for b in long_lines], 0.9))
    out: list[TextLine | Grid] = []
    for b in blocks:
        before = out[-1] if out else None
        if isinstance(b, TextLine) and isinstance(before, TextLine) and not _NUMBERED.match(b.text):
            left, right = margins[before.page_size]
            next_left, _ = margins[b.page_size]
            wrapped = (
                before.x0 <= left + 3 * before.size
                and before.x1 >= right - 1.5 * before.size
                and b.x0 <= next_left + 0.6 * b.size
            )
            title = (
                b.page == before.page
                and round(before.size) > body * 1.15
                and abs(b.size - before.size) < 0.5
                and b.top - before.bottom < before.size
            )
            if wrapped or title:
                space = " " if _LATIN.match(before.text[-1]) and _LATIN.match(b.text[0]) else ""
                out[-1] = replace(before, text=before.text + space + b.text, chars=before.chars + b.chars)
                continue
        out.append(b)
    return out


def _percentile(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    values = sorted(values)
    return values[min(len(values) - 1, int(q * len(values)))]


def _numbered(blocks: list[TextLine | Grid], pages: int) -> Iterator[Line | Row | Page]:
    """Number lines and rows through the document, and mark where each page starts."""
    number = 0
    page = 0
    previous = None
    for b in blocks:
        while page < b.page:
            page += 1
            yield Page(page, number + 1)
        if isinstance(b, Grid):
            if isinstance(previous, Grid) and previous.page == b.page:
                yield Line(number, "")  # two grids on one page are two tables
            for cells in b.rows:
                number += 1
                yield Row(number, cells)
        else:
            number += 1
            yield Line(number, b.text)
        previous = b
    while page < pages:
        page += 1
        yield Page(page, number + 1)
