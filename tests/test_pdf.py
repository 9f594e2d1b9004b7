"""PDF reports: the bundled report exported by the tools departments use reads exactly as its markdown does,
a real published PDF (上海市普陀区财政局 2024) loads with every figure it prints, and bad PDFs are refused
in one line naming the file, with nothing stored."""

from __future__ import annotations

import re
from decimal import Decimal

import duckdb
import pytest
from conftest import BUNDLED, ROOT, assert_refused_keeping_the_store, contents, table_parts

from etl.cli import main
from etl.document import NotAReport
from etl.ingest import Given, parse_file
from etl.model import TABLES
from etl.readers import pdf, read_document

FIXTURES = ROOT / "tests" / "fixtures" / "pdf"
SHANGHAI = ROOT / "data" / "raw" / "shanghai-putuo-czj-2024.pdf"
JILIN = Given("吉林省政务服务和数字化建设服务中心", 2023)
TABLE_PARTS = table_parts()


@pytest.mark.parametrize(
    "name", ["jilin-docx.pdf", "jilin-docx-repeat-header.pdf", "jilin-html.pdf", "jilin-print-furniture.pdf"]
)
def test_a_pdf_of_the_whole_report_holds_exactly_the_rows_of_its_markdown(bundled, name):
    parsed = parse_file(FIXTURES / name)
    assert parsed.report.source_format == "pdf"
    for table in TABLES:
        if table in ("reports", "quality_checks"):
            continue
        assert contents(parsed, table) == contents(bundled, table), table
    checks = {(q.check, q.severity) for q in parsed.quality_checks}
    assert checks == {(q.check, q.severity) for q in bundled.quality_checks}
    total = next(
        r for r in parsed.table_totals if r.item == "合计" and r.column == "total" and "支出决算表" in r.source_table
    )
    assert total.amount == Decimal("42590.81")
    assert len(parsed.basic_spending_by_economic) == 81
    assert len(parsed.perf_projects) == 14
    assert sum(p.executed for p in parsed.perf_projects) == Decimal("6411.44")
    assert len(parsed.perf_indicators) == 86
    assert (parsed.procurement[0].total, parsed.procurement[0].sme_amount) == (Decimal("42198.47"), Decimal("1274.36"))


def test_page_furniture_is_dropped_and_rows_without_rules_are_kept():
    """A browser's print: a running header and "- N -" on every page, and 公开02表 cut by a page break between
    two rows drawn without rules (事业运行 at the foot of one page; the next row, its name wrapped, at the top
    of the next)."""
    doc = read_document(FIXTURES / "jilin-print-furniture.pdf")
    texts = [line.text for line in doc.lines]
    assert not [t for t in texts if re.fullmatch(r"-\s*\d+\s*-", t)]
    assert texts.count("吉林省政务服务和数字化建设服务中心2023年度部门决算") == 0
    income = {r.code: r for r in parse_file(FIXTURES / "jilin-print-furniture.pdf").income_by_function}
    assert (income["2010350"].name, income["2010350"].total) == ("事业运行", Decimal("45.84"))
    assert (income["2010399"].name, income["2010399"].total) == (
        "其他政府办公厅（室）及相关机构事务支出",
        Decimal("42041.03"),
    )
    assert income["2010350"].source_page + 1 == income["2010399"].source_page


def test_a_table_whose_next_page_has_a_column_fewer_reads_the_same(bundled):
    """公开03表 alone, its rows from 20137 on a new page where each code and the empty column beside it are one
    merged cell: the fragments differ in width, and each is read by its own columns."""
    parsed = parse_file(FIXTURES / "jilin-merged-continuation.pdf")
    doc = read_document(FIXTURES / "jilin-merged-continuation.pdf")
    (table,) = doc.tables_of("spending")
    assert {len(row.cells) for row in table.rows} == {8, 9}
    assert contents(parsed, "spending_by_function") == contents(bundled, "spending_by_function")
    totals = [t for t in contents(bundled, "table_totals") if ("of_table", "spending_by_function") in t]
    assert contents(parsed, "table_totals") == totals
    assert [q for q in parsed.quality_checks if q.severity != "info"] == []


