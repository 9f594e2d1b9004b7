"""Build the spreadsheet and web-page fixtures in tests/fixtures/sheets/ from the bundled markdown report.

    python tools/make_sheet_fixtures.py            # with the project venv: .venv/bin/python

The files are made the way departments publish their tables: an Excel workbook (openpyxl, saved
again by LibreOffice so that its formula has the cached value Excel would have left), the same
workbook as .xls (LibreOffice), all tables stacked in one sheet, and a Word-exported web page in
GB18030. The outputs are committed, so the test suite never needs LibreOffice; this script is only
for rebuilding them. It reads the markdown as tools/make_pdf_fixtures.py does (same `parse`).

Dev-only requirements: openpyxl (pinned), and the Debian package libreoffice-calc.
"""

from __future__ import annotations

import html
import os
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_pdf_fixtures import (
    CJK_SERIF,
    ROOT,
    SOURCE,
    captions,
    column_weights,
    parse,
    plain,
    runs,
)

OUT = ROOT / "tests" / "fixtures" / "sheets"

# A figure the markdown prints with a decimal point: stored as a number, as a finance system exports it.
_NUMBER = re.compile(r"^-?(?:\d{1,3}(?:,\d{3})+|\d+)\.\d+$")
_RATE = re.compile(r"^\d+(?:\.\d+)?%$")
_PURE_NUMBER = re.compile(r"^[\d.,%-]+$")
_PERF_SPAN_DOWN = ("资金情况", "年度总体", "绩效指标")  # the perf form's row labels that span their block
_PERF_SPAN_RIGHT = ("项目名称", "实施单位")
_CJK = re.compile(r"([\u3000-\u303f\u4e00-\u9fff\uff00-\uffef“”‘’（）《》【】]+)")

# Rows that must never load: a hidden row in 公开03表 and a whole hidden sheet of an older draft.
JUNK_ROW = ["2019999", "", "隐藏行：不应载入", "99,999.99", "99,999.99", "", "", "", ""]
JUNK_SHEET_TITLE = "旧稿（隐藏）"
JUNK_SHEET = [
    ["支出决算表"],
    ["公开03表"],
    ["单位：万元"],
    ["科目代码", "科目名称", "本年支出合计", "基本支出", "项目支出"],
    ["201", "一般公共服务支出", "88,888.88", "88,888.88", ""],
    ["2010301", "行政运行", "88,888.88", "88,888.88", ""],
]


@dataclass
class Section:
    """One table of the report with the caption lines above it."""

    name: str  # the sheet it gets: its label (公开03表), or 绩效自评表NN
    captions: list[str]
    rows: list[list[str]]
    perf: bool
    # (row, column) → (rows, columns) the cell spans, for the merged header groups and the perf form's labels
    spans: dict[tuple[int, int], tuple[int, int]] = field(default_factory=dict)


def sections(blocks) -> list[Section]:
    out: list[Section] = []
    perf = 0
    for index, (kind, rows) in enumerate(blocks):
        if kind != "table":
            continue
        caps = captions(blocks, index)
        label = next((c for c in caps if re.fullmatch(r"公开\d+表", c)), None)
        is_perf = label is None
        if is_perf:
            perf += 1
        section = Section(label or f"绩效自评表{perf:02d}", caps, rows, is_perf)
        section.spans = perf_spans(rows) if is_perf else header_spans(rows)
        out.append(section)
    return out


def header_spans(rows: list[list[str]]) -> dict[tuple[int, int], tuple[int, int]]:
    """Header groups as a report merges them: a label followed by blank cells over the labels of the row below
    spans them; a label with a blank below it (in the header rows) spans down."""
    header = 0
    while header < len(rows) and any(rows[header]) and not any(_PURE_NUMBER.match(c) for c in rows[header] if c):
        header += 1
    spans: dict[tuple[int, int], tuple[int, int]] = {}
    covered: set[tuple[int, int]] = set()
    for i in range(header - 1):
        row, below = rows[i], rows[i + 1]
        for j, text in enumerate(row):
            if not text or (i, j) in covered:
                continue
            end = j
            while end + 1 < len(row) and not row[end + 1]:
                end += 1
            while end > j and not below[end]:
                end -= 1
            if end > j:
                spans[(i, j)] = (1, end - j + 1)
                covered.update((i, k) for k in range(j + 1, end + 1))
    for i in range(header - 1):
        for j, text in enumerate(rows[i]):
            if not text or (i, j) in covered or (i, j) in spans:
                continue
            down = i
            while down + 1 < header and not rows[down + 1][j] and (down + 1, j) not in covered:
                down += 1
            if down > i:
                spans[(i, j)] = (down - i + 1, 1)
                covered.update((k, j) for k in range(i + 1, down + 1))
    return spans


