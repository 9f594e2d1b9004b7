"""Spreadsheets: the bundled report's tables as a department's .xlsx and .xls attachments read exactly as its
markdown does, every cell as the sheet shows it; hidden rows and sheets never load; bad workbooks are refused
in one line naming the file."""

from __future__ import annotations

import dataclasses
import io
import zipfile
from decimal import Decimal

import duckdb
import openpyxl
import pytest
from conftest import ROOT, assert_refused_keeping_the_store, contents, table_parts

from etl.cli import main
from etl.document import NotAReport
from etl.ingest import Given, parse_file
from etl.model import TABLES
from etl.readers import read_document, xlsx
from etl.readers.xlsx import format_date, format_number

FIXTURES = ROOT / "tests" / "fixtures" / "sheets"
WORKBOOKS = ["jilin.xlsx", "jilin.xls", "jilin-tables-in-one-sheet.xlsx"]
# The sheets say the department (部门：…) but not the year, as a department's attachments do.
JILIN = Given("吉林省政务服务和数字化建设服务中心", 2023)
TABLE_PARTS = table_parts()
JUNK = {Decimal("99999.99"), Decimal("88888.88")}


@pytest.mark.parametrize("name", WORKBOOKS)
def test_a_workbook_of_the_report_holds_exactly_the_table_rows_of_its_markdown(bundled, name):
    parsed = parse_file(FIXTURES / name, JILIN)
    assert parsed.report.source_format == name.rsplit(".", 1)[1]
    assert parsed.report.department == "吉林省政务服务和数字化建设服务中心"
    for table in TABLE_PARTS:
        assert contents(parsed, table) == contents(bundled, table), table
    totals = {(t.item, t.column): t.amount for t in parsed.table_totals if t.source_table == "公开03表 支出决算表"}
    assert (totals[("合计", "total")], totals[("合计", "basic")], totals[("合计", "project")]) == (
        Decimal("42590.81"),
        Decimal("297.20"),
        Decimal("42293.61"),
    )
    assert len(parsed.perf_projects) == 14
    assert len(parsed.perf_indicators) == 86
    assert sum(p.executed for p in parsed.perf_projects) == Decimal("6411.44")
    rates = {p.project_name: p.execution_rate for p in parsed.perf_projects}
    assert rates["省政府网站集约化平台运维服务项目"] == Decimal("0.9911")  # a 0.00% cell holding 0.9911
    assert rates["吉林省电子政务外网服务项目"] == Decimal("0.9977")
    assert rates["12342营商环境监督投诉举报电话运营服务费"] == Decimal("1")


def test_a_cell_reads_as_its_number_format_shows_it():
    doc = read_document(FIXTURES / "jilin.xlsx")
    rows = {r.cells[0] or r.cells[1]: r.cells for t in doc.tables for r in t.rows if t.label == "公开02表"}
    assert rows["20137"][3:5] == ("468.90", "468.90")  # 468.9 under #,##0.00
    assert rows["201"][3] == "42,557.12"
    perf = next(t for t in doc.tables if t.kind == "perf" and any("电子政务外网" in c for r in t.rows for c in r.cells))
    funding = next(r.cells for r in perf.rows if r.cells[1] == "当年财政拨款")
    assert funding[2:6] == ("1,436.23", "1,436.23", "1,432.94", "99.77%")  # 0.9977 under 0.00%
    carried = next(r.cells for r in perf.rows if r.cells[1] == "上年结转资金")
    assert carried[2:6] == ("0.00", "0.00", "0.00", "0.00%")


@pytest.mark.parametrize(
    "value, number_format, shown",
    [
        (468.9, "#,##0.00", "468.90"),
        (0.9977, "0.00%", "99.77%"),
        (12.0, "General", "12"),
        (0.1 + 0.2, "General", "0.3"),  # 15 significant digits, as Excel shows it
        (2.675, "0.00", "2.68"),  # the float is 2.67499…; Excel rounds the decimal it shows
        (1234567, "#,##0", "1,234,567"),
        (-1234.5, "#,##0.00_);(#,##0.00)", "(1,234.50)"),
        (-3.2, "#,##0.00", "-3.20"),
        (0, '_ * #,##0.00_ ;_ * -#,##0.00_ ;_ * "-"??_ ;_ @_ ', "-"),  # 会计专用: zero is a dash
        (28861.938591, "0.000000", "28861.938591"),
        (5.48, '0.00"万元"', "5.48万元"),
        (1.5, "[$¥-804]#,##0.00", "¥1.50"),
        (45291, 'yyyy"年"m"月"d"日"', "2023年12月31日"),  # a serial day under a date format
        (-5, "0.00;;", ""),  # a section left empty hides the number
    ],
)
def test_number_formats_are_applied_as_excel_applies_them(value, number_format, shown):
    assert format_number(value, number_format) == shown


def test_a_date_cell_reads_as_its_format_shows_it():
    import datetime as dt

    assert format_date(dt.datetime(2023, 12, 31), 'yyyy"年"m"月"d"日"') == "2023年12月31日"
    assert format_date(dt.datetime(2023, 12, 31, 9, 5), "yyyy-mm-dd hh:mm") == "2023-12-31 09:05"
    assert format_date(dt.date(2023, 12, 31), "General") == "2023-12-31"


