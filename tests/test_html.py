"""Web pages and plain text: the bundled report as Word saves it for the web reads exactly as its markdown does,
in whatever charset; page furniture and hidden spam never reach the figures; a flattened table, an MHTML archive,
mojibake and junk never crash the reader nor become figures."""

from __future__ import annotations

import codecs
import dataclasses
import quopri
from decimal import Decimal

import pytest
from conftest import BUNDLED, ROOT, contents

from etl.document import Line, NotAReport, Row
from etl.ingest import parse_file
from etl.model import TABLES
from etl.readers import format_of, html, read_document
from etl.readers.txt import decode

PAGE = ROOT / "tests" / "fixtures" / "sheets" / "jilin.html"
META = b'<meta http-equiv=Content-Type content="text/html; charset=gb2312">'


def same_rows(parsed, bundled) -> None:
    for table in TABLES:
        if table not in ("reports", "quality_checks"):
            assert contents(parsed, table) == contents(bundled, table), table
    assert {(q.check, q.severity) for q in parsed.quality_checks} == {
        (q.check, q.severity) for q in bundled.quality_checks
    }


def amounts(parsed) -> set[Decimal]:
    rows = [r for t in TABLES if t != "reports" for r in getattr(parsed, t)]
    return {v for r in rows for v in dataclasses.astuple(r) if isinstance(v, Decimal)}


def items(page: str) -> list:
    return list(html.read(page.encode("utf-8"), "page.html"))


def test_the_word_page_of_the_report_holds_exactly_the_rows_of_its_markdown(bundled):
    parsed = parse_file(PAGE)
    assert parsed.report.source_format == "html"
    assert (parsed.report.department, parsed.report.year) == ("吉林省政务服务和数字化建设服务中心", 2023)
    same_rows(parsed, bundled)
    spending = {r.code: r for r in parsed.spending_by_function}
    assert sum(r.total for r in spending.values() if r.level == "类") == Decimal("42590.81")
    assert (spending["201"].basic, spending["201"].project) == (Decimal("263.51"), Decimal("42293.61"))
    assert len(parsed.perf_indicators) == 86
    rates = {p.project_name: p.execution_rate for p in parsed.perf_projects}
    assert rates["省政府网站集约化平台运维服务项目"] == Decimal("0.9911")
    procurement = parsed.procurement[0]
    assert (procurement.total, procurement.sme_amount) == (Decimal("42198.47"), Decimal("1274.36"))


def test_a_page_line_cites_the_line_of_the_file():
    parsed = parse_file(PAGE)
    slip = next(r for r in parsed.budget_vs_final if r.stated_final_text == "11.33 元")
    source = PAGE.read_bytes().decode("gb18030").split("\r\n")
    assert "支出决算为" in source[slip.source_line - 1] and "11.33" in source[slip.source_line - 1]
    finding = next(q for q in parsed.quality_checks if q.check == "unit_slip")
    assert f"第 {slip.source_line} 行" in finding.message


def test_a_gbk_page_without_a_charset_is_read_by_its_bytes(bundled, tmp_path):
    data = PAGE.read_bytes()
    assert META in data
    page = tmp_path / "page.html"
    page.write_bytes(data.replace(META, b""))
    same_rows(parse_file(page), bundled)


@pytest.mark.parametrize(
    "data, declared, text",
    [
        ("决算".encode("gbk"), "gb2312", "决算"),
        ("决算".encode("gbk"), None, "决算"),
        ("萬元決算".encode("big5"), "big5", "萬元決算"),  # a traditional-character mirror
        ("决算报告".encode("gbk"), "iso-8859-1", "决算报告"),  # a server's default, not the page's
        (codecs.BOM_UTF8 + "决算".encode(), "gbk", "决算"),
        (codecs.BOM_UTF16_LE + "决算".encode("utf-16-le"), None, "决算"),
        ("部门决算".encode() * 50 + b"\xff", "gbk", "部门决算" * 50 + "\ufffd"),  # one damaged byte of UTF-8
    ],
)
def test_the_charset_is_told_by_mark_declaration_or_bytes(data, declared, text):
    assert decode(data, declared) == text


def test_a_page_saved_as_txt_is_read_as_a_page(bundled, tmp_path):
    page = tmp_path / "jilin.txt"
    page.write_bytes(PAGE.read_bytes())
    parsed = parse_file(page)
    assert parsed.report.source_format == "html"
    same_rows(parsed, bundled)
    assert format_of(b"<table><tr><td>x</td></tr></table>", "notes.md").name == "md"  # markdown may hold HTML
    assert format_of(b"\xef\xbb\xbf  <!DOCTYPE html><html>", "page").name == "html"
    assert format_of(b"<html><body><table>", "tables.xls").name == "html"  # Excel's "web page" export


