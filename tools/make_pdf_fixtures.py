"""Build the PDF test fixtures in tests/fixtures/pdf/ from the bundled markdown report.

    python tools/make_pdf_fixtures.py            # with the project venv: .venv/bin/python

The PDFs are made the way departments make theirs: a Word document (python-docx, converted by
LibreOffice), an Excel workbook (openpyxl, converted by LibreOffice) and an HTML page printed by
headless Chromium; plus a few broken PDFs for the error paths. The outputs are committed, so the
test suite never needs LibreOffice or Chromium; this script is only for rebuilding them.

Dev-only requirements (not in requirements*.txt on purpose):
  * Python: python-docx (`.venv/bin/pip install python-docx`), openpyxl, pypdfium2, Pillow
  * Debian: libreoffice-writer libreoffice-calc fonts-noto-cjk chromium qpdf

Markdown handling (deliberately simple): lines starting with "|" are table rows (separator rows
like |---|---| skipped, blank rows kept as empty ruled rows), consecutive rows form one table;
every other non-blank line is one narrative paragraph. HTML tags in cells are stripped, with <br>
and </p><p> becoming line breaks inside the cell. Markdown markup that a real report would show
as formatting is rendered as such, not as characters: "**x**" is bold, a leading "- " list marker
is dropped. All other text is kept exactly.
"""

from __future__ import annotations

import html
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "data" / "raw" / "jilin-zwfw-szhjs-2023.md"
OUT = ROOT / "tests" / "fixtures" / "pdf"

CJK_SERIF = "Noto Serif CJK SC"  # what LibreOffice shows instead of 宋体 on a Debian box
CJK_SANS = "Noto Sans CJK SC"

_SEPARATOR_ROW = re.compile(r"^[\s:|]*-[\s:|-]*$")
_CELL_BREAK = re.compile(r"<br\s*/?>|</p>\s*<p[^>]*>", re.IGNORECASE)
_TAG = re.compile(r"</?[A-Za-z][^<>]*>")
_BOLD = re.compile(r"\*\*(.+?)\*\*")
_AMOUNT = re.compile(r"^-?(\d{1,3}(,\d{3})+|\d+)\.\d{2}$")
_DECIMAL = re.compile(r"^-?[\d,]*\d\.\d+$")  # right-aligned in Word and HTML, as reports do
_CAPTION = re.compile(r"(表|^公开\d+表|^单位[：:]|^部门[：:])")


# ---------------------------------------------------------------- markdown


def clean_cell(raw: str) -> str:
    text = _CELL_BREAK.sub("\n", raw.strip())
    text = _TAG.sub("", text)
    return "\n".join(part.strip() for part in text.split("\n") if part.strip())


def split_cells(line: str) -> list[str]:
    body = line.strip()
    if body.startswith("|"):
        body = body[1:]
    if body.endswith("|"):
        body = body[:-1]
    return [clean_cell(c) for c in body.split("|")]


def narrative_text(line: str) -> str:
    text = line.strip()
    if text.startswith("- "):
        text = text[2:].strip()
    return text


def runs(text: str) -> list[tuple[str, bool]]:
    """(text, bold) pieces of a narrative line: **x** is bold."""
    out: list[tuple[str, bool]] = []
    pos = 0
    for m in _BOLD.finditer(text):
        if m.start() > pos:
            out.append((text[pos : m.start()], False))
        out.append((m.group(1), True))
        pos = m.end()
    if pos < len(text):
        out.append((text[pos:], False))
    return out


def plain(text: str) -> str:
    return "".join(t for t, _ in runs(text))


def parse(md: str) -> list[tuple[str, object]]:
    """Blocks in order: ("p", line) or ("table", [[cell, ...], ...])."""
    blocks: list[tuple[str, object]] = []
    table: list[list[str]] | None = None
    for raw in md.split("\n"):
        line = raw.strip()
        if line.startswith("|"):
            if table is None:
                table = []
                blocks.append(("table", table))
            if "-" in line and _SEPARATOR_ROW.match(line):
                continue
            # Blank rows too: a report prints them as empty ruled rows (the 三公 table's row of no figures).
            table.append(split_cells(line))
            continue
        table = None
        if line:
            blocks.append(("p", narrative_text(line)))
    # pad ragged rows to the table's widest
    for kind, body in blocks:
        if kind == "table":
            width = max(len(r) for r in body)
            for r in body:
                r.extend([""] * (width - len(r)))
    return [(k, b) for k, b in blocks if k == "p" or b]