def test_a_pdf_printed_from_a_workbook_holds_the_tables_of_the_markdown(bundled):
    parsed = parse_file(FIXTURES / "jilin-xlsx.pdf", JILIN)
    for table in TABLE_PARTS:
        assert contents(parsed, table) == contents(bundled, table), table


def test_the_11_33_yuan_slip_of_a_pdf_is_flagged_with_its_page(bundled):
    parsed = parse_file(FIXTURES / "jilin-docx.pdf")
    slip = next(r for r in parsed.budget_vs_final if r.stated_final_text == "11.33 元")
    assert slip.final == Decimal("11.33")
    doc = read_document(FIXTURES / "jilin-docx.pdf")
    assert slip.source_page == doc.page_of(slip.source_line)
    assert "11.33元" in doc.lines[[ln.number for ln in doc.lines].index(slip.source_line)].text
    finding = next(q for q in parsed.quality_checks if q.check == "unit_slip")
    assert finding.source_page == slip.source_page
    assert f"第 {slip.source_page} 页" in finding.message
    assert f"age {slip.source_page}" in finding.message_en


def test_every_row_of_a_pdf_names_the_page_it_was_printed_on():
    parsed = parse_file(SHANGHAI)
    rows = {r.code: r for r in parsed.spending_by_function}
    assert (rows["2010601"].source_page, rows["2210203"].source_page) == (10, 11)
    assert {r.source_page for r in parsed.summary_lines} == {6, 7}
    assert all(r.source_page for t in TABLES if t != "reports" for r in getattr(parsed, t))


@pytest.fixture(scope="module")
def shanghai():
    return parse_file(SHANGHAI)


def test_the_real_shanghai_pdf_loads_its_tables(shanghai):
    assert (shanghai.report.department, shanghai.report.year) == ("上海市普陀区财政局", 2024)
    summary = {(line.side, line.item): line.amount for line in shanghai.summary_lines}
    assert summary[("expense", "本年支出合计")] == Decimal("2940.05")
    assert summary[("income", "本年收入合计")] == Decimal("2946.25")
    assert summary[("income", "总计")] == summary[("expense", "总计")] == Decimal("2995.39")
    assert summary[("expense", "八、社会保障和就业支出")] == Decimal("326.71")
    expense = [item for side, item in summary if side == "expense" and item[0] in "一二三四五六七八九十"]
    assert len(expense) == 26
    spending = {r.code: r for r in shanghai.spending_by_function}
    assert len(spending) == 19
    assert (spending["201"].total, spending["201"].basic, spending["201"].project) == (
        Decimal("2106.66"),
        Decimal("1503.52"),
        Decimal("603.14"),
    )
    assert spending["2080505"].name == "机关事业单位基本养老保险缴费支出"  # wrapped onto two lines in the PDF
    assert spending["2080505"].total == Decimal("160.75")
    totals = {(t.item, t.column): t.amount for t in shanghai.table_totals if t.source_table == "支出决算表"}
    assert (totals[("合计", "basic")], totals[("合计", "project")]) == (Decimal("2336.91"), Decimal("603.14"))
    income = {r.code: r for r in shanghai.income_by_function}
    assert (income["2010602"].total, income["2010602"].other_income) == (Decimal("16.19"), Decimal("6.19"))
    gpb = {r.code: r for r in shanghai.gpb_spending_by_function}
    assert (gpb["2010601"].basic, gpb["2010601"].project, gpb["2010601"].personnel) == (
        Decimal("1503.52"),
        Decimal("8.37"),
        None,  # this layout has no 人员经费 / 公用经费 columns in 05表
    )
    economic = {r.code: r for r in shanghai.basic_spending_by_economic}
    assert economic["30101"].amount == Decimal("262.33")
    assert economic["30212"].name == "因公出国（境）费用"
    assert economic["31002"].amount == Decimal("13.58")
    economic_totals = {t.item: t.amount for t in shanghai.table_totals if t.column in ("personnel", "public_costs")}
    assert economic_totals == {"人员经费合计": Decimal("2152.26"), "公用经费合计": Decimal("184.65")}
    three = {c.item: (c.budget, c.final) for c in shanghai.three_public_costs}
    assert three["合计"] == (Decimal("0.95"), Decimal("0"))
    assert three["公务接待费"] == (Decimal("0.95"), Decimal("0"))
    assert three["因公出国（境）费"] == (Decimal("0"), Decimal("0"))