@pytest.mark.parametrize("encoding", ["utf-8", "gbk"])
def test_plain_text_reads_its_lines_and_pipe_tables(bundled, tmp_path, encoding):
    text = tmp_path / "jilin.txt"
    text.write_bytes(BUNDLED.read_text(encoding="utf-8").encode(encoding))
    parsed = parse_file(text)
    assert parsed.report.source_format == "txt"
    same_rows(parsed, bundled)


def test_plain_text_reads_tables_as_a_browser_copies_them_a_tab_between_cells(bundled, tmp_path):
    tabbed = []
    for line in BUNDLED.read_text(encoding="utf-8").split("\n"):
        if not line.startswith("|"):
            tabbed.append(line)
        elif "-" not in line or not set(line) <= set("|-: "):  # a browser copies no separator row
            tabbed.append("\t".join(cell.strip() for cell in line.strip().strip("|").split("|")))
    text = tmp_path / "jilin.txt"
    text.write_text("\n".join(tabbed), encoding="utf-8")
    parsed = parse_file(text)
    assert parsed.report.source_format == "txt"
    same_rows(parsed, bundled)


def test_tabs_that_indent_a_paragraph_do_not_make_it_a_row():
    from etl.readers.txt import items as text_items

    assert list(text_items("\t\t本部门认真落实各项工作。\n合计\t\t\t\n\t")) == [
        Line(1, "本部门认真落实各项工作。"),
        Row(2, ("合计", "", "", "")),
        Line(3, ""),
    ]


def test_rowspan_and_colspan_leave_the_covered_cells_blank():
    got = items(
        "<table>\n<tr><td rowspan=2>科目</td><td colspan=2>本年支出</td></tr>\n<tr><td>基本</td><td>项目</td></tr>\n"
        "<tr><td>201</td><td>1.00</td><td>0.00</td></tr>\n<tr><td colspan=3 rowspan=0>注</td></tr>\n</table>"
    )
    assert got == [
        Row(2, ("科目", "本年支出", "")),
        Row(3, ("", "基本", "项目")),
        Row(4, ("201", "1.00", "0.00")),  # "0.00" stays as printed
        Row(5, ("注", "", "")),
        Line(5, ""),
    ]


def test_a_long_rowspan_covers_every_row_below_it():
    page = "<table><tr><td rowspan=5000>类</td><td>1</td></tr>" + "<tr><td>2</td></tr>" * 1500 + "</table>"
    rows = [item for item in items(page) if type(item) is Row]
    assert (len(rows), rows[0].cells, rows[-1].cells) == (1501, ("类", "1"), ("", "2"))


def test_furniture_scripts_and_hidden_text_are_dropped():
    got = items(
        "<html><head><title>决算公开</title><style>p {color: red}</style><script>var t = '99.99';</script></head>\n"
        "<body><div class='top-nav'>首页 信息公开</div><nav>导航</nav><header>网站头部</header>\n"
        "<div class=breadcrumb>当前位置：首页</div>\n"
        "<article><header><h1>支出决算表</h1></header>\n<p>单位：万元</p>\n"
        "<table><tr><td>合计</td><td>42,590.81<span style='display: none'>博彩 88,888.88</span></td></tr></table>\n"
        "<p>正文<br>第二行<span hidden>隐藏</span></p></article>\n"
        "<footer>版权所有</footer><form><select><option>选项</option></select></form></body></html>"
    )
    assert got == [
        Line(1, "决算公开"),
        Line(4, "支出决算表"),
        Line(5, "单位：万元"),
        Row(6, ("合计", "42,590.81")),
        Line(6, ""),
        Line(7, "正文"),
        Line(7, "第二行"),
    ]


def test_a_layout_table_is_read_as_blocks_and_the_table_inside_it_as_a_table():
    got = items(
        "<table><tr><td><p>一、收入支出决算总体情况说明</p><p>收、支总计均为 42590.81 万元。</p>\n"
        "<table><tr><td>项目</td><td>金额</td></tr></table></td></tr></table>"
    )
    assert got == [
        Line(1, "一、收入支出决算总体情况说明"),
        Line(1, "收、支总计均为 42590.81 万元。"),
        Row(2, ("项目", "金额")),
        Line(2, ""),
        Line(2, ""),
    ]


def test_a_table_flattened_into_paragraphs_gives_narrative_lines_not_figures(bundled, tmp_path):
    doc = read_document(BUNDLED)
    summary = next(t for t in doc.tables if t.label == "公开01表")
    spending = next(t for t in doc.tables if t.label == "公开03表")
    income = next(t for t in doc.tables if t.label == "公开02表")
    rows = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in r.cells) + "</tr>\n" for r in summary.rows)
    per_cell = "".join(f"<p>{c}</p>\n" for r in spending.rows for c in r.cells if c)
    per_row = "".join(f"<p>{' '.join(c for c in r.cells if c)}</p>\n" for r in income.rows)
    page = tmp_path / "page.html"
    page.write_text(
        "<html><head><meta charset='utf-8'></head><body><h1>吉林省政务服务和数字化建设服务中心2023年度部门决算</h1>\n"
        f"<p>收入支出决算总表</p><p>公开01表</p><p>单位：万元</p><table>{rows}</table>\n"
        f"<p>支出决算表</p><p>公开03表</p><p>单位：万元</p>\n{per_cell}"
        f"<p>收入决算表</p><p>公开02表</p><p>单位：万元</p>\n{per_row}</body></html>",
        encoding="utf-8",
    )
    parsed = parse_file(page)
    assert contents(parsed, "summary_lines") == contents(bundled, "summary_lines")
    assert (parsed.spending_by_function, parsed.income_by_function) == ([], [])
    assert (parsed.narrative_facts, parsed.budget_vs_final, parsed.procurement) == ([], [], [])
    assert "42,041.03" in {line.text for line in read_document(page).lines}