def captions(blocks, index: int) -> list[str]:
    """The caption lines (title, 公开0N表, 单位, 部门) right above the table at blocks[index]."""
    found: list[str] = []
    i = index - 1
    while i >= 0 and len(found) < 4:
        kind, body = blocks[i]
        if kind != "p" or len(body) > 40 or not _CAPTION.search(body):
            break
        found.insert(0, plain(body))
        i -= 1
    return found


def display_width(text: str) -> int:
    """Longest line of a cell in half-width units (CJK counts 2)."""
    best = 0
    for part in text.split("\n") or [""]:
        best = max(best, sum(2 if ord(ch) > 0x2E80 else 1 for ch in part))
    return best


def column_weights(rows: list[list[str]], cap: int = 28) -> list[float]:
    """Each column's wanted width in half-width units: its longest cell, capped at `cap`."""
    ncols = len(rows[0])
    widths = [4] * ncols
    for r in rows:
        for j, cell in enumerate(r):
            widths[j] = max(widths[j], min(cap, display_width(cell)))
    return [float(w) for w in widths]


def column_minimums(rows: list[list[str]]) -> list[float]:
    """Each column's width below which an amount or a short code would wrap (half-width units)."""
    ncols = len(rows[0])
    mins = [2] * ncols
    for r in rows:
        for j, cell in enumerate(r):
            if _AMOUNT.match(cell) or re.fullmatch(r"[\d.%,-]+", cell):
                mins[j] = max(mins[j], display_width(cell))
    return [float(m) for m in mins]


def fit_columns(rows: list[list[str]], total: float, unit: float, padding: float) -> list[float]:
    """Column widths summing to `total`: each gets its minimum, the rest shared by what it wants."""
    wants = column_weights(rows)
    mins = [max(m, 2.0) for m in column_minimums(rows)]
    wants = [max(w, m) for w, m in zip(wants, mins, strict=True)]
    base = [m * unit + padding for m in mins]
    spare = total - sum(base)
    if spare <= 0:  # cannot keep every amount on one line: plain proportion
        return [total * w / sum(wants) for w in wants]
    extra = [w - m for w, m in zip(wants, mins, strict=True)]
    if sum(extra) * unit <= spare:  # everything fits: share the slack by want
        full = [w * unit + padding for w in wants]
        return [total * f / sum(full) for f in full]
    return [b + spare * e / sum(extra) for b, e in zip(base, extra, strict=True)]


# ---------------------------------------------------------------- docx


def build_docx(blocks, path: Path, repeat_header: bool) -> None:
    from docx import Document
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt

    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    section.left_margin = section.right_margin = Cm(2.0)
    section.top_margin = section.bottom_margin = Cm(2.0)
    usable = section.page_width - section.left_margin - section.right_margin

    normal = doc.styles["Normal"]
    normal.font.name = CJK_SERIF
    normal.font.size = Pt(10.5)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), CJK_SERIF)
    normal.paragraph_format.space_after = Pt(4)

    for n, (kind, body) in enumerate(blocks):
        if kind == "p":
            para = doc.add_paragraph()
            for text, bold in runs(body):
                para.add_run(text).bold = bold
            continue
        rows = body
        ncols = len(rows[0])
        # 9 pt text: a half-width character is about 4.6 pt; cell margins 2 x 0.19 cm
        col_widths = [int(w) for w in fit_columns(rows, usable, Pt(4.7), Cm(0.4))]
        table = doc.add_table(rows=len(rows), cols=ncols)
        table.style = doc.styles["Table Grid"]
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        table.autofit = False
        for j, w in enumerate(col_widths):
            table.columns[j].width = w
        for i, (row, cells) in enumerate(zip(table.rows, rows, strict=True)):
            if i == 0 and repeat_header:
                tr_pr = row._tr.get_or_add_trPr()
                header = OxmlElement("w:tblHeader")
                header.set(qn("w:val"), "true")
                tr_pr.append(header)
            for j, (cell, text) in enumerate(zip(row.cells, cells, strict=True)):
                cell.width = col_widths[j]
                lines = text.split("\n") if text else [""]
                para = cell.paragraphs[0]
                for k, line in enumerate(lines):
                    if k:
                        para = cell.add_paragraph()
                    para.paragraph_format.space_after = Pt(0)
                    if _DECIMAL.match(text):
                        para.alignment = WD_ALIGN_PARAGRAPH.RIGHT
                    run = para.add_run(line)
                    run.font.size = Pt(9)
        # an empty paragraph after the table, as Word always leaves one between tables
        if n + 1 < len(blocks) and blocks[n + 1][0] == "table":
            doc.add_paragraph()
    doc.save(path)