def test_the_real_shanghai_pdf_loads_its_narrative(shanghai):
    procurement = shanghai.procurement[0]
    assert (procurement.total, procurement.goods, procurement.works, procurement.services) == (
        Decimal("251.25"),
        Decimal("4.79"),
        Decimal("0"),
        Decimal("246.47"),
    )
    assert (procurement.sme_reserved_amount, procurement.sme_other_amount) == (Decimal("246.47"), Decimal("4.79"))
    assert procurement.sme_amount == Decimal("251.26")
    assert procurement.sme_reserved_budget == Decimal("246.47")
    facts = {f.topic: f.value for f in shanghai.narrative_facts}
    assert facts["three_public_total_budget"] == Decimal("0.95")
    assert facts["three_public_total_final"] == Decimal("0.00")
    assert (facts["gpb_personnel"], facts["gpb_public_costs"]) == (Decimal("2152.26"), Decimal("184.65"))
    assert facts["admin_costs"] == Decimal("184.65")
    budget = {r.name: r for r in shanghai.budget_vs_final}
    assert len(budget) == 11
    assert (budget["行政运行"].initial_budget, budget["行政运行"].final) == (Decimal("1560.05"), Decimal("1511.89"))


def test_the_real_shanghai_pdf_has_its_own_slips_flagged(shanghai):
    by_check = {}
    for q in shanghai.quality_checks:
        by_check.setdefault(q.check, []).append(q)
    fiscal = next(q for q in by_check["narrative_total"] if "财政拨款" in q.message)
    assert fiscal.severity == "error"
    assert (fiscal.actual, fiscal.expected) == ("0.30 万元", "2,961.68 万元")
    assert fiscal.source_page == 21 and "第 21 页" in fiscal.message
    slip = next(q for q in by_check["cross_table_total"] if "326.71" in q.message)
    assert "326.72" in slip.message and slip.source_page == 6


@pytest.mark.parametrize(
    "name, says",
    [
        ("encrypted.pdf", "PDF 设有密码保护"),
        ("scan.pdf", "没有文字层（是扫描件或图片），暂不支持读取扫描件"),
        ("zero-pages.pdf", "PDF 没有任何页面"),
        ("truncated.pdf", "PDF 文件已损坏或不完整"),
    ],
)
def test_a_bad_pdf_is_refused_in_one_line_naming_it_and_nothing_is_stored(tmp_path, capsys, name, says):
    assert_refused_keeping_the_store(tmp_path, capsys, FIXTURES / name, says)


def test_a_pdf_over_the_page_limit_is_refused_before_it_is_read(monkeypatch):
    monkeypatch.setattr(pdf, "MAX_PAGES", 10)
    with pytest.raises(NotAReport, match=r"PDF 有 25 页，超过上限 10 页"):
        read_document(SHANGHAI)


def test_the_page_limit_is_a_setting(tmp_path):
    import subprocess
    import sys

    env = {"OPENJUESUAN_MAX_PDF_PAGES": "24", "PATH": "/usr/bin:/bin"}
    args = ["ingest", str(SHANGHAI), "--db", str(tmp_path / "w.duckdb"), "--parquet", str(tmp_path / "pq")]
    done = subprocess.run([sys.executable, "-m", "etl", *args], cwd=ROOT, env=env, capture_output=True, text=True)
    assert done.returncode == 1
    assert "PDF 有 25 页，超过上限 24 页" in done.stderr