@pytest.mark.parametrize("name", ["jilin.xlsx", "jilin.xls"])
def test_hidden_rows_and_hidden_sheets_never_load(name):
    source = openpyxl.load_workbook(FIXTURES / "jilin.xlsx")
    assert source["旧稿（隐藏）"].sheet_state == "hidden"  # the fixture holds them, hidden
    assert source["公开03表"].row_dimensions[8].hidden and source["公开03表"]["A8"].value == "2019999"
    doc = read_document(FIXTURES / name)
    assert [s.name for s in doc.sheets][:4] == ["公开01表", "公开02表", "公开03表", "公开04表"]
    cells = {c for t in doc.tables for r in t.rows for c in r.cells}
    assert not cells & {"2019999", "99,999.99", "88,888.88", "隐藏行：不应载入"}
    parsed = parse_file(FIXTURES / name, JILIN)
    assert "2019999" not in {r.code for r in parsed.spending_by_function}
    rows = [r for t in TABLES if t != "reports" for r in getattr(parsed, t)]
    amounts = {v for r in rows for v in dataclasses.astuple(r) if isinstance(v, Decimal)}
    assert not amounts & JUNK


def test_a_formula_is_read_by_the_value_it_last_calculated():
    formulas = openpyxl.load_workbook(FIXTURES / "jilin.xlsx")["公开03表"]
    assert formulas["D7"].value == "=SUM(D9,D16,D19,D22)"
    doc = read_document(FIXTURES / "jilin.xlsx")
    total = next(r for t in doc.tables if t.label == "公开03表" for r in t.rows if "合计" in r.cells)
    assert total.cells[3] == "42,590.81"
    assert doc.cell_of(total.line) == "公开03表!A7"


def test_a_formula_saved_without_its_value_is_flagged_never_read_as_blank(tmp_path):
    book = openpyxl.load_workbook(FIXTURES / "jilin.xlsx")  # formulas kept: openpyxl saves them uncalculated
    book.save(saved := tmp_path / "saved-by-a-script.xlsx")
    parsed = parse_file(saved, JILIN)
    total = next(t for t in parsed.table_totals if t.of_table == "spending_by_function" and t.column == "total")
    assert (total.item, total.amount) == ("合计", None)
    finding = next(q for q in parsed.quality_checks if q.source_cell == "公开03表!A7")
    assert (finding.check, finding.severity, finding.actual) == ("unreadable_amount", "error", "=SUM(D9,D16,D19,D22)")
    assert "“=SUM(D9,D16,D19,D22)”是没有计算结果的公式（工作簿保存时未经计算）" in finding.message


def test_a_hidden_column_never_loads(tmp_path):
    book = openpyxl.load_workbook(FIXTURES / "jilin.xlsx")
    sheet = book["公开03表"]
    sheet["J11"] = 99999.99  # a working column beside the table, hidden
    sheet.column_dimensions["J"].hidden = True
    book.save(changed := tmp_path / "hidden-column.xlsx")
    spending = next(t for t in read_document(changed).tables if t.label == "公开03表")
    row = next(r for r in spending.rows if r.cells[0] == "2010302")
    assert row.cells == ("2010302", "", "一般行政管理事务", "1.35", "", "1.35", "", "", "")


def test_the_stacked_sheet_keeps_each_table_to_its_own_width():
    doc = read_document(FIXTURES / "jilin-tables-in-one-sheet.xlsx")
    assert [s.name for s in doc.sheets] == ["决算表"]
    widths = {t.label: {len(r.cells) for r in t.rows} for t in doc.tables if t.label}
    assert widths["公开01表"] == {6}
    assert widths["公开07表"] == {15}
    assert len(doc.tables) == 23


def test_a_workbook_line_names_its_sheet_and_row():
    doc = read_document(FIXTURES / "jilin.xlsx")
    spending = next(t for t in doc.tables if t.label == "公开03表")
    row = next(r for r in spending.rows if r.cells[0] == "2010302")
    assert doc.cell_of(row.line) == "公开03表!A11"  # counted past the hidden row 8
    assert doc.cell_of(doc.sheets[1].line) == "公开02表!A1"
    perf = [s for s in doc.sheets if s.name.startswith("绩效")]
    assert len(perf) == 14 and doc.cell_of(perf[0].line + 4) == "绩效自评表01!A5"


@pytest.mark.parametrize("name", ["jilin.xlsx", "jilin.xls"])
def test_every_row_of_a_workbook_names_the_sheet_and_cell_it_came_from(name):
    parsed = parse_file(FIXTURES / name, JILIN)
    spending = {r.code: r for r in parsed.spending_by_function}
    assert (spending["2010302"].source_cell, spending["2010302"].source_page) == ("公开03表!A11", None)
    assert spending["2210201"].source_cell == "公开03表!A24"
    assert {r.source_cell for r in parsed.summary_lines if r.item == "总计"} == {"公开01表!A24"}
    project = next(p for p in parsed.perf_projects if p.project_name == "吉林省电子政务外网服务项目")
    assert project.source_cell.startswith("绩效自评表02!A")
    rows = [r for t in TABLE_PARTS for r in getattr(parsed, t)]
    assert len(rows) > 300 and all(r.source_cell and "!A" in r.source_cell for r in rows)