# ---------------------------------------------------------------- xlsx


def build_xlsx(blocks, path: Path) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, Side
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.properties import PageSetupProperties

    thin = Side(style="thin", color="000000")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    wb = Workbook()
    wb.remove(wb.active)
    number = 0
    for index, (kind, rows) in enumerate(blocks):
        if kind != "table":
            continue
        number += 1
        caps = captions(blocks, index)
        titles = [c for c in caps if c.endswith("表") and not c.startswith("公开")]
        title = titles[-1] if titles else "表"
        ws = wb.create_sheet(f"{number:02d} {title}"[:31])
        ncols = len(rows[0])
        r = 1
        for cap in caps:
            cell = ws.cell(row=r, column=1, value=cap)
            if cap == title:
                cell.font = Font(name=CJK_SERIF, size=14, bold=True)
                ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=ncols)
                cell.alignment = Alignment(horizontal="center")
            else:
                cell.font = Font(name=CJK_SERIF, size=10)
            r += 1
        weights = column_weights(rows, cap=30)
        col_chars = [w * 1.1 + 2 for w in weights]
        for j, w in enumerate(col_chars, start=1):
            ws.column_dimensions[get_column_letter(j)].width = w
        for cells in rows:
            lines = 1
            for j, text in enumerate(cells, start=1):
                if _AMOUNT.match(text):
                    cell = ws.cell(row=r, column=j, value=float(text.replace(",", "")))
                    cell.number_format = "#,##0.00"
                    cell.alignment = Alignment(horizontal="right", vertical="center")
                else:
                    cell = ws.cell(row=r, column=j, value=text or None)
                    if text.startswith("="):  # a target such as "=0次" is text, not a formula
                        cell.data_type = "s"
                    cell.alignment = Alignment(wrap_text=True, vertical="center")
                    room = max(1.0, col_chars[j - 1] - 1.5)
                    lines = max(lines, sum(-(-display_width(part) // room) or 1 for part in text.split("\n")))
                cell.font = Font(name=CJK_SERIF, size=10)
                cell.border = border
            # what Excel's autofit would leave: openpyxl writes no heights and LibreOffice
            # then keeps every row one line high, wrapped text overflowing into the next
            ws.row_dimensions[r].height = 14.0 * lines + 2
            r += 1
        ws.page_setup.paperSize = ws.PAPERSIZE_A4
        wide = ncols >= 8 or sum(weights) > 110
        ws.page_setup.orientation = "landscape" if wide else "portrait"
        ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
        ws.print_options.horizontalCentered = True
        ws.page_margins.left = ws.page_margins.right = 0.5
    wb.save(path)


# ---------------------------------------------------------------- html


def build_html(blocks, path: Path) -> None:
    out = [
        "<!DOCTYPE html>",
        '<html lang="zh-CN"><head><meta charset="utf-8"><title>部门决算</title><style>',
        "@page { size: A4; margin: 15mm; }",
        f"body {{ font-family: '{CJK_SANS}', sans-serif; font-size: 10.5pt; line-height: 1.5; }}",
        "p { margin: 0 0 4pt 0; }",
        "table { border-collapse: collapse; width: 100%; margin: 4pt 0 10pt 0; font-size: 9pt; }",
        "td { border: 1px solid black; padding: 2px 4px; vertical-align: middle; }",
        "td.n { text-align: right; white-space: nowrap; }",
        "</style></head><body>",
    ]
    for kind, body in blocks:
        if kind == "p":
            parts = [f"<b>{html.escape(t)}</b>" if b else html.escape(t) for t, b in runs(body)]
            out.append(f"<p>{''.join(parts)}</p>")
            continue
        out.append("<table>")
        for cells in body:
            tds = "".join(
                ('<td class="n">' if _DECIMAL.match(c) else "<td>")
                + "<br>".join(html.escape(x) for x in c.split("\n"))
                + "</td>"
                for c in cells
            )
            out.append(f"<tr>{tds}</tr>")
        out.append("</table>")
    out.append("</body></html>")
    path.write_text("\n".join(out) + "\n", encoding="utf-8")


# ---------------------------------------------------------------- converters


def soffice_to_pdf(src: Path, work: Path) -> Path:
    profile = work / "lo-profile"
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(work),
            str(src),
        ],
        check=True,
        stdout=subprocess.DEVNULL,
        timeout=600,
    )
    pdf = work / (src.stem + ".pdf")
    if not pdf.exists():
        sys.exit(f"soffice made no PDF of {src}")
    return pdf


def chromium_to_pdf(src: Path, dest: Path, work: Path) -> None:
    subprocess.run(
        [
            "/usr/bin/chromium",
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-pdf-header-footer",
            f"--user-data-dir={work / 'chromium-profile'}",
            f"--print-to-pdf={dest}",
            src.as_uri(),
        ],
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        timeout=600,
    )
    if not dest.exists():
        sys.exit(f"chromium made no PDF of {src}")


# The row of 公开02表 (the first table listing it) after which the printed variant breaks the page, drawn with
# no rules, as is the
# first row of the next page: a table finder that relies on rules alone drops both.
UNRULED_BREAK = "2010350"


def build_print_html(blocks, path: Path) -> None:
    """The browser page again, for a print with running header and page numbers, and a table cut by a page
    break where neither the last row before it nor the first after it has its rules drawn."""
    build_html(blocks, path)
    text = path.read_text(encoding="utf-8")
    text = text.replace(
        "</style>",
        "tr.unruled td { border: none; }\ntr.break-after { break-after: page; }\n</style>",
    )
    rows = text.split("\n")
    at = next(i for i, r in enumerate(rows) if r.startswith("<tr><td>" + UNRULED_BREAK + "</td>"))
    rows[at] = rows[at].replace("<tr>", '<tr class="unruled break-after">', 1)
    rows[at + 1] = rows[at + 1].replace("<tr>", '<tr class="unruled">', 1)
    path.write_text("\n".join(rows), encoding="utf-8")


def print_with_furniture(src: Path, dest: Path) -> None:
    """Chromium's print as a browser's print dialog makes it: a running header and "- N -" at the foot."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox", "--disable-gpu"])
        page = browser.new_page()
        page.goto(src.as_uri())
        page.pdf(
            path=str(dest),
            format="A4",
            margin={"top": "22mm", "bottom": "20mm", "left": "15mm", "right": "15mm"},
            display_header_footer=True,
            header_template=(
                f'<div style="font-family:{CJK_SANS};font-size:9px;width:100%;text-align:center;">'
                "吉林省政务服务和数字化建设服务中心2023年度部门决算</div>"
            ),
            footer_template=(
                '<div style="font-size:10px;width:100%;text-align:center;">- <span class="pageNumber"></span> -</div>'
            ),
        )
        browser.close()


# The row of 公开03表 that starts a new page in the merged-continuation variant; from it on, each row's code
# and the empty column beside it are one merged cell, so the table's next fragment has a column fewer.
MERGED_FROM = "20137"


def build_merged_continuation_html(blocks, path: Path) -> None:
    """The cover and 公开03表 alone, its second fragment on a new page with one column boundary merged away."""
    title = next(i for i, (kind, body) in enumerate(blocks) if kind == "p" and body == "支出决算表")
    table = next(i for i in range(title, len(blocks)) if blocks[i][0] == "table")
    cover = [b for b in blocks[:6] if b[0] == "p"]
    build_html([*cover, *blocks[title:table], blocks[table]], path)
    text = path.read_text(encoding="utf-8").replace("</style>", "tr.new-page { break-before: page; }\n</style>")
    rows = text.split("\n")
    start = next(i for i, r in enumerate(rows) if r.startswith(f"<tr><td>{MERGED_FROM}</td>"))
    for i in range(start, len(rows)):
        if not rows[i].startswith("<tr><td>"):
            break
        rows[i] = rows[i].replace("<tr><td>", '<tr><td colspan="2">', 1).replace("</td><td></td>", "</td>", 1)
    rows[start] = rows[start].replace("<tr>", '<tr class="new-page">', 1)
    path.write_text("\n".join(rows), encoding="utf-8")


# ---------------------------------------------------------------- bad PDFs


def zero_pages_pdf() -> bytes:
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [] /Count 0 >>",
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for n, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % n + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def scan_pdf(source_pdf: Path, dest: Path, pages: list[int]) -> None:
    """Pages rendered to grey images and wrapped in a PDF: no text layer, like a scanner's."""
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(str(source_pdf))
    images = [doc[i].render(scale=1.25).to_pil().convert("L") for i in pages]
    doc.close()
    images[0].save(dest, "PDF", resolution=90.0, save_all=True, append_images=images[1:], quality=60)


def encrypted_pdf(blocks, dest: Path, work: Path) -> None:
    """The report's first table section as a one-page Word PDF, locked with user password "user"."""
    first = next(i for i, (kind, _) in enumerate(blocks) if kind == "table")
    src = work / "short.docx"
    build_docx(blocks[first - 6 : first + 4], src, repeat_header=False)  # 第二部分 … 公开01表 … notes
    short = soffice_to_pdf(src, work)
    subprocess.run(["qpdf", "--encrypt", "user", "owner", "256", "--", str(short), str(dest)], check=True)


# ---------------------------------------------------------------- main


def main() -> None:
    for tool in ("soffice", "qpdf"):
        if not shutil.which(tool):
            sys.exit(
                f"{tool} not found: apt-get install libreoffice-writer libreoffice-calc fonts-noto-cjk chromium qpdf"
            )
    blocks = parse(SOURCE.read_text(encoding="utf-8"))
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="pdf-fixtures-") as tmp:
        work = Path(tmp)
        for name, repeat in (("jilin-docx", False), ("jilin-docx-repeat-header", True)):
            src = work / f"{name}.docx"
            build_docx(blocks, src, repeat_header=repeat)
            shutil.copyfile(soffice_to_pdf(src, work), OUT / f"{name}.pdf")
        src = work / "jilin-xlsx.xlsx"
        build_xlsx(blocks, src)
        shutil.copyfile(soffice_to_pdf(src, work), OUT / "jilin-xlsx.pdf")
        src = work / "jilin-html.html"
        build_html(blocks, src)
        chromium_to_pdf(src, OUT / "jilin-html.pdf", work)
        src = work / "jilin-print.html"
        build_print_html(blocks, src)
        print_with_furniture(src, OUT / "jilin-print-furniture.pdf")
        src = work / "jilin-merged.html"
        build_merged_continuation_html(blocks, src)
        chromium_to_pdf(src, OUT / "jilin-merged-continuation.pdf", work)

        html_pdf = (OUT / "jilin-html.pdf").read_bytes()
        (OUT / "truncated.pdf").write_bytes(html_pdf[: len(html_pdf) * 40 // 100])
        (OUT / "zero-pages.pdf").write_bytes(zero_pages_pdf())
        encrypted_pdf(blocks, OUT / "encrypted.pdf", work)
        scan_pdf(OUT / "jilin-docx.pdf", OUT / "scan.pdf", pages=[3, 4])
    for f in sorted(OUT.glob("*.pdf")):
        print(f"{f.relative_to(ROOT)}  {f.stat().st_size:,} bytes")


if __name__ == "__main__":
    os.chdir(ROOT)
    main()