def perf_spans(rows: list[list[str]]) -> dict[tuple[int, int], tuple[int, int]]:
    """The perf form's merged cells: 资金情况 / 年度总体目标 / 绩效指标 down their blocks, the project's name and
    unit across the row."""
    spans: dict[tuple[int, int], tuple[int, int]] = {}
    for i, row in enumerate(rows):
        first = row[0].replace(" ", "")
        if first.startswith(_PERF_SPAN_DOWN):
            down = i
            while down + 1 < len(rows) and not rows[down + 1][0]:
                down += 1
            if down > i:
                spans[(i, 0)] = (down - i + 1, 1)
        if first in _PERF_SPAN_RIGHT and row[1] and not any(row[2:]):
            spans[(i, 1)] = (1, len(row) - 1)
    return spans


def rate_cells(rows: list[list[str]]) -> set[tuple[int, int]]:
    """The 执行率 figures of a perf table's funding block: (row, column)."""
    out: set[tuple[int, int]] = set()
    column = None
    for i, row in enumerate(rows):
        if "执行率" in row:
            column = row.index("执行率")
        elif column is not None and _RATE.match(row[column]):
            out.add((i, column))
        else:
            column = None
    return out


# ---------------------------------------------------------------- xlsx


def build_workbook(secs: list[Section], path: Path, one_sheet: bool) -> None:
    """One sheet per table (with a hidden junk row, a hidden junk sheet and a formula), or all in one sheet."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    wb.remove(wb.active)
    ws = wb.create_sheet("决算表") if one_sheet else None
    r = 1
    for section in secs:
        if not one_sheet:
            ws = wb.create_sheet(section.name)
            r = 1
        ncols = len(section.rows[0])
        for j, w in enumerate(column_weights(section.rows, cap=30), start=1):
            letter = get_column_letter(j)
            ws.column_dimensions[letter].width = max(ws.column_dimensions[letter].width or 0, w * 1.1 + 2)
        for cap in section.captions:
            cell = ws.cell(row=r, column=1, value=cap)
            cell.font = Font(name=CJK_SERIF, size=10)
            if cap.endswith("表") and not cap.startswith("公开"):
                cell.font = Font(name=CJK_SERIF, size=14, bold=True)
                cell.alignment = Alignment(horizontal="center")
                ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=ncols)
            r += 1
        rates = rate_cells(section.rows) if section.perf else set()
        junk_row = not one_sheet and section.name == "公开03表"
        at: list[int] = []  # the sheet row of each table row
        for i, cells in enumerate(section.rows):
            if junk_row and i == 3:  # after 合计: a draft's row, hidden
                write_row(ws, r, JUNK_ROW, set())
                ws.row_dimensions[r].hidden = True
                r += 1
            write_row(ws, r, cells, {j for k, j in rates if k == i})
            at.append(r)
            r += 1
        for (i, j), (down, across) in section.spans.items():
            ws.merge_cells(start_row=at[i], start_column=j + 1, end_row=at[i + down - 1], end_column=j + across)
        if junk_row:
            total_formula(ws, at, section.rows)
            junk = wb.create_sheet(JUNK_SHEET_TITLE)
            for k, cells in enumerate(JUNK_SHEET, start=1):
                write_row(junk, k, cells, set())
            junk.sheet_state = "hidden"
    wb.save(path)


def write_row(ws, r: int, cells: list[str], rates: set[int]) -> None:
    from openpyxl.styles import Alignment, Border, Font, Side

    thin = Side(style="thin", color="000000")
    for j, text in enumerate(cells, start=1):
        if j - 1 in rates:
            cell = ws.cell(row=r, column=j, value=float(Decimal(text[:-1]) / 100))
            cell.number_format = "0.00%"
            cell.alignment = Alignment(horizontal="right", vertical="center")
        elif _NUMBER.match(text):
            cell = ws.cell(row=r, column=j, value=float(text.replace(",", "")))
            cell.number_format = "#,##0.00"
            cell.alignment = Alignment(horizontal="right", vertical="center")
        else:
            cell = ws.cell(row=r, column=j, value=text or None)
            if text.startswith("="):  # a target such as "=0次" is text, not a formula
                cell.data_type = "s"
            cell.alignment = Alignment(wrap_text=True, vertical="center")
        cell.font = Font(name=CJK_SERIF, size=10)
        if len(cells) > 1:  # a table's cell, ruled; a caption line is not
            cell.border = Border(left=thin, right=thin, top=thin, bottom=thin)


def total_formula(ws, at: list[int], rows: list[list[str]]) -> None:
    """公开03表's 合计 of 本年支出合计 as the sum of its 类 rows: a formula, its value cached by LibreOffice."""
    total = next(i for i, row in enumerate(rows) if "合计" in row)
    column = 1 + next(j for j, c in enumerate(rows[total]) if _NUMBER.match(c))
    letter = chr(ord("A") + column - 1)
    classes = ",".join(f"{letter}{at[i]}" for i, row in enumerate(rows) if re.fullmatch(r"\d{3}", row[0]))
    ws.cell(row=at[total], column=column, value=f"=SUM({classes})")