def test_a_finding_on_a_workbook_cites_the_sheet_and_row(tmp_path):
    book = openpyxl.load_workbook(FIXTURES / "jilin.xlsx", data_only=True)
    assert book["公开03表"]["A11"].value == "2010302"
    book["公开03表"]["D11"] = 1.36  # its 基本 + 项目 is 1.35
    changed = tmp_path / "changed.xlsx"
    book.save(changed)
    finding = next(q for q in parse_file(changed, JILIN).quality_checks if q.check == "row_split")
    assert finding.source_cell == "公开03表!A11"
    assert finding.message.startswith("公开03表 支出决算表 工作表“公开03表”第 11 行：2010302 一般行政管理事务")
    assert finding.message_en.startswith("Expenditure table (No. 03), sheet “公开03表” row 11: ")


def test_a_text_format_names_no_cell(bundled):
    rows = [r for t in TABLES if t != "reports" for r in getattr(bundled, t)]
    assert {r.source_cell for r in rows} == {None}


def test_department_and_year_come_from_the_command_line_when_the_sheets_state_no_year(tmp_path, capsys):
    db, parquet = tmp_path / "w.duckdb", tmp_path / "parquet"
    path = FIXTURES / "jilin.xls"
    assert main(["ingest", str(path), "--db", str(db), "--parquet", str(parquet)]) == 1
    assert "找不到决算年度" in capsys.readouterr().err
    assert main(["ingest", str(path), "--db", str(db), "--parquet", str(parquet), "--year", "2023"]) == 0
    con = duckdb.connect(str(db), read_only=True)
    try:
        assert con.execute("SELECT department, year, source_format FROM reports").fetchall() == [
            ("吉林省政务服务和数字化建设服务中心", 2023, "xls")
        ]
        assert con.execute("SELECT count(*), sum(total) FROM spending_by_function WHERE level = '类'").fetchone() == (
            4,
            Decimal("42590.810000"),
        )
        assert con.execute(
            "SELECT source_cell, source_page FROM spending_by_function WHERE code = '2010302'"
        ).fetchone() == ("公开03表!A11", None)
    finally:
        con.close()


def test_the_format_is_told_by_content_whatever_the_name(tmp_path):
    for source, name, told in [("jilin.xlsx", "tables.xls", "xlsx"), ("jilin.xls", "tables.xlsx", "xls")]:
        for disguised in (tmp_path / name, tmp_path / "tables"):
            disguised.write_bytes((FIXTURES / source).read_bytes())
            assert read_document(disguised).source_format == told


def _empty_workbook() -> bytes:
    out = io.BytesIO()
    openpyxl.Workbook().save(out)
    return out.getvalue()


def _docx_like() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    return out.getvalue()


@pytest.mark.parametrize(
    "name, make, says",
    [
        ("truncated.xlsx", lambda: (FIXTURES / "jilin.xlsx").read_bytes()[:20000], "XLSX 文件已损坏或不完整"),
        ("not-ole.xls", lambda: "科目代码,科目名称\n201,一般公共服务支出\n".encode(), "不是 Excel 97–2003 工作簿"),
        ("truncated.xls", lambda: (FIXTURES / "jilin.xls").read_bytes()[:30000], "XLS 文件已损坏"),
        ("empty.xlsx", _empty_workbook, "工作簿是空的"),
        ("letter.xlsx", _docx_like, "不是 Excel 工作簿（没有 xl/ 部分）"),
    ],
)
def test_a_bad_workbook_is_refused_in_one_line_naming_it_and_nothing_is_stored(tmp_path, capsys, name, make, says):
    bad = tmp_path / name
    bad.write_bytes(make())
    assert_refused_keeping_the_store(tmp_path, capsys, bad, says, "--year", "2023")


@pytest.mark.parametrize("name", ["jilin.xlsx", "jilin.xls"])
def test_a_sheet_beyond_the_bounds_is_refused_naming_the_file_and_the_sheet(monkeypatch, name):
    monkeypatch.setattr(xlsx, "MAX_ROWS", 20)
    with pytest.raises(NotAReport, match=rf"{name}: 工作表“公开01表”有 24 行 × 6 列，超过上限（20 行"):
        read_document(FIXTURES / name)


def test_a_workbook_that_unpacks_beyond_the_bound_is_refused_before_it_is_read(monkeypatch):
    monkeypatch.setattr(xlsx, "MAX_UNPACKED_BYTES", 100_000)
    with pytest.raises(NotAReport, match=r"jilin.xlsx: XLSX 解压后有 \d+ MB（xl/.+ 一项就有"):
        read_document(FIXTURES / "jilin.xlsx")