def test_the_format_is_told_by_content_not_by_suffix(tmp_path):
    disguised = tmp_path / "report.md"
    disguised.write_bytes(SHANGHAI.read_bytes())
    assert read_document(disguised).source_format == "pdf"


def test_a_folder_is_searched_for_pdfs_and_a_changed_parser_reparses_them(tmp_path, capsys, monkeypatch):
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / SHANGHAI.name).write_bytes(SHANGHAI.read_bytes())
    (raw / BUNDLED.name).write_bytes(BUNDLED.read_bytes())
    db, parquet = tmp_path / "w.duckdb", tmp_path / "parquet"
    args = ["ingest", str(raw), "--db", str(db), "--parquet", str(parquet)]
    assert main(args) == 0
    con = duckdb.connect(str(db), read_only=True)
    rows = con.execute("SELECT * FROM spending_by_function ORDER BY ALL").fetchall()
    assert {f for (f,) in con.execute("SELECT source_format FROM reports").fetchall()} == {"md", "pdf"}
    con.close()
    capsys.readouterr()
    assert main(args) == 0
    assert "载入 0 份，未改变跳过 2 份" in capsys.readouterr().out

    import etl.ingest

    monkeypatch.setattr(etl.ingest, "PARSER_VERSION", etl.ingest.PARSER_VERSION + 1)
    monkeypatch.setattr("etl.parse.PARSER_VERSION", etl.ingest.PARSER_VERSION)
    assert main(args) == 0
    out = capsys.readouterr().out
    assert "载入 2 份" in out and "其中 2 份此前由旧版解析器载入" in out
    con = duckdb.connect(str(db), read_only=True)
    assert con.execute("SELECT * FROM spending_by_function ORDER BY ALL").fetchall() == rows
    assert {v for (v,) in con.execute("SELECT parser_version FROM reports").fetchall()} == {etl.ingest.PARSER_VERSION}
    con.close()


def test_department_and_year_come_from_the_command_line_when_the_file_states_neither(tmp_path, capsys):
    db, parquet = tmp_path / "w.duckdb", tmp_path / "parquet"
    assert main(["ingest", str(FIXTURES / "jilin-xlsx.pdf"), "--db", str(db), "--parquet", str(parquet)]) == 1
    assert "找不到决算年度" in capsys.readouterr().err
    args = ["--department", JILIN.department, "--year", str(JILIN.year)]
    assert main(["ingest", str(FIXTURES / "jilin-xlsx.pdf"), "--db", str(db), "--parquet", str(parquet), *args]) == 0
    con = duckdb.connect(str(db), read_only=True)
    assert con.execute("SELECT department, year, source_format FROM reports").fetchall() == [
        (JILIN.department, 2023, "pdf")
    ]
    con.close()


def test_the_page_of_a_line_is_found_by_bisection():
    doc = read_document(SHANGHAI)
    assert len(doc.page_starts) == 25
    assert doc.page_of(doc.page_starts[9]) == 10
    assert doc.page_of(doc.page_starts[9] - 1) == 9


@pytest.mark.parametrize(
    "rotation, corner, shown",
    [
        (0, (0, 0), (0, 842)),  # the unrotated page's bottom left is seen at the bottom left
        (90, (0, 0), (0, 0)),  # turned clockwise: it is seen at the top left
        (180, (0, 0), (595, 0)),
        (270, (595, 842), (0, 0)),  # turned counter-clockwise: the top right is seen at the top left
    ],
)
def test_a_rotated_page_is_read_as_it_is_seen(rotation, corner, shown):
    assert pdf._turn(rotation, 595, 842)(*corner) == shown