# ---------------------------------------------------------------- Word-style HTML


def word_runs(text: str) -> str:
    """A paragraph's text in runs as Word writes them: CJK and Latin each in their own span."""
    out = []
    for part in _CJK.split(text):
        if not part:
            continue
        if _CJK.fullmatch(part):
            out.append(
                f"<span style='font-family:宋体;mso-ascii-font-family:\"Times New Roman\"'>{html.escape(part)}</span>"
            )
        else:
            out.append(f"<span lang=EN-US>{html.escape(part)}</span>")
    return "".join(out)


def word_paragraph(text: str, css: str = "MsoNormal") -> str:
    body = "".join(
        f"<b style='mso-bidi-font-weight:normal'>{word_runs(t)}</b>" if bold else word_runs(t) for t, bold in runs(text)
    )
    return f"<p class={css}>{body}<span lang=EN-US><o:p></o:p></span></p>"


def word_list_item(text: str) -> str:
    """A bulleted paragraph as Word writes it: the bullet is text in the Symbol font, shown to every browser."""
    return (
        "<p class=MsoListParagraph style='margin-left:21.0pt;text-indent:-21.0pt;mso-list:l0 level1 lfo1'>"
        "<![if !supportLists]><span lang=EN-US style='font-family:Symbol'><span style='mso-list:Ignore'>·"
        "<span style='font:7.0pt \"Times New Roman\"'>&nbsp; </span></span></span><![endif]>"
        f"{word_runs(text)}<span lang=EN-US><o:p></o:p></span></p>"
    )


def word_table(section: Section) -> str:
    covered = {
        (i + a, j + b)
        for (i, j), (down, across) in section.spans.items()
        for a in range(down)
        for b in range(across)
        if a or b
    }
    out = [
        "<div align=center>",
        "<table class=MsoNormalTable border=1 cellspacing=0 cellpadding=0\n style='border-collapse:collapse;"
        "border:none;mso-border-alt:solid windowtext .5pt;mso-yfti-tbllook:1184;mso-padding-alt:0cm 5.4pt 0cm 5.4pt'>",
    ]
    for i, cells in enumerate(section.rows):
        out.append(f" <tr style='mso-yfti-irow:{i};height:15.6pt'>")
        for j, text in enumerate(cells):
            if (i, j) in covered:
                continue
            down, across = section.spans.get((i, j), (1, 1))
            spans = (f" rowspan={down}" if down > 1 else "") + (f" colspan={across}" if across > 1 else "")
            paras = (
                "".join(
                    f"<p class=MsoNormal align={'right' if _NUMBER.match(line) else 'left'}>{word_runs(line)}"
                    "<span lang=EN-US><o:p></o:p></span></p>"
                    for line in text.split("\n")
                    if line
                )
                or "<p class=MsoNormal><span lang=EN-US><o:p>&nbsp;</o:p></span></p>"
            )
            out.append(
                f"  <td{spans} valign=top\n  style='border:solid windowtext 1.0pt;mso-border-alt:solid windowtext .5pt;"
                f"padding:0cm 5.4pt 0cm 5.4pt'>\n  {paras}\n  </td>"
            )
        out.append(" </tr>")
    out.append("</table>")
    out.append("</div>")
    return "\n".join(out)