def _mhtml(page: bytes) -> bytes:
    boundary = "----MultipartBoundary--fGzPqW----"
    head = (
        "From: <Saved by Blink>\r\nSnapshot-Content-Location: http://www.jl.gov.cn/zw/jsjf/bmjs/\r\n"
        "Subject: =?utf-8?Q?=E9=83=A8=E9=97=A8=E5=86=B3=E7=AE=97?=\r\nMIME-Version: 1.0\r\n"
        f'Content-Type: multipart/related;\r\n\ttype="text/html";\r\n\tboundary="{boundary}"\r\n\r\n\r\n'
        f"--{boundary}\r\nContent-Type: text/html; charset=gb2312\r\nContent-ID: <frame-1@mhtml.blink>\r\n"
        "Content-Transfer-Encoding: quoted-printable\r\nContent-Location: http://www.jl.gov.cn/zw/jsjf/bmjs/\r\n\r\n"
    )
    tail = f"\r\n--{boundary}\r\nContent-Type: image/png\r\nContent-Transfer-Encoding: base64\r\n\r\niVBORw0KGgo=\r\n"
    return head.encode() + quopri.encodestring(page) + f"{tail}--{boundary}--\r\n".encode()


def test_an_mhtml_archive_is_read_as_the_page_it_holds(bundled, tmp_path):
    archive = tmp_path / "jilin.html"
    archive.write_bytes(_mhtml(PAGE.read_bytes()))
    same_rows(parse_file(archive), bundled)
    archive.write_bytes(_mhtml(b"")[: -len(b"--\r\n")].replace(b"text/html", b"text/plain"))
    with pytest.raises(NotAReport, match="MHTML 网页存档，但其中没有 HTML 页面"):
        read_document(archive)


def test_spam_in_cells_never_becomes_a_figure(bundled, tmp_path):
    text = PAGE.read_bytes().decode("gb18030")
    hidden = text.replace(">42,590.81<", ">42,590.81<span style='display:none'>澳门博彩 88,888.88</span><", 1)
    visible = text.replace(">468.9<", ">468.9<a href='http://spam.example'> 博彩 77,777.77</a><", 1)
    assert hidden != text and visible != text
    page = tmp_path / "page.html"
    page.write_bytes(hidden.encode("gb18030"))
    same_rows(parse_file(page), bundled)
    page.write_bytes(visible.encode("gb18030"))
    parsed = parse_file(page)
    assert not amounts(parsed) & {Decimal("77777.77"), Decimal("468.977777"), Decimal("468977777.77")}
    income = {r.code: r.total for r in parsed.income_by_function}
    assert (income["20137"], income["2013799"]) == (None, Decimal("468.9"))
    assert any("“468.9 博彩 77,777.77”不是可确认的数字" in q.message for q in parsed.quality_checks)


@pytest.mark.parametrize(
    "make",
    [
        # UTF-8 bytes taken for Latin-1 and saved again as UTF-8: every Chinese character is two or three junk ones
        lambda page: page.decode("gb18030").encode("utf-8").decode("latin-1").encode("utf-8"),
        lambda page: bytes(range(256)) * 40,
        lambda page: b"",
        lambda page: b"<html><body>" + b"<div>" * 5000 + "决算".encode() + b"</div>" * 5000 + b"</body></html>",
    ],
    ids=["mojibake", "binary", "empty", "deep"],
)
def test_a_broken_page_is_refused_in_one_line_without_figures(tmp_path, make):
    page = tmp_path / "page.html"
    page.write_bytes(make(PAGE.read_bytes()))
    with pytest.raises(NotAReport) as refused:
        parse_file(page)
    assert str(refused.value).startswith(f"{page}: ") and "\n" not in str(refused.value)


def test_a_table_beyond_the_bound_is_refused_naming_its_line(monkeypatch):
    monkeypatch.setattr(html, "MAX_TABLE_CELLS", 1000)
    page = "<p>支出决算表</p>\n\n<table><tr><td>x</td><td colspan=1000 rowspan=65534>y</td></tr>" + "<tr></tr>" * 5
    with pytest.raises(NotAReport, match=r"page.html: 第 3 行的表格超过 1000 个单元格"):
        items(page + "</table>")