def build_html(blocks, secs: list[Section], bulleted: list[bool], path: Path) -> None:
    """`bulleted`: for each paragraph, whether the markdown writes it as a list item ("- 一、部门职责")."""
    tables = iter(secs)
    bullets = iter(bulleted)
    out = [
        '<html xmlns:v="urn:schemas-microsoft-com:vml"\nxmlns:o="urn:schemas-microsoft-com:office:office"\n'
        'xmlns:w="urn:schemas-microsoft-com:office:word"\nxmlns="http://www.w3.org/TR/REC-html40">',
        "<head>",
        '<meta http-equiv=Content-Type content="text/html; charset=gb2312">',
        "<meta name=ProgId content=Word.Document>",
        '<meta name=Generator content="Microsoft Word 15">',
        "<title>2023年度吉林省政务服务和数字化建设服务中心部门决算</title>",
        "<!--[if gte mso 9]><xml>\n <o:DocumentProperties>\n  <o:Author>财务科</o:Author>\n"
        "  <o:Pages>25</o:Pages>\n </o:DocumentProperties>\n</xml><![endif]-->",
        "<style>\n<!--\n /* Style Definitions */\n p.MsoNormal, li.MsoNormal, div.MsoNormal\n"
        "\t{margin:0cm;text-align:justify;font-size:10.5pt;font-family:等线;}\n"
        "@page WordSection1\n\t{size:595.3pt 841.9pt;margin:72.0pt 90.0pt 72.0pt 90.0pt;}\n"
        "div.WordSection1\n\t{page:WordSection1;}\n-->\n</style>",
        "</head>",
        "<body lang=ZH-CN style='tab-interval:21.0pt;text-justify-trim:punctuation'>",
        "<div class=WordSection1 style='layout-grid:15.6pt'>",
    ]
    for kind, body in blocks:
        if kind == "table":
            out.append(word_table(next(tables)))
            out.append(word_paragraph(""))  # Word leaves an empty paragraph after every table
        elif next(bullets):
            out.append(word_list_item(plain(body)))
        else:
            out.append(word_paragraph(body))
    out += ["</div>", "</body>", "</html>"]
    path.write_bytes("\n".join(out).replace("\n", "\r\n").encode("gb18030"))


# ---------------------------------------------------------------- LibreOffice


def soffice(src: Path, to: str, outdir: Path, work: Path) -> Path:
    outdir.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{work / 'lo-profile'}",
            "--headless",
            "--convert-to",
            to,
            "--outdir",
            str(outdir),
            str(src),
        ],
        check=True,
        stdout=subprocess.DEVNULL,
        timeout=600,
    )
    made = outdir / f"{src.stem}.{to}"
    if not made.exists():
        sys.exit(f"soffice made no {to} of {src}")
    return made


def main() -> None:
    if not shutil.which("soffice"):
        sys.exit("soffice not found: apt-get install libreoffice-calc")
    markdown = SOURCE.read_text(encoding="utf-8")
    blocks = parse(markdown)
    secs = sections(blocks)
    # parse() keeps a paragraph for each non-blank line outside the tables, in order, without its "- "
    bulleted = [line.strip().startswith("- ") for line in markdown.split("\n") if line.strip()[:1] not in ("", "|")]
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="sheet-fixtures-") as tmp:
        work = Path(tmp)
        src = work / "jilin.xlsx"
        build_workbook(secs, src, one_sheet=False)
        # openpyxl writes a formula without its value; Excel and LibreOffice save the value they computed.
        saved = soffice(src, "xlsx", work / "saved", work)
        shutil.copyfile(saved, OUT / "jilin.xlsx")
        shutil.copyfile(soffice(saved, "xls", work / "xls", work), OUT / "jilin.xls")
    build_workbook(secs, OUT / "jilin-tables-in-one-sheet.xlsx", one_sheet=True)
    build_html(blocks, secs, bulleted, OUT / "jilin.html")
    for f in sorted(OUT.glob("jilin*")):
        print(f"{f.relative_to(ROOT)}  {f.stat().st_size:,} bytes")


if __name__ == "__main__":
    os.chdir(ROOT)
    main()
